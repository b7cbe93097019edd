"""Tests for sanclab.plots.elite_bargaining: lesson 4's figures draw what the models say."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from matplotlib.figure import Figure
from numpy.testing import assert_allclose

from sanclab.models import (
    SelectorateModel,
    allocation,
    challenger_offer,
    combined_power_table,
    critical_sizes,
    incumbent_best_offer,
    power_table,
    sanctioned_game,
)
from sanclab.plots.elite_bargaining import (
    BudgetBars,
    FactionPowerBars,
    OfferBars,
    plot_budget_path,
    plot_cost_comparison,
    plot_power_path,
    plot_weight_and_power,
    power_path,
)

RTOL = 1e-12


def _axes(n=1):
    axes = Figure().subplots(1, n)
    return axes if n > 1 else axes


def test_faction_bars_show_the_table_in_place():
    """Bars are the weight shares and Shapley-Shubik indices, diamonds the Banzhaf indices;
    a second update moves the same artists."""
    left, right = _axes(2)
    table = power_table(kind="targeted", size=0.8)
    bars = FactionPowerBars(left, right, list(table["name"]))
    artists = bars.artists
    bars.update(table)
    assert bars.artists == artists
    assert_allclose([b.get_width() for b in bars.weight_after], table["share_after"])
    assert_allclose([b.get_width() for b in bars.power_before], table["ss_before"])
    assert_allclose([b.get_width() for b in bars.power_after], table["ss_after"])
    assert_allclose(bars.bz_after.get_xdata(), table["bz_after"])
    assert [t.get_text() for t in bars.labels] == ["0.333", "0.333", "0.333", "0.000", "0.000"]
    bars.update(power_table())
    assert_allclose([b.get_width() for b in bars.power_after], power_table()["ss_after"])


def test_faction_bars_keep_the_names_on_the_weight_axes():
    """The faction names label the left Axes (wrapped), the right one has no tick labels."""
    left, right = _axes(2)
    table = power_table()
    FactionPowerBars(left, right, list(table["name"]))
    labels = [t.get_text().replace("\n", " ") for t in left.get_yticklabels()]
    assert labels == list(table["name"])
    assert not any(t.get_visible() and t.get_text() for t in right.get_yticklabels())


def test_faction_bars_refuse_another_table():
    """A table listing other factions is a ValueError."""
    left, right = _axes(2)
    bars = FactionPowerBars(left, right, ["A", "B"])
    with pytest.raises(ValueError, match="table must list the factions"):
        bars.update(power_table())


def test_offer_bars_are_relative_and_labelled_with_values():
    """S = 100, W = 10, t = 0.5: U_I 10 -> 5, U_C 1 -> 1; heights 1, 0.5, 0.1, 0.1 and the
    title gives the margin 4.00 and the verdict."""
    model = SelectorateModel(100, 10, rent_cut=0.5)
    base = model.without_sanctions()
    bars = OfferBars(_axes())
    bars.update((incumbent_best_offer(base), challenger_offer(base)),
                (incumbent_best_offer(model), challenger_offer(model)), survives=True)
    assert_allclose([b.get_height() for b in bars.incumbent], [1.0, 0.5], rtol=RTOL)
    assert_allclose([b.get_height() for b in bars.challenger], [0.1, 0.1], rtol=RTOL)
    assert [t.get_text() for t in bars.values] == ["10.00", "5.00", "1.00", "1.00"]
    assert bars.title.get_text() == "Defection margin 4.00: leader survives"
    with pytest.raises(ValueError, match="must be > 0"):
        bars.update((0.0, 0.0), (0.0, 0.0), survives=True)


def test_budget_bars_stack_private_under_public():
    """W/S = 0.1 with a 50% revenue cut: private 10 then public 40 on top; a falling
    leader's bar is hatched and labelled."""
    model = SelectorateModel(100, 10, revenue_cut=0.5)
    bars = BudgetBars(_axes())
    bars.update(allocation(model.without_sanctions()), allocation(model))
    assert_allclose([bars.private[1].get_height(), bars.public[1].get_y(),
                     bars.public[1].get_height()], [10.0, 10.0, 40.0], rtol=RTOL)
    assert bars.note.get_text() == ""
    falling = model.replace(revenue_cut=0.95)
    bars.update(allocation(falling.without_sanctions()), allocation(falling))
    assert bars.private[1].get_hatch() == "xx"
    assert "cannot match" in bars.note.get_text()
    assert bars.title.get_text() == "Budget after: leader falls"


def test_power_path_is_the_game_between_critical_sizes():
    """power_path's breaks are 0, the critical sizes and 1; each row is the game's index at
    any size inside its stretch (here a quarter of the way in)."""
    breaks, power = power_path(kind="comprehensive", index="banzhaf")
    assert breaks == [Fraction(0), *critical_sizes(kind="comprehensive"), Fraction(1)]
    for k, (lo, hi) in enumerate(zip(breaks[:-1], breaks[1:], strict=True)):
        game = sanctioned_game(kind="comprehensive", size=lo + (hi - lo) / 4)
        assert_allclose(power[k], game.banzhaf(), rtol=RTOL)
    with pytest.raises(ValueError, match="index must be one of"):
        power_path(index="penrose")
    with pytest.raises(ValueError, match="kind must be 'targeted' or 'comprehensive'"):
        power_path(kind="none")


def test_power_path_plot_draws_one_step_line_per_faction_and_the_critical_sizes():
    """Five step lines, five marker lines (one per faction) and one thin line per critical
    size (20/153, 80/147, 40/51); no y label when asked."""
    ax = plot_power_path(_axes(), kind="targeted", legend=False, ylabel=False)
    critical = [line for line in ax.get_lines() if line.get_gid() == "critical"]
    assert len(critical) == len(critical_sizes(kind="targeted")) == 3
    assert [line.get_xdata()[0] for line in critical] == pytest.approx([20 / 153, 80 / 147,
                                                                       40 / 51])
    assert len(ax.get_lines()) == 10 + 3
    assert ax.get_ylabel() == ""
    assert ax.get_legend() is None


def test_weight_and_power_plot():
    """The weight line starts at the faction's share (business elites: 0.15) and the
    Shapley-Shubik steps start at its index (0.1); unknown names are refused."""
    ax = plot_weight_and_power(_axes(), "Business elites", kind="targeted")
    weight, ss, bz = ax.get_lines()[:3]
    assert_allclose(weight.get_ydata()[0], 0.15, rtol=RTOL)
    assert_allclose(ss.get_ydata()[0], 0.1, rtol=RTOL)
    assert_allclose(bz.get_ydata()[0], 3 / 27, rtol=RTOL)
    with pytest.raises(ValueError, match="name must be one of the factions"):
        plot_weight_and_power(_axes(), "Army")


def test_budget_path_stops_where_the_leader_falls():
    """W/S = 0.1: public goods fall from 90 along 90 - 100 s and private goods stay 10 up to
    s* = 0.9; nothing is drawn beyond."""
    ax = plot_budget_path(_axes(), SelectorateModel(100, 10))
    public, private = ax.get_lines()[:2]
    s = public.get_xdata()
    inside = s < 0.9 - 1e-9
    assert_allclose(public.get_ydata()[inside], 90 - 100 * s[inside], atol=1e-9)
    assert_allclose(private.get_ydata()[inside], 10.0, rtol=RTOL)
    assert np.isnan(public.get_ydata()[s > 0.9 + 1e-9]).all()


def test_cost_comparison_curves_are_the_closed_forms():
    """alpha = 0, full challenger relief: comprehensive 1/W, targeted S(1 - t)/W^2 while the
    leader survives (t <= 1 - W/S)."""
    ax = plot_cost_comparison(_axes(), SelectorateModel(100, 10))
    targeted, comprehensive = ax.get_lines()[:2]
    t = targeted.get_xdata()
    ok = t < 0.9 - 1e-9
    assert_allclose(targeted.get_ydata()[ok], 100 * (1 - t[ok]) / 100, rtol=1e-9)
    assert_allclose(comprehensive.get_ydata()[ok], 0.1, rtol=1e-9)


def test_combined_table_in_the_bars():
    """The panel accepts the combined table the dashboard uses."""
    left, right = _axes(2)
    table = combined_power_table(targeted=0.3, comprehensive=0.6)
    bars = FactionPowerBars(left, right, list(table["name"]))
    bars.update(table)
    assert_allclose([b.get_width() for b in bars.power_after], table["ss_after"])
