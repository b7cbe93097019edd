"""Lesson 4's exercise bank (exercises/l4_elite_bargaining.yaml) agrees with the library.

Every numeric answer, misconception, correct option and function test case is recomputed
from sanclab.models, so no answer is a hand-typed guess. The rules every bank follows
(shape, check calls, verbatim quotations, solutions passing their own checker) are in
tests/test_exercise_banks.py.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest
from numpy.testing import assert_allclose

from sanclab.exercises import check, expected_cases, load_bank, reset_hints
from sanclab.models import (
    UNSC_QUOTA,
    UNSC_WEIGHTS,
    SelectorateModel,
    allocation,
    banzhaf,
    critical_revenue_cut,
    critical_sizes,
    margin_loss_per_cost,
    power_table,
    sanctioned_game,
    survives,
)

REPO = Path(__file__).resolve().parents[1]
BANK_DIR = REPO / "exercises"
MIL, BUS = 1, 3


@pytest.fixture(scope="module")
def bank():
    return load_bank(4, BANK_DIR)


@pytest.fixture(autouse=True)
def _course_bank(monkeypatch):
    monkeypatch.setenv("SANCLAB_EXERCISES", str(BANK_DIR))
    monkeypatch.delenv("SANCLAB_GRADE_LOG", raising=False)
    reset_hints()


def _misconceptions(ex):
    return {m["value"] if "value" in m else m["option"] for m in ex.misconceptions}


def test_e1_first_critical_size_by_hand(bank):
    """50 >= 0.51 (100 - 15 t) from t = 20/153 = 0.1307, the first critical size; the
    misconception 1/15 is where a quota cut by the whole lost weight would put it."""
    ex = bank["l4.e1"]
    first = critical_sizes(kind="targeted")[0]
    assert first == Fraction(20, 153) == Fraction(51 - 50) / (Fraction(51, 100) * 15)
    assert_allclose(ex.answer["value"], float(first), atol=ex.answer["tolerance"])
    assert _misconceptions(ex) == {0.0667}
    assert_allclose(0.0667, 1 / 15, atol=1e-4)
    winners = sanctioned_game(kind="targeted", size=first)
    assert winners.is_winning(["Security services", "Ruling party and bureaucracy"])
    assert not sanctioned_game(kind="targeted", size=first - Fraction(1, 10**6)).is_winning(
        ["Security services", "Ruling party and bureaucracy"])


def test_e2_weight_lost_power_kept(bank):
    """t = 0.1: business weight 15 -> 13.5 (share 0.137), Shapley-Shubik 0.1 -> 0.1. The
    misconceptions are 0.1 x 0.9, the weight share and the index beyond 20/153."""
    ex = bank["l4.e2"]
    row = power_table(kind="targeted", size=0.1).loc[BUS]
    assert_allclose([row["weight_after"], row["ss_before"], row["ss_after"]], [13.5, 0.1, 0.1],
                    rtol=1e-12)
    assert_allclose(row["share_after"], 0.137, atol=5e-4)
    assert ex.answer["value"] == row["ss_after"]
    beyond = power_table(kind="targeted", size=0.2).loc[BUS, "ss_after"]
    assert_allclose(sorted(_misconceptions(ex)), sorted([0.09, 0.137, round(beyond, 4)]),
                    atol=5e-4)


def test_e3_military_power_is_not_monotone(bank):
    """The military's index on the four targeted stretches is 4/15, 7/30, 17/60, 1/3 (sizes
    0.1, 0.3, 0.6, 0.9); its weight share rises to 25/86.5 = 0.289."""
    ex = bank["l4.e3"]
    values = [sanctioned_game(kind="targeted", size=s).shapley_shubik()[MIL]
              for s in (0.1, 0.3, 0.6, 0.9)]
    assert_allclose(values, [4 / 15, 7 / 30, 17 / 60, 1 / 3], rtol=1e-12)
    assert_allclose(power_table(kind="targeted", size=0.9).loc[MIL, "share_after"], 0.289,
                    atol=5e-4)
    assert ex.answer["correct"] == 2
    assert "0.267 to 0.233" in ex.options[2] and "0.283" in ex.options[2]


def test_e4_public_or_private_goods_first(bank):
    """S = 100, R = 100, alpha = 0, rho = 1, 30% revenue cut: W = 10 keeps private goods at 10
    and cuts public goods 90 -> 60; W = 80 falls (s* = 0.2). With rho = 0 both goods shrink
    by 30% (option 3's misconception)."""
    ex = bank["l4.e4"]
    small = SelectorateModel(100, 10, revenue_cut=0.3)
    before, after = allocation(small.without_sanctions()), allocation(small)
    assert_allclose([before.public, before.private, after.public, after.private],
                    [90, 10, 60, 10], rtol=1e-12)
    large = SelectorateModel(100, 80, revenue_cut=0.3)
    assert allocation(large.without_sanctions()).public == pytest.approx(20)
    assert not survives(large)
    assert critical_revenue_cut(large) == pytest.approx(0.2)
    no_relief = allocation(small.replace(challenger_relief=0.0))
    assert_allclose([no_relief.public, no_relief.private], [63, 7], rtol=1e-12)
    assert ex.answer["correct"] == 1


def test_e5_cushion_is_one_minus_the_loyalty_norm(bank):
    """W = 25, S = 100: s* = 1 - W/S = 0.75; the misconception is W/S = 0.25."""
    ex = bank["l4.e5"]
    model = SelectorateModel(100, 25)
    assert_allclose(critical_revenue_cut(model), ex.answer["value"], rtol=1e-9)
    assert _misconceptions(ex) == {model.loyalty_norm}


def test_e6_cases_are_the_library_banzhaf(bank):
    """Every public and hidden case's expected list is banzhaf(weights, quota) (UNSC:
    848/5080, 84/5080); the public cases include the worked example after sanctions of size
    0.8, the hidden ones a zero weight, a dictator, an exact tie with the quota and the
    UNSC."""
    ex = bank["l4.e6"]
    cases = ex.answer["cases"] + ex.answer["hidden_cases"]
    assert len(expected_cases(ex, include_hidden=True)) == len(cases) == 8
    for case in cases:
        weights, quota = case["args"]
        assert_allclose(case["expected"], banzhaf(weights, quota), atol=1e-11)
    assert [40, 35, 5] in [c["args"][0] for c in ex.answer["cases"]]
    hidden = [c["args"] for c in ex.answer["hidden_cases"]]
    assert [list(UNSC_WEIGHTS), UNSC_QUOTA] in hidden
    assert_allclose(banzhaf(UNSC_WEIGHTS, UNSC_QUOTA)[[0, 5]], [848 / 5080, 84 / 5080],
                    rtol=1e-12)
    assert any(0 in weights for weights, _ in hidden)
    assert any(max(weights) >= quota for weights, quota in hidden)


def test_e6_a_wrong_function_is_caught(bank):
    """A function that returns weight shares instead of the index fails the first case."""
    def shares(weights, quota):
        return [w / sum(weights) for w in weights]

    assert check("l4.e6", shares).correct is False


def test_e7_per_cost_ratio(bank):
    """t = 0.5: targeted S(1 - t)/W^2 = 0.5, comprehensive 1/W = 0.1, ratio 5; the
    misconception 10 is the ratio without relief (S/W)."""
    ex = bank["l4.e7"]
    base = SelectorateModel(100, 10)
    ratio = (margin_loss_per_cost(base.replace(rent_cut=0.5))
             / margin_loss_per_cost(base.replace(revenue_cut=0.5)))
    assert_allclose(ratio, ex.answer["value"], rtol=1e-9)
    no_relief = base.replace(challenger_relief=0.0)
    ratio0 = (margin_loss_per_cost(no_relief.replace(rent_cut=0.5))
              / margin_loss_per_cost(no_relief.replace(revenue_cut=0.5)))
    assert list(_misconceptions(ex)) == [pytest.approx(ratio0)]


def test_e8_free_response_word_limits(bank):
    """The free response asks for 80 to 200 words and the checker enforces both."""
    ex = bank["l4.e8"]
    assert (ex.answer["min_words"], ex.answer["max_words"]) == (80, 200)
    assert check("l4.e8", "word " * 201).correct is False
    assert check("l4.e8", "word " * 120).correct is None
