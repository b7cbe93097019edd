r"""Elite factions inside a targeted state as a weighted voting game, and how sanctions move it.

The lesson's reading argues that sanctions "fracture orthodox loyalties and create space for
new alliances". This module makes one narrow version of that claim precise. The factions
of a regime (security services, military, ruling party and bureaucracy, business elites,
regional elites) hold weights, the resources each brings to the ruling bargain; a set of
factions can carry a decision (keep the ruler, block a concession) when its weight reaches
the quota. Power is measured by the Shapley-Shubik and Banzhaf indices
(:mod:`sanclab.models.voting_power`).

Sanctions change the weights:

* **targeted** measures of size :math:`s` cut the weight of the factions they designate
  (column ``targeted``, by default the business elites) by the share :math:`s`:
  :math:`w_i' = w_i (1 - s)` for targeted factions, unchanged otherwise;
* **comprehensive** measures of size :math:`s` shrink every faction according to how much
  of its weight rests on resources the measures reach (column ``exposure``,
  :math:`e_i \in [0, 1]`): :math:`w_i' = w_i (1 - s\,e_i)`;
* both at once (:func:`combined_game`): the two cuts compound,
  :math:`w_i' = w_i (1 - t\,\tau_i)(1 - s\,e_i)` with :math:`\tau_i = 1` for targeted
  factions and 0 otherwise.

The quota keeps its share of the total weight,
:math:`q' = (q / \sum_i w_i) \cdot \sum_i w_i'`: a decision still needs the factions holding
51% (in the course's table) of what weight is left. A uniform shrink (all :math:`e_i`
equal) therefore changes nobody's power; only a shift in relative weights does.

Because power depends only on which sets of factions win, it moves in jumps at *critical
sizes* where some set's weight crosses the quota exactly (:func:`critical_sizes`); between
them nothing changes. A faction can lose weight and keep exactly its power, gain power
without gaining weight, or gain power while its weight and its share of weight both fall
(power indices need not follow weights: Brams & Affuso 1976 call one case the paradox of
new members).

Terms: a "coalition" in :func:`minimal_winning_coalitions` is the game-theoretic notion,
a set of factions whose weights together reach the quota; "weight" and "power" are the
model's quantities, not measured influence. The faction table is illustrative (numbers
constructed for teaching). This model is the course's construction; the indices are
Shapley & Shubik's (1954) and Banzhaf's (1965).

Examples
--------
>>> factions = load_factions()
>>> game = sanctioned_game(factions, "targeted", 0.1)
>>> [round(float(w), 2) for w in game.weights]
[30.0, 25.0, 20.0, 13.5, 10.0]
>>> power_table(factions, "targeted", 0.1)[["name", "ss_before", "ss_after"]].round(3)
                           name  ss_before  ss_after
0             Security services      0.350     0.350
1                      Military      0.267     0.267
2  Ruling party and bureaucracy      0.183     0.183
3               Business elites      0.100     0.100
4               Regional elites      0.100     0.100
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from fractions import Fraction
from importlib import resources
from itertools import combinations
from os import PathLike

import numpy as np
import pandas as pd

from ._validate import check_probability, format_interval
from .voting_power import MAX_ENUMERATED_PLAYERS, WeightedVotingGame, _exact

__all__ = [
    "FACTIONS_COLUMNS",
    "SANCTION_KINDS",
    "combined_game",
    "combined_power_table",
    "critical_sizes",
    "faction_game",
    "load_factions",
    "power_table",
    "sanctioned_game",
    "validate_factions",
]

#: Columns of the factions table, in order.
FACTIONS_COLUMNS = ("name", "role", "weight", "exposure", "targeted", "source")
#: Kinds of sanctions :func:`sanctioned_game` understands.
SANCTION_KINDS = ("none", "targeted", "comprehensive")

_FACTIONS_FILE = "factions_illustrative.csv"


def _where(row: int, name: object) -> str:
    label = f" ({name!r})" if isinstance(name, str) and name else ""
    return f"factions table row {row}{label}"


def _empty(value: object) -> bool:
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return True
    return isinstance(value, str) and not value.strip()


def validate_factions(table: pd.DataFrame) -> pd.DataFrame:
    """Check a factions table and return a clean copy (the input is left untouched).

    The table has one row per faction (``role == "faction"``, at least two) and exactly one
    row holding the quota (``role == "quota"``), with columns :data:`FACTIONS_COLUMNS`:

    ``name``
        Unique, non-empty.
    ``role``
        ``"faction"`` or ``"quota"``.
    ``weight``
        A faction's weight in [0, inf); in the quota row, the quota in the same units, in
        (0, total weight of the factions].
    ``exposure``
        Share of the faction's weight that comprehensive sanctions reach, in [0, 1]; empty
        in the quota row.
    ``targeted``
        1 if targeted sanctions designate the faction, else 0; empty in the quota row.
    ``source``
        Where the numbers come from (non-empty), e.g. ``"illustrative: ..."``.

    Extra columns are kept.

    Parameters
    ----------
    table : pandas.DataFrame

    Returns
    -------
    pandas.DataFrame
        Same rows (quota row included) with numeric columns as floats and a fresh
        ``RangeIndex``.

    Raises
    ------
    ValueError
        Naming the row (1 = first data row) and column of the first problem found.

    Examples
    --------
    >>> table = pd.DataFrame({
    ...     "name": ["A", "B", "Quota"], "role": ["faction", "faction", "quota"],
    ...     "weight": [3, 2, 3], "exposure": [0.5, 1, None], "targeted": [0, 1, None],
    ...     "source": ["illustrative"] * 3})
    >>> validate_factions(table)["weight"].tolist()
    [3.0, 2.0, 3.0]
    >>> validate_factions(table.assign(weight=[3, 2, 6]))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: factions table row 3 ('Quota'), column 'weight': the quota must be in (0, 5] ...
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"factions table must be a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in FACTIONS_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(
            f"factions table is missing column(s) {missing}; required: {list(FACTIONS_COLUMNS)}"
        )
    extra = [c for c in table.columns if c not in FACTIONS_COLUMNS]
    clean = table.loc[:, [*FACTIONS_COLUMNS, *extra]].copy().reset_index(drop=True)
    names = clean["name"].tolist()
    for column in ("name", "role", "source"):
        for i, value in enumerate(clean[column].tolist()):
            if not isinstance(value, str) or not value.strip():
                raise ValueError(
                    f"{_where(i + 1, names[i])}, column {column!r}: must be a non-empty "
                    f"string, got {value!r}"
                )
    for column in ("name", "role", "source"):
        clean[column] = clean[column].str.strip()
    names = clean["name"].tolist()
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen:
            raise ValueError(f"{_where(i + 1, name)}, column 'name': duplicate of row {seen[name]}")
        seen[name] = i + 1
    roles = clean["role"].tolist()
    for i, role in enumerate(roles):
        if role not in ("faction", "quota"):
            raise ValueError(
                f"{_where(i + 1, names[i])}, column 'role': must be 'faction' or 'quota', "
                f"got {role!r}"
            )
    if roles.count("quota") != 1:
        raise ValueError(
            f"factions table must have exactly one 'quota' row, got {roles.count('quota')}"
        )
    n_factions = roles.count("faction")
    if not 2 <= n_factions <= MAX_ENUMERATED_PLAYERS:
        raise ValueError(
            f"factions table must have 2 to {MAX_ENUMERATED_PLAYERS} 'faction' rows, "
            f"got {n_factions}"
        )

    bounds = {"weight": (0.0, np.inf), "exposure": (0.0, 1.0), "targeted": (0.0, 1.0)}
    for column, (low, high) in bounds.items():
        raw = clean[column].tolist()
        numbers = pd.to_numeric(clean[column], errors="coerce").astype(float).tolist()
        for i, (value, number) in enumerate(zip(raw, numbers, strict=True)):
            where = f"{_where(i + 1, names[i])}, column {column!r}"
            if roles[i] == "quota" and column != "weight":
                if not _empty(value):
                    raise ValueError(f"{where}: must be empty in the quota row, got {value!r}")
                continue
            if _empty(value):
                raise ValueError(f"{where}: missing value")
            if isinstance(value, bool) or np.isnan(number):
                raise ValueError(f"{where}: expected a number, got {value!r}")
            if not (low <= number <= high) or number == np.inf:
                interval = format_interval(low, high, high_open=high == np.inf)
                raise ValueError(f"{where}: must be in {interval}, got {number!r}")
            if column == "targeted" and number not in (0.0, 1.0):
                raise ValueError(f"{where}: must be 0 or 1, got {number!r}")
        clean[column] = numbers

    is_faction = clean["role"] == "faction"
    total = float(clean.loc[is_faction, "weight"].sum())
    q_row = int(np.flatnonzero(~is_faction.to_numpy())[0])
    quota = float(clean.loc[q_row, "weight"])
    if not 0.0 < quota <= total:
        raise ValueError(
            f"{_where(q_row + 1, names[q_row])}, column 'weight': the quota must be in "
            f"{format_interval(0, total, low_open=True)} (the factions' total weight), "
            f"got {quota!r}"
        )
    return clean


def load_factions(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Load and validate a factions table from a CSV file.

    Parameters
    ----------
    path : str or path-like, optional
        A CSV file with the columns described in :func:`validate_factions`. Default: the
        course's illustrative table ``sanclab/data/factions_illustrative.csv``, whose
        numbers are constructed for teaching and are not measurements.

    Returns
    -------
    pandas.DataFrame
        The validated table (quota row included).

    Raises
    ------
    ValueError
        If the table is invalid; the message starts with the file name and names the row
        (1 = the first line after the header) and the column.
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> factions = load_factions()
    >>> factions.loc[factions["role"] == "faction", "name"].tolist()[:2]
    ['Security services', 'Military']
    >>> bool(factions["source"].str.startswith("illustrative").all())
    True
    """
    dtypes = {c: str for c in ("name", "role", "source")}
    if path is None:
        ref = resources.files("sanclab") / "data" / _FACTIONS_FILE
        label = _FACTIONS_FILE
        with resources.as_file(ref) as file:
            table = pd.read_csv(file, dtype=dtypes)
    else:
        label = str(path)
        table = pd.read_csv(path, dtype=dtypes)
    try:
        return validate_factions(table)
    except ValueError as exc:
        raise ValueError(f"{label}: {exc}") from exc


def _split(factions: pd.DataFrame | None) -> tuple[pd.DataFrame, Fraction]:
    """The faction rows and the exact quota; the caller only reads ``members``."""
    if factions is None:
        return _default_split()
    return _members_and_quota(validate_factions(factions))


def _members_and_quota(table: pd.DataFrame) -> tuple[pd.DataFrame, Fraction]:
    members = table.loc[table["role"] == "faction"].reset_index(drop=True)
    quota = float(table.loc[table["role"] == "quota", "weight"].iloc[0])
    return members, _exact(quota)


@functools.cache
def _default_split() -> tuple[pd.DataFrame, Fraction]:
    # The packaged table never changes: read and validate it once (validation costs tens of
    # milliseconds, more than the game itself, and a dashboard calls this on every move).
    return _members_and_quota(load_factions())


def _cut_rates(members: pd.DataFrame, kind: str, targets: Sequence[str] | None) -> list[Fraction]:
    """Per faction, the share of its weight a sanction of size 1 removes."""
    if kind not in SANCTION_KINDS:
        raise ValueError(f"kind must be one of {SANCTION_KINDS}, got {kind!r}")
    names = members["name"].tolist()
    if kind == "none":
        return [Fraction(0)] * len(names)
    if kind == "comprehensive":
        if targets is not None:
            raise ValueError("targets apply to targeted sanctions only; pass targets=None")
        return [_exact(e) for e in members["exposure"].tolist()]
    if targets is None:
        chosen = {n for n, t in zip(names, members["targeted"].tolist(), strict=True) if t == 1}
    else:
        if isinstance(targets, str):
            raise TypeError(f"targets must be a sequence of faction names, got {targets!r}")
        chosen = set(targets)
        unknown = sorted(chosen - set(names))
        if unknown:
            raise ValueError(f"targets: unknown faction(s) {unknown}; factions are {names!r}")
    return [Fraction(1) if n in chosen else Fraction(0) for n in names]


def _weights_after(
    members: pd.DataFrame, quota: Fraction, kind: str, size: object, targets
) -> tuple[list[Fraction], Fraction]:
    check_probability("size", size)
    s = _exact(size)  # Fractions stay exact; floats are read as the decimals they print as
    rates = _cut_rates(members, kind, targets)
    before = [_exact(w) for w in members["weight"].tolist()]
    after = [w * (1 - s * r) for w, r in zip(before, rates, strict=True)]
    if sum(after) <= 0:
        raise ValueError(
            f"size {float(s)!r} of {kind} sanctions leaves the factions no weight at all"
        )
    return after, _proportional_quota(quota, before, after)


def _proportional_quota(quota: Fraction, before: list[Fraction], after: list[Fraction]) -> Fraction:
    """The quota keeps its share of the total weight."""
    return quota / sum(before) * sum(after)


def sanctioned_game(
    factions: pd.DataFrame | None = None,
    kind: str = "none",
    size: float = 0.0,
    targets: Sequence[str] | None = None,
) -> WeightedVotingGame:
    """The factions' weighted voting game after sanctions.

    Parameters
    ----------
    factions : pandas.DataFrame, optional
        A factions table (:func:`validate_factions`); default :func:`load_factions`.
    kind : {"none", "targeted", "comprehensive"}, default "none"
        Which sanctions (see the module docstring).
    size : float, default 0
        Their size :math:`s`, in [0, 1].
    targets : sequence of str, optional
        For targeted sanctions, the names of the designated factions (default: those with
        ``targeted == 1`` in the table).

    Returns
    -------
    WeightedVotingGame
        Weights and quota as exact :class:`fractions.Fraction` (the float sizes read as the
        decimals they print as), so that a set whose weight exactly meets the quota wins.

    Examples
    --------
    >>> game = sanctioned_game(kind="comprehensive", size=0.5)
    >>> [float(w) for w in game.weights], float(game.quota)
    ([28.5, 21.25, 16.0, 7.5, 7.5], 41.1825)
    >>> sanctioned_game(kind="targeted", size=0.5, targets=["Army"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: targets: unknown faction(s) ['Army']; factions are ['Security services', ...]
    """
    members, quota = _split(factions)
    weights, q = _weights_after(members, quota, kind, size, targets)
    return WeightedVotingGame(weights, q, names=members["name"].tolist())


def faction_game(factions: pd.DataFrame | None = None) -> WeightedVotingGame:
    """The factions' weighted voting game without sanctions.

    Examples
    --------
    >>> faction_game().minimal_winning_coalitions()[0]
    ('Security services', 'Military')
    """
    return sanctioned_game(factions, "none", 0.0)


def combined_game(
    factions: pd.DataFrame | None = None,
    *,
    targeted: float = 0.0,
    comprehensive: float = 0.0,
    targets: Sequence[str] | None = None,
) -> WeightedVotingGame:
    r"""The factions' weighted voting game after targeted and comprehensive sanctions together.

    The two cuts compound: :math:`w_i' = w_i (1 - t\,\tau_i)(1 - s\,e_i)`, with
    :math:`t` = ``targeted``, :math:`s` = ``comprehensive``, :math:`\tau_i` = 1 for the
    designated factions and :math:`e_i` their exposure; the quota keeps its share of the
    total weight. With one of the two sizes 0 this is :func:`sanctioned_game` of the other
    kind.

    Parameters
    ----------
    factions : pandas.DataFrame, optional
        A factions table (:func:`validate_factions`); default :func:`load_factions`.
    targeted : float, default 0
        Size :math:`t` of the targeted sanctions, in [0, 1].
    comprehensive : float, default 0
        Size :math:`s` of the comprehensive sanctions, in [0, 1].
    targets : sequence of str, optional
        The factions targeted sanctions designate (default: ``targeted == 1`` in the table).

    Returns
    -------
    WeightedVotingGame
        Exact :class:`fractions.Fraction` weights and quota.

    Examples
    --------
    >>> game = combined_game(targeted=0.5, comprehensive=0.5)
    >>> [float(w) for w in game.weights]
    [28.5, 21.25, 16.0, 3.75, 7.5]
    >>> float(combined_game(targeted=1.0, comprehensive=1.0).quota)  # 51% of 61.5 left
    31.365
    """
    check_probability("targeted", targeted)
    check_probability("comprehensive", comprehensive)
    members, quota = _split(factions)
    t, s = _exact(targeted), _exact(comprehensive)
    designated = _cut_rates(members, "targeted", targets)
    exposure = _cut_rates(members, "comprehensive", None)
    before = [_exact(w) for w in members["weight"].tolist()]
    after = [
        w * (1 - t * d) * (1 - s * e)
        for w, d, e in zip(before, designated, exposure, strict=True)
    ]
    if sum(after) <= 0:
        raise ValueError(
            f"targeted sanctions of size {float(t)!r} and comprehensive sanctions of size "
            f"{float(s)!r} leave the factions no weight at all"
        )
    return WeightedVotingGame(
        after, _proportional_quota(quota, before, after), names=members["name"].tolist()
    )


def _compare(before: WeightedVotingGame, after: WeightedVotingGame) -> pd.DataFrame:
    wb = np.array([float(w) for w in before.weights])
    wa = np.array([float(w) for w in after.weights])
    return pd.DataFrame(
        {
            "name": list(before.names),
            "weight_before": wb,
            "weight_after": wa,
            "share_before": wb / wb.sum(),
            "share_after": wa / wa.sum(),
            "ss_before": before.shapley_shubik(),
            "ss_after": after.shapley_shubik(),
            "bz_before": before.banzhaf(),
            "bz_after": after.banzhaf(),
        }
    )


def combined_power_table(
    factions: pd.DataFrame | None = None,
    *,
    targeted: float = 0.0,
    comprehensive: float = 0.0,
    targets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Weights and power of each faction before and after both kinds of sanctions.

    Parameters
    ----------
    factions, targeted, comprehensive, targets
        As in :func:`combined_game`.

    Returns
    -------
    pandas.DataFrame
        The columns of :func:`power_table`.

    Examples
    --------
    >>> table = combined_power_table(targeted=0.1, comprehensive=0.1)
    >>> table[["ss_before", "ss_after"]].round(3).values.tolist()[3]
    [0.1, 0.067]
    """
    before = sanctioned_game(factions, "none", 0.0)
    after = combined_game(
        factions, targeted=targeted, comprehensive=comprehensive, targets=targets
    )
    return _compare(before, after)


def power_table(
    factions: pd.DataFrame | None = None,
    kind: str = "none",
    size: float = 0.0,
    targets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Weights and power of each faction before and after sanctions.

    Parameters
    ----------
    factions, kind, size, targets
        As in :func:`sanctioned_game`.

    Returns
    -------
    pandas.DataFrame
        One row per faction: ``name``, ``weight_before``, ``weight_after``,
        ``share_before``, ``share_after`` (weight shares), ``ss_before``, ``ss_after``
        (Shapley-Shubik), ``bz_before``, ``bz_after`` (normalized Banzhaf).

    Examples
    --------
    >>> table = power_table(kind="targeted", size=0.8)
    >>> row = table.loc[3]
    >>> row["name"], float(row["weight_after"]), float(row["ss_after"])
    ('Business elites', 3.0, 0.0)
    """
    before = sanctioned_game(factions, "none", 0.0)
    after = sanctioned_game(factions, kind, size, targets)
    return _compare(before, after)


def critical_sizes(
    factions: pd.DataFrame | None = None,
    kind: str = "targeted",
    targets: Sequence[str] | None = None,
) -> list[Fraction]:
    r"""The sanction sizes in (0, 1] at which some set of factions exactly meets the quota.

    A set :math:`T` wins at size :math:`s` when
    :math:`f_T(s) = \sum_{j \in T} w_j(s) - q(s) \ge 0`; with the weights and the quota
    linear in :math:`s`, so is :math:`f_T`, and it changes sign at most once. Between two
    consecutive critical sizes the set of winning coalitions, and so every power index,
    stays the same; at a critical size the set that exactly meets the quota wins.

    Parameters
    ----------
    factions, kind, targets
        As in :func:`sanctioned_game`.

    Returns
    -------
    list of fractions.Fraction
        Sorted, without repeats; exact.

    Examples
    --------
    >>> [str(s) for s in critical_sizes(kind="targeted")]
    ['20/153', '80/147', '40/51']
    >>> [round(float(s), 4) for s in critical_sizes(kind="targeted")]
    [0.1307, 0.5442, 0.7843]
    """
    members, quota = _split(factions)
    rates = _cut_rates(members, kind, targets)
    weights = [_exact(w) for w in members["weight"].tolist()]
    share = quota / sum(weights)
    total_cut = sum(w * r for w, r in zip(weights, rates, strict=True))
    found: set[Fraction] = set()
    n = len(weights)
    for size in range(1, n):
        for subset in combinations(range(n), size):
            level = sum(weights[j] for j in subset) - share * sum(weights)
            slope = sum(weights[j] * rates[j] for j in subset) - share * total_cut
            if slope != 0:
                s = level / slope
                if 0 < s <= 1:
                    found.add(s)
    return sorted(found)
