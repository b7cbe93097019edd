"""Tests for sanclab.plots.coalition_coordination: lesson 1's figures draw what the models say."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from sanclab.models import coalition_sweep, effectiveness, threshold_cascade
from sanclab.plots.coalition_coordination import (
    FONT_SIZE,
    CascadeBars,
    EffectivenessCurves,
    plot_cascade,
    plot_cascade_rounds,
    plot_effectiveness,
    plot_sweep,
    plot_sweep_effect,
)


def _axes():
    return Figure().subplots()


def test_cascade_bars_show_thresholds_and_join_rounds():
    """Bars are the thresholds; joiners are labelled with their round, others 'stays out';
    the dashed line sits at the final share."""
    result = threshold_cascade([0.0, 0.3, 0.9], weights=[0.5, 0.2, 0.3], names=list("ABC"))
    bars = CascadeBars(_axes(), result.names)
    bars.update(result)
    assert [b.get_width() for b in bars.bars] == pytest.approx([0.0, 0.3, 0.9])
    assert bars.label_texts() == ["round 0", "round 1", "stays out"]
    assert bars.line.get_xdata()[0] == pytest.approx(result.final_share)


def test_cascade_bar_labels_sit_at_the_end_of_their_bars():
    """Each label is drawn just right of its bar's end, on the bar's row: its outline's
    left edge is within a few pixels of the bar's right edge."""
    fig = Figure(figsize=(6, 3), dpi=100)
    ax = fig.subplots()
    result = threshold_cascade([0.0, 0.3, 0.6], weights=[0.5, 0.2, 0.3], names=list("ABC"))
    bars = CascadeBars(ax, result.names)
    bars.update(result)
    fig.canvas.draw()
    for bar, label in zip(bars.bars, bars.labels, strict=True):
        box = label.patch.get_window_extent()
        edge = bar.get_window_extent()
        assert 0 <= box.x0 - edge.x1 <= 8
        assert edge.y0 <= (box.y0 + box.y1) / 2 <= edge.y1


def test_cascade_bars_repaint_only_what_changes():
    """The artists a dashboard repaints are the bars, the labels and the line; the title is
    static and an update leaves it as set."""
    bars = CascadeBars(_axes(), ["A", "B"], title="fixed")
    assert bars.title not in bars.artists and len(bars.artists) == 5
    bars.update(threshold_cascade([0.0, 0.1], names=["A", "B"]))
    assert bars.title.get_text() == "fixed"


def test_cascade_bars_refuse_a_result_of_another_size():
    """Updating with a cascade of a different number of actors is a ValueError."""
    bars = CascadeBars(_axes(), ["A", "B"])
    with pytest.raises(ValueError, match="result must have 2 actors"):
        bars.update(threshold_cascade([0.0, 0.1, 0.2]))


def test_plot_cascade_default_title():
    """plot_cascade titles the panel with who acted and the coverage."""
    ax = plot_cascade(_axes(), threshold_cascade([0.0, 0.5], weights=[0.6, 0.4]))
    assert ax.get_title(loc="left") == "2 of 2 act after 1 round(s); coverage 100%"


def test_effectiveness_curve_and_point_move_in_place():
    """update() moves the current curve to E(., d) and the point to (s, E(s, d)), keeping
    the same artists; the title and legend stay as they were (no 'more diversion, less
    effect' claim: at a fixed coverage that is true, but the coverage itself moves)."""
    curves = EffectivenessCurves(_axes(), [0.0, 1.0])
    artists = curves.artists
    title = curves.title.get_text()
    curves.update(0.6, 0.5)
    assert curves.artists == artists
    assert curves.title.get_text() == title and "less" not in title.lower()
    np.testing.assert_allclose(curves.curve.get_ydata(), effectiveness(curves._S, 0.5))
    x, y = curves.point.get_data()
    assert (x[0], y[0]) == pytest.approx((0.6, effectiveness(0.6, 0.5)))
    with pytest.raises(ValueError, match="moving=False"):
        EffectivenessCurves(_axes(), [0.5], moving=False).update(0.5, 0.5)


def test_plot_effectiveness_one_curve_per_diversion():
    """Static use: one curve per diversion rate, plus the moving curve and point if asked."""
    ax = plot_effectiveness(_axes(), [0.0, 0.5, 1.0])
    assert len(ax.get_lines()) == 3
    ax = plot_effectiveness(_axes(), [0.0], coverage=0.5, current_diversion=1.0)
    x, y = ax.get_lines()[-1].get_data()
    assert (x[0], y[0]) == pytest.approx((0.5, 0.25))


def test_cascade_rounds_keep_a_stalled_cascade_visible():
    """Each line runs to the last round of the longest cascade (a stopped cascade keeps its
    share), so a cascade stalled in round 0 is a flat line as long as the full one, above
    the axis; each line's end is labelled with how many act."""
    results = [threshold_cascade(np.arange(10) / 10), threshold_cascade([0.0, 0.6])]
    ax = plot_cascade_rounds(_axes(), results, ["all", "stalled"])
    full, stalled = ax.get_lines()
    np.testing.assert_allclose(full.get_ydata(), results[0].share_by_round)
    assert len(stalled.get_ydata()) == len(full.get_ydata())
    np.testing.assert_allclose(stalled.get_ydata(), 0.5)
    assert ax.get_ylim()[0] < 0
    assert [t.get_text() for t in ax.texts] == ["10 act", "1 act"]
    with pytest.raises(ValueError, match="labels must have one entry per result"):
        plot_cascade_rounds(_axes(), results, ["one"])


def test_sweep_lines_are_the_table():
    """plot_sweep draws the table's largest (solid step), smallest (dashed step) and cascade
    (dots) columns against the swept parameter, and one vertical line per mark."""
    table = coalition_sweep("penalty", np.linspace(0.35, 0.45, 11), diversion=0.5)
    ax = plot_sweep(_axes(), table, marks=[(0.3937, "hold"), (0.3954, "build")])
    largest, smallest, cascade, hold, build = ax.get_lines()
    assert list(largest.get_ydata()) == table["largest"].tolist()
    assert list(smallest.get_ydata()) == table["smallest"].tolist()
    assert list(cascade.get_ydata()) == table["cascade"].tolist()
    assert hold.get_xdata()[0] == pytest.approx(0.3937)
    assert [t.get_text() for t in ax.get_legend().get_texts()][-2:] == ["hold", "build"]
    assert ax.get_xlabel() == "secondary penalty p"


def test_sweep_effect_lines_are_coverage_and_effectiveness():
    """plot_sweep_effect draws the table's coverage and effectiveness columns."""
    table = coalition_sweep("diversion", [0.0, 0.5, 1.0], penalty=0.4)
    ax = plot_sweep_effect(_axes(), table)
    coverage, cut = ax.get_lines()
    np.testing.assert_allclose(coverage.get_ydata(), table["coverage"])
    np.testing.assert_allclose(cut.get_ydata(), table["effectiveness"])
    with pytest.raises(ValueError, match="at least one row"):
        plot_sweep_effect(_axes(), table.iloc[:0])


def test_text_is_at_least_the_minimum_font_size():
    """Every text of the sweep figures (ticks, labels, legend, title) is at least FONT_SIZE
    points, so a 7.5-inch figure stays legible in a 690-pixel column."""
    ax = plot_sweep(_axes(), coalition_sweep("spread", [0.0, 1.0], penalty=0.4),
                    title="t", marks=[(1.0, "m")])
    ax.figure.canvas.draw()
    texts = [ax.title, ax._left_title, ax.xaxis.label, ax.yaxis.label,
             *ax.get_legend().get_texts(), *ax.get_xticklabels(), *ax.get_yticklabels()]
    assert min(t.get_fontsize() for t in texts if t.get_text()) >= FONT_SIZE
