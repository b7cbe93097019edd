"""Lesson 4's dashboard (elite bargaining): power among factions and the leader's survival.

Two of the course's models, driven by the same two sanctions sliders (the protocol every
dashboard follows is described in :mod:`sanclab.dashboards`):

* the factions' weighted voting game (:func:`sanclab.models.combined_game`): targeted
  sanctions of size :math:`t` cut the business elites' weight, comprehensive sanctions of
  size :math:`s` cut every faction's weight by its exposure;
* the selectorate model (:class:`sanclab.models.SelectorateModel`, revenue 100, no value on
  public goods): the same :math:`t` destroys that share of the value of the coalition's
  private goods (``rent_cut``), the same :math:`s` that share of revenue
  (``revenue_cut``).

Feeding one slider into both models is a presentation choice, not a claim of either model.
All numbers are illustrative.

Examples
--------
>>> from sanclab.dashboards.elite_bargaining import dashboard
>>> dash = dashboard()
>>> [control.name for control in dash.controls]
['targeted', 'comprehensive', 'winning_coalition', 'selectorate', 'challenger_relief']
>>> print(dash.readout_text)  # doctest: +NORMALIZE_WHITESPACE
Factions: power (Shapley-Shubik) changed for 0 of 5; minimal winning coalitions 6 -> 6
Leader: defection margin 9.00 -> 8.00 per member: survives (best offer 9.00,
challenger 1.00); public 88.9, private 11.1
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from sanclab.models import (
    Allocation,
    SelectorateModel,
    allocation,
    challenger_offer,
    combined_game,
    combined_power_table,
    faction_game,
    incumbent_best_offer,
)
from sanclab.widgets import Control, Dashboard

__all__ = ["EliteView", "dashboard", "elite_view"]

#: Revenue before sanctions in the dashboard's selectorate model.
REVENUE = 100.0


@dataclass(frozen=True)
class EliteView:
    """Everything lesson 4's dashboard shows for one setting of its sliders.

    Attributes
    ----------
    targeted, comprehensive, winning_coalition, selectorate, challenger_relief
        The sliders' values.
    table : pandas.DataFrame
        :func:`sanclab.models.combined_power_table`: weights, shares and both indices of
        every faction, before and after.
    coalitions_before, coalitions_after : tuple of tuple of str
        Minimal winning coalitions of factions, without and with the sanctions.
    model : SelectorateModel
        The selectorate model with the sanctions.
    offer_before, offer_after : tuple of float
        ``(U_I, U_C)``: the incumbent's best offer and the challenger's promise per member.
    allocation_before, allocation_after : Allocation
        The incumbent's public/private split without and with the sanctions.
    """

    targeted: float
    comprehensive: float
    winning_coalition: int
    selectorate: int
    challenger_relief: float
    table: pd.DataFrame
    coalitions_before: tuple[tuple[str, ...], ...]
    coalitions_after: tuple[tuple[str, ...], ...]
    model: SelectorateModel
    offer_before: tuple[float, float]
    offer_after: tuple[float, float]
    allocation_before: Allocation
    allocation_after: Allocation

    @property
    def margin_before(self) -> float:
        """Defection margin without sanctions."""
        return self.offer_before[0] - self.offer_before[1]

    @property
    def margin_after(self) -> float:
        """Defection margin with the sanctions."""
        return self.offer_after[0] - self.offer_after[1]

    @property
    def survives(self) -> bool:
        """Whether the leader survives the sanctions."""
        return self.allocation_after.survives

    @property
    def power_changed(self) -> list[str]:
        """Factions whose Shapley-Shubik index moved (beyond 1e-12)."""
        moved = (self.table["ss_after"] - self.table["ss_before"]).abs() > 1e-12
        return self.table.loc[moved, "name"].tolist()


def elite_view(targeted: float, comprehensive: float, winning_coalition: int,
               selectorate: int, challenger_relief: float) -> EliteView:
    """Compute lesson 4's two models for one setting of the dashboard's sliders.

    Parameters
    ----------
    targeted : float
        :math:`t` in [0, 1]: the business elites' weight is cut by this share, and so is the
        value of the coalition's private goods.
    comprehensive : float
        :math:`s` in [0, 1]: every faction's weight is cut by :math:`s` times its
        exposure, and revenue by the share :math:`s`.
    winning_coalition : int
        :math:`W`, in [1, ``selectorate``].
    selectorate : int
        :math:`S`, at least 1.
    challenger_relief : float
        :math:`\\rho` in [0, 1]: the share of the sanctions a challenger can credibly
        promise will be lifted once he rules.

    Returns
    -------
    EliteView

    Examples
    --------
    >>> view = elite_view(0.0, 0.95, 10, 100, 1.0)
    >>> view.survives, round(view.margin_after, 2)
    (False, -0.5)
    """
    game = combined_game(targeted=targeted, comprehensive=comprehensive)
    model = SelectorateModel(selectorate, winning_coalition, revenue=REVENUE,
                             revenue_cut=comprehensive, rent_cut=targeted,
                             challenger_relief=challenger_relief)
    base = model.without_sanctions()
    return EliteView(
        targeted=targeted,
        comprehensive=comprehensive,
        winning_coalition=winning_coalition,
        selectorate=selectorate,
        challenger_relief=challenger_relief,
        table=combined_power_table(targeted=targeted, comprehensive=comprehensive),
        coalitions_before=tuple(faction_game().minimal_winning_coalitions()),
        coalitions_after=tuple(game.minimal_winning_coalitions()),
        model=model,
        offer_before=(incumbent_best_offer(base), challenger_offer(base)),
        offer_after=(incumbent_best_offer(model), challenger_offer(model)),
        allocation_before=allocation(base),
        allocation_after=allocation(model),
    )


def _number(x: float) -> str:
    """Two decimals, with rounding noise around 0 shown as 0.00 (never -0.00)."""
    return f"{round(x, 9) + 0.0:.2f}"


def _elite_readout(view: EliteView) -> str:
    changed = len(view.power_changed)
    line1 = (f"Factions: power (Shapley-Shubik) changed for {changed} of {len(view.table)}; "
             f"minimal winning coalitions {len(view.coalitions_before)} -> "
             f"{len(view.coalitions_after)}")
    best, rival = view.offer_after
    verdict = "survives" if view.survives else "falls"
    line2 = (f"Leader: defection margin {_number(view.margin_before)} -> "
             f"{_number(view.margin_after)} per member: {verdict} (best offer {_number(best)}, "
             f"challenger {_number(rival)})")
    if view.survives:
        split = view.allocation_after
        line2 += f"; public {split.public:.1f}, private {split.private:.1f}"
    return f"{line1}\n{line2}"


class _EliteFigure:
    """Lesson 4's four panels, built on first use and then updated in place."""

    def __init__(self) -> None:
        self.panels: tuple[Any, Any, Any] | None = None

    def __call__(self, fig: Any, view: EliteView) -> list[Any]:
        from sanclab.plots.elite_bargaining import BudgetBars, FactionPowerBars, OfferBars

        if self.panels is None:
            grid = fig.add_gridspec(2, 2, height_ratios=(1.25, 1))
            weight = fig.add_subplot(grid[0, 0])
            power = fig.add_subplot(grid[0, 1])
            offers = fig.add_subplot(grid[1, 0])
            budget = fig.add_subplot(grid[1, 1])
            self.panels = (FactionPowerBars(weight, power, list(view.table["name"])),
                           OfferBars(offers), BudgetBars(budget, REVENUE))
        factions, offers, budget = self.panels
        factions.update(view.table)
        offers.update(view.offer_before, view.offer_after, survives=view.survives)
        budget.update(view.allocation_before, view.allocation_after)
        return [*factions.artists, *offers.artists, *budget.artists]


def dashboard(*, targeted: float = 0.1, comprehensive: float = 0.0,
              winning_coalition: int = 10, selectorate: int = 100,
              challenger_relief: float = 1.0) -> Dashboard:
    """Lesson 4's dashboard: sanctions, the factions' power and the leader's survival.

    Sliders: the size of targeted and of comprehensive sanctions, the winning coalition
    :math:`W`, the selectorate :math:`S` and the sanctions relief a challenger can promise.
    Numbers are illustrative.

    The published book stores this dashboard's figures with the default
    :class:`~sanclab.widgets.BookPlan` (lines and a grid of the ``book_values``; see
    :mod:`sanclab.dashboards`).

    Returns
    -------
    Dashboard
    """
    controls = [
        Control("targeted", "Targeted sanctions t (business elites, rents)", 0.0, 1.0, 0.05,
                targeted, book_values=(0.0, 0.1, 0.5)),
        Control("comprehensive", "Comprehensive sanctions s (revenue, by exposure)", 0.0,
                1.0, 0.05, comprehensive, book_values=(0.0, 0.5, 0.9)),
        Control("winning_coalition", "Winning coalition W (supporters needed)", 5, 100, 5,
                winning_coalition, integer=True, book_values=(10, 30)),
        Control("selectorate", "Selectorate S (who can choose the leader)", 100, 1000, 100,
                selectorate, integer=True, book_values=(100, 600)),
        Control("challenger_relief", "Challenger relief \u03c1 (share lifted after a change)",
                0.0, 1.0, 0.1, challenger_relief, book_values=(0.5, 1.0)),
    ]
    return Dashboard(
        controls,
        elite_view,
        _EliteFigure(),
        _elite_readout,
        title="Sanctions inside the regime: the factions' power and the leader's survival",
        figsize=(7.5, 6.6),
        figure_description=(
            "Top: for each of five factions, its share of the weight (left) and its voting "
            "power (right: Shapley-Shubik bars, Banzhaf diamonds), grey before and coloured "
            "after the sanctions. Bottom left: the incumbent's best offer to a coalition "
            "member and the challenger's promise, before and after, in units of the "
            "incumbent's offer before sanctions; the gap is the defection margin. Bottom "
            "right: the incumbent's spending on private goods for the coalition and on "
            "public goods, before and after, hatched when the leader cannot match the "
            "challenger."
        ),
    )
