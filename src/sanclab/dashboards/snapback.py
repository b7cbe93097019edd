"""Lesson 3's dashboard (phased reintroduction under noisy verification).

Three sender policies face the same imperfect monitor: all-at-once reimposition (full
sanctions for ever after the first flag), a graduated ladder (up ``step`` levels per flag,
down one after four clean periods) and generous tit for tat (full sanctions for one period
after a flag, unless forgiven). The panels show what a target that always complies bears
(the expected level period by period and the long-run share of periods at each level) and,
for the ladder, where on the (false-alarm rate, patience) plane the target complies. The
protocol every dashboard follows is described in :mod:`sanclab.dashboards`.

Examples
--------
>>> from sanclab.dashboards.snapback import dashboard
>>> dash = dashboard()
>>> [control.name for control in dash.controls]
['false_alarm', 'miss', 'step', 'forgiveness', 'discount']
>>> print(dash.readout_text)  # doctest: +NORMALIZE_WHITESPACE
Compliant target, long-run level: all at once 4.00 · ladder 0.29 · generous TFT 0.14;
first sanctioned after 20 periods on average (29 under generous TFT)
Target with patience δ = 0.90: all at once deterred, not sustained · ladder sustained ·
generous TFT sustained
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

import numpy as np

from sanclab.models import (
    AllAtOnce,
    ComplianceGame,
    GenerousTitForTat,
    Ladder,
    SenderPolicy,
    TargetResponse,
    best_response,
    compliance_map,
    critical_discount_curve,
    expected_level_path,
    expected_time_to_sanctions,
    level_distribution,
)
from sanclab.widgets import Control, Dashboard

__all__ = [
    "CEILING",
    "CLEAN_PERIODS",
    "NAMES",
    "PERIODS",
    "REGION_DISCOUNTS",
    "REGION_FALSE_ALARMS",
    "SnapbackView",
    "dashboard",
    "ladder_region",
    "snapback_view",
]

#: Full sanctions (the ceiling of every policy).
CEILING = 4
#: Clean periods the dashboard's ladder needs before each step down.
CLEAN_PERIODS = 4
#: Periods shown in the path panel.
PERIODS = 60
#: The policies, in the order of every array of :class:`SnapbackView`.
NAMES = ("all at once", "ladder", "generous tit for tat")
#: The grid of the compliance-region panel: false-alarm rates (the slider's values) ...
REGION_FALSE_ALARMS = np.round(np.arange(0.0, 0.3001, 0.01), 2)
#: ... and discount factors (the slider's values).
REGION_DISCOUNTS = np.round(np.arange(0.20, 0.9801, 0.02), 2)

_REGION_NOTE = ("Bottom panel: colours are the ladder's;\nthe dashed and dash-dotted lines are\n"
                "the smallest patience at which\nall-at-once reimposition and generous\n"
                "tit for tat deter.")
_SHORT = {"all at once": "all at once", "ladder": "ladder",
          "generous tit for tat": "generous TFT"}


@functools.lru_cache(maxsize=64)
def ladder_region(miss: float, step: int) -> np.ndarray:
    """The ladder's compliance codes on the dashboard's grid (cached: they depend only on
    the miss rate and the step).

    Returns
    -------
    numpy.ndarray of int8
        :func:`~sanclab.models.compliance_map` of ``Ladder(CEILING, step, CLEAN_PERIODS)``
        with shape ``(len(REGION_FALSE_ALARMS), len(REGION_DISCOUNTS))``; read-only.

    Examples
    --------
    >>> ladder_region(0.1, 1).shape
    (31, 40)
    """
    codes = compliance_map(Ladder(CEILING, step, CLEAN_PERIODS), ComplianceGame(miss=miss),
                           REGION_DISCOUNTS, REGION_FALSE_ALARMS)
    codes.flags.writeable = False
    return codes


@dataclass(frozen=True)
class SnapbackView:
    """Everything lesson 3's dashboard shows for one setting of its sliders.

    Arrays over policies follow :data:`NAMES`.

    Attributes
    ----------
    game : ComplianceGame
        The game (gain, cost and civilian cost 1; the sliders' false alarm, miss, patience).
    policies : tuple of SenderPolicy
    paths : numpy.ndarray
        Expected level in periods 0 .. PERIODS - 1 of a target that always complies.
    distributions : numpy.ndarray
        Long-run share of periods at levels 0 .. CEILING of a target that always complies.
    compliant_levels : numpy.ndarray
        Long-run average level of a target that always complies.
    first_hit_after : numpy.ndarray
        Expected periods until a compliant target is first sanctioned (``inf``: never).
    responses : tuple of TargetResponse
        The target's best response to each policy at the slider's patience.
    region : numpy.ndarray
        The ladder's compliance codes on the region grid (:func:`ladder_region`).
    region_thresholds : numpy.ndarray
        Smallest deterring patience under all-at-once reimposition and generous tit for tat
        at each false-alarm rate of the grid (rows: those two policies).
    """

    false_alarm: float
    miss: float
    step: int
    forgiveness: float
    discount: float
    game: ComplianceGame
    policies: tuple[SenderPolicy, ...]
    paths: np.ndarray
    distributions: np.ndarray
    compliant_levels: np.ndarray
    first_hit_after: np.ndarray
    responses: tuple[TargetResponse, ...]
    region: np.ndarray
    region_thresholds: np.ndarray


def snapback_view(false_alarm: float, miss: float, step: int, forgiveness: float,
                  discount: float) -> SnapbackView:
    """Compute lesson 3's models for one setting of the dashboard's sliders.

    Parameters
    ----------
    false_alarm, miss : float
        The monitor's false-alarm rate α and miss rate β, each in [0, 1].
    step : int
        Levels the ladder adds per flag, 1 to :data:`CEILING`.
    forgiveness : float
        Probability q that generous tit for tat forgives a flag, in [0, 1].
    discount : float
        The target's discount factor δ (its patience), in [0, 1).

    Returns
    -------
    SnapbackView

    Examples
    --------
    >>> view = snapback_view(0.05, 0.1, 1, 0.3, 0.9)
    >>> view.compliant_levels.round(4).tolist()
    [4.0, 0.2918, 0.14]
    >>> [r.sustained for r in view.responses]
    [False, True, True]
    """
    game = ComplianceGame(false_alarm=false_alarm, miss=miss, discount=discount)
    policies = (AllAtOnce(CEILING), Ladder(CEILING, step, CLEAN_PERIODS),
                GenerousTitForTat(CEILING, forgiveness))
    base = ComplianceGame(miss=miss)
    region_thresholds = np.array([
        critical_discount_curve(policies[0], base, REGION_FALSE_ALARMS),
        critical_discount_curve(policies[2], base, REGION_FALSE_ALARMS),
    ])
    distributions = np.array([level_distribution(p, game) for p in policies])
    return SnapbackView(
        false_alarm=false_alarm,
        miss=miss,
        step=step,
        forgiveness=forgiveness,
        discount=discount,
        game=game,
        policies=policies,
        paths=np.array([expected_level_path(p, game, PERIODS) for p in policies]),
        distributions=distributions,
        compliant_levels=distributions @ np.arange(CEILING + 1),
        first_hit_after=np.array([expected_time_to_sanctions(p, game) for p in policies]),
        responses=tuple(best_response(p, game) for p in policies),
        region=ladder_region(float(miss), int(step)),
        region_thresholds=region_thresholds,
    )


def _status(response: TargetResponse) -> str:
    if response.sustained:
        return "sustained"
    if response.deterred:
        return "deterred, not sustained"
    return "not deterred"


def _snapback_readout(view: SnapbackView) -> str:
    levels = " · ".join(f"{_SHORT[name]} {level:.2f}"
                        for name, level in zip(NAMES, view.compliant_levels, strict=True))
    first, gtft = view.first_hit_after[0], view.first_hit_after[2]
    if np.isinf(first):
        when = "never sanctioned without false alarms"
    else:
        when = f"first sanctioned after {first:.0f} periods on average"
        if gtft != first:
            when += f" ({gtft:.0f} under generous TFT)"
    line1 = f"Compliant target, long-run level: {levels}; {when}"
    statuses = " · ".join(f"{_SHORT[name]} {_status(r)}"
                          for name, r in zip(NAMES, view.responses, strict=True))
    line2 = f"Target with patience δ = {view.discount:.2f}: {statuses}"
    return f"{line1}\n{line2}"


class _SnapbackFigure:
    """Lesson 3's three panels, built on first use and then updated in place.

    One instance serves one dashboard, hence one figure.
    """

    def __init__(self) -> None:
        self.panels: tuple[Any, Any, Any] | None = None

    def __call__(self, fig: Any, view: SnapbackView) -> list[Any]:
        from sanclab.plots.snapback import ComplianceRegion, LevelBars, LevelPaths

        if self.panels is None:
            grid = fig.add_gridspec(2, 2, height_ratios=(1.0, 1.15), width_ratios=(1.2, 1.0))
            self.panels = (
                LevelPaths(fig.add_subplot(grid[0, 0]), NAMES, PERIODS, CEILING, legend=False),
                LevelBars(fig.add_subplot(grid[0, 1]), NAMES, CEILING),
                ComplianceRegion(fig.add_subplot(grid[1, 0]), REGION_FALSE_ALARMS,
                                 REGION_DISCOUNTS, (NAMES[0], NAMES[2]), legend=False),
            )
            legend_ax = fig.add_subplot(grid[1, 1])
            legend_ax.axis("off")
            legend_ax.legend(handles=[*self.panels[0].lines, *self.panels[2].handles],
                             frameon=False, fontsize=9, loc="upper left",
                             bbox_to_anchor=(0.0, 1.0))
            legend_ax.text(0.0, 0.0, _REGION_NOTE, fontsize=9, va="bottom", ha="left",
                           wrap=True, transform=legend_ax.transAxes)
        paths, bars, region = self.panels
        paths.update(view.paths)
        bars.update(view.distributions)
        region.update(view.region, view.region_thresholds, view.false_alarm, view.discount)
        return [*paths.artists, *bars.artists, *region.artists]


def dashboard(*, false_alarm: float = 0.05, miss: float = 0.1, step: int = 1,
              forgiveness: float = 0.3, discount: float = 0.9) -> Dashboard:
    """Lesson 3's dashboard: three policies under the same imperfect monitor.

    Sliders: the false-alarm rate α, the miss rate β, the ladder's step, the forgiveness of
    generous tit for tat and the target's patience δ. Gain, cost per level and civilian cost
    per level are 1 and the ceiling is 4 (illustrative numbers).

    The published book stores this dashboard's figures with the default
    :class:`~sanclab.widgets.BookPlan` (lines and a grid of the ``book_values``; see
    :mod:`sanclab.dashboards`).

    Returns
    -------
    Dashboard
    """
    controls = [
        Control("false_alarm", "False-alarm rate α (flag although the target complied)",
                0.0, 0.3, 0.01, false_alarm, book_values=(0.0, 0.05, 0.15)),
        Control("miss", "Miss rate β (no flag although the target violated)", 0.0, 0.5, 0.05,
                miss, book_values=(0.1, 0.4)),
        Control("step", "Ladder step (levels added per flag)", 1, CEILING, 1, step,
                integer=True, book_values=(1, 2, 4)),
        Control("forgiveness", "Forgiveness q of generous tit for tat", 0.0, 0.9, 0.05,
                forgiveness, book_values=(0.0, 0.3, 0.7)),
        Control("discount", "Target's patience δ (discount factor)", 0.2, 0.98, 0.02,
                discount, book_values=(0.6, 0.9)),
    ]
    return Dashboard(
        controls,
        snapback_view,
        _SnapbackFigure(),
        _snapback_readout,
        title="Reimposing sanctions on imperfect evidence: all at once, a ladder, or forgiveness",
        figsize=(7.5, 6.6),
        figure_description=(
            "Top left: the expected sanction level, period by period, of a target that "
            "always complies, under all-at-once reimposition, the ladder and generous tit for "
            "tat. Top right: the long-run share of periods such a target spends at each level "
            "0 to 4 under each policy. Bottom: for the ladder, the false-alarm rate (x) and "
            "the target's patience (y) at which it is not deterred (white), deterred but does "
            "not keep complying after false alarms (light blue) or keeps complying (dark "
            "blue), with the smallest deterring patience under all-at-once reimposition "
            "(dashed) and generous tit for tat (dash-dotted), and a marker at the current "
            "setting."
        ),
    )
