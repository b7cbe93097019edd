"""Tests for sanclab.models._markov: exact long-run distributions and hitting times.

Each test's docstring states the known result it checks.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from sanclab.models._markov import hitting_time, long_run_distribution, reachable


def test_periodic_chain_cesaro_average():
    """A two-state flip-flop never converges, but spends half the time in each state."""
    P = np.array([[0.0, 1.0], [1.0, 0.0]])
    assert_allclose(long_run_distribution(P, [1.0, 0.0]), [0.5, 0.5], rtol=1e-12)


def test_absorption_splits_between_closed_classes():
    """From state 0, which moves to absorbing states 1 and 2 with probabilities 0.3 and 0.7
    (after lingering with probability 0.5), the long run is (0, 0.3, 0.7)."""
    P = np.array([[0.5, 0.15, 0.35], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert_allclose(long_run_distribution(P, [1, 0, 0]), [0.0, 0.3, 0.7], rtol=1e-12)


def test_closed_class_with_its_own_stationary_distribution():
    """Transient state 0 feeds the closed class {1, 2} with P = [[.9, .1], [.5, .5]] whose
    stationary distribution is (5/6, 1/6)."""
    P = np.array([[0.0, 1.0, 0.0], [0.0, 0.9, 0.1], [0.0, 0.5, 0.5]])
    assert_allclose(long_run_distribution(P, [1, 0, 0]), [0, 5 / 6, 1 / 6], rtol=1e-12)


def test_hitting_times():
    """Geometric waiting time 1/p; 0 from a target; inf when the chain can get stuck away
    from the targets."""
    P = np.array([[0.75, 0.25], [0.0, 1.0]])
    assert_allclose(hitting_time(P, 0, [False, True]), 4.0, rtol=1e-12)
    assert hitting_time(P, 1, [False, True]) == 0.0
    stuck = np.array([[0.5, 0.25, 0.25], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
    assert hitting_time(stuck, 0, [False, False, True]) == float("inf")


def test_reachability_and_probability_floor():
    """Reachability is transitive and reflexive; probabilities below 1e-12 count as 0."""
    P = np.array([[0.0, 1.0, 0.0], [0.0, 0.0, 1.0], [0.0, 0.0, 1.0]])
    assert reachable(P)[0].tolist() == [True, True, True]
    assert reachable(P)[2].tolist() == [False, False, True]
    tiny = np.array([[1 - 1e-15, 1e-15], [0.0, 1.0]])
    assert_allclose(long_run_distribution(tiny, [1, 0]), [1.0, 0.0])


@pytest.mark.parametrize(
    ("P", "start", "message"),
    [
        (np.ones((2, 3)) / 3, [1, 0], "square"),
        (np.array([[0.5, 0.4], [0.0, 1.0]]), [1, 0], "summing to 1"),
        (np.eye(2), [0.5, 0.6], "start must be a distribution"),
    ],
)
def test_validation(P, start, message):
    """Malformed matrices and start vectors raise ValueError."""
    with pytest.raises(ValueError, match=message):
        long_run_distribution(P, start)
