r"""Reimposing sanctions under noisy verification: the sender's policies as Markov chains.

A target has promised to comply. Each period it complies or commits a violation; a
monitor then raises a *flag* or not. The monitor is imperfect: it flags a compliant period
with probability :math:`\alpha` (a false alarm) and misses a violation with probability
:math:`\beta`, so

.. math::

    \Pr(\text{flag} \mid \text{comply}) = \alpha, \qquad
    \Pr(\text{flag} \mid \text{violate}) = 1 - \beta .

The sender has committed to a policy that maps flags to a *sanction level*
:math:`L \in \{0, 1, \dots, K\}` (``ceiling`` :math:`K`: full sanctions). The level in
force in a period costs the target :math:`c L` and the civilian population :math:`h L`.
Three policies (the course's own formalisation of the reading's options):

* :class:`AllAtOnce`: full sanctions for ever after the first flag (the model's
  stand-in for a snapback clause, with permanence added: nothing lifts them again);
* :class:`Ladder`: one ``step`` up per flag (capped at the ceiling), one level down
  after ``clean_periods`` periods in a row without a flag (a graduated ladder);
* :class:`GenerousTitForTat`: full sanctions in the period after a flag, except that
  the sender forgives the flag with probability ``forgiveness`` (Nowak and Sigmund's
  generous tit for tat, here responding to flags rather than to observed actions).

Given what the target does, the policy's state follows a Markov chain; this module
computes its long-run distribution exactly (linear algebra, see
:mod:`sanclab.models._markov`), the long-run sanction level, the civilian cost, the
expected time until a compliant target is first hit, and simulates paths.
The target's own choice is in :mod:`sanclab.models.compliance`.

Timing: the level :math:`L_t` is in force in period :math:`t`; the flag raised in
period :math:`t` moves the state to the one that sets :math:`L_{t+1}`; period 0 starts
in relief (level 0).

Names. The model's one-period *violation* is not the reading's "backsliding" (gradual,
hard to call); its *flag* is the output of imperfect monitoring, not the reading's
"verification" itself; ``civilian_cost`` is the model's per-level harm to the population,
not a measure of "humanitarian" protection.

References
----------
Green, E. J., & Porter, R. H. (1984). Noncooperative Collusion under Imperfect Price
Information. *Econometrica*, 52(1), 87-100. [greenporter1984]

Downs, G. W., & Rocke, D. M. (1995). *Optimal Imperfection? Domestic Uncertainty and
Institutions in International Relations*. Princeton University Press. [downs1995] (Weak,
imperfect enforcement as a deliberate answer to uncertainty, e.g. in GATT.)

Nowak, M. A., & Sigmund, K. (1992). Tit for Tat in Heterogeneous Populations. *Nature*,
355, 250-253. [nowak1992]

Examples
--------
>>> game = ComplianceGame(false_alarm=0.05, miss=0.1)
>>> long_run_level(AllAtOnce(ceiling=4), game)
4.0
>>> round(long_run_level(Ladder(ceiling=4, step=1, clean_periods=4), game), 4)
0.2918
>>> expected_time_to_sanctions(AllAtOnce(ceiling=4), game)
20.0
"""

from __future__ import annotations

import bisect
import dataclasses
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from . import _markov
from ._validate import check_integer, check_probability, check_range

__all__ = [
    "MAX_CEILING",
    "MAX_CLEAN_PERIODS",
    "AllAtOnce",
    "ComplianceGame",
    "GenerousTitForTat",
    "Ladder",
    "SenderPolicy",
    "SimulatedPath",
    "expected_level_path",
    "expected_time_to_sanctions",
    "flag_probability",
    "level_distribution",
    "long_run_civilian_cost",
    "long_run_level",
    "simulate",
    "state_distribution",
    "transition_matrix",
]

#: Largest sanction ceiling accepted (keeps the exact computations small).
MAX_CEILING = 20
#: Largest number of clean periods a ladder may require before stepping down.
MAX_CLEAN_PERIODS = 50


@dataclass(frozen=True)
class ComplianceGame:
    r"""Parameters of the sender-target game, validated once.

    Parameters
    ----------
    gain : float, default 1
        :math:`g > 0`: the target's gain in a period in which it violates its commitment.
    cost : float, default 1
        :math:`c > 0`: the target's cost per sanction level per period.
    civilian_cost : float, default 1
        :math:`h \ge 0`: the civilian population's cost per sanction level per period.
    false_alarm : float, default 0.05
        :math:`\alpha \in [0, 1]`: probability that the monitor flags a compliant period.
    miss : float, default 0.1
        :math:`\beta \in [0, 1]`: probability that the monitor misses a violation.
    discount : float, default 0.9
        :math:`\delta \in [0, 1)`: the target's discount factor (its patience). Only the
        target's choice (:mod:`sanclab.models.compliance`) uses it.

    Raises
    ------
    ValueError
        If a parameter is outside its range (the message names it).

    Examples
    --------
    >>> ComplianceGame(gain=2, false_alarm=0.1).detection
    0.8
    >>> ComplianceGame(miss=1.5)
    Traceback (most recent call last):
    ...
    ValueError: miss must be in [0, 1], got 1.5
    """

    gain: float = 1.0
    cost: float = 1.0
    civilian_cost: float = 1.0
    false_alarm: float = 0.05
    miss: float = 0.1
    discount: float = 0.9

    def __post_init__(self) -> None:
        inf = float("inf")
        checked = {
            "gain": check_range("gain", self.gain, 0.0, inf, low_open=True, high_open=True),
            "cost": check_range("cost", self.cost, 0.0, inf, low_open=True, high_open=True),
            "civilian_cost": check_range(
                "civilian_cost", self.civilian_cost, 0.0, inf, high_open=True
            ),
            "false_alarm": check_probability("false_alarm", self.false_alarm),
            "miss": check_probability("miss", self.miss),
            "discount": check_range("discount", self.discount, 0.0, 1.0, high_open=True),
        }
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    @property
    def detection(self) -> float:
        r"""How much a violation raises the chance of a flag: :math:`1 - \alpha - \beta`."""
        return 1.0 - self.false_alarm - self.miss

    def replace(self, **changes: float) -> ComplianceGame:
        """A copy with some parameters changed (validated again).

        Examples
        --------
        >>> ComplianceGame().replace(discount=0.5).discount
        0.5
        """
        return dataclasses.replace(self, **changes)


def _frozen(array: np.ndarray) -> np.ndarray:
    array.flags.writeable = False
    return array


class SenderPolicy:
    """Common interface of the sender's policies (:class:`Ladder`, :class:`AllAtOnce`,
    :class:`GenerousTitForTat`).

    A policy is a finite set of states, each with a sanction level, and two transition
    matrices: where the state goes after a period with a flag (``on_flag``) and after a
    period without one (``on_clean``). State 0 is relief (level 0), where play starts.
    """

    ceiling: int

    def _build(self) -> tuple[list[tuple[int, int]], np.ndarray, np.ndarray]:
        raise NotImplementedError

    @cached_property
    def _kernels(self) -> tuple[tuple[tuple[int, int], ...], np.ndarray, np.ndarray, np.ndarray]:
        states, on_flag, on_clean = self._build()
        levels = np.array([level for level, _ in states], dtype=float)
        return tuple(states), _frozen(levels), _frozen(on_flag), _frozen(on_clean)

    @property
    def states(self) -> tuple[tuple[int, int], ...]:
        """The states as ``(level, clean periods counted)`` pairs; state 0 is ``(0, 0)``."""
        return self._kernels[0]

    @property
    def levels(self) -> np.ndarray:
        """Sanction level of each state (read-only)."""
        return self._kernels[1]

    @property
    def on_flag(self) -> np.ndarray:
        """Transition matrix after a period with a flag (read-only)."""
        return self._kernels[2]

    @property
    def on_clean(self) -> np.ndarray:
        """Transition matrix after a period without a flag (read-only)."""
        return self._kernels[3]

    @property
    def n_states(self) -> int:
        """Number of states."""
        return len(self.states)


@dataclass(frozen=True)
class Ladder(SenderPolicy):
    """A graduated ladder: up ``step`` levels per flag, down one after ``clean_periods``.

    The state is the pair (level, number of clean periods counted since the last flag or
    the last step down), so the chain is exact: a flag moves the level to
    ``min(ceiling, level + step)`` and resets the count; a period without a flag adds one
    to the count, and when the count reaches ``clean_periods`` the level falls by one and
    the count restarts. At level 0 nothing is counted.

    Parameters
    ----------
    ceiling : int, default 4
        Highest level (full sanctions), 1 to :data:`MAX_CEILING`.
    step : int, default 1
        Levels added per flag, 1 to ``ceiling``.
    clean_periods : int or None, default 4
        Periods in a row without a flag needed for one step down, 1 to
        :data:`MAX_CLEAN_PERIODS`; ``None``: never step down.

    Examples
    --------
    >>> ladder = Ladder(ceiling=2, step=1, clean_periods=2)
    >>> ladder.states
    ((0, 0), (1, 0), (1, 1), (2, 0), (2, 1))
    >>> ladder.on_clean[2].tolist()  # second clean period at level 1: back to relief
    [1.0, 0.0, 0.0, 0.0, 0.0]
    >>> Ladder(ceiling=3, step=4)
    Traceback (most recent call last):
    ...
    ValueError: step must be in [1, 3], got 4
    """

    ceiling: int = 4
    step: int = 1
    clean_periods: int | None = 4

    def __post_init__(self) -> None:
        check_integer("ceiling", self.ceiling, 1, MAX_CEILING)
        check_integer("step", self.step, 1, self.ceiling)
        if self.clean_periods is not None:
            check_integer("clean_periods", self.clean_periods, 1, MAX_CLEAN_PERIODS)

    def _build(self):
        K, s, m = self.ceiling, self.step, self.clean_periods
        if m is None:
            states = [(level, 0) for level in range(K + 1)]
        else:
            states = [(0, 0)] + [(level, k) for level in range(1, K + 1) for k in range(m)]
        index = {state: i for i, state in enumerate(states)}
        n = len(states)
        on_flag, on_clean = np.zeros((n, n)), np.zeros((n, n))
        for (level, k), i in index.items():
            on_flag[i, index[(min(K, level + s), 0)]] = 1.0
            if level == 0 or m is None:
                on_clean[i, i] = 1.0
            elif k + 1 == m:
                on_clean[i, index[(level - 1, 0)]] = 1.0
            else:
                on_clean[i, index[(level, k + 1)]] = 1.0
        return states, on_flag, on_clean


@dataclass(frozen=True)
class AllAtOnce(SenderPolicy):
    """All-at-once reimposition: full sanctions for ever after the first flag.

    Two states, relief (level 0) and full sanctions (level ``ceiling``, absorbing). Same
    chain as ``Ladder(ceiling, step=ceiling, clean_periods=None)`` without its unreachable
    intermediate levels.

    Parameters
    ----------
    ceiling : int, default 4
        The level of full sanctions, 1 to :data:`MAX_CEILING`.

    Examples
    --------
    >>> AllAtOnce(ceiling=4).states
    ((0, 0), (4, 0))
    """

    ceiling: int = 4

    def __post_init__(self) -> None:
        check_integer("ceiling", self.ceiling, 1, MAX_CEILING)

    def _build(self):
        on_flag = np.array([[0.0, 1.0], [0.0, 1.0]])
        on_clean = np.eye(2)
        return [(0, 0), (self.ceiling, 0)], on_flag, on_clean


@dataclass(frozen=True)
class GenerousTitForTat(SenderPolicy):
    """Generous tit for tat on flags: full sanctions next period after a flag, unless forgiven.

    After a period with a flag the sender imposes full sanctions (level ``ceiling``) in the
    next period with probability ``1 - forgiveness``; after a period without a flag it
    imposes none. With ``forgiveness=0`` this is tit for tat (the same chain as
    ``Ladder(ceiling=1, step=1, clean_periods=1)`` when ``ceiling=1``).

    Parameters
    ----------
    ceiling : int, default 4
        The level of full sanctions, 1 to :data:`MAX_CEILING`.
    forgiveness : float, default 1/3
        Probability :math:`q \\in [0, 1]` of forgiving a flag.

    Examples
    --------
    >>> GenerousTitForTat(ceiling=4, forgiveness=0.25).on_flag.tolist()
    [[0.25, 0.75], [0.25, 0.75]]
    """

    ceiling: int = 4
    forgiveness: float = 1.0 / 3.0

    def __post_init__(self) -> None:
        check_integer("ceiling", self.ceiling, 1, MAX_CEILING)
        object.__setattr__(self, "forgiveness", check_probability("forgiveness", self.forgiveness))

    def _build(self):
        q = self.forgiveness
        on_flag = np.array([[q, 1.0 - q], [q, 1.0 - q]])
        on_clean = np.array([[1.0, 0.0], [1.0, 0.0]])
        return [(0, 0), (self.ceiling, 0)], on_flag, on_clean


Actions = str | np.ndarray | list[bool]


def _check_policy(policy: object) -> SenderPolicy:
    if not isinstance(policy, SenderPolicy):
        raise TypeError(f"policy must be a Ladder, AllAtOnce or GenerousTitForTat, got {policy!r}")
    return policy


def _check_game(game: object) -> ComplianceGame:
    if not isinstance(game, ComplianceGame):
        raise TypeError(f"game must be a ComplianceGame, got {game!r}")
    return game


def _violations(policy: SenderPolicy, actions: Actions) -> np.ndarray:
    """Boolean mask: does the target violate in each state?"""
    n = policy.n_states
    if isinstance(actions, str):
        if actions == "comply":
            return np.zeros(n, dtype=bool)
        if actions == "violate":
            return np.ones(n, dtype=bool)
        raise ValueError(f"actions must be 'comply', 'violate' or a mask, got {actions!r}")
    mask = np.asarray(actions)
    if mask.dtype != bool or mask.shape != (n,):
        raise ValueError(f"actions must be a boolean mask over the policy's {n} states")
    return mask.copy()


def flag_probability(game: ComplianceGame, violate: bool) -> float:
    r"""Probability of a flag in a period: :math:`\alpha` if the target complies,
    :math:`1 - \beta` if it violates.

    Examples
    --------
    >>> g = ComplianceGame(false_alarm=0.05, miss=0.1)
    >>> flag_probability(g, False), flag_probability(g, True)
    (0.05, 0.9)
    """
    game = _check_game(game)
    return 1.0 - game.miss if violate else game.false_alarm


def transition_matrix(policy: SenderPolicy, game: ComplianceGame, actions: Actions = "comply"):
    r"""Transition matrix of the policy's state given the target's actions.

    .. math::

        P = \operatorname{diag}(p)\, F + \operatorname{diag}(1 - p)\, C,

    with :math:`F` = ``policy.on_flag``, :math:`C` = ``policy.on_clean`` and
    :math:`p_i` the flag probability in state :math:`i` (:func:`flag_probability`).

    Parameters
    ----------
    policy : SenderPolicy
    game : ComplianceGame
    actions : {'comply', 'violate'} or array of bool, default 'comply'
        What the target does: always comply, always violate, or per state (``True`` =
        violate).

    Returns
    -------
    numpy.ndarray
        Row-stochastic matrix over ``policy.states``.

    Examples
    --------
    >>> transition_matrix(AllAtOnce(ceiling=1), ComplianceGame(false_alarm=0.1)).tolist()
    [[0.9, 0.1], [0.0, 1.0]]
    """
    policy, game = _check_policy(policy), _check_game(game)
    violate = _violations(policy, actions)
    p = np.where(violate, 1.0 - game.miss, game.false_alarm)
    return p[:, None] * policy.on_flag + (1.0 - p)[:, None] * policy.on_clean


def _start(policy: SenderPolicy) -> np.ndarray:
    x0 = np.zeros(policy.n_states)
    x0[0] = 1.0
    return x0


def state_distribution(
    policy: SenderPolicy, game: ComplianceGame, actions: Actions = "comply"
) -> np.ndarray:
    """Long-run share of periods spent in each state, starting from relief (exact).

    Computed by linear algebra as the Cesàro limit of the chain from relief (see
    :mod:`sanclab.models._markov`), which is also correct when the chain has absorbing
    states (all-at-once reimposition) or several closed classes (no false alarms).

    Examples
    --------
    >>> state_distribution(AllAtOnce(), ComplianceGame(false_alarm=0.01)).tolist()
    [0.0, 1.0]
    >>> state_distribution(AllAtOnce(), ComplianceGame(false_alarm=0.0)).tolist()
    [1.0, 0.0]
    """
    P = transition_matrix(policy, game, actions)
    return _markov.long_run_distribution(P, _start(policy))


def level_distribution(
    policy: SenderPolicy, game: ComplianceGame, actions: Actions = "comply"
) -> np.ndarray:
    """Long-run share of periods at each sanction level ``0 .. ceiling`` (exact).

    Examples
    --------
    A one-step ladder that steps down after one clean period is a birth-death chain:
    the shares fall by the factor alpha / (1 - alpha) = 1/19 per level.

    >>> d = level_distribution(Ladder(ceiling=2, step=1, clean_periods=1),
    ...                        ComplianceGame(false_alarm=0.05))
    >>> (d * 381).round(9).tolist()  # 381 = 19**2 + 19 + 1
    [361.0, 19.0, 1.0]
    """
    pi = state_distribution(policy, game, actions)
    out = np.zeros(policy.ceiling + 1)
    np.add.at(out, policy.levels.astype(int), pi)
    return out


def long_run_level(
    policy: SenderPolicy, game: ComplianceGame, actions: Actions = "comply"
) -> float:
    """Long-run average sanction level (for ``actions='comply'``: the cost of false alarms).

    Examples
    --------
    Generous tit for tat: a compliant target is sanctioned (at the ceiling) in a share
    alpha (1 - q) of periods.

    >>> round(long_run_level(GenerousTitForTat(ceiling=4, forgiveness=0.5),
    ...                      ComplianceGame(false_alarm=0.05)), 12)
    0.1
    """
    return float(state_distribution(policy, game, actions) @ policy.levels)


def long_run_civilian_cost(
    policy: SenderPolicy, game: ComplianceGame, actions: Actions = "comply"
) -> float:
    """Long-run average civilian cost per period, ``civilian_cost`` times the level.

    Examples
    --------
    >>> long_run_civilian_cost(AllAtOnce(ceiling=4), ComplianceGame(civilian_cost=2.5))
    10.0
    """
    return game.civilian_cost * long_run_level(policy, game, actions)


def expected_level_path(
    policy: SenderPolicy, game: ComplianceGame, periods: int, actions: Actions = "comply"
) -> np.ndarray:
    r"""Expected sanction level in periods ``0 .. periods - 1``, starting from relief (exact).

    Examples
    --------
    Under all-at-once reimposition a compliant target faces full sanctions in period
    :math:`t` with probability :math:`1 - (1 - \alpha)^t`.

    >>> path = expected_level_path(AllAtOnce(ceiling=1), ComplianceGame(false_alarm=0.5), 4)
    >>> path.tolist()
    [0.0, 0.5, 0.75, 0.875]
    """
    periods = check_integer("periods", periods, 1, 10**6)
    P = transition_matrix(policy, game, actions)
    x = _start(policy)
    out = np.empty(periods)
    for t in range(periods):
        out[t] = x @ policy.levels
        x = x @ P
    return out


def expected_time_to_sanctions(
    policy: SenderPolicy, game: ComplianceGame, *, level: int = 1
) -> float:
    r"""Expected number of periods until a compliant target is first put under sanctions.

    The count includes the period of the triggering flag, so that under
    :class:`AllAtOnce` and :class:`Ladder` it is :math:`1/\alpha` (the mean of a geometric
    variable), and under :class:`GenerousTitForTat` :math:`1/(\alpha (1 - q))`; ``inf``
    when no false alarm can occur. Computed generically as an exact hitting time.

    Parameters
    ----------
    policy : SenderPolicy
    game : ComplianceGame
    level : int, default 1
        Count the periods until the level is at least this high (1 to the policy's
        ceiling): for example how long false alarms take to push a compliant target to the
        top of a ladder.

    Examples
    --------
    >>> expected_time_to_sanctions(Ladder(), ComplianceGame(false_alarm=0.05))
    20.0
    >>> expected_time_to_sanctions(Ladder(), ComplianceGame(false_alarm=0.0))
    inf
    >>> round(expected_time_to_sanctions(Ladder(), ComplianceGame(false_alarm=0.05), level=4))
    2808
    """
    policy = _check_policy(policy)
    level = check_integer("level", level, 1, policy.ceiling)
    P = transition_matrix(policy, game, "comply")
    return round(_markov.hitting_time(P, 0, policy.levels >= level), 9)


@dataclass(frozen=True, eq=False)
class SimulatedPath:
    """One simulated path (see :func:`simulate`); arrays are read-only.

    Attributes
    ----------
    states : numpy.ndarray of int
        Index of the policy's state in force in each period.
    levels : numpy.ndarray of float
        Sanction level in force in each period.
    violations : numpy.ndarray of bool
        Whether the target violated in each period.
    flags : numpy.ndarray of bool
        Whether the monitor raised a flag in each period.
    """

    states: np.ndarray
    levels: np.ndarray
    violations: np.ndarray
    flags: np.ndarray

    def state_shares(self, n_states: int) -> np.ndarray:
        """Share of periods spent in each of ``n_states`` states."""
        return np.bincount(self.states, minlength=n_states) / len(self.states)


def simulate(
    policy: SenderPolicy,
    game: ComplianceGame,
    periods: int,
    actions: Actions = "comply",
    *,
    seed: int | np.random.Generator = 0,
) -> SimulatedPath:
    """Simulate the policy's chain for ``periods`` periods from relief (seeded).

    Parameters
    ----------
    policy : SenderPolicy
    game : ComplianceGame
    periods : int
        Number of periods, 1 to 10,000,000.
    actions : {'comply', 'violate'} or array of bool, default 'comply'
        The target's behaviour, as in :func:`transition_matrix`.
    seed : int or numpy.random.Generator, default 0
        Seed of ``numpy.random.default_rng`` (or a generator to draw from).

    Returns
    -------
    SimulatedPath

    Examples
    --------
    >>> path = simulate(AllAtOnce(ceiling=4), ComplianceGame(false_alarm=0.05), 200, seed=1)
    >>> int(path.levels[0]), int(path.levels[-1]), int(path.flags.sum()) >= 1
    (0, 4, True)
    """
    policy, game = _check_policy(policy), _check_game(game)
    periods = check_integer("periods", periods, 1, 10**7)
    violate = _violations(policy, actions)
    rng = seed if isinstance(seed, np.random.Generator) else np.random.default_rng(seed)
    p_flag = np.where(violate, 1.0 - game.miss, game.false_alarm).tolist()
    u_flag, u_next = rng.random(periods).tolist(), rng.random(periods).tolist()
    # next state after a flag / a clean period: an index when the move is certain,
    # otherwise the row's cumulative distribution to sample from
    moves = []
    for matrix in (policy.on_clean, policy.on_flag):
        rows = []
        for row in matrix:
            certain = np.flatnonzero(row == 1.0)
            rows.append(int(certain[0]) if certain.size else np.cumsum(row).tolist())
        moves.append(rows)
    last = policy.n_states - 1
    states = np.empty(periods, dtype=np.int64)
    flags = np.empty(periods, dtype=bool)
    state = 0
    for t in range(periods):
        states[t] = state
        flag = u_flag[t] < p_flag[state]
        flags[t] = flag
        move = moves[flag][state]
        if isinstance(move, int):
            state = move
        else:
            state = min(bisect.bisect_right(move, u_next[t]), last)
    return SimulatedPath(
        states=_frozen(states),
        levels=_frozen(policy.levels[states].copy()),
        violations=_frozen(violate[states].copy()),
        flags=_frozen(flags),
    )
