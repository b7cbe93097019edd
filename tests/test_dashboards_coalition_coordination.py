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
