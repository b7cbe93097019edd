"""Lesson 2's data: small states' trade by partner, and the links to the lesson's models.

The table has one row per (state, partner) with the partner's share of the state's trade and a
role: ``power_a`` and ``power_b`` (the two great powers, one row each per state),
``regional`` (partners in the state's region) or ``other``. The course's table
``sanclab/data/small_states_illustrative.csv`` holds illustrative numbers constructed for
teaching, not measurements; its ``source`` column says so.

:func:`concentration_table` summarizes each state with the measures of
:mod:`sanclab.models.dependence`; :func:`alignment_params` turns a state's trade shares with
the two powers into the values of :class:`~sanclab.models.alignment.AlignmentParams`;
:func:`set_power_share` gives a state's partner shares after trade moves to or from one
power (what lesson 2's dashboard does with its trade-share slider).
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources
from os import PathLike, fspath
from pathlib import Path

import numpy as np
import pandas as pd

from ._validate import check_array, check_range
from .alignment import AlignmentParams
from .dependence import binding_option_level, equivalent_partners, hhi, hirschman_index

__all__ = [
    "PARTNER_ROLES",
    "SMALL_STATES_COLUMNS",
    "alignment_params",
    "concentration_table",
    "load_small_states",
    "rescale_partner_shares",
    "set_power_share",
    "validate_small_states",
]

#: Columns of the small-states table, in order.
SMALL_STATES_COLUMNS = ("state", "partner", "role", "trade_share", "source")
#: Allowed partner roles.
PARTNER_ROLES = ("power_a", "power_b", "regional", "other")
#: Largest allowed gap between a state's summed shares and 1 (decimal rounding).
SHARE_SUM_SLACK = 1e-6

_FILE = "small_states_illustrative.csv"
_TEXT_COLUMNS = ("state", "partner", "role", "source")


def _where(source: str, row: int, state: object, partner: object) -> str:
    label = "/".join(repr(x) for x in (state, partner) if isinstance(x, str) and x.strip())
    return f"{source} row {row}" + (f" ({label})" if label else "")


def validate_small_states(
    table: pd.DataFrame, *, source: str = "small-states table"
) -> pd.DataFrame:
    """Check a small-states table and return a clean copy (the input is left untouched).

    Columns (:data:`SMALL_STATES_COLUMNS`):

    ``state``, ``partner``
        Non-empty; a partner appears at most once per state.
    ``role``
        One of :data:`PARTNER_ROLES`; each state has exactly one ``power_a`` and one
        ``power_b`` row.
    ``trade_share``
        The partner's share of the state's trade, in [0, 1]; each state's shares sum to 1
        (within ``1e-6``).
    ``source``
        Where the number comes from (non-empty): a citation or ``illustrative: ...``.

    Extra columns are kept.

    Parameters
    ----------
    table : pandas.DataFrame
        The table to check.
    source : str, default "small-states table"
        How to name the table in error messages (:func:`load_small_states` passes the file
        name).

    Returns
    -------
    pandas.DataFrame
        A copy with the standard columns first, ``trade_share`` as float and a fresh index.

    Raises
    ------
    ValueError
        Naming the table, the row (1 = first data row) and the column of the first problem.

    Examples
    --------
    >>> table = pd.DataFrame({"state": ["S", "S"], "partner": ["A", "B"],
    ...                       "role": ["power_a", "power_b"], "trade_share": [0.6, 0.4],
    ...                       "source": ["illustrative", "illustrative"]})
    >>> validate_small_states(table)["trade_share"].tolist()
    [0.6, 0.4]
    >>> validate_small_states(table.assign(trade_share=[0.6, 1.4]), source="x.csv")
    Traceback (most recent call last):
    ...
    ValueError: x.csv row 2 ('S'/'B'), column 'trade_share': must be in [0, 1], got 1.4
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"{source} must be a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in SMALL_STATES_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(
            f"{source} is missing column(s) {missing}; required: {list(SMALL_STATES_COLUMNS)}"
        )
    if table.empty:
        raise ValueError(f"{source} must have at least one state, got 0 rows")
    extra = [c for c in table.columns if c not in SMALL_STATES_COLUMNS]
    clean = table.loc[:, [*SMALL_STATES_COLUMNS, *extra]].copy().reset_index(drop=True)
    states, partners = clean["state"].tolist(), clean["partner"].tolist()

    for column in _TEXT_COLUMNS:
        for i, value in enumerate(clean[column].tolist()):
            if not isinstance(value, str) or not value.strip():
                raise ValueError(
                    f"{_where(source, i + 1, states[i], partners[i])}, column {column!r}: "
                    f"must be a non-empty string, got {value!r}"
                )
        clean[column] = clean[column].str.strip()
    states, partners = clean["state"].tolist(), clean["partner"].tolist()
    for i, role in enumerate(clean["role"].tolist()):
        if role not in PARTNER_ROLES:
            raise ValueError(
                f"{_where(source, i + 1, states[i], partners[i])}, column 'role': must be one of "
                f"{list(PARTNER_ROLES)}, got {role!r}"
            )

    raw = clean["trade_share"].tolist()
    numbers = pd.to_numeric(clean["trade_share"], errors="coerce").astype(float).tolist()
    for i, (value, number) in enumerate(zip(raw, numbers, strict=True)):
        where = f"{_where(source, i + 1, states[i], partners[i])}, column 'trade_share'"
        if isinstance(value, bool) or np.isnan(number):
            raise ValueError(f"{where}: expected a number, got {value!r}")
        if not 0.0 <= number <= 1.0:
            raise ValueError(f"{where}: must be in [0, 1], got {number!r}")
    clean["trade_share"] = numbers

    seen: dict[tuple[str, str], int] = {}
    for i, key in enumerate(zip(states, partners, strict=True)):
        if key in seen:
            raise ValueError(
                f"{_where(source, i + 1, *key)}, column 'partner': duplicate of row {seen[key]}"
            )
        seen[key] = i + 1
    for state, rows in clean.groupby("state", sort=False):
        for role in ("power_a", "power_b"):
            count = int((rows["role"] == role).sum())
            if count != 1:
                raise ValueError(
                    f"{source}, state {state!r}: must have exactly one {role!r} row, got {count}"
                )
        total = float(rows["trade_share"].sum())
        if abs(total - 1.0) > SHARE_SUM_SLACK:
            raise ValueError(
                f"{source}, state {state!r}, column 'trade_share': the shares must sum to 1, "
                f"got {total!r}"
            )
    return clean


def load_small_states(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Load and validate a small-states table from a CSV file.

    Parameters
    ----------
    path : str or path-like, optional
        A CSV file with the columns of :func:`validate_small_states`. Default: the course's
        illustrative table ``sanclab/data/small_states_illustrative.csv`` (constructed for
        teaching, not measured).

    Returns
    -------
    pandas.DataFrame
        The validated table.

    Raises
    ------
    ValueError
        If the table is invalid; the message names the file, the row (1 = first line after
        the header) and the column.
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> table = load_small_states()
    >>> sorted(table["state"].unique())
    ['Balanced hedger', 'Concentrated exporter', 'Regional hub']
    >>> bool(table["source"].str.startswith("illustrative").all())
    True
    """
    dtypes = {c: str for c in _TEXT_COLUMNS}
    if path is None:
        ref = resources.files("sanclab") / "data" / _FILE
        with resources.as_file(ref) as file:
            table = pd.read_csv(file, dtype=dtypes, keep_default_na=False)
        return validate_small_states(table, source=_FILE)
    table = pd.read_csv(path, dtype=dtypes, keep_default_na=False)
    return validate_small_states(table, source=Path(fspath(path)).name)


def _rows(table: pd.DataFrame, state: str) -> pd.DataFrame:
    rows = table.loc[table["state"] == state]
    if rows.empty:
        known = list(dict.fromkeys(table["state"]))
        raise ValueError(f"unknown state {state!r}; states are {known!r}")
    return rows


def concentration_table(
    table: pd.DataFrame | None = None, *, bargaining_share: float = 0.5
) -> pd.DataFrame:
    """One row per state: shares with the powers and the region, and concentration measures.

    Parameters
    ----------
    table : pandas.DataFrame, optional
        A small-states table; default :func:`load_small_states`.
    bargaining_share : float, default 0.5
        The powers' share of the gains without outside options (see
        :func:`~sanclab.models.dependence.extractable_surplus`).

    Returns
    -------
    pandas.DataFrame
        Indexed by state, with columns ``share_a``, ``share_b``, ``regional_share``, ``hhi``,
        ``hirschman_index``, ``equivalent_partners``, ``binding_option_a`` and
        ``binding_option_b`` (the regional option at which it starts to bind against each
        power, :func:`~sanclab.models.dependence.binding_option_level`).

    Examples
    --------
    >>> summary = concentration_table()
    >>> summary.loc["Regional hub", ["share_a", "regional_share"]].round(2).tolist()
    [0.2, 0.36]
    >>> round(float(summary.loc["Balanced hedger", "hhi"]), 4)
    0.1788
    """
    table = load_small_states() if table is None else validate_small_states(table)
    records = {}
    for state, rows in table.groupby("state", sort=False):
        shares = rows["trade_share"].to_numpy(dtype=float)
        share_a = float(rows.loc[rows["role"] == "power_a", "trade_share"].iloc[0])
        share_b = float(rows.loc[rows["role"] == "power_b", "trade_share"].iloc[0])
        records[state] = {
            "share_a": share_a,
            "share_b": share_b,
            "regional_share": float(rows.loc[rows["role"] == "regional", "trade_share"].sum()),
            "hhi": hhi(shares),
            "hirschman_index": hirschman_index(shares),
            "equivalent_partners": equivalent_partners(shares),
            "binding_option_a": binding_option_level(share_a, bargaining_share=bargaining_share),
            "binding_option_b": binding_option_level(share_b, bargaining_share=bargaining_share),
        }
    result = pd.DataFrame.from_dict(records, orient="index")
    result.index.name = "state"
    return result


def alignment_params(
    state: str, table: pd.DataFrame | None = None, **parameters: float
) -> AlignmentParams:
    """Alignment parameters of one state: its trade shares with A and B as the values.

    Parameters
    ----------
    state : str
        The state's name in the table.
    table : pandas.DataFrame, optional
        A small-states table; default :func:`load_small_states`.
    **parameters
        The other fields of :class:`~sanclab.models.alignment.AlignmentParams` (threats,
        credibilities, tolerances, regional option, benefit exponent).

    Returns
    -------
    AlignmentParams
        With ``value_a`` and ``value_b`` the state's shares of trade with A and B.

    Examples
    --------
    >>> params = alignment_params("Balanced hedger", threat_a=0.1)
    >>> params.value_a, params.value_b, params.threat_a
    (0.3, 0.25, 0.1)
    """
    table = load_small_states() if table is None else validate_small_states(table)
    rows = _rows(table, state)
    for name in ("value_a", "value_b"):
        if name in parameters:
            raise TypeError(f"{name} comes from the table; do not pass it")
    share = {r: float(rows.loc[rows["role"] == r, "trade_share"].iloc[0]) for r in ("power_a",
                                                                                  "power_b")}
    return AlignmentParams(value_a=share["power_a"], value_b=share["power_b"], **parameters)


def set_power_share(
    state: str, share: float, *, power: str = "power_a", table: pd.DataFrame | None = None
) -> pd.DataFrame:
    """A state's partners after one power's share is set to ``share``.

    The other power keeps its share; the regional and other partners fill the rest,
    ``1 - share - other power's share``, in the proportions they have in the table. So
    trade that leaves the power goes to the small state's other partners (diversification),
    and trade the power gains comes from them.

    Parameters
    ----------
    state : str
        The state's name in the table.
    share : float
        The power's new share of the state's trade, in [0, 1 - the other power's share].
    power : {"power_a", "power_b"}, default "power_a"
        The role of the power whose share is set.
    table : pandas.DataFrame, optional
        A small-states table; default :func:`load_small_states`.

    Returns
    -------
    pandas.DataFrame
        The state's rows (columns ``partner``, ``role``, ``trade_share``), in table order, with
        the new shares (summing to 1).

    Raises
    ------
    ValueError
        If ``share`` is out of range, ``power`` is not a power's role, or the state has no
        other partner with trade to scale while some share is left to fill.

    Examples
    --------
    The balanced hedger trades 0.30 with A, 0.25 with B and 0.45 with eight others. With
    A's share at 0.10 the others hold 0.65, each 0.65/0.45 times its table share:

    >>> rows = set_power_share("Balanced hedger", 0.10)
    >>> rows["trade_share"].round(4).tolist()[:4]
    [0.1, 0.25, 0.1156, 0.1011]
    >>> round(float(rows["trade_share"].sum()), 12)
    1.0
    >>> set_power_share("Balanced hedger", 0.80)
    Traceback (most recent call last):
    ...
    ValueError: share must be in [0, 0.75], got 0.8
    """
    table = load_small_states() if table is None else validate_small_states(table)
    rows = _rows(table, state).loc[:, ["partner", "role", "trade_share"]].reset_index(drop=True)
    rows["trade_share"] = rescale_partner_shares(rows["trade_share"].to_numpy(dtype=float),
                                                 rows["role"].tolist(), share, power=power,
                                                 state=state)
    return rows


def rescale_partner_shares(shares: object, roles: Sequence[str], share: float, *,
                           power: str = "power_a", state: str = "the state") -> np.ndarray:
    """The array version of :func:`set_power_share` (fast enough for a dashboard).

    Parameters
    ----------
    shares : array_like of float
        One state's partner shares (summing to 1).
    roles : sequence of str
        Each partner's role (:data:`PARTNER_ROLES`), one ``power_a`` and one ``power_b``.
    share : float
        The power's new share, in [0, 1 - the other power's share].
    power : {"power_a", "power_b"}, default "power_a"
    state : str
        The state's name, for error messages.

    Returns
    -------
    numpy.ndarray
        The new shares, in the order of ``shares``.

    Examples
    --------
    >>> rescale_partner_shares([0.5, 0.2, 0.2, 0.1], ["power_a", "power_b", "regional",
    ...                                              "other"], 0.2).round(12).tolist()
    [0.2, 0.2, 0.4, 0.2]
    """
    if power not in ("power_a", "power_b"):
        raise ValueError(f"power must be 'power_a' or 'power_b', got {power!r}")
    values = check_array("shares", shares, low=0.0, high=1.0, min_length=2)
    roles = np.asarray(roles, dtype=object)
    if roles.shape != values.shape:
        raise ValueError(f"roles must have one entry per share ({values.size}), got "
                         f"{roles.size}")
    other_power = "power_b" if power == "power_a" else "power_a"
    for role in (power, other_power):
        if int((roles == role).sum()) != 1:
            raise ValueError(f"roles must hold exactly one {role!r}, got {list(roles)}")
    fixed = float(values[roles == other_power][0])
    share = check_range("share", share, 0.0, round(1.0 - fixed, 12))
    rest = (roles != "power_a") & (roles != "power_b")
    old_rest = float(values[rest].sum())
    new_rest = max(1.0 - fixed - share, 0.0)
    if new_rest > 0.0 and old_rest <= 0.0:
        raise ValueError(
            f"state {state!r} has no other partner with trade to take the remaining "
            f"share {new_rest!r}"
        )
    result = values.copy()
    result[rest] = values[rest] * (new_rest / old_rest if old_rest > 0.0 else 0.0)
    result[roles == power] = share
    return result
