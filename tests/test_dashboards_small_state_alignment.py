"""Tests for sanclab.dashboards.small_state_alignment: lesson 2's dashboard.

The view is the models' answer for one setting of the sliders; the dashboard must show
exactly that answer (readout and figure) and follow every slider.
"""

from __future__ import annotations

import itertools
import timeit

import numpy as np
import pytest
from numpy.testing import assert_allclose

from sanclab.dashboards.small_state_alignment import (
    FIXED,
    STATE,
    alignment_view,
    dashboard,
    describe_optimum,
)
from sanclab.lessons import get_lesson
from sanclab.models import (
    alignment_params,
    extractable_surplus,
    hhi,
    optimal_alignment,
    set_power_share,
    switch_threat,
)


def _controls():
    return {c.name: c for c in dashboard().controls}


def _grid(control):
    return np.round(np.arange(control.min, control.max + control.step / 2, control.step), 10)


def test_the_registry_builds_this_dashboard():
    """Lesson 2's registry entry points at this module's dashboard()."""
    assert repr(get_lesson(2).dashboard()) == repr(dashboard())


def test_five_sliders_with_the_illustrative_defaults():
    """Five sliders (3-5 allowed), starting at the notes' illustrative setting: A holds 0.30
    of the balanced hedger's trade, threatens 0.15 at credibility 0.5, B threatens 0.10,
    regional option 0.02. Every initial value lies on its slider's grid."""
    controls = _controls()
    assert list(controls) == ["share_a", "threat_a", "credibility_a", "threat_b",
                              "regional_option"]
    assert dashboard().params == {"share_a": 0.30, "threat_a": 0.15, "credibility_a": 0.5,
                                  "threat_b": 0.10, "regional_option": 0.02}
    for c in controls.values():
        assert np.isclose(_grid(c), c.value).any(), c.name


def test_view_agrees_with_the_models():
    """The view's optimum, switch threat, concentration and surplus are the models' own for
    the balanced hedger with A's share set by the slider."""
    view = alignment_view(0.45, 0.15, 0.5, 0.10, 0.02)
    params = alignment_params(STATE, threat_a=0.15, credibility_a=0.5, threat_b=0.10,
                              regional_option=0.02, **FIXED).replace(value_a=0.45)
    assert view.params == params
    assert view.optimum == optimal_alignment(params)
    assert view.switch_threat_a == switch_threat(params, "A")
    partners = set_power_share(STATE, 0.45)
    assert_allclose(view.partners["trade_share"], partners["trade_share"], rtol=1e-12)
    assert view.hhi == pytest.approx(hhi(partners["trade_share"]), rel=1e-12)
    assert view.surplus_a == extractable_surplus(0.45, 0.02)
    assert view.binding_option_a == pytest.approx(0.225)


def test_default_readout_numbers():
    """Default: a* = 0.590 (hedging, = a0 = 0.09/0.1525), sanctioned by A with expected loss
    0.5 (0.15 - 0.02) = 0.065; t* = 0.265; H = 0.1788, C = 0.4229; A extracts 0.15."""
    text = dashboard().readout_text
    assert "a* = 0.590 (hedging); sanctioned by A, expected loss 0.065" in text
    assert "t* = 0.265" in text
    assert "H = 0.179, C = 0.423" in text
    assert "A can extract 0.150 (the option binds from 0.150)" in text


def test_readout_follows_the_sliders():
    """Above t* the state bandwagons with A and B sanctions it (0.4 x 0.08 = 0.032); with
    credibility 0 A's threat never moves it."""
    dash = dashboard()
    dash.set(threat_a=0.30)
    assert "a* = 1.000 (bandwagoning with A); sanctioned by B, expected loss 0.032" in (
        dash.readout_text)
    dash.set(credibility_a=0.0)
    assert "A's threat is not credible" in dash.readout_text
    assert "no sanction expected" in dash.readout_text


def test_describe_optimum_names_each_regime():
    """Hedging at a0, hedging on B's tolerance edge (A's share 0.45: a0 = 0.764 > 0.6),
    bandwagoning with A."""
    assert describe_optimum(alignment_view(0.30, 0.15, 0.5, 0.10, 0.02).optimum) == "hedging"
    edge = alignment_view(0.45, 0.15, 0.5, 0.10, 0.02).optimum
    assert edge.alignment == pytest.approx(0.6)
    assert describe_optimum(edge) == "hedging at B's tolerance edge"
    assert describe_optimum(alignment_view(0.30, 0.30, 0.5, 0.10, 0.02).optimum) == (
        "bandwagoning with A")


def test_figure_changes_with_the_setting_and_returns_with_reset():
    """A slider move changes the PNG; reset restores the initial picture byte for byte."""
    dash = dashboard()
    first = dash.png()
    dash.set(threat_a=0.3)
    assert dash.png() != first
    dash.reset()
    assert dash.png() == first


def test_first_slider_changes_readout_and_figure():
    """The browser test moves the first slider one step: A's share 0.30 -> 0.35 changes both
    the readout (a* 0.590 -> 0.600, on B's edge) and the picture."""
    dash = dashboard()
    text, picture = dash.readout_text, dash.png()
    dash.set(share_a=0.35)
    assert dash.readout_text != text and "a* = 0.600" in dash.readout_text
    assert dash.png() != picture


def test_initial_values_can_be_overridden_and_are_checked():
    """dashboard(threat_a=...) starts there; a value off the slider's range is refused."""
    assert dashboard(threat_a=0.4).params["threat_a"] == 0.4
    with pytest.raises(ValueError, match="threat_a"):
        dashboard(threat_a=0.9)


def test_one_setting_is_fast():
    """The model call for one setting takes well under 100 ms (the book precomputes every
    setting); measured as the best of three runs of ten calls."""
    alignment_view(0.30, 0.15, 0.5, 0.10, 0.02)
    best = min(timeit.repeat(lambda: alignment_view(0.40, 0.25, 0.7, 0.05, 0.1),
                             number=10, repeat=3)) / 10
    assert best < 0.05


@pytest.mark.slow
def test_every_setting_on_a_coarse_grid_is_valid():
    """On every other point of each slider's grid the view computes, the optimum lies in
    [0, 1] and is never 0 (with A's zero tolerance, full alignment with B is defiance too),
    the hedging region is exactly the threats below A's switch threat, and the only ties
    are at A's share 0.60 (between a0 = 0.852 and 1; a scan of the full grid, 336,336
    settings, finds 71 such ties, all at that share)."""
    controls = _controls()
    grids = [_grid(c)[::2] for c in controls.values()]
    knife_edges = set()
    for share, t_a, p_a, t_b, r in itertools.product(*grids):
        view = alignment_view(share, t_a, p_a, t_b, r)
        assert 0.0 < view.optimum.alignment <= 1.0
        assert view.optimum.interior == (t_a < view.switch_threat_a - 1e-12) or (
            abs(t_a - view.switch_threat_a) < 1e-9)
        if view.optimum.knife_edge:
            knife_edges.add((float(share), view.optimum.optima))
    assert knife_edges == {(0.6, (0.36 / 0.4225, 1.0))}


def test_a_knife_edge_on_the_grid_is_reported():
    """At A's share 0.60 the benefit gap U(a0) - U(1) = sqrt(0.36 + 0.0625) - 0.6 = 0.05
    exactly; with A's expected penalty 0.5 x 0.10 = 0.05 and B's 0.4 x 0.05 = 0.02 hedging at
    a0 = 0.852 and bandwagoning tie (payoff 0.58, above 0.573 at B's edge). The model picks
    a = 1 (smaller expected loss) and the readout says it is a knife-edge; one slider step
    away it is not. Ties on the slider grid happen only at share 0.60 (see the slow test
    below)."""
    view = alignment_view(0.60, 0.10, 0.5, 0.05, 0.0)
    best = view.optimum
    assert best.knife_edge and best.alignment == 1.0
    assert_allclose(best.optima, [0.36 / 0.4225, 1.0], rtol=1e-12)
    assert best.payoff == pytest.approx(0.58)
    dash = dashboard(share_a=0.60, threat_a=0.10, credibility_a=0.5, threat_b=0.05,
                     regional_option=0.0)
    assert "Knife-edge: a = 0.852 and 1.000 are equally good" in dash.readout_text
    dash.set(threat_a=0.15)
    assert "Knife-edge" not in dash.readout_text
    assert not alignment_view(0.60, 0.05, 0.5, 0.05, 0.0).optimum.knife_edge
