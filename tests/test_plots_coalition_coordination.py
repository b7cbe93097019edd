"""Tests for sanclab.plots.coalition_coordination: lesson 1's figures draw what the models say."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.figure import Figure

from sanclab.models import effectiveness, load_allies, participation_game, threshold_cascade
from sanclab.plots.coalition_coordination import (
    CascadeBars,
    EffectivenessCurves,
    plot_cascade_rounds,
    plot_penalty_statics,
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
    assert [t.get_text() for t in bars.labels] == ["round 0", "round 1", "stays out"]
    assert bars.line.get_xdata()[0] == pytest.approx(result.final_share)


def test_cascade_bars_refuse_a_result_of_another_size():
    """Updating with a cascade of a different number of actors is a ValueError."""
    bars = CascadeBars(_axes(), ["A", "B"])
    with pytest.raises(ValueError, match="result must have 2 actors"):
        bars.update(threshold_cascade([0.0, 0.1, 0.2]))


def test_effectiveness_curve_and_point_move_in_place():
    """update() moves the current curve to E(., d) and the point to (s, E(s, d)), keeping
    the same artists."""
    curves = EffectivenessCurves(_axes(), [0.0, 1.0])
    artists = curves.artists
    curves.update(0.6, 0.5)
    assert curves.artists == artists
    np.testing.assert_allclose(curves.curve.get_ydata(), effectiveness(curves._S, 0.5))
    x, y = curves.point.get_data()
    assert (x[0], y[0]) == pytest.approx((0.6, effectiveness(0.6, 0.5)))


def test_cascade_rounds_one_line_per_cascade():
    """One line per result, its points the share acting after each round."""
    results = [threshold_cascade(np.arange(10) / 10), threshold_cascade([0.0, 0.5])]
    ax = plot_cascade_rounds(_axes(), results, ["all", "stalled"])
    lines = ax.get_lines()
    assert len(lines) == 2
    np.testing.assert_allclose(lines[0].get_ydata(), results[0].share_by_round)
    with pytest.raises(ValueError, match="labels must have one entry per result"):
        plot_cascade_rounds(_axes(), results, ["one"])


def test_penalty_statics_step_lines_are_the_equilibria():
    """The solid step line is the largest equilibrium's size at each penalty, the dashed the
    smallest, the dots the cascade; the dotted vertical line is at p*."""
    game = participation_game(load_allies(), penalty=0.0, diversion=0.5, benefit=1.0)
    penalties = np.linspace(0.0, 1.0, 11)
    ax = plot_penalty_statics(_axes(), game, penalties)
    largest, smallest, cascade, star = ax.get_lines()
    expected_largest = [int(game.with_penalty(p).largest_equilibrium().sum()) for p in penalties]
    expected_smallest = [int(game.with_penalty(p).smallest_equilibrium().sum())
                         for p in penalties]
    assert list(largest.get_ydata()) == expected_largest
    assert list(smallest.get_ydata()) == expected_smallest
    assert list(cascade.get_ydata()) == [game.with_penalty(p).cascade().n_joined - 1
                                         for p in penalties]
    assert star.get_xdata()[0] == pytest.approx(game.minimal_full_participation_penalty())
