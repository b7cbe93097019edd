"""Figures for lesson 3 (phased reintroduction under noisy verification).

Each function draws onto a given Axes and returns it; the panels of the dashboard are classes
made once per Axes whose ``update`` changes their artists in place (for blitting). The
numbers come from :mod:`sanclab.models.snapback` and :mod:`sanclab.models.compliance`; the
functions here only draw them.

The model's words are used, never the reading's: a *flag* is what the imperfect monitor
reports, a *false alarm* a flag on a compliant period, and "all at once" is the model's
permanent reimposition, not the reading's "snapback".

Examples
--------
>>> from matplotlib.figure import Figure
>>> from sanclab.models import AllAtOnce, ComplianceGame, false_alarm_table
>>> from sanclab.plots.snapback import plot_thresholds
>>> table = false_alarm_table({"all at once": AllAtOnce(4)}, ComplianceGame(), [0.0, 0.1])
>>> ax = plot_thresholds(Figure().subplots(), table)
>>> [line.get_label() for line in ax.get_lines()]  # the point at alpha = 0, then the curve
['_all at once at α = 0', 'all at once']
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from sanclab.models.compliance import DETERRED_ONLY, NOT_DETERRED, SUSTAINED
from sanclab.plots.style import GREY, LINESTYLES, MARKERS, PALETTE, apply_style, color

__all__ = [
    "POLICY_COLORS",
    "ComplianceRegion",
    "LevelBars",
    "LevelPaths",
    "REGION_COLORS",
    "plot_compliant_levels",
    "plot_false_alarm_statics",
    "plot_ladder_statics",
    "plot_thresholds",
    "policy_color",
]

#: One colour per policy name, shared by the dashboard and the static figures.
POLICY_COLORS: dict[str, str] = {
    "all at once": PALETTE["vermillion"],
    "ladder": PALETTE["blue"],
    "generous tit for tat": PALETTE["green"],
    "tit for tat": PALETTE["orange"],
    "quick ladder (m = 1)": PALETTE["purple"],
}
_STYLES = {"all at once": "--", "ladder": "-", "generous tit for tat": "-.",
           "tit for tat": ":", "quick ladder (m = 1)": "-"}
_MARKERS = {"all at once": "s", "ladder": "o", "generous tit for tat": "^",
            "tit for tat": "D", "quick ladder (m = 1)": "v"}

#: Fill colours of the compliance region: not deterred, deterred only, sustained.
REGION_COLORS: dict[int, str] = {
    NOT_DETERRED: "#FFFFFF",
    DETERRED_ONLY: PALETTE["sky"],
    SUSTAINED: PALETTE["blue"],
}


def policy_color(name: str, index: int = 0) -> str:
    """The colour of a policy by name (another colour of the cycle for an unknown name).

    Examples
    --------
    >>> policy_color("ladder") == PALETTE["blue"]
    True
    >>> policy_color("something else", 2) == color(2)
    True
    """
    return POLICY_COLORS.get(name, color(index))


def _style(name: str, index: int) -> dict[str, Any]:
    return {
        "color": policy_color(name, index),
        "linestyle": _STYLES.get(name, LINESTYLES[index % len(LINESTYLES)]),
        "marker": _MARKERS.get(name, MARKERS[index % len(MARKERS)]),
    }


def _finite(values: Sequence[float]) -> np.ndarray:
    """Infinite thresholds ("no patience is enough") as gaps in a line."""
    out = np.asarray(values, dtype=float).copy()
    out[~np.isfinite(out)] = np.nan
    return out


class LevelPaths:
    """Expected sanction level period by period, one line per policy (compliant target).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    names : sequence of str
        The policies, in the order of the rows given to :meth:`update`.
    periods : int
        Number of periods drawn (0 to ``periods - 1``).
    ceiling : int
        The highest sanction level (sets the vertical range).
    legend : bool, default True
        Draw a legend of the policies on ``ax`` (the lines are in :attr:`lines` for a
        legend elsewhere).
    """

    def __init__(self, ax: Any, names: Sequence[str], periods: int, ceiling: int, *,
                 legend: bool = True) -> None:
        self.ax = ax
        self.names = tuple(names)
        t = np.arange(periods)
        self.lines = []
        for i, name in enumerate(self.names):
            style = _style(name, i)
            (line,) = ax.plot(t, np.zeros(periods), color=style["color"],
                              linestyle=style["linestyle"], linewidth=2, label=name)
            self.lines.append(line)
        ax.set_xlim(0, periods - 1)
        ax.set_ylim(-0.1, ceiling + 0.2)
        if legend:
            ax.legend(frameon=False, fontsize=9, loc="center right")
        apply_style(ax, title="Expected level, compliant target", xlabel="period",
                    ylabel="sanction level")

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return list(self.lines)

    def update(self, paths: np.ndarray) -> Any:
        """Show ``paths`` (one row per policy); return the Axes."""
        paths = np.asarray(paths, dtype=float)
        if paths.shape[0] != len(self.lines):
            raise ValueError(f"paths must have one row per policy ({len(self.lines)}), "
                             f"got {paths.shape[0]}")
        for line, path in zip(self.lines, paths, strict=True):
            line.set_ydata(path)
        return self.ax


class LevelBars:
    """Long-run share of periods at each sanction level, grouped bars per policy.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    names : sequence of str
        The policies, in the order of the rows given to :meth:`update`.
    ceiling : int
        The highest level: bars for levels 0 to ``ceiling``.
    """

    def __init__(self, ax: Any, names: Sequence[str], ceiling: int) -> None:
        self.ax = ax
        self.names = tuple(names)
        levels = np.arange(ceiling + 1)
        width = 0.8 / len(self.names)
        self.bars = []
        for i, name in enumerate(self.names):
            offset = (i - (len(self.names) - 1) / 2) * width
            bars = ax.bar(levels + offset, np.zeros(levels.size), width=width,
                          color=policy_color(name, i), edgecolor="black", linewidth=0.5,
                          hatch=("//" if i == 0 else None), label=name)
            self.bars.append(bars)
        ax.set_xticks(levels)
        ax.set_ylim(0, 1.05)
        apply_style(ax, title="Long run, compliant target", xlabel="sanction level",
                    ylabel="share of periods")

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return [bar for group in self.bars for bar in group]

    def update(self, distributions: np.ndarray) -> Any:
        """Show ``distributions`` (one row per policy, shares of levels); return the Axes."""
        distributions = np.asarray(distributions, dtype=float)
        if distributions.shape != (len(self.bars), len(self.bars[0])):
            raise ValueError(f"distributions must have shape "
                             f"{(len(self.bars), len(self.bars[0]))}, got {distributions.shape}")
        for group, shares in zip(self.bars, distributions, strict=True):
            for bar, share in zip(group, shares, strict=True):
                bar.set_height(share)
        return self.ax


class ComplianceRegion:
    """Where the target complies under the ladder, with two other policies' thresholds.

    The background shows, for each false-alarm rate (x) and discount factor (y), whether
    the target is not deterred (white), deterred in relief only (light) or keeps complying
    at every level false alarms can push it to (dark): the codes of
    :func:`~sanclab.models.compliance_map`. Two lines give the smallest discount factor
    that deters under two other policies; a marker shows the current setting.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    false_alarms, discounts : sequence of float
        The evenly spaced grid of the codes (columns: false alarms, rows: discounts).
    line_names : sequence of str
        The policies whose thresholds are drawn as lines.
    legend : bool, default True
        Draw the legend on ``ax`` (its entries are in :attr:`handles` and
        :attr:`line_handles` for a legend elsewhere).
    """

    def __init__(self, ax: Any, false_alarms: Sequence[float], discounts: Sequence[float],
                 line_names: Sequence[str], *, legend: bool = True) -> None:
        from matplotlib.colors import BoundaryNorm, ListedColormap
        from matplotlib.lines import Line2D
        from matplotlib.patches import Patch

        self.ax = ax
        self.false_alarms = np.asarray(false_alarms, dtype=float)
        self.discounts = np.asarray(discounts, dtype=float)
        da = self.false_alarms[1] - self.false_alarms[0]
        dd = self.discounts[1] - self.discounts[0]
        extent = (self.false_alarms[0] - da / 2, self.false_alarms[-1] + da / 2,
                  self.discounts[0] - dd / 2, self.discounts[-1] + dd / 2)
        cmap = ListedColormap([REGION_COLORS[k] for k in (NOT_DETERRED, DETERRED_ONLY,
                                                           SUSTAINED)])
        norm = BoundaryNorm([-0.5, 0.5, 1.5, 2.5], cmap.N)
        codes = np.zeros((self.discounts.size, self.false_alarms.size))
        self.image = ax.imshow(codes, origin="lower", extent=extent, aspect="auto", cmap=cmap,
                               norm=norm, interpolation="nearest")
        self.lines = []
        for i, name in enumerate(line_names):
            style = _style(name, i)
            (line,) = ax.plot(self.false_alarms, np.full(self.false_alarms.size, np.nan),
                              color=style["color"], linestyle=style["linestyle"], linewidth=2.2)
            self.lines.append(line)
        (self.point,) = ax.plot([0.0], [0.0], marker="o", markersize=9, linestyle="none",
                                color="black", markerfacecolor=PALETTE["yellow"])
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        apply_style(ax, title="Ladder: where the target complies", xlabel="false-alarm rate α",
                    ylabel="patience δ", grid=False)
        for side in ("top", "right"):
            ax.spines[side].set_visible(True)
        self.handles = [
            Patch(facecolor=REGION_COLORS[SUSTAINED], edgecolor="black", linewidth=0.5,
                  label="ladder: compliance sustained"),
            Patch(facecolor=REGION_COLORS[DETERRED_ONLY], edgecolor="black", linewidth=0.5,
                  label="ladder: deterred, not sustained"),
            Patch(facecolor=REGION_COLORS[NOT_DETERRED], edgecolor="black", linewidth=0.5,
                  label="ladder: not deterred"),
            Line2D([], [], marker="o", markersize=9, linestyle="none", color="black",
                   markerfacecolor=PALETTE["yellow"], label="current α and δ"),
        ]
        #: Legend entries of the threshold lines (one per line policy).
        self.line_handles = [
            Line2D([], [], color=line.get_color(), linestyle=line.get_linestyle(),
                   linewidth=2.2, label=f"{name}: deterred above")
            for name, line in zip(line_names, self.lines, strict=True)
        ]
        if legend:
            ax.legend(handles=[*self.handles[:3], *self.line_handles, self.handles[3]],
                      frameon=False, fontsize=9, loc="lower right")

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return [self.image, *self.lines, self.point]

    def update(self, codes: np.ndarray, thresholds: Sequence[Sequence[float]],
               false_alarm: float, discount: float) -> Any:
        """Show the codes (shape: false alarms x discounts), the threshold lines (one
        sequence per line policy, over the false alarms) and the point; return the Axes."""
        codes = np.asarray(codes)
        if codes.shape != (self.false_alarms.size, self.discounts.size):
            raise ValueError(f"codes must have shape "
                             f"{(self.false_alarms.size, self.discounts.size)}, got {codes.shape}")
        self.image.set_data(codes.T)
        for line, values in zip(self.lines, thresholds, strict=True):
            line.set_ydata(_finite(values))
        self.point.set_data([false_alarm], [discount])
        return self.ax


def _plot_against_false_alarm(ax: Any, x: Any, y: Any, *, label: str, point: str,
                              **style: Any) -> None:
    """A curve over false-alarm rates; the value at alpha = 0 is a separate open ``point``
    marker, not joined to the rest, because several quantities jump there."""
    x, y = np.asarray(x, dtype=float), _finite(y)
    if x.size > 1 and x[0] == 0.0:
        ax.plot(x[:1], y[:1], linestyle="none", marker=point, markersize=6,
                color=style["color"], markerfacecolor="white", label=f"_{label} at α = 0")
        x, y = x[1:], y[1:]
    ax.plot(x, y, label=label, **style)


def plot_thresholds(ax: Any, table: Any, *, sustained: Sequence[str] = (),
                    title: str | None = None, legend: bool = True) -> Any:
    """Smallest deterring discount factor against the false-alarm rate, one line per policy.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    table : pandas.DataFrame
        From :func:`~sanclab.models.false_alarm_table`.
    sustained : sequence of str
        Policies whose threshold for *sustained* compliance is also drawn (thin, same
        colour, dotted).
    title : str, optional
    legend : bool, default True
        Draw a legend on ``ax``.

    Returns
    -------
    matplotlib.axes.Axes

    Notes
    -----
    An infinite threshold (no patience is enough) leaves a gap in the line. The value at
    :math:`\alpha = 0` is drawn as an open marker, not joined to the curve: with no false
    alarm at all a compliant target never leaves relief, and some thresholds jump there.
    """
    for i, (name, rows) in enumerate(table.groupby("policy", sort=False)):
        style = _style(str(name), i)
        _plot_against_false_alarm(ax, rows["false_alarm"], rows["deterred_from"],
                                  label=str(name), point=style["marker"], markersize=4,
                                  markevery=5, linewidth=2, **style)
        if name in sustained:
            _plot_against_false_alarm(ax, rows["false_alarm"], rows["sustained_from"],
                                      label=f"{name}: sustained", point="o",
                                      color=style["color"], linestyle=":", linewidth=1.6)
    ax.set_ylim(0, 1)
    if legend:
        ax.legend(frameon=False, fontsize=9, loc="lower right")
    return apply_style(ax, title=title, xlabel="false-alarm rate α",
                       ylabel="smallest patience δ that deters")


def plot_compliant_levels(ax: Any, table: Any, *, title: str | None = None,
                          legend: bool = True) -> Any:
    """Long-run sanction level of a compliant target against the false-alarm rate.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    table : pandas.DataFrame
        From :func:`~sanclab.models.false_alarm_table`.
    title : str, optional
    legend : bool, default True
        Draw a legend on ``ax``.

    Returns
    -------
    matplotlib.axes.Axes
    """
    for i, (name, rows) in enumerate(table.groupby("policy", sort=False)):
        style = _style(str(name), i)
        _plot_against_false_alarm(ax, rows["false_alarm"], rows["compliant_level"],
                                  label=str(name), point=style["marker"], markersize=4,
                                  markevery=5, linewidth=2, **style)
    ax.set_ylim(bottom=0)
    if legend:
        ax.legend(frameon=False, fontsize=9, loc="center right")
    return apply_style(ax, title=title, xlabel="false-alarm rate α",
                       ylabel="long-run level if compliant")


def plot_false_alarm_statics(fig: Any, table: Any, *, sustained: Sequence[str] = ()) -> Any:
    """Two panels against the false-alarm rate, with one legend below them: the patience
    each policy needs to deter (:func:`plot_thresholds`) and the long-run level a compliant
    target bears (:func:`plot_compliant_levels`).

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        An empty figure, preferably with ``layout="constrained"``.
    table : pandas.DataFrame
        From :func:`~sanclab.models.false_alarm_table`.
    sustained : sequence of str
        Policies whose threshold for sustained compliance is also drawn.

    Returns
    -------
    tuple of matplotlib.axes.Axes
        The left and the right panel.
    """
    left, right = fig.subplots(1, 2)
    plot_thresholds(left, table, sustained=sustained, title="Patience needed to deter",
                    legend=False)
    plot_compliant_levels(right, table, title="Burden on a compliant target", legend=False)
    handles, labels = left.get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=3, frameon=False, fontsize=9)
    return left, right


def plot_ladder_statics(ax: Any, values: Sequence[float], table: Any, *, xlabel: str,
                        reference: float | None = None, title: str | None = None) -> Any:
    """Both thresholds of a family of ladders against one of their parameters.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    values : sequence of float
        The parameter's value for each row of ``table`` (x axis).
    table : pandas.DataFrame
        From :func:`~sanclab.models.policy_table`, one row per ladder.
    xlabel : str
    reference : float, optional
        A discount factor drawn as a horizontal line; the values at which compliance is
        sustained at that patience are marked with filled circles on the line.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    x = np.asarray(values, dtype=float)
    deterred = _finite(table["deterred_from"])
    sustained = _finite(table["sustained_from"])
    ax.plot(x, deterred, color=PALETTE["blue"], marker="o", linewidth=2,
            label="deterred from")
    ax.plot(x, sustained, color=PALETTE["vermillion"], marker="s", linestyle="--",
            linewidth=2, label="sustained from")
    if reference is not None:
        ax.axhline(reference, color=PALETTE["black"], linestyle=":", linewidth=1.2,
                   label=f"δ = {reference:g}")
        ok = np.asarray(table["sustained_from"], dtype=float) <= reference
        ax.plot(x[ok], np.full(ok.sum(), reference), linestyle="none", marker="o",
                markersize=10, markerfacecolor=PALETTE["yellow"], markeredgecolor="black",
                label=f"sustained at δ = {reference:g}")
    ax.set_xticks(x)
    ax.set_ylim(0, 1)
    ax.legend(frameon=False, fontsize=9, loc="lower right")
    ax.grid(True, color=GREY, linewidth=0.6, alpha=0.6)
    return apply_style(ax, title=title, xlabel=xlabel, ylabel="patience δ")
