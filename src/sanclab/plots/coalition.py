"""Figures for lesson 1 (coalition coordination): each draws onto a given Axes and returns it.

Examples
--------
>>> from matplotlib.figure import Figure
>>> from sanclab.models import threshold_cascade
>>> from sanclab.plots.coalition import plot_cascade
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
    "plot_cascade",
    "plot_cascade_rounds",
    "plot_effectiveness",
    "plot_penalty_statics",
]


def plot_cascade(ax: Any, result: CascadeResult, *, title: str | None = None) -> Any:
    """Each actor's threshold as a bar, coloured by the round in which it joined.

    Grey bars are actors that never join; the dashed line is the share acting at the
    fixed point. An actor whose threshold is ``inf`` is drawn at the right edge, hatched.

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
    finite = np.isfinite(result.thresholds)
    shown = np.where(finite, result.thresholds, 1.0)
    y = np.arange(n)
    colors = [color(int(r)) if j else GREY
              for r, j in zip(result.join_round, result.joined, strict=True)]
    bars = ax.barh(y, shown, color=colors, edgecolor="black", linewidth=0.5)
    for bar, is_finite in zip(bars, finite, strict=True):
        if not is_finite:
            bar.set_hatch("//")
    for i in range(n):
        label = f"round {result.join_round[i]}" if result.joined[i] else "stays out"
        ax.annotate(label, (min(shown[i], 1.0), i), xytext=(3, 0), textcoords="offset points",
                    va="center", fontsize=8)
    ax.axvline(result.final_share, color=PALETTE["black"], linestyle="--", linewidth=1)
    ax.set_yticks(y, names)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.25)
    if title is None:
        title = (f"{result.n_joined} of {n} act after {result.rounds} round(s); "
                 f"coverage {result.final_share:.0%}")
    return apply_style(ax, title=title, xlabel="threshold: coverage needed to join (share)")


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


def plot_effectiveness(ax: Any, diversions: Sequence[float], *, coverage: float | None = None,
                       current_diversion: float | None = None, title: str | None = None) -> Any:
    """Effectiveness :math:`E(s, d)` against coverage, one curve per diversion rate.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    diversions : sequence of float
        Diversion rates to draw, each in [0, 1].
    coverage, current_diversion : float, optional
        Mark the point ``E(coverage, current_diversion)``.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    s = np.linspace(0.0, 1.0, 101)
    for k, d in enumerate(diversions):
        ax.plot(s, effectiveness(s, d), color=color(k), linestyle=LINESTYLES[k % 4],
                label=f"diversion d = {d:g}")
    if coverage is not None and current_diversion is not None:
        e = float(effectiveness(coverage, current_diversion))
        ax.plot([coverage], [e], marker="o", markersize=9, color=PALETTE["vermillion"],
                markeredgecolor="black", linestyle="none", label=f"now: E = {e:.2f}")
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    if title is None:
        title = "More diversion, less effect at the same coverage"
    return apply_style(ax, title=title, xlabel="coverage s: sanctioning share of target's trade",
                       ylabel="effectiveness E (share of trade cut)")


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
