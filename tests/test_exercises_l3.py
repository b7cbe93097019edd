"""Lesson 3's exercise bank (exercises/l3_snapback.yaml) agrees with the library.

Every numeric answer, every choice and every function test case is recomputed from
sanclab.models, so no answer is a hand-typed guess; the misconceptions are checked to be the
mistakes their messages name. The rules every bank follows are in
tests/test_exercise_banks.py.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pytest
from numpy.testing import assert_allclose

from sanclab.exercises import check, expected_cases, load_bank, reset_hints
from sanclab.models import (
    AllAtOnce,
    ComplianceGame,
    GenerousTitForTat,
    Ladder,
    critical_discount,
    grim_trigger_delta,
    level_distribution,
    long_run_level,
    unit_ladder_critical_discount,
)

REPO = Path(__file__).resolve().parents[1]
BANK_DIR = REPO / "exercises"
DEFAULT = ComplianceGame()  # g = c = h = 1, alpha = 0.05, beta = 0.1, delta = 0.9


@pytest.fixture(scope="module")
def bank():
    return load_bank(3, BANK_DIR)


@pytest.fixture(autouse=True)
def _course_bank(monkeypatch):
    monkeypatch.setenv("SANCLAB_EXERCISES", str(BANK_DIR))
    monkeypatch.delenv("SANCLAB_GRADE_LOG", raising=False)
    reset_hints()


def _misconceptions(ex):
    key = "value" if ex.kind == "numeric" else "option"
    return [m[key] for m in ex.misconceptions]


def test_e1_grim_trigger_threshold(bank):
    """g = 2, c = 1, K = 5, perfect monitoring: delta* = g / (cK) = 0.4, the grim-trigger
    threshold with T = 2, R = 0, P = -3, and the exact decision problem's threshold."""
    ex = bank["l3.e1"]
    assert_allclose(grim_trigger_delta(2, 0, -3), ex.answer["value"], rtol=1e-12)
    perfect = ComplianceGame(gain=2, cost=1, false_alarm=0, miss=0)
    assert_allclose(critical_discount(AllAtOnce(5), perfect), 0.4, rtol=1e-12)
    assert_allclose(critical_discount(Ladder(5, 5, None), perfect), 0.4, atol=1e-8)
    wrong = _misconceptions(ex)
    assert_allclose(wrong, [5 / 2, 1 - 0.4, grim_trigger_delta(2, 0, -5)], atol=1e-4)


def test_e2_noisy_all_at_once_threshold(bank):
    """alpha = 0.1, beta = 0.2: 1 / (4 x 0.7 + 0.2) = 1/3; the misconceptions are the
    perfect-monitoring threshold 0.25 and full-level tit for tat's 1/2.8 = 0.357."""
    ex = bank["l3.e2"]
    game = ComplianceGame(false_alarm=0.1, miss=0.2)
    assert_allclose(critical_discount(AllAtOnce(4), game), 1 / 3, rtol=1e-12)
    assert abs(ex.answer["value"] - 1 / 3) <= ex.answer["tolerance"]
    exact = critical_discount(Ladder(4, 4, None), game)
    assert_allclose(exact, 1 / 3, atol=1e-8)
    tft = critical_discount(GenerousTitForTat(4, 0.0), game)
    assert_allclose(_misconceptions(ex), [0.25, tft], atol=1e-4)


def test_e3_compliant_levels_all_at_once_versus_ladder(bank):
    """At alpha = 0.05, beta = 0.1: all at once 4, the ladder 0.2918; difference 3.708.
    Misconception 3.8 = 4 - alpha K, tit for tat's level."""
    ex = bank["l3.e3"]
    once = long_run_level(AllAtOnce(4), DEFAULT)
    ladder = long_run_level(Ladder(4, 1, 4), DEFAULT)
    assert once == 4.0
    assert abs(once - ladder - ex.answer["value"]) <= ex.answer["tolerance"]
    assert_allclose(ladder, 0.2918, atol=5e-5)
    assert_allclose(long_run_level(GenerousTitForTat(4, 0.0), DEFAULT), 0.2, rtol=1e-12)
    assert _misconceptions(ex) == [0, 3.8]


def test_e4_birth_death_ladder_by_hand(bank):
    """Ladder(2, 1, 1) at alpha = 0.05: pi = (361, 19, 1) / 381, mean 21/381 = 0.0551."""
    ex = bank["l3.e4"]
    game = ComplianceGame(false_alarm=0.05)
    assert_allclose(level_distribution(Ladder(2, 1, 1), game), np.array([361, 19, 1]) / 381,
                    rtol=1e-9)
    assert_allclose(long_run_level(Ladder(2, 1, 1), game), 21 / 381, rtol=1e-9)
    assert abs(21 / 381 - ex.answer["value"]) <= ex.answer["tolerance"]


def test_e5_window_of_step_down_speeds(bank):
    """At delta = 0.9 compliance is sustained for m = 2 and 4 among the options (m = 1 does
    not even deter; m = 5 and 8 are deterred only)."""
    ex = bank["l3.e5"]
    ms = [int(re.search(r"\d+", option).group()) for option in ex.options]
    assert ms == [1, 2, 4, 5, 8]
    sustained = [critical_discount(Ladder(4, 1, m), DEFAULT, sustained=True) <= 0.9
                 for m in ms]
    deterred = [critical_discount(Ladder(4, 1, m), DEFAULT) <= 0.9 for m in ms]
    assert [i for i, ok in enumerate(sustained) if ok] == ex.answer["correct"] == [1, 2]
    assert deterred == [False, True, True, True, True]
    assert _misconceptions(ex) == [[1, 2, 3, 4], [0, 1, 2]]
    assert_allclose(DEFAULT.discount * DEFAULT.detection * DEFAULT.cost, 0.765, rtol=1e-12)


def test_e6_step_down_beyond_the_ceiling_adds_nothing(bank):
    """Perfect monitoring, g = c = 1, K = 4: thresholds 0.618 (m = 2), 0.544 (m = 3), 0.519
    for m >= 4 and for no step-down, both in closed form and from the exact problem."""
    ex = bank["l3.e6"]
    perfect = ComplianceGame(false_alarm=0.0, miss=0.0)
    closed = [unit_ladder_critical_discount(1, 1, 4, m) for m in (2, 3, 4, 6, 10, None)]
    exact = [critical_discount(Ladder(4, 1, m), perfect) for m in (2, 3, 4, 6, 10, None)]
    assert_allclose(exact, closed, atol=1e-8)
    assert_allclose(closed[:3], [0.618, 0.544, 0.519], atol=5e-4)
    assert len(set(np.round(closed[2:], 12))) == 1
    assert ex.answer["correct"] == 1 and "violating for ever" in ex.options[1]


def test_e8_cases_are_the_library_s_long_run_levels(bank):
    """Each case's expected value is long_run_level(Ladder(K, 1, 1)) for a compliant
    target at that false-alarm rate."""
    cases = expected_cases(bank["l3.e8"])
    assert len(cases) >= 5
    for (alpha, ceiling), _, expected in cases:
        want = long_run_level(Ladder(ceiling, 1, 1), ComplianceGame(false_alarm=alpha))
        assert_allclose(expected, want, atol=1e-8)


def test_e8_a_typical_mistake_is_caught(bank):
    """Forgetting the top level (summing L = 0 .. K - 1) fails a case."""
    def off_by_one(alpha, ceiling):
        r = alpha / (1 - alpha)
        weights = [r ** level for level in range(ceiling)]
        return sum(level * w for level, w in enumerate(weights)) / sum(weights)

    assert check("l3.e8", off_by_one).correct is False


def test_the_solutions_library_calls_reproduce_the_answers(bank):
    """The library calls quoted in the solutions of l3.e1, l3.e2 and l3.e4 give their
    answers."""
    namespace = {"grim_trigger_delta": grim_trigger_delta, "critical_discount":
                 critical_discount, "AllAtOnce": AllAtOnce, "ComplianceGame": ComplianceGame,
                 "long_run_level": long_run_level, "Ladder": Ladder}
    for ex_id in ("l3.e1", "l3.e2", "l3.e4"):
        ex = bank[ex_id]
        calls = re.findall(r"`((?:grim_trigger_delta|critical_discount|long_run_level)\(.*?)`",
                           ex.solution)
        assert len(calls) == 1, ex_id
        assert abs(eval(calls[0], namespace) - ex.answer["value"]) <= ex.answer["tolerance"]


def test_the_free_response_word_limit_is_enforced(bank):
    """l3.e7 accepts 60 to 150 words: a longer answer is sent back, not recorded."""
    ex = bank["l3.e7"]
    assert (ex.answer["min_words"], ex.answer["max_words"]) == (60, 150)
    assert check("l3.e7", "word " * 151).correct is False
    assert check("l3.e7", ex.solution).correct is None
