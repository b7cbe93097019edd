"""Granovetter's threshold model of collective behaviour, with weighted actors.

Each actor acts once the share of (weighted) actors already acting reaches its threshold.
The leading sender is the instigator, whose threshold is 0; allies with low thresholds
follow, and each follower may push the share past someone else's threshold: a cascade.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._validate import check_array, check_range

__all__ = ["SHARE_TOLERANCE", "CascadeResult", "threshold_cascade"]

#: Tolerance used when comparing a share with a threshold, so that thresholds written as
#: ``k / 100`` (or ``0.01 * k``) are met exactly when ``k`` actors out of 100 act.
SHARE_TOLERANCE = 1e-12


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


@dataclass(frozen=True, eq=False)
class CascadeResult:
    """Outcome of a threshold cascade (see :func:`threshold_cascade`).

    Attributes
    ----------
    joined : numpy.ndarray of bool
        Whether each actor acts at the fixed point.
    join_round : numpy.ndarray of int
        Round in which each actor started to act; ``-1`` for actors that never act.
    share_by_round : numpy.ndarray of float
        Share of the total weight acting after each round: ``share_by_round[k]`` is the
        share after round ``k``. Round 0 (the instigators) is always included.
    rounds : int
        Index of the last round, ``len(share_by_round) - 1``: the number of rounds after
        round 0 in which the cascade grew.
    final_share : float
        Share of the total weight acting at the fixed point.
    thresholds : numpy.ndarray of float
        The thresholds used (shares of the total weight; ``inf`` = never acts).
    weights : numpy.ndarray of float
        The actors' weights.
    names : tuple of str or None
        Actor names, when known.

    The arrays are read-only.
    """

    joined: np.ndarray
    join_round: np.ndarray
    share_by_round: np.ndarray
    rounds: int
    final_share: float
    thresholds: np.ndarray
    weights: np.ndarray
    names: tuple[str, ...] | None = None

    @property
    def n_joined(self) -> int:
        """Number of actors acting at the fixed point."""
        return int(self.joined.sum())

    def joined_names(self) -> list[str]:
        """Names of the actors acting at the fixed point, in join order (needs ``names``).

        Actors joining in the same round keep their input order.
        """
        if self.names is None:
            raise ValueError("this cascade has no actor names; pass names= to get them")
        order = np.argsort(np.where(self.joined, self.join_round, np.iinfo(int).max), kind="stable")
        return [self.names[i] for i in order if self.joined[i]]


def threshold_cascade(
    thresholds: Sequence[float] | np.ndarray,
    weights: Sequence[float] | np.ndarray | None = None,
    *,
    total_weight: float | None = None,
    names: Sequence[str] | None = None,
) -> CascadeResult:
    r"""Run Granovetter's threshold model in synchronous rounds until nobody else joins.

    Actor :math:`i` acts once the share of the total weight already acting is at least its
    threshold :math:`\theta_i`. Round 0 contains the actors whose threshold is met when
    nobody acts (:math:`\theta_i \le 0`: the instigator, here the leading sender). Round
    :math:`k \ge 1` adds every actor whose threshold is met by the share acting after round
    :math:`k - 1`. Nobody stops acting, so the share never falls and the process stops at a
    fixed point after at most :math:`n` rounds. Comparisons allow a tolerance of
    :data:`SHARE_TOLERANCE` (``1e-12``), so that thresholds ``k / 100`` behave exactly.

    Parameters
    ----------
    thresholds : array_like of float
        One threshold per actor: a share in [0, 1], or ``inf`` for an actor that never acts.
    weights : array_like of float, optional
        Non-negative finite weight per actor (for allies: their share of the target's
        trade). Default: 1 for each actor, Granovetter's unweighted model. Weights whose sum
        would overflow a float are rescaled by a power of two (shares are ratios).
    total_weight : float, optional
        Weight the shares are taken of. Default: the sum of ``weights``. A larger value
        stands for weight held by others who never act (for allies: the target's trade
        with non-members), so that shares are shares of the whole.
    names : sequence of str, optional
        Actor names, kept in the result.

    Returns
    -------
    CascadeResult

    Raises
    ------
    ValueError
        If a threshold is NaN or outside [0, 1] (other than ``inf``), a weight is negative
        or not finite, the lengths differ, the total weight is not positive, or
        ``total_weight`` is smaller than the sum of the weights.

    References
    ----------
    Granovetter, M. (1978). Threshold Models of Collective Behavior. *American Journal of
    Sociology*, 83(6), 1420-1443. [granovetter1978]

    Examples
    --------
    Granovetter's example: 100 actors with thresholds 0, 1, ..., 99 (out of 100) all act,
    one per round.

    >>> uniform = [k / 100 for k in range(100)]
    >>> result = threshold_cascade(uniform)
    >>> result.n_joined, result.rounds, result.final_share
    (100, 99, 1.0)

    Move the actor with threshold 1 to threshold 2 and only the instigator acts.

    >>> perturbed = list(uniform)
    >>> perturbed[1] = 2 / 100
    >>> result = threshold_cascade(perturbed)
    >>> result.n_joined, result.final_share
    (1, 0.01)

    Weights: a heavy instigator brings everyone in at once.

    >>> result = threshold_cascade([0, 0.5, 0.6], weights=[3, 1, 1])
    >>> result.join_round.tolist(), result.share_by_round.tolist()
    ([0, 1, 1], [0.6, 1.0])
    """
    theta = check_array(
        "thresholds", thresholds, low=0.0, high=1.0, also_allowed=(np.inf,), min_length=1
    )
    n = theta.shape[0]
    if weights is None:
        w = np.ones(n)
    else:
        w = check_array("weights", weights, low=0.0, high=np.inf, high_open=True, length=n)
    order = np.argsort(theta, kind="stable")
    sorted_theta = theta[order]
    scale = 1.0
    with np.errstate(over="ignore"):
        overflows = not np.isfinite(w.sum())
    if overflows:  # e.g. weights [1e308, 1e308]: the cumulative sum would be inf (shares nan)
        # Shares are ratios, so scale by a power of two: exact, and the sum now fits.
        scale = 2.0 ** -math.frexp(float(w.max()))[1]
    cumulative = np.cumsum(w[order] * scale)
    weight_sum = float(cumulative[-1]) / scale
    if total_weight is None:
        total = float(cumulative[-1])
        if total <= 0.0:
            raise ValueError(f"weights must have a positive sum, got {total!r}")
    else:
        total = check_range(
            "total_weight", total_weight, 0.0, np.inf, low_open=True, high_open=True
        )
        if total < weight_sum * (1.0 - SHARE_TOLERANCE):
            raise ValueError(
                f"total_weight must be at least the sum of weights ({weight_sum!r}), got {total!r}"
            )
        total *= scale
    if names is not None:
        names = tuple(str(x) for x in names)
        if len(names) != n:
            raise ValueError(f"names must have length {n}, got {len(names)}")

    join_round = np.full(n, -1, dtype=int)
    shares: list[float] = []
    acting = 0  # the acting actors are always the first `acting` ones in threshold order
    share = 0.0
    round_ = 0
    while True:
        now_acting = int(np.searchsorted(sorted_theta, share + SHARE_TOLERANCE, side="right"))
        if round_ > 0 and now_acting == acting:
            break
        join_round[order[acting:now_acting]] = round_
        acting = now_acting
        share = min(float(cumulative[acting - 1]) / total, 1.0) if acting else 0.0
        shares.append(share)
        round_ += 1

    joined = join_round >= 0
    return CascadeResult(
        joined=_frozen(joined),
        join_round=_frozen(join_round),
        share_by_round=_frozen(np.array(shares)),
        rounds=len(shares) - 1,
        final_share=shares[-1],
        thresholds=_frozen(theta),
        weights=_frozen(w),
        names=names,
    )
