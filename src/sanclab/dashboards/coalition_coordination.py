"""Lesson 1's dashboard (coalition coordination): the cascade of allies and the target's cost.

The protocol every dashboard follows is described in :mod:`sanclab.dashboards`. The model
side is :func:`sanclab.models.coalition_outcome` (the course's table is cached, so one
setting costs about a millisecond); the figure repaints only the bars, their labels, the
coverage line and the moving curve (about 10 ms), and the readout carries the numbers.

Examples
--------
>>> from sanclab.dashboards.coalition_coordination import dashboard
>>> dash = dashboard()
>>> [control.name for control in dash.controls]
['penalty', 'diversion', 'waiver', 'spread']
>>> print(dash.readout_text)
Allies sanctioning: 8 of 8 (the cascade took 5 rounds)
Coverage 88% of the target's trade; trade cut E = 0.83 at diversion 0.50
"""

from __future__ import annotations

from typing import Any

from sanclab.models import CoalitionOutcome, coalition_outcome, largest_ally
from sanclab.widgets import BookPlan, Control, Dashboard

__all__ = ["CoalitionView", "coalition_view", "dashboard", "largest_ally"]

#: What the dashboard shows for one setting: the model's outcome (see
#: :class:`sanclab.models.CoalitionOutcome`).
CoalitionView = CoalitionOutcome


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
        :func:`sanclab.models.coalition_outcome` of the course's allies table.

    Examples
    --------
    >>> view = coalition_view(0.4, 0.5, 1.0, 1.0)
    >>> view.cascade.n_joined - 1, view.largest_equilibrium
    (0, 0)
    """
    return coalition_outcome(penalty, diversion, waiver, spread, benefit=benefit)


def _coalition_readout(view: CoalitionView) -> str:
    allies = view.game.n_allies
    joined = view.allies_joined
    rounds = view.cascade.rounds
    line1 = (f"Allies sanctioning: {joined} of {allies} (the cascade took {rounds} "
             f"round{'' if rounds == 1 else 's'})")
    line2 = (f"Coverage {view.coverage:.0%} of the target's trade; trade cut "
             f"E = {view.effectiveness:.2f} at diversion {view.diversion:.2f}")
    if view.largest_equilibrium != joined:
        line2 += (f"\nAnother equilibrium has {view.largest_equilibrium} allies: "
                  "the cascade from the leader stops short of it")
    return f"{line1}\n{line2}"


class _CoalitionFigure:
    """Lesson 1's two panels, built on first use and then updated in place.

    One instance serves one dashboard, hence one figure. Titles and legends are static;
    the numbers are in the readout.
    """

    def __init__(self) -> None:
        self.panels: tuple[Any, Any] | None = None

    def __call__(self, fig: Any, view: CoalitionView) -> list[Any]:
        from sanclab.plots.coalition_coordination import CascadeBars, EffectivenessCurves

        if self.panels is None:
            left, right = fig.subplots(1, 2, width_ratios=(1.45, 1))
            self.panels = (
                CascadeBars(left, view.cascade.names,
                            title="Thresholds; colour = round of joining"),
                EffectivenessCurves(right, [0.0, 1.0], title="Share of trade cut"),
            )
        bars, curves = self.panels
        bars.update(view.cascade)
        curves.update(view.coverage, view.diversion)
        return [*bars.artists, *curves.artists]


def dashboard(*, penalty: float = 0.4, diversion: float = 0.5,
              waiver: float = 0.0, spread: float = 1.0) -> Dashboard:
    """Lesson 1's dashboard: the cascade round by round and the target's cost.

    Sliders: the secondary penalty, the diversion rate, a penalty waiver for the largest
    ally and the spread of the allies' costs (and so of their thresholds). Numbers are
    illustrative. The penalty moves in steps of 0.005, fine enough to show the gap
    between holding full participation (p* = 0.394) and building it (0.395).

    The published book stores this dashboard's figure for the grid *and* the lines
    (:class:`~sanclab.widgets.BookPlan`): the outcome jumps at knife edges one step apart
    (the cascade needs p = 0.40 at d = 0.50; a penalty waiver of 0.05 already stops it; the
    spread acts non-monotonically), so every single-slider move from the initial setting is
    stored exactly (201 + 21 + 21 + 21 positions), and combined moves land on a coarse grid
    of 5 x 5 x 3 x 3 values chosen around those edges; about 490 figures in all.

    Returns
    -------
    Dashboard
    """
    controls = [
        Control("penalty", "Secondary penalty p (per unit of exposure)", 0.0, 1.0, 0.005,
                penalty, readout_format=".3f", symbol="p",
                book_values=(0.0, 0.2, 0.4, 0.6, 1.0)),
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
        figsize=(7.5, 3.3),
        figure_description=(
            "Left: each ally's threshold (the coverage it needs before joining) as a bar, "
            "coloured by the round of the cascade in which it joins and labelled with that "
            "round, grey and labelled 'stays out' if it stays out; a dashed line marks the "
            "coverage reached. Right: the share of the target's trade effectively cut "
            "against coverage, for no diversion, full diversion and the current diversion, "
            "with the cascade's end marked."
        ),
        book=BookPlan(grid=True, lines=True),
    )
