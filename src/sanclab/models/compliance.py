r"""The target's choice: when does it prefer to comply? (The course's own construction.)

The sender is committed to a policy (:mod:`sanclab.models.snapback`); the target knows it
and maximizes its discounted payoff

.. math::

    \sum_{t \ge 0} \delta^t \left( g\, v_t - c\, L_t \right),

where :math:`v_t = 1` in a period with a violation. Because the policy's state is Markov,
this is a finite Markov decision problem: in each state the target complies or violates,
and violating raises the flag probability from :math:`\alpha` to :math:`1 - \beta`. It is
solved exactly by policy iteration (each step solves :math:`(I - \delta P)V = r`).

Two thresholds on the discount factor :math:`\delta` (its patience):

* **deterred**: the target's best action in relief (level 0, where play starts) is to
  comply;
* **sustained**: its best action is to comply in *every* state a compliant target can
  reach through false alarms, so that compliance survives noise.

Closed forms (derived in the lesson notes, checked against the exact solution in the
tests). With perfect monitoring all-at-once reimposition is grim trigger in a prisoner's
dilemma with :math:`T = g,\ R = 0,\ P = g - cK`, so :math:`\delta^* = g / (cK)`
(:func:`sanclab.models.repeated.grim_trigger_delta`). With noise,

.. math::

    \delta^*_{\text{all at once}} = \frac{g}{cK(1 - \alpha - \beta) + g\beta}, \qquad
    \delta^*_{\text{GTFT}} = \frac{g}{cK(1 - q)(1 - \alpha - \beta)} .

For a one-step ladder under perfect monitoring, the target is deterred exactly when
:math:`\delta + \delta^2 + \dots + \delta^{\min(m, K)} \ge g / c`
(:func:`unit_ladder_critical_discount`).

Examples
--------
>>> from sanclab.models.snapback import AllAtOnce, ComplianceGame, Ladder
>>> game = ComplianceGame(false_alarm=0.05, miss=0.1, discount=0.9)
>>> round(critical_discount(AllAtOnce(ceiling=4), game), 6)  # 1 / (4 * 0.85 + 0.1) = 2/7
0.285714
>>> response = best_response(Ladder(ceiling=4, step=1, clean_periods=4), game)
>>> response.deterred, response.sustained, response.compliance_share
(True, True, 1.0)
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from . import _markov
from ._validate import check_array, check_integer, check_range
from .snapback import (
    Actions,
    AllAtOnce,
    ComplianceGame,
    GenerousTitForTat,
    SenderPolicy,
    _check_game,
    _check_policy,
    _frozen,
    _start,
    _violations,
    expected_time_to_sanctions,
    long_run_level,
    transition_matrix,
)

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

__all__ = [
    "DETERRED_ONLY",
    "DISCOUNT_CAP",
    "NOT_DETERRED",
    "SUSTAINED",
    "TargetResponse",
    "best_response",
    "compliance_map",
    "compliance_region",
    "critical_discount",
    "critical_discount_curve",
    "false_alarm_table",
    "max_deterring_forgiveness",
    "policy_table",
    "strategy_values",
    "unit_ladder_critical_discount",
]

#: Largest discount factor tried when searching a threshold numerically: a threshold
#: above it is reported as ``inf`` (never deterred).
DISCOUNT_CAP = 1.0 - 1e-6
#: Relative tolerance under which the target, indifferent, is taken to comply.
TIE_TOLERANCE = 1e-10

#: Codes of :func:`compliance_map`: the target violates in relief (not deterred), complies
#: in relief but not in every state false alarms can take it to (deterred only), or
#: complies everywhere it can be taken (sustained; this implies deterred).
NOT_DETERRED, DETERRED_ONLY, SUSTAINED = 0, 1, 2


def _rewards(policy: SenderPolicy, game: ComplianceGame, violate: np.ndarray) -> np.ndarray:
    return game.gain * violate - game.cost * policy.levels


def strategy_values(
    policy: SenderPolicy, game: ComplianceGame, actions: Actions = "comply"
) -> np.ndarray:
    r"""Discounted value to the target of a fixed behaviour, from each state (exact).

    :math:`V = (I - \delta P)^{-1} r` with :math:`r_i = g\,v_i - c L_i`.

    Examples
    --------
    Always violating under all-at-once reimposition with perfect monitoring: the gain now,
    then the gain net of full sanctions for ever, g + delta (g - cK) / (1 - delta).

    >>> from sanclab.models.snapback import AllAtOnce, ComplianceGame
    >>> game = ComplianceGame(false_alarm=0, miss=0, discount=0.5)
    >>> strategy_values(AllAtOnce(ceiling=4), game, "violate").tolist()
    [-2.0, -6.0]
    """
    policy, game = _check_policy(policy), _check_game(game)
    violate = _violations(policy, actions)
    P = transition_matrix(policy, game, violate)
    n = policy.n_states
    return np.linalg.solve(np.eye(n) - game.discount * P, _rewards(policy, game, violate))


@dataclass(frozen=True, eq=False)
class TargetResponse:
    """The target's optimal behaviour against a policy (see :func:`best_response`).

    Attributes
    ----------
    violate : numpy.ndarray of bool
        Optimal action in each of the policy's states (``True`` = violate; ties comply).
    values : numpy.ndarray
        Optimal discounted value from each state.
    advantage : numpy.ndarray
        Value of violating now minus value of complying now, in each state, both followed
        by optimal play (positive where the target violates).
    deterred : bool
        Whether the target complies in relief (state 0).
    sustained : bool
        Whether it complies in every state that a compliant target can reach.
    compliance_share : float
        Long-run share of periods in which the target complies under optimal play.
    long_run_level : float
        Long-run average sanction level under optimal play.
    """

    violate: np.ndarray
    values: np.ndarray
    advantage: np.ndarray
    deterred: bool
    sustained: bool
    compliance_share: float
    long_run_level: float


def best_response(policy: SenderPolicy, game: ComplianceGame) -> TargetResponse:
    """Solve the target's decision problem exactly (policy iteration).

    Parameters
    ----------
    policy : SenderPolicy
        :class:`~sanclab.models.snapback.Ladder`,
        :class:`~sanclab.models.snapback.AllAtOnce` or
        :class:`~sanclab.models.snapback.GenerousTitForTat`.
    game : ComplianceGame
        Parameters: see :class:`~sanclab.models.snapback.ComplianceGame`.

    Returns
    -------
    TargetResponse

    Examples
    --------
    Under all-at-once reimposition with false alarms, a patient target is deterred but
    compliance is not sustained: once sanctions are in force for good it has nothing
    left to lose, violates, and in the long run never complies.

    >>> from sanclab.models.snapback import AllAtOnce, ComplianceGame
    >>> r = best_response(AllAtOnce(ceiling=4), ComplianceGame(false_alarm=0.05, discount=0.9))
    >>> r.violate.tolist(), r.deterred, r.sustained, r.compliance_share
    ([False, True], True, False, 0.0)
    """
    policy, game = _check_policy(policy), _check_game(game)
    n = policy.n_states
    delta = game.discount
    P_comply = transition_matrix(policy, game, "comply")
    P_violate = transition_matrix(policy, game, "violate")
    r_comply = -game.cost * policy.levels
    r_violate = game.gain - game.cost * policy.levels
    violate = np.zeros(n, dtype=bool)
    for _ in range(4 * n + 10):
        P = np.where(violate[:, None], P_violate, P_comply)
        r = np.where(violate, r_violate, r_comply)
        values = np.linalg.solve(np.eye(n) - delta * P, r)
        q_violate = r_violate + delta * P_violate @ values
        advantage = q_violate - (r_comply + delta * P_comply @ values)
        scale = TIE_TOLERANCE * (1.0 + np.abs(values).max() + game.gain)
        improved = np.where(advantage > scale, True, np.where(advantage < -scale, False, violate))
        if (improved == violate).all():
            break
        violate = improved
    else:  # pragma: no cover - policy iteration ends after finitely many improvements
        raise RuntimeError("policy iteration did not converge")
    violate = advantage > scale
    reach = _markov.reachable(P_comply)[0]
    P_opt = np.where(violate[:, None], P_violate, P_comply)
    pi = _markov.long_run_distribution(P_opt, _start(policy))
    return TargetResponse(
        violate=_frozen(violate),
        values=_frozen(values),
        advantage=_frozen(advantage),
        deterred=not bool(violate[0]),
        sustained=not bool(violate[reach].any()),
        compliance_share=round(float(pi @ ~violate), 12),
        long_run_level=float(pi @ policy.levels),
    )


def _optimal_violations(
    policy: SenderPolicy, game: ComplianceGame, false_alarms: np.ndarray, discounts: np.ndarray
) -> np.ndarray:
    """The target's optimal actions for many (false-alarm rate, discount factor) pairs at once.

    The same policy iteration as :func:`best_response` (same start, same tie rule), run on a
    batch of decision problems that differ only in ``false_alarm`` and ``discount``: each
    round solves the linear systems of the problems whose policy is still changing. Returns
    a boolean array of shape ``(N, n_states)`` (``True`` = violate), equal to
    ``best_response(...).violate`` for each pair (checked in the tests).
    """
    alphas = np.asarray(false_alarms, dtype=float)
    deltas = np.asarray(discounts, dtype=float)
    n = policy.n_states
    F, C, levels = policy.on_flag, policy.on_clean, policy.levels
    beta = game.miss
    unique, which = np.unique(alphas, return_inverse=True)
    P_comply_by_alpha = unique[:, None, None] * F + (1.0 - unique)[:, None, None] * C
    P_violate = (1.0 - beta) * F + beta * C
    r_comply = -game.cost * levels
    r_violate = game.gain - game.cost * levels
    identity = np.eye(n)
    violate = np.zeros((alphas.size, n), dtype=bool)
    advantage = np.zeros((alphas.size, n))
    scale = np.zeros((alphas.size, 1))
    active = np.arange(alphas.size)
    for _ in range(4 * n + 10):
        current = violate[active]
        delta = deltas[active][:, None]
        P_comply = P_comply_by_alpha[which[active]]
        if current.any():
            P = np.where(current[:, :, None], P_violate, P_comply)
            r = np.where(current, r_violate, r_comply)
        else:  # the first round: every problem starts from "always comply"
            P, r = P_comply, np.broadcast_to(r_comply, current.shape)
        system = identity - delta[:, :, None] * P
        values = np.linalg.solve(system, r[:, :, None])[:, :, 0]
        gap = values @ P_violate.T - np.einsum("aij,aj->ai", P_comply, values)
        adv = (r_violate - r_comply) + delta * gap
        tie = TIE_TOLERANCE * (1.0 + np.abs(values).max(axis=1, keepdims=True) + game.gain)
        improved = np.where(adv > tie, True, np.where(adv < -tie, False, current))
        advantage[active], scale[active] = adv, tie
        changed = (improved != current).any(axis=1)
        violate[active] = improved
        active = active[changed]
        if active.size == 0:
            break
    else:  # pragma: no cover - policy iteration ends after finitely many improvements
        raise RuntimeError("policy iteration did not converge")
    return advantage > scale


def _compliance_codes(
    policy: SenderPolicy, game: ComplianceGame, false_alarms: np.ndarray, discounts: np.ndarray
) -> np.ndarray:
    """:data:`NOT_DETERRED`, :data:`DETERRED_ONLY` or :data:`SUSTAINED` for each pair."""
    alphas = np.asarray(false_alarms, dtype=float)
    violate = _optimal_violations(policy, game, alphas, discounts)
    # Which states a compliant target can reach depends only on which transitions have a
    # positive probability: false alarms possible or not, clean periods possible or not.
    floor = _markov.PROBABILITY_FLOOR
    patterns = np.stack([alphas >= floor, 1.0 - alphas >= floor], axis=1)
    unique, which = np.unique(patterns, axis=0, return_inverse=True)
    reach_by_pattern = np.array([
        _markov.reachable((flag * policy.on_flag + clean * policy.on_clean) / (flag + clean))[0]
        for flag, clean in unique.astype(int)
    ])
    reach = reach_by_pattern[np.ravel(which)]
    deterred = ~violate[:, 0]
    sustained = ~(violate & reach).any(axis=1)
    return np.where(sustained, SUSTAINED, np.where(deterred, DETERRED_ONLY, NOT_DETERRED)).astype(
        np.int8
    )


def _all_at_once_threshold(game: ComplianceGame, ceiling: int) -> float:
    denominator = game.cost * ceiling * game.detection + game.gain * game.miss
    if denominator <= game.gain:
        return math.inf
    return game.gain / denominator


def _gtft_threshold(game: ComplianceGame, ceiling: int, forgiveness: float) -> float:
    denominator = game.cost * ceiling * (1.0 - forgiveness) * game.detection
    if denominator <= game.gain:
        return math.inf
    return game.gain / denominator


def _first_discounts(holds_on, count: int, tol: float) -> np.ndarray:
    """Smallest discount in [0, DISCOUNT_CAP] at which each of ``count`` monotone predicates
    holds (``inf`` where none does).

    ``holds_on(rows, deltas)`` answers, for arrays of the same shape, whether predicate
    ``rows[i]`` holds at ``deltas[i]``. Each round evaluates 31 interior points of every
    open bracket and keeps the cell in which the predicate switches on, so a bracket shrinks
    32-fold per round (a bisection that asks 31 questions at a time).
    """
    rows = np.arange(count)
    ends = holds_on(np.repeat(rows, 2), np.tile([0.0, DISCOUNT_CAP], count)).reshape(count, 2)
    result = np.where(ends[:, 0], 0.0, np.where(ends[:, 1], np.nan, math.inf))
    low, high = np.zeros(count), np.full(count, DISCOUNT_CAP)
    active = rows[np.isnan(result)]
    fractions = np.linspace(0.0, 1.0, 33)[1:-1]
    while active.size:
        active = active[high[active] - low[active] > tol]
        if not active.size:
            break
        grid = low[active, None] + (high - low)[active, None] * fractions
        ok = holds_on(np.repeat(active, fractions.size), grid.ravel()).reshape(grid.shape)
        found = ok.any(axis=1)
        first = np.argmax(ok, axis=1)
        picked = np.arange(active.size)
        low[active[~found]] = grid[~found, -1]
        high[active[found]] = grid[picked[found], first[found]]
        inner = found & (first > 0)
        low[active[inner]] = grid[picked[inner], first[inner] - 1]
    unresolved = np.isnan(result)
    result[unresolved] = high[unresolved]
    return result


def critical_discount_curve(
    policy: SenderPolicy,
    game: ComplianceGame,
    false_alarms,
    *,
    sustained: bool = False,
    tol: float = 1e-9,
) -> np.ndarray:
    r""":func:`critical_discount` for several false-alarm rates at once.

    Parameters
    ----------
    policy : SenderPolicy
    game : ComplianceGame
        The other parameters (its ``false_alarm`` is replaced, its ``discount`` ignored).
    false_alarms : array_like
        False-alarm probabilities in [0, 1].
    sustained : bool, default False
        Threshold for compliance in every reachable state instead of in relief only.
    tol : float, default 1e-9
        Width of the final bracket for ladders.

    Returns
    -------
    numpy.ndarray
        One threshold per false-alarm rate (``inf`` where no discount factor below
        :data:`DISCOUNT_CAP` works).

    Examples
    --------
    All-at-once reimposition at the defaults (beta = 0.1): g / (cK(1 - alpha - beta) + g beta).

    >>> from sanclab.models.snapback import AllAtOnce, ComplianceGame
    >>> critical_discount_curve(AllAtOnce(4), ComplianceGame(), [0.0, 0.05]).round(4).tolist()
    [0.2703, 0.2857]
    """
    policy, game = _check_policy(policy), _check_game(game)
    alphas = check_array("false_alarms", false_alarms, low=0.0, high=1.0)
    tol = check_range("tol", tol, 0.0, 0.1, low_open=True)
    if isinstance(policy, (AllAtOnce, GenerousTitForTat)):
        # the closed forms, element by element in the same order as for one game
        detection = 1.0 - alphas - game.miss
        if isinstance(policy, AllAtOnce):
            denominator = game.cost * policy.ceiling * detection + game.gain * game.miss
        else:
            denominator = game.cost * policy.ceiling * (1.0 - policy.forgiveness) * detection
        with np.errstate(divide="ignore"):
            out = np.where(denominator <= game.gain, math.inf, game.gain / denominator)
        if isinstance(policy, AllAtOnce) and sustained:
            out[alphas > 0] = math.inf
        return out
    wanted = SUSTAINED if sustained else DETERRED_ONLY

    def holds_on(rows: np.ndarray, deltas: np.ndarray) -> np.ndarray:
        return _compliance_codes(policy, game, alphas[rows], deltas) >= wanted

    return _first_discounts(holds_on, alphas.size, tol)


def critical_discount(
    policy: SenderPolicy,
    game: ComplianceGame,
    *,
    sustained: bool = False,
    tol: float = 1e-9,
) -> float:
    r"""Smallest discount factor at which the target is deterred (or compliance sustained).

    The game's own ``discount`` is ignored. Closed forms are used for
    :class:`~sanclab.models.snapback.AllAtOnce` and
    :class:`~sanclab.models.snapback.GenerousTitForTat` (see the module docstring); for a
    :class:`~sanclab.models.snapback.Ladder` the exact decision problem is solved inside a
    search on :math:`\delta` that narrows a bracket (31 discount factors per round), which
    assumes that deterrence, once reached, persists at higher patience (checked on grids in
    the tests, not proved).

    Parameters
    ----------
    policy : SenderPolicy
    game : ComplianceGame
    sustained : bool, default False
        Threshold for compliance in every reachable state instead of in relief only.
    tol : float, default 1e-9
        Width of the final bracket for ladders.

    Returns
    -------
    float
        The threshold, or ``inf`` if no discount factor below ``1 - 1e-6``
        (:data:`DISCOUNT_CAP`) works.

    Examples
    --------
    >>> from sanclab.models.snapback import AllAtOnce, ComplianceGame, Ladder
    >>> perfect = ComplianceGame(false_alarm=0, miss=0)
    >>> critical_discount(AllAtOnce(ceiling=4), perfect)  # grim trigger: g / (cK)
    0.25
    >>> round(critical_discount(Ladder(ceiling=4, step=1, clean_periods=2), perfect), 6)
    0.618034
    >>> critical_discount(AllAtOnce(ceiling=4), ComplianceGame(), sustained=True)
    inf
    """
    game = _check_game(game)
    curve = critical_discount_curve(policy, game, [game.false_alarm], sustained=sustained,
                                    tol=tol)
    return float(curve[0])


def unit_ladder_critical_discount(
    gain: float, cost: float, ceiling: int, clean_periods: int | None
) -> float:
    r"""Critical discount factor of a one-step ladder under perfect monitoring (closed form).

    With :math:`\alpha = \beta = 0` and ``step=1`` the target is deterred exactly when

    .. math::

        \delta + \delta^2 + \dots + \delta^{n} \ge \frac{g}{c}, \qquad n = \min(m, K),

    (:math:`n = K` when the ladder never steps down). One violation costs one level for
    :math:`m` periods; violating for ever climbs to the ceiling and costs
    :math:`1, 2, \dots, K, K, \dots` levels. The smaller of the two punishments binds, so
    steps down slower than :math:`m = K` add nothing to deterrence. (The course's own
    result, checked against the exact decision problem in the tests.)

    Parameters
    ----------
    gain, cost : float
        :math:`g > 0` and :math:`c > 0`, as in :class:`~sanclab.models.snapback.ComplianceGame`.
    ceiling : int
        :math:`K \ge 1`.
    clean_periods : int or None
        :math:`m \ge 1`, or ``None`` for a ladder that never steps down.

    Returns
    -------
    float
        The root in (0, 1), or ``inf`` if :math:`g / c \ge n`.

    Examples
    --------
    >>> round(unit_ladder_critical_discount(1, 1, 4, 2), 6)  # delta + delta^2 = 1
    0.618034
    >>> unit_ladder_critical_discount(1, 1, 4, 1)  # delta = 1 is needed
    inf
    """
    inf = float("inf")
    gain = check_range("gain", gain, 0.0, inf, low_open=True, high_open=True)
    cost = check_range("cost", cost, 0.0, inf, low_open=True, high_open=True)
    ceiling = check_integer("ceiling", ceiling, 1)
    n = ceiling
    if clean_periods is not None:
        n = min(check_integer("clean_periods", clean_periods, 1), ceiling)
    target = gain / cost
    if target >= n:
        return math.inf
    low, high = 0.0, 1.0
    for _ in range(200):
        mid = 0.5 * (low + high)
        if sum(mid**j for j in range(1, n + 1)) >= target:
            high = mid
        else:
            low = mid
    return high


def max_deterring_forgiveness(game: ComplianceGame, ceiling: int) -> float:
    r"""Largest forgiveness at which generous tit for tat still deters (closed form).

    .. math::

        q_{\max} = 1 - \frac{g}{\delta c K (1 - \alpha - \beta)} .

    At :math:`q_{\max}` a compliant target bears a long-run level
    :math:`\alpha K (1 - q_{\max}) = \alpha g / (\delta c (1 - \alpha - \beta))`, which does
    not depend on the ceiling :math:`K`. Without noise and as :math:`\delta \to 1`,
    :math:`q_{\max} \to 1 - g/(cK) = (R - P)/(T - P)` with :math:`T = g,\ R = 0,\
    P = g - cK`: the second term of Nowak and Sigmund's generosity. (The course's own
    construction.)

    Returns
    -------
    float
        :math:`q_{\max}`, at most 1; a negative value means that even tit for tat
        (:math:`q = 0`) does not deter; ``-inf`` if :math:`\delta = 0` or the monitor
        carries no information (:math:`1 - \alpha - \beta \le 0`).

    Examples
    --------
    >>> from sanclab.models.snapback import ComplianceGame
    >>> round(max_deterring_forgiveness(ComplianceGame(false_alarm=0.05, miss=0.1,
    ...                                                discount=0.9), ceiling=4), 6)
    0.673203
    """
    game = _check_game(game)
    ceiling = check_integer("ceiling", ceiling, 1)
    scale = game.discount * game.cost * ceiling * game.detection
    if scale <= 0:
        return -math.inf
    return 1.0 - game.gain / scale


def compliance_map(
    policy: SenderPolicy,
    game: ComplianceGame,
    discounts,
    false_alarms,
) -> np.ndarray:
    """How far the target complies, on a grid of discount factors and false-alarm rates.

    Each cell is :data:`NOT_DETERRED` (0: the target violates in relief),
    :data:`DETERRED_ONLY` (1: it complies in relief, but some state that false alarms can
    push a compliant target to makes it violate) or :data:`SUSTAINED` (2: it complies in
    every such state), from the exact decision problem (:func:`best_response`) solved for
    all cells at once.

    Parameters
    ----------
    policy : SenderPolicy
    game : ComplianceGame
        The other parameters (its ``discount`` and ``false_alarm`` are replaced).
    discounts : array_like
        Discount factors in [0, 1).
    false_alarms : array_like
        False-alarm probabilities in [0, 1].

    Returns
    -------
    numpy.ndarray of int8
        Shape ``(len(false_alarms), len(discounts))``.

    Examples
    --------
    The one-step ladder at the defaults: at delta = 0.7 deterred but not sustained once
    false alarms occur; at 0.95 sustained unless false alarms are frequent.

    >>> from sanclab.models.snapback import ComplianceGame, Ladder
    >>> compliance_map(Ladder(4, 1, 4), ComplianceGame(), [0.5, 0.7, 0.95],
    ...                [0.0, 0.05, 0.3]).tolist()
    [[0, 2, 2], [0, 1, 2], [0, 1, 1]]
    """
    policy, game = _check_policy(policy), _check_game(game)
    deltas = check_array("discounts", discounts, low=0.0, high=1.0, high_open=True)
    alphas = check_array("false_alarms", false_alarms, low=0.0, high=1.0)
    grid_alpha, grid_delta = np.meshgrid(alphas, deltas, indexing="ij")
    codes = _compliance_codes(policy, game, grid_alpha.ravel(), grid_delta.ravel())
    return codes.reshape(alphas.size, deltas.size)


def compliance_region(
    policy: SenderPolicy,
    game: ComplianceGame,
    discounts,
    false_alarms,
    *,
    sustained: bool = False,
) -> np.ndarray:
    """Where the target complies, on a grid of discount factors and false-alarm rates.

    Parameters
    ----------
    policy : SenderPolicy
    game : ComplianceGame
        The other parameters (its ``discount`` and ``false_alarm`` are replaced).
    discounts : array_like
        Discount factors in [0, 1).
    false_alarms : array_like
        False-alarm probabilities in [0, 1].
    sustained : bool, default False
        Ask for sustained compliance instead of deterrence in relief.

    Returns
    -------
    numpy.ndarray of bool
        Shape ``(len(false_alarms), len(discounts))``; see :func:`compliance_map` for both
        answers at once.

    Examples
    --------
    >>> from sanclab.models.snapback import AllAtOnce, ComplianceGame
    >>> compliance_region(AllAtOnce(ceiling=4), ComplianceGame(miss=0),
    ...                   [0.2, 0.3], [0.0, 0.5]).tolist()
    [[False, True], [False, False]]
    """
    codes = compliance_map(policy, game, discounts, false_alarms)
    return codes >= (SUSTAINED if sustained else DETERRED_ONLY)


def _check_policies(policies: object) -> dict[str, SenderPolicy]:
    if not isinstance(policies, Mapping) or not policies:
        raise ValueError(f"policies must be a non-empty mapping of names to policies, "
                         f"got {policies!r}")
    return {str(name): _check_policy(policy) for name, policy in policies.items()}


def policy_table(policies: Mapping[str, SenderPolicy], game: ComplianceGame) -> pd.DataFrame:
    """What each policy asks of the target's patience and what it costs a compliant target.

    Parameters
    ----------
    policies : mapping of str to SenderPolicy
        The policies to compare, by the name used as the row label.
    game : ComplianceGame
        Parameters: see :class:`~sanclab.models.snapback.ComplianceGame`.

    Returns
    -------
    pandas.DataFrame
        One row per policy (index ``policy``) with the columns

        * ``deterred_from``, ``sustained_from``: :func:`critical_discount` for deterrence
          in relief and for sustained compliance (``inf``: no patience is enough);
        * ``compliant_level``: long-run sanction level of a target that always complies
          (the cost of false alarms, :func:`~sanclab.models.snapback.long_run_level`);
        * ``first_hit_after``: expected periods until a compliant target is first put under
          sanctions (:func:`~sanclab.models.snapback.expected_time_to_sanctions`);
        * ``deterred``, ``sustained``, ``compliance_share``, ``level``: the target's best
          response at the game's own discount factor (:func:`best_response`).

    Examples
    --------
    >>> from sanclab.models.snapback import AllAtOnce, ComplianceGame, Ladder
    >>> table = policy_table({"all at once": AllAtOnce(4), "ladder": Ladder(4, 1, 4)},
    ...                      ComplianceGame())
    >>> table["deterred_from"].round(4).tolist(), table["compliant_level"].round(4).tolist()
    ([0.2857, 0.5639], [4.0, 0.2918])
    >>> table["sustained"].tolist()
    [False, True]
    """
    import pandas as pd

    policies = _check_policies(policies)
    game = _check_game(game)
    rows = []
    for name, policy in policies.items():
        response = best_response(policy, game)
        rows.append({
            "policy": name,
            "deterred_from": critical_discount(policy, game),
            "sustained_from": critical_discount(policy, game, sustained=True),
            "compliant_level": long_run_level(policy, game),
            "first_hit_after": expected_time_to_sanctions(policy, game),
            "deterred": response.deterred,
            "sustained": response.sustained,
            "compliance_share": response.compliance_share,
            "level": response.long_run_level,
        })
    return pd.DataFrame(rows).set_index("policy")


def false_alarm_table(
    policies: Mapping[str, SenderPolicy], game: ComplianceGame, false_alarms
) -> pd.DataFrame:
    """Thresholds and the cost of false alarms as the false-alarm rate varies.

    Parameters
    ----------
    policies : mapping of str to SenderPolicy
        The policies to compare, by name.
    game : ComplianceGame
        The other parameters (its ``false_alarm`` is replaced).
    false_alarms : array_like
        False-alarm probabilities in [0, 1].

    Returns
    -------
    pandas.DataFrame
        One row per policy and false-alarm rate, with the columns ``policy``,
        ``false_alarm``, ``deterred_from``, ``sustained_from`` (:func:`critical_discount`,
        ``inf`` when no patience is enough) and ``compliant_level`` (the long-run level of
        a target that always complies).

    Examples
    --------
    >>> from sanclab.models.snapback import ComplianceGame, GenerousTitForTat
    >>> table = false_alarm_table({"TFT": GenerousTitForTat(4, 0.0)}, ComplianceGame(),
    ...                           [0.0, 0.1])
    >>> print(table.round(4).to_string(index=False))
    policy  false_alarm  deterred_from  sustained_from  compliant_level
       TFT          0.0         0.2778          0.2778              0.0
       TFT          0.1         0.3125          0.3125              0.4
    """
    import pandas as pd

    policies = _check_policies(policies)
    game = _check_game(game)
    alphas = check_array("false_alarms", false_alarms, low=0.0, high=1.0)
    frames = []
    for name, policy in policies.items():
        frames.append(pd.DataFrame({
            "policy": name,
            "false_alarm": alphas,
            "deterred_from": critical_discount_curve(policy, game, alphas),
            "sustained_from": critical_discount_curve(policy, game, alphas, sustained=True),
            "compliant_level": [
                long_run_level(policy, game.replace(false_alarm=float(a))) for a in alphas
            ],
        }))
    return pd.concat(frames, ignore_index=True)
