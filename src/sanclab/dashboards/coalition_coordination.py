"""Lesson 1's dashboard (coalition coordination): the cascade of allies and the target's cost.

The protocol every dashboard follows is described in :mod:`sanclab.dashboards`.

Examples
--------
>>> from sanclab.dashboards.coalition_coordination import dashboard
>>> dash = dashboard()
>>> [control.name for control in dash.controls]
['penalty', 'diversion', 'waiver', 'spread']
>>> print(dash.readout_text)
Allies sanctioning: 8 of 8, reached in 5 round(s) of the cascade
Coverage of the target's trade: 88%  ·  share effectively cut E = 0.83 (diversion 0.50)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

from sanclab.models import (
    CascadeResult,
    ParticipationGame,
    effectiveness,
    load_allies,
    participation_game,
    spread_costs,
)
from sanclab.widgets import BookPlan, Control, Dashboard

__all__ = ["CoalitionView", "coalition_view", "dashboard", "largest_ally"]



def largest_ally(allies: pd.DataFrame) -> str:
    """Name of the ally with the largest share of the target's trade (first one on a tie).

    Examples
    --------
    >>> largest_ally(load_allies())
    'Large exporter'
    """
    members = allies[allies["role"] == "ally"]
    return str(members.loc[members["trade_share"].idxmax(), "name"])


@dataclass(frozen=True)
class CoalitionView:
    """Everything lesson 1's dashboard shows for one setting of its sliders."""

    penalty: float
    diversion: float
    waiver: float
    spread: float
    game: ParticipationGame
    cascade: CascadeResult
    effectiveness: float
    smallest_equilibrium: int
    largest_equilibrium: int


def coalition_view(penalty: float, diversion: float, waiver: float, spread: float,
                   *, benefit: float = 1.0) -> CoalitionView:
    """Compute lesson 1's model for one setting of the dashboard's sliders.

    Parameters
    ----------
    penalty : float
        Secondary penalty, in [0, inf).
    diversion : float
        Share of sanctioned trade non-members can absorb, in [0, 1].
    waiver : float
        Penalty waiver granted to the largest ally (:func:`largest_ally`), in [0, 1].
    spread : float
        Spread of the allies' costs around their mean (1 = the table), in [0, 2].
    benefit : float
        Benefit of a fully effective coalition, in [0, inf).

    Returns
    -------
    CoalitionView

    Examples
    --------
    >>> view = coalition_view(0.4, 0.5, 1.0, 1.0)
    >>> view.cascade.n_joined - 1, view.largest_equilibrium
    (0, 0)
    """
    allies = spread_costs(load_allies(), spread)
    game = participation_game(allies, penalty=penalty, diversion=diversion, benefit=benefit,
                              waiver_overrides={largest_ally(allies): waiver})
    cascade = game.cascade()
    return CoalitionView(
        penalty=penalty,
        diversion=diversion,
        waiver=waiver,
        spread=spread,
        game=game,
        cascade=cascade,
        effectiveness=float(effectiveness(cascade.final_share, diversion)),
        smallest_equilibrium=int(game.smallest_equilibrium().sum()),
        largest_equilibrium=int(game.largest_equilibrium().sum()),
    )


def _coalition_readout(view: CoalitionView) -> str:
    allies = view.game.n_allies
    joined = view.cascade.n_joined - 1
    line1 = (f"Allies sanctioning: {joined} of {allies}, reached in {view.cascade.rounds} "
             f"round(s) of the cascade")
    line2 = (f"Coverage of the target's trade: {view.cascade.final_share:.0%}  ·  share "
             f"effectively cut E = {view.effectiveness:.2f} (diversion {view.diversion:.2f})")
    if view.largest_equilibrium != joined:
        line2 += (f"\nAnother equilibrium has {view.largest_equilibrium} allies: "
                  "the cascade stops short of it")
    return f"{line1}\n{line2}"


class _CoalitionFigure:
    """Lesson 1's two panels, built on first use and then updated in place.

    One instance serves one dashboard, hence one figure.
    """

    def __init__(self) -> None:
        self.panels: tuple[Any, Any] | None = None

    def __call__(self, fig: Any, view: CoalitionView) -> list[Any]:
        from sanclab.plots.coalition_coordination import CascadeBars, EffectivenessCurves

        if self.panels is None:
            left, right = fig.subplots(1, 2, width_ratios=(1.3, 1))
            self.panels = (CascadeBars(left, view.cascade.names),
                           EffectivenessCurves(right, [0.0, 1.0]))
        bars, curves = self.panels
        joined = view.cascade.n_joined - 1
        bars.update(view.cascade, title=f"{joined} of {view.game.n_allies} allies join "
                                        f"after {view.cascade.rounds} round(s)")
        curves.update(view.cascade.final_share, view.diversion,
                      title=f"Target's trade cut: E = {view.effectiveness:.2f}")
        return [*bars.artists, *curves.artists]


def dashboard(*, penalty: float = 0.4, diversion: float = 0.5,
                        waiver: float = 0.0, spread: float = 1.0) -> Dashboard:
    """Lesson 1's dashboard: the cascade round by round and the target's cost.

    Sliders: the secondary penalty, the diversion rate, a penalty waiver for the largest ally and
    the spread of the allies' costs (and so of their thresholds). Numbers are illustrative.

    The published book stores this dashboard's figure for the grid *and* the lines
    (:class:`~sanclab.widgets.BookPlan`): the outcome jumps at knife edges one step apart
    (the cascade needs p = 0.40 at d = 0.50; a penalty waiver of 0.05 already stops it; the
    spread acts non-monotonically), so every single-slider move from the initial setting is
    stored exactly (31 + 21 + 21 + 21 positions), and combined moves land on a coarse grid of
    6 x 5 x 3 x 3 values chosen around those edges; about 350 figures in all.

    Returns
    -------
    Dashboard
    """
    controls = [
        Control("penalty", "Secondary penalty p (per unit of exposure)", 0.0, 1.5, 0.05, penalty,
                symbol="p", book_values=(0.0, 0.2, 0.4, 0.6, 1.0, 1.5)),
        Control("diversion", "Diversion to non-members d (share)", 0.0, 1.0, 0.05, diversion,
                symbol="d", book_values=(0.0, 0.25, 0.5, 0.75, 1.0)),
        Control("waiver", "Penalty waiver for the largest ally k (share)", 0.0, 1.0, 0.05,
                waiver, symbol="k", book_values=(0.0, 0.5, 1.0)),
        Control("spread", "Spread of allies' costs (1 = table)", 0.0, 2.0, 0.1, spread,
                symbol="spread", book_values=(0.0, 1.0, 2.0)),
    ]
    return Dashboard(
        controls,
        coalition_view,
        _CoalitionFigure(),
        _coalition_readout,
        title="Coalition cascade: secondary penalty, leakage and a penalty waiver",
        figsize=(9.0, 4.0),
        figure_description=(
            "Left: each ally's threshold (the coverage it needs before joining) as a bar, "
            "coloured by the round of the cascade in which it joins, grey if it stays out; "
            "a dashed line marks the coverage reached. Right: the share of the target's "
            "trade effectively cut against coverage, for no diversion, full diversion and "
            "the current diversion, with the coverage reached marked."
        ),
        book=BookPlan(grid=True, lines=True),
    )
