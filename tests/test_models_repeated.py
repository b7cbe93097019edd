"""Tests for sanclab.models.repeated: grim trigger, generous tit for tat, memory-one payoffs.

Each test's docstring states the known result it checks. The ``axelrod`` library is not
used (see the module docstring: its current release pulls in PyTorch); instead the exact
memory-one chain is checked against a direct simulation written here.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import (
    AllAtOnce,
    ComplianceGame,
    critical_discount,
    grim_trigger_delta,
    gtft_generosity,
    memory_one_payoffs,
)

RTOL = 1e-12
PROPERTY = settings(deadline=None, max_examples=100)
T, R, P, S = 5.0, 3.0, 1.0, 0.0
ALLD, TFT, ALTERNATE = (0, 0, 0, 0), (1, 0, 1, 0), (0, 0, 1, 1)


def gtft(q):
    return (1.0, q, 1.0, q)


def test_grim_trigger_delta_textbook_value():
    """(T - R) / (T - P) = (5 - 3) / (5 - 1) = 1/2 for the usual payoffs 5, 3, 1."""
    assert grim_trigger_delta(5, 3, 1) == 0.5


def test_grim_trigger_is_all_at_once_reimposition_under_perfect_monitoring():
    """With T = g, R = 0, P = g - cK the sanctions game's threshold g/(cK) is grim trigger's:
    g = 1, c = 1, K = 4 gives 1/4 both ways."""
    game = ComplianceGame(gain=1, cost=1, false_alarm=0, miss=0)
    assert grim_trigger_delta(T=1, R=0, P=1 - 4) == 0.25
    assert_allclose(critical_discount(AllAtOnce(ceiling=4), game), 0.25, rtol=RTOL)


@PROPERTY
@given(
    g=st.floats(0.05, 5.0),
    c=st.floats(0.05, 5.0),
    K=st.integers(1, 10),
)
def test_grim_trigger_matches_sanctions_threshold(g, c, K):
    """For every g, c, K with cK > g: critical discount of all-at-once reimposition with
    perfect monitoring = grim_trigger_delta(g, 0, g - cK) = g / (cK)."""
    if c * K <= g:
        assert critical_discount(AllAtOnce(K), ComplianceGame(g, c, false_alarm=0, miss=0)) == (
            float("inf")
        )
        return
    expected = grim_trigger_delta(g, 0.0, g - c * K)
    assert_allclose(expected, g / (c * K), rtol=1e-12)
    game = ComplianceGame(gain=g, cost=c, false_alarm=0, miss=0)
    assert_allclose(critical_discount(AllAtOnce(K), game), expected, rtol=1e-12)


def test_gtft_generosity_is_one_third_for_5_3_1_0():
    """Nowak & Sigmund (1992): q = min{1 - 2/3, 2/4} = 1/3 for T=5, R=3, P=1, S=0."""
    assert gtft_generosity(5, 3, 1, 0) == pytest.approx(1 / 3, rel=RTOL)


def test_gtft_generosity_second_term_can_bind():
    """T=4, R=3, P=2, S=0: min{1 - 1/3, 1/2} = 1/2 (the defector term binds)."""
    assert gtft_generosity(4, 3, 2, 0) == pytest.approx(0.5, rel=RTOL)


def test_alld_against_gtft_earns_qT_plus_1_minus_q_P():
    """Always defect against GTFT(q) earns qT + (1-q)P exactly; it equals R at the second
    term of the generosity, q = (R-P)/(T-P) = 1/2."""
    for q in (0.0, 0.2, 1 / 3, 0.5, 0.8):
        u, _ = memory_one_payoffs(ALLD, gtft(q), T, R, P, S)
        assert_allclose(u, q * T + (1 - q) * P, rtol=RTOL)
    assert_allclose(memory_one_payoffs(ALLD, gtft(0.5))[0], R, rtol=RTOL)


def test_alternating_against_gtft_earns_half_of_T_plus_qR_plus_1_minus_q_S():
    """Alternating D, C against GTFT(q) earns (T + qR + (1-q)S)/2; it equals R at the first
    term of the generosity, q = 1 - (T-R)/(R-S) = 1/3, and beats R above it."""
    for q in (0.0, 1 / 3, 0.5):
        u, _ = memory_one_payoffs(ALTERNATE, gtft(q), T, R, P, S)
        assert_allclose(u, (T + q * R + (1 - q) * S) / 2, rtol=1e-12)
    assert_allclose(memory_one_payoffs(ALTERNATE, gtft(1 / 3))[0], R, rtol=1e-12)


def test_generosity_is_the_largest_q_no_simple_exploiter_beats_cooperation():
    """Course's check of the formula (no noise, long-run averages): at q = gtft_generosity
    neither always-defect nor alternating earns more than R = 3 against GTFT(q); at q + 0.01
    one of them does."""
    q = gtft_generosity(T, R, P, S)
    best = max(memory_one_payoffs(s, gtft(q))[0] for s in (ALLD, ALTERNATE))
    assert best <= R + 1e-12
    best_above = max(memory_one_payoffs(s, gtft(q + 0.01))[0] for s in (ALLD, ALTERNATE))
    assert best_above > R + 1e-3


def test_tft_pair_with_noise_averages_the_four_payoffs():
    """Two TFT players with any error rate in (0, 1/2) spend a quarter of the time in each
    outcome (the chain is doubly stochastic): payoff (R+S+T+P)/4 = 2.25."""
    for noise in (0.001, 0.05, 0.3):
        assert_allclose(memory_one_payoffs(TFT, TFT, noise=noise), (2.25, 2.25), rtol=1e-9)


def test_gtft_pair_recovers_from_errors_better_than_tft():
    """With 5% errors, two GTFT(1/3) players earn more than two TFT players (2.25):
    generosity ends the echo of retaliation (Nowak & Sigmund's motivation)."""
    u, _ = memory_one_payoffs(gtft(1 / 3), gtft(1 / 3), noise=0.05)
    assert u > 2.25 + 0.3


def _simulate_memory_one(p, q, rounds, noise, seed):
    rng = np.random.default_rng(seed)
    p, q = np.asarray(p, float), np.asarray(q, float)
    pay1 = {(1, 1): R, (1, 0): S, (0, 1): T, (0, 0): P}
    # both intend to cooperate in the first round; each move is flipped with prob. noise
    a, b = int(rng.random() < 1 - noise), int(rng.random() < 1 - noise)
    total = 0.0
    index = {(1, 1): 0, (1, 0): 1, (0, 1): 2, (0, 0): 3}
    for _ in range(rounds):
        total += pay1[(a, b)]
        pa, pb = p[index[(a, b)]], q[index[(b, a)]]
        pa, pb = pa * (1 - noise) + (1 - pa) * noise, pb * (1 - noise) + (1 - pb) * noise
        a, b = int(rng.random() < pa), int(rng.random() < pb)
    return total / rounds


@pytest.mark.parametrize(
    ("p", "q"),
    [(gtft(1 / 3), ALLD), (gtft(1 / 3), TFT), ((0.9, 0.2, 0.7, 0.4), (0.5, 0.5, 0.1, 0.9))],
)
def test_memory_one_payoffs_agree_with_simulation(p, q):
    """Exact long-run payoff = the average over 100,000 simulated noisy rounds (noise 0.05,
    seed 7) within 0.03, several standard errors of the simulated mean."""
    exact, _ = memory_one_payoffs(p, q, noise=0.05)
    simulated = _simulate_memory_one(p, q, 100_000, 0.05, seed=7)
    assert abs(simulated - exact) < 0.03


@PROPERTY
@given(
    p=st.lists(st.floats(0, 1), min_size=4, max_size=4),
    q=st.lists(st.floats(0, 1), min_size=4, max_size=4),
    noise=st.floats(0.01, 0.5),
)
def test_memory_one_payoffs_symmetry(p, q, noise):
    """Swapping the players swaps the payoffs (the chain is the same seen from the other
    side)."""
    u1, u2 = memory_one_payoffs(p, q, noise=noise)
    v1, v2 = memory_one_payoffs(q, p, noise=noise)
    assert_allclose((u1, u2), (v2, v1), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: grim_trigger_delta(3, 3, 1), "T must be greater than R"),
        (lambda: grim_trigger_delta(5, 1, 3), "R must be greater than P"),
        (lambda: grim_trigger_delta(float("nan"), 3, 1), "T must be in"),
        (lambda: gtft_generosity(5, 3, 1, 2), "P must be greater than S"),
        (lambda: gtft_generosity(7, 3, 1, 0), "2R must be greater than T \\+ S"),
        (lambda: memory_one_payoffs((1, 0, 1), TFT), "p must have length 4"),
        (lambda: memory_one_payoffs(TFT, (1, 0, 1, 2)), "q\\[3\\] must be in \\[0, 1\\]"),
        (lambda: memory_one_payoffs(TFT, TFT, noise=1.5), "noise must be in \\[0, 1\\]"),
        (lambda: memory_one_payoffs(TFT, TFT, first=(1, 2)), "first\\[1\\] must be in"),
    ],
)
def test_validation_errors_name_the_parameter(call, message):
    """Invalid payoffs and strategies raise ValueError naming the parameter and its range."""
    with pytest.raises(ValueError, match=message):
        call()
