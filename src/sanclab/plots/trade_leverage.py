r"""Figures for lesson 5 (negotiating leverage in trade talks): each draws onto a given Axes.

Two panels update in place for the dashboard (:class:`SplitBars`, the sender's and the
target's shares of the deal; :class:`EpisodeBars`, where threat episodes end); the other
functions draw the lesson's static figures: the Nash split against the sender's cost,
alternating offers against the bite of sanctions in force, the finite-horizon shares, the
selection effect against credibility, Drezner's concession against conflict expectations and
the sender's cost, and the threat-versus-imposition game tree.

Every number drawn comes from :mod:`sanclab.models`; nothing is computed here that the models
do not compute.

Examples
--------
>>> from matplotlib.figure import Figure
>>> from sanclab.models import ThreatPopulation
>>> from sanclab.plots.trade_leverage import EpisodeBars
>>> bars = EpisodeBars(Figure().subplots())
>>> ax = bars.update(ThreatPopulation().shares())
>>> round(bars.all_threats[0].get_width(), 3)  # share conceding at the threat
0.367
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from sanclab.models import (
    ConflictExpectationsGame,
    ThreatGame,
    ThreatPopulation,
    ThreatShares,
    TradeTalks,
    equilibrium_concession,
    rubinstein_finite_share,
    rubinstein_share,
)
from sanclab.models._validate import check_array, check_integer, check_probability
from sanclab.plots.style import GREY, LINESTYLES, MARKERS, PALETTE, apply_style, color

__all__ = [
    "EPISODE_COLORS",
    "EPISODE_LABELS",
    "EpisodeBars",
    "SplitBars",
    "plot_concession_vs_conflict_expectations",
    "plot_concession_vs_sender_cost",
    "plot_finite_horizon",
    "plot_imposed_sanctions_vs_credibility",
    "plot_nash_vs_sender_cost",
    "plot_patience_vs_bite",
    "plot_selection_vs_credibility",
    "plot_threat_tree",
]

#: Smallest font used in the lesson's figures (points): legible at the book's 690 px column.
FONT = 9

#: Legend labels of the four ways a threat episode can end (the model's outcome names).
EPISODE_LABELS = {
    "concession at threat": "concedes at the threat",
    "concession after imposition": "concedes after imposition",
    "sender backs down": "sender backs down",
    "deadlock": "deadlock",
}

#: Colour of each ending: concessions in blues, the sender backing down in orange, deadlock
#: in vermillion (Okabe-Ito); hatching tells them apart in greyscale too.
EPISODE_COLORS = {
    "concession at threat": PALETTE["blue"],
    "concession after imposition": PALETTE["sky"],
    "sender backs down": PALETTE["orange"],
    "deadlock": PALETTE["vermillion"],
}
_EPISODE_HATCH = {
    "concession at threat": "",
    "concession after imposition": "..",
    "sender backs down": "//",
    "deadlock": "xx",
}
#: A segment narrower than this gets no percentage label (it would not fit).
_MIN_LABELLED = 0.07


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


class SplitBars:
    """The unit surplus of a deal split between sender and target, one bar per scenario.

    Each row is a bar of length 1: the sender's share from the left (blue), the target's
    share after it (orange), the split written on each part. A dotted line marks the equal
    split. Made once per Axes; :meth:`update` moves the splits and the texts in place.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    labels : sequence of str
        One label per bar, top to bottom.
    """

    def __init__(self, ax: Any, labels: Sequence[str]) -> None:
        n = len(labels)
        if n == 0:
            raise ValueError("labels must name at least one bar, got none")
        self.ax = ax
        y = np.arange(n)
        self.sender = ax.barh(y, np.zeros(n), height=0.62, color=PALETTE["blue"],
                              edgecolor="black", linewidth=0.5, label="sender's share")
        self.target = ax.barh(y, np.ones(n), height=0.62, color=PALETTE["orange"],
                              edgecolor="black", linewidth=0.5, hatch="//",
                              label="target's share")
        self.sender_text = [ax.text(0.0, i, "", ha="center", va="center", fontsize=FONT,
                                    color="white", fontweight="bold") for i in range(n)]
        self.target_text = [ax.text(1.0, i, "", ha="center", va="center", fontsize=FONT,
                                    color="black",
                                    bbox={"facecolor": "white", "edgecolor": "none",
                                          "pad": 1.0, "alpha": 0.85}) for i in range(n)]
        ax.axvline(0.5, color=PALETTE["black"], linestyle=":", linewidth=1)
        ax.set_yticks(y, list(labels), fontsize=FONT)
        ax.set_ylim(n - 0.5, -0.5)
        ax.set_xlim(0, 1)
        ax.tick_params(axis="x", labelsize=FONT)
        apply_style(ax, xlabel="share of the deal's surplus (dotted: equal split)", grid=False)
        ax.xaxis.label.set_fontsize(FONT)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncols=2, frameon=False,
                  fontsize=FONT, borderaxespad=0.2)
        self.title = ax.set_title(" ", fontsize=FONT + 1, loc="left", pad=22)

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return [*self.sender, *self.target, *self.sender_text, *self.target_text, self.title]

    def update(self, shares: Sequence[float], *, title: str | None = None) -> Any:
        """Show the sender's ``shares`` (one per bar, each in [0, 1]); return the Axes."""
        values = check_array("shares", shares, low=0.0, high=1.0)
        if values.shape != (len(self.sender),):
            raise ValueError(f"shares must have one value per bar ({len(self.sender)}), "
                             f"got {values.shape[0] if values.ndim else 0}")
        for i, x in enumerate(values):
            self.sender[i].set_width(x)
            self.target[i].set_x(x)
            self.target[i].set_width(1.0 - x)
            for text, part, centre in ((self.sender_text[i], x, x / 2),
                                       (self.target_text[i], 1.0 - x, x + (1.0 - x) / 2)):
                text.set_text(f"{part:.2f}" if part >= 0.08 else "")
                text.set_x(centre)
        if title is not None:
            self.title.set_text(title)
        return self.ax


class EpisodeBars:
    """Where threat episodes end: all threats, and the imposed sanctions alone.

    The top bar splits all threats into the four endings of :class:`ThreatShares`; the
    bottom bar splits only the threats that ended with sanctions imposed into concessions
    and deadlock, which is what a study of imposed sanctions sees. Made once per Axes;
    :meth:`update` moves the segments and labels in place.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    """

    _ALL = ("concession at threat", "concession after imposition", "sender backs down",
            "deadlock")
    _IMPOSED = ("concession after imposition", "deadlock")

    def __init__(self, ax: Any) -> None:
        self.ax = ax
        self.all_threats = [
            ax.barh(0, 0.0, left=0.0, height=0.6, color=EPISODE_COLORS[name],
                    hatch=_EPISODE_HATCH[name], edgecolor="black", linewidth=0.5,
                    label=EPISODE_LABELS[name])[0]
            for name in self._ALL
        ]
        self.imposed = [
            ax.barh(1, 0.0, left=0.0, height=0.6, color=EPISODE_COLORS[name],
                    hatch=_EPISODE_HATCH[name], edgecolor="black", linewidth=0.5)[0]
            for name in self._IMPOSED
        ]
        self.all_text = [self._label(0) for _ in self._ALL]
        self.imposed_text = [self._label(1) for _ in self._IMPOSED]
        self.empty = ax.text(0.5, 1, "", ha="center", va="center", fontsize=FONT)
        ax.set_yticks([0, 1], ["all threats", "imposed\nsanctions only"], fontsize=FONT)
        ax.set_ylim(1.5, -0.5)
        ax.set_xlim(0, 1)
        ax.tick_params(axis="x", labelsize=FONT)
        apply_style(ax, xlabel="share of the episodes in the bar", grid=False)
        ax.xaxis.label.set_fontsize(FONT)
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), ncols=2, frameon=False,
                  fontsize=FONT)
        self.title = ax.set_title(" ", fontsize=FONT + 1, loc="left")

    def _label(self, y: float) -> Any:
        return self.ax.text(0.0, y, "", ha="center", va="center", fontsize=FONT,
                            bbox={"facecolor": "white", "edgecolor": "none", "pad": 1.0,
                                  "alpha": 0.85})

    @property
    def artists(self) -> list[Any]:
        """The artists :meth:`update` changes (for blitting)."""
        return [*self.all_threats, *self.imposed, *self.all_text, *self.imposed_text,
                self.empty, self.title]

    @staticmethod
    def _fill(bars: Sequence[Any], texts: Sequence[Any], widths: Sequence[float]) -> None:
        left = 0.0
        for bar, text, width in zip(bars, texts, widths, strict=True):
            bar.set_x(left)
            bar.set_width(width)
            text.set_text(_pct(width) if width >= _MIN_LABELLED else "")
            text.set_x(left + width / 2)
            left += width

    def update(self, shares: ThreatShares, *, title: str | None = None) -> Any:
        """Show ``shares`` (from :meth:`ThreatPopulation.shares` or a simulation's);
        return the Axes."""
        self._fill(self.all_threats, self.all_text,
                   [shares.concession_at_threat, shares.concession_after_imposition,
                    shares.sender_backs_down, shares.deadlock])
        imposed = shares.imposed
        if imposed > 0.0:
            rate = shares.success_rate_imposed
            self._fill(self.imposed, self.imposed_text, [rate, 1.0 - rate])
            self.empty.set_text("")
        else:
            self._fill(self.imposed, self.imposed_text, [0.0, 0.0])
            self.empty.set_text("no sanctions are imposed")
        if title is None:
            imposed_rate = ("none imposed" if imposed <= 0.0
                            else f"{_pct(shares.success_rate_imposed)} of imposed sanctions")
            title = (f"Concessions: {_pct(shares.success_rate_all)} of all threats, "
                     f"{imposed_rate}")
        self.title.set_text(title)
        return self.ax


def _legend(ax: Any, **kwargs: Any) -> Any:
    return ax.legend(frameon=False, fontsize=FONT, **kwargs)


def _finish(ax: Any, *, title: str | None, xlabel: str, ylabel: str) -> Any:
    apply_style(ax, xlabel=xlabel, ylabel=ylabel)
    ax.xaxis.label.set_fontsize(FONT)
    ax.yaxis.label.set_fontsize(FONT)
    ax.tick_params(labelsize=FONT)
    if title is not None:
        ax.set_title(title, fontsize=FONT + 1, loc="left")
    return ax


def plot_nash_vs_sender_cost(ax: Any, talks: TradeTalks, sender_costs: Sequence[float],
                             credibilities: Sequence[float], *,
                             title: str | None = None) -> Any:
    r"""The sender's Nash share against its own cost of sanctions, one line per credibility.

    A dashed line is the share without a threat; a dotted vertical line marks the sender's
    cost equal to the target's, :math:`C_S = C_T E(s, d)`, beyond which the threat lowers
    the sender's share.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    talks : TradeTalks
        Every parameter but ``sender_cost`` and ``credibility`` is taken from it.
    sender_costs : sequence of float
        Values of :math:`C_S`, each >= 0.
    credibilities : sequence of float
        Values of :math:`q`, each in [0, 1].
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    costs = check_array("sender_costs", sender_costs, low=0.0, high=math.inf, high_open=True)
    qs = [check_probability("credibility", q) for q in credibilities]
    for k, q in enumerate(qs):
        shares = [replace(talks, sender_cost=float(c), credibility=q).nash_share()
                  for c in costs]
        ax.plot(costs, shares, color=color(k), linestyle=LINESTYLES[k % len(LINESTYLES)],
                linewidth=2, label=f"threat, credibility q = {q:g}")
    ax.axhline(talks.nash_share(threat=False), color=PALETTE["black"], linestyle="--",
               linewidth=1, label="no threat")
    parity = talks.target_cost * talks.effectiveness
    if costs.min() <= parity <= costs.max():
        ax.axvline(parity, color=GREY, linestyle=":", linewidth=1.5,
                   label=f"equal costs: $C_S = C_T E$ = {parity:.2f}")
    _legend(ax, loc="lower left")
    return _finish(ax, title=title, xlabel="sender's cost of imposing sanctions $C_S$",
                   ylabel="sender's share $x_S$ (Nash)")


def plot_patience_vs_bite(ax: Any, discount: float, bites: Sequence[float], *,
                          title: str | None = None) -> Any:
    r"""Alternating offers: the first proposer's (sender's) share against the bite of
    sanctions in force, when only the target is bitten and when both are bitten equally.

    Both players start with the discount factor ``discount``; a bite :math:`\sigma` turns a
    bitten player's factor into :math:`\delta (1 - \sigma)`. The dashed line is the share
    without sanctions, :math:`1 / (1 + \delta)`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    discount : float
        Common discount factor :math:`\delta` in [0, 1).
    bites : sequence of float
        Values of :math:`\sigma`, each in [0, 1].
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    sigma = check_array("bites", bites, low=0.0, high=1.0)
    base = TradeTalks(sender_discount=discount, target_discount=discount, coverage=1.0,
                      target_bite=0.0)
    target_only = [replace(base, target_bite=float(b)).rubinstein_share() for b in sigma]
    both = [replace(base, target_bite=float(b), sender_bite=float(b)).rubinstein_share()
            for b in sigma]
    ax.plot(sigma, target_only, color=color(0), linewidth=2,
            label="sanctions bite the target only")
    ax.plot(sigma, both, color=color(3), linestyle="-.", linewidth=2,
            label="they bite both sides equally")
    ax.axhline(rubinstein_share(base.sender_discount, base.target_discount),
               color=PALETTE["black"], linestyle="--", linewidth=1,
               label=f"no sanctions: $1/(1+\\delta)$, $\\delta$ = {base.target_discount:g}")
    _legend(ax, loc="upper left")
    return _finish(ax, title=title, xlabel=r"bite $\sigma$ (share of the deal lost per round)",
                   ylabel="sender's share $x_S$ (alternating offers)")


def plot_finite_horizon(ax: Any, delta1: float, delta2: float, max_rounds: int, *,
                        title: str | None = None) -> Any:
    r"""Player 1's share when the talks must end after :math:`T` rounds, for
    :math:`T = 1, \dots`, ``max_rounds``, with Rubinstein's limit as a dashed line.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    delta1, delta2 : float
        Discount factors in [0, 1).
    max_rounds : int
        Largest horizon drawn, >= 1.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    horizon = check_integer("max_rounds", max_rounds, 1)
    rounds = np.arange(1, horizon + 1)
    shares = [rubinstein_finite_share(delta1, delta2, int(t)) for t in rounds]
    ax.plot(rounds, shares, color=color(0), marker=MARKERS[0], markersize=4, linewidth=1,
            label="last round $T$: backward induction")
    ax.axhline(rubinstein_share(delta1, delta2), color=PALETTE["vermillion"], linestyle="--",
               linewidth=1.5, label="no last round (Rubinstein)")
    ax.set_ylim(0, 1.02)
    _legend(ax, loc="upper right")
    return _finish(ax, title=title, xlabel="number of rounds $T$",
                   ylabel="proposer's share $x_1(T)$")


def _shares_by_credibility(population: ThreatPopulation, credibilities: Sequence[float],
                           ) -> tuple[np.ndarray, list[Any]]:
    """The validated credibilities and the population's episode shares at each."""
    ps = check_array("credibilities", credibilities, low=0.0, high=1.0)
    return ps, [population.replace(credibility=float(p)).shares() for p in ps]


def plot_selection_vs_credibility(ax: Any, population: ThreatPopulation,
                                  credibilities: Sequence[float], *,
                                  title: str | None = None) -> Any:
    r"""Three rates against credibility: the success rate of imposed sanctions, the success
    rate of all threats and the share of concessions made at the threat stage.

    A dotted vertical line marks :math:`p = 1 - \lambda`, from which no imposed sanction
    succeeds. Points where a rate is undefined (nothing imposed, no concession) are left out.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    population : ThreatPopulation
        Every parameter but the credibility is taken from it.
    credibilities : sequence of float
        Values of :math:`p`, each in [0, 1].
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ps, shares = _shares_by_credibility(population, credibilities)
    series = [
        ("success rate of imposed sanctions", [s.success_rate_imposed for s in shares], "-"),
        ("success rate of all threats", [s.success_rate_all for s in shares], "--"),
        ("share of concessions made at the threat", [s.threat_stage_share for s in shares],
         "-."),
    ]
    for k, (label, values, style) in enumerate(series):
        ax.plot(ps, values, color=color((3, 0, 2)[k]), linestyle=style, linewidth=2,
                label=label)
    edge = 1.0 - population.sunk_share
    ax.axvline(edge, color=GREY, linestyle=":", linewidth=1.5,
               label=f"$p = 1 - \\lambda$ = {edge:.2f}")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(ps.min(), ps.max())
    # Below the Axes: inside, it would hide the curves' crossing near p = 0.5.
    _legend(ax, loc="upper left", bbox_to_anchor=(-0.02, -0.2))
    return _finish(ax, title=title, xlabel="credibility $p$ (share of resolved senders)",
                   ylabel="rate")


def plot_imposed_sanctions_vs_credibility(ax: Any, population: ThreatPopulation,
                                          credibilities: Sequence[float], *,
                                          title: str | None = None) -> Any:
    r"""Shares of all threats against credibility: conceded at the threat, ending with
    sanctions imposed, and conceded after imposition.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    population : ThreatPopulation
        Every parameter but the credibility is taken from it.
    credibilities : sequence of float
        Values of :math:`p`, each in [0, 1].
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    ps, shares = _shares_by_credibility(population, credibilities)
    ax.plot(ps, [s.concession_at_threat for s in shares], color=EPISODE_COLORS[
        "concession at threat"], linestyle="--", linewidth=2, label="concede at the threat")
    ax.plot(ps, [s.imposed for s in shares], color=EPISODE_COLORS["deadlock"], linewidth=2,
            label="sanctions imposed")
    ax.plot(ps, [s.concession_after_imposition for s in shares], color=PALETTE["green"],
            linestyle="-.", linewidth=2, label="concede after imposition")
    ax.set_ylim(0, 1.02)
    ax.set_xlim(ps.min(), ps.max())
    _legend(ax, loc="upper left")
    return _finish(ax, title=title, xlabel="credibility $p$ (share of resolved senders)",
                   ylabel="share of all threats")


def _jump_marks(ax: Any, x: float, low: float, high: float, colour: str) -> None:
    """Filled dot at the value taken, open dot at the limit not reached."""
    ax.plot([x], [low], marker="o", color=colour, markersize=5, linestyle="none")
    ax.plot([x], [high], marker="o", markerfacecolor="white", markeredgecolor=colour,
            markersize=5, linestyle="none")
    ax.plot([x, x], [low, high], color=colour, linestyle=":", linewidth=1)


def plot_concession_vs_conflict_expectations(ax: Any, target_cost: float,
                                             sender_costs: Sequence[float], *,
                                             points: int = 201,
                                             title: str | None = None) -> Any:
    r"""Drezner's equilibrium concession against conflict expectations :math:`\gamma`, one
    line per sender cost.

    The concession is 0 up to the credibility cutoff :math:`c_S / c_T`, jumps there to
    :math:`c_T - c_S` (open dot: the limit from the right, not attained) and falls to
    :math:`(c_T - c_S) / 2` at :math:`\gamma = 1`.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    target_cost : float
        :math:`c_T` > 0.
    sender_costs : sequence of float
        Values of :math:`c_S`, each in [0, c_T).
    points : int
        Grid points on each side of a jump, >= 2.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    n = check_integer("points", points, 2)
    costs = check_array("sender_costs", sender_costs, low=0.0, high=target_cost,
                        high_open=True)
    for k, c_s in enumerate(costs):
        colour = color(k)
        cutoff = ConflictExpectationsGame(target_cost, float(c_s)).credibility_cutoff
        below = np.linspace(0.0, cutoff, n)
        above = np.linspace(cutoff, 1.0, n)[1:]
        label = f"sender's cost $c_S$ = {c_s:g}"
        style = LINESTYLES[k % len(LINESTYLES)]
        ax.plot(below, [equilibrium_concession(target_cost, float(c_s), float(g))
                        for g in below], color=colour, linestyle=style, linewidth=2,
                label=label)
        ax.plot(above, [equilibrium_concession(target_cost, float(c_s), float(g))
                        for g in above], color=colour, linestyle=style, linewidth=2)
        _jump_marks(ax, cutoff, 0.0, target_cost - float(c_s), colour)
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.02, target_cost * 1.05)
    _legend(ax, loc="upper right")
    return _finish(ax, title=title, xlabel=r"conflict expectations $\gamma$",
                   ylabel="concession $D^*$")


def plot_concession_vs_sender_cost(ax: Any, target_cost: float,
                                   conflict_expectations: Sequence[float], *,
                                   points: int = 201, title: str | None = None) -> Any:
    r"""Drezner's equilibrium concession against the sender's cost, one line per level of
    conflict expectations.

    The concession falls with slope :math:`-\gamma / (1 + \gamma)` and drops to 0 where the
    threat stops being credible, at :math:`c_S = \gamma c_T` (filled dot: the value there).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    target_cost : float
        :math:`c_T` > 0.
    conflict_expectations : sequence of float
        Values of :math:`\gamma`, each in (0, 1].
    points : int
        Grid points on each side of a drop, >= 2.
    title : str, optional

    Returns
    -------
    matplotlib.axes.Axes
    """
    n = check_integer("points", points, 2)
    gammas = check_array("conflict_expectations", conflict_expectations, low=0.0, high=1.0,
                         low_open=True)
    top = target_cost
    for k, g in enumerate(gammas):
        colour = color(k)
        edge = float(g) * target_cost
        style = LINESTYLES[k % len(LINESTYLES)]
        below = np.linspace(0.0, edge, n)[:-1]
        above = np.linspace(edge, top, n)
        ax.plot(below, [equilibrium_concession(target_cost, float(c), float(g))
                        for c in below], color=colour, linestyle=style, linewidth=2,
                label=f"conflict expectations $\\gamma$ = {g:g}")
        ax.plot(above, [equilibrium_concession(target_cost, float(c), float(g))
                        for c in above], color=colour, linestyle=style, linewidth=2)
        limit = (target_cost - float(g) * edge) / (1.0 + float(g))
        _jump_marks(ax, edge, 0.0, limit, colour)
    ax.set_xlim(0, top)
    ax.set_ylim(-0.02, target_cost * 1.05)
    _legend(ax, loc="upper right")
    return _finish(ax, title=title, xlabel="sender's cost $c_S$", ylabel="concession $D^*$")


# Layout of the threat game's tree: decision nodes on a horizontal spine, each first action
# dropping to an outcome below; the last action continues the spine to the deadlock.
_NODES = ("threat decision", "threat response", "imposition decision", "sanctions response")
_PLAYER = {"threat decision": "S", "threat response": "T", "imposition decision": "S",
           "sanctions response": "T"}
_DROP = {"threat decision": ("no threat", "status quo"),
         "threat response": ("concede", "concession at threat"),
         "imposition decision": ("back down", "sender backs down"),
         "sanctions response": ("give in", "concession after imposition")}
_ON = {"threat decision": "threaten", "threat response": "resist",
       "imposition decision": "impose", "sanctions response": "hold out"}
_WRAPPED = {"status quo": "status quo", "concession at threat": "concession\nat threat",
            "sender backs down": "sender\nbacks down",
            "concession after imposition": "concession after\nimposition",
            "deadlock": "deadlock"}


def plot_threat_tree(ax: Any, game: ThreatGame, *, title: str | None = None) -> Any:
    """The threat-versus-imposition game tree with its subgame perfect plan.

    S and T mark the sender's and the target's moves. Every action the plan chooses is
    drawn thick (in vermillion on the equilibrium path, in black off it); actions not
    chosen are thin and grey. Each outcome shows its (sender, target) payoffs.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    game : ThreatGame
    title : str, optional
        Default: where the equilibrium path ends.

    Returns
    -------
    matplotlib.axes.Axes
    """
    solution = game.solve()
    payoffs = game.payoffs()
    on_path = set(solution.path)
    spine_y, leaf_y = 1.0, 0.0

    def style(node: str, action: str) -> dict[str, Any]:
        if (node, action) in on_path:
            return {"color": PALETTE["vermillion"], "linewidth": 3.2, "zorder": 2}
        if solution.plan[node] == action:
            return {"color": PALETTE["black"], "linewidth": 2.4, "zorder": 2}
        return {"color": GREY, "linewidth": 1.2, "zorder": 1}

    def leaf(x: float, y: float, outcome: str, va: str) -> None:
        sender, target = payoffs[outcome]
        ends_here = outcome == solution.outcome
        ax.text(x, y, f"{_WRAPPED[outcome]}\n({sender:+.2f}, {target:+.2f})", ha="center",
                va=va, fontsize=FONT, fontweight="bold" if ends_here else "normal",
                bbox={"facecolor": "#FBE3D6" if ends_here else "white",
                      "edgecolor": PALETTE["vermillion"] if ends_here else GREY,
                      "boxstyle": "round,pad=0.3"})

    for i, node in enumerate(_NODES):
        x = float(i)
        drop_action, outcome = _DROP[node]
        ax.plot([x, x], [spine_y, leaf_y + 0.18], **style(node, drop_action))
        ax.text(x + 0.05, (spine_y + leaf_y) / 2 + 0.1, drop_action, ha="left", va="center",
                fontsize=FONT, style="italic")
        leaf(x, leaf_y, outcome, "top")
        on_action = _ON[node]
        end = x + (0.9 if i == len(_NODES) - 1 else 1.0)
        ax.plot([x, end], [spine_y, spine_y], **style(node, on_action))
        ax.text((x + end) / 2, spine_y + 0.07, on_action, ha="center", va="bottom", fontsize=FONT,
                style="italic")
        ax.plot([x], [spine_y], marker="o", markersize=17, color="white",
                markeredgecolor="black", zorder=3)
        ax.text(x, spine_y, _PLAYER[node], ha="center", va="center", fontsize=FONT,
                fontweight="bold", zorder=4)
    leaf(len(_NODES) + 0.35, spine_y, "deadlock", "center")
    ax.set_xlim(-0.55, len(_NODES) + 0.85)
    ax.set_ylim(-0.62, 1.35)
    ax.set_axis_off()
    if title is None:
        title = f"Equilibrium: {solution.outcome} (payoffs: sender, target)"
    ax.set_title(title, fontsize=FONT + 1, loc="left")
    return ax
