"""Every claim lesson 1 (notebooks/01_coalition_coordination.ipynb) makes about its models.

The notebook prints these numbers; nbval checks the notebook reproduces its stored outputs,
and these tests recompute them from the library and check they mean what the lesson's text
(and its figures' alt text) says. The four behaviours the lesson teaches each have a section
below: holding vs building (7.1), diversion (7.2), the penalty waiver knife-edge (7.3) and
the spread of costs (7.4).
"""

import numpy as np
import pytest
from numpy.testing import assert_allclose

from sanclab.dashboards.coalition_coordination import coalition_view, dashboard
from sanclab.models import (
    ParticipationGame,
    coalition_outcome,
    coalition_sweep,
    effectiveness,
    find_waiver_break,
    load_allies,
    participation_game,
    threshold_cascade,
)


@pytest.fixture(scope="module")
def allies():
    return load_allies()


@pytest.fixture(scope="module")
def game(allies):
    return participation_game(allies, penalty=0.0, diversion=0.5, benefit=1.0)


def _steps(table, column="cascade"):
    """(first value of the parameter, size) at each change of ``column`` along a sweep."""
    values = table[column].tolist()
    xs = table.iloc[:, 0].tolist()
    return [(x, v) for i, (x, v) in enumerate(zip(xs, values, strict=True))
            if i == 0 or v != values[i - 1]]


# --------------------------------------------------------------------------- section 2


def test_granovetter_uniform_thresholds_everyone_acts_one_per_round():
    """Granovetter (1978): thresholds 0..99 -> all 100 act; the last joins in round 99."""
    result = threshold_cascade(np.arange(100) / 100)
    assert result.n_joined == 100
    assert result.rounds == 99


def test_granovetter_moving_one_threshold_stops_everything():
    """Granovetter (1978): threshold-1 actor moved to 2 -> only the instigator acts (the
    flat line of figure 1 sits at 0.01)."""
    thresholds = np.arange(100) / 100
    thresholds[1] = 0.02
    result = threshold_cascade(thresholds)
    assert result.n_joined == 1
    assert_allclose(result.final_share, 0.01, rtol=1e-12)


# --------------------------------------------------------------------------- section 3


def test_without_penalty_no_ally_joins_the_illustrative_coalition(game):
    """Lesson text: without a penalty there is one equilibrium, nobody joins (d = 0.5),
    because each ally's cost exceeds what it adds to the coalition's effect even when every
    other ally has joined (the largest marginal benefit, E being convex)."""
    equilibria = game.pure_equilibria()
    assert equilibria.shape == (1, 8)
    assert not equilibria.any()
    full = game.coverage([1] * game.n_allies)
    assert (game.joining_gains(full - game.trade_share) < 0).all()


def test_minimal_full_participation_penalty_is_tight(game):
    """p* = 0.3937 makes full participation an equilibrium; p* - 0.001 does not."""
    p_star = game.minimal_full_participation_penalty()
    assert_allclose(p_star, 0.3937, atol=5e-5)
    assert game.with_penalty(p_star).largest_equilibrium().all()
    assert not any(row.all() for row in game.with_penalty(p_star - 0.001).pure_equilibria())


def test_thresholds_and_rounds_at_penalty_04(game):
    """At p = 0.4: thresholds 0.250 ... 0.818 as printed; the large exporter joins in round
    1, the energy supplier and neighbouring state in 2, ... the distant partner in 5."""
    pressed = game.with_penalty(0.4)
    assert_allclose(pressed.best_response_thresholds(),
                    [0.25, 0.45, 0.46, 0.637, 0.675, 0.73, 0.74, 0.818], atol=5e-4)
    cascade = pressed.cascade()
    rounds = dict(zip(cascade.names, cascade.join_round.tolist(), strict=True))
    assert rounds == {"Leading sender": 0, "Large exporter": 1, "Energy supplier": 2,
                      "Neighbouring state": 2, "Commodity buyer": 3,
                      "Technology supplier": 3, "Financial centre": 4, "Small trader": 4,
                      "Distant partner": 5}


def test_exploitation_of_the_great_by_the_small(game):
    """Olson & Zeckhauser (1966) in the model: the benefit of joining, B w (1 - d + d (2s +
    w)), rises with the ally's share w at any coverage; the largest ally joins first and
    the two smallest join in the last two rounds (p = 0.4)."""
    w = np.linspace(0.01, 0.3, 30)
    for s in (0.3, 0.6):
        benefit = w * (1 - 0.5 + 0.5 * (2 * s + w))
        assert (np.diff(benefit) > 0).all()
    cascade = game.with_penalty(0.4).cascade()
    names = list(cascade.names[1:])
    shares = game.trade_share
    rounds = cascade.join_round[1:]
    assert rounds[int(np.argmax(shares))] == 1 == rounds.min()
    two_smallest = np.argsort(shares)[:2]
    assert sorted(rounds[two_smallest].tolist()) == [rounds.max() - 1, rounds.max()]
    assert names[int(np.argmax(shares))] == "Large exporter"


# --------------------------------------------------------------------------- section 4


def test_effectiveness_table_values():
    """The lesson's table: E(0.5, 0.5) = 0.375, E(0.7, 1) = 0.49, E(0.9, 0.5) = 0.855."""
    assert_allclose(effectiveness(0.5, 0.5), 0.375, rtol=1e-12)
    assert_allclose(effectiveness(0.7, 1.0), 0.49, rtol=1e-12)
    assert_allclose(effectiveness(0.9, 0.5), 0.855, rtol=1e-12)


def test_at_a_given_coverage_diversion_cuts_less():
    """E(s, d) < s for 0 < s < 1 and d > 0; E(s, 0) = s; E(1, d) = 1."""
    s = np.linspace(0.01, 0.99, 99)
    for d in (0.1, 0.5, 1.0):
        assert (effectiveness(s, d) < s).all()
        assert_allclose(effectiveness(1.0, d), 1.0, rtol=1e-12)
    assert_allclose(effectiveness(s, 0.0), s, rtol=1e-12)


# --------------------------------------------------------------------------- section 5


WORKED = {"trade_share": [0.30, 0.20], "exposure": [0.5, 0.5], "cost": [0.355, 0.32],
          "leader_share": 0.40, "penalty": 0.2, "benefit": 1.0}


def test_worked_example_with_diversion():
    """d = 0.5: g_X(s) = 0.30 s - 0.06, g_Y(s) = 0.20 s - 0.10, thresholds 0.2 and 0.5;
    the cascade covers 0.40, 0.70, 0.90; (join, join) is the only equilibrium, with
    g_X(0.60) = 0.12 and g_Y(0.70) = 0.04; the trade cut is 0.855."""
    two = ParticipationGame(**WORKED, diversion=0.5)
    for s in (0.0, 0.4, 0.9):
        assert_allclose(two.joining_gains(s), [0.30 * s - 0.06, 0.20 * s - 0.10], atol=1e-12)
    assert_allclose(two.best_response_thresholds(), [0.2, 0.5], atol=1e-12)
    run = two.cascade()
    assert_allclose(run.share_by_round, [0.40, 0.70, 0.90], atol=1e-12)
    assert two.pure_equilibria().astype(int).tolist() == [[1, 1]]
    assert_allclose(two.joining_gains([0.60, 0.70]), [0.12, 0.04], atol=1e-12)
    assert_allclose(effectiveness(run.final_share, 0.5), 0.855, atol=1e-12)


def test_worked_example_without_diversion_each_decides_alone():
    """d = 0: g_X = 0.045 and g_Y = -0.02 at every coverage, so X joins and Y stays out
    whatever the other does; coverage 0.70 cuts 0.70."""
    two = ParticipationGame(**WORKED, diversion=0.0)
    for s in (0.0, 0.4, 0.7, 1.0):
        assert_allclose(two.joining_gains(s), [0.045, -0.02], atol=1e-12)
    assert two.pure_equilibria().astype(int).tolist() == [[1, 0]]
    assert_allclose(two.cascade().final_share, 0.70, atol=1e-12)


# --------------------------------------------------------------------------- section 6


def test_dashboard_default_readout_numbers():
    """Dashboard at its defaults (p 0.4, d 0.5): 8 of 8 allies in 5 rounds, coverage 0.88,
    E = 0.8272."""
    view = coalition_view(0.4, 0.5, 0.0, 1.0)
    assert view.cascade.n_joined - 1 == 8 and view.cascade.rounds == 5
    assert_allclose(view.cascade.final_share, 0.88, rtol=1e-12)
    assert_allclose(view.effectiveness, 0.88 * (1 - 0.5 * 0.12), rtol=1e-12)


def test_spread_slider_keeps_the_average_cost():
    """The spread slider moves costs away from or towards their average, keeping it (the
    sentence the lesson gives it): at spread 0 every ally pays the average."""
    base = coalition_outcome(0.4, 0.5).game.cost
    for spread in (0.0, 0.5, 1.5, 2.0):
        costs = coalition_outcome(0.4, 0.5, spread=spread).game.cost
        if (costs > 0).all():
            assert_allclose(costs.mean(), base.mean(), rtol=1e-12)
    assert_allclose(coalition_outcome(0.4, 0.5, spread=0.0).game.cost, base.mean(),
                    rtol=1e-12)


# ------------------------------------------------------------------- 7.1 holding vs building


def test_holding_is_cheaper_than_building(game):
    """Full participation is held from p* = 0.3937 and built by the cascade from 0.3954; in
    between the cascade (and the smallest equilibrium) has six allies."""
    hold, build = game.minimal_full_participation_penalty(), game.minimal_cascade_penalty()
    assert_allclose([hold, build], [0.3937, 0.3954], atol=5e-5)
    between = game.with_penalty((hold + build) / 2)
    assert between.largest_equilibrium().all()
    assert between.cascade().n_joined - 1 == 6 == between.smallest_equilibrium().sum()
    assert not game.with_penalty(build - 1e-9).cascade().joined.all()
    assert game.with_penalty(build).cascade().joined.all()


def test_printed_penalty_steps():
    """The lesson's table: p = 0.385 -> 3, 3, 3; 0.3925 -> 4, 4, 6; 0.395 -> 6, 6, 8;
    0.3975 -> 8, 8, 8 (cascade, smallest, largest)."""
    table = coalition_sweep("penalty", [0.385, 0.3925, 0.395, 0.3975], diversion=0.5)
    assert table[["cascade", "smallest", "largest"]].values.tolist() == [
        [3, 3, 3], [4, 4, 6], [6, 6, 8], [8, 8, 8]]


def test_figure_3_steps():
    """Figure 3 and its alt text: the largest equilibrium reaches 3 at about 0.325 while the
    cascade stays at 0 until about 0.383 (0.35: the gap of exercise l1.e8); on the zoom the
    cascade steps 0, 3, 4, 6, 8; everything is full by 0.4 and stays full."""
    wide = coalition_sweep("penalty", np.round(np.arange(0, 0.8001, 0.005), 3), diversion=0.5)
    zoom = coalition_sweep("penalty", np.round(np.arange(0.38, 0.40001, 0.0001), 4),
                           diversion=0.5)
    assert [size for _, size in _steps(zoom)] == [0, 3, 4, 6, 8]
    first_three = next(p for p, size in _steps(wide, "largest") if size == 3)
    assert 0.325 <= first_three <= 0.33  # the grid point after the jump at 0.3254
    first_cascade = next(p for p, size in _steps(zoom) if size == 3)
    assert abs(first_cascade - 0.383) <= 0.001
    at = wide.set_index("penalty")
    assert (at.loc[0.35, "largest"], at.loc[0.35, "cascade"]) == (3, 0)
    assert (wide.loc[wide["penalty"] >= 0.4, ["cascade", "smallest", "largest"]] == 8).all(
        axis=None)


def test_penalty_never_shrinks_the_coalition_on_the_figure_grid():
    """Smallest and largest equilibrium and cascade are non-decreasing in p (Milgrom &
    Roberts 1990: a parameter raising every gain moves both extreme equilibria up)."""
    wide = coalition_sweep("penalty", np.round(np.arange(0, 0.8001, 0.005), 3), diversion=0.5)
    assert (wide[["cascade", "smallest", "largest"]].diff().dropna() >= 0).all(axis=None)


def test_readout_at_0395_names_the_larger_equilibrium():
    """Guided task: at p = 0.395 the readout says 6 of 8 and that another equilibrium has 8."""
    dash = dashboard()
    dash.set(penalty=0.395)
    assert dash.readout_text.startswith("Allies sanctioning: 6 of 8")
    assert "Another equilibrium has 8 allies" in dash.readout_text


# --------------------------------------------------------------------------- 7.2 diversion


def test_diversion_table():
    """Printed: d = 0, 0.3 -> 3 allies (coverage 0.68; cut 0.680, 0.615), 0.4 -> 5 (0.724),
    0.5 -> 8 (0.827), 0.8 -> 0 (coverage 0.30, cut 0.132), 1.0 -> 0 (0.090)."""
    table = coalition_sweep("diversion", [0.0, 0.3, 0.4, 0.5, 0.8, 1.0], penalty=0.4)
    assert table["cascade"].tolist() == [3, 3, 5, 8, 0, 0]
    assert_allclose(table["effectiveness"], [0.68, 0.615, 0.724, 0.827, 0.132, 0.09],
                    atol=5e-4)
    assert_allclose(table["coverage"][[0, 4]], [0.68, 0.30], atol=1e-12)


def test_diversion_slope_changes_sign_at_half_of_one_minus_w():
    """The marginal value B w (1 - d + d (2s + w)) has slope B w (2s + w - 1) in d: negative
    below s = (1 - w)/2, positive above. For the large exporter (w = 0.2) at the leader's
    0.30 (< 0.40) diversion lowers it; at 0.68 it raises it."""
    w = 0.2

    def value(s, d):
        return w * (1 - d + d * (2 * s + w))

    assert value(0.30, 0.8) < value(0.30, 0.2)
    assert value(0.68, 0.8) > value(0.68, 0.2)
    assert_allclose(value((1 - w) / 2, 0.9), value((1 - w) / 2, 0.1), rtol=1e-12)


def test_at_zero_diversion_gains_do_not_depend_on_coverage_and_two_allies_tie():
    """At d = 0 each ally decides alone (its gain is the same at every coverage); at p = 0.4
    the energy supplier and the neighbouring state gain exactly 0, so the smallest
    equilibrium has 1 ally while the cascade (ties join) has 3."""
    at_zero = coalition_outcome(0.4, 0.0)
    gains = at_zero.game.joining_gains(np.array([[0.3], [0.6], [0.9]]))
    assert_allclose(gains[0], gains[1], atol=1e-12)
    assert_allclose(gains[0], gains[2], atol=1e-12)
    names = list(at_zero.game.names)
    assert_allclose(gains[0][[names.index("Energy supplier"),
                              names.index("Neighbouring state")]], 0.0, atol=1e-12)
    assert (at_zero.smallest_equilibrium, at_zero.allies_joined) == (1, 3)


def test_readout_for_the_diversion_task():
    """Guided task: at p = 0.40, diversion 0.30, 0.50, 0.80 the readout shows a trade cut of
    0.61, 0.83, 0.13."""
    dash = dashboard()
    shown = []
    for d in (0.30, 0.50, 0.80):
        dash.set(penalty=0.40, diversion=d)
        shown.append(dash.readout_text.split("trade cut E = ")[1][:4])
    assert shown == ["0.61", "0.83", "0.13"]


def test_figure_4_steps():
    """Figure 4's alt text: the cascade has 3 allies up to d = 0.39, 5 at 0.40, 7 up to 0.45,
    8 from 0.46 to 0.75, 0 from 0.76; the largest equilibrium 3 below 0.38, 7 up to 0.45,
    8 above; the cut is about 0.60 at 0.39, 0.83 at 0.46, 0.80 at 0.75, 0.14 at 0.76."""
    table = coalition_sweep("diversion", np.round(np.arange(0, 1.0001, 0.01), 2), penalty=0.4)
    assert _steps(table) == [(0.0, 3), (0.4, 5), (0.41, 7), (0.46, 8), (0.76, 0)]
    assert _steps(table, "largest") == [(0.0, 3), (0.38, 7), (0.46, 8)]
    cut = table.set_index("diversion")["effectiveness"]
    assert_allclose(cut[[0.39, 0.46, 0.75, 0.76]], [0.595, 0.831, 0.801, 0.140], atol=5e-3)


# --------------------------------------------------------------------------- 7.3 knife-edge


def test_the_waiver_break_was_found_by_grid_search():
    """find_waiver_break returns the 94th setting of its grid (p = 0.4, d = 0.5): a full
    waiver for the large exporter takes the cascade from 8 allies to 0."""
    found = find_waiver_break()
    assert (found.penalty, found.diversion, found.ally, found.searched) == (
        0.4, 0.5, "Large exporter", 94)
    assert found.without.n_joined - 1 == 8 and found.with_waiver.n_joined - 1 == 0


def test_the_waiver_break_is_rare_on_the_grid():
    """On find_waiver_break's grid (p = 0, 0.05, ..., 2; d = 0, 0.1, ..., 1) the cascade
    reaches every ally in 346 settings, and a full waiver for one ally stops it (at most
    one ally left) in only 3, all at p = 0.4."""
    base = participation_game(load_allies(), penalty=0.0, diversion=0.0, benefit=1.0)
    full, broken = 0, []
    for p in [round(0.05 * k, 2) for k in range(41)]:
        for d in [round(0.1 * k, 1) for k in range(11)]:
            setting = base.replace(penalty=p, diversion=d)
            if not setting.cascade().joined.all():
                continue
            full += 1
            for i in range(setting.n_allies):
                waivers = setting.waiver.copy()
                waivers[i] = 1.0
                if setting.replace(waiver=waivers).cascade().n_joined - 1 <= 1:
                    broken.append((p, d))
                    break
    assert full == 346
    assert len(broken) == 3 and {p for p, _ in broken} == {0.4}


def test_a_waiver_of_one_24th_is_enough_at_04():
    """At p = 0.4 the large exporter's threshold is (0.05 + 0.24 k) / 0.2, above the
    leader's 0.30 once k > 1/24: the cascade has 8 allies at k = 0.0416 and 0 at 0.0417."""
    assert coalition_outcome(0.4, 0.5, waiver=0.0416).allies_joined == 8
    assert coalition_outcome(0.4, 0.5, waiver=0.0417).allies_joined == 0
    game = coalition_outcome(0.4, 0.5, waiver=1 / 24).game
    assert_allclose(game.best_response_thresholds()[0], 0.30, rtol=1e-12)


def test_waiver_numbers_and_figure_5():
    """Printed and figure 5: at p = 0.40 a 0.05 waiver -> 0 allies and a full one -> 0
    (the largest equilibrium stays 8 up to about 0.36); at p = 0.45, 0.05 -> 8 and a full
    waiver -> 6 (the cascade stays at 8 up to about 0.41)."""
    at_40 = coalition_sweep("waiver", [0.05, 1.0], penalty=0.40)
    at_45 = coalition_sweep("waiver", [0.05, 1.0], penalty=0.45)
    assert at_40["cascade"].tolist() == [0, 0] and at_45["cascade"].tolist() == [8, 6]
    grid = np.round(np.arange(0, 1.0001, 0.005), 3)
    lo = coalition_sweep("waiver", grid, penalty=0.40)
    hi = coalition_sweep("waiver", grid, penalty=0.45)
    assert _steps(lo) == [(0.0, 8), (0.045, 0)]
    assert _steps(lo, "largest") == [(0.0, 8), (0.36, 0)]
    assert _steps(hi) == [(0.0, 8), (0.41, 6)]


# --------------------------------------------------------------------------- 7.4 spread


def test_spread_is_non_monotone():
    """Printed: spread 0 -> 3 allies, 0.5 -> 3, 1 -> 8, 1.05 -> 0 (largest equilibrium 7),
    1.5 -> 4, 2 -> 5."""
    table = coalition_sweep("spread", [0.0, 0.5, 1.0, 1.05, 1.5, 2.0], penalty=0.4)
    assert table["cascade"].tolist() == [3, 3, 8, 0, 4, 5]
    assert table["largest"].tolist() == [3, 3, 8, 7, 4, 5]


def test_figure_6_steps():
    """Figure 6's alt text: 3 allies up to about 0.76, then 6 or 7, all 8 only from 1.00 to
    1.03, none at 1.05, 1 or 2 up to 1.14, then 6, then 4, and 5 from about 1.7 to 2."""
    table = coalition_sweep("spread", np.round(np.arange(0, 2.0001, 0.01), 2), penalty=0.4)
    assert _steps(table) == [(0.0, 3), (0.77, 6), (0.99, 7), (1.0, 8), (1.04, 7), (1.05, 0),
                             (1.07, 1), (1.11, 2), (1.15, 6), (1.27, 4), (1.69, 5)]
