"""Tests for sanclab.plots.small_state_alignment: lesson 2's figures draw what the models say."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure
from numpy.testing import assert_allclose

from sanclab.models import (
    AlignmentParams,
    alignment_payoff,
    alignment_sweep,
    binding_option_level,
    extractable_surplus,
    optimal_alignment,
    switch_threat,
)
from sanclab.plots.small_state_alignment import (
    PartnerBars,
    PayoffPanel,
    payoff_curve,
    plot_alignment_sweep,
    plot_extractable_surplus,
    plot_switch_threat,
    tolerance_edges,
)

#: The dashboard's default setting (illustrative).
DEFAULT = AlignmentParams(value_a=0.30, value_b=0.25, threat_a=0.15, credibility_a=0.5,
                          threat_b=0.10, credibility_b=0.4, tolerance_a=0.0, tolerance_b=0.6,
                          regional_option=0.02)


def _axes():
    return Figure().subplots()


def test_payoff_curve_is_the_payoff_away_from_the_edges_and_breaks_at_jumps():
    """Inside each piece the curve equals V(a); it has one NaN per jump (B's edge 0.6 and
    A's edge 1 bite: two pieces, one gap), and each piece ends at the one-sided limit: just
    beyond 0.6 the payoff is lower by B's expected penalty 0.032."""
    a, v = payoff_curve(DEFAULT, points=201)
    assert int(np.isnan(v).sum()) == 1
    inside = ~np.isnan(a) & (np.abs(a - 0.6) > 1e-9) & (a < 1.0)
    assert_allclose(v[inside], alignment_payoff(DEFAULT, a[inside]), rtol=1e-12)
    gap = int(np.flatnonzero(np.isnan(v))[0])
    assert a[gap - 1] == pytest.approx(0.6) and a[gap + 1] == pytest.approx(0.6)
    assert v[gap - 1] - v[gap + 1] == pytest.approx(0.032, rel=1e-9)


def test_tolerance_edges_only_where_a_threat_bites():
    """Edges are drawn for powers whose expected penalty is positive: both by default; none
    when the regional option absorbs both threats (r >= 0.15)."""
    assert tolerance_edges(DEFAULT) == [0.6, 1.0]
    assert tolerance_edges(DEFAULT.replace(regional_option=0.15)) == []


def test_payoff_panel_marks_the_optimum_and_keeps_its_artists():
    """update() puts the diamond at (a*, V(a*)) = (0.5902, 0.3255), the dotted line at a0 and
    the edge dots at V(0.6) and V(1); the artists stay the same objects."""
    panel = PayoffPanel(_axes(), ylim=(-0.4, 0.8), tolerances=DEFAULT)
    artists = panel.artists
    best = optimal_alignment(DEFAULT)
    panel.update(DEFAULT, best, title="t")
    assert panel.artists == artists
    x, y = panel.optimum.get_data()
    assert (x[0], y[0]) == pytest.approx((0.5902, 0.3255), abs=1e-4)
    assert panel.threat_free.get_xdata()[0] == pytest.approx(best.threat_free)
    ex, ey = panel.edges.get_data()
    assert_allclose(ex, [0.6, 1.0])
    assert_allclose(ey, alignment_payoff(DEFAULT, [0.6, 1.0]), rtol=1e-12)
    assert panel.title.get_text() == "t"


def test_partner_bars_show_the_shares():
    """Bars take the shares; labels print them; a wrong length or role is refused."""
    bars = PartnerBars(_axes(), ["A", "B", "R"], ["power_a", "power_b", "regional"])
    bars.update([0.5, 0.3, 0.2], title="H")
    assert [b.get_width() for b in bars.bars] == pytest.approx([0.5, 0.3, 0.2])
    assert [t.get_text() for t in bars.labels] == ["0.50", "0.30", "0.20"]
    with pytest.raises(ValueError, match="shares must have 3 entries"):
        bars.update([0.5, 0.5])
    with pytest.raises(ValueError, match="roles must be among"):
        PartnerBars(_axes(), ["A"], ["ally"])


def test_alignment_sweep_lines_are_the_optimum_with_a_gap_at_the_switch():
    """The line is a* from alignment_sweep, broken once where the state switches from
    hedging (0.5902) to bandwagoning (1); the dotted line sits at t* = 0.265025."""
    threats = np.linspace(0.0, 0.5, 51)
    ax = plot_alignment_sweep(_axes(), DEFAULT, "threat_a", threats,
                              {"p = 0.5": {}}, switch="A")
    line, star = ax.get_lines()
    y = line.get_ydata()
    assert int(np.isnan(y).sum()) == 1
    expected = alignment_sweep(DEFAULT, "threat_a", threats)["alignment"].to_numpy()
    assert_allclose(y[~np.isnan(y)], expected, rtol=1e-12)
    assert star.get_xdata()[0] == pytest.approx(switch_threat(DEFAULT, "A"))
    assert switch_threat(DEFAULT, "A") == pytest.approx(0.265025, abs=1e-6)
    with pytest.raises(ValueError, match="column must be"):
        plot_alignment_sweep(_axes(), DEFAULT, "threat_a", threats, {"x": {}}, column="regime")


def test_switch_threat_lines_follow_the_model():
    """Each line is switch_threat(A) at each value of the swept parameter."""
    options = np.linspace(0.0, 0.3, 7)
    ax = plot_switch_threat(_axes(), DEFAULT, "regional_option", options,
                            {"p_A = 0.5": {}, "p_A = 0.25": {"credibility_a": 0.25}})
    first, second = ax.get_lines()
    assert_allclose(first.get_ydata(),
                    [switch_threat(DEFAULT.replace(regional_option=r), "A") for r in options])
    low = DEFAULT.replace(credibility_a=0.25)
    assert_allclose(second.get_ydata(),
                    [switch_threat(low.replace(regional_option=r), "A") for r in options])


def test_extractable_surplus_lines_and_binding_levels():
    """Lines are X(s, o); dotted lines at (1 - beta) s = 0.15 and 0.275."""
    options = np.linspace(0.0, 0.6, 61)
    ax = plot_extractable_surplus(_axes(), [0.30, 0.55], options)
    lines = ax.get_lines()
    assert_allclose(lines[0].get_ydata(), extractable_surplus(0.30, options))
    assert lines[1].get_xdata()[0] == pytest.approx(binding_option_level(0.30))
    assert_allclose(lines[2].get_ydata(), extractable_surplus(0.55, options))
    assert lines[3].get_xdata()[0] == pytest.approx(0.275)
