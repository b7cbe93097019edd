"""Figures for lesson 4 (elite bargaining inside a targeted state).

Each function draws onto a given Axes and returns it; the panels the dashboard updates in
place are classes with ``artists`` and ``update`` (see :mod:`sanclab.dashboards`).

* :class:`FactionPowerBars` -- each faction's share of the weight and its voting power
  (Shapley-Shubik bars, Banzhaf diamonds), before and after sanctions;
* :class:`OfferBars` -- the incumbent's best offer and the challenger's promise to a
  coalition member, before and after sanctions (the gap is the defection margin);
* :class:`BudgetBars` -- how the incumbent splits revenue between public and private goods;
* :func:`plot_power_path` -- every faction's power against the size of one kind of
  sanctions, with the critical sizes marked;
* :func:`plot_weight_and_power` -- one faction's weight share and power against size;
* :func:`plot_budget_path` -- public and private goods against a revenue cut;
* :func:`plot_cost_comparison` -- defection margin lost per unit of cost imposed, targeted
  against comprehensive sanctions (the course's construction).

Examples
--------
>>> from matplotlib.figure import Figure
>>> from sanclab.plots.elite_bargaining import plot_power_path
>>> ax = plot_power_path(Figure().subplots(), kind="targeted")
>>> len(ax.get_lines()) >= 5
True
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np
import pandas as pd

from sanclab.models import (
    Allocation,
    SelectorateModel,
    allocation,
    critical_rent_cut,
    critical_revenue_cut,
    critical_sizes,
    margin_loss_per_cost,
    sanctioned_game,
    survives,
)
from sanclab.plots.style import GREY, LINESTYLES, MARKERS, PALETTE, apply_style, color

__all__ = [
    "BudgetBars",
    "FactionPowerBars",
    "OfferBars",
    "plot_budget_path",
    "plot_cost_comparison",
    "plot_power_path",
    "plot_weight_and_power",
    "power_path",
]

#: Fill of the "before sanctions" bars.
BEFORE = "#D9D9D9"
#: Index names accepted by the path functions, with their labels.
INDICES = {"shapley_shubik": "Shapley-Shubik", "banzhaf": "Banzhaf"}
_KIND_LABEL = {"targeted": "targeted sanctions t", "comprehensive": "comprehensive sanctions s"}


def _wrap(name: str, width: int = 15) -> str:
    return textwrap.fill(name, width)


def _mark_critical(ax: Any, sizes: Sequence[float]) -> None:
    """Thin black vertical lines (gid ``"critical"``) at the critical sizes."""
    for c in sizes:
        ax.axvline(c, color=PALETTE["black"], linestyle=(0, (1, 2)), linewidth=0.9,
                   gid="critical")


def _check_index(index: str) -> None:
    if index not in INDICES:
        raise ValueError(f"index must be one of {tuple(INDICES)}, got {index!r}")


def _check_kind(kind: str) -> None:
    if kind not in _KIND_LABEL:
        raise ValueError(f"kind must be 'targeted' or 'comprehensive', got {kind!r}")


# --------------------------------------------------------------------------------------------
# Dashboard panels (updated in place)
# --------------------------------------------------------------------------------------------


class FactionPowerBars:
    """Weight shares and voting power of each faction, before (grey) and after sanctions.

    The left Axes shows each faction's share of the total weight, the right one its
    Shapley-Shubik index as bars and its normalized Banzhaf index as diamonds (hollow
    before, filled after). Made once; :meth:`update` changes the bars in place.

    Parameters
    ----------
    ax_weight, ax_power : matplotlib.axes.Axes
        Two Axes side by side; the faction names are written on ``ax_weight`` only.
    names : sequence of str
        The factions, in the order of the tables passed to :meth:`update`.
    """

    def __init__(self, ax_weight: Any, ax_power: Any, names: Sequence[str]) -> None:
        n = len(names)
        self.names = list(names)
        y = np.arange(n)
        h = 0.38
        zeros = np.zeros(n)
        self.ax_weight, self.ax_power = ax_weight, ax_power
        self.weight_before = ax_weight.barh(y - h / 2, zeros, height=h, color=BEFORE,
                                            edgecolor="black", linewidth=0.5,
                                            label="before sanctions")
        self.weight_after = ax_weight.barh(y + h / 2, zeros, height=h, color=PALETTE["blue"],
                                           edgecolor="black", linewidth=0.5,
                                           label="after sanctions")
        self.power_before = ax_power.barh(y - h / 2, zeros, height=h, color=BEFORE,
                                          edgecolor="black", linewidth=0.5,
                                          label="Shapley-Shubik before")
        self.power_after = ax_power.barh(y + h / 2, zeros, height=h, color=PALETTE["orange"],
                                         edgecolor="black", linewidth=0.5,
                                         label="Shapley-Shubik after")
        (self.bz_before,) = ax_power.plot(zeros, y - h / 2, linestyle="none", marker="D",
                                          markersize=5, markerfacecolor="white",
                                          markeredgecolor="black", label="Banzhaf before")
        (self.bz_after,) = ax_power.plot(zeros, y + h / 2, linestyle="none", marker="D",
                                         markersize=5, color=PALETTE["vermillion"],
                                         markeredgecolor="black", label="Banzhaf after")
        self.labels = [
            ax_power.annotate("", (0.0, i + h / 2), xytext=(8, 0), textcoords="offset points",
                              va="center", fontsize=9)
            for i in range(n)
        ]
        ax_weight.set_yticks(y, [_wrap(name) for name in names])
        ax_power.set_yticks(y)
        ax_power.tick_params(labelleft=False)
        for ax in (ax_weight, ax_power):
            ax.set_ylim(n - 0.45, -0.55)
            ax.tick_params(labelsize=9)
        ax_weight.set_xlim(0, 0.5)
        ax_power.set_xlim(0, 0.62)
        apply_style(ax_weight, xlabel="share of the total weight")
        apply_style(ax_power, xlabel="bars: Shapley-Shubik, \u25c6: Banzhaf")
        ax_weight.set_title("Weight of each faction", fontsize=10, loc="left")
        ax_power.set_title("Voting power", fontsize=10, loc="left")
        ax_weight.legend(frameon=False, fontsize=9, loc="lower right")

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return [*self.weight_before, *self.weight_after, *self.power_before,
                *self.power_after, self.bz_before, self.bz_after, *self.labels]

    def update(self, table: pd.DataFrame) -> tuple[Any, Any]:
        """Show a :func:`sanclab.models.power_table`-style table; return the two Axes."""
        if list(table["name"]) != self.names:
            raise ValueError(f"table must list the factions {self.names}, "
                             f"got {list(table['name'])}")
        columns = {
            "share_before": self.weight_before, "share_after": self.weight_after,
            "ss_before": self.power_before, "ss_after": self.power_after,
        }
        for column, bars in columns.items():
            for bar, value in zip(bars, table[column], strict=True):
                bar.set_width(float(value))
        self.bz_before.set_xdata(table["bz_before"].to_numpy(dtype=float))
        self.bz_after.set_xdata(table["bz_after"].to_numpy(dtype=float))
        for label, ss, bz in zip(self.labels, table["ss_after"], table["bz_after"], strict=True):
            label.set_text(f"{ss:.3f}")
            label.xy = (max(float(ss), float(bz)), label.xy[1])
        return self.ax_weight, self.ax_power


class OfferBars:
    """What a coalition member is offered, before and after sanctions.

    Bars: the incumbent's best offer :math:`U_I` and the challenger's promise :math:`U_C`
    per member, drawn relative to the incumbent's best offer before sanctions (so the
    incumbent's bar before is 1 and, with no value on public goods, the challenger's is
    the loyalty norm :math:`W/S`) and labelled with their values. The gap between the two
    after-bars is the defection margin, given in the title with the verdict.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    """

    def __init__(self, ax: Any) -> None:
        self.ax = ax
        x = np.array([0.0, 1.0])
        w = 0.36
        self.incumbent = ax.bar(x - w / 2, [0.0, 0.0], width=w, color=PALETTE["blue"],
                                edgecolor="black", linewidth=0.5,
                                label="incumbent's best offer $U_I$")
        self.challenger = ax.bar(x + w / 2, [0.0, 0.0], width=w, color=PALETTE["sky"],
                                 edgecolor="black", linewidth=0.5, hatch="//",
                                 label="challenger's promise $U_C$")
        self.values = [ax.annotate("", (0.0, 0.0), xytext=(0, 2), textcoords="offset points",
                                   ha="center", va="bottom", fontsize=9) for _ in range(4)]
        ax.set_xticks(x, ["before", "after"])
        ax.set_xlim(-0.6, 1.6)
        ax.set_ylim(0, 1.35)
        ax.tick_params(labelsize=9)
        apply_style(ax, ylabel="offer per member\n(relative to $U_I$ before)")
        ax.legend(frameon=False, fontsize=9, loc="upper right")
        self.title = ax.set_title(" ", fontsize=10, loc="left")

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return [*self.incumbent, *self.challenger, *self.values, self.title]

    def update(self, before: tuple[float, float], after: tuple[float, float], *,
               survives: bool) -> Any:
        """Show ``(U_I, U_C)`` before and after; return the Axes."""
        unit = before[0]
        if not unit > 0:
            raise ValueError(f"the incumbent's offer before sanctions must be > 0, got {unit!r}")
        values = [(before[0], after[0]), (before[1], after[1])]
        bars = (self.incumbent, self.challenger)
        k = 0
        for group, pair in zip(bars, values, strict=True):
            for bar, value in zip(group, pair, strict=True):
                bar.set_height(value / unit)
                self.values[k].set_text(f"{value:.2f}")
                self.values[k].xy = (bar.get_x() + bar.get_width() / 2, value / unit)
                k += 1
        verdict = "leader survives" if survives else "leader falls"
        margin = round(after[0] - after[1], 9) + 0.0  # rounding noise never shows as -0.00
        self.title.set_text(f"Defection margin {margin:.2f}: {verdict}")
        return self.ax


class BudgetBars:
    """How the incumbent spends her revenue: private goods for the coalition (bottom) and
    public goods (top), before and after sanctions.

    When the leader cannot match the challenger the after-bar is hatched and labelled: in
    the model she then makes her best (losing) offer and the split no longer describes a
    stable allocation.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    revenue : float
        Revenue before sanctions (the y-axis runs to it).
    """

    def __init__(self, ax: Any, revenue: float = 100.0) -> None:
        self.ax = ax
        x = np.array([0.0, 1.0])
        self.private = ax.bar(x, [0.0, 0.0], width=0.55, color=PALETTE["vermillion"],
                              edgecolor="black", linewidth=0.5,
                              label="private goods (coalition)")
        self.public = ax.bar(x, [0.0, 0.0], width=0.55, bottom=[0.0, 0.0],
                             color=PALETTE["green"], edgecolor="black", linewidth=0.5,
                             label="public goods")
        self.values = [ax.annotate("", (0.0, 0.0), xytext=(4, 0), textcoords="offset points",
                                   ha="left", va="center", fontsize=9) for _ in range(4)]
        self.note = ax.annotate("", (1.0, 0.5 * revenue), ha="center", va="center",
                                fontsize=9, bbox={"boxstyle": "round", "fc": "white",
                                                  "ec": GREY})
        ax.set_xticks(x, ["before", "after"])
        ax.set_xlim(-0.5, 1.75)
        ax.set_ylim(0, 1.3 * revenue)
        ax.tick_params(labelsize=9)
        apply_style(ax, ylabel="spending (revenue before = 100)")
        ax.legend(frameon=False, fontsize=9, loc="upper right")
        self.title = ax.set_title(" ", fontsize=10, loc="left")

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return [*self.private, *self.public, *self.values, self.note, self.title]

    def update(self, before: Allocation, after: Allocation) -> Any:
        """Show the two allocations; return the Axes."""
        for i, split in enumerate((before, after)):
            self.private[i].set_height(split.private)
            self.public[i].set_y(split.private)
            self.public[i].set_height(split.public)
            stable = split.survives
            for bar in (self.private[i], self.public[i]):
                bar.set_hatch(None if stable else "xx")
                bar.set_alpha(1.0 if stable else 0.35)
            for k, (value, bottom) in enumerate(((split.private, 0.0),
                                                 (split.public, split.private))):
                label = self.values[2 * i + k]
                label.set_text(f"{value:.1f}" if stable else "")
                label.xy = (i + 0.275, bottom + value / 2)
        self.note.set_text("" if after.survives else "cannot match\nthe challenger")
        revenue = after.public + after.private
        self.title.set_text(f"Budget after: {revenue:.0f} (public {after.public:.1f})"
                            if after.survives else "Budget after: leader falls")
        return self.ax


# --------------------------------------------------------------------------------------------
# Static figures
# --------------------------------------------------------------------------------------------


def power_path(factions: pd.DataFrame | None = None, kind: str = "targeted",
               index: str = "shapley_shubik") -> tuple[list[Fraction], np.ndarray]:
    """Every faction's power on each stretch between consecutive critical sizes.

    Parameters
    ----------
    factions : pandas.DataFrame, optional
        A factions table; default the course's illustrative one.
    kind : {"targeted", "comprehensive"}
    index : {"shapley_shubik", "banzhaf"}

    Returns
    -------
    breaks : list of fractions.Fraction
        0, the critical sizes, and 1.
    power : numpy.ndarray
        Shape (number of stretches, factions): the index on ``(breaks[k], breaks[k + 1])``,
        computed at the stretch's midpoint (it is constant on the stretch).

    Examples
    --------
    >>> breaks, power = power_path(kind="targeted")
    >>> [str(b) for b in breaks]
    ['0', '20/153', '80/147', '40/51', '1']
    >>> power[:, 3].round(3).tolist()  # business elites
    [0.1, 0.067, 0.033, 0.0]
    """
    _check_kind(kind)
    _check_index(index)
    breaks = [Fraction(0), *critical_sizes(factions, kind), Fraction(1)]
    rows = []
    for lo, hi in zip(breaks[:-1], breaks[1:], strict=True):
        game = sanctioned_game(factions, kind, (lo + hi) / 2)
        rows.append(getattr(game, index)())
    return breaks, np.array(rows)


def plot_power_path(ax: Any, *, factions: pd.DataFrame | None = None, kind: str = "targeted",
                    index: str = "shapley_shubik", legend: bool = True, ylabel: bool = True,
                    title: str | None = None) -> Any:
    """Each faction's power against the size of one kind of sanctions.

    Power is a step function: it changes only at the critical sizes (dotted vertical
    lines), where some set of factions exactly meets the quota. Markers sit at the middle
    of each stretch, shifted a little per faction so that equal values stay visible.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    factions, kind, index
        As in :func:`power_path`.
    legend : bool
        Draw a legend of the factions (each faction's line is labelled, so a figure-level
        legend can be made from this Axes' handles instead).
    ylabel : bool
        Label the y-axis (off for a right-hand panel sharing it).
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    breaks, power = power_path(factions, kind, index)
    names = list(sanctioned_game(factions).names)
    x = np.array([float(b) for b in breaks])
    mids = (x[:-1] + x[1:]) / 2
    for i, name in enumerate(names):
        values = power[:, i]
        ax.step(x, [*values, values[-1]], where="post", color=color(i),
                linestyle=LINESTYLES[i % len(LINESTYLES)], linewidth=1.6)
        ax.plot(mids + (i - 2) * 0.012, values, linestyle="none", marker=MARKERS[i],
                color=color(i), markeredgecolor="black", markersize=6,
                label=name)
    _mark_critical(ax, x[1:-1])
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, 0.55)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.tick_params(labelsize=9)
    if legend:
        ax.legend(fontsize=9, loc="upper left", ncols=1)
    if title is None:
        title = f"{INDICES[index]} power, {_KIND_LABEL[kind].rsplit(' ', 1)[0]}"
    return apply_style(ax, title=title, xlabel=f"size of the {_KIND_LABEL[kind]}",
                       ylabel=f"{INDICES[index]} index" if ylabel else None)


def plot_weight_and_power(ax: Any, name: str, *, factions: pd.DataFrame | None = None,
                          kind: str = "targeted", legend: bool = True, ylabel: bool = True,
                          title: str | None = None) -> Any:
    """One faction's share of the weight (smooth line) and its power (steps) against size.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    name : str
        The faction, as named in the table.
    factions, kind
        As in :func:`power_path`.
    legend, ylabel : bool
        Draw the legend; label the y-axis.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    names = list(sanctioned_game(factions).names)
    if name not in names:
        raise ValueError(f"name must be one of the factions {names}, got {name!r}")
    i = names.index(name)
    sizes = np.linspace(0.0, 1.0, 101)[:-1]
    shares = []
    for s in sizes:
        weights = np.array([float(w) for w in sanctioned_game(factions, kind, float(s)).weights])
        shares.append(weights[i] / weights.sum())
    ax.plot(sizes, shares, color=PALETTE["blue"], linewidth=2, label="share of the weight")
    x = None
    for k, index in enumerate(INDICES):
        breaks, power = power_path(factions, kind, index)
        x = np.array([float(b) for b in breaks])
        ax.step(x, [*power[:, i], power[-1, i]], where="post",
                color=(PALETTE["orange"], PALETTE["black"])[k], linestyle=LINESTYLES[1 + k],
                linewidth=(2.0, 1.3)[k], label=f"{INDICES[index]} power")
    _mark_critical(ax, x[1:-1])
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.01, 0.4)
    ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.tick_params(labelsize=9)
    if legend:
        ax.legend(frameon=False, fontsize=9, loc="upper right")
    return apply_style(ax, title=title if title is not None else name,
                       xlabel=f"size of the {_KIND_LABEL[kind]}",
                       ylabel="weight share or power index" if ylabel else None)


def plot_budget_path(ax: Any, model: SelectorateModel, *, legend: bool = True,
                     ylabel: bool = True, title: str | None = None) -> Any:
    """Public and private goods against the revenue cut (comprehensive sanctions).

    The model's own ``revenue_cut`` is replaced by each size on the axis; its other
    parameters are kept. Where the leader can no longer match the challenger (beyond the
    critical cut, dotted line) the area is shaded and no split is drawn.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    model : SelectorateModel
    legend, ylabel : bool
        Draw the legend; label the y-axis.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    sizes = np.linspace(0.0, 1.0, 401)
    public, private = [], []
    for s in sizes:
        m = model.replace(revenue_cut=float(s))
        split = allocation(m)
        public.append(split.public if split.survives else np.nan)
        private.append(split.private if split.survives else np.nan)
    ax.plot(sizes, public, color=PALETTE["green"], linewidth=2, label="public goods")
    ax.plot(sizes, private, color=PALETTE["vermillion"], linewidth=2, linestyle="--",
            label="private goods (coalition)")
    critical = critical_revenue_cut(model)
    if critical is not None:
        ax.axvspan(critical, 1.0, color=GREY, alpha=0.35, linewidth=0, label="leader falls")
        ax.axvline(critical, color=PALETTE["black"], linestyle=":", linewidth=1)
        ax.annotate(f"$s^*$ = {critical:.2f}", (critical, 0.55 * model.revenue),
                    xytext=(4, 0), textcoords="offset points", ha="left", fontsize=9,
                    bbox={"boxstyle": "round", "fc": "white", "ec": GREY})
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.05 * model.revenue)
    ax.tick_params(labelsize=9)
    if legend:
        ax.legend(fontsize=9, loc="upper right", framealpha=1)
    if title is None:
        title = (f"W/S = {model.winning_coalition}/{model.selectorate}, "
                 f"challenger relief {model.challenger_relief:g}")
    return apply_style(ax, title=title, xlabel="revenue cut s (comprehensive sanctions)",
                       ylabel="spending (revenue before = 100)" if ylabel else None)


def plot_cost_comparison(ax: Any, model: SelectorateModel, *,
                         title: str | None = None) -> Any:
    """Defection margin lost per unit of cost imposed, targeted against comprehensive.

    For each size on the axis, comprehensive sanctions cut revenue by that share and
    targeted sanctions destroy that share of the private goods' value (each alone; the
    model's own sanctions are replaced). Curves stop where the leader falls. This
    comparison is the course's construction (:func:`sanclab.models.margin_loss_per_cost`),
    not a published finding.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    model : SelectorateModel
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    base = model.without_sanctions()
    sizes = np.linspace(0.0, 1.0, 401)[1:]
    curves = {"targeted (rents)": [], "comprehensive (revenue)": []}
    for x in sizes:
        for label, m in (("targeted (rents)", base.replace(rent_cut=float(x))),
                         ("comprehensive (revenue)", base.replace(revenue_cut=float(x)))):
            curves[label].append(margin_loss_per_cost(m) if survives(m) else np.nan)
    for k, (label, values) in enumerate(curves.items()):
        ax.plot(sizes, values, color=color(k), linestyle=LINESTYLES[k], linewidth=2,
                label=label)
    critical = critical_rent_cut(base)
    if critical is not None:
        ax.axvline(critical, color=PALETTE["black"], linestyle=":", linewidth=1)
        ax.annotate(f"leader falls at $t^*$ = {critical:.2f}", (critical, 0.6), xytext=(-4, 0),
                    textcoords="offset points", ha="right", fontsize=9,
                    xycoords=("data", "axes fraction"))
    ax.set_xlim(0, 1)
    ax.set_ylim(bottom=0)
    ax.tick_params(labelsize=9)
    ax.legend(frameon=False, fontsize=9, loc="upper right")
    if title is None:
        title = f"Per unit of cost, W = {model.winning_coalition}, S = {model.selectorate}"
    return apply_style(ax, title=title, xlabel="size of the sanctions (t or s)",
                       ylabel="margin lost per unit of cost")
