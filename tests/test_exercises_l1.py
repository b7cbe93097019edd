"""Lesson 1's exercise bank (exercises/l1_coalition_coordination.yaml) agrees with the library.

Every numeric answer and every function test case is recomputed from sanclab.models, so no
answer is a hand-typed guess. The rules every bank follows (shape, check calls, verbatim
quotations, solutions passing their own checker) are in tests/test_exercise_banks.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.exercises import expected_cases, load_bank, reset_hints
from sanclab.models import ParticipationGame, effectiveness, required_coverage, threshold_cascade

REPO = Path(__file__).resolve().parents[1]
BANK_DIR = REPO / "exercises"

# The cascade by hand (l1.e1, l1.e3, l1.e6): leader first, then allies A-E, as in the prompt.
NAMES = ["leading sender", "Ally A", "Ally B", "Ally C", "Ally D", "Ally E"]
WEIGHTS = [0.30, 0.20, 0.15, 0.10, 0.10, 0.05]
THRESHOLDS = [0.0, 0.45, 0.30, 0.55, 0.80, 0.95]

# The two-ally game of l1.e2, l1.e7 and l1.e9, as stated in the l1.e2 prompt.
GAME = {"trade_share": [0.3, 0.2], "exposure": [0.5, 0.4], "cost": [0.5, 0.4],
        "leader_share": 0.4, "diversion": 0.5, "benefit": 1.0}


@pytest.fixture(scope="module")
def bank():
    return load_bank(1, BANK_DIR)


@pytest.fixture(autouse=True)
def _course_bank(monkeypatch):
    monkeypatch.setenv("SANCLAB_EXERCISES", str(BANK_DIR))
    monkeypatch.delenv("SANCLAB_GRADE_LOG", raising=False)
    reset_hints()


def _cascade(thresholds=THRESHOLDS):
    return threshold_cascade(thresholds, weights=WEIGHTS, total_weight=1.0, names=NAMES)


def test_e1_cascade_by_hand(bank):
    """Allies B, A, C join in rounds 1-3; D needs 0.80 > 0.75: three allies, as the bank says."""
    result = _cascade()
    assert result.joined_names() == ["leading sender", "Ally B", "Ally A", "Ally C"]
    assert_allclose(result.share_by_round, [0.30, 0.45, 0.65, 0.75], atol=1e-12)
    assert bank["l1.e1"].answer["value"] == result.n_joined - 1 == 3


def test_e2_minimal_full_participation_penalty(bank):
    """The closed form gives p* = 0.35 (Ally 2 binds); enumeration agrees on either side."""
    game = ParticipationGame(**GAME)
    p_star = game.minimal_full_participation_penalty()
    assert_allclose(p_star, bank["l1.e2"].answer["value"], atol=1e-12)
    full = [True, True]
    assert full in game.with_penalty(p_star + 1e-9).pure_equilibria().tolist()
    assert full not in game.with_penalty(p_star - 0.01).pure_equilibria().tolist()
    assert bank["l1.e2"].answer["tolerance"] < 0.01


def test_e3_waiver_stops_the_cascade(bank):
    """With Ally B's threshold at 0.35 only the leader acts: option 2; option 0 is the base."""
    ex = bank["l1.e3"]
    raised = list(THRESHOLDS)
    raised[2] = 0.35
    assert _cascade(raised).joined_names() == ["leading sender"]
    assert ex.answer["correct"] == 2
    assert "Only the leading sender sanctions" in ex.options[2]
    assert _cascade().n_joined - 1 == 3 and "A, B and C" in ex.options[0]


def test_e4_cases_match_threshold_cascade(bank):
    """Each case's expected count, public or hidden, equals
    threshold_cascade(thresholds).n_joined; the prompt's example is a public case."""
    cases = expected_cases(bank["l1.e4"], include_hidden=True)
    assert len(cases) >= 4
    assert ([[0, 0.2, 0.4, 0.9]], {}, 3) in expected_cases(bank["l1.e4"])
    for args, kwargs, expected in cases:
        assert expected == threshold_cascade(*args, **kwargs).n_joined


def test_e4_includes_granovetters_example(bank):
    """The last two (hidden) cases are Granovetter's 100 actors: k/100 -> 100, move 0.01 to
    0.02 -> 1."""
    cases = expected_cases(bank["l1.e4"], include_hidden=True)
    uniform = [k / 100 for k in range(100)]
    perturbed = list(uniform)
    perturbed[1] = 0.02
    assert cases[-2] == ([uniform], {}, 100)
    assert cases[-1] == ([perturbed], {}, 1)


def _misconception(ex, key, value):
    return next(m for m in ex.misconceptions if m[key] == value)


def test_e1_misconceptions_are_the_named_mistakes(bank):
    """1 = stopping after round 1 (B alone), 4 = counting D too (but 0.80 > the final
    0.75), 5 = every ally; none of them is the answer 3."""
    ex = bank["l1.e1"]
    result = _cascade()
    allies = result.n_joined - 1
    assert int((result.join_round == 1).sum()) == 1
    assert result.final_share < THRESHOLDS[4] and allies + 1 == 4
    assert len(THRESHOLDS) - 1 == 5
    assert {m["value"] for m in ex.misconceptions} == {1, 4, 5} and allies == 3
    assert "0.80" in _misconception(ex, "value", 4)["message"]


def test_e2_misconception_is_the_large_allys_bound(bank):
    """0.25 is the penalty keeping Ally 1 alone in the full coalition: (0.50 - 0.375) / 0.50,
    recomputed from the game with Ally 2 exempt from leaving (its cost set to 0)."""
    ally1_only = ParticipationGame(**(GAME | {"cost": [0.5, 0.0]}))
    assert_allclose(ally1_only.minimal_full_participation_penalty(), 0.25, atol=1e-12)
    assert "Ally 1" in _misconception(bank["l1.e2"], "value", 0.25)["message"]


def test_e6_coverage_needed_despite_leakage(bank):
    """Inverse question: E(s, 0.4) = 0.75 at s = 0.81125 (library: required_coverage); the
    misconceptions are 0.75 (no leakage) and E(0.75, 0.4) = 0.675 (the forward question);
    0.75 is also e1's final coverage."""
    ex = bank["l1.e6"]
    s = required_coverage(0.75, 0.4)
    assert_allclose(s, ex.answer["value"], atol=1e-5)
    assert_allclose(effectiveness(s, 0.4), 0.75, atol=1e-12)
    assert abs(s - ex.answer["value"]) < ex.answer["tolerance"]
    assert_allclose(effectiveness(0.75, 0.4), 0.675, atol=1e-12)
    assert {m["value"] for m in ex.misconceptions} == {0.75, 0.675}
    assert_allclose(_cascade().final_share, 0.75, atol=1e-12)


def test_e9_verify_an_equilibrium_by_hand(bank):
    """At p = 0.3 (e2's game): in (join, stay out) Ally 1's gain at the others' 0.40 is
    -0.035 (it leaves) and Ally 2's at 0.70 is -0.02 (it stays out): not an equilibrium,
    because of Ally 1 (option 1). The only equilibrium is (stay out, stay out)."""
    ex = bank["l1.e9"]
    game = ParticipationGame(**GAME, penalty=0.3)
    gains = game.joining_gains([0.40, 0.70])
    assert_allclose(gains, [-0.035, -0.02], atol=1e-12)
    assert game.pure_equilibria().astype(int).tolist() == [[0, 0]]
    assert ex.answer["correct"] == 1 and "Ally 1 gains by leaving" in ex.options[1]
    assert {m["option"] for m in ex.misconceptions} == {0, 2, 3}


def test_e5_word_limit_is_enforced(bank):
    """The prompt says 80 to 200 words; the bank enforces both ends."""
    ex = bank["l1.e5"]
    assert "80 to 200 words" in ex.prompt
    assert (ex.answer["min_words"], ex.answer["max_words"]) == (80, 200)


def _smallest(**changes) -> list[bool]:
    return ParticipationGame(**(GAME | changes)).smallest_equilibrium().tolist()


def test_e7_counterexamples_in_the_solution(bank):
    """At p = 0.4 both allies join; a full penalty waiver for Ally 2 or B = 0.5 shrinks that."""
    assert _smallest(penalty=0.4) == [True, True]
    assert _smallest(penalty=0.4, waiver=[0.0, 1.0]) == [True, False]
    assert _smallest(penalty=0.4, benefit=0.5) == [False, False]
    assert bank["l1.e7"].answer["correct"] == [0, 2]


@settings(max_examples=60, deadline=None)
@given(data=st.data(), n=st.integers(min_value=1, max_value=4))
def test_e7_penalty_up_and_cost_down_never_shrink(data, n):
    """Options 0 and 2 are right in general: raising p or lowering every cost never removes
    an ally from the smallest equilibrium (monotone comparative statics, Milgrom & Roberts
    1990), on random games."""
    share = st.floats(min_value=0.0, max_value=1.0 / (n + 1))
    unit = st.floats(min_value=0.0, max_value=1.0)
    game = ParticipationGame(
        data.draw(st.lists(share, min_size=n, max_size=n)),
        data.draw(st.lists(unit, min_size=n, max_size=n)),
        data.draw(st.lists(unit, min_size=n, max_size=n)),
        data.draw(st.lists(unit, min_size=n, max_size=n)),
        leader_share=data.draw(share), penalty=data.draw(unit),
        diversion=data.draw(unit), benefit=data.draw(unit))
    before = game.smallest_equilibrium()
    more_penalty = game.with_penalty(game.penalty + data.draw(unit))
    cheaper = game.replace(cost=game.cost * data.draw(unit))
    assert np.all(more_penalty.smallest_equilibrium() >= before)
    assert np.all(cheaper.smallest_equilibrium() >= before)


def test_the_solutions_library_calls_reproduce_the_answers(bank):
    """The library calls quoted in the solutions of l1.e1, l1.e2, l1.e6 give their answers."""
    namespace = {"threshold_cascade": threshold_cascade, "ParticipationGame": ParticipationGame,
                 "required_coverage": required_coverage}
    results = {}
    for ex_id in ("l1.e1", "l1.e2", "l1.e6", "l1.e9"):
        calls = re.findall(
            r"`((?:threshold_cascade|ParticipationGame|required_coverage)\(.*?)`",
            bank[ex_id].solution)
        assert len(calls) == 1, ex_id
        results[ex_id] = eval(calls[0], namespace)
    assert results["l1.e1"].n_joined - 1 == bank["l1.e1"].answer["value"]
    assert_allclose(results["l1.e2"], bank["l1.e2"].answer["value"], atol=1e-12)
    assert_allclose(results["l1.e6"], bank["l1.e6"].answer["value"], atol=1e-5)
    assert results["l1.e9"].astype(int).tolist() == [[0, 0]]


def test_e8_coordination_gap_in_the_figure(bank):
    """At p = 0.35, d = 0.5 (illustrative table): equilibria with 0 and 3 allies, cascade 0;
    each of the three loses by joining alone and gains once the other two are in."""
    from sanclab.models import load_allies, participation_game

    game = participation_game(load_allies(), penalty=0.35, diversion=0.5, benefit=1.0)
    sizes = sorted(int(row.sum()) for row in game.pure_equilibria())
    assert sizes == [0, 3]
    assert game.cascade().n_joined == 1
    big = game.largest_equilibrium()
    assert [n for n, b in zip(game.names, big, strict=True) if b] == [
        "Large exporter", "Energy supplier", "Neighbouring state"]
    alone = game.joining_gains(game.leader_share)[big]
    together = game.joining_gains(game.coverage(big.astype(int)) - game.trade_share)[big]
    assert (alone < 0).all() and (together > 0).all()
    assert bank["l1.e8"].answer["correct"] == 2
