"""Tests for sanclab.models.alignment: the small state's alignment between two powers.

Each test's docstring states the known result it checks. The closed-form optimum is checked
three ways: against the first-order condition, against a brute-force grid (an independent
computation that can only find a lower payoff than the true maximum) and against the
numerical solver. Property tests use hypothesis with ``deadline=None``.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import (
    ALIGNMENT_SLACK,
    AlignmentChoice,
    AlignmentParams,
    alignment_benefit,
    alignment_payoff,
    alignment_sweep,
    expected_sanction_loss,
    hedging_interval,
    optimal_alignment,
    solve_alignment,
    switch_threat,
    threat_free_alignment,
)

RTOL = 1e-12
PROPERTY = settings(deadline=None, max_examples=150)
SLOW_PROPERTY = settings(deadline=None, max_examples=60)
SQRT2 = math.sqrt(2.0)


def sqrt_benefit(a: float) -> float:
    """U(a) for w_A = w_B = 1 and square roots."""
    return math.sqrt(a) + math.sqrt(1.0 - a)


# --------------------------------------------------------------------------------------------
# Strategies
# --------------------------------------------------------------------------------------------

tolerance = st.one_of(st.sampled_from([0.0, 1.0, 0.25, 0.5]), st.floats(0.0, 1.0))


@st.composite
def alignment_params(draw, exponent=None):
    """Random parameters: positive values, threats, credibilities, tolerances, option."""
    return AlignmentParams(
        value_a=draw(st.floats(0.05, 2.0)),
        value_b=draw(st.floats(0.05, 2.0)),
        threat_a=draw(st.floats(0.0, 1.5)),
        threat_b=draw(st.floats(0.0, 1.5)),
        credibility_a=draw(st.floats(0.0, 1.0)),
        credibility_b=draw(st.floats(0.0, 1.0)),
        tolerance_a=draw(tolerance),
        tolerance_b=draw(tolerance),
        regional_option=draw(st.floats(0.0, 0.5)),
        benefit_exponent=draw(st.floats(0.2, 0.8)) if exponent is None else exponent,
    )


def grid_maximum(params: AlignmentParams, f=None) -> float:
    """Brute force: the best payoff on 20,001 grid points plus the two tolerance edges."""
    grid = np.unique(np.concatenate([np.linspace(0, 1, 20001), [params.edge_a, params.edge_b]]))
    if f is None:
        return float(alignment_payoff(params, grid).max())
    benefit = np.array([params.value_a * f(x) + params.value_b * f(1 - x) for x in grid])
    return float((benefit - expected_sanction_loss(params, grid)).max())


def runner_up_gap(params: AlignmentParams) -> float:
    """Payoff gap between the best candidate and the best candidate elsewhere (> 1e-6 away)."""
    best = optimal_alignment(params)
    points = [0.0, 1.0, params.edge_a, params.edge_b, best.threat_free]
    others = [alignment_payoff(params, x) for x in points if abs(x - best.alignment) > 1e-6]
    return best.payoff - max(others) if others else math.inf


# --------------------------------------------------------------------------------------------
# Without threats: the closed form
# --------------------------------------------------------------------------------------------


def test_square_root_closed_form():
    """Square roots, values 3 and 4: a* = 9/25 = 0.36 and U(a*) = sqrt(9 + 16) = 5."""
    assert threat_free_alignment(3.0, 4.0) == 0.36
    assert_allclose(alignment_benefit(AlignmentParams(value_a=3, value_b=4), 0.36), 5.0, rtol=RTOL)
    best = optimal_alignment(AlignmentParams(value_a=3.0, value_b=4.0))
    assert (best.alignment, best.regime, best.optima) == (0.36, "hedge", (0.36,))
    assert_allclose(best.payoff, 5.0, rtol=RTOL)


@given(w_a=st.floats(0.01, 10), w_b=st.floats(0.01, 10), gamma=st.floats(0.05, 0.95))
@PROPERTY
def test_closed_form_solves_the_first_order_condition(w_a, w_b, gamma):
    """a0 = w_A^k / (w_A^k + w_B^k), k = 1/(1 - gamma), satisfies
    gamma w_A a^(gamma-1) = gamma w_B (1 - a)^(gamma-1), and U(a0) = (w_A^k + w_B^k)^(1-gamma)."""
    a0 = threat_free_alignment(w_a, w_b, gamma)
    assume(1e-6 < a0 < 1 - 1e-6)  # avoid the cancellation in 1 - a0 near the corners
    assert_allclose(w_a * a0 ** (gamma - 1), w_b * (1 - a0) ** (gamma - 1), rtol=1e-9)
    k = 1 / (1 - gamma)
    params = AlignmentParams(value_a=w_a, value_b=w_b, benefit_exponent=gamma)
    assert_allclose(alignment_benefit(params, a0), (w_a**k + w_b**k) ** (1 - gamma), rtol=1e-9)


@given(w_a=st.floats(0.01, 10), w_b=st.floats(0.01, 10))
@PROPERTY
def test_square_root_maximum_is_the_euclidean_norm(w_a, w_b):
    """Square roots (Cauchy-Schwarz): max_a w_A sqrt(a) + w_B sqrt(1-a) = sqrt(w_A^2 + w_B^2),
    reached at a = w_A^2 / (w_A^2 + w_B^2)."""
    a0 = threat_free_alignment(w_a, w_b)
    assert_allclose(a0, w_a**2 / (w_a**2 + w_b**2), rtol=1e-12)
    params = AlignmentParams(value_a=w_a, value_b=w_b)
    assert_allclose(alignment_benefit(params, a0), math.hypot(w_a, w_b), rtol=1e-12)


@given(w_a=st.floats(0.01, 10), w_b=st.floats(0.01, 10), gamma=st.floats(0.05, 0.95))
@PROPERTY
def test_threat_free_alignment_symmetry(w_a, w_b, gamma):
    """Swapping the powers mirrors the choice: a0(w_A, w_B) = 1 - a0(w_B, w_A)."""
    assert_allclose(
        threat_free_alignment(w_a, w_b, gamma), 1 - threat_free_alignment(w_b, w_a, gamma),
        atol=1e-12,
    )


def test_threat_free_alignment_corners_and_extreme_values():
    """w_A = 0 gives 0, w_B = 0 gives 1; very unequal values or gamma near 1 do not overflow."""
    assert threat_free_alignment(0.0, 1.0) == 0.0
    assert threat_free_alignment(2.0, 0.0) == 1.0
    assert threat_free_alignment(1e-300, 1.0, 0.99) == 0.0
    assert threat_free_alignment(1e300, 1.0, 0.99) == 1.0
    assert_allclose(threat_free_alignment(2.0, 1.0, 0.99), 1 / (1 + 2.0**-100), rtol=1e-12)


# --------------------------------------------------------------------------------------------
# With threats: closed form == brute force == numerical solver
# --------------------------------------------------------------------------------------------


@given(params=alignment_params())
@SLOW_PROPERTY
def test_closed_form_optimum_beats_every_grid_point(params):
    """Independent check: no alignment on a fine grid (plus the edges) pays more than a*."""
    best = optimal_alignment(params)
    assert best.payoff >= grid_maximum(params) - 1e-12 * params.scale
    assert_allclose(best.payoff, alignment_payoff(params, best.alignment), rtol=1e-12)


@given(params=alignment_params())
@SLOW_PROPERTY
def test_closed_form_and_numerical_solver_agree(params):
    """The exact candidate method and the piecewise numerical maximization give the same
    payoff (1e-10) and, away from knife-edges, the same alignment (1e-6) and regime."""
    exact = optimal_alignment(params)
    numeric = solve_alignment(params)
    assert_allclose(numeric.payoff, exact.payoff, rtol=1e-10, atol=1e-12)
    if runner_up_gap(params) > 1e-7 * params.scale:
        assert abs(numeric.alignment - exact.alignment) <= 1e-6
        # an alignment within 1e-6 of a corner (e.g. a tolerance of 1e-300) cannot be told
        # from the corner numerically; compare labels only for clear cases
        if all(x in (0.0, 1.0) or 1e-6 < x < 1 - 1e-6
               for x in (exact.alignment, numeric.alignment)):
            assert numeric.regime == exact.regime
            assert numeric.sanctioned_by == exact.sanctioned_by


def test_numerical_solver_with_another_concave_benefit():
    """f(x) = log(1 + x), values 3 and 4: the first-order condition 3/(1+a) = 4/(2-a) gives
    a = 2/7; with a zero-tolerance threat of A above U(2/7) - U(1) = 7 log(9/7) - 3 log 2 the
    state bandwagons with A (checked against a brute-force grid)."""
    params = AlignmentParams(value_a=3.0, value_b=4.0)
    assert_allclose(solve_alignment(params, math.log1p).alignment, 2 / 7, atol=1e-7)
    k_star = 3 * math.log(9 / 7) + 4 * math.log(12 / 7) - 3 * math.log(2)
    below = solve_alignment(params.replace(threat_a=k_star - 0.01), math.log1p)
    above = solve_alignment(params.replace(threat_a=k_star + 0.01), math.log1p)
    assert below.regime == "hedge" and below.sanctioned_by == ("A",)
    assert above.regime == "bandwagon_a" and above.alignment == 1.0
    for p, res in ((params.replace(threat_a=k_star - 0.01), below),
                   (params.replace(threat_a=k_star + 0.01), above)):
        assert res.payoff >= grid_maximum(p, math.log1p) - 1e-12


def test_numerical_solver_finds_a_corner_for_a_benefit_with_finite_slope():
    """f(x) = x (linear, concave in the weak sense): values 3 > 2 give the corner a = 1; with
    no threat it is not bandwagoning but plain full alignment ('align_a')."""
    best = solve_alignment(AlignmentParams(value_a=3.0, value_b=2.0), lambda x: x)
    assert (best.alignment, best.regime) == (1.0, "align_a")


def test_numerical_solver_rejects_a_convex_benefit():
    """f(x) = x^2 is convex: the solver refuses it (it would find a local optimum only)."""
    with pytest.raises(ValueError, match="benefit must be concave on"):
        solve_alignment(AlignmentParams(value_a=1, value_b=1), lambda x: x * x)
    with pytest.raises(ValueError, match="benefit must be finite"):
        solve_alignment(AlignmentParams(value_a=1, value_b=1), lambda x: 1 / x if x else math.inf)
    with pytest.raises(TypeError, match="benefit must be a callable"):
        solve_alignment(AlignmentParams(value_a=1, value_b=1), 3.0)


# --------------------------------------------------------------------------------------------
# The payoff's discontinuities
# --------------------------------------------------------------------------------------------


def test_payoff_jumps_down_by_the_expected_penalty_at_a_tolerance_edge():
    """w_A = w_B = 1, tolerance_a = 0.3, k_A = 0.5 x 0.2 = 0.1: V(0.7) - V(0.7 - 1e-9) = 0.1
    (plus a negligible benefit change); a = 0.7 itself is safe although 1 - 0.3 is rounded."""
    params = AlignmentParams(value_a=1, value_b=1, threat_a=0.2, credibility_a=0.5,
                             tolerance_a=0.3)
    assert expected_sanction_loss(params, 0.7) == 0.0
    assert expected_sanction_loss(params, 0.7 - 1e-9) == 0.1
    jump = alignment_payoff(params, 0.7) - alignment_payoff(params, 0.7 - 1e-9)
    assert_allclose(jump, 0.1, atol=1e-8)
    assert expected_sanction_loss(params, 0.7 - ALIGNMENT_SLACK / 2) == 0.0


def test_optimum_on_a_kink_is_not_a_stationary_point():
    """Same parameters: a* = 0.7, exactly at A's tolerance edge (the state accommodates A),
    although U'(0.7) = 1/(2 sqrt 0.7) - 1/(2 sqrt 0.3) < 0: no first-order condition holds."""
    params = AlignmentParams(value_a=1, value_b=1, threat_a=0.2, credibility_a=0.5,
                             tolerance_a=0.3)
    best = optimal_alignment(params)
    assert (best.alignment, best.at_edge_of, best.sanctioned_by) == (0.7, ("A",), ())
    assert 1 / (2 * math.sqrt(0.7)) - 1 / (2 * math.sqrt(0.3)) < -0.3


# --------------------------------------------------------------------------------------------
# Comparative statics
# --------------------------------------------------------------------------------------------


@given(params=alignment_params(exponent=0.5), t1=st.floats(0, 2), t2=st.floats(0, 2))
@PROPERTY
def test_alignment_moves_toward_a_power_as_its_threat_rises(params, t1, t2):
    """Increasing differences: a* is nondecreasing in A's threat and nonincreasing in B's."""
    lo, hi = min(t1, t2), max(t1, t2)
    assert optimal_alignment(params.replace(threat_a=hi)).alignment >= (
        optimal_alignment(params.replace(threat_a=lo)).alignment
    )
    assert optimal_alignment(params.replace(threat_b=hi)).alignment <= (
        optimal_alignment(params.replace(threat_b=lo)).alignment
    )


@given(params=alignment_params(exponent=0.5), p1=st.floats(0, 1), p2=st.floats(0, 1))
@PROPERTY
def test_alignment_moves_toward_a_power_as_its_credibility_rises(params, p1, p2):
    """The threat enters only through k_A = p_A max(t_A - r, 0): a* is nondecreasing in p_A."""
    lo, hi = min(p1, p2), max(p1, p2)
    assert optimal_alignment(params.replace(credibility_a=hi)).alignment >= (
        optimal_alignment(params.replace(credibility_a=lo)).alignment
    )


@given(params=alignment_params(), w1=st.floats(0.05, 3), w2=st.floats(0.05, 3))
@PROPERTY
def test_alignment_rises_with_the_value_of_the_relationship(params, w1, w2):
    """a* is nondecreasing in w_A (increasing differences in a and w_A)."""
    lo, hi = min(w1, w2), max(w1, w2)
    assert optimal_alignment(params.replace(value_a=hi)).alignment >= (
        optimal_alignment(params.replace(value_a=lo)).alignment
    )


def test_hedging_turns_into_bandwagoning_at_the_switch_threat():
    """Values 3 and 4, zero tolerance, full credibility: the state defies A while
    k_A < sqrt(3^2 + 4^2) - 3 = 2 and bandwagons with A (a* = 1) above; at k_A = 2 both are
    optimal and the state takes the one without a sanction."""
    params = AlignmentParams(value_a=3.0, value_b=4.0)
    assert switch_threat(params, "A") == 2.0
    below = optimal_alignment(params.replace(threat_a=1.999))
    above = optimal_alignment(params.replace(threat_a=2.001))
    edge = optimal_alignment(params.replace(threat_a=2.0))
    assert (below.alignment, below.regime, below.sanctioned_by) == (0.36, "hedge", ("A",))
    assert (above.alignment, above.regime, above.sanctioned_by) == (1.0, "bandwagon_a", ())
    assert edge.optima == (0.36, 1.0) and edge.knife_edge and edge.alignment == 1.0
    assert_allclose([below.payoff, edge.payoff, above.payoff], [3.001, 3.0, 3.0], rtol=1e-12)


@given(w_a=st.floats(0.05, 2), w_b=st.floats(0.05, 2), p=st.floats(0.05, 1),
       r=st.floats(0, 0.5))
@PROPERTY
def test_switch_threat_closed_form(w_a, w_b, p, r):
    """Zero tolerance, no threat from B: t* = r + (sqrt(w_A^2 + w_B^2) - w_A) / p_A, and the
    regime is 'hedge' just below and 'bandwagon_a' just above."""
    params = AlignmentParams(value_a=w_a, value_b=w_b, credibility_a=p, regional_option=r)
    t_star = switch_threat(params, "A")
    assert_allclose(t_star, r + (math.hypot(w_a, w_b) - w_a) / p, rtol=1e-12)
    step = 1e-6 * (1 + t_star)
    assert optimal_alignment(params.replace(threat_a=t_star - step)).regime == "hedge"
    assert optimal_alignment(params.replace(threat_a=t_star + step)).regime == "bandwagon_a"


def test_switch_threat_for_power_b_mirrors_power_a():
    """Values 4 and 3: B's switch threat is sqrt(4^2 + 3^2) - 3 = 2, then a* = 0 ('bandwagon_b')."""
    params = AlignmentParams(value_a=4.0, value_b=3.0)
    assert switch_threat(params, "b") == 2.0
    assert optimal_alignment(params.replace(threat_b=2.5)).regime == "bandwagon_b"


def test_switch_threat_special_cases():
    """A tolerant power (tolerance 1) and a power whose tolerance the state keeps anyway need
    no threat (0.0); a power with zero credibility can never make the state switch (inf)."""
    base = AlignmentParams(value_a=3.0, value_b=4.0)
    assert switch_threat(base.replace(tolerance_a=1.0), "A") == 0.0
    assert switch_threat(base.replace(tolerance_a=0.7), "A") == 0.0  # a0 = 0.36 >= 0.3
    assert switch_threat(base.replace(credibility_a=0.0), "A") == math.inf
    with pytest.raises(ValueError, match="power must be 'A' or 'B', got 'C'"):
        switch_threat(base, "C")


@given(params=alignment_params(exponent=0.5))
@PROPERTY
def test_switch_threat_separates_defiance_from_accommodation(params):
    """Below t* the optimum lies beyond A's tolerance (A's sanction is borne), above it inside."""
    t_star = switch_threat(params, "A")
    assume(0 < t_star < 10 and params.credibility_a > 1e-3)
    step = 1e-4 * (1 + t_star)
    below = optimal_alignment(params.replace(threat_a=max(t_star - step, 0)))
    above = optimal_alignment(params.replace(threat_a=t_star + step))
    assert "A" not in above.sanctioned_by
    if t_star - step > params.regional_option:
        assert "A" in below.sanctioned_by


def _sym_bounds(k_a: float, k_b: float) -> tuple[float, float]:
    return (math.sqrt(2 * k_b * (1 + k_b)) - k_b, 1 + k_a - math.sqrt(2 * k_a * (1 + k_a)))


@pytest.mark.parametrize(("k_a", "k_b"), [(0.01, 0.01), (0.05, 0.1), (0.1, 0.1), (0.2, 0.15)])
def test_hedging_interval_closed_form_with_zero_tolerances(k_a, k_b):
    """Zero tolerances, square roots, w_A + w_B = 1: the state hedges for value shares
    theta in (sqrt(2 k_B (1 + k_B)) - k_B, 1 + k_A - sqrt(2 k_A (1 + k_A)))."""
    params = AlignmentParams(value_a=0.4, value_b=0.6, threat_a=k_a, threat_b=k_b)
    assert_allclose(hedging_interval(params), _sym_bounds(k_a, k_b), atol=1e-10)


def test_hedging_region_shrinks_as_threats_grow_until_the_state_bandwagons():
    """Equal zero-tolerance threats k: the hedging interval has length
    1 + 2k - 2 sqrt(2k(1+k)), falling from 1 to 0 at k = (sqrt 2 - 1)/2 = 0.2071; beyond, the
    state bandwagons with one power whatever the balance of its interests."""
    lengths = []
    for k in (0.0, 0.02, 0.05, 0.1, 0.15, 0.2):
        lo, hi = hedging_interval(AlignmentParams(value_a=0.5, value_b=0.5, threat_a=k,
                                                  threat_b=k))
        assert_allclose(hi - lo, 1 + 2 * k - 2 * math.sqrt(2 * k * (1 + k)), atol=1e-10)
        lengths.append(hi - lo)
    assert all(x > y for x, y in zip(lengths[:-1], lengths[1:], strict=True))
    k_close = (SQRT2 - 1) / 2
    assert_allclose(k_close, 0.20710678, rtol=1e-8)
    for k in (k_close + 1e-6, 0.25, 1.0):
        assert hedging_interval(AlignmentParams(value_a=0.5, value_b=0.5, threat_a=k,
                                                threat_b=k)) is None


@given(k_a=st.floats(0, 0.4), k_b=st.floats(0, 0.4), r1=st.floats(0, 0.4), r2=st.floats(0, 0.4))
@SLOW_PROPERTY
def test_a_larger_regional_option_widens_the_hedging_region_with_zero_tolerances(
    k_a, k_b, r1, r2
):
    """Zero tolerances: the interval's ends depend on k_A and k_B separately, and r lowers
    both, so a larger regional option never narrows the hedging region."""
    lo_r, hi_r = min(r1, r2), max(r1, r2)
    base = AlignmentParams(value_a=0.5, value_b=0.5, threat_a=k_a, threat_b=k_b,
                           credibility_a=0.7, credibility_b=0.4)
    small = hedging_interval(base.replace(regional_option=lo_r))
    large = hedging_interval(base.replace(regional_option=hi_r))
    if small is not None:
        assert large is not None
        assert large[0] <= small[0] + 1e-9 and large[1] >= small[1] - 1e-9


def test_regional_option_widens_the_illustrative_hedging_region():
    """Equal threats 0.3 at credibility 0.8 (k = 0.24 > 0.2071: no hedging); a regional
    option of 0.1 brings k down to 0.16 and reopens the interval (0.4493, 0.5507)."""
    params = AlignmentParams(value_a=0.5, value_b=0.5, threat_a=0.3, threat_b=0.3,
                             credibility_a=0.8, credibility_b=0.8)
    assert hedging_interval(params) is None
    lo, hi = hedging_interval(params.replace(regional_option=0.1))
    assert_allclose((lo, hi), _sym_bounds(0.16, 0.16), atol=1e-10)
    assert_allclose((lo, hi), (0.449262, 0.550738), atol=1e-6)


# --------------------------------------------------------------------------------------------
# Surprising behaviour (each is a claim the lesson may make)
# --------------------------------------------------------------------------------------------

#: The dashboard's illustrative setting: the balanced hedger's trade shares 0.30 and 0.25;
#: A: zero tolerance, threat 0.15 at credibility 0.5; B: tolerance 0.6, threat 0.10; r = 0.02.
ILLUSTRATIVE = AlignmentParams(value_a=0.30, value_b=0.25, threat_a=0.15, credibility_a=0.5,
                               tolerance_a=0.0, threat_b=0.10, credibility_b=0.4,
                               tolerance_b=0.6, regional_option=0.02)


def test_illustrative_setting():
    """a* = a0 = 0.09/0.1525 = 0.5902 (hedging while bearing A's expected penalty 0.065);
    A's switch threat t* = 0.02 + (sqrt(0.1525) - 0.30 + 0.032)/0.5 = 0.2650: the state then
    bandwagons with A and bears B's expected penalty 0.4 x 0.08 = 0.032 instead."""
    best = optimal_alignment(ILLUSTRATIVE)
    assert_allclose(best.alignment, 0.09 / 0.1525, rtol=1e-12)
    assert (best.regime, best.sanctioned_by) == ("hedge", ("A",))
    assert_allclose(best.expected_loss, 0.065, rtol=1e-12)
    t_star = switch_threat(ILLUSTRATIVE, "A")
    assert_allclose(t_star, 0.02 + (math.sqrt(0.1525) - 0.30 + 0.032) / 0.5, rtol=1e-12)
    assert_allclose(t_star, 0.265025, atol=1e-6)
    after = optimal_alignment(ILLUSTRATIVE.replace(threat_a=0.27))
    assert (after.regime, after.sanctioned_by) == ("bandwagon_a", ("B",))
    assert_allclose(after.expected_loss, 0.032, rtol=1e-12)


def test_regional_option_can_narrow_the_hedging_region():
    """Surprise: in the illustrative setting with B's credibility raised to 0.8 (> A's 0.5),
    the regional option softens B's sanction on bandwagoning with A faster than A's threat:
    raising r from 0 to 0.08 LOWERS A's switch threat from 0.341 to 0.293 and NARROWS the
    hedging interval's upper end from 0.7478 to 0.6970 (dt*/dr = 1 - p_B/p_A = -0.6)."""
    params = ILLUSTRATIVE.replace(credibility_b=0.8)
    t0 = switch_threat(params.replace(regional_option=0.0), "A")
    t8 = switch_threat(params.replace(regional_option=0.08), "A")
    assert_allclose((t0, t8), (0.341025, 0.293025), atol=1e-6)
    assert_allclose((t8 - t0) / 0.08, 1 - 0.8 / 0.5, rtol=1e-9)
    hi0 = hedging_interval(params.replace(regional_option=0.0))[1]
    hi8 = hedging_interval(params.replace(regional_option=0.08))[1]
    assert_allclose((hi0, hi8), (0.747846, 0.696980), atol=1e-6)
    # with B's credibility at 0.4 (< 0.5) the same option widens it: 0.6631 -> 0.6957
    low = ILLUSTRATIVE.replace(credibility_b=0.4)
    assert hedging_interval(low.replace(regional_option=0.08))[1] > (
        hedging_interval(low.replace(regional_option=0.0))[1]
    )


def test_a_threat_from_a_tolerant_power_widens_the_hedging_region():
    """Surprise: B zero-tolerant (threat 0.15), A tolerant up to 0.3. A's threat pulls states
    that would bandwagon with B to A's tolerance edge a = 0.7 (an interior hedge), so the
    hedging interval grows with A's threat: length 0.5626 at t_A = 0, 0.9206 at t_A = 0.5."""
    base = AlignmentParams(value_a=0.5, value_b=0.5, threat_b=0.15, tolerance_a=0.3)
    lengths = []
    for t_a in (0.0, 0.1, 0.2, 0.3, 0.5):
        lo, hi = hedging_interval(base.replace(threat_a=t_a))
        lengths.append(hi - lo)
    assert all(x < y for x, y in zip(lengths[:-1], lengths[1:], strict=True))
    assert_allclose([lengths[0], lengths[-1]], [0.562633, 0.920650], atol=1e-5)


def test_a_more_tolerant_power_can_get_more_alignment():
    """Surprise (non-monotone in tolerance): w_A = w_B = 1, A's expected penalty 0.1. With
    tolerance below tau* = 0.156765 the state defies A and stays at 0.5; just above tau* it
    accommodates A at 1 - tau = 0.843; more tolerance then lowers a* continuously back to 0.5
    (at tau = 0.5). A zero-tolerance demand gets less alignment than a moderate one."""
    base = AlignmentParams(value_a=1.0, value_b=1.0, threat_a=0.1)
    s = SQRT2 - 0.1
    q = ((s * s - 1) / 2) ** 2
    tau_star = (1 - math.sqrt(1 - 4 * q)) / 2
    assert_allclose(tau_star, 0.156765, atol=1e-6)
    assert_allclose(sqrt_benefit(0.5) - sqrt_benefit(1 - tau_star), 0.1, rtol=1e-12)
    expected = {0.0: 0.5, 0.1: 0.5, 0.2: 0.8, 0.3: 0.7, 0.4: 0.6, 0.6: 0.5}
    for tau, a_star in expected.items():
        assert_allclose(optimal_alignment(base.replace(tolerance_a=tau)).alignment, a_star,
                        rtol=1e-12)
    just_above = optimal_alignment(base.replace(tolerance_a=tau_star + 1e-9))
    assert_allclose(just_above.alignment, 1 - tau_star, atol=1e-8)
    assert just_above.at_edge_of == ("A",)


def test_regional_option_can_move_the_state_toward_a_power_and_back():
    """Surprise (non-monotone in r): w_A = w_B = 1, both tolerances 0.45 (no safe alignment:
    A wants a >= 0.55, B a <= 0.45), A: threat 0.2 at credibility 0.5, B: threat 0.12. The
    state defies the cheaper power: A for r < 0.04 (a* = 0.45), B for 0.04 <= r < 0.19645
    (a* = 0.55), then neither threat is worth obeying and a* = a0 = 0.5."""
    base = AlignmentParams(value_a=1, value_b=1, threat_a=0.2, credibility_a=0.5,
                           tolerance_a=0.45, threat_b=0.12, tolerance_b=0.45)
    r_back = 0.2 - 2 * (sqrt_benefit(0.5) - sqrt_benefit(0.55))
    assert_allclose(r_back, 0.196453, atol=1e-6)
    cases = {0.0: (0.45, ("A",)), 0.039: (0.45, ("A",)), 0.041: (0.55, ("B",)),
             0.15: (0.55, ()), 0.196: (0.55, ()), 0.197: (0.5, ("A",)), 0.25: (0.5, ())}
    for r, (a_star, sanctioned) in cases.items():
        best = optimal_alignment(base.replace(regional_option=r))
        assert_allclose(best.alignment, a_star, rtol=1e-12)
        assert best.sanctioned_by == sanctioned
    knife = optimal_alignment(base.replace(regional_option=0.04))
    assert knife.optima == (0.45, 0.55) and knife.alignment == 0.55  # smaller loss: 0.08 < 0.1


def test_expected_sanction_loss_borne_is_not_monotone_in_the_threat():
    """Surprise: values 3 and 4, zero tolerance. The expected loss the state bears rises one
    for one with A's threat while it defies (up to 2) and drops to 0 once it bandwagons; its
    payoff falls continuously (max(5 - k, 3)), with a kink at k = 2."""
    base = AlignmentParams(value_a=3.0, value_b=4.0)
    threats = [0.0, 0.5, 1.0, 1.5, 1.99, 2.01, 3.0]
    losses = [optimal_alignment(base.replace(threat_a=t)).expected_loss for t in threats]
    payoffs = [optimal_alignment(base.replace(threat_a=t)).payoff for t in threats]
    assert_allclose(losses, [0.0, 0.5, 1.0, 1.5, 1.99, 0.0, 0.0], atol=1e-12)
    assert_allclose(payoffs, [max(5 - t, 3.0) for t in threats], rtol=1e-12)


def test_a_threat_from_one_power_can_bring_on_the_other_powers_sanction():
    """Surprise: w_A = w_B = 1, A tolerates up to 0.3 (edge 0.7), B up to 0.6 with expected
    penalty 0.05. Once A's expected penalty exceeds U(0.5) - U(0.7) + 0.05 = 0.07983 the state
    moves to a = 0.7 and is sanctioned by B instead: it is caught between the two."""
    base = AlignmentParams(value_a=1, value_b=1, tolerance_a=0.3, threat_b=0.05,
                           tolerance_b=0.6)
    k_star = sqrt_benefit(0.5) - sqrt_benefit(0.7) + 0.05
    assert_allclose(k_star, 0.079830, atol=1e-6)
    assert_allclose(switch_threat(base, "A"), k_star, rtol=1e-12)
    before = optimal_alignment(base.replace(threat_a=k_star - 1e-4))
    after = optimal_alignment(base.replace(threat_a=k_star + 1e-4))
    assert (before.alignment, before.sanctioned_by) == (0.5, ("A",))
    assert (after.alignment, after.sanctioned_by, after.at_edge_of) == (0.7, ("B",), ("A",))


# --------------------------------------------------------------------------------------------
# Validation and the front end
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("value_a", -1.0, r"value_a must be in \[0, inf\), got -1.0"),
        ("value_b", float("inf"), r"value_b must be in \[0, inf\), got inf"),
        ("threat_a", -0.1, r"threat_a must be in \[0, inf\), got -0.1"),
        ("threat_b", float("nan"), r"threat_b must be in \[0, inf\), got nan"),
        ("credibility_a", 1.5, r"credibility_a must be in \[0, 1\], got 1.5"),
        ("credibility_b", -0.5, r"credibility_b must be in \[0, 1\], got -0.5"),
        ("tolerance_a", 2.0, r"tolerance_a must be in \[0, 1\], got 2.0"),
        ("tolerance_b", -0.1, r"tolerance_b must be in \[0, 1\], got -0.1"),
        ("regional_option", -1.0, r"regional_option must be in \[0, inf\), got -1.0"),
        ("benefit_exponent", 1.0, r"benefit_exponent must be in \(0, 1\), got 1.0"),
        ("benefit_exponent", 0.0, r"benefit_exponent must be in \(0, 1\), got 0.0"),
    ],
)
def test_each_parameter_is_validated(field, value, message):
    """Out-of-range parameters raise ValueError naming the parameter, value and range."""
    kwargs = {"value_a": 1.0, "value_b": 1.0, field: value}
    with pytest.raises(ValueError, match=message):
        AlignmentParams(**kwargs)


def test_other_invalid_inputs():
    """Both values zero, non-numbers, and alignments outside [0, 1] are refused."""
    with pytest.raises(ValueError, match="value_a and value_b must not both be 0"):
        AlignmentParams(value_a=0.0, value_b=0.0)
    with pytest.raises(TypeError, match="threat_a must be a real number"):
        AlignmentParams(value_a=1, value_b=1, threat_a="high")
    params = AlignmentParams(value_a=1, value_b=1)
    with pytest.raises(ValueError, match=r"alignment must be in \[0, 1\], got 1.2"):
        alignment_payoff(params, 1.2)
    with pytest.raises(ValueError, match=r"alignment\[1\] must be in \[0, 1\], got -0.1"):
        alignment_payoff(params, [0.5, -0.1])


def test_replace_validates_again():
    """AlignmentParams.replace builds a new, validated object."""
    params = AlignmentParams(value_a=1, value_b=1)
    assert params.replace(threat_a=0.5).threat_a == 0.5 and params.threat_a == 0.0
    with pytest.raises(ValueError, match="credibility_a must be in"):
        params.replace(credibility_a=3)


def test_payoff_functions_keep_scalars_scalar_and_vectorize_arrays():
    """Scalars in, float out; arrays in, arrays out, with V = U - L elementwise."""
    params = ILLUSTRATIVE
    grid = np.linspace(0, 1, 11)
    assert isinstance(alignment_payoff(params, 0.5), float)
    assert_allclose(alignment_payoff(params, grid),
                    alignment_benefit(params, grid) - expected_sanction_loss(params, grid),
                    rtol=RTOL)


def test_front_end_matches_the_functions():
    """AlignmentChoice gives the same answers as the plain functions."""
    model = AlignmentChoice(value_a=0.30, value_b=0.25, threat_a=0.15, credibility_a=0.5,
                            threat_b=0.10, credibility_b=0.4, tolerance_b=0.6,
                            regional_option=0.02)
    assert model.params == ILLUSTRATIVE
    assert model.optimum() == optimal_alignment(ILLUSTRATIVE)
    assert model.switch_threat("A") == switch_threat(ILLUSTRATIVE, "A")
    assert model.hedging_interval() == hedging_interval(ILLUSTRATIVE)
    assert model.payoff(0.5) == alignment_payoff(ILLUSTRATIVE, 0.5)
    assert model.benefit(0.5) == alignment_benefit(ILLUSTRATIVE, 0.5)
    assert model.expected_loss(0.5) == expected_sanction_loss(ILLUSTRATIVE, 0.5)
    assert_allclose(model.solve().payoff, model.optimum().payoff, rtol=1e-10)
    changed = model.with_changes(threat_a=0.3)
    assert changed.params.threat_a == 0.3 and model.params.threat_a == 0.15
    assert changed.optimum().regime == "bandwagon_a"
    assert repr(model).startswith("AlignmentChoice(value_a=0.3, value_b=0.25")


def test_sweep_reports_the_optimum_along_a_parameter():
    """alignment_sweep over A's threat in the 3-4 example: hedge (0.36, sanctioned by A) up to
    2, bandwagon with A after; the knife-edge at exactly 2 is flagged."""
    sweep = alignment_sweep(AlignmentParams(value_a=3.0, value_b=4.0), "threat_a",
                            [0.0, 1.0, 2.0, 2.5])
    assert sweep["alignment"].tolist() == [0.36, 0.36, 1.0, 1.0]
    assert sweep["sanctioned_by"].tolist() == ["", "A", "", ""]
    assert sweep["regime"].tolist() == ["hedge", "hedge", "bandwagon_a", "bandwagon_a"]
    assert sweep["knife_edge"].tolist() == [False, False, True, False]
    with pytest.raises(ValueError, match="parameter must be one of"):
        alignment_sweep(ILLUSTRATIVE, "threat_c", [0.0])
    with pytest.raises(ValueError, match=r"credibility_a must be in \[0, 1\], got 2.0"):
        alignment_sweep(ILLUSTRATIVE, "credibility_a", [0.5, 2.0])


def test_a_threat_can_push_a_corner_state_into_the_other_corner():
    """w_A = 0 (the state values only B, a0 = 0) but A's zero-tolerance threat of 2 exceeds
    w_B = 1: the state moves to a* = 1, labelled bandwagoning since a threat forced it; with
    no threat it stays at 0, labelled plain alignment."""
    params = AlignmentParams(value_a=0.0, value_b=1.0, threat_a=2.0)
    assert optimal_alignment(params).regime == "bandwagon_a"
    assert optimal_alignment(params.replace(threat_a=0.0)).regime == "align_b"
