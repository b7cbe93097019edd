"""Tests for sanclab.models.leakage: effectiveness when non-members absorb sanctioned trade.

Each test's docstring states the known result it checks.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import effectiveness, required_coverage, target_cost

RTOL = 1e-12
PROPERTY = settings(deadline=None, max_examples=150)
unit = st.floats(0.0, 1.0, allow_nan=False)

@PROPERTY
@given(d=unit)
def test_effectiveness_endpoints(d):
    """E(0, d) = 0 and E(1, d) = 1 for every diversion rate d."""
    assert effectiveness(0.0, d) == 0.0
    assert effectiveness(1.0, d) == 1.0


def test_effectiveness_known_values():
    """E(s, d) = s (1 - d (1 - s)): E(0.5, 0) = 0.5, E(0.5, 1) = 0.25, E(0.8, 0.5) = 0.72."""
    assert_allclose(effectiveness([0.5, 0.5, 0.8], 0.0), [0.5, 0.5, 0.8], rtol=RTOL)
    assert effectiveness(0.5, 1.0) == 0.25
    assert_allclose(effectiveness(0.8, 0.5), 0.72, rtol=RTOL)


@PROPERTY
@given(s1=unit, s2=unit, d=unit)
def test_effectiveness_increases_in_coverage(s1, s2, d):
    """Property: s1 <= s2 implies E(s1, d) <= E(s2, d)."""
    lo, hi = sorted((s1, s2))
    assert effectiveness(lo, d) <= effectiveness(hi, d) + 1e-15


@PROPERTY
@given(s=unit, d1=unit, d2=unit)
def test_effectiveness_falls_as_diversion_rises(s, d1, d2):
    """Comparative static (c): E is linear in d with slope dE/dd = -s (1 - s) <= 0, so more
    diversion to non-members never raises effectiveness, and strictly lowers it when
    0 < s < 1."""
    lo, hi = sorted((d1, d2))
    e_lo, e_hi = effectiveness(s, lo), effectiveness(s, hi)
    assert e_hi <= e_lo + 1e-15
    assert_allclose(e_hi - e_lo, -(hi - lo) * s * (1 - s), atol=1e-15)
    if 0 < s < 1 and hi - lo > 1e-6 and s * (1 - s) > 1e-6:
        assert e_hi < e_lo


def test_effectiveness_falls_as_diversion_rises_on_a_grid():
    """Comparative static (c) on a grid: for s = 0.6, E = 0.6, 0.552, 0.504, 0.456, 0.408,
    0.36 as d = 0, 0.2, ..., 1 (slope -0.24)."""
    values = [effectiveness(0.6, d) for d in np.linspace(0, 1, 6)]
    assert_allclose(values, [0.6, 0.552, 0.504, 0.456, 0.408, 0.36], rtol=1e-12)


@PROPERTY
@given(s1=unit, s2=unit, d=unit)
def test_effectiveness_is_convex_in_coverage(s1, s2, d):
    """Property: E''(s) = 2d >= 0, so E((s1 + s2)/2) <= (E(s1) + E(s2))/2."""
    mid = effectiveness((s1 + s2) / 2, d)
    assert mid <= (effectiveness(s1, d) + effectiveness(s2, d)) / 2 + 1e-15


def test_effectiveness_is_vectorised_and_keeps_shape():
    """An array of coverages gives an array of the same shape; a scalar gives a float."""
    grid = np.linspace(0, 1, 6).reshape(2, 3)
    out = effectiveness(grid, 0.3)
    assert out.shape == (2, 3)
    assert isinstance(effectiveness(0.3, 0.3), float)


def test_target_cost_scales_effectiveness():
    """C(s, d) = T E(s, d): with T = 200, s = 0.5, d = 1 the target loses 50."""
    assert target_cost(0.5, 1.0, target_trade=200.0) == 50.0
    assert_allclose(target_cost([0.0, 1.0], 0.5), [0.0, 1.0], rtol=RTOL)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: effectiveness(1.2, 0.5), r"coverage must be in \[0, 1\], got 1.2"),
        (lambda: effectiveness([0.1, -0.1], 0.5), r"coverage\[1\] must be in \[0, 1\]"),
        (lambda: effectiveness(0.5, 1.5), r"diversion must be in \[0, 1\], got 1.5"),
        (lambda: effectiveness(0.5, float("nan")), r"diversion must be in \[0, 1\], got nan"),
        (lambda: target_cost(0.5, 0.5, -1.0), r"target_trade must be in \[0, inf\)"),
    ],
)
def test_effectiveness_rejects_bad_parameters(call, message):
    """Coverage and diversion outside [0, 1] and a negative trade raise ValueError."""
    with pytest.raises(ValueError, match=message):
        call()


def test_required_coverage_known_values():
    """Inverse of E in s: 0.4 s^2 + 0.6 s - 0.75 = 0 gives s = (-0.6 + sqrt(1.56)) / 0.8
    = 0.811249...; at d = 0, s = E; at d = 1, s = sqrt(E)."""
    assert_allclose(required_coverage(0.75, 0.4), (-0.6 + np.sqrt(1.56)) / 0.8, rtol=RTOL)
    assert_allclose(required_coverage([0.0, 0.3, 1.0], 0.0), [0.0, 0.3, 1.0], rtol=RTOL)
    assert_allclose(required_coverage([0.25, 0.64], 1.0), [0.5, 0.8], rtol=RTOL)


@PROPERTY
@given(s=unit, d=unit)
def test_required_coverage_inverts_effectiveness(s, d):
    """required_coverage(E(s, d), d) = s: E is strictly increasing in s, so the inverse is
    unique (up to rounding)."""
    assert_allclose(required_coverage(effectiveness(s, d), d), s, atol=1e-9)


def test_required_coverage_rejects_bad_parameters():
    """A share to cut outside [0, 1] or a bad diversion rate is a ValueError naming it."""
    with pytest.raises(ValueError, match="effectiveness"):
        required_coverage(1.5, 0.4)
    with pytest.raises(ValueError, match="diversion"):
        required_coverage(0.5, -0.1)
