"""Tests for sanclab.exercises.digest: practice checks from salted hashes, exact at the edges.

The promise: every number the grader accepts (``|x - value| <= allowed_error``) is accepted by
the digest in the student copy, however close to the tolerance's edge; numbers are accepted
at most one cell (a third of the tolerance, or 1e-9 relative) beyond it.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sanclab.exercises.digest import (
    MIN_HASHES,
    accepted_cells,
    allowed_error,
    choice_cell,
    choice_digest,
    digest_matches,
    numeric_cell,
    numeric_digest,
    numeric_grid,
)


def _grader_accepts(value: float, x: float, tol: float, rel: float) -> bool:
    """The grader's own comparison (sanclab.exercises.check._close)."""
    from sanclab.exercises.check import _close

    return _close(value, x, tol, rel)


def _practice_accepts(digest: dict, x: float) -> bool:
    return digest_matches(digest, "l9.e1", numeric_cell(x, tuple(digest["grid"])))


def _largest_accepted(value: float, tol: float, rel: float, direction: float) -> float:
    """The float farthest from ``value`` (towards ``direction``) the grader still accepts."""
    x = value + direction * allowed_error(value, tol, rel)
    while not _grader_accepts(value, x, tol, rel):
        x = math.nextafter(x, value)
    while _grader_accepts(value, math.nextafter(x, direction * math.inf), tol, rel):
        x = math.nextafter(x, direction * math.inf)
    return x


CASES = [  # (value, tolerance, rel_tolerance): the course's and some awkward ones
    (3, 0, 0), (0.35, 0.005, 0), (0.675, 0.001, 0), (0.0, 0.0, 0.0), (-2.5, 0.01, 0),
    (1234.5678, 0, 0.01), (1e-7, 0, 0), (0.1 + 0.2, 0, 0), (999.9999, 0.0001, 0),
    (1.0, 0, 0.05), (-0.004, 0.001, 0.1), (5e8, 3, 0),
]


@pytest.mark.parametrize("value, tol, rel", CASES)
def test_the_last_accepted_float_on_each_side_is_accepted_in_practice(value, tol, rel):
    """The extreme floats the grader accepts (found with nextafter) match the digest; so do
    the value itself and the midpoints."""
    digest = numeric_digest("l9.e1", value, tol, rel)
    for direction in (-1.0, 1.0):
        edge = _largest_accepted(value, tol, rel, direction)
        assert _practice_accepts(digest, edge), (value, tol, rel, edge)
        assert _practice_accepts(digest, (edge + value) / 2)
    assert _practice_accepts(digest, value)


@pytest.mark.parametrize("value, tol, rel", CASES)
def test_far_answers_are_rejected(value, tol, rel):
    """Numbers two allowed errors (plus a cell) away are rejected on both sides."""
    digest = numeric_digest("l9.e1", value, tol, rel)
    allowed = allowed_error(value, tol, rel)
    a, d = numeric_grid(tol, rel)
    for direction in (-1, 1):
        far = value + direction * (2 * allowed + 10.0 ** a + abs(value) * 10.0 ** (1 - d))
        assert not _practice_accepts(digest, far), (value, far)


def test_overacceptance_is_at_most_one_cell():
    """l1.e2 (0.35 +- 0.005): cells of 0.001; 0.3561 is rejected, 0.3551 may pass, and
    every number within the tolerance passes."""
    digest = numeric_digest("l9.e1", 0.35, 0.005)
    assert numeric_grid(0.005) == (-3, 10)
    assert not _practice_accepts(digest, 0.3561)
    assert not _practice_accepts(digest, 0.3439)
    for k in range(-5000, 5001):
        x = 0.35 + k * 1e-6
        if _grader_accepts(0.35, x, 0.005, 0):
            assert _practice_accepts(digest, x), x


def test_naive_rounding_to_the_tolerance_would_reject_a_right_answer():
    """Why cells are matched, not rounded values: 0.3549 is within 0.35 +- 0.005, but
    rounding both to a multiple of the tolerance gives 0.355 vs 0.35; the digest accepts."""
    assert _grader_accepts(0.35, 0.3549, 0.005, 0)
    assert round(0.3549 / 0.005) != round(0.35 / 0.005)
    assert _practice_accepts(numeric_digest("l9.e1", 0.35, 0.005), 0.3549)


@settings(max_examples=300, deadline=None)
@given(
    value=st.one_of(st.floats(-1e6, 1e6, allow_nan=False), st.sampled_from([0.0, 1.0, -1.0])),
    tol=st.sampled_from([0.0, 1e-12, 1e-6, 0.001, 0.005, 0.5, 3.0]),
    rel=st.sampled_from([0.0, 1e-6, 0.01, 0.05, 0.3]),
    u=st.floats(0, 1),
    side=st.sampled_from([-1.0, 1.0]),
)
def test_every_answer_the_grader_accepts_is_accepted_in_practice(value, tol, rel, u, side):
    """Hypothesis: x = value +- u * allowed (any u in [0, 1], including the very edge):
    whenever the grader accepts x, so does the digest."""
    x = value + side * u * allowed_error(value, tol, rel)
    if _grader_accepts(value, x, tol, rel):
        assert _practice_accepts(numeric_digest("l9.e1", value, tol, rel, salt="ab"), x)


def test_cells_depend_on_the_tolerance_only():
    """Two values with the same tolerances share the grid; the grid says nothing more."""
    assert numeric_digest("l9.e1", 3, 0)["grid"] == numeric_digest("l9.e1", 4217.5, 0)["grid"]
    assert numeric_grid(0.001) == (-4, 10)
    assert numeric_grid(0, 0.01) == (-9, 4)


def test_cell_arithmetic_is_exact():
    """Cells are computed on exact fractions: 0.35 (a float just below 35/100) is in cell
    349 of 0.001, 0.1 + 0.2 (just above 0.3) in cell 300."""
    assert numeric_cell(0.35, (-3, 10)) == "a349"
    assert numeric_cell(0.1 + 0.2, (-3, 10)) == "a300"
    assert Fraction(0.35) < Fraction(35, 100)


def test_digest_hides_its_size_and_uses_a_random_salt():
    """At least 16 hashes (random decoys pad the list); two releases differ in salt and in
    every hash; the digest holds no number but the grid."""
    first, second = numeric_digest("l9.e1", 3, 0), numeric_digest("l9.e1", 3, 0)
    assert len(first["hashes"]) >= MIN_HASHES
    assert first["salt"] != second["salt"]
    assert not set(first["hashes"]) & set(second["hashes"])
    assert sorted(first) == ["grid", "hashes", "salt"]
    assert len(accepted_cells(3)) < MIN_HASHES


def test_choice_digest_accepts_exactly_the_right_set():
    """Select-all [0, 2] of four options: of the 16 subsets only {0, 2} matches; single
    choice 1 of three: only option 1."""
    digest = choice_digest("l9.e2", [0, 2])
    subsets = [set(s) for r in range(5) for s in itertools.combinations(range(4), r)]
    assert [s for s in subsets if digest_matches(digest, "l9.e2", choice_cell(s))] == [{0, 2}]
    single = choice_digest("l9.e3", 1)
    assert [i for i in range(3) if digest_matches(single, "l9.e3", choice_cell(i))] == [1]


def test_a_practice_checker_can_be_brute_forced():
    """Stated plainly: trying every option (or every number on a grid) finds the answer in
    the student copy. That is why grading never trusts it."""
    digest = numeric_digest("l9.e1", 3, 0)
    assert [v for v in range(6) if _practice_accepts(digest, float(v))] == [3]


def test_the_same_cell_of_another_exercise_does_not_match():
    """The exercise id is part of the hash: l9.e1's digest does not accept for l9.e2."""
    digest = numeric_digest("l9.e1", 3, 0)
    assert not digest_matches(digest, "l9.e2", numeric_cell(3.0, tuple(digest["grid"])))
