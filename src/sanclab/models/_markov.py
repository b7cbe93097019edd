"""Exact long-run behaviour of a finite Markov chain, by linear algebra.

Used by :mod:`sanclab.models.snapback` (the sender's sanction levels),
:mod:`sanclab.models.compliance` and :mod:`sanclab.models.repeated` (memory-one strategies).

A chain may have several closed classes (under all-at-once reimposition the top level is
absorbing; with no false alarms every level of a ladder without step-downs is). The
long-run distribution *from a given start* is then still well defined: it is the Cesàro
limit :math:`\\lim_n \\frac1n \\sum_{t<n} x_0 P^t`, which this module computes exactly as

.. math::

    \\sum_{C} \\Pr(\\text{the chain ends in } C \\mid x_0)\\, \\pi_C ,

where :math:`C` runs over the closed (recurrent) classes and :math:`\\pi_C` is the unique
stationary distribution of the chain restricted to :math:`C`.

Examples
--------
>>> import numpy as np
>>> P = np.array([[0.5, 0.5, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]])
>>> long_run_distribution(P, [1.0, 0.0, 0.0]).round(12).tolist()
[0.0, 1.0, 0.0]
>>> long_run_distribution(np.array([[0.9, 0.1], [0.5, 0.5]]), [1.0, 0.0]).round(6).tolist()
[0.833333, 0.166667]
"""

from __future__ import annotations

import numpy as np

__all__ = ["hitting_time", "long_run_distribution", "reachable"]

#: Rows of a transition matrix must sum to 1 within this tolerance.
ROW_TOLERANCE = 1e-9
#: Transition probabilities below this are treated as 0 (events rarer than once in 10^12
#: periods), so that a tiny or subnormal false-alarm rate does not make the linear systems
#: numerically singular.
PROBABILITY_FLOOR = 1e-12


def _check_stochastic(P: np.ndarray) -> np.ndarray:
    P = np.asarray(P, dtype=float)
    if P.ndim != 2 or P.shape[0] != P.shape[1] or P.shape[0] == 0:
        raise ValueError(f"transition matrix must be square and non-empty, got shape {P.shape}")
    if (P < -ROW_TOLERANCE).any() or not np.allclose(P.sum(axis=1), 1.0, atol=ROW_TOLERANCE):
        raise ValueError("transition matrix must have non-negative rows summing to 1")
    P = np.where(P < PROBABILITY_FLOOR, 0.0, P)
    return P / P.sum(axis=1, keepdims=True)


def reachable(P: np.ndarray) -> np.ndarray:
    """Boolean matrix ``R`` with ``R[i, j]`` true when ``j`` can be reached from ``i``.

    Every state reaches itself (paths of length 0 count).

    Examples
    --------
    >>> reachable(np.array([[1.0, 0.0], [1.0, 0.0]])).tolist()
    [[True, False], [True, True]]
    """
    P = _check_stochastic(P)
    n = P.shape[0]
    R = (P > 0) | np.eye(n, dtype=bool)
    while True:  # repeated squaring: at most log2(n) + 1 rounds
        nxt = (R.astype(np.int64) @ R.astype(np.int64)) > 0
        if (nxt == R).all():
            return R
        R = nxt


def _stationary_on(P: np.ndarray, members: np.ndarray) -> np.ndarray:
    sub = P[np.ix_(members, members)]
    k = len(members)
    A = np.vstack([sub.T - np.eye(k), np.ones((1, k))])
    b = np.zeros(k + 1)
    b[-1] = 1.0
    pi, *_ = np.linalg.lstsq(A, b, rcond=None)
    pi = np.clip(pi, 0.0, None)
    return pi / pi.sum()


def long_run_distribution(P: np.ndarray, start: np.ndarray) -> np.ndarray:
    """Long-run (Cesàro-average) distribution of a finite chain from a start distribution.

    Parameters
    ----------
    P : numpy.ndarray
        Row-stochastic transition matrix, ``P[i, j] = Pr(next = j | now = i)``.
    start : array_like
        Distribution of the state in period 0.

    Returns
    -------
    numpy.ndarray
        The share of periods spent in each state in the long run (expected, and almost
        surely along a path when one closed class is reached with certainty).
    """
    P = _check_stochastic(P)
    n = P.shape[0]
    x0 = np.asarray(start, dtype=float)
    if x0.shape != (n,) or (x0 < 0).any() or not np.isclose(x0.sum(), 1.0):
        raise ValueError(f"start must be a distribution over {n} states")
    R = reachable(P)
    # i is recurrent iff every state reachable from i reaches i back
    recurrent = np.array([not (R[i] & ~R[:, i]).any() for i in range(n)])
    transient = np.flatnonzero(~recurrent)
    classes: list[np.ndarray] = []
    seen = np.zeros(n, dtype=bool)
    for i in np.flatnonzero(recurrent):
        if not seen[i]:
            members = np.flatnonzero(R[i] & R[:, i])
            seen[members] = True
            classes.append(members)
    # weight of each class: start mass on it plus absorption from the transient states
    if transient.size:
        Q = P[np.ix_(transient, transient)]
        fundamental = np.linalg.solve(np.eye(transient.size) - Q, np.eye(transient.size))
        carried = x0[transient] @ fundamental  # expected visits to each transient state
    result = np.zeros(n)
    for members in classes:
        weight = x0[members].sum()
        if transient.size:
            weight += carried @ P[np.ix_(transient, members)].sum(axis=1)
        if weight > 0:
            result[members] += weight * _stationary_on(P, members)
    return result / result.sum()


def hitting_time(P: np.ndarray, start: int, targets: np.ndarray) -> float:
    """Expected number of transitions until the chain first enters ``targets``.

    Parameters
    ----------
    P : numpy.ndarray
        Row-stochastic transition matrix.
    start : int
        Index of the starting state.
    targets : array_like of bool
        Mask of the target states.

    Returns
    -------
    float
        0 if ``start`` is a target; ``inf`` if the targets may never be reached.

    Examples
    --------
    A coin with success probability 0.05 per period: 1 / 0.05 = 20 periods on average.

    >>> round(hitting_time(np.array([[0.95, 0.05], [0.0, 1.0]]), 0, [False, True]), 12)
    20.0
    """
    P = _check_stochastic(P)
    mask = np.asarray(targets, dtype=bool)
    if mask.shape != (P.shape[0],):
        raise ValueError(f"targets must be a mask over {P.shape[0]} states")
    if mask[start]:
        return 0.0
    R = reachable(P)
    can_reach = R[:, mask].any(axis=1)
    # a state from which the targets are unreachable, itself reachable without passing
    # through a target, makes the expected time infinite
    avoid = ~mask
    R_avoid = reachable(np.where(avoid[:, None], P, np.eye(P.shape[0])))
    region = R_avoid[start] & avoid
    if (~can_reach[region]).any():
        return float("inf")
    S = np.flatnonzero(region)
    Q = P[np.ix_(S, S)]
    times = np.linalg.solve(np.eye(S.size) - Q, np.ones(S.size))
    return float(times[int(np.flatnonzero(S == start)[0])])
