r"""Threat versus imposition: the coercion game and the selection effect it creates.

The game follows the structure Drezner (2003) uses to explain why economic coercion works
mostly out of sight: a sender demands a concession and threatens sanctions; the target
concedes or resists; the sender imposes the sanctions or backs down. We add one last move,
so that imposed sanctions can still succeed: once sanctions bite, the target may give in.
Payoffs (sender, target), relative to the status quo:

============================  =====================================  ==========================
path                          outcome                                payoffs
============================  =====================================  ==========================
no threat                     status quo                             :math:`(0, 0)`
threaten, concede             concession at threat                   :math:`(v, -k)`
threaten, resist, back down   sender backs down                      :math:`(-a, 0)`
... impose, give in           concession after imposition            :math:`(v - \lambda c_S,
                                                                     -k - \lambda c_T)`
... impose, hold out          deadlock                               :math:`(-c_S, -c_T)`
============================  =====================================  ==========================

:math:`v` is what the concession is worth to the sender, :math:`k` what conceding costs the
target (a target's resolve shows in a high :math:`k` relative to :math:`c_T`), :math:`c_S`
and :math:`c_T` are the costs of a sanctions stand-off to sender and target, :math:`a` the
sender's audience cost of backing down after a public threat (Fearon 1994), and
:math:`\lambda` the *sunk share*: the part of the stand-off's cost already borne when a
target gives in only after imposition.

:class:`ThreatGame` solves the game with complete information by backward induction. On the
equilibrium path sanctions are never imposed (when costs are positive): a target that would
give in concedes at the threat, and a sender whose threat would fail does not threaten.
Imposed sanctions need incomplete information. :class:`ThreatPopulation` draws many threat
episodes with random costs; each target knows its own costs but not whether the sender is
*resolved* (will impose if resisted), which it is with probability :math:`p`, the threat's
**credibility**. The targets that would give in under sanctions concede at the threat once
:math:`p` is high enough, so the sanctions that do get imposed are the hard cases: their
success rate understates what the threats achieve (the selection effect of Drezner 2003 and
Lacy & Niou 2004).

The tree follows Drezner's game; the last move, the sunk share, the population of episodes
and all numbers are this course's own illustrative construction.

References
----------
Drezner, D. W. (2003). The Hidden Hand of Economic Coercion. *International Organization*,
57(3), 643-659. [drezner2003]

Lacy, D., & Niou, E. M. S. (2004). A Theory of Economic Sanctions and Issue Linkage: The
Roles of Preferences, Information, and Threats. *Journal of Politics*. [lacy2004]

Fearon, J. D. (1994). Domestic Political Audiences and the Escalation of International
Disputes. *American Political Science Review*, 88(3), 577-592. [fearon1994]
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np

from ._validate import check_array, check_integer, check_probability, check_range

__all__ = [
    "OUTCOMES",
    "TIE_TOLERANCE",
    "ThreatEpisodes",
    "ThreatGame",
    "ThreatPopulation",
    "ThreatShares",
    "ThreatSolution",
    "concession_cutoff",
    "target_concedes_at_threat",
]

#: The five ways an episode can end, in the order of the tree.
OUTCOMES = (
    "status quo",
    "concession at threat",
    "sender backs down",
    "concession after imposition",
    "deadlock",
)

#: Two payoffs closer than this count as a tie. Ties go to the first action of a node:
#: no threat, concede, back down, give in (a player threatens or imposes only if strictly
#: better off; a target concedes or gives in when indifferent).
TIE_TOLERANCE = 1e-12

_INF = float("inf")

# The game tree: node -> (player, ((action, child node or outcome), ...)). Solved by our own
# backward induction (ThreatGame.solve); the tests check it against a brute-force search for
# subgame perfect profiles and against nashpy on the strategic form. pygambit would solve the
# tree directly, but its release for this Python has no binary wheel here and compiles C++
# from source: too heavy a dependency for a four-node tree.
_TREE: Mapping[str, tuple[str, tuple[tuple[str, str], ...]]] = MappingProxyType({
    "threat decision": ("sender", (("no threat", "status quo"),
                                   ("threaten", "threat response"))),
    "threat response": ("target", (("concede", "concession at threat"),
                                   ("resist", "imposition decision"))),
    "imposition decision": ("sender", (("back down", "sender backs down"),
                                       ("impose", "sanctions response"))),
    "sanctions response": ("target", (("give in", "concession after imposition"),
                                      ("hold out", "deadlock"))),
})
_ROOT = "threat decision"
_PLAYER_INDEX = {"sender": 0, "target": 1}


def _cost(name: str, value: object) -> float:
    return check_range(name, value, 0.0, _INF, high_open=True)


@dataclass(frozen=True)
class ThreatSolution:
    """The subgame perfect equilibrium of a :class:`ThreatGame`.

    Attributes
    ----------
    outcome : str
        Where the equilibrium path ends, one of :data:`OUTCOMES`.
    payoffs : tuple of float
        (sender, target) payoffs of that outcome.
    plan : mapping of str to str
        The action chosen at every node, on and off the equilibrium path.
    path : tuple of (str, str)
        The (node, action) pairs along the equilibrium path.
    """

    outcome: str
    payoffs: tuple[float, float]
    plan: Mapping[str, str]
    path: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class ThreatGame:
    r"""The threat-versus-imposition game with complete information.

    Backward induction gives closed-form conditions (each checked by the tests): the
    target gives in under sanctions iff :math:`k \le (1 - \lambda) c_T`; the sender imposes
    iff its payoff from imposing beats :math:`-a`; the target concedes to the threat iff the
    sender would impose and :math:`k \le c_T` (if the target would hold out) or
    :math:`\lambda c_T \ge 0` (if it would give in: conceding early saves the sunk cost).
    So a target that would *hold out* against imposed sanctions, because
    :math:`(1 - \lambda) c_T < k`, still concedes to the mere threat when :math:`k \le c_T`.

    Parameters
    ----------
    stakes : float
        :math:`v`, value of the concession to the sender, in [0, inf).
    concession_cost : float
        :math:`k`, the target's cost of conceding, in [0, inf).
    target_cost : float
        :math:`c_T`, the target's cost of a sanctions stand-off, in [0, inf).
    sender_cost : float
        :math:`c_S`, the sender's cost of a sanctions stand-off, in [0, inf).
    audience_cost : float
        :math:`a`, the sender's cost of backing down after a public threat, in [0, inf).
    sunk_share : float
        :math:`\lambda`, share of the stand-off's costs already borne when the target gives
        in after imposition, in [0, 1].

    Examples
    --------
    >>> game = ThreatGame()
    >>> game.solve().outcome
    'concession at threat'
    >>> ThreatGame(concession_cost=0.9, sender_cost=2.0).solve().outcome  # not credible
    'status quo'
    """

    stakes: float = 1.0
    concession_cost: float = 0.6
    target_cost: float = 1.0
    sender_cost: float = 0.3
    audience_cost: float = 0.5
    sunk_share: float = 0.3

    def __post_init__(self) -> None:
        for name in ("stakes", "concession_cost", "target_cost", "sender_cost",
                     "audience_cost"):
            object.__setattr__(self, name, _cost(name, getattr(self, name)))
        object.__setattr__(self, "sunk_share", check_probability("sunk_share", self.sunk_share))

    def payoffs(self) -> dict[str, tuple[float, float]]:
        """(sender, target) payoffs of each outcome, keyed by :data:`OUTCOMES`.

        Examples
        --------
        >>> ThreatGame(sunk_share=0.5).payoffs()["concession after imposition"]
        (0.85, -1.1)
        """
        v, k = self.stakes, self.concession_cost
        c_s, c_t, lam = self.sender_cost, self.target_cost, self.sunk_share
        return {
            "status quo": (0.0, 0.0),
            "concession at threat": (v, -k),
            "sender backs down": (-self.audience_cost, 0.0),
            "concession after imposition": (v - lam * c_s, -k - lam * c_t),
            "deadlock": (-c_s, -c_t),
        }

    def solve(self) -> ThreatSolution:
        """Subgame perfect equilibrium by backward induction over the game tree.

        Examples
        --------
        >>> sol = ThreatGame(concession_cost=0.9).solve()
        >>> sol.outcome, dict(sol.plan)["sanctions response"]
        ('concession at threat', 'hold out')
        """
        payoffs = self.payoffs()
        plan: dict[str, str] = {}

        def value(node: str) -> tuple[str, tuple[float, float]]:
            if node in payoffs:
                return node, payoffs[node]
            player, moves = _TREE[node]
            index = _PLAYER_INDEX[player]
            results = [(action, *value(child)) for action, child in moves]
            best = max(result[2][index] for result in results)
            action, outcome, values = next(
                r for r in results if r[2][index] >= best - TIE_TOLERANCE
            )
            plan[node] = action
            return outcome, values

        outcome, values = value(_ROOT)
        path, node = [], _ROOT
        while node in _TREE:
            action = plan[node]
            path.append((node, action))
            node = dict(_TREE[node][1])[action]
        return ThreatSolution(outcome, values, MappingProxyType(dict(plan)), tuple(path))

    def normal_form(self) -> tuple[np.ndarray, np.ndarray, list[tuple[str, str]],
                                   list[tuple[str, str]]]:
        """The game in strategic form, for checks with a bimatrix solver such as nashpy.

        Returns
        -------
        sender_payoffs, target_payoffs : numpy.ndarray, shape (4, 4)
            Rows: sender plans; columns: target plans.
        sender_plans : list of (str, str)
            (threat decision, imposition decision) for each row.
        target_plans : list of (str, str)
            (threat response, sanctions response) for each column.

        Examples
        --------
        >>> a, b, rows, cols = ThreatGame().normal_form()
        >>> rows[3], cols[0], float(a[3, 0]), float(b[3, 0])
        (('threaten', 'impose'), ('concede', 'give in'), 1.0, -0.6)
        """
        payoffs = self.payoffs()
        rows = [(t, i) for t in ("no threat", "threaten") for i in ("back down", "impose")]
        cols = [(r, g) for r in ("concede", "resist") for g in ("give in", "hold out")]
        a, b = np.zeros((4, 4)), np.zeros((4, 4))
        for i, (threat, impose) in enumerate(rows):
            for j, (respond, under) in enumerate(cols):
                choice = {"threat decision": threat, "imposition decision": impose,
                          "threat response": respond, "sanctions response": under}
                node = _ROOT
                while node in _TREE:
                    node = dict(_TREE[node][1])[choice[node]]
                a[i, j], b[i, j] = payoffs[node]
        return a, b, rows, cols

    def sender_would_impose(self) -> bool:
        """Whether the threat is credible: the sender imposes if the target resists.

        Examples
        --------
        >>> ThreatGame().sender_would_impose(), ThreatGame(audience_cost=0.0,
        ...     concession_cost=0.9).sender_would_impose()
        (True, False)
        """
        return self.solve().plan["imposition decision"] == "impose"


def concession_cutoff(credibility: float, sunk_share: float) -> float:
    r"""Largest ratio :math:`k / c_T` at which a target concedes to a threat it half-believes.

    A target that believes with probability :math:`p` that the sender will impose if it
    resists compares conceding, :math:`-k`, with resisting,
    :math:`p \max(-c_T, -k - \lambda c_T)` (the sender backs down otherwise). Writing
    :math:`r = k / c_T`, it concedes iff :math:`r \le \rho(p)` with

    .. math::

        \rho(p) = \begin{cases}
            \dfrac{p\,\lambda}{1 - p} & p < 1 - \lambda
                \quad\text{(only targets that would give in under sanctions concede)},\\
            p & p \ge 1 - \lambda
                \quad\text{(so do some that would hold out)}.
        \end{cases}

    :math:`\rho` is continuous and increasing; after imposition a target gives in iff
    :math:`r \le 1 - \lambda`. (A *cutoff* of the model, not one of the reading's
    "thresholds".)

    Parameters
    ----------
    credibility : float
        :math:`p`, probability that the sender imposes if resisted, in [0, 1].
    sunk_share : float
        :math:`\lambda`, in [0, 1].

    Returns
    -------
    float
        :math:`\rho(p)` in [0, 1].

    Examples
    --------
    >>> round(concession_cutoff(0.5, 0.3), 12), concession_cutoff(0.8, 0.3)
    (0.3, 0.8)
    """
    p = check_probability("credibility", credibility)
    lam = check_probability("sunk_share", sunk_share)
    return _cutoff(p, lam)


def _cutoff(p: float, lam: float) -> float:
    return p * lam / (1.0 - p) if p < 1.0 - lam else p


def target_concedes_at_threat(
    concession_cost: float | np.ndarray,
    target_cost: float | np.ndarray,
    credibility: float,
    sunk_share: float,
) -> bool | np.ndarray:
    r"""Whether targets concede to a threat believed with probability ``credibility``.

    Expected-payoff comparison of :func:`concession_cutoff`, evaluated without dividing:
    concede iff :math:`-k \ge p \max(-c_T, -k - \lambda c_T)`, ties to conceding. With
    ``credibility=1`` and a sender who would impose, this is the complete-information
    choice of :class:`ThreatGame`.

    Parameters
    ----------
    concession_cost, target_cost : float or array_like
        :math:`k` and :math:`c_T`, each in [0, inf); broadcast against each other.
    credibility : float
        :math:`p`, in [0, 1].
    sunk_share : float
        :math:`\lambda`, in [0, 1].

    Returns
    -------
    bool or numpy.ndarray of bool

    Examples
    --------
    >>> target_concedes_at_threat([0.2, 0.5], 1.0, credibility=0.5, sunk_share=0.3).tolist()
    [True, False]
    """
    k = check_array("concession_cost", concession_cost, low=0.0, high=_INF, high_open=True,
                    ndim=None)
    c = check_array("target_cost", target_cost, low=0.0, high=_INF, high_open=True, ndim=None)
    p = check_probability("credibility", credibility)
    lam = check_probability("sunk_share", sunk_share)
    result = _concedes(k, c, p, lam)
    return bool(result) if result.ndim == 0 else result


def _gives_in(k: np.ndarray, c: np.ndarray, lam: float) -> np.ndarray:
    return -k - lam * c >= -c - TIE_TOLERANCE


def _concedes(k: np.ndarray, c: np.ndarray, p: float, lam: float) -> np.ndarray:
    resist = p * np.maximum(-c, -k - lam * c)
    return -k >= resist - TIE_TOLERANCE


@dataclass(frozen=True)
class ThreatShares:
    """How a population of threat episodes ends: shares of all threats.

    Attributes
    ----------
    concession_at_threat, sender_backs_down, concession_after_imposition, deadlock : float
        Shares of the threats ending each way (they sum to 1).
    success_rate_resolved : float
        Share ending in a concession among the threats of *resolved* senders (those who
        would impose); NaN if there are none.
    """

    concession_at_threat: float
    sender_backs_down: float
    concession_after_imposition: float
    deadlock: float
    success_rate_resolved: float

    @property
    def imposed(self) -> float:
        """Share of threats that end with sanctions imposed."""
        return self.concession_after_imposition + self.deadlock

    @property
    def success_rate_imposed(self) -> float:
        """Share of imposed sanctions that end in a concession (NaN if none are imposed):
        what a study of imposed sanctions alone would record."""
        if self.imposed <= 0.0:
            return math.nan
        return self.concession_after_imposition / self.imposed

    @property
    def success_rate_all(self) -> float:
        """Share of all threats that end in a concession, at either stage."""
        return self.concession_at_threat + self.concession_after_imposition

    @property
    def threat_stage_share(self) -> float:
        """Share of all concessions made at the threat stage (NaN if there are none)."""
        total = self.success_rate_all
        return self.concession_at_threat / total if total > 0.0 else math.nan


@dataclass(frozen=True)
class ThreatEpisodes:
    """Simulated threat episodes (one entry per episode), from :meth:`ThreatPopulation.simulate`.

    Attributes
    ----------
    concession_cost, target_cost : numpy.ndarray
        Each episode's :math:`k` and :math:`c_T`.
    resolved : numpy.ndarray of bool
        Whether the episode's sender would impose if resisted.
    outcome : numpy.ndarray of str
        How each episode ends (one of :data:`OUTCOMES` except "status quo").
    """

    concession_cost: np.ndarray
    target_cost: np.ndarray
    resolved: np.ndarray
    outcome: np.ndarray = field(repr=False)

    def shares(self) -> ThreatShares:
        """Observed shares of each ending, comparable with :meth:`ThreatPopulation.shares`."""
        n = self.outcome.shape[0]
        counts = {name: int(np.count_nonzero(self.outcome == name)) for name in OUTCOMES}
        among = self.outcome[self.resolved]
        success = np.isin(among, ("concession at threat", "concession after imposition"))
        return ThreatShares(
            counts["concession at threat"] / n,
            counts["sender backs down"] / n,
            counts["concession after imposition"] / n,
            counts["deadlock"] / n,
            float(success.mean()) if among.size else math.nan,
        )


def _normal_cdf(x: float) -> float:
    return 0.5 * (1.0 + math.erf(x / math.sqrt(2.0)))


@dataclass(frozen=True)
class ThreatPopulation:
    r"""A population of threat episodes with random costs and a privately resolved sender.

    Every episode starts with a threat (the population is the set of threats, as in the
    TIES data; which disputes reach a threat is outside the model). In each episode:

    * the target's stand-off cost and concession cost are drawn independently,
      :math:`\ln c_T \sim N(\ln m_T, s^2)` and :math:`\ln k \sim N(\ln m_k, s^2)`; the target
      knows both;
    * the sender is resolved (imposes if resisted) with probability :math:`p`, the
      credibility, and otherwise backs down; the target knows only :math:`p`;
    * the target concedes at the threat iff :math:`k / c_T \le \rho(p)`
      (:func:`concession_cutoff`); after imposition it gives in iff
      :math:`k / c_T \le 1 - \lambda`.

    The ratio :math:`r = k / c_T` is log-normal with :math:`\mu = \ln(m_k / m_T)` and
    :math:`\sigma = s\sqrt 2`, so with :math:`F` its distribution function the shares are
    exact (:meth:`shares`):

    .. math::

        P(\text{concession at threat}) = F(\rho), \quad
        P(\text{imposed}) = p\,(1 - F(\rho)), \quad
        P(\text{concession after imposition}) = p\,\max(0, F(1 - \lambda) - F(\rho)).

    Parameters
    ----------
    credibility : float
        :math:`p`, share of resolved senders, which the targets know, in [0, 1].
    sunk_share : float
        :math:`\lambda`, share of the stand-off's cost borne by a target that gives in only
        after imposition, in [0, 1].
    target_cost : float
        :math:`m_T`, median cost of a sanctions stand-off to the target, in (0, inf).
    concession_cost : float
        :math:`m_k`, median cost of conceding, in (0, inf).
    cost_spread : float
        :math:`s`, standard deviation of each log cost, in (0, inf).

    Examples
    --------
    >>> shares = ThreatPopulation().shares()
    >>> round(shares.concession_at_threat, 3), round(shares.success_rate_imposed, 3)
    (0.367, 0.324)
    """

    credibility: float = 0.6
    sunk_share: float = 0.3
    target_cost: float = 1.0
    concession_cost: float = 0.6
    cost_spread: float = 0.6

    def __post_init__(self) -> None:
        object.__setattr__(self, "credibility",
                           check_probability("credibility", self.credibility))
        object.__setattr__(self, "sunk_share", check_probability("sunk_share", self.sunk_share))
        for name in ("target_cost", "concession_cost", "cost_spread"):
            value = check_range(name, getattr(self, name), 0.0, _INF, low_open=True,
                                high_open=True)
            object.__setattr__(self, name, value)

    @property
    def cutoff(self) -> float:
        r""":math:`\rho(p)` of :func:`concession_cutoff`."""
        return _cutoff(self.credibility, self.sunk_share)

    def ratio_cdf(self, ratio: float) -> float:
        r"""Probability that a target's :math:`k / c_T` is at most ``ratio``.

        Examples
        --------
        >>> ThreatPopulation(target_cost=1.0, concession_cost=0.5).ratio_cdf(0.5)
        0.5
        """
        ratio = check_range("ratio", ratio, 0.0, _INF)
        if ratio == 0.0:
            return 0.0
        if math.isinf(ratio):
            return 1.0
        mu = math.log(self.concession_cost / self.target_cost)
        return _normal_cdf((math.log(ratio) - mu) / (self.cost_spread * math.sqrt(2.0)))

    def shares(self) -> ThreatShares:
        """Exact expected shares of each ending (closed form above).

        Examples
        --------
        >>> s = ThreatPopulation(credibility=0.9).shares()
        >>> s.concession_after_imposition, round(s.threat_stage_share, 3)
        (0.0, 1.0)
        """
        p, lam = self.credibility, self.sunk_share
        at_threat = self.ratio_cdf(self.cutoff)
        weak = self.ratio_cdf(1.0 - lam)
        after = p * max(0.0, weak - at_threat)
        imposed = p * (1.0 - at_threat)
        resolved = max(weak, at_threat) if p > 0.0 else math.nan
        return ThreatShares(at_threat, (1.0 - p) * (1.0 - at_threat), after, imposed - after,
                            resolved)

    def simulate(self, n: int = 10_000, seed: int = 2003) -> ThreatEpisodes:
        """Draw ``n`` episodes with ``numpy.random.default_rng(seed)`` and play them out.

        Examples
        --------
        >>> episodes = ThreatPopulation().simulate(n=5, seed=1)
        >>> episodes.outcome.shape
        (5,)
        """
        count = check_integer("n", n, 1)
        rng = np.random.default_rng(seed)
        s = self.cost_spread
        c = np.exp(rng.normal(math.log(self.target_cost), s, count))
        k = np.exp(rng.normal(math.log(self.concession_cost), s, count))
        resolved = rng.random(count) < self.credibility
        concede = _concedes(k, c, self.credibility, self.sunk_share)
        give_in = _gives_in(k, c, self.sunk_share)
        outcome = np.where(
            concede, "concession at threat",
            np.where(~resolved, "sender backs down",
                     np.where(give_in, "concession after imposition", "deadlock")))
        return ThreatEpisodes(k, c, resolved, outcome.astype(object))

    def credibility_for_imposed_success(self, rate: float) -> float:
        r"""Credibility at which the success rate of imposed sanctions equals ``rate``.

        The rate :math:`(F(1 - \lambda) - F(\rho)) / (1 - F(\rho))` falls continuously from
        :math:`F(1 - \lambda)` (as :math:`p \to 0`) to 0 (at :math:`p = 1 - \lambda`); found
        by bisection to 1e-12.

        Parameters
        ----------
        rate : float
            Target success rate, in (0, F(1 - λ)).

        Examples
        --------
        >>> pop = ThreatPopulation()
        >>> p = pop.credibility_for_imposed_success(0.34)
        >>> round(p, 4), round(ThreatPopulation(credibility=p).shares().success_rate_imposed, 6)
        (0.5914, 0.34)
        """
        lam = self.sunk_share
        weak = self.ratio_cdf(1.0 - lam)
        target = check_range("rate", rate, 0.0, weak, low_open=True, high_open=True)

        def imposed_rate(p: float) -> float:
            x = self.ratio_cdf(_cutoff(p, lam))
            return (weak - x) / (1.0 - x)

        low, high = 0.0, 1.0 - lam
        while high - low > 1e-12:
            mid = 0.5 * (low + high)
            if imposed_rate(mid) > target:
                low = mid
            else:
                high = mid
        return 0.5 * (low + high)

    def replace(self, **changes: float) -> ThreatPopulation:
        """A copy with some parameters changed (validated again).

        Examples
        --------
        >>> ThreatPopulation().replace(credibility=0.2).credibility
        0.2
        """
        values = {name: getattr(self, name) for name in self.__dataclass_fields__}
        values.update(changes)
        return ThreatPopulation(**values)
