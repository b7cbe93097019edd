r"""Bargaining over a unit surplus: Nash's split and Rubinstein's alternating offers.

Lesson 5's reading says that sanctions "recalibrate" a negotiation by changing each side's
cost calculations. Two classic bargaining models make the claim precise. A sender (player 1)
and a target (player 2) split a surplus of size 1 (the gains from a trade deal):

* **Nash (1950)**: the split maximises the product of both sides' gains over their
  *disagreement payoffs* :math:`d_1, d_2` (what each gets if talks fail). Player 1 gets

  .. math:: x_1 = \frac{1 + d_1 - d_2}{2}.

  A sanctions threat lowers the target's disagreement payoff; how far depends on the
  sanctions' cost to the target and on how much of the target's trade the sanctioning
  coalition covers (:func:`threatened_fallback`).
* **Rubinstein (1982)**: the players take turns proposing, player 1 first; every rejected
  offer delays the deal by one period, which player :math:`i` discounts by the factor
  :math:`\delta_i`. The unique subgame perfect split gives player 1

  .. math:: x_1 = \frac{1 - \delta_2}{1 - \delta_1 \delta_2}.

  Sanctions *in force* while the talks go on cost the target a share :math:`\sigma` of what
  it stands to gain for every period without a deal: its **effective discount factor under
  sanctions** is :math:`\tilde\delta_2 = \delta_2 (1 - \sigma)`
  (:func:`sanctioned_discount_factor`), so the target is less patient and gets less.

:class:`TradeTalks` ties the pieces together with one set of validated parameters.

Names. The reading's "leverage" is the glossary's *bargaining leverage* (a better fallback,
more patience, or the power to impose costs); no quantity here is called leverage. The
model's *coverage* (share of the target's trade held by the sanctioning states) is lesson 1's
coverage and measures what the reading calls broad coalition support; *credibility* is the
glossary's credibility, made a number: the probability the target assigns to the sanctions
being imposed if talks fail.

The closed forms are Nash's and Rubinstein's (the formula for :math:`x_1` with disagreement
payoffs is our derivation from maximising :math:`(x - d_1)(1 - x - d_2)`); the way sanctions
enter (a cost scaled by coverage and credibility, a proportional per-period cost) is this
course's illustrative construction.

References
----------
Nash, J. F. (1950). The Bargaining Problem. *Econometrica*, 18, 155-162. [nash1950]

Rubinstein, A. (1982). Perfect Equilibrium in a Bargaining Model. *Econometrica*, 50(1),
97-109. [rubinstein1982]
"""

from __future__ import annotations

from dataclasses import dataclass

from ._validate import check_integer, check_probability, check_range
from .leakage import _effectiveness

__all__ = [
    "FALLBACK_SUM_SLACK",
    "TradeTalks",
    "nash_bargaining_share",
    "rubinstein_finite_share",
    "rubinstein_share",
    "sanctioned_discount_factor",
    "threatened_fallback",
]

#: Rounding slack allowed when checking that the disagreement payoffs sum to at most 1.
FALLBACK_SUM_SLACK = 1e-12

_INF = float("inf")


def _check_fallbacks(d1: object, d2: object, names: tuple[str, str] = ("d1", "d2")):
    first = check_range(names[0], d1, -_INF, 1.0, low_open=True)
    second = check_range(names[1], d2, -_INF, 1.0, low_open=True)
    if first + second > 1.0 + FALLBACK_SUM_SLACK:
        raise ValueError(
            f"{names[0]} + {names[1]} must be <= 1 (else no split beats no deal for both), "
            f"got {first!r} + {second!r} = {first + second!r}"
        )
    return first, second


def _nash_share(d1: float, d2: float) -> float:
    return min(1.0, max(0.0, (1.0 + d1 - d2) / 2.0))


def nash_bargaining_share(d1: float, d2: float) -> float:
    r"""Player 1's share of a unit surplus in the Nash bargaining solution.

    The players split a surplus of 1 as :math:`(x, 1 - x)`; if they fail to agree they get
    their disagreement payoffs :math:`d_1, d_2`. The Nash solution maximises the product of
    the gains :math:`(x - d_1)(1 - x - d_2)`; setting the derivative to zero gives

    .. math::

        x_1 = \frac{1 + d_1 - d_2}{2},

    so each side gets its fallback plus half of what the deal adds,
    :math:`(1 - d_1 - d_2) / 2`. Raising your own fallback or lowering the other side's
    moves the split your way one for one, shared equally.

    The formula needs :math:`d_1 + d_2 \le 1`: otherwise no split is better than no deal for
    both. Each fallback may be negative (no deal is worse than nothing, for example under
    sanctions) but not above 1. When the fallbacks differ by more than 1 the formula would
    give one side more than the whole surplus; the share is then the constrained maximum,
    0 or 1 (the Nash product is concave, so clipping gives the maximum over
    :math:`0 \le x \le 1`).

    Parameters
    ----------
    d1, d2 : float
        Disagreement payoffs of players 1 and 2, each in (-inf, 1], with
        :math:`d_1 + d_2 \le 1`.

    Returns
    -------
    float
        :math:`x_1` in [0, 1]; player 2 gets :math:`1 - x_1`.

    Raises
    ------
    ValueError
        If a payoff is above 1, NaN or -inf, or if :math:`d_1 + d_2 > 1`.

    References
    ----------
    Nash, J. F. (1950). The Bargaining Problem. *Econometrica*, 18, 155-162. [nash1950]

    Examples
    --------
    >>> nash_bargaining_share(0.0, 0.0)
    0.5
    >>> round(nash_bargaining_share(0.2, 0.3), 12)
    0.45
    >>> nash_bargaining_share(0.6, 0.6)
    Traceback (most recent call last):
    ...
    ValueError: d1 + d2 must be <= 1 (else no split beats no deal for both), got 0.6 + 0.6 = 1.2
    """
    first, second = _check_fallbacks(d1, d2)
    return _nash_share(first, second)


def _check_discount(name: str, value: object) -> float:
    return check_range(name, value, 0.0, 1.0, high_open=True)


def rubinstein_share(delta1: float, delta2: float) -> float:
    r"""Player 1's share in Rubinstein's alternating-offers game; player 1 proposes first.

    Two players take turns proposing how to split a surplus of 1, player 1 first. After a
    rejection the other player proposes one period later; a share :math:`x` received
    :math:`t` periods from now is worth :math:`\delta_i^t x` to player :math:`i`. In the
    unique subgame perfect equilibrium the first offer is accepted and gives player 1

    .. math::

        x_1 = \frac{1 - \delta_2}{1 - \delta_1 \delta_2}.

    The more patient a player (the closer its :math:`\delta` to 1), the more it gets; with
    equal factors :math:`\delta` the first proposer gets :math:`1 / (1 + \delta) > 1/2`, an
    advantage that vanishes as :math:`\delta \to 1`. :func:`rubinstein_finite_share` gives
    the split with a last round, which converges to this one.

    Parameters
    ----------
    delta1, delta2 : float
        Discount factors (patience) of players 1 and 2, each in [0, 1).

    Returns
    -------
    float
        :math:`x_1` in (0, 1]; player 2 gets :math:`1 - x_1`.

    References
    ----------
    Rubinstein, A. (1982). Perfect Equilibrium in a Bargaining Model. *Econometrica*, 50(1),
    97-109. [rubinstein1982]

    Examples
    --------
    >>> round(rubinstein_share(0.9, 0.9), 6)
    0.526316
    >>> round(rubinstein_share(0.9, 0.81), 6)
    0.701107
    >>> rubinstein_share(0.9, 1.0)
    Traceback (most recent call last):
    ...
    ValueError: delta2 must be in [0, 1), got 1.0
    """
    first = _check_discount("delta1", delta1)
    second = _check_discount("delta2", delta2)
    return (1.0 - second) / (1.0 - first * second)


def rubinstein_finite_share(delta1: float, delta2: float, rounds: int) -> float:
    r"""Player 1's share when the alternating-offers game ends after ``rounds`` rounds.

    Player 1 proposes in round 1, player 2 in round 2, and so on; if the offer of the last
    round is rejected both get 0. Backward induction: the proposer of the last round takes
    everything, and in every earlier round the proposer offers the responder exactly what
    the responder would get as next round's proposer, discounted by one period. With
    :math:`v_n` the share of the proposer when :math:`n` rounds are left,

    .. math::

        v_1 = 1, \qquad v_n = 1 - \delta_{\text{resp}}\, v_{n-1},

    where :math:`\delta_{\text{resp}}` is the responder's discount factor in that round.
    Two rounds at a time, :math:`x_1(T) - x_1^* = \delta_1 \delta_2\,(x_1(T-2) - x_1^*)`
    with :math:`x_1^*` from :func:`rubinstein_share`, so the finite-horizon share converges
    geometrically to Rubinstein's as the horizon grows.

    Parameters
    ----------
    delta1, delta2 : float
        Discount factors of players 1 and 2, each in [0, 1).
    rounds : int
        Number of rounds :math:`T \ge 1`.

    Returns
    -------
    float
        Player 1's share :math:`x_1(T)`.

    Examples
    --------
    >>> rubinstein_finite_share(0.9, 0.9, 1)
    1.0
    >>> round(rubinstein_finite_share(0.9, 0.9, 2), 6)
    0.1
    >>> round(rubinstein_finite_share(0.9, 0.9, 200), 6) == round(rubinstein_share(0.9, 0.9), 6)
    True
    """
    first = _check_discount("delta1", delta1)
    second = _check_discount("delta2", delta2)
    horizon = check_integer("rounds", rounds, 1)
    share = 1.0  # the proposer's share with one round left
    for remaining in range(2, horizon + 1):
        # With `remaining` rounds left, the proposer is player 1 when T - remaining is even;
        # the responder is then player 2.
        responder_delta = second if (horizon - remaining) % 2 == 0 else first
        share = 1.0 - responder_delta * share
    return share


def sanctioned_discount_factor(discount: float, bite: float) -> float:
    r"""Effective discount factor of a target while sanctions are in force.

    With sanctions in force the target loses, for every period without a deal, a share
    :math:`\sigma` (the *bite*) of what it stands to gain from the deal, on top of its
    ordinary impatience :math:`\delta`. A deal worth :math:`x` after :math:`t` periods is
    then worth :math:`(\delta (1 - \sigma))^t x` today, so the target bargains as if its
    discount factor were

    .. math::

        \tilde\delta = \delta\,(1 - \sigma).

    This proportional cost is our modelling choice. Rubinstein (1982) also solved a fixed
    cost per period; that version gives all-or-nothing splits, while this one keeps the
    split smooth.

    Parameters
    ----------
    discount : float
        The target's discount factor :math:`\delta` without sanctions, in [0, 1).
    bite : float
        Share :math:`\sigma` of the deal's value lost per period of sanctions, in [0, 1].

    Returns
    -------
    float
        :math:`\tilde\delta` in [0, 1).

    Examples
    --------
    >>> round(sanctioned_discount_factor(0.9, 0.1), 12)
    0.81
    """
    delta = _check_discount("discount", discount)
    sigma = check_probability("bite", bite)
    return delta * (1.0 - sigma)


def threatened_fallback(
    fallback: float,
    cost: float,
    coverage: float = 1.0,
    diversion: float = 0.0,
    credibility: float = 1.0,
) -> float:
    r"""A side's disagreement payoff when failed talks may trigger sanctions.

    If talks fail, sanctions are imposed with probability :math:`q` (the threat's
    credibility). Imposed by a coalition covering a share :math:`s` of the target's trade,
    with a diversion rate :math:`d`, they cut the share :math:`E(s, d)` of that trade
    (:func:`~sanclab.models.leakage.effectiveness`). The target's expected fallback is

    .. math::

        d_T = \bar d_T - q\,C_T\,E(s, d),

    where :math:`\bar d_T` is its fallback without a threat and :math:`C_T` the loss from
    sanctions covering all its trade. For the sender's own fallback pass its cost with the
    defaults ``coverage=1, diversion=0``: :math:`d_S = \bar d_S - q\,C_S`.

    Parameters
    ----------
    fallback : float
        Disagreement payoff without a threat, in (-inf, 1].
    cost : float
        Loss :math:`C` if sanctions covering all trade are imposed, in [0, inf).
    coverage : float, default 1.0
        Share :math:`s` of the target's trade held by the sanctioning states, in [0, 1].
    diversion : float, default 0.0
        Diversion rate :math:`d`, in [0, 1].
    credibility : float, default 1.0
        Probability :math:`q` that the sanctions are imposed if talks fail, in [0, 1].

    Returns
    -------
    float
        The threatened disagreement payoff.

    Examples
    --------
    >>> round(threatened_fallback(0.3, 0.5, coverage=0.8), 12)
    -0.1
    >>> round(threatened_fallback(0.3, 0.5, coverage=0.8, credibility=0.5), 12)
    0.1
    """
    base = check_range("fallback", fallback, -_INF, 1.0, low_open=True)
    loss = check_range("cost", cost, 0.0, _INF, high_open=True)
    s = check_probability("coverage", coverage)
    d = check_probability("diversion", diversion)
    q = check_probability("credibility", credibility)
    return base - q * loss * _effectiveness(s, d)


@dataclass(frozen=True)
class TradeTalks:
    r"""Trade talks between a sender (player 1) and a target (player 2) over a unit surplus.

    One set of validated parameters for both bargaining models. Without a threat the split
    is Nash's with the plain fallbacks; with a threat the fallbacks become

    .. math::

        d_S = \bar d_S - q\,C_S, \qquad d_T = \bar d_T - q\,C_T\,E(s, d),

    so the sender's Nash share rises by :math:`q\,(C_T E(s, d) - C_S) / 2`: a threat helps
    the sender only if the sanctions would hurt the target more than the sender.
    In alternating offers (the sender proposes first), sanctions in force make the target
    less patient, :math:`\tilde\delta_T = \delta_T (1 - \sigma_T E(s, d))`, and, if they hurt
    the sender too, the sender as well, :math:`\tilde\delta_S = \delta_S (1 - \sigma_S)`.

    Parameters
    ----------
    sender_fallback, target_fallback : float
        Disagreement payoffs :math:`\bar d_S, \bar d_T` without a threat, each in
        (-inf, 1], with :math:`\bar d_S + \bar d_T \le 1`.
    sender_cost : float
        :math:`C_S`, the sender's loss if it imposes the sanctions, in [0, inf).
    target_cost : float
        :math:`C_T`, the target's loss from sanctions covering all its trade, in [0, inf).
    coverage : float
        :math:`s`, share of the target's trade held by the sanctioning coalition, in [0, 1]
        (the reading's "broad coalition support"; lesson 1's coverage).
    diversion : float
        :math:`d`, share of cut trade that non-members can absorb, in [0, 1].
    credibility : float
        :math:`q`, probability the target assigns to sanctions being imposed if talks
        fail, in [0, 1].
    sender_discount, target_discount : float
        Discount factors (patience) :math:`\delta_S, \delta_T`, each in [0, 1).
    target_bite : float
        :math:`\sigma_T`, share of the target's value of a deal lost per period of
        sanctions in force, at full coverage and no diversion, in [0, 1].
    sender_bite : float
        :math:`\sigma_S`, the same for the sender (sanctions hurt their senders too), in
        [0, 1].

    Examples
    --------
    >>> talks = TradeTalks()
    >>> round(talks.nash_share(threat=False), 12), round(talks.nash_share(), 12)
    (0.45, 0.6)
    >>> round(talks.rubinstein_share(sanctions=False), 6), round(talks.rubinstein_share(), 6)
    (0.526316, 0.701107)
    """

    sender_fallback: float = 0.2
    target_fallback: float = 0.3
    sender_cost: float = 0.1
    target_cost: float = 0.5
    coverage: float = 0.8
    diversion: float = 0.0
    credibility: float = 1.0
    sender_discount: float = 0.9
    target_discount: float = 0.9
    target_bite: float = 0.125
    sender_bite: float = 0.0

    def __post_init__(self) -> None:
        sender, target = _check_fallbacks(
            self.sender_fallback, self.target_fallback, ("sender_fallback", "target_fallback")
        )
        checked = {
            "sender_fallback": sender,
            "target_fallback": target,
            "sender_cost": check_range("sender_cost", self.sender_cost, 0.0, _INF,
                                       high_open=True),
            "target_cost": check_range("target_cost", self.target_cost, 0.0, _INF,
                                       high_open=True),
            "coverage": check_probability("coverage", self.coverage),
            "diversion": check_probability("diversion", self.diversion),
            "credibility": check_probability("credibility", self.credibility),
            "sender_discount": _check_discount("sender_discount", self.sender_discount),
            "target_discount": _check_discount("target_discount", self.target_discount),
            "target_bite": check_probability("target_bite", self.target_bite),
            "sender_bite": check_probability("sender_bite", self.sender_bite),
        }
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    @property
    def effectiveness(self) -> float:
        """Share :math:`E(s, d)` of the target's trade the coalition's sanctions cut."""
        return float(_effectiveness(self.coverage, self.diversion))

    def fallbacks(self, threat: bool = True) -> tuple[float, float]:
        r"""Disagreement payoffs :math:`(d_S, d_T)`, with or without the sanctions threat.

        Examples
        --------
        >>> [round(x, 12) for x in TradeTalks().fallbacks()]
        [0.1, -0.1]
        """
        if not threat:
            return self.sender_fallback, self.target_fallback
        q = self.credibility
        return (self.sender_fallback - q * self.sender_cost,
                self.target_fallback - q * self.target_cost * self.effectiveness)

    def nash_share(self, threat: bool = True) -> float:
        r"""The sender's Nash share :math:`x_S` (:func:`nash_bargaining_share`).

        Examples
        --------
        >>> round(TradeTalks(credibility=0.5).nash_share(), 12)
        0.525
        """
        return _nash_share(*self.fallbacks(threat))

    def discount_factors(self, sanctions: bool = True) -> tuple[float, float]:
        r"""Discount factors :math:`(\tilde\delta_S, \tilde\delta_T)`, with sanctions in force
        during the talks or without.

        Examples
        --------
        >>> [round(x, 12) for x in TradeTalks().discount_factors()]
        [0.9, 0.81]
        """
        if not sanctions:
            return self.sender_discount, self.target_discount
        return (self.sender_discount * (1.0 - self.sender_bite),
                self.target_discount * (1.0 - self.target_bite * self.effectiveness))

    def rubinstein_share(self, sanctions: bool = True) -> float:
        r"""The sender's alternating-offers share; the sender proposes first.

        Examples
        --------
        >>> round(TradeTalks(target_bite=0.0).rubinstein_share(), 6)
        0.526316
        """
        sender, target = self.discount_factors(sanctions)
        return (1.0 - target) / (1.0 - sender * target)
