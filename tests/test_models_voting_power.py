"""Tests for sanclab.models.voting_power: exact Shapley-Shubik and Banzhaf indices.

Each test's docstring states the known result it reproduces. Property tests compare the
generating-function counts with brute force (all orders, all subsets) on small games; they
use hypothesis with ``deadline=None`` (no test depends on timing).
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import (
    MAX_COALITION_WEIGHTS,
    MAX_ENUMERATED_PLAYERS,
    MAX_PLAYERS,
    UNSC_QUOTA,
    UNSC_WEIGHTS,
    WeightedVotingGame,
    banzhaf,
    is_winning,
    minimal_winning_coalitions,
    pivot_counts,
    shapley_shubik,
    swing_counts,
)

RTOL = 1e-12
PROPERTY = settings(deadline=None, max_examples=200)

# --------------------------------------------------------------------------------------------
# Brute-force references
# --------------------------------------------------------------------------------------------


def brute_pivots(weights, quota):
    """Pivot counts by walking through all n! orders."""
    counts = [0] * len(weights)
    for order in itertools.permutations(range(len(weights))):
        total = 0
        for i in order:
            if total < quota <= total + weights[i]:
                counts[i] += 1
                break
            total += weights[i]
    return tuple(counts)


def brute_swings(weights, quota):
    """Swing counts by walking through all 2^n subsets."""
    n = len(weights)
    counts = [0] * n
    for members in itertools.product((0, 1), repeat=n):
        total = sum(w for w, m in zip(weights, members, strict=True) if m)
        for i in range(n):
            if not members[i] and total < quota <= total + weights[i]:
                counts[i] += 1
    return tuple(counts)


def brute_minimal(weights, quota):
    n = len(weights)
    found = []
    for size in range(1, n + 1):
        for subset in itertools.combinations(range(n), size):
            total = sum(weights[i] for i in subset)
            if total >= quota and all(total - weights[i] < quota for i in subset):
                found.append(subset)
    return found


@st.composite
def games(draw, max_n=6, max_weight=12):
    """A weighted game with integer weights and a quota in (0, total]."""
    n = draw(st.integers(1, max_n))
    weights = draw(st.lists(st.integers(0, max_weight), min_size=n, max_size=n))
    if sum(weights) == 0:
        weights[0] = 1
    quota = draw(st.integers(1, sum(weights)))
    return weights, quota


# --------------------------------------------------------------------------------------------
# Acceptance anchor: the UN Security Council
# --------------------------------------------------------------------------------------------


def test_unsc_shapley_shubik_exact_fractions():
    """UN Security Council (5 permanent members with veto, 10 elected, 9 votes): each
    permanent member is pivotal in 421/2145 of the 15! orders, each elected member in 4/2145
    (FACTS.md; Shapley & Shubik 1954)."""
    pivots = pivot_counts(UNSC_WEIGHTS, UNSC_QUOTA)
    orders = math.factorial(15)
    assert sum(pivots) == orders
    assert {Fraction(p, orders) for p in pivots[:5]} == {Fraction(421, 2145)}
    assert {Fraction(p, orders) for p in pivots[5:]} == {Fraction(4, 2145)}
    index = shapley_shubik(UNSC_WEIGHTS, UNSC_QUOTA)
    assert_allclose(index[:5], 421 / 2145, rtol=RTOL)
    assert_allclose(index[5:], 4 / 2145, rtol=RTOL)
    assert_allclose(index[[0, 5]], [0.19627, 0.001865], rtol=2e-4)


def test_unsc_banzhaf_exact_counts():
    """UN Security Council: each permanent member swings 848 coalitions, each elected
    member 84, 5080 swings in all; normalized Banzhaf 848/5080 = 0.16693 and
    84/5080 = 0.016535 (FACTS.md; Banzhaf 1965)."""
    swings = swing_counts(UNSC_WEIGHTS, UNSC_QUOTA)
    assert swings == (848,) * 5 + (84,) * 10
    assert sum(swings) == 5080
    index = banzhaf(UNSC_WEIGHTS, UNSC_QUOTA)
    assert_allclose(index[:5], 848 / 5080, rtol=RTOL)
    assert_allclose(index[5:], 84 / 5080, rtol=RTOL)
    assert_allclose(index[[0, 5]], [0.16693, 0.016535], rtol=1e-4)


def test_unsc_weighted_game_is_the_veto_rule():
    """Weights 7/1 with quota 39 encode the Charter's rule: a set wins iff it holds all five
    permanent members and at least four elected ones (checked on all 2^15 sets; is_winning
    on the sets at the edge of the rule)."""
    for members in itertools.product((0, 1), repeat=15):
        weight = sum(w for w, m in zip(UNSC_WEIGHTS, members, strict=True) if m)
        assert (weight >= UNSC_QUOTA) == (all(members[:5]) and sum(members[5:]) >= 4)
    assert is_winning(UNSC_WEIGHTS, UNSC_QUOTA, range(9))
    assert not is_winning(UNSC_WEIGHTS, UNSC_QUOTA, range(8))
    assert not is_winning(UNSC_WEIGHTS, UNSC_QUOTA, range(1, 15))


def test_unsc_minimal_winning_coalitions():
    """The minimal winning sets of the Security Council are the five permanent members plus
    any four elected ones: C(10, 4) = 210 sets."""
    found = minimal_winning_coalitions(UNSC_WEIGHTS, UNSC_QUOTA)
    assert len(found) == math.comb(10, 4) == 210
    assert all(set(range(5)) <= set(t) and len(t) == 9 for t in found)


# --------------------------------------------------------------------------------------------
# Textbook examples
# --------------------------------------------------------------------------------------------


def test_textbook_examples():
    """Weights 4, 3, 2, quota 6: Shapley-Shubik 2/3, 1/6, 1/6. Weights 4, 3, 2, 1, quota 6:
    Banzhaf 5/12, 1/4, 1/4, 1/12 (Straffin's example). Weights 50, 49, 1, quota 51:
    Shapley-Shubik 2/3, 1/6, 1/6 and Banzhaf 3/5, 1/5, 1/5 although the small parties'
    weights differ 49-fold."""
    assert_allclose(shapley_shubik([4, 3, 2], 6), [2 / 3, 1 / 6, 1 / 6], rtol=RTOL)
    assert_allclose(banzhaf([4, 3, 2, 1], 6), [5 / 12, 1 / 4, 1 / 4, 1 / 12], rtol=RTOL)
    assert_allclose(shapley_shubik([50, 49, 1], 51), [2 / 3, 1 / 6, 1 / 6], rtol=RTOL)
    assert_allclose(banzhaf([50, 49, 1], 51), [3 / 5, 1 / 5, 1 / 5], rtol=RTOL)


def test_eec_1958_luxembourg_is_a_dummy():
    """EEC Council of Ministers 1958 (weights 4, 4, 4, 2, 2, 1, quota 12): Luxembourg's vote
    never decides anything; Shapley-Shubik 7/30, 7/30, 7/30, 3/20, 3/20, 0 and Banzhaf
    5/21, 5/21, 5/21, 1/7, 1/7, 0."""
    weights = [4, 4, 4, 2, 2, 1]
    assert pivot_counts(weights, 12) == (168, 168, 168, 108, 108, 0)
    assert_allclose(shapley_shubik(weights, 12), [7 / 30] * 3 + [3 / 20] * 2 + [0], rtol=RTOL)
    assert_allclose(banzhaf(weights, 12), [5 / 21] * 3 + [1 / 7] * 2 + [0], rtol=RTOL)
    assert all(5 not in t for t in minimal_winning_coalitions(weights, 12))


def test_zero_weight_player_does_not_disturb_the_others():
    """Adding a player of weight 0 leaves everyone else's indices unchanged (30, 25, 20, 10
    with quota 51: Banzhaf 1/3, 1/3, 1/6, 1/6). The powerindex package 0.3.5 gets this wrong
    (0.417, 0.333, 0.083, 0.167), which is why the module does not use it."""
    with_zero = banzhaf([30, 25, 20, 0, 10], 51)
    assert_allclose(with_zero, [1 / 3, 1 / 3, 1 / 6, 0, 1 / 6], rtol=RTOL)
    assert_allclose(np.delete(with_zero, 3), banzhaf([30, 25, 20, 10], 51), rtol=RTOL)
    assert_allclose(
        np.delete(shapley_shubik([30, 25, 20, 0, 10], 51), 3),
        shapley_shubik([30, 25, 20, 10], 51),
        rtol=RTOL,
    )


def test_player_above_quota_is_a_dictator():
    """A player whose weight exceeds the quota in a proper game holds all the power (weights
    5, 1, 1, quota 3: indices 1, 0, 0; powerindex 0.3.5 raises ZeroDivisionError here)."""
    assert_allclose(shapley_shubik([5, 1, 1], 3), [1, 0, 0], rtol=RTOL)
    assert_allclose(banzhaf([5, 1, 1], 3), [1, 0, 0], rtol=RTOL)
    assert minimal_winning_coalitions([5, 1, 1], 3) == [(0,)]


def test_unanimity_gives_equal_power():
    """With quota = total weight (unanimity) every player with positive weight is pivotal
    exactly when it comes last: Shapley-Shubik 1/n each, whatever the weights."""
    assert_allclose(shapley_shubik([9, 1, 3, 7], 20), [1 / 4] * 4, rtol=RTOL)
    assert_allclose(banzhaf([9, 1, 3, 7], 20), [1 / 4] * 4, rtol=RTOL)


def test_non_integer_weights_read_as_printed_decimals():
    """Weights 0.1, 0.2, 0.3 with quota 0.3: {0.1, 0.2} reaches the quota exactly (decimal
    reading, although 0.1 + 0.2 != 0.3 in binary floating point), so the game equals
    weights 1, 2, 3 with quota 3: Shapley-Shubik 1/6, 1/6, 2/3."""
    assert_allclose(shapley_shubik([0.1, 0.2, 0.3], 0.3), [1 / 6, 1 / 6, 2 / 3], rtol=RTOL)
    assert pivot_counts([0.1, 0.2, 0.3], 0.3) == pivot_counts([1, 2, 3], 3)
    assert swing_counts([Fraction(1, 3)] * 3, Fraction(2, 3)) == (2, 2, 2)
    assert swing_counts(np.array([2.5, 1.5, 1.0]), 3) == swing_counts([5, 3, 2], 6)


def test_electoral_college_runs_exactly():
    """US Electoral College 2004-2008 apportionment (51 players, 538 votes, quota 270): the
    indices sum to 1 and the largest state (54 votes) has the largest index (~0.108)."""
    ec = (
        [54, 33, 32, 25, 23, 22, 21, 18, 15, 14, 13, 13, 12, 12]
        + [11] * 4 + [10] * 2 + [9] * 2 + [8] * 6 + [7] * 3 + [6] * 2 + [5] * 4
        + [4] * 6 + [3] * 8
    )  # fmt: skip
    assert len(ec) == 51 and sum(ec) == 538
    ss = shapley_shubik(ec, 270)
    assert sum(pivot_counts(ec, 270)) == math.factorial(51)
    assert_allclose(ss.sum(), 1.0, rtol=RTOL)
    assert ss.argmax() == 0 and 0.10 < ss[0] < 0.11


# --------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------


@PROPERTY
@given(games())
def test_pivots_match_all_orders(game):
    """Pivot counts equal a brute-force count over all n! orders and sum to n!."""
    weights, quota = game
    assert pivot_counts(weights, quota) == brute_pivots(weights, quota)
    assert sum(pivot_counts(weights, quota)) == math.factorial(len(weights))


@PROPERTY
@given(games())
def test_swings_and_minimal_sets_match_all_subsets(game):
    """Swing counts and minimal winning sets equal a brute-force pass over all 2^n subsets."""
    weights, quota = game
    assert swing_counts(weights, quota) == brute_swings(weights, quota)
    assert minimal_winning_coalitions(weights, quota) == sorted(
        brute_minimal(weights, quota), key=lambda t: (len(t), t)
    )


@PROPERTY
@given(games(max_n=8, max_weight=30))
def test_indices_sum_to_one_and_respect_weights(game):
    """Both indices sum to 1; equal weights give equal power; weight 0 gives power 0; a
    heavier player never has less power than a lighter one."""
    weights, quota = game
    for index in (shapley_shubik(weights, quota), banzhaf(weights, quota)):
        assert_allclose(index.sum(), 1.0, rtol=1e-12)
        for i, j in itertools.combinations(range(len(weights)), 2):
            if weights[i] == weights[j]:
                assert index[i] == index[j]
            if weights[i] >= weights[j]:
                assert index[i] >= index[j] - 1e-15
        assert all(index[i] == 0 for i, w in enumerate(weights) if w == 0)


@PROPERTY
@given(games(), st.integers(1, 7), st.randoms(use_true_random=False))
def test_indices_invariant_to_scale_and_order(game, factor, rnd):
    """Scaling every weight and the quota by the same factor (a uniform shrink, read
    backwards) changes no index; relabelling the players permutes the indices."""
    weights, quota = game
    scaled = [Fraction(w, factor) for w in weights]
    assert pivot_counts(scaled, Fraction(quota, factor)) == pivot_counts(weights, quota)
    order = list(range(len(weights)))
    rnd.shuffle(order)
    permuted = shapley_shubik([weights[i] for i in order], quota)
    assert_allclose(permuted, shapley_shubik(weights, quota)[order], rtol=RTOL)


@PROPERTY
@given(games(max_n=6), st.data())
def test_own_weight_cut_never_raises_own_shapley_shubik(game, data):
    """Cutting one player's weight, with the quota fixed OR keeping its share of the total
    weight, never raises that player's Shapley-Shubik index (the orders in which it is
    pivotal can only shrink)."""
    weights, quota = game
    i = data.draw(st.integers(0, len(weights) - 1))
    cut = data.draw(st.integers(0, weights[i]))
    after = list(weights)
    after[i] -= cut
    if sum(after) == 0:
        return
    share = Fraction(quota, sum(weights))
    before = pivot_counts(weights, quota)[i]
    assert pivot_counts(after, min(quota, sum(after)))[i] <= before
    assert pivot_counts(after, share * sum(after))[i] <= before


def test_normalized_banzhaf_can_rise_when_own_weight_falls():
    """A paradox the Shapley-Shubik index cannot show: weights 6, 4, 16, 4, 15 with the
    quota at 2/3 of the total; cutting player 2's weight from 16 to 15 (quota 30 -> 88/3)
    lowers its Shapley-Shubik index from 11/20 to 1/2 but RAISES its normalized Banzhaf
    index from 9/19 to 1/2 (the others lose more swings than it does)."""
    before = [6, 4, 16, 4, 15]
    after = [6, 4, 15, 4, 15]
    q_before, q_after = Fraction(2, 3) * 45, Fraction(2, 3) * 44
    assert_allclose(shapley_shubik(before, q_before)[2], 11 / 20, rtol=RTOL)
    assert_allclose(shapley_shubik(after, q_after)[2], 1 / 2, rtol=RTOL)
    assert_allclose(banzhaf(before, q_before)[2], 9 / 19, rtol=RTOL)
    assert_allclose(banzhaf(after, q_after)[2], 1 / 2, rtol=RTOL)


# --------------------------------------------------------------------------------------------
# Front end and validation
# --------------------------------------------------------------------------------------------


def test_weighted_voting_game_front_end():
    """The front end returns the same numbers as the functions, by name."""
    game = WeightedVotingGame([4, 3, 2, 1], 6, names=["A", "B", "C", "D"])
    assert game.n_players == 4
    assert_allclose(game.banzhaf(), banzhaf([4, 3, 2, 1], 6), rtol=RTOL)
    assert game.minimal_winning_coalitions() == [("A", "B"), ("A", "C"), ("B", "C", "D")]
    assert game.is_winning(["B", "C", "D"]) and not game.is_winning(["A"])
    table = game.table()
    assert table["name"].tolist() == ["A", "B", "C", "D"]
    assert_allclose(table["weight_share"], [0.4, 0.3, 0.2, 0.1], rtol=RTOL)
    assert "WeightedVotingGame" in repr(game)
    with pytest.raises(ValueError, match="unknown player 'E'"):
        game.is_winning(["E"])
    with pytest.raises(ValueError, match="names must be 4 non-empty strings"):
        WeightedVotingGame([4, 3, 2, 1], 6, names=["A"])
    with pytest.raises(ValueError, match="names must be distinct"):
        WeightedVotingGame([4, 3], 6, names=["A", "A"])
    assert WeightedVotingGame([1, 1], 2).names == ("player 0", "player 1")


@pytest.mark.parametrize(
    ("weights", "quota", "error", "message"),
    [
        ([3, -1], 2, ValueError, r"weights\[1\] must be in \[0, inf\), got -1.0"),
        ([3, float("nan")], 2, ValueError, r"weights\[1\] must be in"),
        ([3, float("inf")], 2, ValueError, r"weights\[1\] must be in"),
        ([3, "a"], 2, TypeError, r"weights\[1\] must be a real number"),
        ([3, True], 2, TypeError, r"weights\[1\] must be a real number"),
        ("abc", 2, TypeError, "weights must be a 1-d sequence"),
        (5, 2, TypeError, "weights must be a 1-d sequence"),
        ([[1, 2]], 2, ValueError, "weights must be a 1-d sequence"),
        (np.ones((2, 2)), 2, ValueError, "weights must be a 1-d array"),
        ([], 1, ValueError, r"number of players must be in \[1, 200\], got 0"),
        ([3, 1], 0, ValueError, r"quota must be in \(0, inf\), got 0.0"),
        ([3, 1], 5, ValueError, r"quota must be in \(0, 4\] .*got 5.0"),
        ([0, 0], 1, ValueError, r"quota must be in \(0, 0\]"),
        ([3, 1], None, TypeError, "quota must be a real number"),
    ],
)
def test_invalid_games_are_rejected(weights, quota, error, message):
    """Every invalid weight or quota raises an error naming the parameter and the value."""
    with pytest.raises(error, match=message):
        shapley_shubik(weights, quota)
    with pytest.raises(error, match=message):
        banzhaf(weights, quota)


def test_size_limits_raise_clear_errors():
    """More than MAX_PLAYERS players, more than MAX_COALITION_WEIGHTS coalition classes
    (25 unrelated real weights) or more than MAX_ENUMERATED_PLAYERS players for the listing
    of minimal winning sets raise a ValueError saying so."""
    with pytest.raises(ValueError, match=r"number of players must be in \[1, 200\]"):
        banzhaf([1] * (MAX_PLAYERS + 1), 10)
    rng = np.random.default_rng(20240501)
    weights = rng.random(25)
    with pytest.raises(ValueError, match=f"more than {MAX_COALITION_WEIGHTS} distinct"):
        shapley_shubik(weights, weights.sum() / 2)
    with pytest.raises(ValueError, match=r"number of players must be in \[1, 20\], got 21"):
        minimal_winning_coalitions([1] * (MAX_ENUMERATED_PLAYERS + 1), 11)
    assert len(minimal_winning_coalitions([1] * 20, 11)) == math.comb(20, 11)


def test_is_winning_validates_members():
    """Members are player indices, each at most once."""
    with pytest.raises(ValueError, match=r"member index must be in \[0, 2\], got 3"):
        is_winning([1, 2, 3], 4, [3])
    with pytest.raises(ValueError, match="must not repeat a player"):
        is_winning([1, 2, 3], 4, [1, 1])
    with pytest.raises(TypeError, match="members must be an iterable"):
        is_winning([1, 2, 3], 4, 2)
