r"""Figures for lesson 2 (small-state alignment): each draws onto a given Axes and returns it.

The panels of the lesson's dashboard (:class:`PayoffPanel`, :class:`PartnerBars`) are made
once and then updated in place; the static comparative-statics figures are plain functions.
Every number drawn comes from :mod:`sanclab.models` (:mod:`~sanclab.models.alignment` and
:mod:`~sanclab.models.dependence`).

Examples
--------
>>> from matplotlib.figure import Figure
>>> from sanclab.models import AlignmentParams, optimal_alignment
>>> from sanclab.plots.small_state_alignment import PayoffPanel
>>> params = AlignmentParams(value_a=3.0, value_b=4.0)
>>> panel = PayoffPanel(Figure().subplots(), ylim=(0.0, 6.0))
>>> ax = panel.update(params, optimal_alignment(params))
>>> panel.optimum.get_data()
([0.36], [5.0])
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from sanclab.models import (
    AlignmentOptimum,
    AlignmentParams,
    alignment_benefit,
    alignment_payoff,
    alignment_sweep,
    binding_option_level,
    expected_sanction_loss,
    extractable_surplus,
    switch_threat,
)
from sanclab.plots.style import GREY, LINESTYLES, MARKERS, PALETTE, apply_style, color

__all__ = [
    "ALIGNMENT_LABEL",
    "PartnerBars",
    "PayoffPanel",
    "ROLE_COLORS",
    "payoff_curve",
    "plot_alignment_sweep",
    "plot_extractable_surplus",
    "plot_switch_threat",
    "tolerance_edges",
]

#: Axis label of the alignment.
ALIGNMENT_LABEL = "alignment with A, a  (0 = with B, 1 = with A)"

#: Bar colour of each partner role of the small-states table.
ROLE_COLORS: dict[str, str] = {
    "power_a": PALETTE["blue"],
    "power_b": PALETTE["orange"],
    "regional": PALETTE["green"],
    "other": GREY,
}

def tolerance_edges(params: AlignmentParams) -> list[float]:
    r"""The tolerance edges inside [0, 1] where the payoff can jump, sorted, without repeats.

    :math:`e_A = 1 - \tau_A` (A's sanction applies below it) and :math:`e_B = \tau_B` (B's
    applies above it), each kept only if that power's threat bites (expected penalty > 0).

    Examples
    --------
    >>> tolerance_edges(AlignmentParams(value_a=1, value_b=1, threat_a=0.2, threat_b=0.1,
    ...                                 tolerance_b=0.6))
    [0.6, 1.0]
    >>> tolerance_edges(AlignmentParams(value_a=1, value_b=1))
    []
    """
    edges = []
    if params.expected_penalty_a > 0.0:
        edges.append(params.edge_a)
    if params.expected_penalty_b > 0.0:
        edges.append(params.edge_b)
    return sorted(set(edges))


def payoff_curve(params: AlignmentParams, points: int = 401) -> tuple[np.ndarray, np.ndarray]:
    r"""The payoff :math:`V(a)` ready to draw as a line, broken where it jumps.

    Between two tolerance edges the expected sanction loss is constant, so :math:`V` is the
    concave benefit shifted down. Each piece is sampled from one edge to the next with the
    piece's own loss (so its ends are the one-sided limits) and the pieces are separated by
    NaN, which a line plot leaves as a gap: a jump is not drawn as a steep slope. The values
    *at* the edges themselves are :func:`alignment_payoff` there (see
    :class:`PayoffPanel`, which marks them with dots).

    Parameters
    ----------
    params : AlignmentParams
        The model's parameters.
    points : int, default 401
        About how many points to use over [0, 1].

    Returns
    -------
    tuple of numpy.ndarray
        Alignments and payoffs, of equal length.

    Examples
    --------
    >>> params = AlignmentParams(value_a=1.0, value_b=1.0, threat_a=0.2, tolerance_a=0.3)
    >>> a, v = payoff_curve(params, points=11)
    >>> int(np.isnan(v).sum())
    1
    """
    breaks = sorted({0.0, 1.0, *tolerance_edges(params)})
    xs: list[np.ndarray] = []
    ys: list[np.ndarray] = []
    for lo, hi in zip(breaks[:-1], breaks[1:], strict=True):
        if hi - lo <= 1e-12:
            continue
        n = max(int(round(points * (hi - lo))), 2) + 1
        a = np.linspace(lo, hi, n)
        loss = float(expected_sanction_loss(params, 0.5 * (lo + hi)))
        xs.extend([a, np.array([np.nan])])
        ys.extend([alignment_benefit(params, a) - loss, np.array([np.nan])])
    return np.concatenate(xs[:-1]), np.concatenate(ys[:-1])


class PayoffPanel:
    """The small state's payoff against its alignment, with the optimum; updated in place.

    Draws the benefit :math:`U(a)` without threats (dashed), the payoff :math:`V(a)` net of
    the expected sanction loss (solid, broken where it jumps), the payoff at each tolerance
    edge (dots: the edge itself is still tolerated), the threat-free optimum :math:`a_0`
    (dotted line) and the optimum :math:`a^*` (large marker).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    ylim : tuple of float
        Fixed payoff range (a dashboard keeps its axes fixed so it can repaint only the
        lines).
    points : int, default 401
        Resolution of the curves.
    tolerances : AlignmentParams, optional
        Shade the alignments beyond each power's tolerance (drawn once: use it when the
        tolerances do not change between updates).
    legend : bool, default True
        Draw the legend inside the Axes (a dashboard may draw one for the whole figure
        instead, from ``ax.get_legend_handles_labels()``).
    """

    def __init__(self, ax: Any, *, ylim: tuple[float, float], points: int = 401,
                 tolerances: AlignmentParams | None = None, legend: bool = True) -> None:
        self.ax = ax
        self.points = points
        self._grid = np.linspace(0.0, 1.0, points)
        if tolerances is not None:
            if tolerances.edge_a > 0.0:
                ax.axvspan(0.0, tolerances.edge_a, color=PALETTE["blue"], alpha=0.07,
                           linewidth=0, label=f"beyond A's tolerance (a < {tolerances.edge_a:g})")
            if tolerances.edge_b < 1.0:
                ax.axvspan(tolerances.edge_b, 1.0, facecolor="none", edgecolor=PALETTE["orange"],
                           hatch="///", alpha=0.6, linewidth=0,
                           label=f"beyond B's tolerance (a > {tolerances.edge_b:g})")
        (self.benefit,) = ax.plot(self._grid, np.zeros(points), color=GREY, linestyle="--",
                                  linewidth=1.6, label="benefit U(a), no threats")
        (self.payoff,) = ax.plot(self._grid, np.zeros(points), color=PALETTE["blue"],
                                 linewidth=2.0, label="payoff V(a): U(a) \u2212 expected loss")
        (self.edges,) = ax.plot([], [], color=PALETTE["blue"], marker="o", markersize=5,
                                linestyle="none", clip_on=False,
                                label="payoff at a tolerance edge")
        self.threat_free = ax.axvline(0.0, color=PALETTE["black"], linestyle=":", linewidth=1,
                                      label="optimum without threats a\u2080")
        (self.optimum,) = ax.plot([0.0], [0.0], marker="D", markersize=9, linestyle="none",
                                  color=PALETTE["vermillion"], markeredgecolor="black",
                                  clip_on=False, label="optimum a*")
        ax.set_xlim(0.0, 1.0)
        ax.set_ylim(*ylim)
        if legend:
            ax.legend(frameon=False, fontsize=9, loc="lower left")
        apply_style(ax, xlabel=ALIGNMENT_LABEL, ylabel="payoff")
        self.title = ax.set_title(" ", fontsize=10, loc="left")

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return [self.benefit, self.payoff, self.edges, self.threat_free, self.optimum,
                self.title]

    def update(self, params: AlignmentParams, optimum: AlignmentOptimum, *,
               title: str | None = None) -> Any:
        """Show ``params``' payoff and ``optimum``; return the Axes."""
        self.benefit.set_ydata(alignment_benefit(params, self._grid))
        self.payoff.set_data(*payoff_curve(params, self.points))
        edges = np.array(tolerance_edges(params))
        self.edges.set_data(edges, alignment_payoff(params, edges) if edges.size else edges)
        a0 = optimum.threat_free
        self.threat_free.set_xdata([a0, a0])
        self.optimum.set_data([optimum.alignment], [optimum.payoff])
        if title is not None:
            self.title.set_text(title)
        return self.ax


class PartnerBars:
    """The small state's trade by partner as horizontal bars, coloured by role.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    partners : sequence of str
        Partner names, top to bottom.
    roles : sequence of str
        Each partner's role (keys of :data:`ROLE_COLORS`).
    xmax : float, default 0.8
        Right end of the share axis.
    """

    def __init__(self, ax: Any, partners: Sequence[str], roles: Sequence[str], *,
                 xmax: float = 0.8) -> None:
        if len(partners) != len(roles):
            raise ValueError(f"roles must have one entry per partner ({len(partners)}), "
                             f"got {len(roles)}")
        unknown = sorted(set(roles) - set(ROLE_COLORS))
        if unknown:
            raise ValueError(f"roles must be among {sorted(ROLE_COLORS)}, got {unknown}")
        n = len(partners)
        self.ax = ax
        y = np.arange(n)
        self.bars = ax.barh(y, np.zeros(n), color=[ROLE_COLORS[r] for r in roles],
                            edgecolor="black", linewidth=0.5)
        self.labels = [
            ax.annotate("", (0.0, i), xytext=(3, 0), textcoords="offset points", va="center",
                        fontsize=9)
            for i in range(n)
        ]
        ax.set_yticks(y, list(partners), fontsize=9)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(0.0, xmax)
        apply_style(ax, xlabel="share of the small state's trade")
        self.title = ax.set_title(" ", fontsize=10, loc="left")

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return [*self.bars, *self.labels, self.title]

    def update(self, shares: Sequence[float], *, title: str | None = None) -> Any:
        """Set the bars to ``shares`` (one per partner); return the Axes."""
        shares = np.asarray(shares, dtype=float)
        if shares.shape != (len(self.bars),):
            raise ValueError(f"shares must have {len(self.bars)} entries, got {shares.shape}")
        for i, (bar, share) in enumerate(zip(self.bars, shares, strict=True)):
            bar.set_width(share)
            self.labels[i].set_text(f"{share:.2f}")
            self.labels[i].xy = (share, i)
        if title is not None:
            self.title.set_text(title)
        return self.ax


def _break_at_switches(table: Any, parameter: str, column: str) -> tuple[np.ndarray,
                                                                         np.ndarray]:
    """The sweep's ``column`` against ``parameter``, with NaN inserted wherever the state
    switches: the regime or the set of powers that sanction changes *and* the optimum jumps.
    A line plot then leaves a gap rather than draw the jump as a steep slope. (A sanction
    that starts to bite as a threat passes the regional option changes the set without a
    jump: no gap there.)"""
    x = table[parameter].to_numpy(dtype=float)
    y = table[column].to_numpy(dtype=float)
    a = table["alignment"].to_numpy(dtype=float)
    state = list(zip(table["regime"], table["sanctioned_by"], strict=True))
    switches = np.array([i for i in range(len(state) - 1)
                         if state[i] != state[i + 1] and abs(a[i + 1] - a[i]) > 1e-9],
                        dtype=int)
    if switches.size == 0:
        return x, y
    return np.insert(x, switches + 1, np.nan), np.insert(y, switches + 1, np.nan)


def plot_alignment_sweep(ax: Any, params: AlignmentParams, parameter: str,
                         values: Sequence[float], variants: Mapping[str, Mapping[str, float]],
                         *, column: str = "alignment", switch: str | None = None,
                         label_y: float = 0.04, legend_loc: str = "best",
                         xlabel: str | None = None, ylabel: str | None = None,
                         title: str | None = None) -> Any:
    """The optimum (or another column of :func:`~sanclab.models.alignment_sweep`) as one
    parameter varies, one line per variant of the other parameters.

    Where the regime or the set of sanctioning powers changes the optimum jumps, and the
    line is broken there.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    params : AlignmentParams
        The base parameters.
    parameter : str
        The parameter on the x-axis (a field of AlignmentParams).
    values : sequence of float
        Its values.
    variants : mapping of str to mapping
        Legend label -> parameter changes applied to ``params`` for that line.
    column : str, default "alignment"
        ``"alignment"``, ``"payoff"`` or ``"expected_loss"``.
    switch : {"A", "B"}, optional
        Also mark each variant's switch threat of that power (:func:`switch_threat`) with a
        vertical dotted line, when it lies in the range of ``values``.
    label_y : float, default 0.04
        Height (axes fraction) of the first switch threat's label; the next ones go higher.
    legend_loc : str, default "best"
        Where to put the legend.
    xlabel, ylabel, title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    if column not in ("alignment", "payoff", "expected_loss"):
        raise ValueError(f"column must be 'alignment', 'payoff' or 'expected_loss', "
                         f"got {column!r}")
    values = np.asarray(values, dtype=float)
    for k, (label, changes) in enumerate(variants.items()):
        p = params.replace(**changes)
        table = alignment_sweep(p, parameter, values)
        x, y = _break_at_switches(table, parameter, column)
        ax.plot(x, y, color=color(k), linestyle=LINESTYLES[k % len(LINESTYLES)],
                linewidth=3.0 if k == 0 else 2.0, label=label)
        if switch is not None:
            t_star = switch_threat(p, switch)
            if values.min() <= t_star <= values.max():
                ax.axvline(t_star, color=color(k), linestyle=":", linewidth=1.2)
                ax.annotate(f"t* = {t_star:.3f}", (t_star, label_y + 0.09 * k),
                            xycoords=("data", "axes fraction"), xytext=(3, 0),
                            textcoords="offset points", fontsize=9, color=color(k))
    if column == "alignment":
        ax.set_ylim(-0.02, 1.05)
    ax.legend(frameon=False, fontsize=9, loc=legend_loc)
    return apply_style(ax, title=title, xlabel=xlabel or parameter, ylabel=ylabel or column)


def plot_switch_threat(ax: Any, params: AlignmentParams, parameter: str,
                       values: Sequence[float], variants: Mapping[str, Mapping[str, float]],
                       *, power: str = "A", shade: bool = True, ymax: float | None = None,
                       xlabel: str | None = None, title: str | None = None) -> Any:
    """A power's switch threat (:func:`~sanclab.models.switch_threat`) against a parameter.

    Below a line the state defies the power at that threat (with a zero tolerance: it
    hedges); above it the state moves inside the power's tolerance (bandwagons). With
    ``shade`` the region below the first variant's line is shaded.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    params : AlignmentParams
        The base parameters.
    parameter : str
        The parameter on the x-axis.
    values : sequence of float
        Its values.
    variants : mapping of str to mapping
        Legend label -> parameter changes for that line.
    power : {"A", "B"}, default "A"
    shade : bool, default True
    ymax : float, optional
        Top of the y-axis (default: matplotlib's choice).
    xlabel, title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    values = np.asarray(values, dtype=float)
    for k, (label, changes) in enumerate(variants.items()):
        p = params.replace(**changes)
        t_star = np.array([switch_threat(p.replace(**{parameter: float(v)}), power)
                           for v in values])
        ax.plot(values, t_star, color=color(k), linestyle=LINESTYLES[k % len(LINESTYLES)],
                marker=MARKERS[k % len(MARKERS)], markevery=max(len(values) // 8, 1),
                markersize=5, linewidth=2, label=label)
        if shade and k == 0:
            ax.fill_between(values, 0.0, t_star, color=color(k), alpha=0.12, linewidth=0)
    ax.set_xlim(values.min(), values.max())
    ax.set_ylim(0.0, ymax)
    ax.legend(frameon=False, fontsize=9, loc="best")
    return apply_style(ax, title=title, xlabel=xlabel or parameter,
                       ylabel=f"{power}'s switch threat t*")


def plot_extractable_surplus(ax: Any, shares: Sequence[float], options: Sequence[float], *,
                             bargaining_share: float = 0.5, title: str | None = None) -> Any:
    """What a power can extract (:func:`~sanclab.models.extractable_surplus`) against the
    small state's regional option, one line per trade share of the power.

    A dotted vertical line marks where the option starts to bind,
    :func:`~sanclab.models.binding_option_level`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    shares : sequence of float
        The power's trade shares, each in [0, 1].
    options : sequence of float
        Regional options (x-axis), each >= 0.
    bargaining_share : float, default 0.5
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    options = np.asarray(options, dtype=float)
    for k, share in enumerate(shares):
        x = extractable_surplus(share, options, bargaining_share=bargaining_share)
        ax.plot(options, x, color=color(k), linestyle=LINESTYLES[k % len(LINESTYLES)],
                linewidth=2, label=f"power's trade share s = {share:g}")
        level = binding_option_level(share, bargaining_share=bargaining_share)
        if options.min() <= level <= options.max():
            ax.axvline(level, color=color(k), linestyle=":", linewidth=1.2)
            ax.annotate(f"binds from {level:.3g}", (level, 0.62 - 0.1 * k),
                        xycoords=("data", "axes fraction"), xytext=(3, 0),
                        textcoords="offset points", fontsize=9, va="top", color=color(k))
    ax.set_xlim(options.min(), options.max())
    ax.set_ylim(bottom=0.0)
    ax.legend(frameon=False, fontsize=9, loc="lower left")
    return apply_style(ax, title=title, xlabel="regional option o (share of trade)",
                       ylabel="surplus the power can extract X")
