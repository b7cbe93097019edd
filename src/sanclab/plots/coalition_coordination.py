"""Figures for lesson 1 (coalition coordination): each draws onto a given Axes and returns it.

The numbers come from :mod:`sanclab.models` (for the comparative statics, tables from
:func:`~sanclab.models.coalition_sweep`); nothing here computes a model. Text is at least
9 pt, so a figure 7.5 inches wide stays legible in the book's 690-pixel column.

Examples
--------
>>> from matplotlib.figure import Figure
>>> from sanclab.models import threshold_cascade
>>> from sanclab.plots.coalition_coordination import plot_cascade
>>> ax = Figure().subplots()
>>> ax = plot_cascade(ax, threshold_cascade([0.0, 0.2, 0.5], names=["A", "B", "C"]))
>>> [t.get_text() for t in ax.get_yticklabels()]
['A', 'B', 'C']
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from sanclab.models import effectiveness
from sanclab.models.threshold import CascadeResult
from sanclab.plots.style import GREY, LINESTYLES, MARKERS, PALETTE, apply_style, color

__all__ = [
    "FONT_SIZE",
    "CascadeBars",
    "EffectivenessCurves",
    "plot_cascade",
    "plot_cascade_rounds",
    "plot_effectiveness",
    "plot_sweep",
    "plot_sweep_effect",
]

#: Smallest font size of lesson 1's figures, in points.
FONT_SIZE = 9.0


@functools.lru_cache(maxsize=64)
def _text_path(text: str, size: float) -> Any:
    """The outline of ``text`` at ``size`` points (cached: a dashboard reuses ten labels)."""
    from matplotlib.path import Path
    from matplotlib.textpath import TextPath

    if not text.strip():
        return Path(np.zeros((0, 2)))
    return TextPath((0.0, 0.0), text, size=size)


class _PathLabel:
    """A short label drawn as a filled outline next to a data point.

    Drawn as a path (cached per text), it repaints in a fraction of the time a Text artist
    takes, which matters in a dashboard that relabels every bar on each slider move.
    """

    def __init__(self, ax: Any, size: float, offset_points: float = 3.0) -> None:
        from matplotlib.patches import PathPatch

        self.ax = ax
        self.size = size
        self.offset = offset_points
        self.patch = PathPatch(_text_path("", size), facecolor=PALETTE["black"],
                               edgecolor="none", clip_on=False)
        ax.add_artist(self.patch)
        self.text = ""

    def set(self, text: str, x: float, y: float) -> None:
        from matplotlib.transforms import Affine2D, ScaledTranslation

        self.text = text
        self.patch.set_path(_text_path(text, self.size))
        # path in points -> inches -> pixels, then moved to the data point (x, y)
        self.patch.set_transform(
            Affine2D().translate(self.offset, -0.36 * self.size).scale(1 / 72)
            + self.ax.figure.dpi_scale_trans
            + ScaledTranslation(x, y, self.ax.transData)
        )


class CascadeBars:
    """Each actor's threshold as a bar, coloured by the round in which it joined.

    Made once per Axes; :meth:`update` changes the bars, labels and line in place, so a
    dashboard redraws without rebuilding the Axes. Grey bars are actors that never join;
    the dashed line is the share acting at the fixed point; an actor whose threshold is
    ``inf`` is drawn at the right edge, hatched. The title is set once (it is not among the
    :attr:`artists` a dashboard repaints).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    names : sequence of str
        The actors, in the order of the cascade's arrays.
    title : str, optional
    """

    def __init__(self, ax: Any, names: Sequence[str], *, title: str | None = None) -> None:
        n = len(names)
        self.ax = ax
        y = np.arange(n)
        self.bars = ax.barh(y, np.zeros(n), color=GREY, edgecolor="black", linewidth=0.5)
        self.labels = [_PathLabel(ax, FONT_SIZE) for _ in range(n)]
        self.line = ax.axvline(0.0, color=PALETTE["black"], linestyle="--", linewidth=1)
        ax.set_yticks(y, list(names), fontsize=FONT_SIZE)
        ax.tick_params(axis="x", labelsize=FONT_SIZE)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(0, 1.3)
        apply_style(ax, xlabel="threshold: coverage needed to join")
        ax.xaxis.label.set_size(FONT_SIZE)
        self.title = ax.set_title(title or "", fontsize=FONT_SIZE + 1, loc="left")

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return [*self.bars, *(label.patch for label in self.labels), self.line]

    def label_texts(self) -> list[str]:
        """The text of each bar's label ("round k" or "stays out")."""
        return [label.text for label in self.labels]

    def update(self, result: CascadeResult, *, title: str | None = None) -> Any:
        """Show ``result``; return the Axes."""
        if len(result.joined) != len(self.bars):
            raise ValueError(f"result must have {len(self.bars)} actors, "
                             f"got {len(result.joined)}")
        finite = np.isfinite(result.thresholds)
        shown = np.where(finite, result.thresholds, 1.0)
        for i, bar in enumerate(self.bars):
            joined = bool(result.joined[i])
            bar.set_width(shown[i])
            bar.set_facecolor(color(int(result.join_round[i])) if joined else GREY)
            bar.set_hatch(None if finite[i] else "//")
            self.labels[i].set(f"round {result.join_round[i]}" if joined else "stays out",
                               float(shown[i]), float(i))
        self.line.set_xdata([result.final_share, result.final_share])
        if title is not None:
            self.title.set_text(title)
        return self.ax


def plot_cascade(ax: Any, result: CascadeResult, *, title: str | None = None) -> Any:
    """Draw a cascade's thresholds as bars coloured by join round (see :class:`CascadeBars`).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    result : CascadeResult
        From :func:`sanclab.models.threshold_cascade` or a game's ``cascade()``.
    title : str, optional
        Default: how many actors joined and in how many rounds.

    Returns
    -------
    matplotlib.axes.Axes
    """
    n = len(result.joined)
    names = list(result.names) if result.names is not None else [str(i) for i in range(n)]
    if title is None:
        title = (f"{result.n_joined} of {n} act after {result.rounds} round(s); "
                 f"coverage {result.final_share:.0%}")
    return CascadeBars(ax, names, title=title).update(result)


def plot_cascade_rounds(ax: Any, results: Sequence[CascadeResult], labels: Sequence[str],
                        *, title: str | None = None) -> Any:
    """Share acting after each round, one line per cascade.

    A cascade that stops early keeps its share in the later rounds (nobody stops acting),
    so each line runs to the last round of the longest cascade, and the share it ends at is
    written at its right end: a cascade that stalls at once stays visible as a flat line.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    results : sequence of CascadeResult
    labels : sequence of str
        Legend entry of each cascade.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if len(results) != len(labels):
        raise ValueError(f"labels must have one entry per result ({len(results)}), "
                         f"got {len(labels)}")
    last = max(len(r.share_by_round) for r in results) - 1
    for k, (result, label) in enumerate(zip(results, labels, strict=True)):
        shares = np.asarray(result.share_by_round, dtype=float)
        held = np.concatenate([shares, np.full(last + 1 - len(shares), shares[-1])])
        rounds = np.arange(last + 1)
        ax.plot(rounds, held, marker=MARKERS[k % len(MARKERS)],
                markevery=max(1, last // 10), linestyle=LINESTYLES[k % len(LINESTYLES)],
                color=color(k), linewidth=2, label=label)
        ax.annotate(f"{result.n_joined} act", (last, held[-1]), xytext=(4, 0),
                    textcoords="offset points", va="center", fontsize=FONT_SIZE,
                    color=color(k))
    ax.set_xlim(0, last * 1.12 if last else 1)
    ax.set_ylim(-0.05, 1.05)
    ax.tick_params(labelsize=FONT_SIZE)
    ax.legend(frameon=False, fontsize=FONT_SIZE, loc="center right",
              bbox_to_anchor=(1.0, 0.45))
    apply_style(ax, xlabel="round", ylabel="share acting")
    if title is not None:
        ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    return ax


class EffectivenessCurves:
    """Effectiveness :math:`E(s, d)` against coverage: fixed reference curves, plus one
    curve and one point that :meth:`update` moves in place.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    diversions : sequence of float
        Reference diversion rates, each in [0, 1], drawn once.
    moving : bool
        Add the curve and point that :meth:`update` moves.
    title : str, optional
        Set once (not among the :attr:`artists` a dashboard repaints).
    """

    _S = np.linspace(0.0, 1.0, 101)

    def __init__(self, ax: Any, diversions: Sequence[float], *, moving: bool = True,
                 title: str | None = None) -> None:
        self.ax = ax
        for k, d in enumerate(diversions):
            ax.plot(self._S, effectiveness(self._S, d), color=color(k),
                    linestyle=LINESTYLES[k % len(LINESTYLES)], label=f"d = {d:g}")
        self.curve = self.point = None
        if moving:
            (self.curve,) = ax.plot(self._S, self._S, color=PALETTE["vermillion"],
                                    linewidth=2.2, label="current d")
            (self.point,) = ax.plot([0.0], [0.0], marker="o", markersize=8,
                                    color=PALETTE["vermillion"], markeredgecolor="black",
                                    linestyle="none", label="cascade's end")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.tick_params(labelsize=FONT_SIZE)
        self.legend = ax.legend(frameon=False, fontsize=FONT_SIZE, loc="upper left")
        apply_style(ax, xlabel="coverage s", ylabel="trade cut E(s, d)")
        ax.xaxis.label.set_size(FONT_SIZE)
        ax.yaxis.label.set_size(FONT_SIZE)
        self.title = ax.set_title(title or "Share of the target's trade cut",
                                  fontsize=FONT_SIZE + 1, loc="left")

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return [self.curve, self.point]

    def update(self, coverage: float, diversion: float) -> Any:
        """Move the current curve to ``diversion`` and the point to ``coverage``."""
        if self.curve is None:
            raise ValueError("these curves were made with moving=False; nothing to update")
        self.curve.set_ydata(effectiveness(self._S, diversion))
        self.point.set_data([coverage], [effectiveness(coverage, diversion)])
        return self.ax


def plot_effectiveness(ax: Any, diversions: Sequence[float], *, coverage: float | None = None,
                       current_diversion: float | None = None, title: str | None = None) -> Any:
    """Effectiveness :math:`E(s, d)` against coverage, one curve per diversion rate.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    diversions : sequence of float
        Diversion rates to draw, each in [0, 1].
    coverage, current_diversion : float, optional
        Also draw the curve of ``current_diversion`` and mark ``E(coverage,
        current_diversion)``.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    moving = coverage is not None and current_diversion is not None
    curves = EffectivenessCurves(ax, diversions, moving=moving, title=title)
    if moving:
        curves.update(coverage, current_diversion)
    return ax


_SWEEP_LABELS = {
    "penalty": "secondary penalty p",
    "diversion": "diversion d",
    "waiver": "penalty waiver k for the largest ally",
    "spread": "spread of the allies' costs (1 = table)",
    "benefit": "benefit B",
}


def _finish_axes(ax: Any, legend_loc: str | None) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    ax.tick_params(labelsize=FONT_SIZE)
    if legend_loc is not None:
        ax.legend(frameon=True, framealpha=0.9, edgecolor="none", fontsize=FONT_SIZE,
                  loc=legend_loc)


def _parameter(table: pd.DataFrame) -> str:
    if table.shape[0] == 0:
        raise ValueError("table must have at least one row (a coalition_sweep result)")
    return str(table.columns[0])


def plot_sweep(ax: Any, table: pd.DataFrame, *,
               marks: Sequence[tuple[float, str]] = (), n_allies: int | None = None,
               title: str | None = None, xlabel: str | None = None,
               legend_loc: str | None = "best") -> Any:
    """Allies joining against one parameter: largest and smallest equilibrium, cascade.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    table : pandas.DataFrame
        From :func:`sanclab.models.coalition_sweep` (the swept parameter first, then
        ``cascade``, ``smallest``, ``largest``...), rows in increasing order of the parameter.
    marks : sequence of (float, str)
        Vertical dotted lines to draw, with their legend entries.
    n_allies : int, optional
        Number of allies (top of the y axis); default: the largest value in the table.
    title, xlabel : str, optional
        ``xlabel`` defaults to a description of the swept parameter.
    legend_loc : str or None
        Where the legend goes (a matplotlib location); ``None``: no legend (for a figure
        legend shared by several panels, from ``ax.get_legend_handles_labels()``).

    Returns
    -------
    matplotlib.axes.Axes
    """
    parameter = _parameter(table)
    x = table[parameter].to_numpy(dtype=float)
    ax.step(x, table["largest"], where="post", color=color(0), linestyle="-", linewidth=2,
            label="largest equilibrium")
    ax.step(x, table["smallest"], where="post", color=color(1), linestyle="--", linewidth=2,
            label="smallest equilibrium")
    ax.plot(x, table["cascade"], color=color(2), linestyle="none", marker="o", markersize=3,
            label="cascade from the leader")
    for k, (where, label) in enumerate(marks):
        ax.axvline(where, color=PALETTE["black"], linestyle=(":", "-.")[k % 2], linewidth=1.2,
                   label=label)
    top = n_allies if n_allies is not None else int(table[["largest", "cascade"]].max().max())
    ax.set_ylim(-0.4, top + 0.4)
    ax.set_yticks(range(0, top + 1, 2 if top > 5 else 1))
    _finish_axes(ax, legend_loc)
    apply_style(ax, xlabel=xlabel or _SWEEP_LABELS.get(parameter, parameter),
                ylabel="allies sanctioning")
    ax.xaxis.label.set_size(FONT_SIZE)
    ax.yaxis.label.set_size(FONT_SIZE)
    if title is not None:
        ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    return ax


def plot_sweep_effect(ax: Any, table: pd.DataFrame, *, title: str | None = None,
                      xlabel: str | None = None, legend_loc: str | None = "best") -> Any:
    """Coverage and share of trade effectively cut at the cascade's end, against a parameter.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    table : pandas.DataFrame
        From :func:`sanclab.models.coalition_sweep` (columns ``coverage`` and
        ``effectiveness``), rows in increasing order of the parameter.
    title, xlabel : str, optional
    legend_loc : str or None
        As for :func:`plot_sweep`.

    Returns
    -------
    matplotlib.axes.Axes
    """
    parameter = _parameter(table)
    x = table[parameter].to_numpy(dtype=float)
    ax.plot(x, table["coverage"], color=color(4), linestyle="--", linewidth=2,
            label="coverage s")
    ax.plot(x, table["effectiveness"], color=color(3), linestyle="-", linewidth=2,
            label="trade cut E(s, d)")
    ax.set_ylim(0, 1)
    _finish_axes(ax, legend_loc)
    apply_style(ax, xlabel=xlabel or _SWEEP_LABELS.get(parameter, parameter),
                ylabel="share of the target's trade")
    ax.xaxis.label.set_size(FONT_SIZE)
    ax.yaxis.label.set_size(FONT_SIZE)
    if title is not None:
        ax.set_title(title, fontsize=FONT_SIZE + 1, loc="left")
    return ax
