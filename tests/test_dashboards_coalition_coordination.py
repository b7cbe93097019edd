"""Tests for sanclab.dashboards.coalition_coordination: lesson 1's dashboard.

The view is the model's answer for one setting of the sliders; the dashboard must show
exactly that answer (readout and figure) and follow every slider.
"""

from __future__ import annotations

import pytest
from numpy.testing import assert_allclose

from sanclab.dashboards.coalition_coordination import coalition_view, dashboard, largest_ally
from sanclab.lessons import get_lesson
from sanclab.models import effectiveness, load_allies, participation_game


def test_the_registry_builds_this_dashboard():
    """Lesson 1's registry entry points at this module's dashboard()."""
    assert repr(get_lesson(1).dashboard()) == repr(dashboard())


def test_largest_ally_is_read_from_the_table():
    """The penalty waiver slider acts on the ally with the largest trade share in the table, not
    on a hard-coded name: with the shares swapped, another ally is chosen."""
    allies = load_allies()
    assert largest_ally(allies) == "Large exporter"
    members = allies["role"] == "ally"
    smallest = allies.loc[members, "trade_share"].idxmin()
    allies.loc[smallest, "trade_share"] = 0.99
    assert largest_ally(allies) == allies.loc[smallest, "name"]


def test_view_agrees_with_the_game():
    """At p = 0.4, d = 0.5 the view's cascade, equilibria and E are the game's own."""
    view = coalition_view(0.4, 0.5, 0.0, 1.0)
    game = participation_game(load_allies(), penalty=0.4, diversion=0.5, benefit=1.0)
    cascade = game.cascade()
    assert view.cascade.n_joined == cascade.n_joined == 9
    assert view.smallest_equilibrium == int(game.smallest_equilibrium().sum())
    assert view.largest_equilibrium == int(game.largest_equilibrium().sum())
    assert_allclose(view.effectiveness, effectiveness(cascade.final_share, 0.5), rtol=1e-12)


def test_readout_follows_the_sliders():
    """The default readout names 8 of 8 allies; a full penalty waiver for the largest ally at
    p = 0.4 leaves the leader alone, and the readout says 0 of 8."""
    dash = dashboard()
    assert dash.readout_text.startswith("Allies sanctioning: 8 of 8")
    dash.set(waiver=1.0)
    assert dash.readout_text.startswith("Allies sanctioning: 0 of 8")
    assert dash.result.cascade.n_joined == 1


def test_figure_changes_with_the_setting_and_returns_with_reset():
    """A slider move changes the PNG; reset restores the initial picture byte for byte."""
    dash = dashboard()
    first = dash.png()
    dash.set(penalty=0.1)
    assert dash.png() != first
    dash.reset()
    assert dash.png() == first


def test_initial_values_can_be_overridden_and_are_checked():
    """dashboard(penalty=...) starts there; a value off the slider's range is refused."""
    assert dashboard(penalty=1.0).params["penalty"] == 1.0
    with pytest.raises(ValueError, match="penalty"):
        dashboard(penalty=5.0)


def test_penalty_slider_shows_the_gap_between_holding_and_building():
    """The penalty moves in steps of 0.005, so 0.395 is a slider value: full participation
    is an equilibrium there (p* = 0.3937) but the cascade brings in 6 allies (it builds full
    participation only from 0.3954), and the readout says so."""
    dash = dashboard()
    control = next(c for c in dash.controls if c.name == "penalty")
    assert round(0.395 / control.step) * control.step == pytest.approx(0.395)
    dash.set(penalty=0.395)
    assert dash.result.allies_joined == 6 and dash.result.largest_equilibrium == 8
    assert "Allies sanctioning: 6 of 8" in dash.readout_text
    assert "Another equilibrium has 8 allies" in dash.readout_text


def test_figure_titles_and_legend_do_not_change_with_the_sliders():
    """Only bars, labels, the coverage line, the moving curve and point are repainted; the
    titles ("... trade cut", no claim that more diversion means less effect) stay."""
    dash = dashboard()
    texts = [ax.get_title(loc="left") for ax in dash.figure.axes]
    dash.set(diversion=0.9, penalty=0.7)
    assert [ax.get_title(loc="left") for ax in dash.figure.axes] == texts
    assert not any("less effect" in t for t in texts)


def test_view_is_the_models_outcome():
    """coalition_view is sanclab.models.coalition_outcome (no second copy of the model)."""
    from sanclab.models import coalition_outcome

    view = coalition_view(0.45, 0.3, 0.2, 1.5)
    outcome = coalition_outcome(0.45, 0.3, 0.2, 1.5)
    assert view.cascade.joined.tolist() == outcome.cascade.joined.tolist()
    assert (view.smallest_equilibrium, view.largest_equilibrium) == (
        outcome.smallest_equilibrium, outcome.largest_equilibrium)
