"""Tests for sanclab.dashboards.trade_leverage: lesson 5's dashboard.

The view is the models' answer for one setting of the sliders; the dashboard must show
exactly that answer (readout and figure) and follow every slider.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from sanclab.dashboards.trade_leverage import (
    EPISODE_CONCESSION_COST,
    SPLIT_LABELS,
    dashboard,
    split_title,
    trade_leverage_view,
)
from sanclab.lessons import get_lesson
from sanclab.models import ThreatPopulation, TradeTalks

DEFAULTS = {"credibility": 0.6, "target_cost": 0.5, "sender_cost": 0.1, "coverage": 0.8,
            "target_discount": 0.9}


def test_the_registry_builds_this_dashboard():
    """Lesson 5's registry entry points at this module's dashboard()."""
    assert repr(get_lesson(5).dashboard()) == repr(dashboard())


def test_three_to_five_sliders_with_the_documented_defaults():
    """Five sliders (the book precomputes every setting), starting at DEFAULTS."""
    dash = dashboard()
    assert 3 <= len(dash.controls) <= 5
    assert dash.params == DEFAULTS


def test_view_agrees_with_the_models():
    """At the defaults the four splits are TradeTalks(credibility=0.6)'s: Nash 0.45 and
    0.45 + 0.6 (0.4 - 0.1) / 2 = 0.54, alternating offers 1/1.9 and 0.19/0.271; the
    population is the default ThreatPopulation (same ratio of medians, 0.24 / 0.4 = 0.6)."""
    view = trade_leverage_view(**DEFAULTS)
    talks = TradeTalks(credibility=0.6)
    assert_allclose(view.splits, [talks.nash_share(False), talks.nash_share(),
                                  talks.rubinstein_share(False), talks.rubinstein_share()],
                    rtol=1e-12)
    assert_allclose(view.splits, [0.45, 0.54, 1 / 1.9, 0.19 / 0.271], rtol=1e-12)
    assert_allclose(view.population.target_cost, 0.4, rtol=1e-12)
    assert view.population.concession_cost == EPISODE_CONCESSION_COST
    default = ThreatPopulation().shares()
    for name in ("concession_at_threat", "sender_backs_down", "concession_after_imposition",
                 "deadlock"):
        assert_allclose(getattr(view.shares, name), getattr(default, name), rtol=1e-12)


def test_each_slider_enters_where_the_docstring_says():
    """Sender cost moves only the Nash threat split; patience only the alternating-offers
    split with and without sanctions; coverage the Nash threat split, the sanctioned
    alternating-offers split and the population; credibility the Nash threat split and the
    population; target cost the Nash threat split and the population."""
    base = trade_leverage_view(**DEFAULTS)

    def changed(**kw):
        view = trade_leverage_view(**{**DEFAULTS, **kw})
        splits = [not np.isclose(a, b) for a, b in zip(view.splits, base.splits, strict=True)]
        population = not np.isclose(view.shares.deadlock, base.shares.deadlock)
        return splits, population

    assert changed(sender_cost=0.3) == ([False, True, False, False], False)
    assert changed(target_discount=0.7) == ([False, False, True, True], False)
    assert changed(coverage=0.5) == ([False, True, False, True], True)
    assert changed(credibility=0.3) == ([False, True, False, False], True)
    assert changed(target_cost=1.0) == ([False, True, False, False], True)


def test_readout_at_the_defaults():
    """The readout's numbers are the view's, rounded: 0.45/0.54/0.53/0.70; 37/12/25/26%;
    49% and 32%; 75% at the threat stage."""
    assert dashboard().readout_text == (
        "Sender's share, Nash: 0.45 without the threat, 0.54 with it\n"
        "Sender's share, alternating offers: 0.53 without sanctions, 0.70 with sanctions in "
        "force\n"
        "Threats end: 37% concession at the threat, 12% after imposition, 25% sender backs "
        "down, 26% deadlock\n"
        "Concessions: 49% of all threats, 32% of imposed sanctions; 75% come at the threat "
        "stage")


def test_readout_and_title_say_when_the_threat_backfires_or_saturates():
    """C_S 0.5 > C_T E 0.4: the title says the threat lowers the share (0.45 -> 0.42). At
    q 1, C_T 1.5, s 1, C_S 0 Nash's formula gives 1.2 and the readout says the share is
    capped at 1; at C_S 1.5, C_T 0.1, s 0.1 it gives -0.3 and the share is 0."""
    costly = trade_leverage_view(**{**DEFAULTS, "sender_cost": 0.5})
    assert split_title(costly) == ("The threat lowers the sender's Nash share from 0.45 to "
                                   "0.42: it hurts the sender more")
    assert split_title(trade_leverage_view(**DEFAULTS)).startswith("The threat raises")
    neutral = trade_leverage_view(**{**DEFAULTS, "credibility": 0.0})
    assert split_title(neutral) == "The threat leaves the sender's Nash share at 0.45"
    dash = dashboard()
    dash.set(credibility=1.0, target_cost=1.5, coverage=1.0, sender_cost=0.0)
    assert dash.result.nash_threat == 1.0
    assert_allclose(dash.result.unclipped_nash_threat, 1.2, rtol=1e-12)
    assert "Nash's formula gives 1.20; the share cannot exceed 1" in dash.readout_text
    dash.set(sender_cost=1.5, target_cost=0.1, coverage=0.1)
    assert dash.result.nash_threat == 0.0
    assert "Nash's formula gives -0.30; the share cannot fall below 0" in dash.readout_text


def test_readout_when_no_sanctions_are_imposed():
    """q = 0: every threat is a bluff, nothing is imposed, nobody concedes."""
    dash = dashboard(credibility=0.0)
    assert dash.readout_text.splitlines()[3] == ("Concessions: 0% of all threats, "
                                                 "no sanctions imposed")


def test_figure_shows_the_view_and_returns_with_reset():
    """The bars' widths are the view's splits and shares; a slider move changes the PNG and
    reset restores it byte for byte."""
    dash = dashboard()
    split, episodes = dash.draw.panels
    assert [t.get_text() for t in split.ax.get_yticklabels()] == list(SPLIT_LABELS)
    assert_allclose([b.get_width() for b in split.sender], dash.result.splits, rtol=1e-12)
    assert_allclose(episodes.all_threats[0].get_width(),
                    dash.result.shares.concession_at_threat, rtol=1e-12)
    first = dash.png()
    dash.set(credibility=0.9)
    assert dash.png() != first
    assert_allclose([b.get_width() for b in split.sender], dash.result.splits, rtol=1e-12)
    dash.reset()
    assert dash.png() == first


def test_every_slider_setting_is_valid():
    """Every value on every slider (others at their defaults) gives a view with shares in
    [0, 1] (the book precomputes the settings; no value may raise)."""
    dash = dashboard()
    for control in dash.controls:
        values = np.arange(control.min, control.max + control.step / 2, control.step)
        for value in values:
            view = trade_leverage_view(**{**DEFAULTS, control.name: float(value)})
            assert 0.0 <= min(view.splits) and max(view.splits) <= 1.0


def test_initial_values_can_be_overridden_and_are_checked():
    """dashboard(credibility=...) starts there; a value off a slider's range is refused, and
    the view refuses a zero coverage (the population needs a positive stand-off cost)."""
    assert dashboard(credibility=1.0).params["credibility"] == 1.0
    with pytest.raises(ValueError, match="credibility"):
        dashboard(credibility=1.5)
    with pytest.raises(ValueError, match="coverage"):
        trade_leverage_view(**{**DEFAULTS, "coverage": 0.0})
