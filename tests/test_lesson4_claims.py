"""Every claim lesson 4 (notebooks/04_elite_bargaining.ipynb) makes about its models.

The notebook prints many of these numbers and nbval checks that it reproduces its stored
outputs; these tests recompute each number and claim of the text (figure captions and alt
texts included) from the library, so that the text says what the models do. Sections follow
the notebook's.
"""

from __future__ import annotations

import itertools
from fractions import Fraction
from math import comb, factorial

import numpy as np
import pandas as pd
import pytest
from numpy.testing import assert_allclose

from sanclab.dashboards.elite_bargaining import dashboard, elite_view
from sanclab.models import (
    UNSC_QUOTA,
    UNSC_WEIGHTS,
    SelectorateModel,
    WeightedVotingGame,
    allocation,
    banzhaf,
    challenger_offer,
    critical_challenger_relief,
    critical_rent_cut,
    critical_revenue_cut,
    critical_sizes,
    defection_margin,
    faction_game,
    incumbent_advantage,
    incumbent_best_offer,
    load_factions,
    margin_loss_per_cost,
    minimal_winning_coalitions,
    pivot_counts,
    power_table,
    sanctioned_game,
    shapley_shubik,
    survives,
    swing_counts,
)

RTOL = 1e-12
SEC, MIL, PARTY, BUS, REG = range(5)


def ss(kind, size):
    """Shapley-Shubik indices of the illustrative factions as exact fractions of 5! orders."""
    game = sanctioned_game(kind=kind, size=size)
    return [Fraction(p, 120) for p in pivot_counts(game.weights, game.quota)]


def shares(kind, size):
    weights = np.array([float(w) for w in sanctioned_game(kind=kind, size=size).weights])
    return weights / weights.sum()


# --------------------------------------------------------------------------------------------
# 2.1 Power among factions
# --------------------------------------------------------------------------------------------


def test_unsc_published_figures():
    """UNSC (FACTS.md): Shapley-Shubik 421/2145 and 4/2145, normalized Banzhaf 848/5080 and
    84/5080; 210 minimal winning coalitions, each the five permanent members with four of the
    ten elected ones."""
    pivots = pivot_counts(UNSC_WEIGHTS, UNSC_QUOTA)
    assert Fraction(pivots[0], factorial(15)) == Fraction(421, 2145)
    assert Fraction(pivots[5], factorial(15)) == Fraction(4, 2145)
    swings = swing_counts(UNSC_WEIGHTS, UNSC_QUOTA)
    assert (swings[0], swings[5], sum(swings)) == (848, 84, 5080)
    assert len(WeightedVotingGame(UNSC_WEIGHTS, UNSC_QUOTA).minimal_winning_coalitions()) == 210
    coalitions = minimal_winning_coalitions(UNSC_WEIGHTS, UNSC_QUOTA)
    assert len(coalitions) == 210 == comb(10, 4)
    assert all(set(range(5)) <= set(c) and len(c) == 9 for c in coalitions)


def test_baseline_power_and_minimal_winning_coalitions():
    """Without sanctions: Shapley-Shubik 7/20, 4/15, 11/60, 1/10, 1/10; Banzhaf 9, 7, 5, 3, 3
    of 27; six minimal winning coalitions, in which business and regional elites are
    interchangeable (hence their equal power)."""
    assert ss("none", 0) == [Fraction(7, 20), Fraction(4, 15), Fraction(11, 60),
                             Fraction(1, 10), Fraction(1, 10)]
    game = faction_game()
    assert list(swing_counts(game.weights, game.quota)) == [9, 7, 5, 3, 3]
    coalitions = game.minimal_winning_coalitions()
    assert len(coalitions) == 6
    swap = {"Business elites": "Regional elites", "Regional elites": "Business elites"}
    assert {frozenset(swap.get(n, n) for n in c) for c in coalitions} == {
        frozenset(c) for c in coalitions}


def test_uniform_shrink_changes_nobody_s_power():
    """A sanction that shrinks every faction by the same share changes nobody's power."""
    table = load_factions()
    table.loc[table["role"] == "faction", "exposure"] = 0.5
    for size in (0.2, 0.6, 0.95):
        assert_allclose(power_table(table, "comprehensive", size)["ss_after"],
                        power_table(table)["ss_before"], rtol=RTOL)


# --------------------------------------------------------------------------------------------
# 2.2 The selectorate model
# --------------------------------------------------------------------------------------------


def test_selectorate_baseline_numbers():
    """S = 100, W = 10, R = 100: U_I = 10, U_C = 1, margin 9, advantage 0.9 = 1 - W/S;
    private goods 10 (1 per member), public 90; s* = t* = 0.9."""
    regime = SelectorateModel(selectorate=100, winning_coalition=10, revenue=100)
    assert_allclose([incumbent_best_offer(regime), challenger_offer(regime),
                     defection_margin(regime), incumbent_advantage(regime)],
                    [10, 1, 9, 0.9], rtol=RTOL)
    split = allocation(regime)
    assert_allclose([split.private, split.private_per_member, split.public], [10, 1, 90],
                    rtol=RTOL)
    assert_allclose([critical_revenue_cut(regime), critical_rent_cut(regime)], [0.9, 0.9],
                    rtol=1e-9)


@pytest.mark.parametrize(("size", "members"), [(100, 1), (100, 37), (250, 200), (1000, 5)])
def test_advantage_and_private_goods_per_member(size, members):
    """Without sanctions the advantage is 1 - W/S, and each member gets R/S of private goods
    whatever W (the course model's departure from the book)."""
    model = SelectorateModel(size, members, revenue=100)
    assert_allclose(incumbent_advantage(model), 1 - members / size, rtol=1e-9, atol=1e-12)
    assert_allclose(allocation(model).private_per_member, 100 / size, rtol=1e-9)


# --------------------------------------------------------------------------------------------
# 3. Worked example: three factions
# --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def three():
    return pd.DataFrame({
        "name": ["Security services", "Military", "Business elites", "Quota"],
        "role": ["faction", "faction", "faction", "quota"],
        "weight": [40, 35, 25, 51],
        "exposure": [0.0, 0.0, 1.0, None],
        "targeted": [0, 0, 1, None],
        "source": ["illustrative"] * 4,
    })


def test_worked_example_weights_and_quotas(three):
    """t = 0.3: weights 40, 35, 17.5, quota 47.175; t = 0.8: 40, 35, 5, quota 40.8 -- the
    numbers the notebook passes to WeightedVotingGame."""
    mild = sanctioned_game(three, "targeted", 0.3)
    deep = sanctioned_game(three, "targeted", 0.8)
    assert [float(w) for w in mild.weights] == [40, 35, 17.5]
    assert float(mild.quota) == 47.175
    assert [float(w) for w in deep.weights] == [40, 35, 5]
    assert float(deep.quota) == 40.8


def test_worked_example_indices(three):
    """Before and at t = 0.3: 1/3 each by both indices. At t = 0.8: Shapley-Shubik 2/3, 1/6,
    1/6; Banzhaf 3/5, 1/5, 1/5; the security services are in every winning set (a veto
    player); the military's share rose from 35% to 43.75% while its power halved; business
    elites' share 25% -> 18.9% at t = 0.3."""
    for size in (0.0, 0.3):
        game = sanctioned_game(three, "targeted", size)
        assert [Fraction(p, 6) for p in pivot_counts(game.weights, game.quota)] == [
            Fraction(1, 3)] * 3
        assert list(swing_counts(game.weights, game.quota)) == [2, 2, 2]
    deep = sanctioned_game(three, "targeted", 0.8)
    assert [Fraction(p, 6) for p in pivot_counts(deep.weights, deep.quota)] == [
        Fraction(2, 3), Fraction(1, 6), Fraction(1, 6)]
    assert list(swing_counts(deep.weights, deep.quota)) == [3, 1, 1]
    coalitions = deep.minimal_winning_coalitions()
    assert all("Security services" in c for c in coalitions)
    assert not deep.is_winning(["Security services"])
    assert not deep.is_winning(["Military", "Business elites"])
    mild = sanctioned_game(three, "targeted", 0.3)
    assert_allclose(float(mild.weights[2] / sum(mild.weights)), 0.189, atol=5e-4)
    assert float(deep.weights[1] / sum(deep.weights)) == 0.4375


def test_worked_example_critical_sizes(three):
    """The military-business pair loses beyond t = 36/49 (0.735); the security services win
    alone from t = 44/51 (0.863); nothing else changes."""
    assert critical_sizes(three, "targeted") == [Fraction(36, 49), Fraction(44, 51)]
    assert sanctioned_game(three, "targeted", Fraction(44, 51)).is_winning(["Security services"])


# --------------------------------------------------------------------------------------------
# 4. The dashboard and its guided tasks
# --------------------------------------------------------------------------------------------


def test_dashboard_start_and_task_1():
    """Start (t = 0.1): no faction's power moves, margin 9 -> 8, private goods 100/9 = 11.11
    and public 88.89. At t = 0.15 all five factions' power moves."""
    start = elite_view(0.1, 0.0, 10, 100, 1.0)
    assert start.power_changed == []
    assert_allclose([start.margin_before, start.margin_after], [9, 8], rtol=RTOL)
    assert_allclose([start.allocation_after.private, start.allocation_after.public],
                    [100 / 9, 800 / 9], rtol=RTOL)
    assert len(elite_view(0.15, 0.0, 10, 100, 1.0).power_changed) == 5
    assert dashboard().params == {"targeted": 0.1, "comprehensive": 0.0,
                                  "winning_coalition": 10, "selectorate": 100,
                                  "challenger_relief": 1.0}


def test_dashboard_task_2_military_on_the_slider_grid():
    """Raising t in slider steps of 0.05 up to 0.9, the military's index first falls below
    0.267 and ends above it (1/3)."""
    path = [elite_view(t, 0.0, 10, 100, 1.0).table.loc[MIL, "ss_after"]
            for t in np.round(np.arange(0, 0.91, 0.05), 2)]
    assert min(path) == pytest.approx(7 / 30) and path[0] == pytest.approx(4 / 15)
    assert path[-1] == pytest.approx(1 / 3)
    assert path.index(min(path)) < len(path) - 1


def test_dashboard_task_3_regional_elites():
    """t = 0, s = 0.85: the regional elites' weight (10 -> 5.75) and share (0.10 -> 0.086)
    fall, their power rises (0.1 -> 7/60)."""
    row = elite_view(0.0, 0.85, 10, 100, 1.0).table.loc[REG]
    assert row["weight_after"] == pytest.approx(5.75)
    assert row["share_after"] == pytest.approx(0.0855, abs=5e-4)
    assert row["ss_after"] == pytest.approx(7 / 60)


def test_dashboard_tasks_4_and_5():
    """t = 0: s = 0.9 survives with margin 0 (tie), s = 0.95 falls; with rho = 0 no slider
    setting of s topples her; W = 80 survives s = 0.2 (tie) and falls at 0.25."""
    assert elite_view(0.0, 0.9, 10, 100, 1.0).survives
    assert elite_view(0.0, 0.9, 10, 100, 1.0).margin_after == pytest.approx(0, abs=1e-9)
    assert not elite_view(0.0, 0.95, 10, 100, 1.0).survives
    assert all(elite_view(0.0, s, 10, 100, 0.0).survives for s in np.arange(0, 1.0001, 0.05))
    assert elite_view(0.0, 0.2, 80, 100, 1.0).survives
    assert not elite_view(0.0, 0.25, 80, 100, 1.0).survives


# --------------------------------------------------------------------------------------------
# 5.1 Power against the size of the sanctions
# --------------------------------------------------------------------------------------------


def test_critical_sizes_of_the_table():
    """Targeted 20/153, 80/147, 40/51; comprehensive 200/1727, 1800/2173, 2200/2327."""
    assert critical_sizes(kind="targeted") == [Fraction(20, 153), Fraction(80, 147),
                                               Fraction(40, 51)]
    assert critical_sizes(kind="comprehensive") == [Fraction(200, 1727), Fraction(1800, 2173),
                                                    Fraction(2200, 2327)]


def test_targeted_path_table():
    """The notebook's table at t = 0, 0.1, 0.3, 0.6, 0.9 (exact fractions)."""
    expected = {
        0.0: [Fraction(7, 20), Fraction(4, 15), Fraction(11, 60), Fraction(1, 10),
              Fraction(1, 10)],
        0.1: [Fraction(7, 20), Fraction(4, 15), Fraction(11, 60), Fraction(1, 10),
              Fraction(1, 10)],
        0.3: [Fraction(2, 5), Fraction(7, 30), Fraction(7, 30), Fraction(1, 15),
              Fraction(1, 15)],
        0.6: [Fraction(11, 30), Fraction(17, 60), Fraction(17, 60), Fraction(1, 30),
              Fraction(1, 30)],
        0.9: [Fraction(1, 3)] * 3 + [Fraction(0)] * 2,
    }
    for size, values in expected.items():
        assert ss("targeted", size) == values


def test_weight_lost_power_kept_below_the_first_critical_size():
    """Below 20/153 the business elites lose weight and no index moves; the security
    services and the ruling party (50) win from exactly 20/153."""
    below = Fraction(20, 153) - Fraction(1, 10**9)
    assert ss("targeted", below) == ss("none", 0)
    assert float(sanctioned_game(kind="targeted", size=below).weights[BUS]) < 15
    pair = ["Security services", "Ruling party and bureaucracy"]
    assert not sanctioned_game(kind="targeted", size=below).is_winning(pair)
    assert sanctioned_game(kind="targeted", size=Fraction(20, 153)).is_winning(pair)


def test_power_moves_without_weight_and_against_the_share():
    """Regional elites: weight unchanged, share up (0.10 -> 0.103 at t = 0.2), power down
    0.1 -> 1/15. Security services: share keeps rising with t while power falls from 2/5 to
    11/30 at 80/147."""
    assert shares("targeted", 0.2)[REG] > 0.1
    assert ss("targeted", 0.2)[REG] == Fraction(1, 15)
    grid = np.linspace(0, 0.99, 100)
    security_share = [shares("targeted", float(t))[SEC] for t in grid]
    assert np.all(np.diff(security_share) > 0)
    assert ss("targeted", 0.5)[SEC] == Fraction(2, 5) > ss("targeted", 0.6)[SEC]


def test_military_is_not_monotone_and_business_becomes_a_dummy_with_weight():
    """Military 4/15 -> 7/30 -> 17/60 -> 1/3; from 40/51 business (weight 3 at t = 0.8) and
    regional elites (10) are dummies and any two of the three big factions win."""
    assert [ss("targeted", t)[MIL] for t in (0.1, 0.3, 0.6, 0.9)] == [
        Fraction(4, 15), Fraction(7, 30), Fraction(17, 60), Fraction(1, 3)]
    game = sanctioned_game(kind="targeted", size=0.8)
    assert float(game.weights[BUS]) == 3.0 and float(game.weights[REG]) == 10.0
    assert ss("targeted", 0.8)[BUS] == ss("targeted", 0.8)[REG] == 0
    assert sorted(game.minimal_winning_coalitions()) == sorted(
        itertools.combinations(["Security services", "Military",
                                "Ruling party and bureaucracy"], 2))


def test_comprehensive_sanctions_favour_the_least_exposed():
    """Security services (exposure 0.1): 7/20 -> 2/5 -> 9/20 -> 1/2, never falling; the
    regional elites fall to 1/15 and rise to 7/60 and 1/6 (figure 1's right panel)."""
    stretch_sizes = (0.05, 0.5, 0.9, 0.97)
    assert [ss("comprehensive", s)[SEC] for s in stretch_sizes] == [
        Fraction(7, 20), Fraction(2, 5), Fraction(9, 20), Fraction(1, 2)]
    assert [ss("comprehensive", s)[REG] for s in stretch_sizes] == [
        Fraction(1, 10), Fraction(1, 15), Fraction(7, 60), Fraction(1, 6)]


# --------------------------------------------------------------------------------------------
# 5.2 Weight and power of one faction; the two indices
# --------------------------------------------------------------------------------------------


def test_party_gains_power_while_weight_and_share_fall():
    """s = 0.5: party weight 20 -> 16, share 0.20 -> 0.198, power 11/60 -> 7/30; military
    share 0.25 -> 0.263, power 4/15 -> 7/30. Party's stretches: 11/60, 7/30, 1/5, 1/6."""
    table = power_table(kind="comprehensive", size=0.5)
    assert table.loc[PARTY, "weight_after"] == 16
    assert_allclose(table.loc[[PARTY, MIL], "share_after"], [0.198, 0.263], atol=5e-4)
    assert ss("comprehensive", 0.5)[PARTY] == Fraction(7, 30) == ss("comprehensive", 0.5)[MIL]
    assert [ss("comprehensive", s)[PARTY] for s in (0.05, 0.5, 0.9, 0.97)] == [
        Fraction(11, 60), Fraction(7, 30), Fraction(1, 5), Fraction(1, 6)]


def test_the_two_indices_disagree_on_the_security_services():
    """t = 0.8: Shapley-Shubik 7/20 -> 1/3 (down), Banzhaf 9/27 -> 1/3 (unchanged)."""
    table = power_table(kind="targeted", size=0.8)
    assert table.loc[SEC, "ss_before"] == pytest.approx(0.35)
    assert table.loc[SEC, "ss_after"] == pytest.approx(1 / 3)
    assert table.loc[SEC, "bz_before"] == pytest.approx(1 / 3)
    assert table.loc[SEC, "bz_after"] == pytest.approx(1 / 3)


def test_in_general_the_indices_can_move_in_opposite_directions():
    """Weights 6, 4, 16, 4, 15 with quota 2/3 of the total: cutting player 2 from 16 to 15
    lowers its Shapley-Shubik index (11/20 -> 1/2) and raises its Banzhaf index (9/19 ->
    1/2)."""
    before, after = [6, 4, 16, 4, 15], [6, 4, 15, 4, 15]
    q_before, q_after = Fraction(2, 3) * sum(before), Fraction(2, 3) * sum(after)
    assert_allclose(shapley_shubik(before, q_before)[2], 11 / 20, rtol=RTOL)
    assert_allclose(shapley_shubik(after, q_after)[2], 1 / 2, rtol=RTOL)
    assert_allclose(banzhaf(before, q_before)[2], 9 / 19, rtol=RTOL)
    assert_allclose(banzhaf(after, q_after)[2], 1 / 2, rtol=RTOL)


# --------------------------------------------------------------------------------------------
# 5.3 Who absorbs a revenue cut
# --------------------------------------------------------------------------------------------


def test_revenue_cut_numbers():
    """W = 10, cut 0.5: public 40, private 10. W = 80: public 20 before, 10 after a 0.1 cut,
    falls at 0.3 (s* = 0.2); with rho = 0 a 0.3 cut leaves private 56, public 14 (a share
    W/S = 0.8 of the cut on the winning coalition). Targeted t = 0.5 with W = 10: private 20,
    public 80."""
    small, large = SelectorateModel(100, 10), SelectorateModel(100, 80)
    split = allocation(small.replace(revenue_cut=0.5))
    assert_allclose([split.public, split.private], [40, 10], rtol=RTOL)
    assert allocation(large).public == pytest.approx(20)
    assert_allclose(allocation(large.replace(revenue_cut=0.1)).public, 10, rtol=1e-9)
    assert not survives(large.replace(revenue_cut=0.3))
    assert critical_revenue_cut(large) == pytest.approx(0.2)
    no_relief = allocation(large.replace(revenue_cut=0.3, challenger_relief=0.0))
    assert_allclose([no_relief.private, no_relief.public], [56, 14], rtol=RTOL)
    assert (80 - no_relief.private) / 30 == pytest.approx(0.8)
    targeted = allocation(small.replace(rent_cut=0.5))
    assert_allclose([targeted.private, targeted.public], [20, 80], rtol=RTOL)


def test_small_coalition_cut_falls_on_public_goods_first():
    """alpha = 0, rho = 1: the winning coalition's private goods stay R W/S for every cut up
    to s* = 1 - W/S (several regimes)."""
    for members in (5, 10, 30, 60):
        model = SelectorateModel(100, members)
        for s in np.linspace(0, 1 - members / 100, 7):
            assert_allclose(allocation(model.replace(revenue_cut=float(s))).private, members,
                            rtol=1e-9)


def test_knife_edges_in_the_revenue_cut_and_relief():
    """W = 10: margin exactly 0 at s = 0.9 and the leader survives; rho = 0.5 gives
    s* = 90/95; rho = 0 never; at a 0.95 cut the smallest toppling relief is 9/19."""
    small = SelectorateModel(100, 10)
    tie = small.replace(revenue_cut=0.9)
    assert defection_margin(tie) == pytest.approx(0, abs=1e-12) and survives(tie)
    assert critical_revenue_cut(small.replace(challenger_relief=0.5)) == pytest.approx(90 / 95)
    assert critical_revenue_cut(small.replace(challenger_relief=0.0)) is None
    assert critical_challenger_relief(small.replace(revenue_cut=0.95)) == pytest.approx(
        9 / 19, rel=1e-7)


@pytest.mark.parametrize("relief", [1.0, 0.6, 0.3, 0.1])
def test_smaller_relief_needs_a_deeper_cut(relief):
    """As rho falls, s* = (S - W)/(S - W + rho W) rises towards 1 (W = 10, S = 100)."""
    assert critical_revenue_cut(SelectorateModel(100, 10, challenger_relief=relief)) == (
        pytest.approx(90 / (90 + 10 * relief), rel=1e-9))


def test_without_challenger_relief_no_sanction_topples_the_leader():
    """rho = 0: any W <= S and any sizes s, t leave the margin >= 0."""
    for s, t, w in itertools.product((0.0, 0.3, 0.9, 1.0), (0.0, 0.5, 1.0), (1, 50, 100)):
        assert survives(SelectorateModel(100, w, revenue_cut=s, rent_cut=t,
                                         challenger_relief=0.0))


def test_w_equals_s():
    """W = S: margin 0 before sanctions; any comprehensive sanction with some relief
    topples the leader."""
    model = SelectorateModel(100, 100)
    assert defection_margin(model) == 0 and survives(model)
    for s, rho in ((0.05, 1.0), (0.5, 0.1), (0.01, 0.5)):
        assert not survives(model.replace(revenue_cut=s, challenger_relief=rho))


# --------------------------------------------------------------------------------------------
# 5.4 Per unit of cost (the course's construction)
# --------------------------------------------------------------------------------------------


def test_per_cost_comparison():
    """S = 100, W = 10: comprehensive 1/W = 0.1; targeted S(1 - t)/W^2 = 0.9, 0.5, 0.1 at
    t = 0.1, 0.5, 0.9 (ratios 9, 5, 1); equal at t* = 1 - W/S, the size at which targeted
    sanctions topple the leader; figure 4's targeted curve starts near 1."""
    base = SelectorateModel(100, 10)
    for t, targeted in ((0.1, 0.9), (0.5, 0.5), (0.9, 0.1)):
        assert_allclose(margin_loss_per_cost(base.replace(rent_cut=t)), targeted, rtol=1e-9)
        assert_allclose(margin_loss_per_cost(base.replace(revenue_cut=t)), 0.1, rtol=1e-9)
    assert critical_rent_cut(base) == pytest.approx(0.9)
    assert_allclose(margin_loss_per_cost(base.replace(rent_cut=0.0025)), 0.9975, rtol=1e-9)


# --------------------------------------------------------------------------------------------
# 6. The model and the reading
# --------------------------------------------------------------------------------------------


def test_regional_elites_gain_only_under_deep_comprehensive_sanctions():
    """Comprehensive: 1/10 -> 7/60 at s = 0.85 and 1/6 beyond 2200/2327; targeted: never
    above 1/10."""
    assert ss("comprehensive", 0.85)[REG] == Fraction(7, 60)
    assert ss("comprehensive", Fraction(2200, 2327) + Fraction(1, 10**6))[REG] == Fraction(1, 6)
    assert max(ss("targeted", t)[REG] for t in np.linspace(0, 1, 41)) == Fraction(1, 10)
