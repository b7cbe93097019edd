"""Parameter validation shared by every model in :mod:`sanclab.models`.

Each helper checks one parameter and either returns it in a canonical form (a ``float``, an
``int`` or a fresh float :class:`numpy.ndarray`) or raises an error whose message names the
parameter, the value it got and what is allowed, for example
``penalty must be in [0, inf), got -1.0``.

Out-of-range and NaN values raise :class:`ValueError`; values that are not real numbers at all
(strings, ``None``, complex numbers) raise :class:`TypeError`. The helpers never modify their
input: arrays are copied.

Examples
--------
>>> check_range("penalty", 2, 0, float("inf"), high_open=True)
2.0
>>> check_range("penalty", -1, 0, float("inf"), high_open=True)
Traceback (most recent call last):
...
ValueError: penalty must be in [0, inf), got -1.0
>>> check_probability("diversion", 0.25)
0.25
>>> check_array("weights", [1, 2], low=0).tolist()
[1.0, 2.0]
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence

import numpy as np

__all__ = [
    "check_array",
    "check_integer",
    "check_probability",
    "check_range",
    "check_same_length",
    "format_interval",
]


def _fmt(value: float) -> str:
    """Format a bound or a value for an error message (``inf``, ``0``, ``0.5``, ``-1.0``)."""
    if math.isinf(value):
        return "inf" if value > 0 else "-inf"
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(float(value))


def format_interval(
    low: float, high: float, *, low_open: bool = False, high_open: bool = False
) -> str:
    """Write an interval in the usual bracket notation.

    Parameters
    ----------
    low, high : float
        The bounds (``-inf`` and ``inf`` allowed).
    low_open, high_open : bool, default False
        Whether the bound itself is excluded.

    Returns
    -------
    str
        For example ``"[0, 1]"`` or ``"[0, inf)"``.

    Examples
    --------
    >>> format_interval(0, 1)
    '[0, 1]'
    >>> format_interval(0, float("inf"), high_open=True)
    '[0, inf)'
    >>> format_interval(0, 0.5, low_open=True)
    '(0, 0.5]'
    """
    left = "(" if low_open else "["
    right = ")" if high_open else "]"
    return f"{left}{_fmt(low)}, {_fmt(high)}{right}"


def _in_interval(value: float, low: float, high: float, low_open: bool, high_open: bool) -> bool:
    if math.isnan(value):
        return False
    above = value > low if low_open else value >= low
    below = value < high if high_open else value <= high
    return above and below


def _as_real(name: str, value: object) -> float:
    """Convert a real scalar to float; reject booleans, strings, None and complex numbers."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {value!r}")
    return float(value)


def check_range(
    name: str,
    value: object,
    low: float,
    high: float,
    *,
    low_open: bool = False,
    high_open: bool = False,
) -> float:
    """Check that a scalar lies in an interval and return it as a ``float``.

    Parameters
    ----------
    name : str
        The parameter's name, used in the error message.
    value : real number
        The value to check. NaN is always rejected.
    low, high : float
        The bounds. With ``high=inf`` and ``high_open=False`` the value ``inf`` is accepted.
    low_open, high_open : bool, default False
        Whether the bound itself is excluded.

    Returns
    -------
    float
        ``float(value)``.

    Raises
    ------
    ValueError
        If the value is NaN or outside the interval.
    TypeError
        If the value is not a real number.

    Examples
    --------
    >>> check_range("benefit", 1, 0, float("inf"), high_open=True)
    1.0
    >>> check_range("share", 1.5, 0, 1)
    Traceback (most recent call last):
    ...
    ValueError: share must be in [0, 1], got 1.5
    >>> check_range("rate", float("nan"), 0, 1, low_open=True)
    Traceback (most recent call last):
    ...
    ValueError: rate must be in (0, 1], got nan
    """
    number = _as_real(name, value)
    if not _in_interval(number, low, high, low_open, high_open):
        interval = format_interval(low, high, low_open=low_open, high_open=high_open)
        raise ValueError(f"{name} must be in {interval}, got {number!r}")
    return number


def check_probability(name: str, value: object) -> float:
    """Check that a scalar is a probability or share, i.e. lies in ``[0, 1]``.

    Parameters
    ----------
    name : str
        The parameter's name, used in the error message.
    value : real number
        The value to check.

    Returns
    -------
    float
        ``float(value)``.

    Examples
    --------
    >>> check_probability("waiver", 1)
    1.0
    >>> check_probability("waiver", -0.2)
    Traceback (most recent call last):
    ...
    ValueError: waiver must be in [0, 1], got -0.2
    """
    return check_range(name, value, 0.0, 1.0)


def check_integer(name: str, value: object, low: int, high: float = math.inf) -> int:
    """Check that a value is an integer in ``[low, high]`` and return it as ``int``.

    Parameters
    ----------
    name : str
        The parameter's name, used in the error message.
    value : int
        The value to check. Booleans and floats (even ``2.0``) are rejected.
    low : int
        Smallest allowed value.
    high : int or float, default inf
        Largest allowed value.

    Returns
    -------
    int

    Examples
    --------
    >>> check_integer("number of allies", 3, 1, 12)
    3
    >>> check_integer("number of allies", 13, 1, 12)
    Traceback (most recent call last):
    ...
    ValueError: number of allies must be in [1, 12], got 13
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    number = int(value)
    if not low <= number <= high:
        raise ValueError(f"{name} must be in {format_interval(low, high)}, got {number}")
    return number


def check_array(
    name: str,
    values: object,
    *,
    low: float = -math.inf,
    high: float = math.inf,
    low_open: bool = False,
    high_open: bool = False,
    also_allowed: Iterable[float] = (),
    ndim: int | None = 1,
    length: int | None = None,
    min_length: int = 0,
) -> np.ndarray:
    """Check an array of real numbers element by element and return a float copy.

    Parameters
    ----------
    name : str
        The parameter's name, used in the error message (the offending index is appended,
        as in ``thresholds[3]``).
    values : array_like
        Real numbers (booleans are rejected, NaN is always rejected).
    low, high : float, default -inf, inf
        Bounds every element must respect. The defaults accept every non-NaN number,
        including infinities.
    low_open, high_open : bool, default False
        Whether the bound itself is excluded.
    also_allowed : iterable of float, default ()
        Values accepted even outside the interval, for example ``(inf,)`` for thresholds
        in ``[0, 1]`` that may also be infinite.
    ndim : int or None, default 1
        Required number of dimensions (``None``: any; a scalar then counts as 0-d).
    length : int or None, default None
        Required length of a 1-d array.
    min_length : int, default 0
        Smallest allowed length of a 1-d array.

    Returns
    -------
    numpy.ndarray
        A new float64 array; the input is never modified.

    Raises
    ------
    ValueError
        If an element is NaN or out of range, or the shape is wrong.
    TypeError
        If the input does not hold real numbers.

    Examples
    --------
    >>> check_array("thresholds", [0, 0.5, float("inf")], low=0, high=1,
    ...             also_allowed=(float("inf"),)).tolist()
    [0.0, 0.5, inf]
    >>> check_array("thresholds", [0, 1.5], low=0, high=1)
    Traceback (most recent call last):
    ...
    ValueError: thresholds[1] must be in [0, 1], got 1.5
    >>> check_array("weights", [1, 2, 3], length=2)
    Traceback (most recent call last):
    ...
    ValueError: weights must have length 2, got 3
    """
    try:
        raw = np.asarray(values)
    except (TypeError, ValueError) as exc:  # ragged nested sequences
        raise TypeError(f"{name} must be an array of real numbers, got {values!r}") from exc
    if raw.dtype == bool or raw.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be an array of real numbers, got {values!r}")
    array = np.array(raw, dtype=float, copy=True)
    if ndim is not None and array.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-d array, got shape {array.shape}")
    if array.ndim == 1:
        if length is not None and array.shape[0] != length:
            raise ValueError(f"{name} must have length {length}, got {array.shape[0]}")
        if array.shape[0] < min_length:
            raise ValueError(
                f"{name} must have at least {min_length} element(s), got {array.shape[0]}"
            )
    extra = np.asarray(list(also_allowed), dtype=float)
    above = array > low if low_open else array >= low
    below = array < high if high_open else array <= high
    ok = above & below
    if extra.size:
        ok |= np.isin(array, extra)
    if not ok.all():
        bad = tuple(int(i) for i in np.argwhere(~ok)[0])
        label = name + "".join(f"[{i}]" for i in bad)
        allowed = format_interval(low, high, low_open=low_open, high_open=high_open)
        if extra.size:
            allowed += " or " + " or ".join(_fmt(x) for x in extra)
        raise ValueError(f"{label} must be in {allowed}, got {float(array[bad])!r}")
    return array


def check_same_length(**arrays: Sequence[object]) -> int:
    """Check that several 1-d arrays have the same length and return it.

    Parameters
    ----------
    **arrays : sequence
        Named arrays, in the order they should be reported.

    Returns
    -------
    int
        The common length (0 if no array is given).

    Examples
    --------
    >>> check_same_length(trade_share=[0.1, 0.2], cost=[1.0, 2.0])
    2
    >>> check_same_length(trade_share=[0.1, 0.2], cost=[1.0])
    Traceback (most recent call last):
    ...
    ValueError: cost must have the same length as trade_share (2), got 1
    """
    first_name, first_len = None, 0
    for name, values in arrays.items():
        n = len(values)
        if first_name is None:
            first_name, first_len = name, n
        elif n != first_len:
            raise ValueError(
                f"{name} must have the same length as {first_name} ({first_len}), got {n}"
            )
    return first_len
