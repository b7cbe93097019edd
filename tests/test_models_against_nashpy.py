"""Our exhaustive pure-equilibrium enumeration agrees with nashpy on two-ally games.

nashpy (a maintained library for two-player games) finds every Nash equilibrium of a
non-degenerate bimatrix game by support enumeration; its pure ones must be exactly ours.
"""

import warnings

import nashpy as nash
import numpy as np
import pytest

from sanclab.models import ParticipationGame


def random_two_ally_games(count, seed=20261125):
    rng = np.random.default_rng(seed)
    for _ in range(count):
        yield ParticipationGame(
            rng.uniform(0.05, 0.3, 2), rng.uniform(0.0, 1.0, 2), rng.uniform(0.0, 0.5, 2),
            rng.uniform(0.0, 1.0, 2), leader_share=rng.uniform(0.05, 0.3),
            penalty=rng.uniform(0.0, 1.0), diversion=rng.uniform(0.0, 1.0),
            benefit=rng.uniform(0.2, 2.0))


def bimatrix(game):
    """Row player = ally 1, column player = ally 2; action 0 = stay out, 1 = join."""
    a, b = np.zeros((2, 2)), np.zeros((2, 2))
    for i in (0, 1):
        for j in (0, 1):
            a[i, j], b[i, j] = game.payoffs([i, j])
    return a, b


def nashpy_pure_equilibria(game):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # nashpy warns on degenerate games; ours are random
        equilibria = list(nash.Game(*bimatrix(game)).support_enumeration())
    return sorted((int(np.argmax(s1)), int(np.argmax(s2))) for s1, s2 in equilibria
                  if np.isclose(s1.max(), 1.0) and np.isclose(s2.max(), 1.0))


@pytest.mark.parametrize("index_and_game", list(enumerate(random_two_ally_games(150))),
                         ids=lambda pair: f"game{pair[0]}")
def test_pure_equilibria_match_nashpy(index_and_game):
    """150 random two-ally games: our enumeration == nashpy's pure equilibria."""
    _, game = index_and_game
    ours = sorted(tuple(int(x) for x in row) for row in game.pure_equilibria())
    assert ours == nashpy_pure_equilibria(game)


def test_the_sample_includes_games_with_two_equilibria():
    """The check is not vacuous: some sampled games have two pure equilibria."""
    counts = [len(g.pure_equilibria()) for g in random_two_ally_games(150)]
    assert max(counts) >= 2 and min(counts) >= 1
