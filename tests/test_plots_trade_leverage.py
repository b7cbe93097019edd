"""Tests for sanclab.plots.trade_leverage: lesson 5's figures draw what the models say."""

from __future__ import annotations

import math

import numpy as np
import pytest
from matplotlib.figure import Figure
from numpy.testing import assert_allclose

from sanclab.models import (
    ThreatGame,
    ThreatPopulation,
    ThreatShares,
    TradeTalks,
    equilibrium_concession,
    rubinstein_finite_share,
    rubinstein_share,
)
from sanclab.plots.trade_leverage import (
    EPISODE_COLORS,
    EpisodeBars,
    SplitBars,
    plot_concession_vs_conflict_expectations,
    plot_concession_vs_sender_cost,
    plot_finite_horizon,
    plot_imposed_sanctions_vs_credibility,
    plot_nash_vs_sender_cost,
    plot_patience_vs_bite,
    plot_selection_vs_credibility,
    plot_threat_tree,
)


def _axes():
    return Figure().subplots()


def test_split_bars_split_the_unit_surplus():
    """Each bar's sender part has width x and the target part starts at x with width 1 - x;
    the texts are the two shares, a share below 0.08 gets no text."""
    bars = SplitBars(_axes(), ["a", "b", "c"])
    artists = bars.artists
    bars.update([0.45, 0.05, 1.0], title="T")
    assert bars.artists == artists
    assert [b.get_width() for b in bars.sender] == pytest.approx([0.45, 0.05, 1.0])
    assert [b.get_x() for b in bars.target] == pytest.approx([0.45, 0.05, 1.0])
    assert [b.get_width() for b in bars.target] == pytest.approx([0.55, 0.95, 0.0])
    assert [t.get_text() for t in bars.sender_text] == ["0.45", "", "1.00"]
    assert [t.get_text() for t in bars.target_text] == ["0.55", "0.95", ""]
    assert bars.title.get_text() == "T"


def test_split_bars_refuse_wrong_input():
    """A share outside [0, 1] or a wrong number of shares is a ValueError naming it."""
    bars = SplitBars(_axes(), ["a", "b"])
    with pytest.raises(ValueError, match="shares"):
        bars.update([0.5, 1.2])
    with pytest.raises(ValueError, match="one value per bar"):
        bars.update([0.5])
    with pytest.raises(ValueError, match="at least one bar"):
        SplitBars(_axes(), [])


def test_episode_bars_show_the_shares_and_the_imposed_split():
    """Default population: the top bar's four segments are the exact shares, stacked in
    order; the bottom bar is the imposed success rate 0.324 and its complement."""
    shares = ThreatPopulation().shares()
    bars = EpisodeBars(_axes())
    bars.update(shares)
    expected = [shares.concession_at_threat, shares.concession_after_imposition,
                shares.sender_backs_down, shares.deadlock]
    assert_allclose([b.get_width() for b in bars.all_threats], expected, rtol=1e-12)
    assert_allclose([b.get_x() for b in bars.all_threats], np.cumsum([0, *expected[:-1]]),
                    rtol=1e-12)
    assert_allclose([b.get_width() for b in bars.imposed],
                    [shares.success_rate_imposed, 1 - shares.success_rate_imposed],
                    rtol=1e-12)
    assert [t.get_text() for t in bars.all_text] == ["37%", "12%", "25%", "26%"]
    assert bars.title.get_text() == "Concessions: 49% of all threats, 32% of imposed sanctions"
    assert [b.get_facecolor() for b in bars.all_threats][0][:3] == pytest.approx(
        tuple(int(EPISODE_COLORS["concession at threat"][i:i + 2], 16) / 255
              for i in (1, 3, 5)))


def test_episode_bars_with_nothing_imposed():
    """With no resolved senders nothing is imposed: the bottom bar is empty and says so."""
    bars = EpisodeBars(_axes())
    bars.update(ThreatPopulation(credibility=0.0).shares())
    assert [b.get_width() for b in bars.imposed] == [0.0, 0.0]
    assert bars.empty.get_text() == "no sanctions are imposed"
    assert bars.title.get_text().endswith("none imposed")
    bars.update(ThreatShares(0.5, 0.2, 0.1, 0.2, 0.6))
    assert bars.empty.get_text() == ""


def test_nash_lines_cross_the_no_threat_level_at_equal_costs():
    """Each credibility's line is TradeTalks.nash_share; all cross the no-threat share 0.45
    where C_S = C_T E = 0.4, marked by the dotted line."""
    talks = TradeTalks()
    costs = np.linspace(0.0, 1.0, 11)
    ax = plot_nash_vs_sender_cost(_axes(), talks, costs, [0.5, 1.0])
    lines = ax.get_lines()
    half, full, flat, parity = lines
    assert_allclose(full.get_ydata(), [0.45 + (0.4 - c) / 2 for c in costs], atol=1e-12)
    assert_allclose(half.get_ydata(), [0.45 + 0.5 * (0.4 - c) / 2 for c in costs], atol=1e-12)
    assert flat.get_ydata()[0] == pytest.approx(0.45)
    assert parity.get_xdata()[0] == pytest.approx(0.4)


def test_patience_lines_are_rubinstein_shares():
    """Target bitten only: (1 - 0.9(1-s)) / (1 - 0.81(1-s)); both bitten: 1 / (1 + 0.9(1-s));
    the dashed line is 1/1.9."""
    bites = np.array([0.0, 0.1, 0.5])
    ax = plot_patience_vs_bite(_axes(), 0.9, bites)
    target_only, both, flat = ax.get_lines()
    assert_allclose(target_only.get_ydata(),
                    [rubinstein_share(0.9, 0.9 * (1 - b)) for b in bites], rtol=1e-12)
    assert_allclose(both.get_ydata(), 1 / (1 + 0.9 * (1 - bites)), rtol=1e-12)
    assert flat.get_ydata()[0] == pytest.approx(1 / 1.9)


def test_finite_horizon_points_and_limit():
    """Points are rubinstein_finite_share for T = 1..5 (1, 0.1, 0.91, ...), the dashed line
    Rubinstein's share."""
    ax = plot_finite_horizon(_axes(), 0.9, 0.9, 5)
    points, limit = ax.get_lines()
    assert_allclose(points.get_ydata(), [rubinstein_finite_share(0.9, 0.9, t)
                                         for t in range(1, 6)], rtol=1e-12)
    assert_allclose(points.get_ydata()[:3], [1.0, 0.1, 0.91], rtol=1e-12)
    assert limit.get_ydata()[0] == pytest.approx(rubinstein_share(0.9, 0.9))


def test_selection_lines_are_the_population_rates():
    """Lines are the exact rates; the imposed-success rate is NaN at p = 0 (nothing imposed)
    and 0 from p = 0.7 = 1 - lambda, where the dotted line sits."""
    ps = np.linspace(0.0, 1.0, 11)
    ax = plot_selection_vs_credibility(_axes(), ThreatPopulation(), ps)
    imposed, overall, stage, edge = ax.get_lines()
    assert math.isnan(imposed.get_ydata()[0])
    assert_allclose(imposed.get_ydata()[7:], 0.0, atol=1e-12)
    assert_allclose(overall.get_ydata()[6], ThreatPopulation().shares().success_rate_all,
                    rtol=1e-12)
    assert_allclose(stage.get_ydata()[6], ThreatPopulation().shares().threat_stage_share,
                    rtol=1e-12)
    assert edge.get_xdata()[0] == pytest.approx(0.7)


def test_imposed_share_lines_are_the_population_shares():
    """The solid line is the share of threats ending with sanctions imposed, p (1 - F(rho))."""
    ps = np.linspace(0.0, 1.0, 6)
    ax = plot_imposed_sanctions_vs_credibility(_axes(), ThreatPopulation(), ps)
    at_threat, imposed, after = ax.get_lines()
    expected = [ThreatPopulation(credibility=p).shares() for p in ps]
    assert_allclose(imposed.get_ydata(), [s.imposed for s in expected], rtol=1e-12)
    assert_allclose(at_threat.get_ydata(), [s.concession_at_threat for s in expected],
                    rtol=1e-12)
    assert_allclose(after.get_ydata(), [s.concession_after_imposition for s in expected],
                    rtol=1e-12)


def test_concession_lines_jump_at_the_credibility_cutoff():
    """c_T 1, c_S 0.25: the left segment is 0 on [0, 0.25], the right one starts just above
    0.75 (= c_T - c_S) and ends at 0.375; the open dot is at (0.25, 0.75)."""
    ax = plot_concession_vs_conflict_expectations(_axes(), 1.0, [0.25], points=11)
    below, above, filled, hollow, _ = ax.get_lines()
    assert_allclose(below.get_ydata(), 0.0, atol=1e-12)
    assert below.get_xdata()[-1] == pytest.approx(0.25)
    assert above.get_ydata()[-1] == pytest.approx(0.375)
    assert above.get_ydata()[0] < 0.75
    assert hollow.get_xydata().tolist() == [[0.25, 0.75]]
    assert filled.get_xydata().tolist() == [[0.25, 0.0]]


def test_concession_vs_sender_cost_drops_to_zero():
    """gamma 0.5: D* = (1 - 0.5 c_S) / 1.5 below c_S = 0.5, then 0."""
    ax = plot_concession_vs_sender_cost(_axes(), 1.0, [0.5], points=6)
    below, above, *_ = ax.get_lines()
    x = below.get_xdata()
    assert_allclose(below.get_ydata(), (1 - 0.5 * x) / 1.5, rtol=1e-12)
    assert_allclose(above.get_ydata(), 0.0, atol=1e-12)
    assert_allclose(above.get_ydata(), [equilibrium_concession(1.0, c, 0.5)
                                        for c in above.get_xdata()], atol=1e-12)


def test_threat_tree_highlights_the_equilibrium_path():
    """Defaults: the title names 'concession at threat'; the two edges on the path are
    vermillion and thick; the outcome texts carry the payoffs."""
    ax = plot_threat_tree(_axes(), ThreatGame())
    assert "concession at threat" in ax.get_title(loc="left")
    thick = [line for line in ax.get_lines() if line.get_linewidth() > 3]
    assert len(thick) == 2
    texts = [t.get_text() for t in ax.texts]
    assert "concession\nat threat\n(+1.00, -0.60)" in texts
    assert "deadlock\n(-0.30, -1.00)" in texts
