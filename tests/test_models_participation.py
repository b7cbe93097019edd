"""Tests for sanclab.models.participation: the N-ally participation game.

Each test's docstring states the known result it checks. Equilibria are checked against a
brute-force reference (``tests/_participation_games.py``); property tests use hypothesis with
``deadline=None``.
"""

from __future__ import annotations

import numpy as np
import pytest
from _participation_games import (
    as_set,
    games,
    is_generic,
    reference_equilibria,
    unit,
)
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import (
    MAX_ENUMERATED_ALLIES,
    ParticipationGame,
    best_response_thresholds,
    coalition_cascade,
    effectiveness,
    joining_gain,
    load_allies,
    minimal_cascade_penalty,
    minimal_full_participation_penalty,
    participation_payoffs,
    pure_equilibria,
)

RTOL = 1e-12
PROPERTY = settings(deadline=None, max_examples=150)

TWO_ALLIES = {
    "trade_share": [0.3, 0.2],
    "exposure": [0.5, 0.2],
    "cost": [0.33, 0.22],
    "leader_share": 0.3,
    "diversion": 1.0,
    "benefit": 1.0,
}


def test_payoffs_by_hand():
    """Two allies, d = 1, B = 1, p = 0.2, leader 0.3. Profile (1, 0): s = 0.6,
    E = 0.6 * 0.6 = 0.36; ally 1 pays its cost 0.33 -> 0.03; ally 2 risks the penalty
    0.2 * 0.2 = 0.04 -> 0.32."""
    game = ParticipationGame(**TWO_ALLIES, penalty=0.2)
    assert_allclose(game.payoffs([1, 0]), [0.03, 0.32], rtol=1e-12)
    assert_allclose(game.coverage([True, False]), 0.6, rtol=RTOL)
    assert_allclose(
        participation_payoffs([1, 0], **TWO_ALLIES, penalty=0.2),
        [0.03, 0.32],
        rtol=1e-12,
    )


def test_coordination_game_has_two_equilibria():
    """Without a penalty the two-ally game is a coordination game: with d = 1 each ally's
    gain from joining is w (2s + w) - c, negative when only the leader acts (s = 0.3) and
    positive when the other ally has joined; so (0, 0) and (1, 1) are the equilibria."""
    game = ParticipationGame(**TWO_ALLIES, penalty=0.0)
    assert as_set(game.pure_equilibria()) == {(0, 0), (1, 1)}
    assert game.smallest_equilibrium().tolist() == [False, False]
    assert game.largest_equilibrium().tolist() == [True, True]
    assert as_set(
        pure_equilibria(**TWO_ALLIES, penalty=0.0)
    ) == {(0, 0), (1, 1)}


def test_best_response_thresholds_by_hand():
    """Thresholds t = -alpha / beta: alpha = B w (1 - d + d w) + p x - c, beta = 2 B d w.
    For the two-ally game without penalty: (0.09 - 0.33) / 0.6 = 0.4 and
    (0.04 - 0.22) / 0.4 = 0.45."""
    game = ParticipationGame(**TWO_ALLIES, penalty=0.0)
    assert_allclose(game.best_response_thresholds(), [0.4, 0.45], rtol=1e-12)
    assert_allclose(
        best_response_thresholds(**TWO_ALLIES, penalty=0.0),
        [0.4, 0.45],
        rtol=1e-12,
    )


def test_best_response_threshold_special_cases():
    """An ally that gains from joining whatever the others do has threshold 0; one that
    never gains (no convexity: d = 0, gain below 0) has threshold inf; one that would need
    more than the whole market also has inf."""
    thresholds = best_response_thresholds(
        [0.1, 0.1, 0.1],
        [1.0, 0.0, 0.0],
        [0.2, 0.2, 0.5],
        penalty=1.0,
        diversion=0.0,
        benefit=1.0,
    )
    assert thresholds.tolist() == [0.0, np.inf, np.inf]
    far = best_response_thresholds([0.1], [0.0], [0.5], penalty=0.0, diversion=1.0, benefit=1.0)
    assert far.tolist() == [np.inf]  # needs s = (0.5 - 0.01) / 0.2 = 2.45 > 1


@PROPERTY
@given(game=games(max_n=4), data=st.data())
def test_joining_gain_equals_payoff_difference(game, data):
    """The gain from joining is u_i(1, a_-i) - u_i(0, a_-i), for every ally and profile."""
    profile = data.draw(st.lists(st.integers(0, 1), min_size=game.n_allies, max_size=game.n_allies))
    i = data.draw(st.integers(0, game.n_allies - 1))
    joined, out = list(profile), list(profile)
    joined[i], out[i] = 1, 0
    coverage_others = game.coverage(out)
    difference = game.payoffs(joined)[i] - game.payoffs(out)[i]
    assert_allclose(game.joining_gains(coverage_others)[i], difference, atol=1e-12)


@PROPERTY
@given(game=games(max_n=4), s1=unit, s2=unit)
def test_gain_from_joining_has_increasing_differences(game, s1, s2):
    """Supermodularity: since E is convex, each ally's gain from joining is non-decreasing
    in the coverage the others provide."""
    lo, hi = sorted((s1, s2))
    assert np.all(game.joining_gains(lo) <= game.joining_gains(hi) + 1e-12)


@PROPERTY
@given(game=games(max_n=4))
def test_enumeration_matches_brute_force(game):
    """All pure equilibria found by the vectorised enumeration are exactly those a
    profile-by-profile check of unilateral deviations finds (generic games, no ties)."""
    assume(is_generic(game))
    assert as_set(game.pure_equilibria()) == reference_equilibria(game, tol=0.0)


@PROPERTY
@given(game=games(max_n=5))
def test_smallest_and_largest_equilibria_bound_all_equilibria(game):
    """A supermodular game has a smallest and a largest pure equilibrium: both are
    equilibria and every equilibrium lies between them; equilibria come in lexicographic
    order."""
    equilibria = game.pure_equilibria()
    assert len(equilibria) >= 1
    smallest, largest = game.smallest_equilibrium(), game.largest_equilibrium()
    assert tuple(smallest.astype(int)) in as_set(equilibria)
    assert tuple(largest.astype(int)) in as_set(equilibria)
    assert np.all(equilibria >= smallest) and np.all(equilibria <= largest)
    rows = [tuple(r) for r in equilibria.astype(int).tolist()]
    assert rows == sorted(rows)


@PROPERTY
@given(game=games(max_n=5))
def test_cascade_from_the_leader_reaches_the_smallest_equilibrium(game):
    """Best-response dynamics from 'leader only' is the threshold cascade on the
    best-response thresholds; in a supermodular game it converges to the smallest pure
    equilibrium (generic games: no ally exactly indifferent)."""
    assume(is_generic(game))
    cascade = game.cascade()
    assert cascade.joined[0]  # the leader
    assert cascade.joined[1:].tolist() == game.smallest_equilibrium().tolist()
    assert_allclose(cascade.final_share, game.coverage(cascade.joined[1:]), atol=1e-12)


@PROPERTY
@given(game=games(max_n=5))
def test_cascade_always_ends_in_an_equilibrium(game):
    """Even with ties (which the cascade breaks towards joining) the cascade ends in a pure
    equilibrium between the smallest and the largest one."""
    joined = game.cascade().joined[1:]
    assert tuple(joined.astype(int)) in as_set(game.pure_equilibria())
    assert np.all(joined >= game.smallest_equilibrium())
    assert np.all(joined <= game.largest_equilibrium())


def test_tie_goes_to_joining_in_the_cascade():
    """An ally exactly indifferent everywhere (no benefit, no cost, no penalty) has
    threshold 0 and joins in the cascade, while the smallest equilibrium leaves it out."""
    game = ParticipationGame([0.2], [0.0], [0.0], leader_share=0.3, benefit=0.0)
    assert game.best_response_thresholds().tolist() == [0.0]
    assert game.cascade().joined.tolist() == [True, True]
    assert as_set(game.pure_equilibria()) == {(0,), (1,)}
    assert game.smallest_equilibrium().tolist() == [False]


@PROPERTY
@given(game=games(max_n=5), extra=st.floats(0.0, 3.0))
def test_larger_penalty_never_shrinks_the_coalition(game, extra):
    """Comparative static (a), monotone comparative statics in a supermodular game (Milgrom
    & Roberts 1990): raising the secondary penalty never removes an ally from the smallest
    equilibrium, the largest equilibrium or the cascade."""
    harsher = game.with_penalty(game.penalty + extra)
    assert np.all(harsher.smallest_equilibrium() >= game.smallest_equilibrium())
    assert np.all(harsher.largest_equilibrium() >= game.largest_equilibrium())
    assert np.all(harsher.cascade().joined >= game.cascade().joined)


def test_larger_penalty_grows_the_illustrative_coalition():
    """Comparative static (a) on the illustrative table (d = 0.5, B = 1): the number of
    allies in the cascade never falls as the penalty rises from 0 to 1, starting from the
    leader alone and ending with every ally."""
    allies = load_allies()
    counts = [coalition_cascade(allies, p, 0.5, 1.0).n_joined - 1 for p in np.linspace(0, 1, 21)]
    assert counts == sorted(counts)
    assert counts[0] == 0 and counts[-1] == len(allies) - 1


@st.composite
def hopeless_games(draw):
    """Games without penalty where each ally's cost exceeds its largest possible marginal
    benefit B (E(S) - E(S - w_i)), S = coverage when everyone joins."""
    game = draw(games(max_n=5))
    full = game.leader_share + float(game.trade_share.sum())
    largest_marginal = game.benefit * (
        effectiveness(min(full, 1.0), game.diversion)
        - effectiveness(np.clip(full - game.trade_share, 0, 1), game.diversion)
    )
    margin = np.array(
        draw(st.lists(st.floats(1e-6, 1.0), min_size=game.n_allies, max_size=game.n_allies))
    )
    return game.replace(penalty=0.0, cost=largest_marginal + margin)


@PROPERTY
@given(game=hopeless_games())
def test_no_penalty_and_costs_above_marginal_benefit_leave_the_leader_alone(game):
    """Comparative static (b): with no penalty and every ally's cost above its largest
    possible marginal benefit (E is convex, so the marginal benefit is largest when all
    others have joined), staying out is strictly dominant: the unique equilibrium is
    'nobody joins' and only the leading sender sanctions."""
    assert as_set(game.pure_equilibria()) == {(0,) * game.n_allies}
    assert game.cascade().joined.tolist() == [True] + [False] * game.n_allies


def test_no_penalty_example_leader_alone():
    """Comparative static (b), by hand: two allies of 0.2 each, leader 0.3, d = 0.5, B = 1.
    The largest marginal benefit is E(0.7) - E(0.5) = 0.595 - 0.375 = 0.22 < cost 0.25."""
    game = ParticipationGame(
        [0.2, 0.2],
        [0.9, 0.9],
        [0.25, 0.25],
        leader_share=0.3,
        penalty=0.0,
        diversion=0.5,
        benefit=1.0,
    )
    assert_allclose(effectiveness(0.7, 0.5) - effectiveness(0.5, 0.5), 0.22, rtol=1e-12)
    assert as_set(game.pure_equilibria()) == {(0, 0)}
    assert game.cascade().joined_names() == ["Leading sender"]


def test_minimal_full_participation_penalty_by_hand():
    """p* = max(0, max_i (c_i - B (E(S) - E(S - w_i))) / (e_i (1 - k_i))). One ally of 0.5,
    leader 0.5, d = 0, B = 0.5, c = 0.5, e = 0.5: (0.5 - 0.25) / 0.5 = 0.5. With a full
    penalty waiver the penalty cannot reach the ally: p* = inf. If the ally would join anyway,
    p* = 0."""
    args = {"leader_share": 0.5, "diversion": 0.0, "benefit": 0.5}
    assert minimal_full_participation_penalty([0.5], [0.5], [0.5], **args) == 0.5
    assert minimal_full_participation_penalty([0.5], [0.5], [0.5], [1.0], **args) == np.inf
    assert minimal_full_participation_penalty([0.5], [0.0], [0.1], **args) == 0.0


@PROPERTY
@given(game=games(max_n=5, min_secondary_exposure=0.01))
def test_minimal_full_participation_penalty_matches_enumeration(game):
    """The closed form p* is the threshold of the enumeration: full participation is an
    equilibrium at p* and above, and not an equilibrium just below p*."""
    p_star = game.minimal_full_participation_penalty()
    assert np.isfinite(p_star)  # every ally has exposure after penalty waiver >= 0.01
    everyone = (1,) * game.n_allies
    assert everyone in as_set(game.with_penalty(p_star).pure_equilibria())
    assert everyone in as_set(game.with_penalty(p_star + 1.0).pure_equilibria())
    if p_star > 0.01:
        assert everyone not in as_set(game.with_penalty(p_star * (1 - 1e-3)).pure_equilibria())


@PROPERTY
@given(game=games(max_n=5))
def test_minimal_penalty_infinite_exactly_when_an_unexposed_ally_would_leave(game):
    """p* = inf if and only if some ally with no exposure left after its penalty waiver gains by
    leaving the full coalition (or the penalty needed overflows the float range, for a
    minute exposure); then no penalty, however large, makes everyone join."""
    p_star = game.minimal_full_participation_penalty()
    x = game.exposure * (1 - game.waiver)
    full = np.ones(game.n_allies, dtype=bool)
    gains = game.replace(penalty=0.0).joining_gains(game.coverage(full) - game.trade_share)
    tol = 1e-9 * (1 + game.benefit + game.cost.max())
    unexposed_ally_leaves = bool(np.any((x == 0) & (gains < -tol)))
    if unexposed_ally_leaves:
        assert np.isinf(p_star)
    elif np.isinf(p_star):  # the only other way: r / x overflows for a minute exposure x
        assert np.any((x > 0) & (x < 1e-300))
    if np.isinf(p_star):
        assert tuple(full.astype(int)) not in as_set(game.with_penalty(1e6).pure_equilibria())


def test_minimal_cascade_penalty_by_hand():
    """Two allies (0.3 and 0.2), leader 0.3, d = 1, B = 1, costs 0.33 and 0.22, exposures
    0.5 and 0.2. At the leader's coverage 0.3 the big ally needs (0.33 - 0.3 * (0 + 0.6 +
    0.3)) / 0.5 = 0.12 and the small one (0.22 - 0.2 * 0.8) / 0.2 = 0.3: at p = 0.12 the big
    ally joins, coverage 0.6, and the small one gains 0.2 * 1.4 - 0.22 > 0 from joining. So
    the cascade is built from p = 0.12, while holding needs no penalty (p* = 0)."""
    game = ParticipationGame(**TWO_ALLIES)
    assert_allclose(game.minimal_cascade_penalty(), 0.12, rtol=1e-12)
    assert_allclose(minimal_cascade_penalty(**TWO_ALLIES | {"exposure": [0.5, 0.2],
                                                            "cost": [0.33, 0.22]}),
                    0.12, rtol=1e-12)
    assert game.minimal_full_participation_penalty() == 0.0
    assert game.with_penalty(0.12).cascade().n_joined == 3
    assert game.with_penalty(0.12 - 1e-9).cascade().n_joined == 1


def test_minimal_cascade_penalty_of_the_illustrative_allies():
    """Illustrative allies, d = 0.5: full participation is held from p* = 0.2756 / 0.7 =
    0.393714 (the financial centre leaving a full coalition: 0.33 - 0.04 * (0.5 + 0.5 *
    (2 * 0.84 + 0.04)) = 0.2756) but the cascade from the leader builds it only from
    0.2768 / 0.7 = 0.395429 (the financial centre joining at the coverage 0.81 the cascade
    reached without it), checked on either side."""
    game = ParticipationGame(**{
        "trade_share": [0.20, 0.10, 0.08, 0.06, 0.05, 0.04, 0.02, 0.03],
        "exposure": [0.60, 0.20, 0.15, 0.30, 0.50, 0.70, 0.10, 0.05],
        "cost": [0.41, 0.14, 0.14, 0.19, 0.26, 0.33, 0.065, 0.06],
        "waiver": [0.0, 0.5, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        "leader_share": 0.30, "diversion": 0.5, "benefit": 1.0})
    p_build = game.minimal_cascade_penalty()
    assert_allclose(p_build, 0.395428571428, atol=1e-11)
    assert_allclose(game.minimal_full_participation_penalty(), 0.393714285714, atol=1e-11)
    assert game.with_penalty(p_build).cascade().joined.all()
    assert not game.with_penalty(p_build - 1e-9).cascade().joined.all()


@PROPERTY
@given(game=games(max_n=5))
def test_minimal_cascade_penalty_is_the_cascades_threshold(game):
    """Building costs at least holding: the cascade is full at the returned penalty (and
    above), not just below it, and the penalty is at least p* (the cascade ends in an
    equilibrium). It is inf exactly when even a huge penalty leaves someone out."""
    p_build = game.minimal_cascade_penalty()
    if np.isinf(p_build):
        assert not game.with_penalty(1e6).cascade().joined.all()
        return
    assert game.with_penalty(p_build).cascade().joined.all()
    assert game.with_penalty(p_build + 1.0).cascade().joined.all()
    if p_build > 1e-6:
        assert not game.with_penalty(p_build * (1 - 1e-6)).cascade().joined.all()
    hold = game.minimal_full_participation_penalty()
    assert p_build >= hold * (1 - 1e-12) - 1e-9  # up to rounding (penalties reach 1e207)


def test_closed_forms_work_beyond_the_enumeration_limit():
    """N = 13 > 12: enumeration refuses with a ValueError naming the limit, while the
    thresholds, the cascade and the minimal penalty (closed forms) still work."""
    n = MAX_ENUMERATED_ALLIES + 1
    game = ParticipationGame(
        np.full(n, 0.05),
        np.full(n, 0.5),
        np.full(n, 0.1),
        leader_share=0.3,
        penalty=0.5,
        diversion=0.5,
        benefit=1.0,
    )
    with pytest.raises(ValueError, match=r"number of allies must be in \[1, 12\], got 13"):
        game.pure_equilibria()
    assert game.best_response_thresholds().shape == (n,)
    assert game.cascade().joined.all()
    assert np.isfinite(game.minimal_full_participation_penalty())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"penalty": -1.0}, r"penalty must be in \[0, inf\), got -1.0"),
        ({"penalty": np.inf}, r"penalty must be in \[0, inf\), got inf"),
        ({"diversion": 1.5}, r"diversion must be in \[0, 1\], got 1.5"),
        ({"benefit": -0.1}, r"benefit must be in \[0, inf\), got -0.1"),
        ({"trade_share": [0.5, 0.4]}, r"must sum to a value in \[0, 1\], got 1.2"),
        ({"trade_share": [0.5, -0.1]}, r"trade_share\[1\] must be in \[0, 1\], got -0.1"),
        ({"exposure": [0.5, 1.1]}, r"exposure\[1\] must be in \[0, 1\], got 1.1"),
        ({"cost": [0.1, float("nan")]}, r"cost\[1\] must be in \[0, inf\), got nan"),
        ({"waiver": [0.1, 2.0]}, r"waiver\[1\] must be in \[0, 1\], got 2.0"),
        ({"cost": [0.1]}, r"cost must have length 2, got 1"),
        ({"leader_share": 1.2}, r"leader_share must be in \[0, 1\], got 1.2"),
        ({"names": ["A", "A"]}, r"names must be unique"),
        ({"names": ["A"]}, r"names must have length 2 \(one per ally\), got 1"),
        ({"leader_name": "A", "names": ["A", "B"]}, r"leader_name must differ"),
    ],
)
def test_game_rejects_bad_parameters(changes, message):
    """Every parameter is validated: ValueError names it, its value and the allowed range."""
    base = ParticipationGame(**TWO_ALLIES, penalty=0.0)
    with pytest.raises(ValueError, match=message):
        base.replace(**changes)


def test_game_rejects_bad_profiles_and_unknown_parameters():
    """Profiles hold one 0/1 choice per ally; replace() refuses unknown parameter names."""
    game = ParticipationGame(**TWO_ALLIES, penalty=0.0)
    with pytest.raises(ValueError, match=r"profile\[1\] must be 0 or 1, got 0.5"):
        game.payoffs([1, 0.5])
    with pytest.raises(ValueError, match=r"profile must have length 2, got 3"):
        game.payoffs([1, 0, 1])
    with pytest.raises(ValueError, match=r"unknown parameter\(s\) \['pennalty'\]"):
        game.replace(pennalty=1.0)
    with pytest.raises(ValueError, match=r"coverage_others must be in \[0, 1\]"):
        joining_gain(1.5, [0.2], [0.5], [0.1])


def test_game_parameters_are_read_only_copies():
    """The game copies its inputs: changing the caller's list later changes nothing, and
    the stored arrays cannot be written to."""
    shares = [0.3, 0.2]
    game = ParticipationGame(shares, [0.5, 0.2], [0.33, 0.22], leader_share=0.3)
    shares[0] = 0.9
    assert game.trade_share.tolist() == [0.3, 0.2]
    with pytest.raises(ValueError):
        game.cost[0] = 0.0
