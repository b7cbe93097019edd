"""Tests for sanclab.plots.snapback: lesson 3's figures draw exactly what the models say."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure
from numpy.testing import assert_allclose

from sanclab.models import (
    AllAtOnce,
    ComplianceGame,
    GenerousTitForTat,
    Ladder,
    compliance_map,
    expected_level_path,
    false_alarm_table,
    level_distribution,
    policy_table,
)
from sanclab.plots.snapback import (
    REGION_COLORS,
    ComplianceRegion,
    LevelBars,
    LevelPaths,
    plot_compliant_levels,
    plot_false_alarm_statics,
    plot_ladder_statics,
    plot_thresholds,
    policy_color,
)
from sanclab.plots.style import PALETTE

GAME = ComplianceGame()
NAMES = ("all at once", "ladder", "generous tit for tat")
POLICIES = (AllAtOnce(4), Ladder(4, 1, 4), GenerousTitForTat(4, 0.3))


def _axes():
    return Figure().subplots()


def test_policy_colours_are_fixed_by_name():
    """The same policy has the same colour in every figure; unknown names use the cycle."""
    assert policy_color("all at once") == PALETTE["vermillion"]
    assert policy_color("ladder") == PALETTE["blue"]
    assert policy_color("generous tit for tat") == PALETTE["green"]
    assert policy_color("other", 1) == PALETTE["orange"]


def test_level_paths_show_the_expected_levels():
    """Each line's y data is expected_level_path of its policy (compliant target); the same
    artists are updated in place; a wrong number of rows is refused."""
    panel = LevelPaths(_axes(), NAMES, 30, 4)
    artists = panel.artists
    paths = np.array([expected_level_path(p, GAME, 30) for p in POLICIES])
    panel.update(paths)
    assert panel.artists == artists
    for line, path in zip(panel.lines, paths, strict=True):
        assert_allclose(line.get_ydata(), path, rtol=0, atol=0)
    assert [line.get_label() for line in panel.lines] == list(NAMES)
    with pytest.raises(ValueError, match="one row per policy"):
        panel.update(paths[:2])


def test_level_bars_show_the_long_run_shares():
    """Bar heights are level_distribution of each policy, level 0 to the ceiling."""
    panel = LevelBars(_axes(), NAMES, 4)
    shares = np.array([level_distribution(p, GAME) for p in POLICIES])
    panel.update(shares)
    heights = np.array([[bar.get_height() for bar in group] for group in panel.bars])
    assert_allclose(heights, shares, rtol=0, atol=0)
    assert heights[0, 4] == 1.0  # all at once: every period at the ceiling in the long run
    assert len(panel.artists) == 15
    with pytest.raises(ValueError, match="distributions must have shape"):
        panel.update(shares[:, :3])


def test_compliance_region_shows_the_codes_lines_and_point():
    """The image holds compliance_map's codes (transposed: discounts upwards), the lines the
    given thresholds with inf drawn as a gap, the point the current setting."""
    alphas, deltas = [0.0, 0.1, 0.2], [0.5, 0.7, 0.9]
    codes = compliance_map(Ladder(4, 1, 4), GAME, deltas, alphas)
    panel = ComplianceRegion(_axes(), alphas, deltas, ["all at once", "generous tit for tat"])
    panel.update(codes, [[0.3, 0.35, 0.4], [0.4, np.inf, 0.6]], 0.1, 0.7)
    assert_allclose(np.asarray(panel.image.get_array()), codes.T)
    assert_allclose(panel.lines[0].get_ydata(), [0.3, 0.35, 0.4])
    assert np.isnan(panel.lines[1].get_ydata()[1])
    assert panel.point.get_data()[0][0] == 0.1 and panel.point.get_data()[1][0] == 0.7
    assert set(REGION_COLORS) == {0, 1, 2}
    assert [h.get_label() for h in panel.line_handles] == [
        "all at once: deterred above", "generous tit for tat: deterred above"]
    with pytest.raises(ValueError, match="codes must have shape"):
        panel.update(codes.T[:2], [[0, 0, 0], [0, 0, 0]], 0.0, 0.5)


def _curves(ax):
    """The labelled curves of an Axes (the points at alpha = 0 have '_' labels)."""
    return {line.get_label(): line for line in ax.get_lines()}


def test_threshold_and_level_plots_draw_the_table():
    """plot_thresholds draws deterred_from (inf as gaps) and, on request, sustained_from;
    plot_compliant_levels draws compliant_level, one curve per policy in table order; the
    value at alpha = 0 is a separate open marker, not joined to the curve."""
    table = false_alarm_table({"all at once": AllAtOnce(4), "ladder": Ladder(4, 1, 1)}, GAME,
                              [0.0, 0.1, 0.3])
    ax = plot_thresholds(_axes(), table, sustained=["ladder"])
    curves = _curves(ax)
    assert [k for k in curves if not k.startswith("_")] == ["all at once", "ladder",
                                                             "ladder: sustained"]
    ladder = table[table.policy == "ladder"]
    expected = np.where(np.isfinite(ladder.deterred_from), ladder.deterred_from, np.nan)
    assert_allclose(curves["ladder"].get_xdata(), [0.1, 0.3])
    assert_allclose(curves["ladder"].get_ydata(), expected[1:])
    assert np.isnan(curves["_ladder at α = 0"].get_ydata()[0])  # never deters without alarms
    once = table[table.policy == "all at once"]
    assert_allclose(curves["_all at once at α = 0"].get_ydata(), once.deterred_from[:1])
    ax = plot_compliant_levels(_axes(), table)
    curves = _curves(ax)
    assert_allclose(curves["_all at once at α = 0"].get_ydata(), [0.0])
    assert_allclose(curves["all at once"].get_ydata(), [4.0, 4.0])


def test_false_alarm_statics_share_one_legend():
    """plot_false_alarm_statics makes two panels and one figure legend naming each policy
    (and the sustained curve asked for) once."""
    table = false_alarm_table({"all at once": AllAtOnce(4), "ladder": Ladder(4, 1, 4)}, GAME,
                              [0.0, 0.1])
    fig = Figure(layout="constrained")
    left, right = plot_false_alarm_statics(fig, table, sustained=["ladder"])
    assert left.get_legend() is None and right.get_legend() is None
    texts = [t.get_text() for t in fig.legends[0].get_texts()]
    assert texts == ["all at once", "ladder", "ladder: sustained"]


def test_ladder_statics_mark_where_compliance_is_sustained():
    """plot_ladder_statics draws both thresholds against the parameter and marks, on the
    reference line, the values whose sustained threshold is at most the reference."""
    ms = [2, 4, 6]
    table = policy_table({f"m = {m}": Ladder(4, 1, m) for m in ms}, GAME)
    ax = plot_ladder_statics(_axes(), ms, table, xlabel="m", reference=0.9)
    deterred, sustained, _, marks = ax.get_lines()
    assert_allclose(deterred.get_ydata(), table["deterred_from"])
    assert_allclose(sustained.get_ydata(), table["sustained_from"])
    assert list(marks.get_xdata()) == [2.0, 4.0]  # m = 6 needs delta >= 0.935
