"""Every claim lesson 1 (notebooks/01_coalition_coordination.ipynb) makes about its models.

The notebook prints these numbers; nbval checks the notebook reproduces its stored outputs,
and these tests check the numbers are what the lesson's text says they mean.
"""

import numpy as np
import pytest

from sanclab.dashboards.coalition_coordination import coalition_view
from sanclab.models import (
    effectiveness,
    find_waiver_break,
    load_allies,
    participation_game,
    threshold_cascade,
)


@pytest.fixture(scope="module")
def allies():
    return load_allies()


def test_granovetter_uniform_thresholds_everyone_acts_one_per_round():
    """Granovetter (1978): thresholds 0..99 -> all 100 act; the last joins in round 99."""
    result = threshold_cascade(np.arange(100) / 100)
    assert result.n_joined == 100
    assert result.rounds == 99


def test_granovetter_moving_one_threshold_stops_everything():
    """Granovetter (1978): threshold-1 actor moved to 2 -> only the instigator acts."""
    thresholds = np.arange(100) / 100
    thresholds[1] = 0.02
    assert threshold_cascade(thresholds).n_joined == 1


def test_without_penalty_no_ally_joins_the_illustrative_coalition(allies):
    """Lesson text: without a penalty no ally joins (unique equilibrium: nobody), d = 0.5,
    because each ally's cost exceeds what it adds to the coalition's effect even when every
    other ally has joined (the largest marginal benefit, E being convex)."""
    game = participation_game(allies, penalty=0.0, diversion=0.5, benefit=1.0)
    equilibria = game.pure_equilibria()
    assert equilibria.shape == (1, 8)
    assert not equilibria.any()
    full = game.coverage([1] * game.n_allies)
    assert (game.joining_gains(full - game.trade_share) < 0).all()


def test_minimal_full_participation_penalty_is_tight(allies):
    """p* makes full participation an equilibrium; p* - 0.001 does not (enumeration)."""
    game = participation_game(allies, penalty=0.0, diversion=0.5, benefit=1.0)
    p_star = game.minimal_full_participation_penalty()
    np.testing.assert_allclose(p_star, 0.3937, atol=5e-5)
    assert game.with_penalty(p_star).largest_equilibrium().all()
    assert not any(row.all() for row in game.with_penalty(p_star - 0.001).pure_equilibria())


def test_penalty_never_shrinks_the_coalition_on_the_lesson_grid(allies):
    """Left panel: smallest/largest equilibrium and cascade are non-decreasing in p."""
    game = participation_game(allies, penalty=0.0, diversion=0.5, benefit=1.0)
    sizes = []
    for p in np.linspace(0.0, 1.5, 61):
        g = game.with_penalty(float(p))
        sizes.append((g.smallest_equilibrium().sum(), g.largest_equilibrium().sum(),
                      g.cascade().n_joined))
    sizes = np.array(sizes)
    assert (np.diff(sizes, axis=0) >= 0).all()
    assert sizes[-1, 1] == 8


def test_cascade_at_penalty_04_reaches_every_ally_largest_first(allies):
    """At p = 0.4, d = 0.5 the cascade brings in all 8 allies, the large exporter first."""
    cascade = participation_game(allies, penalty=0.4, diversion=0.5, benefit=1.0).cascade()
    assert cascade.n_joined == 9
    assert cascade.joined_names()[:2] == ["Leading sender", "Large exporter"]
    # Lesson text: the others' thresholds are met only once that ally has joined.
    assert list(cascade.join_round[:2]) == [0, 1]
    assert (cascade.join_round[2:] >= 2).all()


def test_a_waiver_for_one_ally_stops_the_cascade():
    """Right panel: at p = 0.4, d = 0.5 a full penalty waiver for the large exporter stops it."""
    found = find_waiver_break()
    assert (found.penalty, found.diversion, found.ally) == (0.4, 0.5, "Large exporter")
    assert found.without.n_joined == 9
    assert found.with_waiver.n_joined == 1


def test_coordination_trap_at_full_diversion(allies):
    """d = 1, p = 0.3: two equilibria (0 and 3 allies); the cascade stops at 0."""
    trap = participation_game(allies, penalty=0.3, diversion=1.0, benefit=1.0)
    assert len(trap.pure_equilibria()) == 2
    assert trap.smallest_equilibrium().sum() == 0
    assert trap.largest_equilibrium().sum() == 3
    assert trap.cascade().n_joined == 1


def test_imperfect_alignment_costs_more_than_the_missing_coverage():
    """E(s, d) < s for 0 < s < 1 and d > 0; E(s, 0) = s; E(1, d) = 1."""
    s = np.linspace(0.01, 0.99, 99)
    for d in (0.1, 0.5, 1.0):
        assert (effectiveness(s, d) < s).all()
        np.testing.assert_allclose(effectiveness(1.0, d), 1.0, rtol=1e-12)
    np.testing.assert_allclose(effectiveness(s, 0.0), s, rtol=1e-12)


def test_effectiveness_table_values():
    """The lesson's table: E(0.5, 0.5) = 0.375, E(0.7, 1) = 0.49, E(0.9, 0.5) = 0.855."""
    np.testing.assert_allclose(effectiveness(0.5, 0.5), 0.375, rtol=1e-12)
    np.testing.assert_allclose(effectiveness(0.7, 1.0), 0.49, rtol=1e-12)
    np.testing.assert_allclose(effectiveness(0.9, 0.5), 0.855, rtol=1e-12)


def test_dashboard_default_readout_numbers():
    """Dashboard at its defaults (p 0.4, d 0.5): 8 of 8 allies, coverage 0.88, E = 0.8272."""
    view = coalition_view(0.4, 0.5, 0.0, 1.0)
    assert view.cascade.n_joined - 1 == 8
    np.testing.assert_allclose(view.cascade.final_share, 0.88, rtol=1e-12)
    np.testing.assert_allclose(view.effectiveness, 0.88 * (1 - 0.5 * 0.12), rtol=1e-12)
