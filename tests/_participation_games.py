"""Hypothesis strategies and a brute-force reference for the participation game's tests."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from sanclab.models import ParticipationGame

unit = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def games(draw, min_n=1, max_n=5, min_secondary_exposure=0.0):
    """A random participation game with N allies (trade shares of leader + allies <= 1)."""
    n = draw(st.integers(min_n, max_n))
    raw = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=n + 2, max_size=n + 2)))
    assume(raw.sum() > 1e-3)
    shares = raw / raw.sum()  # leader, allies..., non-members
    if min_secondary_exposure > 0:
        exposure = draw(st.lists(st.floats(0.1, 1.0), min_size=n, max_size=n))
        waiver = draw(st.lists(st.floats(0.0, 0.9), min_size=n, max_size=n))
    else:
        exposure = draw(st.lists(unit, min_size=n, max_size=n))
        waiver = draw(st.lists(unit, min_size=n, max_size=n))
    return ParticipationGame(
        shares[1 : n + 1],
        exposure,
        draw(st.lists(st.floats(0.0, 2.0), min_size=n, max_size=n)),
        waiver,
        leader_share=min(float(shares[0]), 1.0),
        penalty=draw(st.floats(0.0, 3.0)),
        diversion=draw(unit),
        benefit=draw(st.floats(0.0, 3.0)),
    )


def reference_equilibria(game: ParticipationGame, tol: float) -> set[tuple[int, ...]]:
    """Pure Nash equilibria by brute force from the payoff function: a profile is an
    equilibrium if no single ally gains more than ``tol`` by switching."""
    found = set()
    for profile in itertools.product((0, 1), repeat=game.n_allies):
        base = game.payoffs(profile)
        stable = True
        for i in range(game.n_allies):
            switched = list(profile)
            switched[i] = 1 - switched[i]
            if game.payoffs(switched)[i] > base[i] + tol:
                stable = False
                break
        if stable:
            found.add(profile)
    return found


def others_coverages(game: ParticipationGame, i: int) -> np.ndarray:
    """Every coverage the others (leader + a subset of the other allies) can provide to i."""
    others = np.delete(game.trade_share, i)
    values = [
        game.leader_share + float(np.dot(others, subset))
        for subset in itertools.product((0, 1), repeat=others.size)
    ]
    return np.clip(np.array(values), 0.0, 1.0)


def is_generic(game: ParticipationGame, margin: float = 1e-7) -> bool:
    """True if no ally is within ``margin`` of indifference at any coverage it could face."""
    for i in range(game.n_allies):
        gains = game.joining_gains(others_coverages(game, i)[:, None])[:, i]
        if np.any(np.abs(gains) <= margin):
            return False
    return True


def as_set(equilibria: np.ndarray) -> set[tuple[int, ...]]:
    return {tuple(int(v) for v in row) for row in equilibria}
