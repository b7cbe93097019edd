"""Tests for sanclab.models._validate, the parameter checks shared by every model."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from sanclab.models._validate import (
    check_array,
    check_integer,
    check_probability,
    check_range,
    check_same_length,
    format_interval,
)

INF = math.inf


def test_error_message_names_parameter_value_and_range():
    """The house format: 'penalty must be in [0, inf), got -1.0'."""
    with pytest.raises(ValueError) as info:
        check_range("penalty", -1, 0, INF, high_open=True)
    assert str(info.value) == "penalty must be in [0, inf), got -1.0"


@pytest.mark.parametrize(
    ("low", "high", "low_open", "high_open", "text"),
    [
        (0, 1, False, False, "[0, 1]"),
        (0, 1, True, True, "(0, 1)"),
        (0, INF, False, True, "[0, inf)"),
        (-INF, 0.5, True, False, "(-inf, 0.5]"),
    ],
)
def test_format_interval(low, high, low_open, high_open, text):
    """Bracket notation: a round bracket marks an excluded bound."""
    assert format_interval(low, high, low_open=low_open, high_open=high_open) == text


def test_check_range_bounds_open_and_closed():
    """A closed bound is accepted, an open one rejected; the value comes back as a float."""
    assert check_range("x", 0, 0, 1) == 0.0
    assert isinstance(check_range("x", 1, 0, 1), float)
    with pytest.raises(ValueError, match=r"x must be in \(0, 1\], got 0.0"):
        check_range("x", 0, 0, 1, low_open=True)
    with pytest.raises(ValueError, match=r"x must be in \[0, 1\), got 1.0"):
        check_range("x", 1.0, 0, 1, high_open=True)


def test_check_range_infinity_follows_the_bracket():
    """inf is inside [0, inf] but outside [0, inf)."""
    assert check_range("t", INF, 0, INF) == INF
    with pytest.raises(ValueError, match=r"t must be in \[0, inf\), got inf"):
        check_range("t", INF, 0, INF, high_open=True)


def test_check_range_rejects_nan():
    """NaN is in no interval, not even (-inf, inf)."""
    with pytest.raises(ValueError, match="got nan"):
        check_range("x", float("nan"), -INF, INF)


@pytest.mark.parametrize("bad", ["0.5", None, True, 1 + 0j, [0.5]])
def test_check_range_rejects_non_numbers_with_type_error(bad):
    """Strings, None, booleans, complex numbers and lists are not real numbers."""
    with pytest.raises(TypeError, match="x must be a real number"):
        check_range("x", bad, 0, 1)


def test_check_range_accepts_numpy_scalars():
    """numpy scalars are real numbers."""
    assert check_range("x", np.float32(0.5), 0, 1) == 0.5
    assert check_range("x", np.int64(1), 0, 1) == 1.0


def test_check_probability():
    """Probabilities live in [0, 1]."""
    assert check_probability("q", 0.25) == 0.25
    with pytest.raises(ValueError, match=r"q must be in \[0, 1\], got 1.01"):
        check_probability("q", 1.01)


def test_check_integer():
    """Integers in range pass; floats, booleans and out-of-range values do not."""
    assert check_integer("n", 12, 1, 12) == 12
    with pytest.raises(ValueError, match=r"n must be in \[1, 12\], got 13"):
        check_integer("n", 13, 1, 12)
    with pytest.raises(TypeError, match="n must be an integer"):
        check_integer("n", 2.0, 1, 12)
    with pytest.raises(TypeError, match="n must be an integer"):
        check_integer("n", True, 0, 12)


def test_check_array_names_the_first_bad_index():
    """The message points at the offending element: 'weights[2] must be in [0, inf]'."""
    with pytest.raises(ValueError, match=r"weights\[2\] must be in \[0, inf\], got -1.0"):
        check_array("weights", [1, 2, -1, -2], low=0)


def test_check_array_2d_index():
    """For a 2-d array both indices are named."""
    with pytest.raises(ValueError, match=r"m\[1\]\[0\] must be in \[0, 1\], got 2.0"):
        check_array("m", [[0, 1], [2, 0]], low=0, high=1, ndim=2)


def test_check_array_also_allowed_values():
    """Extra allowed values (inf for thresholds) pass and appear in the message."""
    out = check_array("t", [0, 1, INF], low=0, high=1, also_allowed=(INF,))
    assert out.tolist() == [0.0, 1.0, INF]
    with pytest.raises(ValueError, match=r"t\[0\] must be in \[0, 1\] or inf, got nan"):
        check_array("t", [float("nan")], low=0, high=1, also_allowed=(INF,))


def test_check_array_shape_checks():
    """Wrong number of dimensions, wrong length and too few elements are reported."""
    with pytest.raises(ValueError, match="x must be a 1-d array, got shape"):
        check_array("x", [[1.0]])
    with pytest.raises(ValueError, match="x must have length 3, got 2"):
        check_array("x", [1, 2], length=3)
    with pytest.raises(ValueError, match=r"x must have at least 1 element\(s\), got 0"):
        check_array("x", [], min_length=1)


@pytest.mark.parametrize("bad", [["a", "b"], [True, False], [None, 1.0], [[1, 2], [3]]])
def test_check_array_rejects_non_numbers(bad):
    """Strings, booleans, None and ragged lists are not arrays of real numbers."""
    with pytest.raises(TypeError, match="x must be an array of real numbers"):
        check_array("x", bad)


def test_check_array_copies_and_leaves_input_alone():
    """The result is a new float array; changing it does not touch the input."""
    original = np.array([1, 2, 3])
    out = check_array("x", original)
    out[0] = 99.0
    assert original.tolist() == [1, 2, 3]
    assert out.dtype == np.float64


def test_check_same_length():
    """The first array sets the expected length, later ones are compared with it."""
    assert check_same_length(a=[1, 2], b=[3, 4]) == 2
    with pytest.raises(ValueError, match=r"b must have the same length as a \(2\), got 1"):
        check_same_length(a=[1, 2], b=[3])


@given(st.floats(allow_nan=True, allow_infinity=True))
def test_check_probability_accepts_exactly_the_unit_interval(x):
    """Property: check_probability accepts x if and only if 0 <= x <= 1."""
    if 0.0 <= x <= 1.0:
        assert check_probability("x", x) == x
    else:
        with pytest.raises(ValueError, match=r"x must be in \[0, 1\]"):
            check_probability("x", x)


@given(st.lists(st.floats(allow_nan=True, allow_infinity=True), max_size=8))
def test_check_array_agrees_with_elementwise_check(values):
    """Property: an array passes if and only if every element passes check_range."""
    ok = all(0.0 <= v < INF for v in values)
    if ok:
        assert check_array("v", values, low=0, high=INF, high_open=True).tolist() == values
    else:
        with pytest.raises(ValueError, match=r"v\[\d+\] must be in \[0, inf\)"):
            check_array("v", values, low=0, high=INF, high_open=True)
