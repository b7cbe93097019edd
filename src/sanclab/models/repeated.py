r"""Published results on the repeated prisoner's dilemma: grim trigger and generous tit for tat.

Payoffs are written as usual: :math:`T` (temptation: defect against a cooperator),
:math:`R` (reward: both cooperate), :math:`P` (punishment: both defect), :math:`S`
(sucker: cooperate against a defector), with :math:`T > R > P > S`.

* :func:`grim_trigger_delta`: cooperation is sustained by grim trigger (cooperate until
  the other defects, then defect for ever) exactly when :math:`\delta \ge (T - R)/(T - P)`
  (a textbook result; one deviation gains :math:`T - R` now and loses :math:`R - P` in
  every later period).
* :func:`gtft_generosity`: Nowak and Sigmund's (1992) generosity of generous tit for tat,
  :math:`q = \min\{1 - (T - R)/(R - S),\ (R - P)/(T - P)\}`.
* :func:`memory_one_payoffs`: exact long-run average payoffs of two memory-one strategies
  with execution errors, used to check the two terms of :math:`q` (see the tests).

Why not the ``axelrod`` library: it would give tournaments with noise for free, but its
current release (4.14) pulls in PyTorch (with gigabytes of CUDA wheels on Linux), dask and
pyarrow, for what is here a 4-state Markov chain. The exact chain below gives the
same long-run payoffs without sampling error; the tests check it against simulation.

References
----------
Nowak, M. A., & Sigmund, K. (1992). Tit for Tat in Heterogeneous Populations. *Nature*,
355, 250-253. [nowak1992]

Examples
--------
>>> grim_trigger_delta(5, 3, 1)
0.5
>>> gtft_generosity(5, 3, 1, 0)
0.3333333333333333
"""

from __future__ import annotations

import numpy as np

from . import _markov
from ._validate import check_array, check_probability, check_range

__all__ = ["grim_trigger_delta", "gtft_generosity", "memory_one_payoffs"]


def _real(name: str, value: object) -> float:
    inf = float("inf")
    return check_range(name, value, -inf, inf, low_open=True, high_open=True)


def _check_order(**payoffs: float) -> None:
    names = list(payoffs)
    for a, b in zip(names, names[1:], strict=False):
        if not payoffs[a] > payoffs[b]:
            order = " > ".join(names)
            raise ValueError(
                f"{a} must be greater than {b} ({order} required), "
                f"got {a}={payoffs[a]!r}, {b}={payoffs[b]!r}"
            )


def grim_trigger_delta(T: float, R: float, P: float) -> float:
    r"""Smallest discount factor at which grim trigger sustains cooperation.

    .. math::

        \delta^* = \frac{T - R}{T - P} .

    Cooperating for ever is worth :math:`R/(1-\delta)`; defecting once and being punished
    for ever is worth :math:`T + \delta P/(1-\delta)`.

    Parameters
    ----------
    T, R, P : float
        Temptation, reward and punishment, with :math:`T > R > P`.

    Returns
    -------
    float
        In (0, 1).

    Raises
    ------
    ValueError
        If :math:`T > R > P` fails or a payoff is not finite.

    Examples
    --------
    >>> grim_trigger_delta(5, 3, 1)
    0.5

    In the sanctions game of :mod:`sanclab.models.compliance`, all-at-once reimposition
    under perfect monitoring is grim trigger with T = g, R = 0, P = g - cK:

    >>> grim_trigger_delta(T=1, R=0, P=1 - 1 * 4)  # g = 1, c = 1, K = 4
    0.25
    >>> grim_trigger_delta(3, 3, 1)
    Traceback (most recent call last):
    ...
    ValueError: T must be greater than R (T > R > P required), got T=3.0, R=3.0
    """
    T, R, P = _real("T", T), _real("R", R), _real("P", P)
    _check_order(T=T, R=R, P=P)
    return (T - R) / (T - P)


def gtft_generosity(T: float, R: float, P: float, S: float) -> float:
    r"""Nowak and Sigmund's generosity of generous tit for tat.

    .. math::

        q = \min\left\{ 1 - \frac{T - R}{R - S},\ \frac{R - P}{T - P} \right\} .

    Generous tit for tat cooperates after the other's cooperation and, after a
    defection, still cooperates with probability :math:`q`.

    Parameters
    ----------
    T, R, P, S : float
        Payoffs with :math:`T > R > P > S` and :math:`2R > T + S`.

    Returns
    -------
    float
        In (0, 1).

    Raises
    ------
    ValueError
        If the ordering or :math:`2R > T + S` fails.

    References
    ----------
    Nowak, M. A., & Sigmund, K. (1992). Tit for Tat in Heterogeneous Populations.
    *Nature*, 355, 250-253. [nowak1992]

    Examples
    --------
    >>> gtft_generosity(5, 3, 1, 0)  # min(1 - 2/3, 2/4)
    0.3333333333333333
    >>> gtft_generosity(4, 3, 1, 0)  # min(1 - 1/3, 2/3): both terms equal 2/3
    0.6666666666666666
    >>> gtft_generosity(5, 3, 1, 2)
    Traceback (most recent call last):
    ...
    ValueError: P must be greater than S (T > R > P > S required), got P=1.0, S=2.0
    """
    T, R, P, S = _real("T", T), _real("R", R), _real("P", P), _real("S", S)
    _check_order(T=T, R=R, P=P, S=S)
    if not 2 * R > T + S:
        raise ValueError(f"2R must be greater than T + S, got 2R={2 * R!r}, T + S={T + S!r}")
    # 1 - (T - R)/(R - S) written as one quotient, so 5, 3, 1, 0 gives exactly 1/3
    return min((2 * R - T - S) / (R - S), (R - P) / (T - P))


def memory_one_payoffs(
    p,
    q,
    T: float = 5.0,
    R: float = 3.0,
    P: float = 1.0,
    S: float = 0.0,
    *,
    noise: float = 0.0,
    first=(1.0, 1.0),
) -> tuple[float, float]:
    r"""Exact long-run average payoffs of two memory-one strategies.

    A memory-one strategy is the probability of cooperating after each outcome of the
    previous round, seen from its own side: ``(after CC, after CD, after DC, after DD)``,
    own move first. Examples: always defect ``(0, 0, 0, 0)``, tit for tat
    ``(1, 0, 1, 0)``, generous tit for tat ``(1, q, 1, q)``, alternating ``(0, 0, 1, 1)``.
    Each intended move is flipped with probability ``noise``. The four outcomes form a
    Markov chain; the payoffs are its long-run (Cesàro) averages from the first round,
    computed exactly.

    Parameters
    ----------
    p, q : array_like of 4 floats in [0, 1]
        The strategies of player 1 and player 2.
    T, R, P, S : float, default 5, 3, 1, 0
        Payoffs (any real numbers).
    noise : float, default 0
        Probability in [0, 1] that a move is flipped.
    first : pair of floats, default (1, 1)
        Each player's probability of cooperating in the first round.

    Returns
    -------
    tuple of float
        Long-run average payoff per round of player 1 and of player 2.

    Examples
    --------
    Always defect against generous tit for tat earns qT + (1 - q)P:

    >>> u1, u2 = memory_one_payoffs((0, 0, 0, 0), (1, 1/3, 1, 1/3))
    >>> round(u1, 12), round(u2, 12)
    (2.333333333333, 0.666666666667)

    Two tit-for-tat players with 1% errors: each error starts an echo of alternating
    defections, and both earn the average of R, S, T and P over the long run.

    >>> [round(u, 6) for u in memory_one_payoffs((1, 0, 1, 0), (1, 0, 1, 0), noise=0.01)]
    [2.25, 2.25]
    """
    p = check_array("p", p, low=0.0, high=1.0, length=4)
    q = check_array("q", q, low=0.0, high=1.0, length=4)
    T, R, P, S = _real("T", T), _real("R", R), _real("P", P), _real("S", S)
    noise = check_probability("noise", noise)
    first = check_array("first", first, low=0.0, high=1.0, length=2)

    def blur(x):
        return x * (1.0 - noise) + (1.0 - x) * noise

    # outcomes CC, CD, DC, DD from player 1's side; player 2 sees them as CC, DC, CD, DD
    p1 = blur(p)
    p2 = blur(q[[0, 2, 1, 3]])
    transition = np.empty((4, 4))
    for i in range(4):
        a, b = p1[i], p2[i]
        transition[i] = [a * b, a * (1 - b), (1 - a) * b, (1 - a) * (1 - b)]
    a, b = blur(first[0]), blur(first[1])
    start = np.array([a * b, a * (1 - b), (1 - a) * b, (1 - a) * (1 - b)])
    # distribution of the outcome of round 2 onwards: the first round has no weight in
    # the long run, so start the chain from the first round's outcome
    pi = _markov.long_run_distribution(transition, start)
    return float(pi @ [R, S, T, P]), float(pi @ [R, T, S, P])
