r"""Drezner's coercion game with conflict expectations: who concedes how much, and to whom.

Drezner (1998; 1999, ch. 2) models economic coercion as a short game. The sender either
leaves things alone (*status quo ante*, a small gain :math:`\alpha` for both) or makes a
demand of size :math:`D` backed by a threat. The target either acquiesces (payoffs
:math:`(D, -D)`) or stands firm; then the sender backs down (*status quo*, :math:`(0, 0)`)
or carries out the threat (*deadlock*, :math:`(-c_S, -c_T)`, the opportunity costs of the
disrupted exchange). Each side also cares about relative gains, the more so the more
conflict it expects with the other in the future:

.. math::

    U_i = \beta P_i + (1 - \beta)(P_i - P_j) = P_i - \gamma P_j,
    \qquad \gamma = 1 - \beta \in [0, 1].

Here :math:`\gamma` is the weight on relative gains, which Drezner ties to conflict
expectations (allies: near 0; adversaries: near 1); the code calls it
``conflict_expectations``. Backward induction (our derivation, checked by the tests against
a brute-force search over demands):

* the sender carries out the threat only if :math:`U_S(\text{deadlock}) = -c_S + \gamma c_T`
  is positive, i.e. :math:`\gamma > c_S / c_T` (the *credibility cutoff*);
* a credible threat makes the target accept any demand with
  :math:`(1 + \gamma) D \le c_T - \gamma c_S`, so the sender demands

  .. math:: D^* = \frac{c_T - \gamma c_S}{1 + \gamma},

  and does so if :math:`(1 + \gamma) D^* > (1 - \gamma) \alpha`; otherwise it makes no
  demand.

So, when coercion happens, the concession is larger the higher the target's cost, the lower
the sender's cost and the lower the conflict expectations, as Drezner argues. But a sender
that expects little conflict has no credible threat at all: as :math:`\gamma` rises the
concession jumps from 0 to :math:`c_T - c_S` at the cutoff and then falls to
:math:`(c_T - c_S) / 2` at :math:`\gamma = 1`, the *sanctions paradox*: senders coerce
adversaries more often but get less from them.

The game and the utility functions are Drezner's (1998, Fig. 1 and eqs. 1-2); the solution
written here, the tie-breaking conventions and the numbers are ours.

References
----------
Drezner, D. W. (1998). Conflict Expectations and the Paradox of Economic Coercion.
*International Studies Quarterly*, 42(4), 709-731. [drezner1998]

Drezner, D. W. (1999). *The Sanctions Paradox: Economic Statecraft and International
Relations*. Cambridge University Press. [drezner1999]
"""

from __future__ import annotations

from dataclasses import dataclass

from ._validate import check_probability, check_range

__all__ = [
    "CoercionResult",
    "ConflictExpectationsGame",
    "equilibrium_concession",
]

_INF = float("inf")

#: Outcome labels of Drezner's game.
_OUTCOMES = ("status quo ante", "acquiescence", "status quo", "deadlock")


@dataclass(frozen=True)
class CoercionResult:
    """The subgame perfect outcome of a :class:`ConflictExpectationsGame`.

    Attributes
    ----------
    outcome : str
        "status quo ante" (no demand) or "acquiescence".
    demand : float
        The concession the target makes (0 without a demand).
    credible : bool
        Whether the sender would carry out the threat if the target stood firm.
    sender_utility, target_utility : float
        Utilities :math:`U_S, U_T` of the outcome.
    """

    outcome: str
    demand: float
    credible: bool
    sender_utility: float
    target_utility: float


@dataclass(frozen=True)
class ConflictExpectationsGame:
    r"""Drezner's coercion game with conflict expectations (see the module docstring).

    Ties go to the peaceful move: the sender stands firm, and makes a demand, only if
    strictly better off; the target acquiesces when indifferent.

    Parameters
    ----------
    target_cost : float
        :math:`c_T`, the target's opportunity cost of deadlock, in [0, inf).
    sender_cost : float
        :math:`c_S`, the sender's opportunity cost of deadlock, in [0, inf).
    conflict_expectations : float
        :math:`\gamma = 1 - \beta`, the weight both sides put on relative gains, rising
        with the conflict they expect in the future, in [0, 1].
    status_quo_ante_gain : float
        :math:`\alpha`, what both gain if no demand is made, in [0, inf).

    Examples
    --------
    >>> result = ConflictExpectationsGame(conflict_expectations=0.5).solve()
    >>> result.outcome, round(result.demand, 6)
    ('acquiescence', 0.583333)
    >>> ConflictExpectationsGame(conflict_expectations=0.2).solve().outcome
    'status quo ante'
    """

    target_cost: float = 1.0
    sender_cost: float = 0.25
    conflict_expectations: float = 0.5
    status_quo_ante_gain: float = 0.0

    def __post_init__(self) -> None:
        for name in ("target_cost", "sender_cost", "status_quo_ante_gain"):
            value = check_range(name, getattr(self, name), 0.0, _INF, high_open=True)
            object.__setattr__(self, name, value)
        object.__setattr__(self, "conflict_expectations",
                           check_probability("conflict_expectations",
                                             self.conflict_expectations))

    def utilities(self, outcome: str, demand: float = 0.0) -> tuple[float, float]:
        r"""Utilities :math:`(U_S, U_T)` of an outcome, :math:`U_i = P_i - \gamma P_j`.

        Parameters
        ----------
        outcome : str
            "status quo ante", "acquiescence", "status quo" or "deadlock".
        demand : float, default 0
            The demand :math:`D \ge 0` (used by "acquiescence").

        Examples
        --------
        >>> ConflictExpectationsGame(conflict_expectations=0.5).utilities("deadlock")
        (0.25, -0.875)
        """
        g = self.conflict_expectations
        d = check_range("demand", demand, 0.0, _INF, high_open=True)
        payoffs = {
            "status quo ante": (self.status_quo_ante_gain, self.status_quo_ante_gain),
            "acquiescence": (d, -d),
            "status quo": (0.0, 0.0),
            "deadlock": (-self.sender_cost, -self.target_cost),
        }
        if outcome not in payoffs:
            raise ValueError(f"outcome must be one of {_OUTCOMES}, got {outcome!r}")
        sender, target = payoffs[outcome]
        return sender - g * target, target - g * sender

    @property
    def credibility_cutoff(self) -> float:
        r"""Conflict expectations above which the threat is credible, :math:`c_S / c_T`
        (``inf`` if :math:`c_T = 0` and :math:`c_S > 0`; a cutoff of the model, not one of
        the reading's "thresholds").

        Examples
        --------
        >>> ConflictExpectationsGame().credibility_cutoff
        0.25
        """
        if self.target_cost == 0.0:
            return _INF if self.sender_cost > 0.0 else 0.0
        return self.sender_cost / self.target_cost

    def is_credible(self) -> bool:
        """Whether the sender prefers deadlock to backing down (strictly)."""
        return self.utilities("deadlock")[0] > 0.0

    def max_demand(self) -> float:
        r"""Largest demand the target accepts when the threat is credible,
        :math:`\max(0, (c_T - \gamma c_S) / (1 + \gamma))`.

        Examples
        --------
        >>> ConflictExpectationsGame(conflict_expectations=1.0).max_demand()
        0.375
        """
        g = self.conflict_expectations
        return max(0.0, (self.target_cost - g * self.sender_cost) / (1.0 + g))

    def outcome_for_demand(self, demand: float) -> str:
        """Backward induction after a given demand: "acquiescence", "status quo" or
        "deadlock".

        Examples
        --------
        >>> game = ConflictExpectationsGame(conflict_expectations=0.5)
        >>> game.outcome_for_demand(0.5), game.outcome_for_demand(0.7)
        ('acquiescence', 'deadlock')
        """
        stands_firm = self.utilities("deadlock")[0] > self.utilities("status quo")[0]
        after_resistance = "deadlock" if stands_firm else "status quo"
        accept = self.utilities("acquiescence", demand)[1]
        resist = self.utilities(after_resistance)[1]
        return "acquiescence" if accept >= resist else after_resistance

    def solve(self) -> CoercionResult:
        """The subgame perfect outcome (closed form; see the module docstring)."""
        credible = self.is_credible()
        quiet = self.utilities("status quo ante")
        if credible:
            demand = self.max_demand()
            coerced = self.utilities("acquiescence", demand)
            if coerced[0] > quiet[0]:
                return CoercionResult("acquiescence", demand, True, *coerced)
        return CoercionResult("status quo ante", 0.0, credible, *quiet)


def equilibrium_concession(
    target_cost: float,
    sender_cost: float,
    conflict_expectations: float,
    status_quo_ante_gain: float = 0.0,
) -> float:
    r"""The target's concession in Drezner's game: :math:`D^*` if coercion happens, else 0.

    Parameters: see :class:`ConflictExpectationsGame`.

    Examples
    --------
    Target cost 1, sender cost 0.25: no concession below the credibility cutoff 0.25, then
    a concession that shrinks as conflict expectations rise.

    >>> [round(equilibrium_concession(1.0, 0.25, g), 4) for g in (0.2, 0.3, 0.5, 1.0)]
    [0.0, 0.7115, 0.5833, 0.375]
    """
    return ConflictExpectationsGame(target_cost, sender_cost, conflict_expectations,
                                    status_quo_ante_gain).solve().demand
