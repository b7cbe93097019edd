"""Lesson 5's exercise bank (exercises/l5_trade_leverage.yaml) agrees with the library.

Every numeric answer, every misconception's number, every choice and every function test
case is recomputed from sanclab.models, so no answer is a hand-typed guess. The rules every
bank follows (shape, check calls, verbatim quotations, solutions passing their own checker)
are in tests/test_exercise_banks.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from sanclab.exercises import check, expected_cases, load_bank, reset_hints
from sanclab.models import (
    OUTCOMES,
    ThreatEpisodes,
    ThreatGame,
    ThreatPopulation,
    TradeTalks,
    equilibrium_concession,
    nash_bargaining_share,
    rubinstein_share,
    sanctioned_discount_factor,
)

REPO = Path(__file__).resolve().parents[1]
BANK_DIR = REPO / "exercises"


@pytest.fixture(scope="module")
def bank():
    return load_bank(5, BANK_DIR)


@pytest.fixture(autouse=True)
def _course_bank(monkeypatch):
    monkeypatch.setenv("SANCLAB_EXERCISES", str(BANK_DIR))
    monkeypatch.delenv("SANCLAB_GRADE_LOG", raising=False)
    reset_hints()


def _misconception_values(ex):
    return [m["value"] for m in ex.misconceptions]


@pytest.fixture(scope="module")
def episodes():
    """The lesson's default simulation (l5.e5's solution)."""
    return ThreatPopulation(credibility=0.6).simulate(n=10_000, seed=2003)


@pytest.fixture(scope="module")
def episodes_05():
    """The simulation l5.e6 asks for."""
    return ThreatPopulation(credibility=0.5).simulate(n=10_000, seed=2003)


def test_e1_new_split_when_sanctions_lower_the_target_patience(bank):
    """delta_T 0.8 * (1 - 0.25) = 0.6; sender's share 0.4 / 0.52 = 0.76923; the
    misconceptions are the no-sanctions split 1/1.8, the target's share, the bite put on the
    sender (0.2 / 0.52) and both bitten (1 / 1.6)."""
    ex = bank["l5.e1"]
    bitten = sanctioned_discount_factor(0.8, 0.25)
    assert_allclose(bitten, 0.6, rtol=1e-12)
    share = rubinstein_share(0.8, bitten)
    assert_allclose(share, 0.4 / 0.52, rtol=1e-12)
    assert abs(share - ex.answer["value"]) < 1e-4
    talks = TradeTalks(sender_discount=0.8, target_discount=0.8, coverage=1.0, target_bite=0.25)
    assert_allclose(talks.rubinstein_share(), share, rtol=1e-12)
    wrong = [rubinstein_share(0.8, 0.8), 1 - share, rubinstein_share(bitten, 0.8),
             rubinstein_share(bitten, bitten)]
    assert_allclose(_misconception_values(ex), wrong, atol=1e-4)


def test_e2_coverage_for_a_target_split(bank):
    """0.45 + (0.5 s - 0.1) / 2 = 0.55 at s = 0.6; 0.4 is what the two typical slips give."""
    ex = bank["l5.e2"]
    s = ex.answer["value"]
    assert_allclose(TradeTalks(coverage=s).nash_share(), 0.55, rtol=1e-12)
    assert_allclose(TradeTalks(coverage=0.8).nash_share(), 0.60, rtol=1e-12)
    # Forgetting the sender's cost, or the halving, both give s = 0.4.
    assert_allclose(TradeTalks(coverage=0.4, sender_cost=0.0).nash_share(), 0.55, rtol=1e-12)
    assert_allclose(0.45 + (0.5 * 0.4 - 0.1), 0.55, rtol=1e-12)
    assert _misconception_values(ex) == [0.4, 0.2]


def test_e3_a_costly_threat_lowers_the_share(bank):
    """Fallbacks -0.5 and -0.2: share 0.35 < 0.45 and above 0 (option 1)."""
    talks = TradeTalks(sender_cost=0.7, target_cost=0.5, coverage=1.0)
    assert_allclose(talks.fallbacks(), (-0.5, -0.2), atol=1e-12)
    assert_allclose(talks.nash_share(), 0.35, rtol=1e-12)
    assert_allclose(talks.nash_share(threat=False), 0.45, rtol=1e-12)
    assert_allclose(nash_bargaining_share(-0.5, -0.2), 0.35, rtol=1e-12)
    assert talks.nash_share() > 0.0
    ex = bank["l5.e3"]
    assert ex.answer["correct"] == 1 and "0.45 to 0.35" in ex.options[1]


def test_e4_threat_game_by_hand(bank):
    """ThreatGame(concession_cost=0.9, audience_cost=0.2) has the prompt's payoffs; the
    target would hold out, the sender would back down (-0.2 > -0.3), the target resists and
    the sender does not threaten (option 2). With a = 0.5 (the lesson's example, option 1's
    misconception) the target concedes at the threat."""
    game = ThreatGame(concession_cost=0.9, audience_cost=0.2)
    expected = {"status quo": (0.0, 0.0), "concession at threat": (1.0, -0.9),
                "sender backs down": (-0.2, 0.0), "concession after imposition": (0.91, -1.2),
                "deadlock": (-0.3, -1.0)}
    for outcome, payoff in expected.items():
        assert_allclose(game.payoffs()[outcome], payoff, atol=1e-12)
    solution = game.solve()
    assert solution.outcome == "status quo"
    assert dict(solution.plan) == {"sanctions response": "hold out",
                                   "imposition decision": "back down",
                                   "threat response": "resist",
                                   "threat decision": "no threat"}
    assert ThreatGame(concession_cost=0.9).solve().outcome == "concession at threat"
    assert bank["l5.e4"].answer["correct"] == 2


def _rates(outcomes):
    outcomes = np.array(outcomes, dtype=object)
    n = len(outcomes)
    shares = ThreatEpisodes(np.ones(n), np.ones(n), np.ones(n, dtype=bool), outcomes).shares()
    return [shares.success_rate_imposed, shares.success_rate_all]


def test_e5_cases_match_the_library(bank):
    """Each case's expected pair is ThreatEpisodes.shares()'s (imposed, all) success rates."""
    cases = expected_cases(bank["l5.e5"])
    assert len(cases) >= 4
    for args, kwargs, expected in cases:
        assert not kwargs and set(args[0]) <= set(OUTCOMES)
        assert_allclose(expected, _rates(args[0]), rtol=1e-12)


def test_e5_solution_on_the_simulation(bank, episodes):
    """The solution's function gives the simulation's rates, 0.326 and 0.495, as it says."""
    code = re.search(r"```python\n(.*?)```", bank["l5.e5"].solution, re.S).group(1)
    namespace: dict = {}
    exec(code, namespace)
    rates = namespace["success_rates"](list(episodes.outcome))
    assert_allclose(rates, _rates(episodes.outcome), rtol=1e-12)
    assert [round(r, 3) for r in rates] == [0.326, 0.495]
    assert check("l5.e5", namespace["success_rates"]).correct is True


def test_e6_threat_stage_share_in_the_simulation(bank, episodes, episodes_05):
    """p = 0.5: 2,085 concessions at the threat and 1,872 after imposition: share 0.5269
    (exact 0.531); the misconceptions are this simulation's 0.2085, 0.4698 and 0.3957 and
    the p = 0.6 simulation's 0.7527; medians 0.60 and 0.74."""
    ex = bank["l5.e6"]
    counts = {name: int((episodes_05.outcome == name).sum()) for name in OUTCOMES}
    assert counts["concession at threat"] == 2085
    assert counts["concession after imposition"] == 1872
    shares = episodes_05.shares()
    assert_allclose(shares.threat_stage_share, ex.answer["value"], atol=5e-5)
    assert_allclose(ThreatPopulation(credibility=0.5).shares().threat_stage_share, 0.531,
                    atol=5e-4)
    assert_allclose(_misconception_values(ex), [shares.concession_at_threat,
                                                shares.success_rate_imposed,
                                                shares.success_rate_all,
                                                episodes.shares().threat_stage_share],
                    atol=5e-5)
    ratio = episodes_05.concession_cost / episodes_05.target_cost
    imposed = np.isin(episodes_05.outcome, ("concession after imposition", "deadlock"))
    assert round(float(np.median(ratio)), 2) == 0.60
    assert round(float(np.median(ratio[imposed])), 2) == 0.74


def test_e7_credibility_sweep(bank):
    """p = 0.1: imposed 57%, all 6%; p >= 0.7: imposed 0, all 57% -> 73%; imposed share
    10% at 0.1, peak 40% near 0.52, 27% at 1 (options 0 and 1 only)."""
    def shares(p):
        return ThreatPopulation(credibility=p).shares()

    low = shares(0.1)
    assert round(low.success_rate_imposed, 2) == 0.57 and round(low.success_rate_all, 2) == 0.06
    for p in (0.7, 0.8, 1.0):
        assert shares(p).success_rate_imposed == 0.0
    assert round(shares(0.7).success_rate_all, 2) == 0.57
    assert round(shares(1.0).success_rate_all, 2) == 0.73
    grid = np.linspace(0.0, 1.0, 1001)
    imposed = np.array([shares(p).imposed for p in grid])
    peak = grid[imposed.argmax()]
    assert abs(peak - 0.52) < 0.01 and round(imposed.max(), 2) == 0.40
    assert round(low.imposed, 2) == 0.10 and round(shares(1.0).imposed, 2) == 0.27
    assert bank["l5.e7"].answer["correct"] == [0, 1]


def test_e8_drezner_concession(bank):
    """gamma 0.6 > c_S/c_T 0.4: D* = 0.76 / 1.6 = 0.475; the misconceptions are D*(1) = 0.3,
    the jump c_T - c_S = 0.6, the undivided 0.76 and 0."""
    ex = bank["l5.e8"]
    assert_allclose(equilibrium_concession(1.0, 0.4, 0.6), ex.answer["value"], rtol=1e-12)
    assert_allclose(equilibrium_concession(1.0, 0.4, 1.0), 0.3, rtol=1e-12)
    assert_allclose(equilibrium_concession(1.0, 0.4, 0.4 + 1e-9), 0.6, atol=1e-8)
    assert equilibrium_concession(1.0, 0.4, 0.4) == 0.0
    assert _misconception_values(ex) == [0.3, 0.6, 0.76, 0.0]


def test_the_solutions_library_calls_reproduce_the_answers(bank):
    """The library calls quoted in the numeric solutions give their answers."""
    namespace = {"rubinstein_share": rubinstein_share, "TradeTalks": TradeTalks,
                 "sanctioned_discount_factor": sanctioned_discount_factor,
                 "equilibrium_concession": equilibrium_concession}
    for ex_id in ("l5.e1", "l5.e2", "l5.e8"):
        ex = bank[ex_id]
        calls = re.findall(r"`((?:rubinstein_share|TradeTalks|equilibrium_concession)\(.*?)`",
                           ex.solution)
        assert calls, ex_id
        for call in calls:
            value = eval(call, namespace)
            if ex_id == "l5.e2":
                assert_allclose(value, 0.55, rtol=1e-12)
            else:
                assert abs(value - ex.answer["value"]) <= ex.answer["tolerance"], (ex_id, call)


def test_free_response_word_limits(bank):
    """l5.e9 asks for 80 to 180 words and the checker enforces both limits."""
    ex = bank["l5.e9"]
    assert (ex.answer["min_words"], ex.answer["max_words"]) == (80, 180)
    assert check("l5.e9", "word " * 181).correct is False
    assert check("l5.e9", "word " * 100).correct is None
