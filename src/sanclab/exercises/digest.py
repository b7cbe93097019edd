"""Salted hashes of answers, so the student copy of a bank can check answers it does not hold.

A numeric answer is accepted by the grader when ``|x - value| <= allowed_error(value, ...)``
(:func:`allowed_error`). The student copy cannot hold ``value``; instead the number line is
cut into **cells** (:func:`numeric_cell`) and the copy holds the salted hashes of every cell
that meets the accepted interval ``[value - allowed, value + allowed]``. A student's number
is accepted when the hash of *its* cell is in the list. So

* every answer the grader accepts is accepted in practice too: its cell meets the interval
  by definition, however close to the interval's edge (or a cell's edge) it lies;
* an answer slightly outside the tolerance may be accepted in practice: cells are at most a
  third of the tolerance wide (:func:`numeric_grid`), so at most that far outside.

The cells depend only on the tolerances, never on the answer: near zero they are absolute
steps of ``10**a`` (``a`` from ``tolerance``), further out they keep ``d`` significant digits
(``d`` from ``rel_tolerance``, or the 1e-9 floating-point slack). Each hash is
``sha256(salt:exercise_id:cell)`` cut to 16 hex digits; the list is padded with random decoys
so that its length says little about the tolerance.

A practice checker can always be brute-forced: try every option, or every cell near a
guess. That is why grading never uses it: the grader checks the final answers against the
instructor's bank in its own process.
"""

from __future__ import annotations

import hashlib
import math
import secrets
from collections.abc import Iterable
from fractions import Fraction

__all__ = [
    "FLOAT_SLACK",
    "allowed_error",
    "cells_between",
    "choice_cell",
    "digest_matches",
    "hash_cell",
    "numeric_cell",
    "numeric_digest",
    "numeric_grid",
    "choice_digest",
]

#: Floating-point slack always allowed when comparing numbers (relative to the value).
FLOAT_SLACK = 1e-9
#: Digest lists are padded with random decoys up to this length.
MIN_HASHES = 16
#: A bank whose accepted interval covers more cells than this is refused (a relative
#: tolerance close to 1 around a small value).
MAX_CELLS = 2000
#: Exponent of the finest absolute step (matches the 1e-9 floating-point slack).
FINEST_EXPONENT = -9

_TEN = Fraction(10)


def allowed_error(expected: float, tolerance: float = 0.0, rel_tolerance: float = 0.0) -> float:
    """The largest ``|answer - expected|`` the grader accepts.

    ``max(tolerance, rel_tolerance * |expected|)`` plus a floating-point slack of
    ``1e-9 * max(1, |expected|)``.

    Examples
    --------
    >>> allowed_error(0.675, 0.001)
    0.001000001
    >>> allowed_error(200.0, rel_tolerance=0.01)
    2.0000002
    """
    return max(tolerance, rel_tolerance * abs(expected)) + FLOAT_SLACK * max(1.0, abs(expected))


def numeric_grid(tolerance: float = 0.0, rel_tolerance: float = 0.0) -> tuple[int, int]:
    """The cells' parameters ``(a, d)`` for a numeric exercise's tolerances.

    ``10**a`` is the largest power of ten at most a third of ``tolerance`` (at least
    ``10**-9``); ``d`` is the number of significant digits that makes a cell at most a third
    of ``rel_tolerance`` wide, relative to the number (10 digits without a relative
    tolerance, matching the 1e-9 slack).

    Examples
    --------
    >>> numeric_grid(0.005)
    (-3, 10)
    >>> numeric_grid(0.001)
    (-4, 10)
    >>> numeric_grid(0, 0.01)
    (-9, 4)
    >>> numeric_grid()
    (-9, 10)
    """
    third = Fraction(tolerance) / 3
    if third > _TEN ** FINEST_EXPONENT:
        a = math.floor(math.log10(third))
        while _TEN ** a > third:
            a -= 1
        while _TEN ** (a + 1) <= third:
            a += 1
    else:
        a = FINEST_EXPONENT
    rel_third = Fraction(rel_tolerance) / 3
    if rel_third > _TEN ** FINEST_EXPONENT:
        d = max(1, math.ceil(1 - math.log10(rel_third)))
        while _TEN ** (1 - d) > rel_third:
            d += 1
    else:
        d = 1 - FINEST_EXPONENT
    return a, d


def _decade(q: Fraction) -> int:
    """``E`` with ``10**E <= q < 10**(E + 1)``, for ``q > 0``, exactly."""
    e = math.floor(math.log10(q.numerator) - math.log10(q.denominator))
    while _TEN ** e > q:
        e -= 1
    while _TEN ** (e + 1) <= q:
        e += 1
    return e


def _bound(grid: tuple[int, int]) -> Fraction:
    a, d = grid
    return _TEN ** (a + d - 1)


def numeric_cell(x: float | Fraction, grid: tuple[int, int]) -> str:
    """The name of the cell holding ``x`` (exact arithmetic, no rounding).

    The float ``0.35`` is a little below 35/100, so it falls in the cell below:

    Examples
    --------
    >>> numeric_cell(0.35, (-3, 10)), numeric_cell(0.3549, (-3, 10))
    ('a349', 'a354')
    >>> numeric_cell(3.0, (-9, 10)), numeric_cell(-250.0, (-9, 3))
    ('r+0:3000000000', 'r-2:250')
    """
    a, d = grid
    q = Fraction(x)
    if abs(q) < _bound(grid):
        return f"a{math.floor(q / _TEN ** a)}"
    e = _decade(abs(q))
    return f"r{'-' if q < 0 else '+'}{e}:{math.floor(abs(q) / _TEN ** (e - d + 1))}"


def _width(y: Fraction, grid: tuple[int, int]) -> Fraction:
    a, d = grid
    if y < _bound(grid):
        return _TEN ** a
    return _TEN ** (_decade(y) - d + 1)


def cells_between(lo: Fraction, hi: Fraction, grid: tuple[int, int]) -> set[str]:
    """Every cell meeting ``[lo, hi]``.

    Cells are intervals whose width never shrinks as ``|x|`` grows, so sampling the interval
    at half the narrowest width met (plus both ends) lands in each of them.

    Examples
    --------
    >>> sorted(cells_between(Fraction(344, 1000), Fraction(346, 1000), (-3, 10)))
    ['a344', 'a345', 'a346']
    """
    lo, hi = Fraction(lo), Fraction(hi)
    if lo > hi:
        raise ValueError(f"lo must be <= hi, got {lo} > {hi}")
    narrowest = _width(Fraction(0) if lo <= 0 <= hi else min(abs(lo), abs(hi)), grid)
    step = narrowest / 2
    count = math.ceil((hi - lo) / step)
    if count > 2 * MAX_CELLS:
        raise ValueError(
            f"the accepted interval spans more than {MAX_CELLS} cells of the practice "
            "check's grid; use a smaller tolerance or rel_tolerance"
        )
    cells = {numeric_cell(lo + k * step, grid) for k in range(count)}
    cells.add(numeric_cell(hi, grid))
    return cells


def accepted_cells(value: float, tolerance: float = 0.0, rel_tolerance: float = 0.0) -> set[str]:
    """The cells meeting the interval the grader accepts around ``value``.

    The interval is widened by a relative 2**-40 so that rounding in the grader's
    floating-point comparison can never accept a number outside every listed cell.

    Examples
    --------
    >>> sorted(accepted_cells(3.0))[:2]
    ['r+0:2999999996', 'r+0:2999999997']
    """
    allowed = Fraction(allowed_error(value, tolerance, rel_tolerance)) * (1 + Fraction(1, 2**40))
    grid = numeric_grid(tolerance, rel_tolerance)
    return cells_between(Fraction(value) - allowed, Fraction(value) + allowed, grid)


def choice_cell(indices: int | Iterable[int]) -> str:
    """The normalized form of a choice: ``c:2`` or, for select-all, ``c:0,2``.

    Examples
    --------
    >>> choice_cell(2), choice_cell([2, 0]), choice_cell(set())
    ('c:2', 'c:0,2', 'c:')
    """
    if isinstance(indices, int):
        return f"c:{indices}"
    return "c:" + ",".join(str(i) for i in sorted(set(indices)))


def hash_cell(salt: str, exercise_id: str, cell: str) -> str:
    """``sha256(salt:exercise_id:cell)``, first 16 hex digits.

    Examples
    --------
    >>> len(hash_cell("ab", "l1.e1", "c:2"))
    16
    """
    return hashlib.sha256(f"{salt}:{exercise_id}:{cell}".encode()).hexdigest()[:16]


def _digest(exercise_id: str, cells: Iterable[str], salt: str | None) -> dict:
    salt = salt or secrets.token_hex(8)
    hashes = {hash_cell(salt, exercise_id, c) for c in cells}
    while len(hashes) < MIN_HASHES:
        hashes.add(secrets.token_hex(8))
    return {"salt": salt, "hashes": sorted(hashes)}


def numeric_digest(exercise_id: str, value: float, tolerance: float = 0.0,
                   rel_tolerance: float = 0.0, *, salt: str | None = None) -> dict:
    """The student copy's ``answer.digest`` of a numeric exercise.

    Examples
    --------
    >>> d = numeric_digest("l1.e1", 3, salt="00")
    >>> d["grid"], len(d["hashes"]) >= 16
    ([-9, 10], True)
    >>> digest_matches(d, "l1.e1", numeric_cell(3.0, d["grid"]))
    True
    """
    cells = accepted_cells(value, tolerance, rel_tolerance)
    digest = _digest(exercise_id, cells, salt)
    return {"salt": digest["salt"], "grid": list(numeric_grid(tolerance, rel_tolerance)),
            "hashes": digest["hashes"]}


def choice_digest(exercise_id: str, correct: int | list[int], *, salt: str | None = None) -> dict:
    """The student copy's ``answer.digest`` of a choice exercise.

    Examples
    --------
    >>> d = choice_digest("l1.e7", [0, 2], salt="00")
    >>> digest_matches(d, "l1.e7", choice_cell([2, 0])), digest_matches(d, "l1.e7", "c:0")
    (True, False)
    """
    return _digest(exercise_id, [choice_cell(correct)], salt)


def digest_matches(digest: dict, exercise_id: str, cell: str) -> bool:
    """Whether ``cell``'s salted hash is in the digest."""
    return hash_cell(digest["salt"], exercise_id, cell) in set(digest["hashes"])
