"""Lesson 2's dashboard (small-state alignment): the payoff of each alignment, the optimum and
the concentration of the small state's trade.

The protocol every dashboard follows is described in :mod:`sanclab.dashboards`.

The state is the illustrative "Balanced hedger" of ``small_states_illustrative.csv``. Five
sliders: power A's share of the state's trade, the size and the credibility of A's threat,
the size of B's threat, and the regional option. Fixed: B's share (0.25), the credibility of
B's threat (0.4), A's tolerance (0: any tie to B counts as defiance) and B's tolerance (0.6:
B accepts an alignment with A up to 0.6). All numbers are illustrative.

Examples
--------
>>> from sanclab.dashboards.small_state_alignment import dashboard
>>> dash = dashboard()
>>> [control.name for control in dash.controls]
['share_a', 'threat_a', 'credibility_a', 'threat_b', 'regional_option']
>>> print(dash.readout_text)
Optimal alignment with A: a* = 0.590 (hedging); sanctioned by A, expected loss 0.065
Above a threat of A of t* = 0.265 the state bandwagons with A
Trade concentration H = 0.179, C = 0.423; A can extract 0.150 (the option binds from 0.150)
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sanclab.models import (
    AlignmentOptimum,
    AlignmentParams,
    alignment_params,
    binding_option_level,
    extractable_surplus,
    hhi,
    hirschman_index,
    load_small_states,
    optimal_alignment,
    rescale_partner_shares,
    switch_threat,
)
from sanclab.widgets import Control, Dashboard

__all__ = ["FIXED", "STATE", "AlignmentView", "alignment_view", "dashboard", "describe_optimum"]

#: The illustrative state whose trade the dashboard shows.
STATE = "Balanced hedger"

#: Parameters the sliders do not move (B's share comes from the table).
FIXED: dict[str, float] = {
    "credibility_b": 0.4,
    "tolerance_a": 0.0,
    "tolerance_b": 0.6,
    "benefit_exponent": 0.5,
}

#: The powers' share of the gains from trade without outside options (for the surplus).
BARGAINING_SHARE = 0.5


@functools.lru_cache(maxsize=1)
def _state_rows() -> pd.DataFrame:
    """The state's rows of the illustrative table, read and validated once."""
    table = load_small_states()
    rows = table.loc[table["state"] == STATE, ["partner", "role", "trade_share"]]
    return rows.reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def _base_params() -> AlignmentParams:
    """The alignment parameters of the state with the fixed values (sliders at 0)."""
    return alignment_params(STATE, load_small_states(), **FIXED)


@dataclass(frozen=True)
class AlignmentView:
    """Everything lesson 2's dashboard shows for one setting of its sliders.

    Attributes
    ----------
    params : AlignmentParams
        The alignment model's parameters (values = trade shares with A and B).
    optimum : AlignmentOptimum
        The optimal alignment.
    switch_threat_a : float
        A's threat at which the state stops defying A (:func:`~sanclab.models.switch_threat`).
    partners : pandas.DataFrame
        The state's partners (``partner``, ``role``, ``trade_share``).
    hhi, hirschman_index : float
        Concentration of the state's trade.
    surplus_a : float
        What A can extract given the regional option
        (:func:`~sanclab.models.extractable_surplus`).
    binding_option_a : float
        The regional option from which it binds against A.
    """

    params: AlignmentParams
    optimum: AlignmentOptimum
    switch_threat_a: float
    partners: pd.DataFrame
    hhi: float
    hirschman_index: float
    surplus_a: float
    binding_option_a: float


def alignment_view(share_a: float, threat_a: float, credibility_a: float, threat_b: float,
                   regional_option: float) -> AlignmentView:
    """Compute lesson 2's models for one setting of the dashboard's sliders.

    Parameters
    ----------
    share_a : float
        A's share of the state's trade, in [0, 0.75] (B keeps 0.25; the other partners
        fill the rest, :func:`~sanclab.models.set_power_share`). It is also the value of
        the relationship with A in the alignment model.
    threat_a, credibility_a, threat_b, regional_option : float
        As in :class:`~sanclab.models.AlignmentParams`; the other parameters are
        :data:`FIXED`.

    Returns
    -------
    AlignmentView

    Examples
    --------
    >>> view = alignment_view(0.30, 0.30, 0.5, 0.10, 0.02)
    >>> view.optimum.regime, view.optimum.sanctioned_by
    ('bandwagon_a', ('B',))
    """
    rows = _state_rows()
    shares = rescale_partner_shares(rows["trade_share"].to_numpy(), rows["role"].tolist(),
                                    share_a, state=STATE)
    partners = rows.assign(trade_share=shares)
    params = _base_params().replace(value_a=share_a, threat_a=threat_a,
                                    credibility_a=credibility_a, threat_b=threat_b,
                                    regional_option=regional_option)
    return AlignmentView(
        params=params,
        optimum=optimal_alignment(params),
        switch_threat_a=switch_threat(params, "A"),
        partners=partners,
        hhi=hhi(shares),
        hirschman_index=hirschman_index(shares),
        surplus_a=float(extractable_surplus(share_a, regional_option,
                                            bargaining_share=BARGAINING_SHARE)),
        binding_option_a=binding_option_level(share_a, bargaining_share=BARGAINING_SHARE),
    )


def describe_optimum(optimum: AlignmentOptimum) -> str:
    """A few words for the optimum's regime, in the lesson's terms.

    Examples
    --------
    >>> from sanclab.models import AlignmentParams, optimal_alignment
    >>> describe_optimum(optimal_alignment(AlignmentParams(value_a=3.0, value_b=4.0)))
    'hedging'
    >>> describe_optimum(optimal_alignment(AlignmentParams(value_a=3.0, value_b=4.0,
    ...                                                    threat_a=2.5)))
    'bandwagoning with A'
    """
    regime = optimum.regime
    if regime == "hedge":
        edges = [p for p in optimum.at_edge_of if p in ("A", "B")]
        if edges:
            return f"hedging at {' and '.join(edges)}'s tolerance edge"
        return "hedging"
    if regime.startswith("bandwagon_"):
        return f"bandwagoning with {regime[-1].upper()}"
    return f"full alignment with {regime[-1].upper()}, as without threats"


def _sanctions(optimum: AlignmentOptimum) -> str:
    if not optimum.sanctioned_by:
        return "no sanction expected"
    who = " and ".join(optimum.sanctioned_by)
    return f"sanctioned by {who}, expected loss {optimum.expected_loss:.3f}"


def _switch(view: AlignmentView) -> str:
    t_star = view.switch_threat_a
    if math.isinf(t_star):
        return "A's threat is not credible: no threat of A makes the state bandwagon with A"
    if t_star == 0.0:
        return "The state aligns fully with A at any threat of A"
    return f"Above a threat of A of t* = {t_star:.3f} the state bandwagons with A"


def _readout(view: AlignmentView) -> str:
    best = view.optimum
    line1 = (f"Optimal alignment with A: a* = {best.alignment:.3f} ({describe_optimum(best)}); "
             f"{_sanctions(best)}")
    line3 = (f"Trade concentration H = {view.hhi:.3f}, C = {view.hirschman_index:.3f}; "
             f"A can extract {view.surplus_a:.3f} (the option binds from "
             f"{view.binding_option_a:.3f})")
    text = f"{line1}\n{_switch(view)}\n{line3}"
    if best.knife_edge:
        tied = " and ".join(f"{a:.3f}" for a in best.optima)
        text += (f"\nKnife-edge: a = {tied} are equally good; the state is taken to choose "
                 "the one with the smaller expected loss")
    return text


class _AlignmentFigure:
    """Lesson 2's two panels, built on first use and then updated in place."""

    def __init__(self) -> None:
        self.panels: tuple[Any, Any] | None = None

    def __call__(self, fig: Any, view: AlignmentView) -> list[Any]:
        from sanclab.plots.small_state_alignment import PartnerBars, PayoffPanel

        if self.panels is None:
            left, right = fig.subplots(1, 2, width_ratios=(1.35, 1))
            partners = view.partners
            labels = [name.replace(" partner", "") for name in partners["partner"]]
            self.panels = (PayoffPanel(left, ylim=(-0.4, 0.8), tolerances=view.params,
                                       legend=False),
                           PartnerBars(right, labels, list(partners["role"])))
            fig.legend(*left.get_legend_handles_labels(), loc="outside lower center", ncols=2,
                       fontsize=9, frameon=False)
        payoff, bars = self.panels
        best = view.optimum
        payoff.update(view.params, best,
                      title=f"a* = {best.alignment:.2f}: {describe_optimum(best)}")
        bars.update(view.partners["trade_share"].to_numpy(),
                    title=f"Trade: H = {view.hhi:.3f}, C = {view.hirschman_index:.2f}")
        return [*payoff.artists, *bars.artists]


def dashboard(*, share_a: float = 0.30, threat_a: float = 0.15, credibility_a: float = 0.5,
              threat_b: float = 0.10, regional_option: float = 0.02) -> Dashboard:
    """Lesson 2's dashboard: the payoff of each alignment, the optimum and the concentration.

    Sliders: A's share of the small state's trade, the size and the credibility of A's
    threat, the size of B's threat and the regional option (see the module docstring for
    what stays fixed). Numbers are illustrative.

    The published book stores this dashboard's figures with the default
    :class:`~sanclab.widgets.BookPlan` (lines and a grid of the ``book_values``; see
    :mod:`sanclab.dashboards`).

    Returns
    -------
    Dashboard
    """
    controls = [
        Control("share_a", "A's share of the state's trade s_A", 0.10, 0.70, 0.05, share_a,
                book_values=(0.1, 0.3, 0.55)),
        Control("threat_a", "A's threat t_A (loss if carried out)", 0.0, 0.5, 0.05, threat_a,
                book_values=(0.0, 0.15, 0.4)),
        Control("credibility_a", "Credibility of A's threat p_A", 0.0, 1.0, 0.05,
                credibility_a, book_values=(0.25, 0.5, 1.0)),
        Control("threat_b", "B's threat t_B (loss if carried out)", 0.0, 0.3, 0.05, threat_b,
                book_values=(0.0, 0.1)),
        Control("regional_option", "Regional option r (damage made good)", 0.0, 0.3, 0.02,
                regional_option, book_values=(0.02, 0.16)),
    ]
    return Dashboard(
        controls,
        alignment_view,
        _AlignmentFigure(),
        _readout,
        title="A small state between two powers: alignment, threats and a regional option",
        figsize=(7.6, 4.7),
        figure_description=(
            "Left: the small state's payoff against its alignment with power A (0 = with B, "
            "1 = with A): the benefit without threats as a dashed line, the payoff net of "
            "expected secondary-sanction losses as a solid line that drops at B's tolerance "
            "edge (0.6) and jumps up at full alignment with A, a dotted line at the optimum "
            "without threats and a diamond at the optimum. Right: the state's trade shares "
            "by partner (A, B, three regional and five other partners), with the "
            "concentration index in the title."
        ),
    )
