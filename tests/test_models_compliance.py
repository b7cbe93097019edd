"""Tests for sanclab.models.compliance: the target's decision problem and its thresholds.

Each test's docstring states the result it checks: closed forms derived in the lesson
notes (all-at-once, generous tit for tat, the one-step ladder under perfect monitoring)
against the exact decision problem, the issue's anchor (with alpha = beta = 0 the
closed-form threshold holds in simulation), and every surprising comparative static the
lesson reports, with its numbers (defaults g = c = h = 1, K = 4, alpha = 0.05,
beta = 0.1, delta = 0.9).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import (
    AllAtOnce,
    ComplianceGame,
    GenerousTitForTat,
    Ladder,
    best_response,
    compliance_map,
    compliance_region,
    critical_discount,
    critical_discount_curve,
    expected_time_to_sanctions,
    false_alarm_table,
    gtft_generosity,
    long_run_level,
    max_deterring_forgiveness,
    policy_table,
    simulate,
    strategy_values,
    unit_ladder_critical_discount,
)
from sanclab.models.compliance import DETERRED_ONLY, NOT_DETERRED, SUSTAINED

DEFAULT = ComplianceGame()
PERFECT = DEFAULT.replace(false_alarm=0.0, miss=0.0)
PROPERTY = settings(deadline=None, max_examples=40)
SEED = 2025
INF = math.inf


def discounted(path, game, horizon_weights):
    """Discounted payoff of a simulated path: sum delta^t (g v_t - c L_t)."""
    flow = game.gain * path.violations - game.cost * path.levels
    return float(flow @ horizon_weights)


# --------------------------------------------------------------------------------------------
# Closed forms against the exact decision problem
# --------------------------------------------------------------------------------------------


def test_all_at_once_threshold_at_defaults_is_two_sevenths():
    """delta* = g / (cK(1 - alpha - beta) + g beta) = 1 / (4 x 0.85 + 0.1) = 2/7."""
    assert_allclose(critical_discount(AllAtOnce(4), DEFAULT), 2 / 7, rtol=1e-12)


@settings(deadline=None, max_examples=25)
@given(
    g=st.floats(0.1, 3.0),
    c=st.floats(0.1, 3.0),
    K=st.integers(1, 6),
    alpha=st.floats(0.0, 0.5),
    beta=st.floats(0.0, 0.5),
)
def test_all_at_once_closed_form_matches_exact_solution(g, c, K, alpha, beta):
    """The closed form g / (cK(1-alpha-beta) + g beta) equals the threshold found by solving
    the decision problem exactly for the equivalent Ladder(K, K, None) (bisection)."""
    denominator = c * K * (1 - alpha - beta) + g * beta
    # thresholds within 1% of delta = 1 are decided by the bisection's cap, not the model
    assume(denominator <= 0 or abs(g / denominator - 1) > 0.01)
    game = ComplianceGame(gain=g, cost=c, false_alarm=alpha, miss=beta)
    closed = critical_discount(AllAtOnce(K), game)
    exact = critical_discount(Ladder(K, K, None), game, tol=1e-10)
    if closed == INF:
        assert exact == INF
    else:
        assert_allclose(exact, closed, rtol=1e-7, atol=1e-8)


@PROPERTY
@given(
    g=st.floats(0.1, 3.0),
    c=st.floats(0.1, 3.0),
    K=st.integers(1, 6),
    q=st.floats(0.0, 0.9),
    alpha=st.floats(0.0, 0.5),
    beta=st.floats(0.0, 0.5),
)
def test_gtft_closed_form_matches_best_response(g, c, K, q, alpha, beta):
    """Under generous tit for tat the target is deterred iff
    delta >= g / (cK(1-q)(1-alpha-beta)): checked with the exact solution just below and
    just above the threshold."""
    game = ComplianceGame(gain=g, cost=c, false_alarm=alpha, miss=beta)
    policy = GenerousTitForTat(K, q)
    threshold = critical_discount(policy, game)
    if threshold == INF:
        assert not best_response(policy, game.replace(discount=0.999)).deterred
        return
    if threshold > 1e-3:
        assert not best_response(policy, game.replace(discount=threshold * (1 - 1e-6))).deterred
    if threshold < 0.999:
        r = best_response(policy, game.replace(discount=min(threshold * (1 + 1e-6), 0.9999)))
        assert r.deterred and r.sustained


def test_ties_go_to_compliance():
    """At exactly delta* = 1/2 (g = 1, c = 2, K = 1, TFT, no noise) the target is
    indifferent and counted as complying."""
    game = ComplianceGame(gain=1, cost=2, false_alarm=0, miss=0, discount=0.5)
    assert critical_discount(GenerousTitForTat(1, 0.0), game) == 0.5
    assert best_response(GenerousTitForTat(1, 0.0), game).deterred


@pytest.mark.parametrize("K", [1, 2, 3, 4, 6])
@pytest.mark.parametrize("m", [1, 2, 3, 4, 5, 8, None])
@pytest.mark.parametrize("ratio", [0.5, 1.0, 1.7])
def test_unit_ladder_closed_form_matches_exact_solution(K, m, ratio):
    """Perfect monitoring, step 1: deterred iff delta + ... + delta^min(m, K) >= g/c (the
    course's result) -- equal to the exact decision problem's threshold."""
    game = ComplianceGame(gain=ratio, cost=1.0, false_alarm=0, miss=0)
    closed = unit_ladder_critical_discount(ratio, 1.0, K, m)
    exact = critical_discount(Ladder(K, 1, m), game, tol=1e-10)
    if closed == INF or closed > 0.9999:
        assert exact == INF or exact > 0.9999
    else:
        assert_allclose(exact, closed, rtol=1e-7)


def test_unit_ladder_hand_values():
    """g = c: m = 2 solves delta + delta^2 = 1 (delta = 0.618034, the golden ratio minus 1);
    m >= K = 4 solves delta + ... + delta^4 = 1 (0.518790); m = 1 never deters."""
    assert_allclose(unit_ladder_critical_discount(1, 1, 4, 2), (math.sqrt(5) - 1) / 2, rtol=1e-12)
    roots = np.roots([1, 1, 1, 1, -1])  # delta^4 + delta^3 + delta^2 + delta - 1 = 0
    root = roots[(abs(roots.imag) < 1e-12) & (roots.real > 0)].real[0]
    assert_allclose(root, 0.518790064, atol=1e-9)
    assert_allclose(unit_ladder_critical_discount(1, 1, 4, 9), root, rtol=1e-12)
    assert unit_ladder_critical_discount(1, 1, 4, 1) == INF


# --------------------------------------------------------------------------------------------
# Acceptance anchor: alpha = beta = 0, the threshold holds in simulation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("delta", [0.24, 0.26])
def test_anchor_perfect_monitoring_threshold_holds_in_simulation(delta):
    """alpha = beta = 0, g = c = 1, K = 4: simulated discounted payoffs (2,000 periods) of
    complying for ever, violating once then complying, and violating for ever. Complying is
    best exactly when delta >= 1/4 = grim_trigger_delta(1, 0, -3)."""
    game = PERFECT.replace(discount=delta)
    policy = AllAtOnce(4)
    weights = delta ** np.arange(2000)
    comply = discounted(simulate(policy, game, 2000, "comply", seed=SEED), game, weights)
    once = discounted(
        simulate(policy, game, 2000, np.array([True, False]), seed=SEED), game, weights
    )
    forever = discounted(simulate(policy, game, 2000, "violate", seed=SEED), game, weights)
    assert comply == 0.0
    best_deviation = max(once, forever)
    if delta >= 0.25:
        assert comply > best_deviation
    else:
        assert comply < best_deviation
    assert_allclose(forever, 1 + delta * (1 - 4) / (1 - delta), rtol=1e-9)


def test_simulated_payoffs_agree_with_exact_values_under_noise():
    """Default game: the mean discounted payoff of 2,000 seeded paths (200 periods,
    delta^200 < 1e-9) is within 3 standard errors of the exact value, complying and
    violating, under the ladder."""
    policy = Ladder(4, 1, 4)
    weights = DEFAULT.discount ** np.arange(200)
    rng = np.random.default_rng(SEED)
    for actions in ("comply", "violate"):
        samples = [
            discounted(simulate(policy, DEFAULT, 200, actions, seed=rng), DEFAULT, weights)
            for _ in range(2000)
        ]
        exact = strategy_values(policy, DEFAULT, actions)[0]
        se = np.std(samples, ddof=1) / math.sqrt(len(samples))
        assert abs(np.mean(samples) - exact) < 3 * se + 1e-9


# --------------------------------------------------------------------------------------------
# The decision problem: consistency checks
# --------------------------------------------------------------------------------------------


@PROPERTY
@given(
    K=st.integers(1, 5),
    step=st.integers(1, 5),
    m=st.integers(1, 5),
    alpha=st.floats(0.0, 0.4),
    beta=st.floats(0.0, 0.4),
    delta=st.floats(0.0, 0.98),
)
def test_optimal_value_dominates_both_fixed_strategies(K, step, m, alpha, beta, delta):
    """The optimal value is at least the value of always complying and of always violating,
    in every state (policy iteration finds the optimum)."""
    assume(step <= K)
    policy = Ladder(K, step, m)
    game = ComplianceGame(false_alarm=alpha, miss=beta, discount=delta)
    r = best_response(policy, game)
    for actions in ("comply", "violate"):
        assert (r.values >= strategy_values(policy, game, actions) - 1e-9).all()
    assert_allclose(r.values, strategy_values(policy, game, r.violate), rtol=1e-9, atol=1e-9)


@pytest.mark.parametrize(
    "policy",
    [
        Ladder(4, 1, 2),
        Ladder(4, 1, 4),
        Ladder(4, 1, 8),
        Ladder(4, 2, 3),
        Ladder(3, 3, 2),
        Ladder(4, 1, 1),
    ],
    ids=repr,
)
@pytest.mark.parametrize("alpha", [0.0, 0.05, 0.2, 0.5])
def test_deterrence_and_sustained_compliance_are_monotone_in_patience(policy, alpha):
    """critical_discount's bisection assumes monotonicity: on a grid of 60 discount factors
    in [0.01, 0.995], once the target is deterred (or compliance sustained) it stays so."""
    game = DEFAULT.replace(false_alarm=alpha)
    grid = np.linspace(0.01, 0.995, 60)
    for key in ("deterred", "sustained"):
        flags = [getattr(best_response(policy, game.replace(discount=d)), key) for d in grid]
        first = flags.index(True) if True in flags else len(flags)
        assert all(flags[first:]), (key, flags)


def test_compliance_region_matches_critical_discount():
    """compliance_region is True exactly at discount factors above critical_discount, for
    each false-alarm rate on the grid (ladder with step 1, m = 4)."""
    policy = Ladder(4, 1, 4)
    deltas = np.linspace(0.3, 0.95, 14)
    alphas = [0.0, 0.05, 0.15]
    region = compliance_region(policy, DEFAULT, deltas, alphas)
    assert region.shape == (3, 14)
    for i, alpha in enumerate(alphas):
        threshold = critical_discount(policy, DEFAULT.replace(false_alarm=alpha))
        assert (region[i] == (deltas >= threshold)).all()


def _bisection_threshold(policy, game, *, sustained=False, tol=1e-9):
    """Reference: plain bisection on delta with the one-problem solver best_response."""
    def holds(delta):
        r = best_response(policy, game.replace(discount=delta))
        return r.sustained if sustained else r.deterred

    cap = 1.0 - 1e-6
    if not holds(cap):
        return INF
    if holds(0.0):
        return 0.0
    low, high = 0.0, cap
    while high - low > tol:
        mid = 0.5 * (low + high)
        low, high = (low, mid) if holds(mid) else (mid, high)
    return high


@settings(deadline=None, max_examples=30)
@given(
    K=st.integers(1, 5),
    step=st.integers(1, 5),
    m=st.one_of(st.none(), st.integers(1, 6)),
    beta=st.floats(0.0, 0.5),
    g=st.floats(0.2, 2.0),
    alphas=st.lists(st.floats(0.0, 0.6), min_size=1, max_size=4),
    deltas=st.lists(st.floats(0.0, 0.99), min_size=1, max_size=5),
)
def test_compliance_map_agrees_with_best_response_cell_by_cell(K, step, m, beta, g, alphas,
                                                               deltas):
    """The batched solver behind compliance_map gives, in every cell, the code that
    best_response gives for that one problem: 2 if sustained, 1 if only deterred, 0 if not
    deterred (random ladders, false-alarm rates and discount factors)."""
    assume(step <= K)
    policy = Ladder(K, step, m)
    game = DEFAULT.replace(gain=g, miss=beta)
    codes = compliance_map(policy, game, deltas, alphas)
    for i, alpha in enumerate(alphas):
        for j, delta in enumerate(deltas):
            r = best_response(policy, game.replace(false_alarm=alpha, discount=delta))
            expected = SUSTAINED if r.sustained else DETERRED_ONLY if r.deterred else NOT_DETERRED
            assert codes[i, j] == expected, (alpha, delta)


def test_compliance_map_for_the_closed_form_policies():
    """All at once (defaults, beta = 0.1): deterred from 2/7 = 0.2857 and never sustained when
    alpha = 0.05; with alpha = 0 deterred = sustained from g/(cK(1-beta) + g beta) = 1/3.7 =
    0.2703. Generous tit for tat (q = 1/3): deterred = sustained from 15/34 = 0.4412."""
    deltas = [0.24, 0.26, 0.28, 0.29, 0.44, 0.45]
    once = compliance_map(AllAtOnce(4), DEFAULT, deltas, [0.0, 0.05])
    assert once.tolist() == [[0, 0, 2, 2, 2, 2], [0, 0, 0, 1, 1, 1]]
    gtft = compliance_map(GenerousTitForTat(4, 1 / 3), DEFAULT, deltas, [0.05])
    assert gtft.tolist() == [[0, 0, 0, 0, 0, 2]]


@pytest.mark.parametrize(
    "policy", [Ladder(4, 1, 4), Ladder(4, 2, 3), Ladder(4, 1, 1), Ladder(3, 1, None)], ids=repr
)
@pytest.mark.parametrize("alpha", [0.0, 0.05, 0.4])
@pytest.mark.parametrize("sustained", [False, True])
def test_bracket_search_matches_plain_bisection(policy, alpha, sustained):
    """critical_discount's search (31 discount factors per round) finds the same threshold
    as a plain bisection with best_response, within the tolerance 1e-9."""
    game = DEFAULT.replace(false_alarm=alpha)
    fast = critical_discount(policy, game, sustained=sustained)
    slow = _bisection_threshold(policy, game, sustained=sustained)
    if slow == INF:
        assert fast == INF
    else:
        assert_allclose(fast, slow, atol=2e-9)


@pytest.mark.parametrize("sustained", [False, True])
def test_threshold_curve_matches_one_at_a_time_bisection(sustained):
    """critical_discount_curve searches all false-alarm rates together; each threshold equals
    a plain bisection's for that rate alone (Ladder(4, 1, 4) and Ladder(4, 1, 1), alpha from
    0 to 0.6, within 2e-9), including the infinite ones."""
    alphas = [0.0, 0.01, 0.05, 0.2, 0.4, 0.6]
    for policy in (Ladder(4, 1, 4), Ladder(4, 1, 1)):
        curve = critical_discount_curve(policy, DEFAULT, alphas, sustained=sustained)
        for alpha, got in zip(alphas, curve, strict=True):
            want = _bisection_threshold(policy, DEFAULT.replace(false_alarm=alpha),
                                        sustained=sustained)
            if want == INF:
                assert got == INF, alpha
            else:
                assert_allclose(got, want, atol=2e-9)


def test_threshold_curve_closed_forms():
    """For all-at-once and generous tit for tat the curve is the closed form at every alpha:
    1/(4(0.9 - alpha) + 0.1) and 1/(4 x 2/3 x (0.9 - alpha)); all-at-once is never
    sustained when alpha > 0."""
    alphas = np.array([0.0, 0.05, 0.2])
    assert_allclose(critical_discount_curve(AllAtOnce(4), DEFAULT, alphas),
                    1 / (4 * (0.9 - alphas) + 0.1), rtol=1e-12)
    assert_allclose(critical_discount_curve(GenerousTitForTat(4, 1 / 3), DEFAULT, alphas),
                    1 / (4 * (2 / 3) * (0.9 - alphas)), rtol=1e-12)
    sustained = critical_discount_curve(AllAtOnce(4), DEFAULT, alphas, sustained=True)
    assert sustained[0] == critical_discount_curve(AllAtOnce(4), DEFAULT, [0.0])[0]
    assert (sustained[1:] == INF).all()


# --------------------------------------------------------------------------------------------
# Surprises, with numbers
# --------------------------------------------------------------------------------------------


def test_surprise_all_at_once_deters_but_cannot_sustain_compliance():
    """Default game: all-at-once deters a target with delta = 0.9 (threshold 2/7) but, after
    the first false alarm (20 periods on average), the target has nothing left to lose and
    violates for ever: long-run compliance share 0, long-run level 4. Green & Porter's point
    that punishment happens on the equilibrium path, made permanent."""
    r = best_response(AllAtOnce(4), DEFAULT)
    assert r.deterred and not r.sustained
    assert r.violate.tolist() == [False, True]
    assert r.compliance_share == 0.0 and r.long_run_level == 4.0
    assert critical_discount(AllAtOnce(4), DEFAULT, sustained=True) == INF
    assert critical_discount(AllAtOnce(4), PERFECT, sustained=True) == 0.25


def test_surprise_tit_for_tat_deters_almost_as_well_at_a_twentieth_of_the_burden():
    """Default game: full-level tit for tat (q = 0) deters from delta = 1/(4 x 0.85) = 5/17
    = 0.294, all-at-once from 2/7 = 0.286; yet a compliant target bears a long-run level of
    4 x 0.05 = 0.2 under tit for tat against 4 under all-at-once."""
    tft, once = GenerousTitForTat(4, 0.0), AllAtOnce(4)
    assert_allclose(critical_discount(tft, DEFAULT), 5 / 17, rtol=1e-12)
    assert_allclose(critical_discount(once, DEFAULT), 2 / 7, rtol=1e-12)
    assert_allclose(long_run_level(tft, DEFAULT), 0.2, rtol=1e-12)
    assert long_run_level(once, DEFAULT) == 4.0


def test_surprise_false_alarms_help_a_quick_forgiving_ladder_non_monotonically():
    """Ladder(4, 1, 1), beta = 0.1: with few false alarms no patience deters (one flag costs
    one level for one period, and delta x 0.85 < g = c); more false alarms make a flag
    costlier (a raised level is more likely to be raised again) and deterrence becomes
    possible, then harder again: threshold inf at alpha = 0.05 and 0.10, 0.9318 at 0.2,
    0.8805 at 0.4, 0.8907 at 0.5, 0.9416 at 0.6 -- while all-at-once's threshold only rises
    (0.2857, 0.3448, 0.4762, 0.5882, 0.7692)."""
    ladder = Ladder(4, 1, 1)
    got = {
        a: critical_discount(ladder, DEFAULT.replace(false_alarm=a))
        for a in (0.05, 0.1, 0.2, 0.4, 0.5, 0.6)
    }
    assert got[0.05] == INF and got[0.1] == INF
    assert_allclose(
        [got[0.2], got[0.4], got[0.5], got[0.6]],
        [0.931766, 0.880469, 0.890725, 0.941567],
        atol=2e-6,
    )
    assert got[0.4] < got[0.2] and got[0.4] < got[0.5] < got[0.6]
    once = [
        critical_discount(AllAtOnce(4), DEFAULT.replace(false_alarm=a))
        for a in (0.05, 0.2, 0.4, 0.5, 0.6)
    ]
    assert np.all(np.diff(once) > 0)


def test_surprise_false_alarms_raise_the_cost_of_a_flag_in_a_ladder():
    """The mechanism: for a compliant target under Ladder(4, 1, 1), V(relief) - V(level 1) =
    c + delta alpha (V(1) - V(2)) grows with alpha: 1.0 at alpha = 0, 1.1018 at 0.05,
    1.5600 at 0.2 (delta = 0.95)."""
    gaps = []
    for alpha in (0.0, 0.05, 0.2):
        v = strategy_values(Ladder(4, 1, 1), DEFAULT.replace(false_alarm=alpha, discount=0.95))
        gaps.append(v[0] - v[1])
    assert_allclose(gaps, [1.0, 1.101758, 1.559978], atol=1e-6)


def test_surprise_deterred_at_high_false_alarm_rate_but_never_sustained():
    """Ladder(4, 1, 1) at alpha = 0.6: the target is deterred in relief from delta = 0.9416
    on, but compliance is never sustained (it gives up at high levels)."""
    game = DEFAULT.replace(false_alarm=0.6)
    assert_allclose(critical_discount(Ladder(4, 1, 1), game), 0.941567, atol=2e-6)
    assert critical_discount(Ladder(4, 1, 1), game, sustained=True) == INF


def test_surprise_slower_step_down_deters_better_but_sustains_worse():
    """Ladder(4, 1, m), defaults. As m grows the deterrence threshold falls and then stops
    (0.6656, 0.5885, 0.5639, 0.5619, then 0.561801 for m >= 7) while the threshold for
    sustained compliance rises (0.7683, 0.8475, 0.8901, 0.9167, ..., 0.9820 at m = 12) and a
    compliant target's long-run level rises (0.121, 0.199, 0.292, 0.402, ..., 1.680)."""
    ms = range(2, 13)
    deter = np.array([critical_discount(Ladder(4, 1, m), DEFAULT) for m in ms])
    sustain = np.array([critical_discount(Ladder(4, 1, m), DEFAULT, sustained=True) for m in ms])
    burden = np.array([long_run_level(Ladder(4, 1, m), DEFAULT) for m in ms])
    assert np.all(np.diff(deter) <= 1e-9)
    assert_allclose(deter[:4], [0.665627, 0.588465, 0.563931, 0.561865], atol=2e-6)
    assert_allclose(deter[5:], 0.561801, atol=2e-6)
    assert np.all(np.diff(sustain) > 0)
    assert_allclose(
        sustain[[0, 1, 2, 3, -1]], [0.768269, 0.847469, 0.890075, 0.916663, 0.982004], atol=2e-6
    )
    assert np.all(np.diff(burden) > 0)
    assert_allclose(
        burden[[0, 1, 2, 3, -1]], [0.121044, 0.198908, 0.291832, 0.402437, 1.680029], atol=2e-6
    )


def test_surprise_only_a_window_of_step_down_speeds_sustains_compliance():
    """At delta = 0.9 (defaults), Ladder(4, 1, m) deters for every m from 2 to 12 but
    sustains compliance only for m = 2, 3, 4: m = 1 forgives too fast to deter, m >= 5
    leaves the target so long at high levels after false alarms that it gives up."""
    sustained = [m for m in range(1, 13) if best_response(Ladder(4, 1, m), DEFAULT).sustained]
    deterred = [m for m in range(1, 13) if best_response(Ladder(4, 1, m), DEFAULT).deterred]
    assert sustained == [2, 3, 4]
    assert deterred == list(range(2, 13))


def test_surprise_deterred_ladder_unravels_to_the_ceiling():
    """Ladder(4, 1, 8) at the defaults: the target complies in relief (threshold 0.5618 <
    0.9) but violates at the ceiling, so false alarms eventually lock it there: long-run
    compliance share below 0.001 and long-run level 3.999 -- worse for civilians than the
    deterring ladder with m = 4 (0.292)."""
    r = best_response(Ladder(4, 1, 8), DEFAULT)
    assert r.deterred and not r.sustained
    assert r.compliance_share < 1e-3
    assert_allclose(r.long_run_level, 3.999233, atol=1e-6)
    assert {Ladder(4, 1, 8).states[i][0] for i in np.flatnonzero(r.violate)} == {4}


def test_surprise_perfect_monitoring_step_down_beyond_the_ceiling_adds_nothing():
    """alpha = beta = 0, Ladder(4, 1, m): threshold 0.618 (m = 2), 0.5437 (m = 3), then
    0.5188 for every m >= 4 = K: the target's best deviation becomes violating for ever
    and accepting the ceiling, which m does not affect."""
    got = [critical_discount(Ladder(4, 1, m), PERFECT) for m in (2, 3, 4, 6, 10, None)]
    assert_allclose(got, [0.618034, 0.543689, 0.518790, 0.518790, 0.518790, 0.518790], atol=2e-6)


def test_surprise_bigger_steps_deter_better_sustain_worse():
    """Ladder(4, s, 4), defaults: s = 1..4 lowers the deterrence threshold (0.5639, 0.4080,
    0.3423, 0.2857) but raises the sustained-compliance threshold (0.8901, 0.8993, 0.9043,
    0.9073) and the compliant target's level (0.292, 0.872, 1.268, 1.542)."""
    deter = [critical_discount(Ladder(4, s, 4), DEFAULT) for s in range(1, 5)]
    sustain = [critical_discount(Ladder(4, s, 4), DEFAULT, sustained=True) for s in range(1, 5)]
    burden = [long_run_level(Ladder(4, s, 4), DEFAULT) for s in range(1, 5)]
    assert_allclose(deter, [0.563931, 0.408026, 0.342329, 0.285714], atol=2e-6)
    assert_allclose(sustain, [0.890075, 0.899263, 0.904331, 0.907311], atol=2e-6)
    assert_allclose(burden, [0.291832, 0.871940, 1.267721, 1.541587], atol=2e-6)


@pytest.mark.parametrize("K", [2, 4, 8])
def test_surprise_cheapest_deterring_forgiveness_burden_ignores_the_ceiling(K):
    """With forgiveness at its largest deterring value q_max = 1 - g/(delta c K (1-alpha-
    beta)), the compliant target bears alpha g / (delta c (1-alpha-beta)) = 0.05 / 0.765 =
    0.065359 levels in the long run, whatever the ceiling (q_max = 0.3464, 0.6732, 0.8366)."""
    q = max_deterring_forgiveness(DEFAULT, K)
    assert_allclose(q, {2: 0.346405, 4: 0.673203, 8: 0.836601}[K], atol=1e-6)
    assert_allclose(long_run_level(GenerousTitForTat(K, q), DEFAULT), 0.05 / 0.765, rtol=1e-9)
    assert_allclose(critical_discount(GenerousTitForTat(K, q), DEFAULT), 0.9, rtol=1e-9)


def test_max_forgiveness_tends_to_nowak_sigmund_term_when_patient():
    """alpha = beta = 0, delta -> 1: q_max -> 1 - g/(cK) = (R-P)/(T-P) with T = g, R = 0,
    P = g - cK: 3/4 for g = 1, c = 1, K = 4 (0.74975 at delta = 0.9999); the same value as
    gtft_generosity's second term for those payoffs."""
    q = max_deterring_forgiveness(PERFECT.replace(discount=0.9999), 4)
    assert_allclose(q, 1 - 1 / (0.9999 * 4), rtol=1e-12)
    assert abs(q - 0.75) < 1e-4
    # second term of Nowak-Sigmund's q with T=1, R=0, P=-3 (any S making the first larger)
    assert_allclose(gtft_generosity(1, 0, -3, -100), 0.75, rtol=1e-12)


def test_max_forgiveness_special_values():
    """No detection (alpha + beta = 1) or delta = 0: -inf; a negative q_max means even tit
    for tat fails (g = 5 > delta c K (1-alpha-beta) = 3.06)."""
    assert max_deterring_forgiveness(DEFAULT.replace(false_alarm=0.5, miss=0.5), 4) == -INF
    assert max_deterring_forgiveness(DEFAULT.replace(discount=0.0), 4) == -INF
    assert max_deterring_forgiveness(DEFAULT.replace(gain=5.0), 4) < 0


def test_uninformative_monitor_never_deters():
    """With alpha + beta >= 1 a violation does not raise the chance of a flag: no policy
    deters at any patience."""
    game = DEFAULT.replace(false_alarm=0.5, miss=0.5)
    for policy in (AllAtOnce(4), GenerousTitForTat(4, 0.0), Ladder(4, 2, 3)):
        assert critical_discount(policy, game) == INF


# --------------------------------------------------------------------------------------------
# Tables for the lesson
# --------------------------------------------------------------------------------------------


def test_policy_table_rows_are_the_model_functions():
    """Each row of policy_table is critical_discount (both kinds), long_run_level,
    expected_time_to_sanctions and best_response for that policy: at the defaults the
    all-at-once row reads 2/7, inf, 4, 20, deterred, not sustained, share 0, level 4."""
    policies = {"once": AllAtOnce(4), "ladder": Ladder(4, 1, 4), "gtft": GenerousTitForTat(4)}
    table = policy_table(policies, DEFAULT)
    assert list(table.index) == ["once", "ladder", "gtft"]
    for name, policy in policies.items():
        row = table.loc[name]
        r = best_response(policy, DEFAULT)
        assert_allclose(row["deterred_from"], critical_discount(policy, DEFAULT), rtol=1e-12)
        assert row["sustained_from"] == critical_discount(policy, DEFAULT, sustained=True)
        assert_allclose(row["compliant_level"], long_run_level(policy, DEFAULT), rtol=1e-12)
        assert row["first_hit_after"] == expected_time_to_sanctions(policy, DEFAULT)
        assert (row["deterred"], row["sustained"]) == (r.deterred, r.sustained)
        assert_allclose([row["compliance_share"], row["level"]],
                        [r.compliance_share, r.long_run_level], rtol=1e-12)
    once = table.loc["once"]
    assert_allclose(once["deterred_from"], 2 / 7, rtol=1e-12)
    assert once["sustained_from"] == INF and once["first_hit_after"] == 20.0
    assert once["compliance_share"] == 0.0 and once["level"] == 4.0


def test_false_alarm_table_rows_are_the_model_functions():
    """false_alarm_table has one row per policy and rate, with critical_discount and
    long_run_level at that rate."""
    alphas = [0.0, 0.05, 0.3]
    policies = {"ladder": Ladder(4, 2, 3), "once": AllAtOnce(4)}
    table = false_alarm_table(policies, DEFAULT, alphas)
    assert table.shape == (6, 5)
    for row in table.itertuples():
        policy, game = policies[row.policy], DEFAULT.replace(false_alarm=row.false_alarm)
        assert_allclose(row.deterred_from, critical_discount(policy, game), atol=2e-9)
        sustained = critical_discount(policy, game, sustained=True)
        assert row.sustained_from == sustained or abs(row.sustained_from - sustained) < 2e-9
        assert_allclose(row.compliant_level, long_run_level(policy, game), rtol=1e-12)


@pytest.mark.parametrize("bad", [{}, [Ladder()], {"x": "ladder"}])
def test_tables_refuse_bad_policies(bad):
    """The tables need a non-empty mapping of names to policies."""
    with pytest.raises((ValueError, TypeError)):
        policy_table(bad, DEFAULT)


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: critical_discount(Ladder(), DEFAULT, tol=0), r"tol must be in \(0, 0.1\]"),
        (
            lambda: compliance_region(Ladder(), DEFAULT, [0.5, 1.0], [0.1]),
            r"discounts\[1\] must be in \[0, 1\)",
        ),
        (
            lambda: compliance_region(Ladder(), DEFAULT, [0.5], [-0.1]),
            r"false_alarms\[0\] must be in \[0, 1\]",
        ),
        (lambda: unit_ladder_critical_discount(0, 1, 4, 2), r"gain must be in \(0, inf\)"),
        (lambda: unit_ladder_critical_discount(1, 1, 0, 2), r"ceiling must be in \[1, inf\]"),
        (lambda: unit_ladder_critical_discount(1, 1, 4, 0), r"clean_periods must be in \[1, "),
        (lambda: max_deterring_forgiveness(DEFAULT, 0), r"ceiling must be in \[1, inf\]"),
        (lambda: strategy_values(Ladder(), DEFAULT, "sometimes"), "actions must be"),
    ],
)
def test_validation_errors_name_the_parameter(call, message):
    """Invalid arguments raise ValueError naming the parameter and the allowed range."""
    with pytest.raises(ValueError, match=message):
        call()


def test_wrong_objects_raise_type_error():
    """A policy or game of the wrong type raises TypeError."""
    with pytest.raises(TypeError):
        best_response("ladder", DEFAULT)
    with pytest.raises(TypeError):
        critical_discount(Ladder(), 0.9)
