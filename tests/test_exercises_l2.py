"""Lesson 2's exercise bank (exercises/l2_small_state_alignment.yaml) agrees with the library.

Every numeric answer, every known wrong answer given a message, every choice's reason and
every function test case is recomputed from sanclab.models, so no answer is a hand-typed
guess. The rules every bank follows are in tests/test_exercise_banks.py.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.exercises import check, expected_cases, load_bank, reset_hints
from sanclab.models import (
    AlignmentParams,
    alignment_sweep,
    binding_option_level,
    extractable_surplus,
    hhi,
    hirschman_index,
    optimal_alignment,
    switch_threat,
    threat_free_alignment,
)

REPO = Path(__file__).resolve().parents[1]
BANK_DIR = REPO / "exercises"

#: The setting of l2.e5 and l2.e8 (the dashboard's fixed values, A's credibility 0.25).
SWING = AlignmentParams(value_a=0.30, value_b=0.25, credibility_a=0.25, threat_b=0.10,
                        credibility_b=0.4, tolerance_b=0.6)


@pytest.fixture(scope="module")
def bank():
    return load_bank(2, BANK_DIR)


@pytest.fixture(autouse=True)
def _course_bank(monkeypatch):
    monkeypatch.setenv("SANCLAB_EXERCISES", str(BANK_DIR))
    monkeypatch.delenv("SANCLAB_GRADE_LOG", raising=False)
    reset_hints()


def _misconception_values(ex):
    return [m["value"] for m in ex.misconceptions]


def test_e1_concentration_by_hand(bank):
    """Shares 0.4, 0.3, 0.2, 0.1: H = 0.30; the wrong answers with a message are C = 0.5477,
    1/4, the sum of squared raw values 27000 and the sum of shares 1."""
    ex = bank["l2.e1"]
    assert_allclose(hhi([120, 90, 60, 30]), ex.answer["value"], atol=1e-12)
    wrong = _misconception_values(ex)
    assert_allclose(wrong[0], hirschman_index([120, 90, 60, 30]), atol=5e-5)
    assert wrong[1:] == [0.25, 120**2 + 90**2 + 60**2 + 30**2, 1.0]


def test_e2_switch_threat_by_hand(bank):
    """w = (0.4, 0.3), p_A = 0.5, no other threat: a0 = 0.64, U(a0) = 0.5, k* = 0.1,
    t* = 0.2; just below the state hedges, just above it bandwagons with A."""
    ex = bank["l2.e2"]
    params = AlignmentParams(value_a=0.4, value_b=0.3, credibility_a=0.5)
    assert_allclose(switch_threat(params, "A"), ex.answer["value"], atol=1e-12)
    assert optimal_alignment(params.replace(threat_a=0.199)).regime == "hedge"
    assert optimal_alignment(params.replace(threat_a=0.201)).regime == "bandwagon_a"
    tie = optimal_alignment(params.replace(threat_a=0.2))
    assert tie.knife_edge and tie.alignment == 1.0  # indifferent: avoids the sanction
    assert_allclose(_misconception_values(ex),
                    [0.5 * 0.2, 0.5 * 0.1, threat_free_alignment(0.4, 0.3)], atol=1e-12)


def test_e3_binding_option_level(bank):
    """s = 0.4, beta = 0.6: binds from 0.16; X = 0.24 below it, 0.15 at o = 0.25, 0 at
    o = 0.4; the misconceptions are beta s, s and the equal-split level 0.2."""
    ex = bank["l2.e3"]
    assert_allclose(binding_option_level(0.4, bargaining_share=0.6), ex.answer["value"],
                    atol=1e-12)
    x = extractable_surplus(0.4, [0.0, 0.16, 0.25, 0.4], bargaining_share=0.6)
    assert_allclose(x, [0.24, 0.24, 0.15, 0.0], atol=1e-12)
    assert_allclose(_misconception_values(ex), [0.24, 0.4, binding_option_level(0.4)],
                    atol=1e-12)


def test_e4_counterexamples_in_the_solution(bank):
    """Option 1 fails (t* 0.522 -> 0.462 as r goes 0 -> 0.10 with p_A = 0.25); option 3
    fails (X flat at 0.15 for o below 0.15, s = 0.3); the answer is [0, 2]."""
    assert_allclose(switch_threat(SWING, "A"), 0.522050, atol=1e-6)
    assert_allclose(switch_threat(SWING.replace(regional_option=0.1), "A"), 0.462050,
                    atol=1e-6)
    assert_allclose(extractable_surplus(0.3, [0.0, 0.05, 0.15]), [0.15, 0.15, 0.15])
    assert bank["l2.e4"].answer["correct"] == [0, 2]


@settings(max_examples=80, deadline=None)
@given(w_a=st.floats(0.05, 1.0), w_b=st.floats(0.05, 1.0), t=st.floats(0.0, 1.0),
       dt=st.floats(0.0, 1.0), p=st.floats(0.0, 1.0), dp=st.floats(0.0, 1.0),
       tau_a=st.floats(0.0, 1.0), tau_b=st.floats(0.0, 1.0), t_b=st.floats(0.0, 0.5),
       r=st.floats(0.0, 0.3))
def test_e4_option_0_more_pressure_from_a_never_moves_the_state_away(
        w_a, w_b, t, dt, p, dp, tau_a, tau_b, t_b, r):
    """Option 0 in general: a* never falls as A's threat or credibility rises."""
    base = AlignmentParams(value_a=w_a, value_b=w_b, threat_a=t, credibility_a=p,
                           tolerance_a=tau_a, tolerance_b=tau_b, threat_b=t_b,
                           regional_option=r)
    a = optimal_alignment(base).alignment
    assert optimal_alignment(base.replace(threat_a=t + dt)).alignment >= a - 1e-12
    more = base.replace(credibility_a=min(p + dp, 1.0))
    assert optimal_alignment(more).alignment >= a - 1e-12


@settings(max_examples=80, deadline=None)
@given(shares=st.lists(st.floats(0.01, 1.0), min_size=1, max_size=8),
       fraction=st.floats(0.0, 1.0))
def test_e4_option_2_moving_trade_to_a_new_partner(shares, fraction):
    """Option 2 in general: moving part of the largest share to a new partner never raises
    H (the change is 2 delta (delta - s_1) <= 0)."""
    s = np.array(shares) / sum(shares)
    i = int(np.argmax(s))
    delta = fraction * s[i]
    moved = np.append(s, delta)
    moved[i] -= delta
    assert hhi(moved) <= hhi(s) + 1e-12


def test_e5_switch_threat_falls_with_the_regional_option(bank):
    """t*(0.10) - t*(0) = 0.10 (1 - 0.4/0.25) = -0.06; the misconceptions are +0.10 (A's
    softening alone) and +0.06 (the wrong sign)."""
    ex = bank["l2.e5"]
    change = switch_threat(SWING.replace(regional_option=0.1), "A") - switch_threat(SWING, "A")
    assert_allclose(change, ex.answer["value"], atol=1e-12)
    assert_allclose(change, 0.10 * (1 - 0.4 / 0.25), atol=1e-12)
    assert _misconception_values(ex) == [0.1, 0.06]


def test_e6_cases_match_hirschman_index(bank):
    """Each case's expected value is hirschman_index(values); the balanced hedger's is the
    concentration the dashboard shows (0.4228)."""
    cases = expected_cases(bank["l2.e6"])
    assert len(cases) >= 5
    for args, kwargs, expected in cases:
        assert_allclose(expected, hirschman_index(*args, **kwargs), rtol=1e-12)
    assert_allclose(cases[3][2], 0.4228474902373194, rtol=1e-12)


def test_e6_a_function_that_forgets_to_normalise_is_refused():
    """Squaring raw values (no division by the total) fails the checker."""
    def raw(values):
        return math.sqrt(sum(v * v for v in values))

    assert check("l2.e6", raw).correct is False


def test_e8_the_state_swings_back(bank):
    """A's threat 0.5 at p_A = 0.25: hedge for r <= 0.02, bandwagon for 0.04 <= r <= 0.12,
    hedge from 0.14 on; t*(r) is V-shaped with minimum 0.462 at r = t_B = 0.10, and 0.522
    at r = 0, 0.502 at r = 0.14."""
    options = np.round(np.arange(0.0, 0.301, 0.02), 2)
    sweep = alignment_sweep(SWING.replace(threat_a=0.5), "regional_option", options)
    regimes = dict(zip(options, sweep["regime"], strict=True))
    assert all(regimes[r] == "hedge" for r in options if r <= 0.02 or r >= 0.14)
    assert all(regimes[r] == "bandwagon_a" for r in options if 0.04 <= r <= 0.12)
    t_star = [switch_threat(SWING.replace(regional_option=float(r)), "A") for r in options]
    assert int(np.argmin(t_star)) == list(options).index(0.10)
    assert_allclose([t_star[0], min(t_star), t_star[7]], [0.522050, 0.462050, 0.502050],
                    atol=1e-6)
    assert bank["l2.e8"].answer["correct"] == 1


def test_the_solutions_library_calls_reproduce_the_answers(bank):
    """The library calls quoted in the solutions of e1, e2, e3 and e8 give their answers."""
    namespace = {"hhi": hhi, "switch_threat": switch_threat,
                 "AlignmentParams": AlignmentParams,
                 "binding_option_level": binding_option_level,
                 "alignment_sweep": alignment_sweep}
    pattern = r"`((?:hhi|switch_threat|binding_option_level|alignment_sweep)\(.*?)`"
    results = {}
    for ex_id in ("l2.e1", "l2.e2", "l2.e3", "l2.e5", "l2.e8"):
        calls = re.findall(pattern, bank[ex_id].solution.replace("\n", " "))
        assert len(calls) == 1, ex_id
        results[ex_id] = eval(calls[0], namespace)
    for ex_id in ("l2.e1", "l2.e2", "l2.e3"):
        assert_allclose(results[ex_id], bank[ex_id].answer["value"], atol=1e-12)
    # e5's call is t*(r = 0.10); the solution subtracts t*(r = 0)
    assert_allclose(results["l2.e5"] - switch_threat(SWING, "A"), -0.06, atol=1e-12)
    assert results["l2.e8"]["regime"].tolist() == ["hedge", "bandwagon_a", "bandwagon_a",
                                                   "hedge"]
