"""Tests for sanclab.dashboards.snapback: lesson 3's dashboard.

The view is the models' answer for one setting of the sliders; the dashboard must show
exactly that answer (readout and figure) and follow every slider.
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose

from sanclab.dashboards.snapback import (
    NAMES,
    REGION_DISCOUNTS,
    REGION_FALSE_ALARMS,
    dashboard,
    ladder_region,
    snapback_view,
)
from sanclab.lessons import get_lesson
from sanclab.models import (
    AllAtOnce,
    ComplianceGame,
    GenerousTitForTat,
    Ladder,
    best_response,
    compliance_map,
    critical_discount,
    long_run_level,
)


def test_the_registry_builds_this_dashboard():
    """Lesson 3's registry entry points at this module's dashboard()."""
    assert repr(get_lesson(3).dashboard()) == repr(dashboard())


def test_controls_are_the_issue_s_five_sliders_on_the_region_grid():
    """False alarm, miss, ladder step, forgiveness, patience; the false-alarm and patience
    sliders take exactly the values of the region's grid, so the marker sits on a cell."""
    dash = dashboard()
    assert [c.name for c in dash.controls] == ["false_alarm", "miss", "step", "forgiveness",
                                               "discount"]
    alpha, delta = dash.controls[0], dash.controls[4]
    assert_allclose(np.arange(alpha.min, alpha.max + 1e-9, alpha.step), REGION_FALSE_ALARMS)
    assert_allclose(np.arange(delta.min, delta.max + 1e-9, delta.step), REGION_DISCOUNTS)


def test_view_agrees_with_the_models():
    """At the defaults the view's numbers are the models' own: compliant long-run levels
    4, 0.2918, 0.14; best responses; the ladder's region is compliance_map's."""
    view = snapback_view(0.05, 0.1, 1, 0.3, 0.9)
    game = ComplianceGame(false_alarm=0.05, miss=0.1, discount=0.9)
    policies = (AllAtOnce(4), Ladder(4, 1, 4), GenerousTitForTat(4, 0.3))
    assert view.policies == policies
    assert_allclose(view.compliant_levels, [long_run_level(p, game) for p in policies],
                    rtol=1e-12)
    assert_allclose(view.compliant_levels, [4.0, 0.291832, 0.14], atol=1e-6)
    for response, policy in zip(view.responses, policies, strict=True):
        want = best_response(policy, game)
        assert (response.deterred, response.sustained) == (want.deterred, want.sustained)
    region = compliance_map(Ladder(4, 1, 4), ComplianceGame(), REGION_DISCOUNTS,
                            REGION_FALSE_ALARMS)
    assert (view.region == region).all()
    assert_allclose(view.region_thresholds[0, 5], critical_discount(AllAtOnce(4), game),
                    rtol=1e-12)
    assert_allclose(view.first_hit_after, [20.0, 20.0, 1 / (0.05 * 0.7)], rtol=1e-9)


def test_readout_follows_the_sliders():
    """Default: all at once deterred but not sustained, the others sustained. No false
    alarms: never sanctioned, everything sustained. A three-level step at delta = 0.9: the
    ladder no longer sustains compliance (threshold 0.9043). Patience 0.5: the ladder does not
    deter (threshold 0.5639)."""
    dash = dashboard()
    assert "all at once deterred, not sustained · ladder sustained" in dash.readout_text
    dash.set(false_alarm=0.0)
    assert "never sanctioned without false alarms" in dash.readout_text
    assert "all at once sustained · ladder sustained · generous TFT sustained" in \
        dash.readout_text
    dash.set(false_alarm=0.05, step=3)
    assert "ladder deterred, not sustained" in dash.readout_text
    dash.set(step=1, discount=0.5)
    assert "ladder not deterred" in dash.readout_text


def test_figure_changes_with_the_setting_and_returns_with_reset():
    """A slider move changes the PNG; reset restores the initial picture byte for byte."""
    dash = dashboard()
    first = dash.png()
    dash.set(miss=0.3)
    assert dash.png() != first
    dash.reset()
    assert dash.png() == first


def test_region_is_cached_and_read_only():
    """ladder_region is computed once per (miss, step) and cannot be changed by a caller."""
    codes = ladder_region(0.1, 1)
    assert ladder_region(0.1, 1) is codes
    with pytest.raises(ValueError):
        codes[0, 0] = 0


def test_initial_values_can_be_overridden_and_are_checked():
    """dashboard(step=...) starts there; a value off a slider's range is refused."""
    assert dashboard(step=2).params["step"] == 2
    with pytest.raises(ValueError, match="false_alarm"):
        dashboard(false_alarm=0.6)


def test_names_are_the_model_s_not_the_reading_s():
    """The policies are called by the model's names: the all-at-once policy is not labelled
    "snapback" and no label says "verification" (the reading's terms keep their meaning)."""
    dash = dashboard()
    labels = " ".join([c.label for c in dash.controls] + list(NAMES) + [dash.title,
                                                                        dash.readout_text])
    assert "snapback" not in labels.lower() and "verification" not in labels.lower()
