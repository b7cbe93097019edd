"""Tests for sanclab.models.coalition: the allies table and the glue between lesson 1's models.

Each test's docstring states the known result it checks.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import (
    ALLIES_COLUMNS,
    SWEEP_COLUMNS,
    coalition_cascade,
    coalition_outcome,
    coalition_sweep,
    effectiveness,
    find_waiver_break,
    largest_ally,
    load_allies,
    participation_game,
    spread_costs,
    validate_allies,
)
from sanclab.models import coalition as coalition_module

RTOL = 1e-12

def test_illustrative_allies_table():
    """The shipped table: one leading sender, 6-10 allies, every number labelled
    illustrative in the source column, trade shares summing to at most 1."""
    allies = load_allies()
    assert tuple(allies.columns[: len(ALLIES_COLUMNS)]) == ALLIES_COLUMNS
    assert (allies["role"] == "leader").sum() == 1
    assert 6 <= (allies["role"] == "ally").sum() <= 10
    assert allies["source"].str.startswith("illustrative:").all()
    assert allies["trade_share"].sum() <= 1.0
    members = allies[allies["role"] == "ally"]
    assert members[["exposure", "cost", "waiver"]].notna().all().all()
    assert (
        allies.loc[allies["role"] == "leader", ["exposure", "cost", "waiver"]]
        .isna()
        .all(axis=None)
    )


def valid_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Leader", "A", "B"],
            "role": ["leader", "ally", "ally"],
            "trade_share": [0.4, 0.3, 0.2],
            "exposure": [np.nan, 0.5, 0.2],
            "cost": [np.nan, 0.1, 0.05],
            "waiver": [np.nan, 0.0, 0.0],
            "source": ["illustrative: test"] * 3,
        }
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.drop(columns="cost"), r"missing column\(s\) \['cost'\]"),
        (
            lambda t: t.assign(role=["leader", "ally", "friend"]),
            r"row 3 \('B'\), column 'role': must be 'leader' or 'ally', got 'friend'",
        ),
        (lambda t: t.assign(role=["leader", "leader", "ally"]), r"exactly one 'leader' row, got 2"),
        (
            lambda t: t.assign(role=["leader", "ally", "ally"], name=["Leader", "A", "A"]),
            r"row 3 \('A'\), column 'name': duplicate of row 2",
        ),
        (
            lambda t: t.assign(exposure=[0.1, 0.5, 0.2]),
            r"row 1 \('Leader'\), column 'exposure': must be empty for the leading sender",
        ),
        (
            lambda t: t.assign(cost=[np.nan, np.nan, 0.05]),
            r"row 2 \('A'\), column 'cost': "
            r"missing value",
        ),
        (
            lambda t: t.assign(cost=[np.nan, "cheap", 0.05]),
            r"row 2 \('A'\), column 'cost': expected a number, got 'cheap'",
        ),
        (
            lambda t: t.assign(waiver=[np.nan, 0.0, 1.5]),
            r"row 3 \('B'\), column 'waiver': must be in \[0, 1\], got 1.5",
        ),
        (lambda t: t.assign(trade_share=[0.5, 0.3, 0.3]), r"must sum to at most 1, got 1.1"),
        (
            lambda t: t.assign(source=["x", "", "y"]),
            r"row 2 \('A'\), column 'source': must be a non-empty string",
        ),
        (lambda t: t.iloc[:1], r"at least one 'ally' row"),
    ],
)
def test_validate_allies_reports_row_and_column(edit, message):
    """A bad table raises ValueError naming the row (1 = first data row), the column and the
    problem."""
    with pytest.raises(ValueError, match=message):
        validate_allies(edit(valid_table()))


def test_validate_allies_leaves_the_input_untouched():
    """Validation works on a copy: the caller's table keeps its index, order and values."""
    table = valid_table().iloc[::-1].assign(extra=1)
    before = table.copy()
    clean = validate_allies(table)
    pd.testing.assert_frame_equal(table, before)
    assert list(clean.index) == [0, 1, 2]
    assert list(clean.columns) == [*ALLIES_COLUMNS, "extra"]


def test_load_allies_from_a_file_reports_bad_rows(tmp_path):
    """A CSV with a bad value gives an error naming the row and column; a good one loads."""
    good = tmp_path / "good.csv"
    valid_table().to_csv(good, index=False)
    assert load_allies(good)["name"].tolist() == ["Leader", "A", "B"]
    bad = tmp_path / "bad.csv"
    valid_table().assign(exposure=[np.nan, -0.5, 0.2]).to_csv(bad, index=False)
    with pytest.raises(ValueError, match=r"row 2 \('A'\), column 'exposure'"):
        load_allies(bad)


def test_coalition_cascade_names_and_coverage():
    """The coalition cascade puts the leader first (round 0) and reports coverage of the
    target's trade: with the illustrative table at p = 0.4, d = 0.5, B = 1 it grows
    0.3 -> 0.5 -> 0.68 -> 0.79 -> 0.85 -> 0.88, reaching every ally."""
    allies = load_allies()
    result = coalition_cascade(allies, penalty=0.4, diversion=0.5, benefit=1.0)
    assert result.names == tuple(allies["name"])
    assert result.join_round[0] == 0
    assert result.joined.all()
    assert_allclose(result.share_by_round, [0.3, 0.5, 0.68, 0.79, 0.85, 0.88], rtol=1e-12)
    assert result.joined_names()[:2] == ["Leading sender", "Large exporter"]


def test_coalition_cascade_overrides_are_checked():
    """Penalty waiver overrides must name a known ally and be in [0, 1]; the table is not
    changed by an override."""
    allies = load_allies()
    with pytest.raises(ValueError, match="unknown ally 'Atlantis'"):
        coalition_cascade(allies, 0.4, 0.5, 1.0, {"Atlantis": 1.0})
    with pytest.raises(
        ValueError,
        match=r"waiver_overrides\['Large exporter'\] must be "
        r"in \[0, 1\], got 1.5",
    ):
        coalition_cascade(allies, 0.4, 0.5, 1.0, {"Large exporter": 1.5})
    before = allies.copy()
    coalition_cascade(allies, 0.4, 0.5, 1.0, {"Large exporter": 1.0})
    pd.testing.assert_frame_equal(allies, before)


def test_participation_game_of_the_table():
    """The table's game has one player per ally row, the leader's share from the leader
    row and the table's penalty waivers (the energy supplier's 0.5)."""
    allies = load_allies()
    game = participation_game(allies, penalty=0.4, diversion=0.5, benefit=1.0)
    members = allies[allies["role"] == "ally"]
    assert game.names == tuple(members["name"])
    assert game.leader_share == 0.3
    assert_allclose(game.waiver, members["waiver"], rtol=RTOL)
    assert game.waiver[game.names.index("Energy supplier")] == 0.5


def test_waiver_for_one_ally_stops_the_cascade():
    """Comparative static (d): with the illustrative allies at p = 0.4, d = 0.5, B = 1 the
    cascade reaches every ally, but a full penalty waiver for the large exporter (whose penalty
    exposure pushed it to join first) leaves the leading sender alone."""
    allies = load_allies()
    without = coalition_cascade(allies, 0.4, 0.5, 1.0)
    assert without.joined.all()
    broken = coalition_cascade(allies, 0.4, 0.5, 1.0, {"Large exporter": 1.0})
    assert broken.joined_names() == ["Leading sender"]
    assert broken.final_share == 0.3


def test_find_waiver_break_finds_the_documented_setting():
    """find_waiver_break searches penalties, then diversions, then allies, and returns
    the first setting where one penalty waiver stops a full cascade: p = 0.4, d = 0.5, the large
    exporter. Its two cascades agree with coalition_cascade."""
    found = find_waiver_break()
    assert (found.penalty, found.diversion, found.benefit, found.ally) == (
        0.4,
        0.5,
        1.0,
        "Large exporter",
    )
    assert found.without.joined.all()
    assert found.with_waiver.n_joined - 1 <= 1
    again = coalition_cascade(
        load_allies(), found.penalty, found.diversion, found.benefit, {found.ally: 1.0}
    )
    assert again.joined.tolist() == found.with_waiver.joined.tolist()


def test_find_waiver_break_none_when_no_setting_qualifies():
    """With no penalty the illustrative cascade never reaches everyone, so there is nothing
    to break: the search returns None. A negative max_joined is refused."""
    assert find_waiver_break(penalties=[0.0]) is None
    with pytest.raises(ValueError, match=r"max_joined must be an integer in \[0, inf\)"):
        find_waiver_break(max_joined=-1)


def test_load_allies_reads_the_course_table_once_and_hands_out_copies(monkeypatch):
    """The course table is read and validated once: later calls read no file and validate
    nothing, and each caller gets its own copy (editing one leaves the next call intact)."""
    first = load_allies()
    calls = []
    monkeypatch.setattr(pd, "read_csv", lambda *a, **k: calls.append("read"))
    monkeypatch.setattr(coalition_module, "validate_allies",
                        lambda *a, **k: calls.append("validate"))
    first.loc[1, "cost"] = 99.0
    again = load_allies()
    assert calls == []
    assert again.loc[1, "cost"] == 0.41
    assert again is not first


def test_find_waiver_break_validates_the_table_once(monkeypatch):
    """The grid search (94 settings up to p = 0.4, d = 0.5) builds each game from arrays:
    once the course's game is cached, no table validation, whatever the number of settings
    tried; with a table passed in, one validation."""
    coalition_outcome(0.4, 0.5)  # fill the caches
    calls = []
    original = coalition_module.validate_allies
    monkeypatch.setattr(coalition_module, "validate_allies",
                        lambda table: calls.append(1) or original(table))
    found = find_waiver_break()
    assert found.searched == 94 and calls == []
    find_waiver_break(load_allies())
    assert len(calls) == 1


def test_largest_ally_is_the_largest_trade_share():
    """The large exporter (0.20) is the largest ally; swap in a bigger share and the choice
    follows the table, not a name."""
    allies = load_allies()
    assert largest_ally(allies) == "Large exporter"
    allies.loc[allies["name"] == "Small trader", "trade_share"] = 0.25
    assert largest_ally(allies) == "Small trader"


SETTINGS = st.fixed_dictionaries({
    "penalty": st.floats(0.0, 1.5), "diversion": st.floats(0.0, 1.0),
    "waiver": st.floats(0.0, 1.0), "spread": st.floats(0.0, 2.0)})


@settings(deadline=None, max_examples=60)
@given(setting=SETTINGS)
def test_coalition_outcome_is_the_game_of_the_modified_table(setting):
    """coalition_outcome (cached arrays) equals the long way round: spread_costs on the
    table, a waiver override for the largest ally, participation_game, its cascade and its
    equilibria, and E at the cascade's end."""
    outcome = coalition_outcome(**setting)
    table = spread_costs(load_allies(), setting["spread"])
    game = participation_game(table, penalty=setting["penalty"], diversion=setting["diversion"],
                              benefit=1.0, waiver_overrides={"Large exporter": setting["waiver"]})
    cascade = game.cascade()
    assert outcome.cascade.joined.tolist() == cascade.joined.tolist()
    assert outcome.allies_joined == cascade.n_joined - 1
    assert outcome.smallest_equilibrium == int(game.smallest_equilibrium().sum())
    assert outcome.largest_equilibrium == int(game.largest_equilibrium().sum())
    assert_allclose(outcome.effectiveness, effectiveness(cascade.final_share,
                                                         setting["diversion"]), rtol=RTOL)
    assert_allclose(outcome.game.cost, game.cost, rtol=RTOL)


def test_coalition_outcome_with_another_table_and_bad_values():
    """A table passed in is used (here every ally's cost halved: more join at p = 0.3); a
    waiver or spread out of range is a ValueError naming it."""
    cheap = load_allies()
    cheap.loc[cheap["role"] == "ally", "cost"] /= 2
    assert coalition_outcome(0.3, 0.5, allies=cheap).allies_joined > \
        coalition_outcome(0.3, 0.5).allies_joined
    with pytest.raises(ValueError, match="waiver"):
        coalition_outcome(0.4, 0.5, waiver=1.5)
    with pytest.raises(ValueError, match="spread"):
        coalition_outcome(0.4, 0.5, spread=2.5)


def test_coalition_sweep_rows_are_outcomes():
    """Each row of a sweep is coalition_outcome at that value, the others fixed; columns are
    the parameter then SWEEP_COLUMNS; an unknown parameter is refused."""
    table = coalition_sweep("spread", [0.0, 1.0, 2.0], penalty=0.4, diversion=0.5)
    assert list(table.columns) == ["spread", *SWEEP_COLUMNS]
    for _, row in table.iterrows():
        outcome = coalition_outcome(0.4, 0.5, spread=row["spread"])
        assert row["cascade"] == outcome.allies_joined
        assert row["largest"] == outcome.largest_equilibrium
        assert_allclose(row["effectiveness"], outcome.effectiveness, rtol=RTOL)
    assert table["cascade"].tolist() == [3, 8, 5]
    with pytest.raises(ValueError, match="parameter must be one of"):
        coalition_sweep("cost", [0.1])


def test_allies_overview_shows_numbers_once_and_no_nan():
    """The reading view of the table: indexed by name, the leader's inapplicable numbers
    as an en dash (no NaN), every other number the table's own, no source column."""
    from sanclab.models import allies_overview

    allies = load_allies()
    overview = allies_overview(allies)
    assert list(overview.columns) == ["role", "share w", "exposure e", "cost c", "waiver k"]
    assert overview.loc["Leading sender"].tolist() == ["leader", "0.30", "–", "–", "–"]
    assert not overview.isna().any(axis=None)
    assert not re.search(r"\bnan\b", overview.to_string(), flags=re.IGNORECASE)
    members = allies[allies["role"] == "ally"].set_index("name")
    assert_allclose(overview.loc[members.index, "cost c"].astype(float), members["cost"],
                    atol=5e-4)
