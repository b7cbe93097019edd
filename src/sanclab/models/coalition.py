"""Lesson 1's formal models of coalition coordination, in one place.

The lesson's reading argues that unilateral sanctions force allies to decide whether "to
mimic, adjust, or resist", that fear of secondary penalties shrinks their choices, and that
carve-outs and divergent timelines erode unity. Three small models make those claims precise:

* :func:`threshold_cascade` (Granovetter 1978): allies follow once enough others act;
* :func:`effectiveness` (leakage): non-members absorb part of the sanctioned trade;
* :class:`ParticipationGame` (after Martin 1992): each ally weighs its cost of joining
  against the coalition's benefit and the leader's secondary penalty.

This module adds the allies table (illustrative numbers, one row per ally plus the leading
sender) and the glue between the models: :func:`coalition_cascade` runs the cascade on the
thresholds the game implies; :func:`coalition_outcome` computes everything lesson 1 shows
for one setting (penalty, diversion, a penalty waiver for the largest ally, the spread of
the allies' costs) and :func:`coalition_sweep` the same along one of them, for the lesson's
comparative-statics figures; :func:`find_waiver_break` searches a grid for a setting in
which a penalty waiver for a single ally stops a cascade that would otherwise reach
everyone.

The course's own table is read and validated once and then cached, so a dashboard update
(one :func:`coalition_outcome`) costs about a millisecond.

References
----------
Granovetter, M. (1978). Threshold Models of Collective Behavior. *American Journal of
Sociology*, 83(6), 1420-1443. [granovetter1978]

Martin, L. L. (1992). *Coercive Cooperation: Explaining Multilateral Economic Sanctions*.
Princeton University Press. [martin1992]

Early, B. R. (2015). *Busted Sanctions: Explaining Why Economic Sanctions Fail*. Stanford
University Press. [early2015]
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from os import PathLike
from pathlib import Path

import numpy as np
import pandas as pd

from ._validate import check_probability, check_range, format_interval
from .leakage import _effectiveness
from .participation import (
    SHARE_SUM_SLACK,
    ParticipationGame,
)
from .threshold import CascadeResult

__all__ = [
    "ALLIES_COLUMNS",
    "SWEEP_COLUMNS",
    "SWEPT_PARAMETERS",
    "CoalitionOutcome",
    "WaiverBreak",
    "allies_overview",
    "coalition_cascade",
    "coalition_outcome",
    "coalition_sweep",
    "find_waiver_break",
    "largest_ally",
    "load_allies",
    "participation_game",
    "spread_costs",
    "validate_allies",
]

#: Columns of the allies table, in order.
ALLIES_COLUMNS = ("name", "role", "trade_share", "exposure", "cost", "waiver", "source")

_ALLY_NUMBERS = {
    # column: (low, high, high_open)
    "trade_share": (0.0, 1.0, False),
    "exposure": (0.0, 1.0, False),
    "cost": (0.0, np.inf, True),
    "waiver": (0.0, 1.0, False),
}
_ALLIES_FILE = "allies_illustrative.csv"


def _where(row: int, name: object) -> str:
    label = f" ({name!r})" if isinstance(name, str) and name else ""
    return f"allies table row {row}{label}"


def validate_allies(table: pd.DataFrame) -> pd.DataFrame:
    """Check an allies table and return a clean copy (the input is left untouched).

    The table has one row for the leading sender (``role == "leader"``) and one row per ally
    (``role == "ally"``), with columns :data:`ALLIES_COLUMNS`:

    ``name``
        Unique, non-empty.
    ``role``
        ``"leader"`` (exactly one row) or ``"ally"`` (at least one row).
    ``trade_share``
        Share of the TARGET's trade, in [0, 1]; all rows together sum to at most 1 (the rest
        is the target's trade with non-members).
    ``exposure``
        Share of the ally's own trade at risk from the leader's secondary sanctions, [0, 1].
    ``cost``
        The ally's cost of cutting its trade with the target, in [0, inf).
    ``waiver``
        Share of the ally's exposure that the leader waives, in [0, 1].
    ``source``
        Where the numbers come from (non-empty), e.g. ``"illustrative: ..."``.

    ``exposure``, ``cost`` and ``waiver`` do not apply to the leader and must be empty
    in its row. Extra columns are kept.

    Parameters
    ----------
    table : pandas.DataFrame
        The table to check.

    Returns
    -------
    pandas.DataFrame
        A copy with the standard columns first, numeric columns as floats and a fresh
        ``RangeIndex``.

    Raises
    ------
    ValueError
        Naming the row (1 = first data row) and column of the first problem found.

    Examples
    --------
    >>> table = pd.DataFrame({
    ...     "name": ["Leader", "Ally A"], "role": ["leader", "ally"],
    ...     "trade_share": [0.4, 0.3], "exposure": [None, 0.5], "cost": [None, 0.1],
    ...     "waiver": [None, 0.0], "source": ["illustrative", "illustrative"]})
    >>> validate_allies(table)["trade_share"].tolist()
    [0.4, 0.3]
    >>> validate_allies(table.assign(exposure=[None, 1.5]))
    Traceback (most recent call last):
    ...
    ValueError: allies table row 2 ('Ally A'), column 'exposure': must be in [0, 1], got 1.5
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"allies table must be a pandas DataFrame, got {type(table).__name__}")
    missing = [c for c in ALLIES_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(
            f"allies table is missing column(s) {missing}; required: {list(ALLIES_COLUMNS)}"
        )
    if table.empty:
        raise ValueError("allies table must have a leader row and at least one ally, got 0 rows")
    extra = [c for c in table.columns if c not in ALLIES_COLUMNS]
    clean = table.loc[:, [*ALLIES_COLUMNS, *extra]].copy().reset_index(drop=True)
    names = clean["name"].tolist()

    for column in ("name", "role", "source"):
        for i, value in enumerate(clean[column].tolist()):
            if not isinstance(value, str) or not value.strip():
                raise ValueError(
                    f"{_where(i + 1, names[i])}, column {column!r}: must be a non-empty "
                    f"string, got {value!r}"
                )
    clean["name"] = clean["name"].str.strip()
    clean["role"] = clean["role"].str.strip()
    names = clean["name"].tolist()
    seen: dict[str, int] = {}
    for i, name in enumerate(names):
        if name in seen:
            raise ValueError(f"{_where(i + 1, name)}, column 'name': duplicate of row {seen[name]}")
        seen[name] = i + 1
    roles = clean["role"].tolist()
    for i, role in enumerate(roles):
        if role not in ("leader", "ally"):
            raise ValueError(
                f"{_where(i + 1, names[i])}, column 'role': must be 'leader' or 'ally', "
                f"got {role!r}"
            )
    n_leaders = roles.count("leader")
    if n_leaders != 1:
        raise ValueError(f"allies table must have exactly one 'leader' row, got {n_leaders}")
    if roles.count("ally") < 1:
        raise ValueError("allies table must have at least one 'ally' row, got 0")

    for column, (low, high, high_open) in _ALLY_NUMBERS.items():
        raw = clean[column].tolist()
        numbers = pd.to_numeric(clean[column], errors="coerce").astype(float)
        for i, (value, number) in enumerate(zip(raw, numbers.tolist(), strict=True)):
            empty = value is None or (isinstance(value, float) and np.isnan(value))
            empty = empty or (isinstance(value, str) and not value.strip())
            where = f"{_where(i + 1, names[i])}, column {column!r}"
            if roles[i] == "leader" and column != "trade_share":
                if not empty:
                    raise ValueError(
                        f"{where}: must be empty for the leading sender (it does not apply), "
                        f"got {value!r}"
                    )
                continue
            if empty:
                raise ValueError(f"{where}: missing value")
            if isinstance(value, bool) or np.isnan(number):
                raise ValueError(f"{where}: expected a number, got {value!r}")
            above = number >= low
            below = number < high if high_open else number <= high
            if not (above and below):
                interval = format_interval(low, high, high_open=high_open)
                raise ValueError(f"{where}: must be in {interval}, got {number!r}")
        clean[column] = numbers

    total = float(clean["trade_share"].sum())
    if total > 1.0 + SHARE_SUM_SLACK:
        raise ValueError(
            "allies table, column 'trade_share': the leader's and allies' shares of the "
            f"target's trade must sum to at most 1, got {total!r}"
        )
    return clean


def load_allies(path: str | PathLike[str] | None = None) -> pd.DataFrame:
    """Load and validate an allies table from a CSV file.

    Parameters
    ----------
    path : str or path-like, optional
        A CSV file with the columns described in :func:`validate_allies`. Default: the
        course's illustrative table ``sanclab/data/allies_illustrative.csv``, whose numbers
        are constructed for teaching and are not measurements.

    Returns
    -------
    pandas.DataFrame
        The validated table (leader row included; see :func:`validate_allies`).

    Raises
    ------
    ValueError
        If the file is not a regular file, not UTF-8 text, empty or not CSV, or the table is
        invalid (the message names the file, then the row, counted from 1 = the first line
        after the header, and the column).
    FileNotFoundError
        If ``path`` does not exist.

    Examples
    --------
    >>> allies = load_allies()
    >>> allies.loc[allies["role"] == "leader", "name"].tolist()
    ['Leading sender']
    >>> bool(allies["source"].str.startswith("illustrative").all())
    True
    """
    if path is None:
        return _course_allies().copy()
    return _read_allies(Path(path))


def _read_allies(file: Path) -> pd.DataFrame:
    """Read and validate an allies CSV; every error names `file`."""
    if not file.exists():
        raise FileNotFoundError(f"allies file {str(file)!r} does not exist")
    if not file.is_file():  # a folder, or a FIFO that would block read_csv forever
        raise ValueError(f"allies file {str(file)!r} is not a regular file")
    try:
        table = pd.read_csv(file, dtype={c: str for c in ("name", "role", "source")})
        return validate_allies(table)
    except UnicodeDecodeError:
        try:  # pandas reports an offset into its buffer: find the file's own
            file.read_bytes().decode("utf-8")
            where = ""
        except UnicodeDecodeError as exc:
            where = f": byte 0x{exc.object[exc.start]:02x} at byte offset {exc.start}"
        raise ValueError(f"allies file {str(file)!r} is not UTF-8 text{where}") from None
    except pd.errors.EmptyDataError:
        raise ValueError(f"allies file {str(file)!r} is empty: expected a CSV header "
                         f"({', '.join(ALLIES_COLUMNS)}) and rows") from None
    except (pd.errors.ParserError, ValueError) as exc:
        raise ValueError(f"allies file {str(file)!r}: {exc}") from None


@functools.cache
def _course_allies() -> pd.DataFrame:
    """The course's table, read and validated once (callers get copies)."""
    ref = resources.files("sanclab") / "data" / _ALLIES_FILE
    with resources.as_file(ref) as file:
        return _read_allies(Path(file))


#: Headers of :func:`allies_overview`, by column of the allies table.
_OVERVIEW = {"role": ("role", None), "trade_share": ("share w", 2), "exposure": ("exposure e", 2),
             "cost": ("cost c", 3), "waiver": ("waiver k", 2)}


def allies_overview(allies: pd.DataFrame) -> pd.DataFrame:
    """The allies table for reading: one row per actor, indexed by name, numbers as text.

    The columns are the role and the model's symbols (share ``w``, exposure ``e``, cost
    ``c``, penalty waiver ``k``); a number that does not apply (the leader's exposure, cost
    and waiver) shows as an en dash, not ``NaN``. The ``source`` column is left out: state
    it once, e.g. with ``allies["source"].unique()``.

    Parameters
    ----------
    allies : pandas.DataFrame
        An allies table (see :func:`validate_allies`).

    Returns
    -------
    pandas.DataFrame
        Strings only.

    Examples
    --------
    >>> overview = allies_overview(load_allies())
    >>> overview.loc["Leading sender"].tolist()
    ['leader', '0.30', '–', '–', '–']
    >>> overview.loc["Small trader", "cost c"]
    '0.065'
    """
    table = validate_allies(allies)
    shown = {}
    for column, (header, digits) in _OVERVIEW.items():
        values = table[column].tolist()
        if digits is None:
            shown[header] = [str(v) for v in values]
        else:
            shown[header] = ["–" if pd.isna(v) else f"{v:.{digits}f}" for v in values]
    return pd.DataFrame(shown, index=pd.Index(table["name"].tolist(), name="name"))


def _split(
    table: pd.DataFrame, waiver_overrides: Mapping[str, float] | None
) -> tuple[pd.Series, pd.DataFrame, np.ndarray]:
    """Leader row, ally rows and waivers of a VALIDATED table, with the overrides applied."""
    leader = table.loc[table["role"] == "leader"].iloc[0]
    members = table.loc[table["role"] == "ally"].reset_index(drop=True)
    waiver = members["waiver"].to_numpy(dtype=float, copy=True)
    if waiver_overrides is not None:
        if not isinstance(waiver_overrides, Mapping):
            raise TypeError(
                "waiver_overrides must be a mapping from ally name to penalty waiver, got "
                f"{type(waiver_overrides).__name__}"
            )
        known = members["name"].tolist()
        for name, value in waiver_overrides.items():
            if name not in known:
                raise ValueError(
                    f"waiver_overrides: unknown ally {name!r}; allies are {known!r}"
                )
            waiver[known.index(name)] = check_probability(
                f"waiver_overrides[{name!r}]", value
            )
    return leader, members, waiver


def _game_of(
    table: pd.DataFrame,
    *,
    penalty: float,
    diversion: float,
    benefit: float,
    waiver_overrides: Mapping[str, float] | None = None,
) -> ParticipationGame:
    """The game of a VALIDATED table."""
    leader, members, waiver = _split(table, waiver_overrides)
    return ParticipationGame(
        members["trade_share"].to_numpy(dtype=float),
        members["exposure"].to_numpy(dtype=float),
        members["cost"].to_numpy(dtype=float),
        waiver,
        leader_share=float(leader["trade_share"]),
        penalty=penalty,
        diversion=diversion,
        benefit=benefit,
        names=members["name"].tolist(),
        leader_name=str(leader["name"]),
    )


def participation_game(
    allies: pd.DataFrame,
    *,
    penalty: float,
    diversion: float,
    benefit: float,
    waiver_overrides: Mapping[str, float] | None = None,
) -> ParticipationGame:
    """Build the :class:`ParticipationGame` of an allies table.

    Parameters
    ----------
    allies : pandas.DataFrame
        An allies table (see :func:`validate_allies`), e.g. from :func:`load_allies`.
    penalty : float
        Secondary penalty :math:`p`, in [0, inf).
    diversion : float
        Diversion rate :math:`d`, in [0, 1].
    benefit : float
        Benefit :math:`B` of a fully effective coalition, in [0, inf).
    waiver_overrides : mapping of str to float, optional
        Penalty waivers replacing the table's, by ally name (each in [0, 1]).

    Returns
    -------
    ParticipationGame

    Examples
    --------
    >>> game = participation_game(load_allies(), penalty=0.0, diversion=0.5, benefit=1.0)
    >>> game.n_allies == len(load_allies()) - 1
    True
    """
    return _game_of(validate_allies(allies), penalty=penalty, diversion=diversion,
                    benefit=benefit, waiver_overrides=waiver_overrides)


def coalition_cascade(
    allies: pd.DataFrame,
    penalty: float,
    diversion: float,
    benefit: float,
    waiver_overrides: Mapping[str, float] | None = None,
) -> CascadeResult:
    """Granovetter cascade of an allies table, on the thresholds the participation game implies.

    Each ally's threshold is the coverage of the target's trade at which joining becomes
    its best response (:func:`best_response_thresholds`); the leading sender starts alone
    in round 0. See :meth:`ParticipationGame.cascade`.

    Parameters
    ----------
    allies : pandas.DataFrame
        An allies table (see :func:`validate_allies`), e.g. from :func:`load_allies`.
    penalty : float
        Secondary penalty :math:`p`, in [0, inf).
    diversion : float
        Diversion rate :math:`d`, in [0, 1].
    benefit : float
        Benefit :math:`B` of a fully effective coalition, in [0, inf).
    waiver_overrides : mapping of str to float, optional
        Penalty waivers replacing the table's, by ally name (each in [0, 1]).

    Returns
    -------
    CascadeResult
        Actor 0 is the leading sender; ``names`` lists the leader then the allies, in the
        table's order; ``share_by_round`` is the coalition's coverage of the target's trade.

    Examples
    --------
    >>> result = coalition_cascade(load_allies(), penalty=0.0, diversion=0.5, benefit=1.0)
    >>> result.names[0], bool(result.joined[0])
    ('Leading sender', True)
    """
    game = participation_game(
        allies,
        penalty=penalty,
        diversion=diversion,
        benefit=benefit,
        waiver_overrides=waiver_overrides,
    )
    return game.cascade()


def largest_ally(allies: pd.DataFrame) -> str:
    """Name of the ally with the largest share of the target's trade (first one on a tie).

    Parameters
    ----------
    allies : pandas.DataFrame
        An allies table (see :func:`validate_allies`).

    Returns
    -------
    str

    Examples
    --------
    >>> largest_ally(load_allies())
    'Large exporter'
    """
    members = allies[allies["role"] == "ally"]
    return str(members.loc[members["trade_share"].idxmax(), "name"])


def _spread(cost: np.ndarray, sigma: float) -> np.ndarray:
    mean = float(cost.mean())
    return np.maximum(0.0, mean + sigma * (cost - mean))


def _base_game(allies: pd.DataFrame) -> tuple[ParticipationGame, int]:
    """The game of a VALIDATED table (penalty 0, d = 0, B = 1) and its largest ally's index."""
    game = _game_of(allies, penalty=0.0, diversion=0.0, benefit=1.0)
    return game, game.names.index(largest_ally(allies))


@functools.cache
def _course_game() -> tuple[ParticipationGame, int]:
    return _base_game(_course_allies())


@dataclass(frozen=True, eq=False)
class CoalitionOutcome:
    """Lesson 1's model at one setting (see :func:`coalition_outcome`).

    Attributes
    ----------
    penalty, diversion, waiver, spread, benefit : float
        The setting.
    game : ParticipationGame
        The participation game of that setting.
    cascade : CascadeResult
        The cascade from the leader (best-response dynamics); actor 0 is the leader.
    effectiveness : float
        Share of the target's trade effectively cut at the cascade's end,
        :math:`E(s, d)` at its coverage :math:`s`.
    smallest_equilibrium, largest_equilibrium : int
        Allies joining in the smallest and in the largest pure equilibrium.
    """

    penalty: float
    diversion: float
    waiver: float
    spread: float
    benefit: float
    game: ParticipationGame
    cascade: CascadeResult
    effectiveness: float
    smallest_equilibrium: int
    largest_equilibrium: int

    @property
    def allies_joined(self) -> int:
        """Allies the cascade brings in (the leader not counted)."""
        return self.cascade.n_joined - 1

    @property
    def coverage(self) -> float:
        """Coverage of the target's trade at the cascade's end."""
        return self.cascade.final_share


def coalition_outcome(
    penalty: float,
    diversion: float,
    waiver: float = 0.0,
    spread: float = 1.0,
    *,
    benefit: float = 1.0,
    allies: pd.DataFrame | None = None,
) -> CoalitionOutcome:
    r"""Everything lesson 1 shows for one setting: cascade, equilibria and effectiveness.

    The participation game of the allies table, with the leader's secondary penalty
    ``penalty``, the diversion rate ``diversion``, a penalty waiver ``waiver`` for the
    largest ally (:func:`largest_ally`; it replaces the table's waiver for that ally) and
    the allies' costs spread by the factor ``spread`` around their mean
    (:func:`spread_costs`).

    Parameters
    ----------
    penalty : float
        Secondary penalty :math:`p`, in [0, inf).
    diversion : float
        Diversion rate :math:`d`, in [0, 1].
    waiver : float, default 0
        Penalty waiver :math:`k` for the largest ally, in [0, 1].
    spread : float, default 1
        Spread factor of the allies' costs, in [0, 2] (1: the table's costs).
    benefit : float, default 1
        Benefit :math:`B` of a fully effective coalition, in [0, inf).
    allies : pandas.DataFrame, optional
        An allies table; default: the course's illustrative table (read once and cached).

    Returns
    -------
    CoalitionOutcome

    Examples
    --------
    >>> outcome = coalition_outcome(0.4, 0.5)
    >>> outcome.allies_joined, outcome.largest_equilibrium, round(outcome.effectiveness, 4)
    (8, 8, 0.8272)
    >>> coalition_outcome(0.4, 0.5, waiver=0.05).allies_joined
    0
    """
    waiver = check_probability("waiver", waiver)
    sigma = check_range("spread", spread, 0.0, 2.0)
    if allies is None:
        base, largest = _course_game()
    else:
        base, largest = _base_game(validate_allies(allies))
    waivers = base.waiver.copy()
    waivers[largest] = waiver
    game = base.replace(penalty=penalty, diversion=diversion, benefit=benefit,
                        cost=_spread(base.cost, sigma), waiver=waivers)
    cascade = game.cascade()
    equilibria = game.pure_equilibria()
    return CoalitionOutcome(
        penalty=game.penalty,
        diversion=game.diversion,
        waiver=waiver,
        spread=sigma,
        benefit=game.benefit,
        game=game,
        cascade=cascade,
        effectiveness=float(_effectiveness(cascade.final_share, game.diversion)),
        # In a supermodular game the componentwise min and max of the equilibria are
        # themselves equilibria: the smallest and the largest.
        smallest_equilibrium=int(equilibria.all(axis=0).sum()),
        largest_equilibrium=int(equilibria.any(axis=0).sum()),
    )


#: The settings :func:`coalition_sweep` can vary (the arguments of :func:`coalition_outcome`).
SWEPT_PARAMETERS = ("penalty", "diversion", "waiver", "spread", "benefit")

#: Columns of :func:`coalition_sweep`'s table, after the swept parameter.
SWEEP_COLUMNS = ("cascade", "smallest", "largest", "coverage", "effectiveness")


def coalition_sweep(
    parameter: str,
    values: Sequence[float] | np.ndarray,
    *,
    penalty: float = 0.4,
    diversion: float = 0.5,
    waiver: float = 0.0,
    spread: float = 1.0,
    benefit: float = 1.0,
    allies: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """:func:`coalition_outcome` along one parameter, the others fixed (comparative statics).

    Parameters
    ----------
    parameter : str
        One of :data:`SWEPT_PARAMETERS`.
    values : sequence of float
        The values it takes.
    penalty, diversion, waiver, spread, benefit, allies
        The fixed setting (see :func:`coalition_outcome`); the swept one is ignored.

    Returns
    -------
    pandas.DataFrame
        One row per value: the value (column named after ``parameter``), then
        :data:`SWEEP_COLUMNS`: allies the cascade brings in, allies in the smallest and in the
        largest equilibrium, coverage at the cascade's end and the share of the target's
        trade effectively cut there.

    Examples
    --------
    More diversion can help the coalition (at d = 0 each ally decides alone):

    >>> table = coalition_sweep("diversion", [0.0, 0.5, 0.8], penalty=0.4)
    >>> table[["diversion", "cascade", "effectiveness"]].round(3).values.tolist()
    [[0.0, 3.0, 0.68], [0.5, 8.0, 0.827], [0.8, 0.0, 0.132]]
    """
    if parameter not in SWEPT_PARAMETERS:
        raise ValueError(f"parameter must be one of {list(SWEPT_PARAMETERS)}, got {parameter!r}")
    setting = {"penalty": penalty, "diversion": diversion, "waiver": waiver,
               "spread": spread, "benefit": benefit}
    grid = np.asarray(values, dtype=float).ravel()
    rows = []
    for value in grid:
        outcome = coalition_outcome(**(setting | {parameter: float(value)}), allies=allies)
        rows.append((float(value), outcome.allies_joined, outcome.smallest_equilibrium,
                     outcome.largest_equilibrium, outcome.coverage, outcome.effectiveness))
    table = pd.DataFrame(rows, columns=[parameter, *SWEEP_COLUMNS])
    return table.astype({c: "int64" for c in ("cascade", "smallest", "largest")})


@dataclass(frozen=True, eq=False)
class WaiverBreak:
    """A setting in which a penalty waiver for one ally stops a cascade (see
    :func:`find_waiver_break`).

    Attributes
    ----------
    penalty, diversion, benefit : float
        The parameters of the setting.
    ally : str
        The ally given a full penalty waiver (``waiver = 1``).
    without : CascadeResult
        The cascade with the table's own penalty waivers: it reaches every ally.
    with_waiver : CascadeResult
        The cascade after the penalty waiver: it stops early.
    searched : int
        Settings (penalty, diversion) of the grids tried before and including this one.
    """

    penalty: float
    diversion: float
    benefit: float
    ally: str
    without: CascadeResult
    with_waiver: CascadeResult
    searched: int = 0


def find_waiver_break(
    allies: pd.DataFrame | None = None,
    *,
    benefit: float = 1.0,
    penalties: Sequence[float] | None = None,
    diversions: Sequence[float] | None = None,
    max_joined: int = 1,
) -> WaiverBreak | None:
    """Search a grid for a setting where a penalty waiver for ONE ally stops a cascade that
    reaches everyone.

    This is a grid search, not a theorem: it returns the *first* qualifying setting, which
    may sit next to settings where the same waiver changes little (lesson 1 shows that at
    its setting the result is a knife-edge). The search runs over ``penalties`` (outer loop,
    in the given order), ``diversions`` and then the allies in table order, and returns the
    first setting in which

    * without further penalty waivers, the cascade from the leader reaches every ally; and
    * with a full penalty waiver (``waiver = 1``) for that one ally, at most ``max_joined``
      allies join.

    The table is validated once and the game rebuilt from arrays at each point.

    Parameters
    ----------
    allies : pandas.DataFrame, optional
        An allies table; default :func:`load_allies`.
    benefit : float, default 1.0
        Benefit :math:`B` of a fully effective coalition.
    penalties : sequence of float, optional
        Penalties to try; default 0, 0.05, ..., 2.
    diversions : sequence of float, optional
        Diversion rates to try; default 0, 0.1, ..., 1.
    max_joined : int, default 1
        Most allies that may join after the penalty waiver for the cascade to count as stopped
        early.

    Returns
    -------
    WaiverBreak or None
        ``None`` if no setting on the grids qualifies.

    Examples
    --------
    With the illustrative allies table (numbers constructed for teaching):

    >>> found = find_waiver_break()
    >>> found.penalty, found.diversion, found.ally, found.searched
    (0.4, 0.5, 'Large exporter', 94)
    >>> found.without.n_joined, found.with_waiver.n_joined  # actors, leader included
    (9, 1)
    """
    if allies is None:
        game, _ = _course_game()
    else:
        game, _ = _base_game(validate_allies(allies))
    if penalties is None:
        penalties = [round(0.05 * k, 2) for k in range(41)]
    if diversions is None:
        diversions = [round(0.1 * k, 1) for k in range(11)]
    if isinstance(max_joined, bool) or not isinstance(max_joined, int) or max_joined < 0:
        raise ValueError(f"max_joined must be an integer in [0, inf), got {max_joined!r}")
    searched = 0
    for penalty in penalties:
        for diversion in diversions:
            searched += 1
            setting = game.replace(penalty=penalty, diversion=diversion, benefit=benefit)
            without = setting.cascade()
            if not without.joined.all():
                continue
            for i, name in enumerate(setting.names):
                waivers = setting.waiver.copy()
                waivers[i] = 1.0
                broken = setting.replace(waiver=waivers).cascade()
                if broken.n_joined - 1 <= max_joined:  # minus the leader
                    return WaiverBreak(
                        penalty=float(penalty),
                        diversion=float(diversion),
                        benefit=float(benefit),
                        ally=name,
                        without=without,
                        with_waiver=broken,
                        searched=searched,
                    )
    return None


def spread_costs(allies: pd.DataFrame, spread: float) -> pd.DataFrame:
    r"""Scale the spread of the allies' costs around their mean, keeping the mean.

    .. math:: c_i' = \max\bigl(0,\ \bar c + \sigma\,(c_i - \bar c)\bigr)

    With :math:`\sigma = 1` the table is unchanged; :math:`\sigma = 0` gives every ally the
    mean cost (identical thresholds up to size and exposure); :math:`\sigma > 1` makes the
    allies more different. The leader's row is untouched. (Granovetter's point: how spread
    out the thresholds are, not only their mean, decides how far a cascade runs.)

    Parameters
    ----------
    allies : pandas.DataFrame
        An allies table (see :func:`validate_allies`).
    spread : float
        The factor :math:`\sigma`, in [0, 2].

    Returns
    -------
    pandas.DataFrame
        A new, validated table.

    Examples
    --------
    >>> table = spread_costs(load_allies(), 0.0)
    >>> costs = table.loc[table["role"] == "ally", "cost"]
    >>> bool(costs.nunique() == 1)
    True
    >>> spread_costs(load_allies(), 3.0)
    Traceback (most recent call last):
    ...
    ValueError: spread must be in [0, 2], got 3.0
    """
    sigma = check_range("spread", spread, 0.0, 2.0)
    table = validate_allies(allies).copy()
    is_ally = table["role"] == "ally"
    table.loc[is_ally, "cost"] = _spread(table.loc[is_ally, "cost"].to_numpy(dtype=float), sigma)
    return validate_allies(table)
