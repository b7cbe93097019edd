"""Tests for sanclab.models.factions: the elite-faction game and how sanctions move it.

The numbers come from the course's illustrative table (security services 30, military 25,
ruling party and bureaucracy 20, business elites 15, regional elites 10; quota 51, i.e.
51% of the total weight; comprehensive exposures 0.1, 0.3, 0.4, 1.0, 0.5; targeted
sanctions designate the business elites). Exact results are checked as fractions of the
120 = 5! orders.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import (
    FACTIONS_COLUMNS,
    banzhaf,
    combined_game,
    combined_power_table,
    critical_sizes,
    faction_game,
    load_factions,
    pivot_counts,
    power_table,
    sanctioned_game,
    swing_counts,
    validate_factions,
)

RTOL = 1e-12
SEC, MIL, PARTY, BUS, REG = range(5)
NAMES = [
    "Security services",
    "Military",
    "Ruling party and bureaucracy",
    "Business elites",
    "Regional elites",
]


def ss_fractions(game):
    """Shapley-Shubik indices of a game as exact fractions."""
    return [Fraction(p, 120) for p in pivot_counts(game.weights, game.quota)]


def at(kind, size):
    return ss_fractions(sanctioned_game(kind=kind, size=size))


# --------------------------------------------------------------------------------------------
# The table and its loader
# --------------------------------------------------------------------------------------------


def test_default_table_is_illustrative_and_complete():
    """The course's table: five factions in the issue's order, one quota row (51), every
    row labelled illustrative."""
    table = load_factions()
    assert tuple(table.columns[:6]) == FACTIONS_COLUMNS
    assert table.loc[table["role"] == "faction", "name"].tolist() == NAMES
    assert table.loc[table["role"] == "quota", "weight"].tolist() == [51.0]
    assert table["source"].str.startswith("illustrative").all()


def test_errors_name_the_file(tmp_path):
    """A bad CSV raises a ValueError that starts with the file's path, then row and column."""
    table = load_factions()
    table.loc[1, "exposure"] = 1.5
    path = tmp_path / "bad.csv"
    table.to_csv(path, index=False)
    with pytest.raises(ValueError, match=rf"^{path}: factions table row 2 \('Military'\), "):
        load_factions(path)
    table.loc[1, "exposure"] = 0.3
    table.to_csv(path, index=False)
    assert load_factions(path)["exposure"].tolist()[:2] == [0.1, 0.3]


def _table(**changes):
    base = load_factions()
    for column, (row, value) in changes.items():
        base[column] = base[column].astype(object)
        base.loc[row, column] = value
    return base


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (load_factions().drop(columns="exposure"), r"missing column\(s\) \['exposure'\]"),
        (_table(name=(1, "Security services")), r"row 2 .*column 'name': duplicate of row 1"),
        (_table(name=(1, " ")), r"row 2 .*column 'name': must be a non-empty string"),
        (_table(role=(1, "army")), r"column 'role': must be 'faction' or 'quota', got 'army'"),
        (_table(role=(1, "quota")), r"exactly one 'quota' row, got 2"),
        (_table(weight=(0, -3)), r"row 1 .*column 'weight': must be in \[0, inf\), got -3.0"),
        (_table(weight=(0, "heavy")), r"column 'weight': expected a number, got 'heavy'"),
        (_table(weight=(0, None)), r"column 'weight': missing value"),
        (_table(exposure=(2, 1.2)), r"column 'exposure': must be in \[0, 1\], got 1.2"),
        (_table(targeted=(2, 0.5)), r"column 'targeted': must be 0 or 1, got 0.5"),
        (_table(exposure=(5, 0.2)), r"row 6 \('Quota'\), column 'exposure': must be empty"),
        (_table(weight=(5, 101)), r"the quota must be in \(0, 100\]"),
        (_table(weight=(5, 0)), r"the quota must be in \(0, 100\]"),
        (_table(source=(3, None)), r"column 'source': must be a non-empty string"),
    ],
)
def test_invalid_tables_are_rejected(table, message):
    """Each invalid table raises a ValueError naming row and column."""
    with pytest.raises(ValueError, match=message):
        validate_factions(table)


def test_table_shape_errors():
    """Not a DataFrame, or fewer than two factions, is refused."""
    with pytest.raises(TypeError, match="must be a pandas DataFrame"):
        validate_factions([1, 2])
    one = load_factions().iloc[[0, 5]].assign(weight=[30.0, 20.0])
    with pytest.raises(ValueError, match=r"2 to 20 'faction' rows, got 1"):
        validate_factions(one)
    extra = load_factions().assign(note="x")
    assert validate_factions(extra)["note"].tolist() == ["x"] * 6


# --------------------------------------------------------------------------------------------
# Power without sanctions
# --------------------------------------------------------------------------------------------


def test_baseline_power():
    """Without sanctions: Shapley-Shubik 7/20, 4/15, 11/60, 1/10, 1/10 and Banzhaf swings
    9, 7, 5, 3, 3 (of 27). Business and regional elites have equal power although business
    weighs 1.5 times as much; six minimal winning coalitions."""
    game = faction_game()
    assert ss_fractions(game) == [
        Fraction(7, 20),
        Fraction(4, 15),
        Fraction(11, 60),
        Fraction(1, 10),
        Fraction(1, 10),
    ]
    assert swing_counts(game.weights, game.quota) == (9, 7, 5, 3, 3)
    assert len(game.minimal_winning_coalitions()) == 6


# --------------------------------------------------------------------------------------------
# Targeted sanctions against the business elites
# --------------------------------------------------------------------------------------------


def test_targeted_sanctions_critical_sizes():
    """Targeted sanctions change the game only at s = 20/153 (~0.131: security services +
    ruling party reach 51% of the smaller total), 80/147 (~0.544) and 40/51 (~0.784)."""
    assert critical_sizes(kind="targeted") == [
        Fraction(20, 153),
        Fraction(80, 147),
        Fraction(40, 51),
    ]


def test_business_loses_weight_but_keeps_its_power():
    """Targeted sanctions of size 0.1 cut the business elites' weight from 15 to 13.5 (their
    share from 15% to 13.7%) and change NOBODY's power: every index and every minimal
    winning coalition is as before (the game only changes at s = 20/153)."""
    before, after = faction_game(), sanctioned_game(kind="targeted", size=0.1)
    assert float(after.weights[BUS]) == 13.5
    assert ss_fractions(after) == ss_fractions(before)
    assert swing_counts(after.weights, after.quota) == swing_counts(before.weights, before.quota)
    assert after.minimal_winning_coalitions() == before.minimal_winning_coalitions()
    table = power_table(kind="targeted", size=0.1)
    assert table.loc[BUS, "share_after"] < table.loc[BUS, "share_before"]
    assert_allclose(table["ss_after"], table["ss_before"], rtol=RTOL)


def test_knife_edge_at_the_first_critical_size():
    """At exactly s = 20/153 the business elites weigh 15 - 100/51, the total 5000/51 and the
    51% quota exactly 50: security services + ruling party (50) meet it and win; just below
    that size they do not."""
    edge = Fraction(20, 153)
    at_edge = sanctioned_game(kind="targeted", size=edge)
    assert at_edge.quota == 50
    assert at_edge.is_winning(["Security services", "Ruling party and bureaucracy"])
    below = sanctioned_game(kind="targeted", size=edge - Fraction(1, 10**9))
    assert not below.is_winning(["Security services", "Ruling party and bureaucracy"])
    assert ss_fractions(at_edge)[PARTY] == Fraction(7, 30)


def test_untargeted_factions_gain_or_lose_power_without_any_change_in_weight():
    """Targeted sanctions of size 0.2 leave the regional elites' weight at 10 but cut their
    power from 1/10 to 1/15, while the ruling party's rises from 11/60 to 7/30: the quota
    falls with the total, so security services + ruling party now win alone."""
    after = at("targeted", 0.2)
    assert float(sanctioned_game(kind="targeted", size=0.2).weights[REG]) == 10.0
    assert after[REG] == Fraction(1, 15) < Fraction(1, 10)
    assert after[PARTY] == Fraction(7, 30) > Fraction(11, 60)


def test_military_power_is_not_monotone_in_targeted_size():
    """As targeted sanctions deepen (s = 0, 0.2, 0.6, 0.9), the military's Shapley-Shubik
    index goes 4/15, 7/30, 17/60, 1/3: down, then up; the security services' goes 7/20,
    2/5, 11/30, 1/3: up, then down."""
    sizes = [0.0, 0.2, 0.6, 0.9]
    assert [at("targeted", s)[MIL] for s in sizes] == [
        Fraction(4, 15),
        Fraction(7, 30),
        Fraction(17, 60),
        Fraction(1, 3),
    ]
    assert [at("targeted", s)[SEC] for s in sizes] == [
        Fraction(7, 20),
        Fraction(2, 5),
        Fraction(11, 30),
        Fraction(1, 3),
    ]


def test_business_becomes_a_dummy_before_its_weight_is_gone():
    """From s = 40/51 on, the business elites keep positive weight (3 at s = 0.8) but have no
    power at all; the regional elites are dummies too, and the three big factions split
    power equally (1/3 each)."""
    after = sanctioned_game(kind="targeted", size=0.8)
    assert float(after.weights[BUS]) == 3.0
    assert at("targeted", 0.8) == [Fraction(1, 3)] * 3 + [Fraction(0)] * 2
    assert all("Business elites" not in t for t in after.minimal_winning_coalitions())


def test_targets_can_be_chosen():
    """Targets may name other factions; targeting nobody changes nothing."""
    game = sanctioned_game(kind="targeted", size=0.5, targets=["Military"])
    assert [float(w) for w in game.weights] == [30.0, 12.5, 20.0, 15.0, 10.0]
    assert at("targeted", 0.0) == ss_fractions(faction_game())
    nobody = sanctioned_game(kind="targeted", size=0.5, targets=[])
    assert ss_fractions(nobody) == ss_fractions(faction_game())


# --------------------------------------------------------------------------------------------
# Comprehensive sanctions
# --------------------------------------------------------------------------------------------


def test_comprehensive_critical_sizes():
    """Comprehensive sanctions change the game at s = 200/1727 (~0.116), 1800/2173 (~0.828)
    and 2200/2327 (~0.945)."""
    assert critical_sizes(kind="comprehensive") == [
        Fraction(200, 1727),
        Fraction(1800, 2173),
        Fraction(2200, 2327),
    ]


def test_party_gains_power_while_its_weight_and_share_fall():
    """Comprehensive sanctions of size 0.5: the ruling party's weight falls from 20 to 16 and
    its share of the total from 20% to 19.8%, yet its power rises from 11/60 to 7/30; the
    military's share RISES (25% -> 26.3%) while its power falls (4/15 -> 7/30)."""
    table = power_table(kind="comprehensive", size=0.5)
    assert table.loc[PARTY, "weight_after"] == 16.0
    assert table.loc[PARTY, "share_after"] < table.loc[PARTY, "share_before"]
    assert at("comprehensive", 0.5)[PARTY] == Fraction(7, 30) > Fraction(11, 60)
    assert table.loc[MIL, "share_after"] > table.loc[MIL, "share_before"]
    assert at("comprehensive", 0.5)[MIL] == Fraction(7, 30) < Fraction(4, 15)


def test_regional_elites_gain_power_from_deep_comprehensive_sanctions():
    """Comprehensive sanctions of size 0.85: the regional elites' weight falls from 10 to
    5.75 and their share from 10% to 8.6%, yet their power rises from 1/10 to 7/60 (above
    its level without sanctions, and above 1/15 at s = 0.5)."""
    table = power_table(kind="comprehensive", size=0.85)
    assert table.loc[REG, "weight_after"] == 5.75
    assert table.loc[REG, "share_after"] < 0.0856
    assert at("comprehensive", 0.85)[REG] == Fraction(7, 60)
    assert at("comprehensive", 0.5)[REG] == Fraction(1, 15)


def test_comprehensive_sanctions_shift_power_to_the_security_services():
    """The least exposed faction, the security services, gains power at every critical size:
    7/20 -> 2/5 -> 9/20 -> 1/2 (s = 0, 0.5, 0.9, 0.95)."""
    assert [at("comprehensive", s)[SEC] for s in (0, 0.5, 0.9, 0.95)] == [
        Fraction(7, 20),
        Fraction(2, 5),
        Fraction(9, 20),
        Fraction(1, 2),
    ]


def test_uniform_shrink_changes_nobody_s_power():
    """When every faction is equally exposed, comprehensive sanctions scale all weights and
    the quota alike: no index changes, and there is no critical size."""
    table = load_factions()
    table.loc[table["role"] == "faction", "exposure"] = 0.6
    for size in (0.3, 0.9, 1.0 - 1e-9):
        game = sanctioned_game(table, "comprehensive", size)
        assert ss_fractions(game) == ss_fractions(faction_game(table))
    assert critical_sizes(table, "comprehensive") == []


@settings(deadline=None, max_examples=60)
@given(kind=st.sampled_from(["targeted", "comprehensive"]), u=st.floats(0.0, 1.0))
def test_power_is_constant_between_critical_sizes(kind, u):
    """Between two consecutive critical sizes every index is constant: any size in an
    interval gives the same indices as the interval's midpoint."""
    cuts = [Fraction(0), *critical_sizes(kind=kind), Fraction(1)]
    size = Fraction(repr(u))
    for lo, hi in zip(cuts[:-1], cuts[1:], strict=True):
        if lo < size < hi:
            assert at(kind, size) == at(kind, (lo + hi) / 2)


def test_sanction_arguments_are_validated():
    """Unknown kinds, sizes outside [0, 1], unknown targets, targets with comprehensive
    sanctions, and a cut that leaves no weight raise errors naming the problem."""
    with pytest.raises(ValueError, match="kind must be one of"):
        sanctioned_game(kind="smart", size=0.1)
    with pytest.raises(ValueError, match=r"size must be in \[0, 1\], got 1.5"):
        sanctioned_game(kind="targeted", size=1.5)
    with pytest.raises(ValueError, match=r"unknown faction\(s\) \['Army'\]"):
        sanctioned_game(kind="targeted", size=0.1, targets=["Army"])
    with pytest.raises(TypeError, match="targets must be a sequence of faction names"):
        sanctioned_game(kind="targeted", size=0.1, targets="Military")
    with pytest.raises(ValueError, match="targets apply to targeted sanctions only"):
        sanctioned_game(kind="comprehensive", size=0.1, targets=["Military"])
    table = load_factions()
    table.loc[table["role"] == "faction", "exposure"] = 1.0
    with pytest.raises(ValueError, match="leaves the factions no weight at all"):
        sanctioned_game(table, "comprehensive", 1.0)


def test_power_table_columns():
    """power_table has one row per faction and the before/after columns, before = no
    sanctions."""
    table = power_table(kind="targeted", size=0.3)
    assert list(table.columns) == [
        "name",
        "weight_before",
        "weight_after",
        "share_before",
        "share_after",
        "ss_before",
        "ss_after",
        "bz_before",
        "bz_after",
    ]
    assert isinstance(table, pd.DataFrame) and len(table) == 5
    assert_allclose(table[["share_after", "ss_after", "bz_after"]].sum(), 1.0, rtol=RTOL)
    assert np.array_equal(table["weight_before"], [30, 25, 20, 15, 10])


# --------------------------------------------------------------------------------------------
# The two indices can disagree
# --------------------------------------------------------------------------------------------


def test_shapley_shubik_falls_while_banzhaf_stays_for_the_security_services():
    """Targeted sanctions of size 0.8 (>= 40/51) leave security, military and party
    symmetric (any two of them win): both indices give each 1/3. Before, Shapley-Shubik gave
    the security services 7/20 > 1/3 but normalized Banzhaf exactly 9/27 = 1/3: by one
    index the security services lose power, by the other they keep it."""
    before, after = faction_game(), sanctioned_game(kind="targeted", size=0.8)
    assert ss_fractions(before)[SEC] == Fraction(7, 20)
    assert ss_fractions(after)[SEC] == Fraction(1, 3)
    swings_before = swing_counts(before.weights, before.quota)
    swings_after = swing_counts(after.weights, after.quota)
    assert Fraction(swings_before[SEC], sum(swings_before)) == Fraction(1, 3)
    assert Fraction(swings_after[SEC], sum(swings_after)) == Fraction(1, 3)


# --------------------------------------------------------------------------------------------
# Both kinds of sanctions at once
# --------------------------------------------------------------------------------------------


@settings(deadline=None, max_examples=40)
@given(size=st.fractions(0, 1))
def test_combined_game_with_one_kind_is_sanctioned_game(size):
    """combined_game(targeted=t) is sanctioned_game("targeted", t) and
    combined_game(comprehensive=s) is sanctioned_game("comprehensive", s): same exact weights
    and quota."""
    for kind, kwargs in (("targeted", {"targeted": size}),
                         ("comprehensive", {"comprehensive": size})):
        one, both = sanctioned_game(kind=kind, size=size), combined_game(**kwargs)
        assert list(one.weights) == list(both.weights)
        assert one.quota == both.quota


def test_combined_cuts_compound():
    """t = s = 1/2: w_i (1 - t tau_i)(1 - s e_i) = 28.5, 21.25, 16, 15/2 * 1/2 = 3.75, 7.5;
    quota 51% of 77 = 39.27."""
    game = combined_game(targeted=Fraction(1, 2), comprehensive=Fraction(1, 2))
    assert list(game.weights) == [Fraction(57, 2), Fraction(85, 4), 16, Fraction(15, 4),
                                  Fraction(15, 2)]
    assert game.quota == Fraction(3927, 100)


def test_combined_power_table_agrees_with_the_game():
    """combined_power_table's 'after' columns are combined_game's indices; with
    comprehensive = 0 the table equals power_table(kind="targeted")."""
    table = combined_power_table(targeted=0.3, comprehensive=0.6)
    game = combined_game(targeted=0.3, comprehensive=0.6)
    assert_allclose(table["ss_after"], game.shapley_shubik(), rtol=RTOL)
    assert_allclose(table["bz_after"], banzhaf(game.weights, game.quota), rtol=RTOL)
    pd.testing.assert_frame_equal(combined_power_table(targeted=0.3),
                                  power_table(kind="targeted", size=0.3))


def test_combined_arguments_are_validated():
    """Sizes outside [0, 1] are refused by name; cuts that leave no weight are refused."""
    with pytest.raises(ValueError, match=r"targeted must be in \[0, 1\], got 1.5"):
        combined_game(targeted=1.5)
    with pytest.raises(ValueError, match=r"comprehensive must be in \[0, 1\], got -0.1"):
        combined_game(comprehensive=-0.1)
    table = load_factions()
    table.loc[table["role"] == "faction", "exposure"] = 1.0
    with pytest.raises(ValueError, match="leave the factions no weight at all"):
        combined_game(table, comprehensive=1.0)
