"""Tests for sanclab.dashboards.elite_bargaining: lesson 4's dashboard.

The view is the two models' answer for one setting of the sliders; the dashboard must show
exactly that answer (readout and figure) and follow every slider.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from sanclab.dashboards.elite_bargaining import dashboard, elite_view
from sanclab.lessons import get_lesson
from sanclab.models import (
    SelectorateModel,
    allocation,
    challenger_offer,
    combined_game,
    combined_power_table,
    defection_margin,
    incumbent_best_offer,
)

RTOL = 1e-12


def test_the_registry_builds_this_dashboard():
    """Lesson 4's registry entry points at this module's dashboard()."""
    assert repr(get_lesson(4).dashboard()) == repr(dashboard())


def test_view_agrees_with_both_models():
    """t = 0.3, s = 0.6, W = 20, S = 200, rho = 0.5: the view's table, coalitions, offers and
    allocations are the models' own."""
    view = elite_view(0.3, 0.6, 20, 200, 0.5)
    pd.testing.assert_frame_equal(view.table,
                                  combined_power_table(targeted=0.3, comprehensive=0.6))
    game = combined_game(targeted=0.3, comprehensive=0.6)
    assert list(view.coalitions_after) == game.minimal_winning_coalitions()
    model = SelectorateModel(200, 20, revenue=100, revenue_cut=0.6, rent_cut=0.3,
                             challenger_relief=0.5)
    assert view.model == model
    assert_allclose(view.offer_after, (incumbent_best_offer(model), challenger_offer(model)),
                    rtol=RTOL)
    assert_allclose(view.margin_after, defection_margin(model), rtol=RTOL)
    assert view.allocation_after == allocation(model)
    assert view.allocation_before == allocation(model.without_sanctions())


def test_default_shows_weight_lost_and_power_kept():
    """Default t = 0.1: the business elites' weight falls 15 -> 13.5 but no faction's power
    moves (the first critical size is 20/153 > 0.1); the leader survives with margin 8."""
    view = elite_view(0.1, 0.0, 10, 100, 1.0)
    business = view.table.set_index("name").loc["Business elites"]
    assert_allclose([business["weight_before"], business["weight_after"]], [15, 13.5])
    assert view.power_changed == []
    assert view.survives and view.margin_after == pytest.approx(8.0, rel=RTOL)


def test_readout_follows_the_sliders():
    """The default readout reports no power change and survival; t = 0.15 changes the power
    of all five factions; s = 0.95 topples the leader (s* = 0.9)."""
    dash = dashboard()
    assert dash.readout_text.startswith(
        "Factions: power (Shapley-Shubik) changed for 0 of 5")
    assert "survives" in dash.readout_text
    dash.set(targeted=0.15)
    assert "changed for 5 of 5; minimal winning coalitions 6 -> 5" in dash.readout_text
    dash.set(targeted=0.0, comprehensive=0.95)
    assert ": falls (best offer 0.50, challenger 1.00)" in dash.readout_text


def test_exact_tie_at_the_critical_revenue_cut_goes_to_the_incumbent():
    """W/S = 0.1, s = 0.9 = 1 - W/S: the margin is 0 (up to rounding, shown as 0.00) and
    the leader survives; one slider step further (0.95) she falls."""
    tie = elite_view(0.0, 0.9, 10, 100, 1.0)
    assert tie.margin_after == pytest.approx(0.0, abs=1e-9) and tie.survives
    dash = dashboard(targeted=0.0, comprehensive=0.9)
    assert "defection margin 9.00 -> 0.00 per member: survives" in dash.readout_text
    assert not elite_view(0.0, 0.95, 10, 100, 1.0).survives


def test_without_challenger_relief_no_slider_setting_topples_the_leader():
    """rho = 0: whatever t, s (slider grid corners), W and S, the leader survives."""
    for t, s, w, size in itertools.product((0.0, 0.5, 1.0), (0.0, 0.5, 0.95), (5, 50, 100),
                                           (100, 1000)):
        assert elite_view(t, s, w, size, 0.0).survives


def test_every_slider_corner_is_valid():
    """W <= S at every slider setting (W at most 100, S at least 100), and the extreme
    corners compute (t = s = 1 leaves the security services weight)."""
    dash = dashboard()
    for t, s, w, size, rho in itertools.product((0.0, 1.0), (0.0, 1.0), (5, 100), (100, 1000),
                                                (0.0, 1.0)):
        view = dash.set(targeted=t, comprehensive=s, winning_coalition=w, selectorate=size,
                        challenger_relief=rho)
        assert len(view.table) == 5


def test_figure_changes_with_the_setting_and_returns_with_reset():
    """A slider move changes the PNG; reset restores the initial picture byte for byte."""
    dash = dashboard()
    first = dash.png()
    dash.set(comprehensive=0.5)
    assert dash.png() != first
    dash.reset()
    assert dash.png() == first


def test_initial_values_can_be_overridden_and_are_checked():
    """dashboard(targeted=...) starts there; a value off a slider's range is refused."""
    assert dashboard(targeted=0.5).params["targeted"] == 0.5
    with pytest.raises(ValueError, match="targeted"):
        dashboard(targeted=1.5)
    with pytest.raises(ValueError, match="winning_coalition"):
        dashboard(winning_coalition=200)

