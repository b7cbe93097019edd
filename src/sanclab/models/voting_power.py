r"""Power in a weighted voting game: the Shapley-Shubik and Banzhaf indices, exactly.

Players :math:`i = 1, \dots, n` hold weights :math:`w_i \ge 0`; a set of players :math:`T`
(a *coalition* in the technical sense of cooperative game theory: any set of players, not
the reading's "domestic coalitions") carries a decision when its weight reaches the quota,
:math:`w(T) = \sum_{i \in T} w_i \ge q`, with :math:`0 < q \le \sum_i w_i`.

* **Shapley-Shubik** (Shapley & Shubik 1954): line the players up in each of the
  :math:`n!` orders; player :math:`i` is *pivotal* when the players before it fall short of
  the quota and adding it reaches the quota. Its index is the share of orders in which it
  is pivotal,

  .. math::

      \phi_i = \sum_{T \subseteq N \setminus \{i\},\ q - w_i \le w(T) < q}
               \frac{|T|!\,(n - 1 - |T|)!}{n!}.

* **Banzhaf** (Banzhaf 1965), normalized: player :math:`i` *swings* a coalition
  :math:`T \not\ni i` when :math:`T` loses and :math:`T \cup \{i\}` wins; with
  :math:`\eta_i` the number of such :math:`T`,

  .. math:: \beta_i = \eta_i \Big/ \sum_j \eta_j .

Both indices depend only on which sets win, not on the weights as such: a player can lose
weight and keep exactly the same power, and a player whose weight never decides anything
(a *dummy*) has power 0 whatever its weight.

Algorithm and limits
--------------------
The counts are exact integers. Weights and quota are turned into exact rationals (integers
and :class:`fractions.Fraction` as given, floats as the decimal number they print as, so
``0.1 + 0.2`` is read as ``0.30000000000000004`` but ``0.3`` as three tenths) and scaled to
integers. A generating function counts the coalitions by size and weight, and each player's
counts without that player are obtained by dividing its factor out again (the
generating-function method, a dynamic programme over coalition weights, as outlined by
Brams & Affuso 1976).
The work grows with the number of *distinct* coalition weights, at most
:data:`MAX_COALITION_WEIGHTS`; that is never a problem for integer weights with a moderate
total (the UN Security Council, the US Electoral College), but 25 players with unrelated
real weights may exceed it, and a clear ``ValueError`` says so. At most
:data:`MAX_PLAYERS` players. :func:`minimal_winning_coalitions` lists sets and is limited
to :data:`MAX_ENUMERATED_PLAYERS` players.

Why not the ``powerindex`` package? We read its source (version 0.3.5: pure Python, no
dependencies, light) and ran it against this module and a brute-force count on random
games. It agrees whenever every weight is positive and below the quota (1,274 random games),
and it reproduces the UN Security Council figures, but: its normalized Banzhaf index is
wrong as soon as one player has weight 0 (weights 30, 25, 20, 0, 10 with quota 51 give
0.417, 0.333, 0.083, 0, 0.167 instead of 1/3, 1/3, 1/6, 0, 1/6; the zero weight breaks its
generating function), and fails with ``ZeroDivisionError`` or a wrong answer when a weight
exceeds the quota (weights 5, 1, 1, quota 3); it accepts integer weights only (``0.5`` raises
``TypeError``), returns floats rather than exact counts, and validates nothing. A faction
whose weight a sanction cuts to 0 is exactly the case this course needs, so we keep our own
exact algorithm (about sixty lines) instead of adding the dependency.

References
----------
Shapley, L. S., & Shubik, M. (1954). A Method for Evaluating the Distribution of Power in a
Committee System. *American Political Science Review*, 48, 787-792. [shapley1954]

Banzhaf, J. F., III (1965). Weighted Voting Doesn't Work: A Mathematical Analysis.
*Rutgers Law Review*, 19, 317. [banzhaf1965]

Brams, S. J., & Affuso, P. J. (1976). Power and Size: A New Paradox. *Theory and Decision*,
7, 29-56. [brams1976]

Examples
--------
The UN Security Council as a weighted game (:data:`UNSC_WEIGHTS`): five permanent members
with weight 7, ten elected members with weight 1, quota 39, so that a resolution needs all
five permanent members (the veto) and at least four elected ones (nine votes).

>>> from fractions import Fraction
>>> from math import factorial
>>> pivots = pivot_counts(UNSC_WEIGHTS, UNSC_QUOTA)
>>> Fraction(pivots[0], factorial(15)), Fraction(pivots[5], factorial(15))
(Fraction(421, 2145), Fraction(4, 2145))
>>> swings = swing_counts(UNSC_WEIGHTS, UNSC_QUOTA)
>>> swings[0], swings[5], sum(swings)
(848, 84, 5080)
>>> banzhaf([50, 49, 1], 51).round(3).tolist()
[0.6, 0.2, 0.2]
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Sequence
from fractions import Fraction

import numpy as np

from ._validate import check_integer, check_range, format_interval

__all__ = [
    "MAX_COALITION_WEIGHTS",
    "MAX_ENUMERATED_PLAYERS",
    "MAX_PLAYERS",
    "UNSC_QUOTA",
    "UNSC_WEIGHTS",
    "WeightedVotingGame",
    "banzhaf",
    "is_winning",
    "minimal_winning_coalitions",
    "pivot_counts",
    "shapley_shubik",
    "swing_counts",
]

#: Largest number of players accepted by the index functions.
MAX_PLAYERS = 200
#: Largest number of (size, weight) classes of coalitions the generating function may hold.
MAX_COALITION_WEIGHTS = 2**18
#: Largest number of players for which :func:`minimal_winning_coalitions` lists the sets.
MAX_ENUMERATED_PLAYERS = 20

#: The UN Security Council as a weighted game: five permanent members (weight 7), then ten
#: elected members (weight 1). With :data:`UNSC_QUOTA` = 39 a set wins exactly when it holds
#: all five permanent members (35) and at least four elected members: without one
#: permanent member the most is 28 + 10 = 38 < 39 (the veto), and nine votes are needed.
UNSC_WEIGHTS = (7,) * 5 + (1,) * 10
#: Quota of :data:`UNSC_WEIGHTS`.
UNSC_QUOTA = 39


# --------------------------------------------------------------------------------------------
# Validation: exact rationals, scaled to integers
# --------------------------------------------------------------------------------------------


def _exact(value: object) -> Fraction:
    """An exact rational for a validated real number (floats as the decimal they print as)."""
    if isinstance(value, numbers.Integral):
        return Fraction(int(value))
    if isinstance(value, Fraction):
        return value
    return Fraction(repr(float(value)))  # type: ignore[arg-type]


def _as_list(name: str, values: object) -> list[object]:
    if isinstance(values, (str, bytes)) or not isinstance(values, Iterable):
        raise TypeError(f"{name} must be a 1-d sequence of real numbers, got {values!r}")
    if isinstance(values, np.ndarray):
        if values.ndim != 1:
            raise ValueError(f"{name} must be a 1-d array, got shape {values.shape}")
        return values.tolist()
    items = list(values)
    for i, item in enumerate(items):
        if isinstance(item, (list, tuple, np.ndarray)):
            raise ValueError(f"{name} must be a 1-d sequence, got a sequence at {name}[{i}]")
    return items


def _integer_game(weights: object, quota: object) -> tuple[list[int], int]:
    """Validate a weighted game and return integer weights and quota defining the same game."""
    items = _as_list("weights", weights)
    check_integer("number of players", len(items), 1, MAX_PLAYERS)
    exact = []
    for i, item in enumerate(items):
        check_range(f"weights[{i}]", item, 0.0, math.inf, high_open=True)
        exact.append(_exact(item))
    total = sum(exact, Fraction(0))
    q_float = check_range("quota", quota, 0.0, math.inf, low_open=True, high_open=True)
    q = _exact(quota)
    if not 0 < q <= total:
        interval = format_interval(0.0, float(total), low_open=True)
        raise ValueError(
            f"quota must be in {interval} (above 0, and at most the total weight so that all "
            f"players together win), got {q_float!r}"
        )
    scale = math.lcm(q.denominator, *(w.denominator for w in exact))
    return [int(w * scale) for w in exact], int(q * scale)


# --------------------------------------------------------------------------------------------
# Generating function: number of coalitions by size k and weight s
# --------------------------------------------------------------------------------------------


def _count_table(weights: Sequence[int]) -> list[dict[int, int]]:
    """``table[k][s]`` = number of sets of ``k`` players with total weight ``s``."""
    table: list[dict[int, int]] = [{0: 1}] + [{} for _ in weights]
    size = 1
    for m, w in enumerate(weights):
        for k in range(m, -1, -1):
            target = table[k + 1]
            for s, c in table[k].items():
                target[s + w] = target.get(s + w, 0) + c
        size = sum(len(t) for t in table)
        if size > MAX_COALITION_WEIGHTS:
            raise ValueError(
                f"these {len(weights)} weights give more than {MAX_COALITION_WEIGHTS} distinct "
                "(size, weight) classes of coalitions; use integer weights with a smaller total "
                "or fewer players"
            )
    return table


def _without(table: list[dict[int, int]], w: int) -> list[dict[int, int]]:
    """Divide one player's factor (1 + y x^w) out of the table: counts of the other players."""
    n = len(table) - 1
    out: list[dict[int, int]] = [dict(table[0])]
    for k in range(1, n):
        prev = out[k - 1]
        row = {}
        for s, c in table[k].items():
            rest = c - prev.get(s - w, 0)
            if rest:
                row[s] = rest
        out.append(row)
    return out


def _window_counts(weights: Sequence[int], quota: int) -> list[list[int]]:
    """For each player i and size k: number of sets T of k OTHER players with
    quota - w_i <= w(T) < quota (the sets player i turns from losing into winning)."""
    table = _count_table(weights)
    result = []
    for w in weights:
        rows = _without(table, w)
        result.append([sum(c for s, c in row.items() if quota - w <= s < quota) for row in rows])
    return result


def pivot_counts(weights: Sequence[float], quota: float) -> tuple[int, ...]:
    r"""Number of the :math:`n!` orders of the players in which each player is pivotal.

    The counts are exact integers and sum to :math:`n!`; the Shapley-Shubik index is
    ``pivot_counts / n!`` (see :func:`shapley_shubik`).

    Parameters
    ----------
    weights : sequence of real numbers
        Non-negative weights, one per player (1 to :data:`MAX_PLAYERS` players).
    quota : real number
        The weight a set needs to win, in :math:`(0, \sum_i w_i]`.

    Returns
    -------
    tuple of int

    Raises
    ------
    ValueError
        If a weight is negative or NaN, the quota is outside its range, there are too many
        players, or the game has more than :data:`MAX_COALITION_WEIGHTS` coalition classes.
    TypeError
        If a weight or the quota is not a real number.

    Examples
    --------
    >>> pivot_counts([4, 3, 2], 6)  # 3! = 6 orders
    (4, 1, 1)
    >>> pivot_counts([1, 1], 3)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    ValueError: quota must be in (0, 2] (above 0, and at most the total weight ...), got 3.0
    """
    ints, q = _integer_game(weights, quota)
    n = len(ints)
    factor = [math.factorial(k) * math.factorial(n - 1 - k) for k in range(n)]
    return tuple(
        sum(f * c for f, c in zip(factor, counts, strict=True))
        for counts in _window_counts(ints, q)
    )


def swing_counts(weights: Sequence[float], quota: float) -> tuple[int, ...]:
    """Number of coalitions each player swings (turns from losing to winning by joining).

    Parameters
    ----------
    weights, quota
        As in :func:`pivot_counts`.

    Returns
    -------
    tuple of int
        The raw Banzhaf counts :math:`\\eta_i`; the normalized index divides them by their
        sum (see :func:`banzhaf`), the absolute Banzhaf index by :math:`2^{n-1}`.

    Examples
    --------
    >>> swing_counts([4, 3, 2, 1], 6)
    (5, 3, 3, 1)
    """
    ints, q = _integer_game(weights, quota)
    return tuple(sum(counts) for counts in _window_counts(ints, q))


def shapley_shubik(weights: Sequence[float], quota: float) -> np.ndarray:
    r"""The Shapley-Shubik power index of each player, in input order.

    .. math::

        \phi_i = \frac{\#\{\text{orders in which } i \text{ is pivotal}\}}{n!}

    Parameters
    ----------
    weights, quota
        As in :func:`pivot_counts`.

    Returns
    -------
    numpy.ndarray
        Floats that sum to 1, computed from exact counts (:func:`pivot_counts`).

    References
    ----------
    Shapley & Shubik (1954) [shapley1954].

    Examples
    --------
    >>> shapley_shubik([4, 3, 2], 6).round(4).tolist()
    [0.6667, 0.1667, 0.1667]
    >>> float(shapley_shubik(UNSC_WEIGHTS, UNSC_QUOTA)[0].round(5))
    0.19627
    """
    counts = pivot_counts(weights, quota)
    orders = math.factorial(len(counts))
    return np.array([float(Fraction(c, orders)) for c in counts])


def banzhaf(weights: Sequence[float], quota: float) -> np.ndarray:
    r"""The normalized Banzhaf power index of each player, in input order.

    .. math:: \beta_i = \eta_i \Big/ \sum_j \eta_j

    with :math:`\eta_i` the number of coalitions player :math:`i` swings
    (:func:`swing_counts`).

    Parameters
    ----------
    weights, quota
        As in :func:`pivot_counts`.

    Returns
    -------
    numpy.ndarray
        Floats that sum to 1.

    References
    ----------
    Banzhaf (1965) [banzhaf1965].

    Examples
    --------
    >>> banzhaf([4, 3, 2, 1], 6).round(4).tolist()
    [0.4167, 0.25, 0.25, 0.0833]
    >>> float(banzhaf(UNSC_WEIGHTS, UNSC_QUOTA)[5].round(6))
    0.016535
    """
    counts = swing_counts(weights, quota)
    total = sum(counts)  # > 0: the grand coalition wins and the empty one loses
    return np.array([float(Fraction(c, total)) for c in counts])


def is_winning(weights: Sequence[float], quota: float, members: Iterable[int]) -> bool:
    """Whether the set of players ``members`` (indices) reaches the quota.

    Parameters
    ----------
    weights, quota
        As in :func:`pivot_counts`.
    members : iterable of int
        Indices of the players in the set (each at most once).

    Returns
    -------
    bool

    Examples
    --------
    >>> is_winning(UNSC_WEIGHTS, UNSC_QUOTA, range(9))  # 5 permanent + 4 elected
    True
    >>> is_winning(UNSC_WEIGHTS, UNSC_QUOTA, range(1, 15))  # one permanent member missing
    False
    """
    ints, q = _integer_game(weights, quota)
    chosen = _members(members, len(ints))
    return sum(ints[i] for i in chosen) >= q


def _members(members: Iterable[int], n: int) -> list[int]:
    if isinstance(members, (str, bytes)) or not isinstance(members, Iterable):
        raise TypeError(f"members must be an iterable of player indices, got {members!r}")
    chosen = [check_integer("member index", m, 0, n - 1) for m in members]
    if len(set(chosen)) != len(chosen):
        raise ValueError(f"members must not repeat a player, got {list(chosen)!r}")
    return chosen


def minimal_winning_coalitions(weights: Sequence[float], quota: float) -> list[tuple[int, ...]]:
    """All minimal winning sets of players: they win, and lose if any member leaves.

    Parameters
    ----------
    weights, quota
        As in :func:`pivot_counts`; at most :data:`MAX_ENUMERATED_PLAYERS` players.

    Returns
    -------
    list of tuple of int
        Each set as sorted player indices; the list sorted by size, then lexicographically.
        A player with weight 0 is in none of them.

    Examples
    --------
    >>> minimal_winning_coalitions([4, 3, 2, 1], 6)
    [(0, 1), (0, 2), (1, 2, 3)]
    >>> len(minimal_winning_coalitions(UNSC_WEIGHTS, UNSC_QUOTA))  # 5 permanent + C(10, 4)
    210
    """
    ints, q = _integer_game(weights, quota)
    n = len(ints)
    check_integer("number of players", n, 1, MAX_ENUMERATED_PLAYERS)
    order = sorted(range(n), key=lambda i: (-ints[i], i))
    suffix = [0] * (n + 1)
    for pos in range(n - 1, -1, -1):
        suffix[pos] = suffix[pos + 1] + ints[order[pos]]
    found: list[tuple[int, ...]] = []

    def extend(pos: int, chosen: list[int], weight: int) -> None:
        # players are added in decreasing weight, so the last one added is the lightest: a
        # winning set is minimal iff it loses without its last (lightest) member
        if weight >= q:
            if weight - ints[chosen[-1]] < q:
                found.append(tuple(sorted(chosen)))
            return
        if pos == n or weight + suffix[pos] < q:
            return
        player = order[pos]
        extend(pos + 1, [*chosen, player], weight + ints[player])
        extend(pos + 1, chosen, weight)

    extend(0, [], 0)
    return sorted(found, key=lambda t: (len(t), t))


class WeightedVotingGame:
    """A weighted voting game with named players: a thin front end to this module.

    Parameters
    ----------
    weights : sequence of real numbers
        Non-negative weights, one per player.
    quota : real number
        The weight a set needs to win, in (0, total weight].
    names : sequence of str, optional
        Player names (default ``"player 0"``, ``"player 1"``, ...).

    Examples
    --------
    >>> game = WeightedVotingGame([4, 3, 2, 1], 6, names=["A", "B", "C", "D"])
    >>> game.minimal_winning_coalitions()
    [('A', 'B'), ('A', 'C'), ('B', 'C', 'D')]
    >>> game.table()[["name", "shapley_shubik"]].round(3).values.tolist()
    [['A', 0.417], ['B', 0.25], ['C', 0.25], ['D', 0.083]]
    """

    def __init__(
        self,
        weights: Sequence[float],
        quota: float,
        names: Sequence[str] | None = None,
    ) -> None:
        _integer_game(weights, quota)  # validate now, not at first use
        self.weights = tuple(_as_list("weights", weights))
        self.quota = quota
        n = len(self.weights)
        if names is None:
            names = [f"player {i}" for i in range(n)]
        names = list(names)
        if len(names) != n or not all(isinstance(x, str) and x for x in names):
            raise ValueError(f"names must be {n} non-empty strings, got {names!r}")
        if len(set(names)) != n:
            raise ValueError(f"names must be distinct, got {names!r}")
        self.names = tuple(names)

    def __repr__(self) -> str:
        return f"WeightedVotingGame(weights={list(self.weights)!r}, quota={self.quota!r})"

    @property
    def n_players(self) -> int:
        """Number of players."""
        return len(self.weights)

    def shapley_shubik(self) -> np.ndarray:
        """Shapley-Shubik indices (:func:`shapley_shubik`)."""
        return shapley_shubik(self.weights, self.quota)

    def banzhaf(self) -> np.ndarray:
        """Normalized Banzhaf indices (:func:`banzhaf`)."""
        return banzhaf(self.weights, self.quota)

    def is_winning(self, members: Iterable[str]) -> bool:
        """Whether the named players together reach the quota."""
        index = {name: i for i, name in enumerate(self.names)}
        chosen = []
        for name in members:
            if name not in index:
                raise ValueError(f"unknown player {name!r}; players are {list(self.names)!r}")
            chosen.append(index[name])
        return is_winning(self.weights, self.quota, chosen)

    def minimal_winning_coalitions(self) -> list[tuple[str, ...]]:
        """Minimal winning sets, by name (:func:`minimal_winning_coalitions`)."""
        return [
            tuple(self.names[i] for i in t)
            for t in minimal_winning_coalitions(self.weights, self.quota)
        ]

    def table(self):  # -> pandas.DataFrame (pandas imported lazily)
        """One row per player: name, weight, weight share and both indices."""
        import pandas as pd

        weights = np.array([float(w) for w in self.weights])
        return pd.DataFrame(
            {
                "name": list(self.names),
                "weight": weights,
                "weight_share": weights / weights.sum(),
                "shapley_shubik": self.shapley_shubik(),
                "banzhaf": self.banzhaf(),
            }
        )
