r"""The N-ally participation game: join the leading sender's sanctions or stay out.

A leading sender always sanctions the target. Each of :math:`N` allies chooses to join
(:math:`a_i = 1`) or not (:math:`a_i = 0`). Ally :math:`i` holds a share :math:`w_i` of the
target's trade, the leader a share :math:`L`, so the coalition's coverage is
:math:`s(a) = L + \sum_j a_j w_j`. Ally :math:`i`'s payoff is

.. math::

    u_i(a) = B\,E\bigl(s(a), d\bigr) - c_i\,a_i - p\,x_i\,(1 - a_i),
    \qquad x_i = e_i\,(1 - k_i),

with :math:`B` the benefit each ally draws from an effective coalition, :math:`E` the
effectiveness with leakage (:func:`sanclab.models.leakage.effectiveness`), :math:`c_i` the
ally's cost of cutting its trade with the target, :math:`p` the leading sender's secondary
penalty, :math:`e_i` the share of the ally's own trade exposed to it and :math:`k_i` the
*penalty waiver*: the share of that exposure the leader waives. (The waiver is the model's
own notion. It is not what the reading and the glossary call a carve-out, an ally's
exemption from the measures themselves, such as a protected industry.)

Because :math:`E` is convex in :math:`s`, the gain from joining grows with the coverage the
others provide: the game is supermodular. Hence pure equilibria exist, there is a smallest
and a largest one, best responses are threshold rules, and the cascade of Granovetter's
model started from the leader alone is best-response dynamics.

The game is an illustrative construction for teaching, after Martin's (1992) account of
coercive cooperation; it is not a model taken from Martin's book.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ._validate import check_array, check_integer, check_range
from .leakage import _effectiveness
from .threshold import CascadeResult, threshold_cascade

__all__ = [
    "MAX_ENUMERATED_ALLIES",
    "ParticipationGame",
    "best_response_thresholds",
    "joining_gain",
    "minimal_cascade_penalty",
    "minimal_full_participation_penalty",
    "participation_payoffs",
    "pure_equilibria",
]

#: Largest number of allies for exhaustive enumeration of the :math:`2^N` profiles.
MAX_ENUMERATED_ALLIES = 12

#: Relative tolerance of the equilibrium test: a deviation is profitable only if it gains
#: more than this times the payoff scale ``1 + benefit + max(cost)`` (guards against
#: rounding in exact ties).
PAYOFF_TOLERANCE = 1e-9

#: Slack allowed when checking that the trade shares sum to at most 1 (decimal rounding).
SHARE_SUM_SLACK = 1e-9


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


@dataclass(frozen=True)
class _Params:
    """Validated parameters of a participation game (internal)."""

    trade_share: np.ndarray
    exposure: np.ndarray
    cost: np.ndarray
    waiver: np.ndarray
    leader_share: float
    penalty: float
    diversion: float
    benefit: float

    @property
    def n(self) -> int:
        return int(self.trade_share.shape[0])

    @property
    def secondary_exposure(self) -> np.ndarray:
        """Exposure left after the penalty waiver, :math:`x_i = e_i (1 - k_i)`."""
        return self.exposure * (1.0 - self.waiver)

    @property
    def tolerance(self) -> float:
        """Absolute payoff tolerance, scaled to the size of the benefit and the costs.

        It does not depend on the penalty, so that the equilibrium set moves monotonically
        with the penalty, exactly as the theory says.
        """
        return PAYOFF_TOLERANCE * (1.0 + self.benefit + float(self.cost.max()))


def _validated(
    trade_share: object,
    exposure: object,
    cost: object,
    waiver: object,
    leader_share: object,
    penalty: object,
    diversion: object,
    benefit: object,
) -> _Params:
    w = check_array("trade_share", trade_share, low=0.0, high=1.0, min_length=1)
    n = w.shape[0]
    e = check_array("exposure", exposure, low=0.0, high=1.0, length=n)
    c = check_array("cost", cost, low=0.0, high=np.inf, high_open=True, length=n)
    if waiver is None:
        k = np.zeros(n)
    else:
        k = check_array("waiver", waiver, low=0.0, high=1.0, length=n)
    leader = check_range("leader_share", leader_share, 0.0, 1.0)
    total = leader + float(w.sum())
    if total > 1.0 + SHARE_SUM_SLACK:
        raise ValueError(
            "trade shares of the leader and allies (leader_share + sum of trade_share) must "
            f"sum to a value in [0, 1], got {total!r}"
        )
    p = check_range("penalty", penalty, 0.0, np.inf, high_open=True)
    b = check_range("benefit", benefit, 0.0, np.inf, high_open=True)
    largest_cost = float(c.max())
    # |gain| <= B w (1 - d + d (2 s + w)) + p x + c <= 3 B + p + c: if that bound is a float,
    # no payoff, gain or tolerance overflows (at 1e308 the tolerance became inf and every
    # profile passed as an equilibrium).
    if not np.isfinite(3.0 * b + p + largest_cost):
        raise ValueError(
            f"benefit={b!r}, penalty={p!r} and max(cost)={largest_cost!r} are too large "
            "together: payoffs of up to 3 * benefit + penalty + max(cost) overflow the float "
            f"range (max {np.finfo(float).max:.3g}); rescale them (only their ratios matter)"
        )
    return _Params(
        trade_share=_frozen(w),
        exposure=_frozen(e),
        cost=_frozen(c),
        waiver=_frozen(k),
        leader_share=leader,
        penalty=p,
        diversion=check_range("diversion", diversion, 0.0, 1.0),
        benefit=b,
    )


def _check_profile(profile: object, n: int) -> np.ndarray:
    raw = np.asarray(profile)
    if raw.dtype == bool:
        raw = raw.astype(float)
    values = check_array("profile", raw, length=n)
    bad = np.flatnonzero((values != 0.0) & (values != 1.0))
    if bad.size:
        i = int(bad[0])
        raise ValueError(f"profile[{i}] must be 0 or 1, got {float(values[i])!r}")
    return values.astype(bool)


def _others_coverage(profiles: np.ndarray, params: _Params) -> np.ndarray:
    """Coverage held by the leader and the *other* joined allies, per profile and ally.

    ``profiles`` has shape (m, n); the result has shape (m, n) with entry
    ``L + sum_{j != i} a_j w_j``, computed as ``L + (sum_j a_j w_j - a_i w_i)`` in
    O(m n) time and memory (an n x n matrix of the others' shares needed 840 MB for 10^4
    allies). The same summation is used everywhere (equilibria, full-participation
    penalty), so the models agree with each other.
    """
    joined = profiles.astype(float) * params.trade_share
    return params.leader_share + (joined.sum(axis=1, keepdims=True) - joined)


def _gains(coverage_others: np.ndarray | float, params: _Params) -> np.ndarray:
    """Gain from joining, g_i(s) = B (E(s + w_i) - E(s)) + p x_i - c_i, in factored form."""
    w, d = params.trade_share, params.diversion
    marginal = w * ((1.0 - d) + d * (2.0 * np.asarray(coverage_others) + w))
    return params.benefit * marginal + params.penalty * params.secondary_exposure - params.cost


def _all_profiles(n: int) -> np.ndarray:
    """All 2**n profiles in lexicographic order (ally 0 varies slowest), as booleans."""
    codes = np.arange(2**n)[:, None]
    shifts = np.arange(n - 1, -1, -1)[None, :]
    return ((codes >> shifts) & 1).astype(bool)


def _payoffs(profile: np.ndarray, params: _Params) -> np.ndarray:
    s = min(params.leader_share + float(params.trade_share @ profile), 1.0)
    e = _effectiveness(s, params.diversion)
    x = params.secondary_exposure
    return params.benefit * e - params.cost * profile - params.penalty * x * (~profile)


def _pure_equilibria(params: _Params) -> np.ndarray:
    check_integer("number of allies", params.n, 1, MAX_ENUMERATED_ALLIES)
    profiles = _all_profiles(params.n)
    gains = _gains(_others_coverage(profiles, params), params)
    tol = params.tolerance
    no_profitable_deviation = np.where(profiles, gains >= -tol, gains <= tol)
    return profiles[no_profitable_deviation.all(axis=1)]


def _extreme_equilibrium(params: _Params, largest: bool) -> np.ndarray:
    equilibria = _pure_equilibria(params)
    extreme = equilibria.any(axis=0) if largest else equilibria.all(axis=0)
    if not (equilibria == extreme).all(axis=1).any():  # pragma: no cover - theory says no
        raise RuntimeError("the game has no largest/smallest equilibrium; please report this")
    return extreme


def _thresholds(params: _Params) -> np.ndarray:
    alpha = _gains(0.0, params)
    beta = 2.0 * params.benefit * params.diversion * params.trade_share
    thresholds = np.where(alpha >= 0.0, 0.0, np.inf)
    rising = (beta > 0.0) & (alpha < 0.0)
    with np.errstate(over="ignore"):  # a tiny slope: the threshold overflows to inf (> 1)
        thresholds[rising] = -alpha[rising] / beta[rising]
    thresholds[thresholds > 1.0] = np.inf
    return thresholds


def _minimal_penalty(params: _Params) -> float:
    everyone = np.ones((1, params.n), dtype=bool)
    shortfall = -_gains(_others_coverage(everyone, params)[0], _with_penalty(params, 0.0))
    x = params.secondary_exposure
    unreachable = (x == 0.0) & (shortfall > params.tolerance)
    if unreachable.any():
        return float(np.inf)
    exposed = x > 0.0
    with np.errstate(over="ignore"):  # a tiny exposure: the penalty needed overflows to inf
        needed = shortfall[exposed] / x[exposed]
    return float(max(0.0, needed.max())) if needed.size else 0.0


def _with_penalty(params: _Params, penalty: float) -> _Params:
    return _Params(**{**params.__dict__, "penalty": penalty})


def _cascade(params: _Params, names: tuple[str, ...] | None = None) -> CascadeResult:
    """Granovetter cascade on the best-response thresholds, the leader (actor 0) first."""
    thresholds = np.concatenate([[0.0], _thresholds(params)])
    weights = np.concatenate([[params.leader_share], params.trade_share])
    return threshold_cascade(thresholds, weights, total_weight=max(1.0, float(weights.sum())),
                             names=names)


def _minimal_cascade_penalty(params: _Params) -> float:
    """The smallest penalty at which the cascade from the leader reaches every ally.

    Raise the penalty step by step: where the cascade stops, at coverage ``s``, the next
    ally to move is the one that needs the least penalty to gain from joining at ``s``,
    ``(c_i - B w_i (1 - d + d (2 s + w_i))) / x_i``. Below that penalty the cascade stops
    where it did (the set it reached is a fixed point), so the last penalty reached is the
    smallest. At most one step per ally, plus rounding nudges.
    """
    x = params.secondary_exposure
    unpressed = _with_penalty(params, 0.0)
    penalty = 0.0
    nudges = 0
    for _ in range(params.n + 64):
        result = _cascade(_with_penalty(params, penalty))
        out = ~result.joined[1:]
        if not out.any():
            return penalty
        shortfall = -_gains(result.final_share, unpressed)[out]
        exposed = x[out]
        with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
            needed = np.where(exposed > 0.0, shortfall / exposed,
                              np.where(shortfall <= 0.0, 0.0, np.inf))
        step = float(needed.min())
        if not np.isfinite(step):
            return float(np.inf)
        if step > penalty:
            penalty = step
            nudges = 0
        else:  # rounding left the closest ally a hair short: nudge the penalty up, doubling
            penalty = max(np.nextafter(penalty, np.inf), penalty * (1.0 + 1e-16 * 2.0**nudges))
            nudges += 1
    # pragma: no cover - each pass brings an ally in or nudges the penalty by one ulp
    raise RuntimeError("minimal_cascade_penalty did not converge; please report this")


def _coverage_others(coverage_others: object, n: int) -> np.ndarray:
    """`coverage_others` validated: in [0, 1], and broadcastable against the n allies."""
    s = check_array("coverage_others", coverage_others, low=0.0, high=1.0, ndim=None)
    try:
        np.broadcast_shapes(s.shape, (n,))
    except ValueError:
        raise ValueError(
            f"coverage_others must be a scalar or an array whose last axis has length {n} "
            f"(one value per ally) or 1, got shape {s.shape}"
        ) from None
    return s


def joining_gain(
    coverage_others: float | np.ndarray,
    trade_share: Sequence[float] | np.ndarray,
    exposure: Sequence[float] | np.ndarray,
    cost: Sequence[float] | np.ndarray,
    waiver: Sequence[float] | np.ndarray | None = None,
    *,
    leader_share: float = 0.0,
    penalty: float = 0.0,
    diversion: float = 0.0,
    benefit: float = 1.0,
) -> np.ndarray:
    r"""Each ally's gain from joining, given the coverage the others already provide.

    .. math::

        g_i(s) = B\,\bigl(E(s + w_i, d) - E(s, d)\bigr) + p\,x_i - c_i
               = B\,w_i\,\bigl(1 - d + d\,(2s + w_i)\bigr) + p\,e_i\,(1 - k_i) - c_i

    where :math:`s` is the coverage of the leader and the other joined allies. The ally's
    best response is to join when :math:`g_i(s) \ge 0`. Since :math:`g_i` rises with
    :math:`s` (slope :math:`2 B d w_i \ge 0`), the best response is a threshold rule.

    Parameters
    ----------
    coverage_others : float or array_like
        Coverage :math:`s` held by the others; broadcast against the allies (a scalar, an
        array of one value per ally, or shape (m, N)).
    trade_share, exposure, cost, waiver, leader_share, penalty, diversion, benefit
        The game's parameters, documented with their allowed ranges in
        :class:`ParticipationGame`.

    Returns
    -------
    numpy.ndarray
        Gains, one per ally (broadcast shape).

    Examples
    --------
    >>> joining_gain(0.5, [0.2], [0.5], [0.1], penalty=0.2, diversion=0.0).round(6).tolist()
    [0.2]
    """
    params = _validated(
        trade_share, exposure, cost, waiver, leader_share, penalty, diversion, benefit
    )
    return np.asarray(_gains(_coverage_others(coverage_others, params.n), params))


def participation_payoffs(
    profile: Sequence[int] | np.ndarray,
    trade_share: Sequence[float] | np.ndarray,
    exposure: Sequence[float] | np.ndarray,
    cost: Sequence[float] | np.ndarray,
    waiver: Sequence[float] | np.ndarray | None = None,
    *,
    leader_share: float,
    penalty: float,
    diversion: float,
    benefit: float,
) -> np.ndarray:
    r"""Each ally's payoff :math:`u_i(a)` at a profile of join (1) / stay out (0) choices.

    .. math::

        u_i(a) = B\,E\bigl(s(a), d\bigr) - c_i\,a_i - p\,e_i\,(1 - k_i)\,(1 - a_i),
        \qquad s(a) = L + \sum_j a_j w_j

    Parameters
    ----------
    profile : array_like of {0, 1} or bool
        One choice per ally.
    trade_share, exposure, cost, waiver, leader_share, penalty, diversion, benefit
        The game's parameters, documented with their allowed ranges in
        :class:`ParticipationGame`.

    Returns
    -------
    numpy.ndarray
        One payoff per ally.

    Examples
    --------
    >>> participation_payoffs([1, 0], [0.3, 0.2], [0.5, 0.5], [0.1, 0.1], leader_share=0.5,
    ...                       penalty=1.0, diversion=0.0, benefit=1.0).round(6).tolist()
    [0.7, 0.3]
    """
    params = _validated(
        trade_share, exposure, cost, waiver, leader_share, penalty, diversion, benefit
    )
    return _payoffs(_check_profile(profile, params.n), params)


def pure_equilibria(
    trade_share: Sequence[float] | np.ndarray,
    exposure: Sequence[float] | np.ndarray,
    cost: Sequence[float] | np.ndarray,
    waiver: Sequence[float] | np.ndarray | None = None,
    *,
    leader_share: float,
    penalty: float,
    diversion: float,
    benefit: float,
) -> np.ndarray:
    r"""All pure-strategy Nash equilibria, by exhaustive enumeration of the :math:`2^N` profiles.

    A profile is an equilibrium when no ally gains by switching:
    :math:`g_i(s_{-i}) \ge 0` for every ally that joins and :math:`g_i(s_{-i}) \le 0`
    for every ally that stays out, with :math:`s_{-i}` the coverage of the others (see
    :func:`joining_gain`). The test allows a rounding tolerance of
    :data:`PAYOFF_TOLERANCE` times the payoff scale, so exact ties count as equilibria.
    All profiles are checked at once with numpy.

    Parameters
    ----------
    trade_share, exposure, cost, waiver, leader_share, penalty, diversion, benefit
        The game's parameters, documented with their allowed ranges in
        :class:`ParticipationGame`.

    Returns
    -------
    numpy.ndarray of bool, shape (k, N)
        One row per equilibrium, in lexicographic order of the profiles (ally 0 varies
        slowest; "nobody joins" first). Never empty: the game is supermodular, so a pure
        equilibrium exists.

    Raises
    ------
    ValueError
        For invalid parameters, or more than :data:`MAX_ENUMERATED_ALLIES` (12) allies.

    Examples
    --------
    Two allies who each join only if the other does: both "nobody" and "everybody" are
    equilibria.

    >>> pure_equilibria([0.4, 0.4], [0, 0], [0.5, 0.5], leader_share=0.2, penalty=0.0,
    ...                 diversion=1.0, benefit=1.0).astype(int).tolist()
    [[0, 0], [1, 1]]
    """
    params = _validated(
        trade_share, exposure, cost, waiver, leader_share, penalty, diversion, benefit
    )
    return _pure_equilibria(params)


def best_response_thresholds(
    trade_share: Sequence[float] | np.ndarray,
    exposure: Sequence[float] | np.ndarray,
    cost: Sequence[float] | np.ndarray,
    waiver: Sequence[float] | np.ndarray | None = None,
    *,
    leader_share: float = 0.0,
    penalty: float,
    diversion: float,
    benefit: float,
) -> np.ndarray:
    r"""Coverage of the others at which each ally's best response switches to joining.

    The gain from joining is linear and non-decreasing in the others' coverage :math:`s`,
    :math:`g_i(s) = \alpha_i + \beta_i s` with
    :math:`\alpha_i = B w_i (1 - d + d w_i) + p e_i (1 - k_i) - c_i` and
    :math:`\beta_i = 2 B d w_i \ge 0` (see :func:`joining_gain`). So ally :math:`i` joins
    exactly when :math:`s \ge t_i` (ties go to joining, as in Granovetter's rule), with

    .. math::

        t_i = \begin{cases}
            0 & \text{if } \alpha_i \ge 0 \text{ (joins whatever the others do)},\\
            -\alpha_i / \beta_i & \text{if } \alpha_i < 0 < \beta_i
                \text{ and } -\alpha_i / \beta_i \le 1,\\
            \infty & \text{otherwise (never joins)}.
        \end{cases}

    These are Granovetter thresholds measured in shares of the target's trade, which links
    the game to :func:`~sanclab.models.threshold.threshold_cascade` (see
    :meth:`ParticipationGame.cascade`).

    Parameters
    ----------
    trade_share, exposure, cost, waiver, leader_share, penalty, diversion, benefit
        The game's parameters, documented with their allowed ranges in
        :class:`ParticipationGame`.

    Returns
    -------
    numpy.ndarray
        One threshold per ally, in [0, 1] or ``inf``.

    Examples
    --------
    >>> best_response_thresholds([0.25], [0.0], [0.3125], penalty=0.0, diversion=1.0,
    ...                          benefit=1.0).tolist()
    [0.5]
    """
    params = _validated(
        trade_share, exposure, cost, waiver, leader_share, penalty, diversion, benefit
    )
    return _thresholds(params)


def minimal_full_participation_penalty(
    trade_share: Sequence[float] | np.ndarray,
    exposure: Sequence[float] | np.ndarray,
    cost: Sequence[float] | np.ndarray,
    waiver: Sequence[float] | np.ndarray | None = None,
    *,
    leader_share: float,
    diversion: float,
    benefit: float,
) -> float:
    r"""Smallest secondary penalty that makes full participation a Nash equilibrium.

    Let :math:`S = L + \sum_j w_j` be the coverage when every ally joins. Full
    participation is an equilibrium when no ally gains by leaving, i.e. for every ally
    :math:`g_i(S - w_i) \ge 0`:

    .. math::

        B\,\bigl(E(S, d) - E(S - w_i, d)\bigr) - c_i + p\,x_i \ge 0,
        \qquad x_i = e_i (1 - k_i).

    Write :math:`r_i = c_i - B\,(E(S, d) - E(S - w_i, d))` for the part of ally
    :math:`i`'s cost that the benefit it would lose by leaving does not cover; the
    condition reads :math:`p\,x_i \ge r_i`.
    An ally with :math:`x_i > 0` needs :math:`p \ge r_i / x_i`; an ally with
    :math:`x_i = 0` (no exposure, or a full penalty waiver) cannot be moved by the penalty, so if
    its :math:`r_i > 0` no penalty works. Hence

    .. math::

        p^* = \begin{cases}
            \infty & \text{if } r_i > 0 \text{ for some } i \text{ with } x_i = 0,\\
            \max\Bigl(0,\ \max_{i:\,x_i > 0} \dfrac{c_i - B\,\bigl(E(S, d)
                - E(S - w_i, d)\bigr)}{e_i\,(1 - k_i)}\Bigr) & \text{otherwise}.
        \end{cases}

    Full participation is an equilibrium for every :math:`p \ge p^*` and for no
    :math:`p < p^*` (up to the rounding tolerance of :func:`pure_equilibria`). A penalty
    too large for a float, from a minute exposure, also comes back as ``inf``. The closed
    form needs no enumeration, so it works for any number of allies, in O(N) time and
    memory; the tests check it against :func:`pure_equilibria`.

    Parameters
    ----------
    trade_share, exposure, cost, waiver, leader_share, diversion, benefit
        The game's parameters, documented with their allowed ranges in
        :class:`ParticipationGame`.

    Returns
    -------
    float
        :math:`p^*` (``inf`` if no penalty makes full participation an equilibrium).

    Examples
    --------
    One ally holding half the target's trade, no leakage: leaving loses it
    :math:`B\,(E(1) - E(0.5)) = 0.25` of benefit against a cost of 0.5, so the penalty must
    cover the remaining 0.25 on an exposure of 0.5.

    >>> minimal_full_participation_penalty([0.5], [0.5], [0.5], leader_share=0.5,
    ...                                    diversion=0.0, benefit=0.5)
    0.5

    With a full penalty waiver the penalty has no grip:

    >>> minimal_full_participation_penalty([0.5], [0.5], [0.5], [1.0], leader_share=0.5,
    ...                                    diversion=0.0, benefit=0.5)
    inf
    """
    params = _validated(
        trade_share, exposure, cost, waiver, leader_share, 0.0, diversion, benefit
    )
    return _minimal_penalty(params)


def minimal_cascade_penalty(
    trade_share: Sequence[float] | np.ndarray,
    exposure: Sequence[float] | np.ndarray,
    cost: Sequence[float] | np.ndarray,
    waiver: Sequence[float] | np.ndarray | None = None,
    *,
    leader_share: float,
    diversion: float,
    benefit: float,
) -> float:
    r"""Smallest secondary penalty at which the cascade from the leader brings in every ally.

    :func:`minimal_full_participation_penalty` says when full participation can be *held*
    (no ally gains by leaving it); this function says when it is *built* by the
    best-response cascade that starts from the leader alone
    (:meth:`ParticipationGame.cascade`). Holding is cheaper: full participation can be an
    equilibrium while the cascade stops at a smaller one, because the first allies to move
    do so at a low coverage, where joining is worth less to them (the gain rises with the
    others' coverage).

    The penalty is raised step by step. Where the cascade stops, at coverage :math:`s`,
    each ally :math:`i` still out needs

    .. math::

        p_i(s) = \frac{c_i - B\,w_i\,\bigl(1 - d + d\,(2 s + w_i)\bigr)}{e_i\,(1 - k_i)}

    to gain from joining; the penalty moves to the smallest :math:`p_i(s)`, the cascade runs
    on, and so on until every ally is in. Below the final penalty the cascade stops short:
    the set it reached before the last step is still a fixed point. Ties count as joining,
    as in the cascade.

    Parameters
    ----------
    trade_share, exposure, cost, waiver, leader_share, diversion, benefit
        The game's parameters, documented with their allowed ranges in
        :class:`ParticipationGame`.

    Returns
    -------
    float
        The penalty (``inf`` if an ally out of the penalty's reach never joins).

    See Also
    --------
    minimal_full_participation_penalty : the penalty that *holds* full participation.

    Examples
    --------
    Two allies with full diversion: holding needs no penalty (``0.0``), building needs one.

    >>> args = ([0.3, 0.2], [0.5, 0.2], [0.33, 0.22])
    >>> kwargs = dict(leader_share=0.3, diversion=1.0, benefit=1.0)
    >>> minimal_full_participation_penalty(*args, **kwargs)
    0.0
    >>> round(minimal_cascade_penalty(*args, **kwargs), 6)
    0.12
    """
    params = _validated(
        trade_share, exposure, cost, waiver, leader_share, 0.0, diversion, benefit
    )
    return _minimal_cascade_penalty(params)


class ParticipationGame:
    r"""The N-ally participation game (front end: its methods call the plain functions).

    A leading sender always sanctions; each ally joins (1) or stays out (0). Ally
    :math:`i`'s payoff is

    .. math::

        u_i(a) = B\,E\bigl(s(a), d\bigr) - c_i\,a_i - p\,e_i\,(1 - k_i)\,(1 - a_i),
        \qquad s(a) = L + \sum_j a_j w_j,

    with :math:`E(s, d) = s\,(1 - d\,(1 - s))` (:func:`~sanclab.models.leakage.effectiveness`).
    Staying out risks the secondary penalty on the exposure the leader has not waived;
    joining costs :math:`c_i`; everyone enjoys the coalition's effectiveness. :math:`E` is
    convex, so the game is supermodular: an ally's gain from joining rises with the number
    (and size) of the others who join.

    Parameters
    ----------
    trade_share : array_like of float
        Each ally's share :math:`w_i` of the target's trade, in [0, 1].
    exposure : array_like of float
        Share :math:`e_i` of each ally's own trade at risk from the leading sender's
        secondary sanctions, in [0, 1].
    cost : array_like of float
        Each ally's cost :math:`c_i` of cutting its trade with the target, in [0, inf).
    waiver : array_like of float, optional
        Penalty waiver :math:`k_i`: the share of each ally's exposure to the secondary
        penalty that the leader waives, in [0, 1]. Default: no waivers.
    leader_share : float
        The leading sender's share :math:`L` of the target's trade, in [0, 1]; with the
        allies' shares it must sum to at most 1.
    penalty : float
        Secondary penalty :math:`p` per unit of exposure for staying out, in [0, inf).
    diversion : float
        Diversion rate :math:`d` of :func:`~sanclab.models.leakage.effectiveness`, in [0, 1].
    benefit : float
        Benefit :math:`B` each ally draws from a fully effective coalition, in [0, inf).
    names : sequence of str, optional
        Unique ally names. Default ``"Ally 1"``, ``"Ally 2"``, ...
    leader_name : str, default "Leading sender"
        Name of the leading sender (in cascades).

    Raises
    ------
    ValueError
        If any parameter is out of range (the message names it, its value and the range),
        or if benefit, penalty and costs are so large that payoffs would overflow a float.

    Notes
    -----
    The game is an illustrative construction for teaching, after Martin's (1992) account of
    coercive cooperation: a leading sender can press reluctant allies to join multilateral
    sanctions. Martin's analysis is not reduced to this game, and every number fed to it in
    this course is illustrative.

    References
    ----------
    Martin, L. L. (1992). *Coercive Cooperation: Explaining Multilateral Economic
    Sanctions*. Princeton University Press. [martin1992]

    Granovetter, M. (1978). Threshold Models of Collective Behavior. *American Journal of
    Sociology*, 83(6), 1420-1443. [granovetter1978]

    Examples
    --------
    Two allies and full diversion (:math:`d = 1`), so each ally's gain from joining grows
    fast with the coalition. Without a penalty both "nobody joins" and "everybody joins"
    are equilibria, and a cascade from the leader alone goes nowhere:

    >>> game = ParticipationGame([0.3, 0.2], [0.5, 0.2], [0.33, 0.22], leader_share=0.3,
    ...                          penalty=0.0, diversion=1.0, benefit=1.0,
    ...                          names=["Big", "Small"])
    >>> game.pure_equilibria().astype(int).tolist()
    [[0, 0], [1, 1]]
    >>> game.smallest_equilibrium().tolist(), game.largest_equilibrium().tolist()
    ([False, False], [True, True])
    >>> game.minimal_full_participation_penalty()
    0.0
    >>> game.best_response_thresholds().round(4).tolist()
    [0.4, 0.45]
    >>> game.cascade().joined_names()
    ['Leading sender']

    A secondary penalty lowers the thresholds; the big ally joins first, then the small one:

    >>> pressed = game.with_penalty(0.2)
    >>> pressed.best_response_thresholds().round(4).tolist()
    [0.2333, 0.35]
    >>> cascade = pressed.cascade()
    >>> cascade.joined_names(), cascade.share_by_round.round(4).tolist()
    (['Leading sender', 'Big', 'Small'], [0.3, 0.6, 0.8])
    """

    def __init__(
        self,
        trade_share: Sequence[float] | np.ndarray,
        exposure: Sequence[float] | np.ndarray,
        cost: Sequence[float] | np.ndarray,
        waiver: Sequence[float] | np.ndarray | None = None,
        *,
        leader_share: float,
        penalty: float = 0.0,
        diversion: float = 0.0,
        benefit: float = 1.0,
        names: Sequence[str] | None = None,
        leader_name: str = "Leading sender",
    ) -> None:
        self._params = _validated(
            trade_share, exposure, cost, waiver, leader_share, penalty, diversion, benefit
        )
        n = self._params.n
        if names is None:
            names = [f"Ally {i + 1}" for i in range(n)]
        names = tuple(names)
        if len(names) != n:
            raise ValueError(f"names must have length {n} (one per ally), got {len(names)}")
        for i, name in enumerate(names):
            if not isinstance(name, str) or not name.strip():
                raise ValueError(f"names[{i}] must be a non-empty string, got {name!r}")
        if len(set(names)) != n:
            raise ValueError(f"names must be unique, got {list(names)!r}")
        if not isinstance(leader_name, str) or not leader_name.strip():
            raise ValueError(f"leader_name must be a non-empty string, got {leader_name!r}")
        if leader_name in names:
            raise ValueError(f"leader_name must differ from the ally names, got {leader_name!r}")
        self.names: tuple[str, ...] = names
        self.leader_name: str = leader_name

    # -- parameters (read-only) ------------------------------------------------------------
    @property
    def n_allies(self) -> int:
        """Number of allies :math:`N`."""
        return self._params.n

    @property
    def trade_share(self) -> np.ndarray:
        """Allies' shares :math:`w_i` of the target's trade (read-only array)."""
        return self._params.trade_share

    @property
    def exposure(self) -> np.ndarray:
        """Allies' exposures :math:`e_i` to secondary sanctions (read-only array)."""
        return self._params.exposure

    @property
    def cost(self) -> np.ndarray:
        """Allies' costs :math:`c_i` of joining (read-only array)."""
        return self._params.cost

    @property
    def waiver(self) -> np.ndarray:
        """Allies' penalty waivers :math:`k_i` (read-only array)."""
        return self._params.waiver

    @property
    def leader_share(self) -> float:
        """Leader's share :math:`L` of the target's trade."""
        return self._params.leader_share

    @property
    def penalty(self) -> float:
        """Secondary penalty :math:`p`."""
        return self._params.penalty

    @property
    def diversion(self) -> float:
        """Diversion rate :math:`d`."""
        return self._params.diversion

    @property
    def benefit(self) -> float:
        """Benefit :math:`B` of a fully effective coalition."""
        return self._params.benefit

    def __repr__(self) -> str:
        return (
            f"ParticipationGame(n_allies={self.n_allies}, leader_share={self.leader_share!r}, "
            f"penalty={self.penalty!r}, diversion={self.diversion!r}, "
            f"benefit={self.benefit!r})"
        )

    def with_penalty(self, penalty: float) -> ParticipationGame:
        """The same game with another secondary penalty (for comparative statics).

        Parameters
        ----------
        penalty : float
            New penalty, in [0, inf).

        Returns
        -------
        ParticipationGame
        """
        return self.replace(penalty=penalty)

    def replace(self, **changes: object) -> ParticipationGame:
        """The same game with some parameters changed (validated again).

        Parameters
        ----------
        **changes
            Any constructor argument, e.g. ``diversion=0.8`` or ``waiver=[0, 1, 0]``.

        Returns
        -------
        ParticipationGame

        Examples
        --------
        >>> game = ParticipationGame([0.2], [0.5], [0.1], leader_share=0.3)
        >>> game.replace(diversion=0.8).diversion
        0.8
        """
        current = {
            "trade_share": self.trade_share,
            "exposure": self.exposure,
            "cost": self.cost,
            "waiver": self.waiver,
            "leader_share": self.leader_share,
            "penalty": self.penalty,
            "diversion": self.diversion,
            "benefit": self.benefit,
            "names": self.names,
            "leader_name": self.leader_name,
        }
        unknown = sorted(set(changes) - set(current))
        if unknown:
            raise ValueError(f"unknown parameter(s) {unknown!r}; allowed: {sorted(current)!r}")
        current.update(changes)
        return ParticipationGame(**current)

    # -- the model -------------------------------------------------------------------------
    def coverage(self, profile: Sequence[int] | np.ndarray) -> float:
        """Coverage :math:`s(a) = L + \\sum_j a_j w_j` at a profile.

        Parameters
        ----------
        profile : array_like of {0, 1} or bool
            One choice per ally.

        Returns
        -------
        float
        """
        a = _check_profile(profile, self.n_allies)
        return min(self.leader_share + float(self.trade_share @ a), 1.0)

    def payoffs(self, profile: Sequence[int] | np.ndarray) -> np.ndarray:
        """Each ally's payoff at a profile (see :func:`participation_payoffs`).

        Parameters
        ----------
        profile : array_like of {0, 1} or bool
            One choice per ally.

        Returns
        -------
        numpy.ndarray
        """
        return _payoffs(_check_profile(profile, self.n_allies), self._params)

    def joining_gains(self, coverage_others: float | np.ndarray) -> np.ndarray:
        """Each ally's gain from joining at the others' coverage (see :func:`joining_gain`).

        Parameters
        ----------
        coverage_others : float or array_like
            Coverage of the leader and the other joined allies, in [0, 1].

        Returns
        -------
        numpy.ndarray
        """
        s = _coverage_others(coverage_others, self.n_allies)
        return np.asarray(_gains(s, self._params))

    def pure_equilibria(self) -> np.ndarray:
        """All pure Nash equilibria, rows in lexicographic order (see :func:`pure_equilibria`).

        Returns
        -------
        numpy.ndarray of bool, shape (k, N)
        """
        return _pure_equilibria(self._params)

    def largest_equilibrium(self) -> np.ndarray:
        """The largest pure equilibrium (the most allies join).

        It is the componentwise maximum of all equilibria, which in a supermodular game is
        itself an equilibrium.

        Returns
        -------
        numpy.ndarray of bool, shape (N,)
        """
        return _extreme_equilibrium(self._params, largest=True)

    def smallest_equilibrium(self) -> np.ndarray:
        """The smallest pure equilibrium (the fewest allies join).

        Returns
        -------
        numpy.ndarray of bool, shape (N,)
        """
        return _extreme_equilibrium(self._params, largest=False)

    def minimal_full_participation_penalty(self) -> float:
        """Smallest penalty making full participation an equilibrium.

        See :func:`minimal_full_participation_penalty` for the closed form. The game's own
        penalty is ignored.

        Returns
        -------
        float
        """
        return _minimal_penalty(self._params)

    def minimal_cascade_penalty(self) -> float:
        """Smallest penalty at which the cascade from the leader brings in every ally.

        See :func:`minimal_cascade_penalty`. The game's own penalty is ignored.

        Returns
        -------
        float
        """
        return _minimal_cascade_penalty(self._params)

    def best_response_thresholds(self) -> np.ndarray:
        """Others' coverage at which each ally switches to joining.

        See :func:`best_response_thresholds`.

        Returns
        -------
        numpy.ndarray
            One threshold per ally, in [0, 1] or ``inf``.
        """
        return _thresholds(self._params)

    def cascade(self) -> CascadeResult:
        """Granovetter cascade on the best-response thresholds, from the leader alone.

        The actors are the leader (threshold 0, so round 0) and the allies (weights: their
        trade shares; thresholds: :meth:`best_response_thresholds`). Shares are shares of
        the target's whole trade, so ``share_by_round`` is the coalition's coverage after
        each round. This is best-response dynamics: at each round, every ally whose best
        response to the current coalition is to join, joins. It ends in a pure equilibrium,
        and, unless some ally is exactly indifferent at a coverage the cascade reaches
        (ties go to joining), in the smallest one.

        Returns
        -------
        CascadeResult
            Actor 0 is the leader; ``names`` holds the leader's and the allies' names.
        """
        return _cascade(self._params, (self.leader_name, *self.names))
