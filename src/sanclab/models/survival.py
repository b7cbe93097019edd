r"""Leader survival under sanctions: a one-period selectorate model (after Bueno de Mesquita
et al. 2003).

Bueno de Mesquita, Smith, Siverson & Morrow (2003) explain a leader's survival by two
sizes: the *selectorate* :math:`S`, everyone who has a say in choosing the leader, and the
*winning coalition* :math:`W \le S`, the supporters the leader needs. (Both are their
technical terms and are numbers of people; the reading's "domestic coalitions" are groups
of actors in a looser sense.) A challenger who wants the coalition's members to defect can
promise them private goods, but cannot promise each of them a place in the coalition he will
form: a defector ends up in it only with probability :math:`W/S`, the *loyalty norm*. The
smaller :math:`W/S`, the less a challenger's promise is worth and the safer the incumbent.

This module is the course's own simplification, with linear utility so that every result
has a closed form; the functional forms, the sanctions and the ``challenger_relief``
parameter are our construction, not the book's model. Two departures matter: each
coalition member ends up with :math:`R/S` of private goods whatever :math:`W` (in the
book, members of small coalitions get more each), and the leader keeps no rents of her own
(so a revenue cut cannot come out of her pocket first). Parameters are documented once, on
:class:`SelectorateModel`.

``challenger_relief`` is *sanctions relief* in the usual sense (the sender lifting its
measures), promised by a challenger for after a change of leader; it is not the domestic
"selective relief" for sectors that the lesson's reading speaks of.

Model
-----
The incumbent has revenue :math:`R_I = R(1 - s)` after comprehensive sanctions of size
:math:`s`. Targeted sanctions of size :math:`t` (asset freezes, travel bans on insiders)
destroy the share :math:`t` of the value of the private goods the incumbent hands out. A
challenger can promise that the share :math:`\rho` of both measures will be lifted once he
rules (``challenger_relief``): his revenue is :math:`R_C = R(1 - (1 - \rho)s)` and his
private goods keep the share :math:`k_C = 1 - (1 - \rho)t` of their value, the
incumbent's :math:`k_I = 1 - t`.

A member values one unit of public spending at :math:`\alpha` (``public_value``) and one
unit of private goods in hand at 1. Spending everything, the incumbent can give each
member at most, and the challenger can promise a defector at most,

.. math::

    U_I = R_I \max\!\left(\alpha, \frac{k_I}{W}\right), \qquad
    U_C = R_C \max\!\left(\alpha, \frac{k_C}{S}\right)

(the challenger's private goods, :math:`R_C / W` per member, reach a defector with
probability :math:`W/S`). The **defection margin** is :math:`m = U_I - U_C`; the coalition
stays loyal, and the leader survives, when :math:`m \ge 0`. The **incumbent's advantage**
:math:`1 - U_C / U_I` is the share of her best offer she does not need; without sanctions
and with :math:`\alpha \le 1/S` it is :math:`1 - W/S`.

**Allocation.** The incumbent spends all revenue, gives the coalition only the private
goods loyalty requires, and spends the rest on public goods: private spending
:math:`P = (U_C - \alpha R_I) / (k_I / W - \alpha)` when :math:`\alpha R_I < U_C`, else 0;
public spending :math:`X = R_I - P`. (If she cannot match the challenger, :math:`P` is
everything she would spend on her best offer.)

Main results (each asserted in ``tests/test_models_survival.py``):

* the incumbent's advantage falls as :math:`W/S` rises;
* with ``challenger_relief = 1`` and :math:`\alpha = 0`, a revenue cut is absorbed by public goods
  alone while :math:`s \le 1 - W/S` (so small-:math:`W/S` regimes have a wide cushion);
  beyond it the leader falls; with ``challenger_relief = 0`` she never falls, and a share
  :math:`W/S` of any cut falls on the coalition's private goods;
* per unit of cost imposed (:func:`cost_imposed`), targeted sanctions shrink the margin
  :math:`(S/W)(1 - t)` times as much as comprehensive ones (:math:`\alpha = 0`,
  ``challenger_relief = 1``) -- the course's result, not a published finding.

References
----------
Bueno de Mesquita, B., Smith, A., Siverson, R. M., & Morrow, J. D. (2003). *The Logic of
Political Survival*. MIT Press. [bdm2003]
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ._validate import check_integer, check_probability, check_range

__all__ = [
    "Allocation",
    "SelectorateModel",
    "allocation",
    "challenger_offer",
    "cost_imposed",
    "critical_challenger_relief",
    "critical_rent_cut",
    "critical_revenue_cut",
    "defection_margin",
    "incumbent_advantage",
    "incumbent_best_offer",
    "margin_loss_per_cost",
    "survives",
]

#: Relative tolerance of the survival test: the leader survives when the defection margin is
#: at least ``-MARGIN_TOLERANCE * max(U_I, U_C)``, so that exact ties in the model (e.g. a
#: revenue cut of exactly 1 - W/S) are not lost to rounding.
MARGIN_TOLERANCE = 1e-9


@dataclass(frozen=True)
class SelectorateModel:
    r"""Validated parameters of the course's selectorate model (see the module docstring).

    Parameters
    ----------
    selectorate : int
        :math:`S`, the size of the selectorate, at least 1.
    winning_coalition : int
        :math:`W`, the size of the winning coalition (Bueno de Mesquita et al.'s term: the
        number of supporters the leader needs), in :math:`[1, S]`.
    revenue : float, default 100
        :math:`R`, revenue per period before sanctions, in (0, inf).
    public_value : float, default 0
        :math:`\alpha`, what one unit of public spending is worth to a coalition member, in
        units of private goods in hand, in [0, inf). With 0, public goods play no part in
        the members' choice (as if any ruler provided the same ones).
    revenue_cut : float, default 0
        :math:`s`, comprehensive sanctions: the share of revenue lost, in [0, 1].
    rent_cut : float, default 0
        :math:`t`, targeted sanctions: the share of the value of the incumbent's private
        goods that its recipients lose, in [0, 1].
    challenger_relief : float, default 1
        :math:`\rho`, sanctions relief a challenger can credibly promise: the share of both
        measures the sender will lift once he rules, in [0, 1] (1: the sanctions are tied
        to the incumbent; 0: they stay whoever rules).

    Raises
    ------
    ValueError
        If a parameter is out of range (the message names it).
    TypeError
        If a parameter has the wrong type (``selectorate`` and ``winning_coalition`` must be
        integers).

    Examples
    --------
    >>> model = SelectorateModel(selectorate=100, winning_coalition=10)
    >>> model.loyalty_norm, round(incumbent_advantage(model), 12)
    (0.1, 0.9)
    >>> SelectorateModel(selectorate=10, winning_coalition=20)
    Traceback (most recent call last):
    ...
    ValueError: winning_coalition must be in [1, 10], got 20
    """

    selectorate: int
    winning_coalition: int
    revenue: float = 100.0
    public_value: float = 0.0
    revenue_cut: float = 0.0
    rent_cut: float = 0.0
    challenger_relief: float = 1.0

    def __post_init__(self) -> None:
        size = check_integer("selectorate", self.selectorate, 1)
        checked = {
            "selectorate": size,
            "winning_coalition": check_integer(
                "winning_coalition", self.winning_coalition, 1, size
            ),
            "revenue": check_range(
                "revenue", self.revenue, 0.0, math.inf, low_open=True, high_open=True
            ),
            "public_value": check_range(
                "public_value", self.public_value, 0.0, math.inf, high_open=True
            ),
            "revenue_cut": check_probability("revenue_cut", self.revenue_cut),
            "rent_cut": check_probability("rent_cut", self.rent_cut),
            "challenger_relief": check_probability(
                "challenger_relief", self.challenger_relief
            ),
        }
        for name, value in checked.items():
            object.__setattr__(self, name, value)

    @property
    def loyalty_norm(self) -> float:
        """:math:`W/S` (smaller means more loyal members)."""
        return self.winning_coalition / self.selectorate

    @property
    def incumbent_revenue(self) -> float:
        """:math:`R_I = R(1 - s)`."""
        return self.revenue * (1.0 - self.revenue_cut)

    @property
    def challenger_revenue(self) -> float:
        r""":math:`R_C = R(1 - (1 - \rho)s)`."""
        return self.revenue * (1.0 - (1.0 - self.challenger_relief) * self.revenue_cut)

    def replace(self, **changes: float) -> SelectorateModel:
        """A copy with some parameters changed (validated again).

        Examples
        --------
        >>> SelectorateModel(100, 10).replace(revenue_cut=0.5).incumbent_revenue
        50.0
        """
        return dataclasses.replace(self, **changes)

    def without_sanctions(self) -> SelectorateModel:
        """The same regime with ``revenue_cut = rent_cut = 0``."""
        return self.replace(revenue_cut=0.0, rent_cut=0.0)


def _rates(model: SelectorateModel) -> tuple[float, float]:
    """Per unit of revenue, the best value to a member of the incumbent's and the
    challenger's offer: max(alpha, k_I / W) and max(alpha, k_C / S)."""
    m = model
    k_incumbent = 1.0 - m.rent_cut
    k_challenger = 1.0 - (1.0 - m.challenger_relief) * m.rent_cut
    return (
        max(m.public_value, k_incumbent / m.winning_coalition),
        max(m.public_value, k_challenger / m.selectorate),
    )


def incumbent_best_offer(model: SelectorateModel) -> float:
    r"""The most the incumbent can give each coalition member, :math:`U_I`.

    .. math:: U_I = R_I \max(\alpha, k_I / W)

    Parameters
    ----------
    model : SelectorateModel

    Returns
    -------
    float

    Examples
    --------
    >>> incumbent_best_offer(SelectorateModel(100, 10, revenue=100))
    10.0
    """
    return model.incumbent_revenue * _rates(model)[0]


def challenger_offer(model: SelectorateModel) -> float:
    r"""What the challenger's best promise is worth to a member who defects, :math:`U_C`.

    .. math:: U_C = R_C \max(\alpha, k_C / S)

    Private goods promised to the challenger's future coalition, :math:`R_C / W` each,
    reach a defector with probability :math:`W/S`, so they are worth :math:`k_C R_C / S`.

    Parameters
    ----------
    model : SelectorateModel

    Returns
    -------
    float

    Examples
    --------
    >>> challenger_offer(SelectorateModel(100, 10, revenue=100))
    1.0
    """
    return model.challenger_revenue * _rates(model)[1]


def defection_margin(model: SelectorateModel) -> float:
    """How much more the incumbent can offer each member than the challenger, :math:`U_I - U_C`.

    The leader survives when the margin is at least 0 (a tie goes to the incumbent).

    Parameters
    ----------
    model : SelectorateModel

    Returns
    -------
    float
        In units of private goods in hand per member and period.

    Examples
    --------
    >>> defection_margin(SelectorateModel(100, 10, revenue=100))
    9.0
    >>> defection_margin(SelectorateModel(100, 10, revenue=100, revenue_cut=0.95)) < 0
    True
    """
    return incumbent_best_offer(model) - challenger_offer(model)


def survives(model: SelectorateModel) -> bool:
    """Whether the coalition stays loyal: defection margin at least 0 (ties included, up to
    :data:`MARGIN_TOLERANCE`).

    Parameters
    ----------
    model : SelectorateModel

    Returns
    -------
    bool

    Examples
    --------
    A revenue cut of exactly 1 - W/S = 0.9 leaves a tie, which the incumbent wins:

    >>> survives(SelectorateModel(100, 10, revenue_cut=0.9))
    True
    >>> survives(SelectorateModel(100, 10, revenue_cut=0.91))
    False
    """
    best, rival = incumbent_best_offer(model), challenger_offer(model)
    return best - rival >= -MARGIN_TOLERANCE * max(best, rival)


def incumbent_advantage(model: SelectorateModel) -> float:
    r"""Share of the incumbent's best offer she does not need: :math:`1 - U_C / U_I`.

    Without sanctions and with :math:`\alpha \le 1/S` this is :math:`1 - W/S`. Negative
    when the leader falls; ``-inf`` when she can offer nothing but the challenger can.

    Parameters
    ----------
    model : SelectorateModel

    Returns
    -------
    float

    Examples
    --------
    >>> round(incumbent_advantage(SelectorateModel(100, 80)), 12)
    0.2
    """
    best, rival = incumbent_best_offer(model), challenger_offer(model)
    if best > 0:
        return 1.0 - rival / best
    return 0.0 if rival == 0 else -math.inf


@dataclass(frozen=True)
class Allocation:
    """How the incumbent spends her revenue (see :func:`allocation`).

    Attributes
    ----------
    public : float
        Public spending :math:`X`.
    private : float
        Private goods for the whole coalition, :math:`P`.
    private_per_member : float
        :math:`P / W`.
    survives : bool
        Whether the coalition stays loyal (defection margin at least 0).
    """

    public: float
    private: float
    private_per_member: float
    survives: bool


def allocation(model: SelectorateModel) -> Allocation:
    r"""The incumbent's split of revenue between public and private goods.

    She spends all of :math:`R_I`, gives the coalition only the private goods that keep it
    loyal, and spends the rest on public goods:

    .. math::

        P = \begin{cases}
            0 & \text{if } \alpha R_I \ge U_C,\\
            \dfrac{U_C - \alpha R_I}{k_I / W - \alpha} & \text{otherwise,}
        \end{cases}
        \qquad X = R_I - P.

    If she cannot match the challenger she makes her best offer: everything as private
    goods when :math:`k_I / W > \alpha`, everything as public goods otherwise.

    Parameters
    ----------
    model : SelectorateModel

    Returns
    -------
    Allocation

    Examples
    --------
    >>> allocation(SelectorateModel(100, 10, revenue=100))
    Allocation(public=90.0, private=10.0, private_per_member=1.0, survives=True)
    >>> allocation(SelectorateModel(100, 10, revenue=100, revenue_cut=0.5)).public
    40.0
    """
    m = model
    revenue = m.incumbent_revenue
    rival = challenger_offer(m)
    private_rate = (1.0 - m.rent_cut) / m.winning_coalition
    loyal = survives(m)
    if m.public_value * revenue >= rival:
        private = 0.0
    elif not loyal:
        private = revenue if private_rate > m.public_value else 0.0
    else:
        private = min(revenue, (rival - m.public_value * revenue) / (private_rate - m.public_value))
    return Allocation(
        public=revenue - private,
        private=private,
        private_per_member=private / m.winning_coalition,
        survives=loyal,
    )


def cost_imposed(model: SelectorateModel) -> float:
    r"""The cost the sanctions impose on the target, as the course model counts it.

    .. math:: c = s R + t P

    the revenue lost to comprehensive sanctions plus the value destroyed on the private
    goods :math:`P` the incumbent actually pays (:func:`allocation`) under targeted ones.

    Parameters
    ----------
    model : SelectorateModel

    Returns
    -------
    float

    Examples
    --------
    >>> cost_imposed(SelectorateModel(100, 10, revenue=100, revenue_cut=0.2))
    20.0
    """
    return model.revenue_cut * model.revenue + model.rent_cut * allocation(model).private


def margin_loss_per_cost(model: SelectorateModel) -> float:
    r"""Fall in the defection margin per unit of cost imposed (the course's construction).

    .. math:: \frac{m(\text{no sanctions}) - m(\text{sanctions})}{c}

    With :math:`\alpha = 0` and full challenger relief this is :math:`1/W` for comprehensive
    and
    :math:`S(1 - t)/W^2` for targeted sanctions: targeted ones do :math:`(S/W)(1 - t)`
    times as much per unit of cost. A comparison inside this model, not a published finding.

    Parameters
    ----------
    model : SelectorateModel
        With some sanctions (cost above 0).

    Returns
    -------
    float

    Raises
    ------
    ValueError
        If the sanctions impose no cost.

    Examples
    --------
    >>> base = SelectorateModel(100, 10, revenue=100)
    >>> margin_loss_per_cost(base.replace(revenue_cut=0.3))  # 1 / W
    0.1
    >>> round(margin_loss_per_cost(base.replace(rent_cut=0.3)), 12)  # S (1 - t) / W**2
    0.7
    """
    cost = cost_imposed(model)
    if cost <= 0:
        raise ValueError(
            "margin_loss_per_cost needs sanctions that impose a cost (revenue_cut > 0, or "
            f"rent_cut > 0 with private goods paid), got cost {cost!r}"
        )
    return (defection_margin(model.without_sanctions()) - defection_margin(model)) / cost


def _first_crossing(
    model_at: Callable[[float], SelectorateModel], breakpoints: Sequence[float]
) -> float | None:
    """Smallest x in [0, 1] at which the leader stops surviving, for a margin that is linear
    between the sorted breakpoints: the root on the first piece that ends below 0 (ties,
    up to :data:`MARGIN_TOLERANCE`, count as surviving). None if she always survives."""
    points = sorted({0.0, 1.0, *(b for b in breakpoints if 0.0 < b < 1.0)})
    if not survives(model_at(0.0)):
        return 0.0
    for lo, hi in zip(points[:-1], points[1:], strict=True):
        if not survives(model_at(hi)):
            m_lo, m_hi = defection_margin(model_at(lo)), defection_margin(model_at(hi))
            root = lo + (hi - lo) * max(m_lo, 0.0) / (max(m_lo, 0.0) - m_hi)
            return min(max(root, lo), hi)
    return None


def critical_revenue_cut(model: SelectorateModel) -> float | None:
    r"""The comprehensive sanctions size :math:`s^*` at which the leader falls.

    The model's own ``revenue_cut`` is ignored; its ``rent_cut`` is kept. With
    :math:`\alpha = 0` and no targeted sanctions,

    .. math:: s^* = \frac{S - W}{S - W + \rho W},

    so :math:`s^* = 1 - W/S` with full challenger relief, and no such size below 1 without
    any.

    Parameters
    ----------
    model : SelectorateModel

    Returns
    -------
    float or None
        In [0, 1]; 0 if the leader falls even without comprehensive sanctions; ``None`` if
        she survives every size (at :math:`s = 1` a tie counts as surviving).

    Examples
    --------
    >>> round(critical_revenue_cut(SelectorateModel(100, 10)), 12)
    0.9
    >>> critical_revenue_cut(SelectorateModel(100, 10, challenger_relief=0.0)) is None
    True
    """
    return _first_crossing(lambda s: model.replace(revenue_cut=s), [])


def critical_rent_cut(model: SelectorateModel) -> float | None:
    r"""The targeted sanctions size :math:`t^*` at which the leader falls.

    The model's own ``rent_cut`` is ignored; its ``revenue_cut`` is kept. The margin is
    piecewise linear in :math:`t`, with kinks where private goods stop being the better
    instrument (:math:`t = 1 - \alpha W` for the incumbent,
    :math:`t = (1 - \alpha S)/(1 - \rho)` for the challenger).

    Parameters
    ----------
    model : SelectorateModel

    Returns
    -------
    float or None
        As in :func:`critical_revenue_cut`.

    Examples
    --------
    >>> round(critical_rent_cut(SelectorateModel(100, 10)), 12)  # 1 - W/S
    0.9
    """
    a, w, s = model.public_value, model.winning_coalition, model.selectorate
    rho = model.challenger_relief
    kinks = [1.0 - a * w]
    if rho < 1.0:
        kinks.append((1.0 - a * s) / (1.0 - rho))
    return _first_crossing(lambda t: model.replace(rent_cut=t), kinks)


def critical_challenger_relief(model: SelectorateModel) -> float | None:
    r"""The smallest challenger relief :math:`\rho^*` that topples the leader.

    The model's own ``challenger_relief`` is ignored. The challenger's offer grows with
    :math:`\rho` (quadratically when both kinds of sanctions are on), so the margin falls;
    the root is found by bisection to within ``1e-12``.

    Parameters
    ----------
    model : SelectorateModel

    Returns
    -------
    float or None
        In [0, 1]; ``None`` if even full challenger relief leaves her in place. (It is never
        exactly 0 for a reason other than a tie: without relief both sides face the same
        sanctions and, as :math:`W \le S`, the incumbent always matches the challenger.)

    Examples
    --------
    With :math:`\alpha = 0`, :math:`t = 0`: :math:`m = R(1-s)/W - R(1 - (1-\rho)s)/S`, so
    :math:`\rho^* = (S(1 - s) - W(1 - s)) / (W s)`; for S = 100, W = 10, s = 0.95:
    4.5 / 9.5.

    >>> round(critical_challenger_relief(SelectorateModel(100, 10, revenue_cut=0.95)), 9)
    0.473684211
    >>> critical_challenger_relief(SelectorateModel(100, 10, revenue_cut=0.5)) is None
    True
    """

    def loyal(rho: float) -> bool:
        return survives(model.replace(challenger_relief=rho))

    if not loyal(0.0):
        return 0.0
    if loyal(1.0):
        return None
    lo, hi = 0.0, 1.0
    while hi - lo > 1e-12:
        mid = (lo + hi) / 2
        if loyal(mid):
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2
