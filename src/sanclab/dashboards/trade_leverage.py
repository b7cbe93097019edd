r"""Lesson 5's dashboard (negotiating leverage in trade talks): the split and where threats end.

The protocol every dashboard follows is described in :mod:`sanclab.dashboards`.

Five sliders set one illustrative dispute. The top panel shows the split of a trade deal's
surplus between the sender and the target in two bargaining models (Nash's split with
fallbacks, without and with a sanctions threat; Rubinstein's alternating offers, without and
with sanctions in force during the talks). The bottom panel shows where a population of
threat episodes like this one ends (:class:`~sanclab.models.ThreatPopulation`).

How the sliders enter the models (everything else is fixed at the illustrative defaults of
:class:`~sanclab.models.TradeTalks` and :class:`~sanclab.models.ThreatPopulation`):

=========================  ==============================================================
slider                     enters
=========================  ==============================================================
credibility :math:`q`      the Nash fallbacks (:math:`q` weights the threatened costs) and
                           the share :math:`p = q` of resolved senders among the threats
target's cost :math:`C_T`  the target's threatened fallback, and the median stand-off cost
                           of the population's targets, :math:`m_T = C_T\,E(s, 0)`
sender's cost :math:`C_S`  the sender's threatened fallback only (in the population a
                           sender's resolve is drawn with probability :math:`q`)
coverage :math:`s`         :math:`E(s, 0) = s` scales the target's threatened cost, the
                           bite of sanctions in force and :math:`m_T`
patience :math:`\delta_T`  the target's discount factor in alternating offers only
=========================  ==============================================================

The population's median cost of conceding is fixed at :data:`EPISODE_CONCESSION_COST`, so
at the default sliders (:math:`C_T = 0.5`, :math:`s = 0.8`, :math:`m_T = 0.4`) the ratio of
medians is 0.6 and the population is :class:`~sanclab.models.ThreatPopulation`'s default.
Linking the two models through :math:`C_T E(s, 0)` and :math:`q` is this course's
construction, as are all the numbers.

Examples
--------
>>> from sanclab.dashboards.trade_leverage import dashboard
>>> dash = dashboard()
>>> [control.name for control in dash.controls]
['credibility', 'target_cost', 'sender_cost', 'coverage', 'target_discount']
>>> print(dash.readout_text)
Sender's share, Nash: 0.45 without the threat, 0.54 with it
Sender's share, alternating offers: 0.53 without sanctions, 0.70 with sanctions in force
Threats end: 37% concession at the threat, 12% after imposition, 25% sender backs down, 26% deadlock
Concessions: 49% of all threats, 32% of imposed sanctions; 75% come at the threat stage
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from sanclab.models import ThreatPopulation, ThreatShares, TradeTalks
from sanclab.widgets import Control, Dashboard

__all__ = [
    "BASE_POPULATION",
    "BASE_TALKS",
    "EPISODE_CONCESSION_COST",
    "SPLIT_LABELS",
    "TradeLeverageView",
    "dashboard",
    "trade_leverage_view",
]

#: The talks the sliders modify (fallbacks 0.2 and 0.3, sender's patience 0.9, target's bite
#: 0.125 at full coverage, no sender bite, no diversion): illustrative.
BASE_TALKS = TradeTalks(credibility=0.6)

#: The threat population the sliders modify (sunk share 0.3, cost spread 0.6): illustrative.
BASE_POPULATION = ThreatPopulation(credibility=0.6)

#: Median cost of conceding in the dashboard's threat population (illustrative): with the
#: default sliders the median stand-off cost is 0.5 * 0.8 = 0.4 and the ratio 0.24 / 0.4 = 0.6
#: is that of :class:`~sanclab.models.ThreatPopulation`'s defaults.
EPISODE_CONCESSION_COST = 0.24

#: Labels of the split panel's bars, top to bottom.
SPLIT_LABELS = ("Nash: no threat", "Nash: threat", "Alternating offers:\nno sanctions",
                "Alternating offers:\nsanctions in force")


@dataclass(frozen=True)
class TradeLeverageView:
    """Everything lesson 5's dashboard shows for one setting of its sliders.

    Attributes
    ----------
    talks : TradeTalks
        The talks at this setting.
    population : ThreatPopulation
        The threat population at this setting.
    nash_no_threat, nash_threat : float
        The sender's Nash share without and with the threat.
    rubinstein_no_sanctions, rubinstein_sanctions : float
        The sender's alternating-offers share without and with sanctions in force.
    shares : ThreatShares
        Where the population's threats end (exact shares).
    """

    talks: TradeTalks
    population: ThreatPopulation
    nash_no_threat: float
    nash_threat: float
    rubinstein_no_sanctions: float
    rubinstein_sanctions: float
    shares: ThreatShares

    @property
    def splits(self) -> tuple[float, float, float, float]:
        """The sender's four shares, in the order of :data:`SPLIT_LABELS`."""
        return (self.nash_no_threat, self.nash_threat, self.rubinstein_no_sanctions,
                self.rubinstein_sanctions)

    @property
    def unclipped_nash_threat(self) -> float:
        """Nash's formula :math:`(1 + d_S - d_T) / 2` before it is held in [0, 1]."""
        sender, target = self.talks.fallbacks()
        return (1.0 + sender - target) / 2.0


def trade_leverage_view(credibility: float, target_cost: float, sender_cost: float,
                        coverage: float, target_discount: float) -> TradeLeverageView:
    r"""Compute lesson 5's models for one setting of the dashboard's sliders.

    Parameters
    ----------
    credibility : float
        :math:`q`, in [0, 1]: the probability the target gives to sanctions being imposed
        if talks fail, and the share of resolved senders in the population.
    target_cost : float
        :math:`C_T` > 0, the target's loss from sanctions covering all its trade.
    sender_cost : float
        :math:`C_S` >= 0, the sender's loss from imposing them.
    coverage : float
        :math:`s`, in (0, 1]: share of the target's trade held by the sanctioning coalition.
    target_discount : float
        :math:`\delta_T`, in [0, 1): the target's patience without sanctions.

    Returns
    -------
    TradeLeverageView

    Raises
    ------
    ValueError
        If a value is out of range (``target_cost`` and ``coverage`` must be positive: the
        population's targets need a positive stand-off cost).

    Examples
    --------
    >>> view = trade_leverage_view(0.6, 0.5, 0.1, 0.8, 0.9)
    >>> [round(x, 4) for x in view.splits]
    [0.45, 0.54, 0.5263, 0.7011]
    >>> shares, default = view.shares, ThreatPopulation().shares()
    >>> round(shares.deadlock, 12) == round(default.deadlock, 12)
    True
    """
    talks = replace(BASE_TALKS, credibility=credibility, target_cost=target_cost,
                    sender_cost=sender_cost, coverage=coverage,
                    target_discount=target_discount)
    if talks.target_cost <= 0.0 or talks.coverage <= 0.0:
        raise ValueError(f"target_cost and coverage must be > 0 for the threat population, "
                         f"got target_cost={talks.target_cost!r}, coverage={talks.coverage!r}")
    population = BASE_POPULATION.replace(
        credibility=talks.credibility,
        target_cost=talks.target_cost * talks.effectiveness,
        concession_cost=EPISODE_CONCESSION_COST,
    )
    return TradeLeverageView(
        talks=talks,
        population=population,
        nash_no_threat=talks.nash_share(threat=False),
        nash_threat=talks.nash_share(threat=True),
        rubinstein_no_sanctions=talks.rubinstein_share(sanctions=False),
        rubinstein_sanctions=talks.rubinstein_share(sanctions=True),
        shares=population.shares(),
    )


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def split_title(view: TradeLeverageView) -> str:
    """Title of the split panel: what the threat does to the sender's Nash share.

    Examples
    --------
    >>> split_title(trade_leverage_view(0.6, 0.5, 0.5, 0.8, 0.9))
    "The threat lowers the sender's Nash share from 0.45 to 0.42: it hurts the sender more"
    """
    before, after = round(view.nash_no_threat, 2), round(view.nash_threat, 2)
    if after > before:
        return f"The threat raises the sender's Nash share from {before:.2f} to {after:.2f}"
    if after < before:
        return (f"The threat lowers the sender's Nash share from {before:.2f} to {after:.2f}: "
                "it hurts the sender more")
    return f"The threat leaves the sender's Nash share at {before:.2f}"


def _readout(view: TradeLeverageView) -> str:
    shares = view.shares
    lines = [
        (f"Sender's share, Nash: {view.nash_no_threat:.2f} without the threat, "
         f"{view.nash_threat:.2f} with it"),
        (f"Sender's share, alternating offers: {view.rubinstein_no_sanctions:.2f} without "
         f"sanctions, {view.rubinstein_sanctions:.2f} with sanctions in force"),
        (f"Threats end: {_pct(shares.concession_at_threat)} concession at the threat, "
         f"{_pct(shares.concession_after_imposition)} after imposition, "
         f"{_pct(shares.sender_backs_down)} sender backs down, "
         f"{_pct(shares.deadlock)} deadlock"),
    ]
    if shares.imposed > 0.0:
        imposed = f"{_pct(shares.success_rate_imposed)} of imposed sanctions"
    else:
        imposed = "no sanctions imposed"
    stage = ("" if shares.success_rate_all < 0.005 else
             f"; {_pct(shares.threat_stage_share)} come at the threat stage")
    lines.append(f"Concessions: {_pct(shares.success_rate_all)} of all threats, {imposed}{stage}")
    raw = view.unclipped_nash_threat
    if raw >= 1.0:
        lines.append("The target's fallback is so low that the sender takes the whole "
                     "surplus (Nash's formula gives "
                     f"{raw:.2f}; the share cannot exceed 1)")
    elif raw <= 0.0:
        lines.append("The threat costs the sender so much that the target takes the whole "
                     f"surplus (Nash's formula gives {raw:.2f}; the share cannot fall below 0)")
    return "\n".join(lines)


class _TradeLeverageFigure:
    """Lesson 5's two panels, built on first use and then updated in place."""

    def __init__(self) -> None:
        self.panels: tuple[Any, Any] | None = None

    def __call__(self, fig: Any, view: TradeLeverageView) -> list[Any]:
        from sanclab.plots.trade_leverage import EpisodeBars, SplitBars

        if self.panels is None:
            top, bottom = fig.subplots(2, 1, height_ratios=(1.6, 1.0))
            self.panels = (SplitBars(top, SPLIT_LABELS), EpisodeBars(bottom))
        split, episodes = self.panels
        split.update(view.splits, title=split_title(view))
        episodes.update(view.shares)
        return [*split.artists, *episodes.artists]


def dashboard(*, credibility: float = 0.6, target_cost: float = 0.5, sender_cost: float = 0.1,
              coverage: float = 0.8, target_discount: float = 0.9) -> Dashboard:
    """Lesson 5's dashboard: the split of a trade deal and where threat episodes end.

    Sliders: the threat's credibility, the target's and the sender's cost of sanctions,
    the coalition's coverage of the target's trade and the target's patience. Numbers are
    illustrative.

    The published book stores this dashboard's figures with the default
    :class:`~sanclab.widgets.BookPlan` (lines and a grid of the ``book_values``; see
    :mod:`sanclab.dashboards`).

    Returns
    -------
    Dashboard
    """
    controls = [
        Control("credibility", "Threat credibility q (chance sanctions follow failed talks)",
                0.0, 1.0, 0.05, credibility, book_values=(0.25, 0.6, 1.0)),
        Control("target_cost", "Target's cost of sanctions C_T (deal's surplus = 1)",
                0.1, 1.5, 0.1, target_cost, book_values=(0.5, 1.2)),
        Control("sender_cost", "Sender's cost of sanctions C_S (deal's surplus = 1)",
                0.0, 1.5, 0.1, sender_cost, book_values=(0.1, 0.8)),
        Control("coverage", "Coalition breadth s (coverage: share of target's trade)",
                0.1, 1.0, 0.1, coverage, book_values=(0.3, 0.8)),
        Control("target_discount", "Target's patience δ_T (discount factor per round)",
                0.5, 0.95, 0.05, target_discount, book_values=(0.75, 0.9)),
    ]
    return Dashboard(
        controls,
        trade_leverage_view,
        _TradeLeverageFigure(),
        _readout,
        title="Trade talks under a sanctions threat: the split and where threats end",
        figsize=(7.5, 5.2),
        figure_description=(
            "Top: four bars, each splitting a trade deal's surplus of 1 between the sender "
            "(left part, blue) and the target (right part, orange, hatched), with the shares "
            "written on them and a dotted line at the equal split: Nash's split without and "
            "with the sanctions threat, and alternating offers without and with sanctions in "
            "force. Bottom: where a population of threat episodes ends. The first bar splits "
            "all threats into concessions at the threat, concessions after imposition, the "
            "sender backing down and deadlock; the second bar splits only the imposed "
            "sanctions into concessions and deadlock."
        ),
    )
