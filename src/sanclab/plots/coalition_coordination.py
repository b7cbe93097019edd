"""Figures for lesson 1 (coalition coordination): each draws onto a given Axes and returns it.

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

from collections.abc import Sequence
from typing import Any

import numpy as np

from sanclab.models import ParticipationGame, effectiveness
from sanclab.models.threshold import CascadeResult
from sanclab.plots.style import GREY, LINESTYLES, MARKERS, PALETTE, apply_style, color

__all__ = [
    "CascadeBars",
    "EffectivenessCurves",
    "plot_cascade",
    "plot_cascade_rounds",
    "plot_effectiveness",
    "plot_penalty_statics",
]


class CascadeBars:
    """Each actor's threshold as a bar, coloured by the round in which it joined.

    Made once per Axes; :meth:`update` changes the bars, labels and line in place, so a
    dashboard redraws without rebuilding the Axes. Grey bars are actors that never join;
    the dashed line is the share acting at the fixed point; an actor whose threshold is
    ``inf`` is drawn at the right edge, hatched.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    names : sequence of str
        The actors, in the order of the cascade's arrays.
    """

    def __init__(self, ax: Any, names: Sequence[str]) -> None:
        n = len(names)
        self.ax = ax
        y = np.arange(n)
        self.bars = ax.barh(y, np.zeros(n), color=GREY, edgecolor="black", linewidth=0.5)
        self.labels = [
            ax.annotate("", (0.0, i), xytext=(3, 0), textcoords="offset points", va="center",
                        fontsize=8)
            for i in range(n)
        ]
        self.line = ax.axvline(0.0, color=PALETTE["black"], linestyle="--", linewidth=1)
        ax.set_yticks(y, list(names))
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(0, 1.25)
        apply_style(ax, xlabel="threshold: coverage needed to join (share)")
        self.title = ax.set_title(" ", fontsize=11, loc="left")

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return [*self.bars, *self.labels, self.line, self.title]

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
            self.labels[i].set_text(f"round {result.join_round[i]}" if joined else "stays out")
            self.labels[i].xy = (shown[i], i)
        self.line.set_xdata([result.final_share, result.final_share])
        if title is None:
            title = (f"{result.n_joined} of {len(self.bars)} act after {result.rounds} "
                     f"round(s); coverage {result.final_share:.0%}")
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
    return CascadeBars(ax, names).update(result, title=title)


def plot_cascade_rounds(ax: Any, results: Sequence[CascadeResult], labels: Sequence[str],
                        *, title: str | None = None) -> Any:
    """Share acting after each round, one line per cascade.

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
    for k, (result, label) in enumerate(zip(results, labels, strict=True)):
        rounds = np.arange(len(result.share_by_round))
        ax.plot(rounds, result.share_by_round, marker=MARKERS[k % len(MARKERS)],
                linestyle=LINESTYLES[k % len(LINESTYLES)], color=color(k), label=label)
    ax.set_ylim(0, 1.05)
    ax.legend(frameon=False, fontsize=8)
    return apply_style(ax, title=title, xlabel="round", ylabel="coverage acting (share)")


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
    """

    _S = np.linspace(0.0, 1.0, 101)

    def __init__(self, ax: Any, diversions: Sequence[float], *, moving: bool = True) -> None:
        self.ax = ax
        for k, d in enumerate(diversions):
            ax.plot(self._S, effectiveness(self._S, d), color=color(k),
                    linestyle=LINESTYLES[k % len(LINESTYLES)], label=f"diversion d = {d:g}")
        self.curve = self.point = None
        if moving:
            (self.curve,) = ax.plot(self._S, self._S, color=PALETTE["vermillion"],
                                    linewidth=2.2, label="current d")
            (self.point,) = ax.plot([0.0], [0.0], marker="o", markersize=9,
                                    color=PALETTE["vermillion"], markeredgecolor="black",
                                    linestyle="none", label="coverage reached")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        self.legend = ax.legend(frameon=False, fontsize=8, loc="upper left")
        apply_style(ax, xlabel="coverage s (share of target's trade)",
                    ylabel="effectiveness E (share of trade cut)")
        self.title = ax.set_title("More diversion, less effect at the same coverage",
                                  fontsize=11, loc="left")

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return [self.curve, self.point, self.legend, self.title]

    def update(self, coverage: float, diversion: float, *, title: str | None = None) -> Any:
        """Move the current curve to ``diversion`` and the point to ``coverage``."""
        if self.curve is None:
            raise ValueError("these curves were made with moving=False; nothing to update")
        e = float(effectiveness(coverage, diversion))
        self.curve.set_ydata(effectiveness(self._S, diversion))
        self.point.set_data([coverage], [e])
        texts = self.legend.get_texts()
        texts[-2].set_text(f"current d = {diversion:.2f}")
        texts[-1].set_text(f"coverage {coverage:.2f}: E = {e:.2f}")
        if title is not None:
            self.title.set_text(title)
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
    curves = EffectivenessCurves(ax, diversions, moving=moving)
    if moving:
        curves.update(coverage, current_diversion)
    if title is not None:
        ax.set_title(title, fontsize=11, loc="left")
    return ax


def plot_penalty_statics(ax: Any, game: ParticipationGame, penalties: Sequence[float],
                         *, title: str | None = None) -> Any:
    """Allies in the smallest and largest equilibrium, and in the cascade, against the penalty.

    The dotted vertical line marks the smallest penalty that makes full participation an
    equilibrium.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    game : ParticipationGame
        Its own penalty is replaced by each value of ``penalties``.
    penalties : sequence of float
        Penalties to evaluate, each >= 0.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    penalties = np.asarray(penalties, dtype=float)
    smallest, largest, cascade = [], [], []
    for p in penalties:
        g = game.with_penalty(float(p))
        smallest.append(int(g.smallest_equilibrium().sum()))
        largest.append(int(g.largest_equilibrium().sum()))
        cascade.append(g.cascade().n_joined - 1)
    ax.step(penalties, largest, where="post", color=color(0), linestyle="-",
            label="largest equilibrium")
    ax.step(penalties, smallest, where="post", color=color(1), linestyle="--",
            label="smallest equilibrium")
    ax.plot(penalties, cascade, color=color(2), linestyle="none", marker=".",
            label="cascade from the leader")
    p_star = game.minimal_full_participation_penalty()
    if np.isfinite(p_star) and p_star <= penalties.max():
        ax.axvline(p_star, color=PALETTE["black"], linestyle=":", linewidth=1,
                   label=f"full participation from p* = {p_star:.3f}")
    ax.set_ylim(-0.3, game.n_allies + 0.3)
    ax.legend(frameon=False, fontsize=8, loc="lower right")
    if title is None:
        title = "A larger secondary penalty never shrinks the coalition"
    return apply_style(ax, title=title, xlabel="secondary penalty p",
                       ylabel="allies sanctioning")
