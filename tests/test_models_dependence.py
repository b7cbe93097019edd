"""Tests for sanclab.models.dependence: partner concentration and extractable surplus.

Each test's docstring states the known result it checks. Property tests use hypothesis with
``deadline=None`` (no test depends on timing).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import (
    binding_option_level,
    equivalent_partners,
    extractable_surplus,
    hhi,
    hirschman_index,
    partner_shares,
)

RTOL = 1e-12
PROPERTY = settings(deadline=None, max_examples=200)

trade_values = st.lists(st.floats(0.0, 100.0), min_size=1, max_size=12).filter(
    lambda xs: sum(xs) > 1e-6
)
unit = st.floats(0.0, 1.0, allow_nan=False)


# --------------------------------------------------------------------------------------------
# Concentration
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("n", range(1, 11))
def test_n_equal_partners_give_one_over_n(n):
    """n equal partners: HHI = 1/n, Hirschman's index = 1/sqrt(n), 1/HHI = n partners."""
    assert_allclose(hhi([1.0] * n), 1.0 / n, rtol=RTOL)
    assert_allclose(hirschman_index([7.5] * n), 1.0 / math.sqrt(n), rtol=RTOL)
    assert_allclose(equivalent_partners([0.2] * n), n, rtol=RTOL)


@given(value=st.floats(1e-3, 1e6), n=st.integers(1, 30))
@PROPERTY
def test_equal_raw_values_of_any_size_give_one_over_n(value, n):
    """Raw trade values are normalized inside: n equal values of any size give HHI = 1/n."""
    assert_allclose(hhi([value] * n), 1.0 / n, rtol=1e-12)


@given(values=trade_values, scale=st.floats(1e-3, 1e3))
@PROPERTY
def test_indices_do_not_depend_on_units(values, scale):
    """Shares and raw values give the same index: H(c x) = H(x) for any c > 0."""
    assert_allclose(hhi(np.array(values) * scale), hhi(values), rtol=1e-12)


@given(values=trade_values)
@PROPERTY
def test_indices_lie_between_one_over_n_and_one(values):
    """1/n <= H <= 1 with n the partners with positive trade, and C = sqrt(H) in (0, 1]."""
    n = sum(1 for x in values if x > 0)
    h = hhi(values)
    assert 1.0 / n - 1e-12 <= h <= 1.0
    assert_allclose(hirschman_index(values), math.sqrt(h), rtol=1e-12)
    assert 0.0 < hirschman_index(values) <= 1.0


def test_single_partner_and_zero_partners():
    """One partner gives 1; partners with zero trade change nothing."""
    assert hhi([42.0]) == 1.0
    assert hirschman_index([42.0, 0.0, 0.0]) == 1.0
    assert_allclose(hhi([0.5, 0.5, 0.0, 0.0]), 0.5, rtol=RTOL)


def test_worked_example():
    """Shares 0.5, 0.25, 0.25: H = 0.25 + 0.0625 + 0.0625 = 0.375, C = 0.6124, 8/3 partners."""
    assert hhi([50, 25, 25]) == 0.375
    assert_allclose(hirschman_index([0.5, 0.25, 0.25]), math.sqrt(0.375), rtol=RTOL)
    assert_allclose(equivalent_partners([2, 1, 1]), 8 / 3, rtol=RTOL)


@given(values=trade_values, fraction=unit)
@PROPERTY
def test_moving_trade_from_the_largest_partner_to_a_new_one_never_raises_concentration(
    values, fraction
):
    """Moving delta <= s1 from the largest share s1 to a new partner changes H by
    2 delta (delta - s1) <= 0 (zero only for delta = 0 or delta = s1, a relabelling)."""
    shares = partner_shares(values)
    largest = int(np.argmax(shares))
    delta = fraction * shares[largest]
    moved = np.append(shares, delta)
    moved[largest] -= delta
    assert hhi(moved) <= hhi(shares) + 1e-12
    assert hirschman_index(moved) <= hirschman_index(shares) + 1e-12
    assert_allclose(
        hhi(moved) - hhi(shares), 2 * delta * (delta - shares[largest]), atol=1e-12
    )
    if 1e-6 < fraction < 1 - 1e-6 and shares[largest] > 1e-3:
        assert hhi(moved) < hhi(shares)


def test_moving_too_much_trade_to_an_existing_partner_raises_concentration():
    """Shares (0.5, 0.4, 0.1): moving 0.2 from the first to the second partner gives
    (0.3, 0.6, 0.1) and raises H from 0.42 to 0.46 (swapping one dependence for another)."""
    assert_allclose(hhi([0.5, 0.4, 0.1]), 0.42, rtol=RTOL)
    assert_allclose(hhi([0.3, 0.6, 0.1]), 0.46, rtol=RTOL)


@given(values=st.lists(st.floats(0.0, 100.0), min_size=2, max_size=8), fraction=unit,
       to=st.integers(0, 7))
@PROPERTY
def test_moving_trade_to_an_existing_partner_changes_h_by_the_formula(values, fraction, to):
    """Moving delta from the largest share s1 to an existing share sj changes H by
    2 delta (sj - s1 + delta): a rise whenever delta > s1 - sj."""
    assume(sum(values) > 1e-6)
    shares = partner_shares(values)
    largest = int(np.argmax(shares))
    j = to % len(shares)
    assume(j != largest)
    delta = fraction * shares[largest]
    moved = shares.copy()
    moved[largest] -= delta
    moved[j] += delta
    expected = 2 * delta * (shares[j] - shares[largest] + delta)
    assert_allclose(hhi(moved) - hhi(shares), expected, atol=1e-12)


@pytest.mark.parametrize(
    ("values", "error", "message"),
    [
        ([0.5, -0.1], ValueError, r"trade values\[1\] must be in \[0, inf\), got -0.1"),
        ([0.0, 0.0], ValueError, "trade values must have a positive sum, got 0.0"),
        ([], ValueError, "trade values must have at least 1 element"),
        ([1.0, float("nan")], ValueError, r"trade values\[1\] must be in \[0, inf\), got nan"),
        ([1.0, float("inf")], ValueError, r"trade values\[1\] must be in \[0, inf\), got inf"),
        ([[0.5, 0.5]], ValueError, "trade values must be a 1-d array"),
        (["a", "b"], TypeError, "trade values must be an array of real numbers"),
    ],
)
def test_invalid_trade_values_are_rejected_with_a_clear_message(values, error, message):
    """Negative, NaN, infinite, empty, all-zero, 2-d and non-numeric inputs are refused."""
    with pytest.raises(error, match=message):
        hhi(values)
    with pytest.raises(error, match=message):
        hirschman_index(values)


# --------------------------------------------------------------------------------------------
# Extractable surplus (the outside-option principle)
# --------------------------------------------------------------------------------------------


def test_extractable_surplus_piecewise_values():
    """s = 0.3, beta = 1/2: X = 0.15 for o <= 0.15, X = 0.3 - o for 0.15 < o <= 0.3, 0 after."""
    o = np.array([0.0, 0.1, 0.15, 0.2, 0.25, 0.3, 0.31, 1.0])
    expected = [0.15, 0.15, 0.15, 0.1, 0.05, 0.0, 0.0, 0.0]
    assert_allclose(extractable_surplus(0.3, o), expected, atol=1e-15)


def test_leverage_grows_with_trade_share_and_shrinks_with_outside_options():
    """The issue's claim, with the course's measure: X rises with the power's trade share
    (0.1 -> 0.2 -> 0.3 gives 0.05, 0.1, 0.15 at o = 0) and falls with the regional option
    once it binds (0.15 -> 0.1 -> 0.0 for o = 0.15, 0.2, 0.3 at s = 0.3)."""
    assert_allclose(extractable_surplus([0.1, 0.2, 0.3], 0.0), [0.05, 0.1, 0.15], rtol=RTOL)
    assert_allclose(extractable_surplus(0.3, [0.15, 0.2, 0.3]), [0.15, 0.1, 0.0], atol=1e-15)


@given(s1=unit, s2=unit, o=st.floats(0.0, 2.0), beta=unit)
@PROPERTY
def test_extractable_surplus_is_nondecreasing_in_trade_share(s1, s2, o, beta):
    """X(s, o) is nondecreasing in s, strictly when o < s and 0 < beta < 1."""
    lo, hi = min(s1, s2), max(s1, s2)
    x_lo = extractable_surplus(lo, o, bargaining_share=beta)
    x_hi = extractable_surplus(hi, o, bargaining_share=beta)
    assert x_hi >= x_lo - 1e-15
    if o < lo and hi - lo > 1e-9 and 1e-6 < beta < 1 - 1e-6:
        assert x_hi > x_lo


@given(s=unit, o1=st.floats(0.0, 2.0), o2=st.floats(0.0, 2.0), beta=unit)
@PROPERTY
def test_extractable_surplus_is_nonincreasing_in_the_regional_option(s, o1, o2, beta):
    """X(s, o) is nonincreasing in o: a better regional option never helps the power."""
    lo, hi = min(o1, o2), max(o1, o2)
    assert extractable_surplus(s, hi, bargaining_share=beta) <= (
        extractable_surplus(s, lo, bargaining_share=beta) + 1e-15
    )


@given(s=st.floats(0.01, 1.0), beta=st.floats(0.01, 0.99), frac=st.floats(0.0, 1.0))
@PROPERTY
def test_an_option_that_does_not_bind_changes_nothing(s, beta, frac):
    """Outside-option principle: for every o <= (1 - beta) s, X(s, o) = beta s exactly, the
    value without any option; just above the binding level X falls one for one."""
    level = binding_option_level(s, bargaining_share=beta)
    assert_allclose(level, (1 - beta) * s, rtol=RTOL)
    o = frac * level
    assert extractable_surplus(s, o, bargaining_share=beta) == beta * s
    eps = 1e-3 * s * beta
    assert_allclose(
        extractable_surplus(s, level + eps, bargaining_share=beta), beta * s - eps, rtol=1e-9
    )


def test_binding_level_of_the_illustrative_powers():
    """With beta = 1/2 the option binds at half the trade share: 0.15 for s = 0.3, 0.125 for
    s = 0.25; with beta = 0.8 (a stronger power) already at 0.06 for s = 0.3."""
    assert binding_option_level(0.3) == 0.15
    assert binding_option_level(0.25) == 0.125
    assert_allclose(binding_option_level(0.3, bargaining_share=0.8), 0.06, rtol=1e-12)


def test_diversifying_away_from_one_power_lowers_concentration_but_not_the_others_hold():
    """Balanced hedger (A 0.30, B 0.25, rest as in the table): spreading B's 0.25 over five
    new partners lowers H from 0.1788 to 0.1288 but leaves A's extractable surplus at 0.15 —
    a concentration index is not a measure of any single power's hold."""
    before = [0.30, 0.25, 0.08, 0.07, 0.05] + [0.05] * 5
    after = [0.30, 0.08, 0.07, 0.05] + [0.05] * 5 + [0.05] * 5
    assert_allclose(hhi(before), 0.1788, rtol=1e-12)
    assert_allclose(hhi(after), 0.1288, rtol=1e-12)
    assert extractable_surplus(0.30, 0.0) == extractable_surplus(0.30, 0.0) == 0.15


def test_extractable_surplus_broadcasts_and_keeps_scalars_scalar():
    """Scalars in, float out; arrays broadcast like numpy (2 shares x 3 options -> 2 x 3)."""
    assert isinstance(extractable_surplus(0.3, 0.1), float)
    grid = extractable_surplus(np.array([[0.2], [0.4]]), np.array([0.0, 0.15, 0.5]))
    assert_allclose(grid, [[0.1, 0.05, 0.0], [0.2, 0.2, 0.0]], atol=1e-15)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"trade_share": 1.2, "regional_option": 0.0}, r"trade_share must be in \[0, 1\]"),
        ({"trade_share": 0.2, "regional_option": -0.1}, r"regional_option must be in \[0, inf\]"),
        (
            {"trade_share": 0.2, "regional_option": 0.1, "bargaining_share": 1.5},
            r"bargaining_share must be in \[0, 1\], got 1.5",
        ),
        ({"trade_share": float("nan"), "regional_option": 0.1}, "trade_share must be in"),
    ],
)
def test_extractable_surplus_rejects_out_of_range_parameters(kwargs, message):
    """Each parameter is checked and named in the error with its allowed range."""
    with pytest.raises(ValueError, match=message):
        extractable_surplus(**kwargs)


def test_binding_option_level_rejects_out_of_range_parameters():
    """binding_option_level validates the trade share and the bargaining share."""
    with pytest.raises(ValueError, match=r"trade_share must be in \[0, 1\], got -0.1"):
        binding_option_level(-0.1)
    with pytest.raises(ValueError, match=r"bargaining_share must be in \[0, 1\], got 2.0"):
        binding_option_level(0.3, bargaining_share=2.0)
