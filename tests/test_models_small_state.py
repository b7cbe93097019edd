"""Tests for sanclab.models.small_state: lesson 2's trade table and its links to the models.

Each test's docstring states the known result it checks.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest
from numpy.testing import assert_allclose

from sanclab.models import (
    PARTNER_ROLES,
    SMALL_STATES_COLUMNS,
    AlignmentParams,
    alignment_params,
    concentration_table,
    hhi,
    hirschman_index,
    load_small_states,
    optimal_alignment,
    rescale_partner_shares,
    set_power_share,
    validate_small_states,
)

RTOL = 1e-12
FILE = "small_states_illustrative.csv"


def test_default_table_is_illustrative_and_complete():
    """The shipped table: three states, standard columns, known roles, each state's shares
    summing to 1, and every row labelled illustrative."""
    table = load_small_states()
    assert tuple(table.columns[: len(SMALL_STATES_COLUMNS)]) == SMALL_STATES_COLUMNS
    assert list(dict.fromkeys(table["state"])) == [
        "Balanced hedger", "Concentrated exporter", "Regional hub"]
    assert set(table["role"]) <= set(PARTNER_ROLES)
    assert_allclose(table.groupby("state")["trade_share"].sum(), 1.0, atol=1e-9)
    assert table["source"].str.startswith("illustrative").all()


def test_concentration_table_values():
    """Per state: H = sum of squared shares (balanced 0.1788, concentrated 0.34, hub 0.1288),
    C = sqrt(H), 1/H partners, and the regional option that binds at half of each power's
    share (balanced: 0.15 against A, 0.125 against B)."""
    table = load_small_states()
    summary = concentration_table(table)
    assert_allclose(summary["hhi"], [0.1788, 0.34, 0.1288], rtol=1e-12)
    for state, rows in table.groupby("state"):
        assert_allclose(summary.loc[state, "hhi"], hhi(rows["trade_share"]), rtol=RTOL)
        assert_allclose(summary.loc[state, "hirschman_index"],
                        hirschman_index(rows["trade_share"]), rtol=RTOL)
    balanced = summary.loc["Balanced hedger"]
    assert_allclose(balanced[["share_a", "share_b", "regional_share"]], [0.30, 0.25, 0.20],
                    rtol=1e-12)
    assert_allclose(balanced[["binding_option_a", "binding_option_b"]], [0.15, 0.125],
                    rtol=1e-12)
    assert_allclose(balanced["equivalent_partners"], 1 / 0.1788, rtol=1e-12)


def test_regional_hub_already_has_a_binding_regional_share():
    """Regional hub: its regional share 0.36 exceeds the level at which an outside option
    binds against either power (0.10); the concentrated exporter's 0.10 does not reach the
    0.275 needed against A."""
    summary = concentration_table()
    hub, exporter = summary.loc["Regional hub"], summary.loc["Concentrated exporter"]
    assert hub["regional_share"] > max(hub["binding_option_a"], hub["binding_option_b"])
    assert_allclose(exporter[["regional_share", "binding_option_a"]], [0.10, 0.275], rtol=1e-12)


def test_alignment_params_from_the_table():
    """A state's trade shares with A and B become the values of the alignment model; for the
    concentrated exporter (0.55, 0.15) the threat-free alignment is 0.3025/0.325 = 0.9308."""
    params = alignment_params("Concentrated exporter", threat_a=0.1)
    assert params == AlignmentParams(value_a=0.55, value_b=0.15, threat_a=0.1)
    assert_allclose(optimal_alignment(params.replace(threat_a=0.0)).alignment,
                    0.55**2 / (0.55**2 + 0.15**2), rtol=1e-12)
    with pytest.raises(ValueError, match="unknown state 'Atlantis'"):
        alignment_params("Atlantis")
    with pytest.raises(TypeError, match="value_a comes from the table"):
        alignment_params("Regional hub", value_a=0.5)


def _write(tmp_path, rows: list[list[object]]):
    path = tmp_path / "states.csv"
    pd.DataFrame(rows, columns=list(SMALL_STATES_COLUMNS)).to_csv(path, index=False)
    return path


GOOD = [["S", "A", "power_a", 0.6, "illustrative"], ["S", "B", "power_b", 0.4, "illustrative"]]


def test_a_valid_file_loads(tmp_path):
    """A minimal file with one state and its two powers loads unchanged."""
    table = load_small_states(_write(tmp_path, GOOD))
    assert table["trade_share"].tolist() == [0.6, 0.4]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([GOOD[0], ["S", "B", "power_b", 1.4, "x"]],
         r"states.csv row 2 \('S'/'B'\), column 'trade_share': must be in \[0, 1\], got 1.4"),
        ([GOOD[0], ["S", "B", "power_b", "many", "x"]],
         r"states.csv row 2 \('S'/'B'\), column 'trade_share': expected a number, got 'many'"),
        ([GOOD[0], ["S", "B", "power_c", 0.4, "x"]],
         r"states.csv row 2 \('S'/'B'\), column 'role': must be one of"),
        ([GOOD[0], ["S", "B", "power_b", 0.4, ""]],
         r"states.csv row 2 \('S'/'B'\), column 'source': must be a non-empty string"),
        ([GOOD[0], ["S", "A", "power_b", 0.4, "x"]],
         r"states.csv row 2 \('S'/'A'\), column 'partner': duplicate of row 1"),
        ([GOOD[0], ["S", "B", "regional", 0.4, "x"]],
         r"states.csv, state 'S': must have exactly one 'power_b' row, got 0"),
        ([GOOD[0], ["S", "B", "power_b", 0.3, "x"]],
         r"states.csv, state 'S', column 'trade_share': the shares must sum to 1, got 0.8999"),
    ],
)
def test_invalid_files_are_rejected_naming_the_file_row_and_column(tmp_path, rows, message):
    """Every problem is reported with the file name, the row (1 = first data row), the state
    and partner, and the column."""
    with pytest.raises(ValueError, match=message):
        load_small_states(_write(tmp_path, rows))


def test_missing_columns_and_empty_tables(tmp_path):
    """A file without the trade_share column, or without rows, is refused by name."""
    path = tmp_path / "bad.csv"
    path.write_text("state,partner,role,source\nS,A,power_a,x\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"bad.csv is missing column\(s\) \['trade_share'\]"):
        load_small_states(path)
    path.write_text(",".join(SMALL_STATES_COLUMNS) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.csv must have at least one state, got 0 rows"):
        load_small_states(path)
    with pytest.raises(FileNotFoundError):
        load_small_states(tmp_path / "nowhere.csv")


def test_validate_leaves_the_input_untouched():
    """validate_small_states returns a cleaned copy (stripped strings, float shares)."""
    table = pd.DataFrame(GOOD, columns=list(SMALL_STATES_COLUMNS)).assign(
        state=[" S", "S "], trade_share=["0.6", "0.4"])
    clean = validate_small_states(table)
    assert clean["state"].tolist() == ["S", "S"] and clean["trade_share"].tolist() == [0.6, 0.4]
    assert table["state"].tolist() == [" S", "S "]
    assert not math.isnan(clean["trade_share"].sum())


def test_set_power_share_keeps_the_table_at_the_tables_own_share():
    """Setting A's share of the balanced hedger to its table value 0.30 returns the table's
    shares unchanged."""
    table = load_small_states()
    own = table.loc[table["state"] == "Balanced hedger", "trade_share"].to_numpy()
    assert_allclose(set_power_share("Balanced hedger", 0.30)["trade_share"], own, rtol=1e-12)


@pytest.mark.parametrize("share", [0.0, 0.1, 0.45, 0.7, 0.75])
def test_set_power_share_scales_the_others_and_keeps_the_other_power(share):
    """A's share becomes `share`, B keeps 0.25, the eight other partners keep their mutual
    proportions and fill 1 - share - 0.25; the shares sum to 1."""
    before = set_power_share("Balanced hedger", 0.30)
    after = set_power_share("Balanced hedger", share)
    assert list(after["partner"]) == list(before["partner"])
    by_role = after.set_index("partner")["trade_share"]
    assert by_role["Power A"] == share
    assert_allclose(by_role["Power B"], 0.25, rtol=1e-12)
    rest = ~after["role"].isin(["power_a", "power_b"])
    assert_allclose(after.loc[rest, "trade_share"],
                    before.loc[rest, "trade_share"] * (0.75 - share) / 0.45, atol=1e-15)
    assert_allclose(after["trade_share"].sum(), 1.0, rtol=1e-12)


def test_concentration_rises_with_the_powers_share_above_a_closed_form_minimum():
    """With B's share b fixed and the others scaled, H(s) = s^2 + b^2 + (1 - b - s)^2 Q, where
    Q is the others' HHI among themselves, so H is smallest at s = (1 - b) Q / (1 + Q)
    (0.0862 for the balanced hedger) and rises with A's share above it (the dashboard's
    slider range 0.10-0.70)."""
    others = pd.Series([0.08, 0.07, 0.05] + [0.05] * 5)
    q = float(((others / others.sum()) ** 2).sum())
    s_min = 0.75 * q / (1 + q)
    assert_allclose(s_min, 0.0862, atol=5e-5)
    shares = [0.0, s_min / 2, s_min, 0.1, 0.3, 0.5, 0.7]
    h = [hhi(set_power_share("Balanced hedger", s)["trade_share"]) for s in shares]
    assert_allclose(h, [s**2 + 0.0625 + (0.75 - s) ** 2 * q for s in shares], rtol=1e-12)
    assert h[0] > h[1] > h[2] < h[3] < h[4] < h[5] < h[6]


def test_set_power_share_for_power_b_and_invalid_input():
    """B's share can be set the same way (A keeps 0.30); a share above 1 - 0.30, an unknown
    role or state is a ValueError naming it."""
    rows = set_power_share("Balanced hedger", 0.05, power="power_b")
    assert_allclose(rows.set_index("partner")["trade_share"][["Power A", "Power B"]],
                    [0.30, 0.05], rtol=1e-12)
    with pytest.raises(ValueError, match=r"share must be in \[0, 0.7\], got 0.71"):
        set_power_share("Balanced hedger", 0.71, power="power_b")
    with pytest.raises(ValueError, match="power must be"):
        set_power_share("Balanced hedger", 0.1, power="regional")
    with pytest.raises(ValueError, match="unknown state"):
        set_power_share("Atlantis", 0.1)


def test_set_power_share_needs_other_partners_to_fill_the_rest():
    """A state that trades only with the two powers cannot lower A's share (nobody takes
    the trade), but can keep it."""
    table = pd.DataFrame({"state": ["S", "S"], "partner": ["A", "B"],
                          "role": ["power_a", "power_b"], "trade_share": [0.6, 0.4],
                          "source": ["illustrative", "illustrative"]})
    assert_allclose(set_power_share("S", 0.6, table=table)["trade_share"], [0.6, 0.4])
    with pytest.raises(ValueError, match="no other partner"):
        set_power_share("S", 0.5, table=table)


def test_rescale_partner_shares_is_set_power_share_on_arrays():
    """The array version gives the table version's shares, and checks its inputs."""
    table = load_small_states()
    rows = table.loc[table["state"] == "Regional hub"]
    for share in (0.0, 0.2, 0.55, 0.8):
        assert_allclose(
            rescale_partner_shares(rows["trade_share"], rows["role"].tolist(), share),
            set_power_share("Regional hub", share)["trade_share"], rtol=1e-12)
    with pytest.raises(ValueError, match="roles must have one entry per share"):
        rescale_partner_shares([0.5, 0.5], ["power_a"], 0.2)
    with pytest.raises(ValueError, match="exactly one 'power_b'"):
        rescale_partner_shares([0.5, 0.5], ["power_a", "other"], 0.2)
