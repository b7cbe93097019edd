"""Tests for lesson 1's coalition models: sanclab.models.{threshold, leakage, participation,
coalition}.

Each test's docstring states the known result it checks. Property tests use hypothesis with
``deadline=None`` (no test depends on timing).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import (
    ALLIES_COLUMNS,
    MAX_ENUMERATED_ALLIES,
    ParticipationGame,
    best_response_thresholds,
    coalition_cascade,
    effectiveness,
    find_carve_out_break,
    joining_gain,
    load_allies,
    minimal_full_participation_penalty,
    participation_game,
    participation_payoffs,
    pure_equilibria,
    target_cost,
    threshold_cascade,
    validate_allies,
)

RTOL = 1e-12
PROPERTY = settings(deadline=None, max_examples=150)

# --------------------------------------------------------------------------------------------
# Strategies and an independent reference implementation
# --------------------------------------------------------------------------------------------

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
        carve_out = draw(st.lists(st.floats(0.0, 0.9), min_size=n, max_size=n))
    else:
        exposure = draw(st.lists(unit, min_size=n, max_size=n))
        carve_out = draw(st.lists(unit, min_size=n, max_size=n))
    return ParticipationGame(
        shares[1 : n + 1],
        exposure,
        draw(st.lists(st.floats(0.0, 2.0), min_size=n, max_size=n)),
        carve_out,
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


# --------------------------------------------------------------------------------------------
# 1. Threshold cascade (Granovetter 1978)
# --------------------------------------------------------------------------------------------


def test_granovetter_uniform_thresholds_everyone_acts():
    """Granovetter (1978): 100 actors with thresholds 0, 1, ..., 99 (out of 100) all act,
    one more per round, so 99 rounds after the instigator."""
    result = threshold_cascade([k / 100 for k in range(100)])
    assert result.joined.all()
    assert result.join_round.tolist() == list(range(100))
    assert result.rounds == 99
    assert result.final_share == 1.0
    assert_allclose(result.share_by_round, np.arange(1, 101) / 100, rtol=RTOL)


def test_granovetter_perturbed_only_instigator_acts():
    """Granovetter (1978): move the threshold-1 actor to 2 and only the instigator acts."""
    thresholds = [k / 100 for k in range(100)]
    thresholds[1] = 2 / 100
    result = threshold_cascade(thresholds)
    assert result.joined.tolist() == [True] + [False] * 99
    assert result.join_round.tolist() == [0] + [-1] * 99
    assert result.rounds == 0
    assert result.share_by_round.tolist() == [0.01]
    assert result.final_share == 0.01


def test_granovetter_thresholds_written_differently_still_cascade():
    """With the 1e-12 tolerance, thresholds 0.01 * k (not exactly k / 100 in floating point)
    and the thresholds shuffled give the same full cascade."""
    rng = np.random.default_rng(1978)
    thresholds = 0.01 * np.arange(100)
    order = rng.permutation(100)
    result = threshold_cascade(thresholds[order])
    assert result.joined.all()
    assert result.join_round.tolist() == order.tolist()


def test_cascade_without_instigator_stays_empty():
    """Nobody with threshold 0: nothing happens, the share stays 0 after round 0."""
    result = threshold_cascade([0.1, 0.2])
    assert not result.joined.any()
    assert result.share_by_round.tolist() == [0.0]
    assert result.rounds == 0
    assert result.final_share == 0.0


def test_cascade_infinite_threshold_never_acts():
    """An actor with threshold inf never acts, even when everyone else does."""
    result = threshold_cascade([0.0, 0.0, np.inf])
    assert result.joined.tolist() == [True, True, False]
    assert_allclose(result.final_share, 2 / 3, rtol=RTOL)


def test_cascade_weights_and_total_weight():
    """Weights count in the share; a total weight above their sum stands for actors who
    never act: leader 0.3 + ally 0.2 out of 1 gives a share of 0.5, which does not reach a
    threshold of 0.6."""
    weighted = threshold_cascade([0.0, 0.25, 0.6], weights=[0.3, 0.2, 0.1], total_weight=1.0)
    assert weighted.join_round.tolist() == [0, 1, -1]
    assert_allclose(weighted.share_by_round, [0.3, 0.5], rtol=RTOL)
    normalised = threshold_cascade([0.0, 0.25, 0.6], weights=[0.3, 0.2, 0.1])
    assert normalised.joined.all()  # shares of 0.6: 0.5, 0.833.., 1.0


def test_cascade_result_is_read_only_and_names_come_back_in_join_order():
    """The result's arrays cannot be changed; joined_names lists actors by join round."""
    result = threshold_cascade([0.0, 0.6, 0.3], names=["lead", "late", "early"])
    with pytest.raises(ValueError):
        result.joined[0] = False
    assert result.joined_names() == ["lead", "early", "late"]
    with pytest.raises(ValueError, match="no actor names"):
        threshold_cascade([0.0]).joined_names()


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"thresholds": [0.0, float("nan")]}, r"thresholds\[1\] must be in \[0, 1\] or inf"),
        ({"thresholds": [0.0, 1.5]}, r"thresholds\[1\] must be in \[0, 1\] or inf, got 1.5"),
        ({"thresholds": [-0.1]}, r"thresholds\[0\] must be in \[0, 1\] or inf, got -0.1"),
        ({"thresholds": []}, r"thresholds must have at least 1 element"),
        ({"thresholds": [0, 0], "weights": [1, -1]}, r"weights\[1\] must be in \[0, inf\)"),
        ({"thresholds": [0, 0], "weights": [1]}, r"weights must have length 2, got 1"),
        ({"thresholds": [0, 0], "weights": [0, 0]}, r"weights must have a positive sum"),
        (
            {"thresholds": [0, 0], "weights": [1, 1], "total_weight": 1.5},
            r"total_weight must be at least the sum of weights \(2.0\), got 1.5",
        ),
        ({"thresholds": [0], "total_weight": 0}, r"total_weight must be in \(0, inf\)"),
        ({"thresholds": [0], "names": ["a", "b"]}, r"names must have length 1, got 2"),
    ],
)
def test_cascade_rejects_bad_parameters(kwargs, message):
    """Bad thresholds, weights, totals and names raise ValueError naming the parameter,
    the value and the allowed range."""
    with pytest.raises(ValueError, match=message):
        threshold_cascade(**kwargs)


def naive_cascade(thresholds, weights):
    """Reference: synchronous rounds written out directly (no sorting)."""
    thresholds, weights = np.asarray(thresholds), np.asarray(weights)
    acting = np.zeros(len(thresholds), dtype=bool)
    share, rounds = 0.0, []
    while True:
        new = ~acting & (thresholds <= share + 1e-12)
        if rounds and not new.any():
            return acting, rounds
        rounds.append(np.flatnonzero(new).tolist())
        acting |= new
        share = weights[acting].sum() / weights.sum()


threshold_lists = st.lists(
    st.one_of(st.integers(0, 10).map(lambda k: k / 10), unit, st.just(np.inf)),
    min_size=1,
    max_size=12,
)


@PROPERTY
@given(data=st.data(), thresholds=threshold_lists)
def test_cascade_matches_naive_synchronous_rounds(data, thresholds):
    """Property: the sorted (searchsorted) implementation gives the same joiners, round by
    round, as the rounds written out directly."""
    weights = data.draw(
        st.lists(st.floats(0.01, 10.0), min_size=len(thresholds), max_size=len(thresholds))
    )
    result = threshold_cascade(thresholds, weights)
    acting, rounds = naive_cascade(thresholds, weights)
    assert result.joined.tolist() == acting.tolist()
    for k, members in enumerate(rounds):
        assert sorted(np.flatnonzero(result.join_round == k).tolist()) == members


@PROPERTY
@given(thresholds=threshold_lists)
def test_cascade_ends_at_a_fixed_point(thresholds):
    """Property: at the end every actor who acts has its threshold met and every actor who
    does not act has it unmet; shares never fall; the last round is the largest join round."""
    result = threshold_cascade(thresholds)
    theta = np.asarray(thresholds)
    met = theta <= result.final_share + 1e-12
    assert (met == result.joined).all()
    assert np.all(np.diff(result.share_by_round) > 0)
    if result.joined.any():
        assert result.join_round.max() == result.rounds


@PROPERTY
@given(thresholds=threshold_lists, data=st.data())
def test_cascade_lower_thresholds_never_shrink_the_cascade(thresholds, data):
    """Property: lowering some thresholds never removes an actor from the cascade."""
    cuts = data.draw(st.lists(unit, min_size=len(thresholds), max_size=len(thresholds)))
    lowered = [t * c if np.isfinite(t) else t for t, c in zip(thresholds, cuts, strict=True)]
    before = threshold_cascade(thresholds).joined
    after = threshold_cascade(lowered).joined
    assert np.all(after >= before)


# --------------------------------------------------------------------------------------------
# 3. Effectiveness with leakage
# --------------------------------------------------------------------------------------------


@PROPERTY
@given(d=unit)
def test_effectiveness_endpoints(d):
    """E(0, d) = 0 and E(1, d) = 1 for every diversion rate d."""
    assert effectiveness(0.0, d) == 0.0
    assert effectiveness(1.0, d) == 1.0


def test_effectiveness_known_values():
    """E(s, d) = s (1 - d (1 - s)): E(0.5, 0) = 0.5, E(0.5, 1) = 0.25, E(0.8, 0.5) = 0.72."""
    assert_allclose(effectiveness([0.5, 0.5, 0.8], 0.0), [0.5, 0.5, 0.8], rtol=RTOL)
    assert effectiveness(0.5, 1.0) == 0.25
    assert_allclose(effectiveness(0.8, 0.5), 0.72, rtol=RTOL)


@PROPERTY
@given(s1=unit, s2=unit, d=unit)
def test_effectiveness_increases_in_coverage(s1, s2, d):
    """Property: s1 <= s2 implies E(s1, d) <= E(s2, d)."""
    lo, hi = sorted((s1, s2))
    assert effectiveness(lo, d) <= effectiveness(hi, d) + 1e-15


@PROPERTY
@given(s=unit, d1=unit, d2=unit)
def test_effectiveness_falls_as_diversion_rises(s, d1, d2):
    """Comparative static (c): E is linear in d with slope dE/dd = -s (1 - s) <= 0, so more
    diversion to non-members never raises effectiveness, and strictly lowers it when
    0 < s < 1."""
    lo, hi = sorted((d1, d2))
    e_lo, e_hi = effectiveness(s, lo), effectiveness(s, hi)
    assert e_hi <= e_lo + 1e-15
    assert_allclose(e_hi - e_lo, -(hi - lo) * s * (1 - s), atol=1e-15)
    if 0 < s < 1 and hi - lo > 1e-6 and s * (1 - s) > 1e-6:
        assert e_hi < e_lo


def test_effectiveness_falls_as_diversion_rises_on_a_grid():
    """Comparative static (c) on a grid: for s = 0.6, E = 0.6, 0.552, 0.504, 0.456, 0.408,
    0.36 as d = 0, 0.2, ..., 1 (slope -0.24)."""
    values = [effectiveness(0.6, d) for d in np.linspace(0, 1, 6)]
    assert_allclose(values, [0.6, 0.552, 0.504, 0.456, 0.408, 0.36], rtol=1e-12)


@PROPERTY
@given(s1=unit, s2=unit, d=unit)
def test_effectiveness_is_convex_in_coverage(s1, s2, d):
    """Property: E''(s) = 2d >= 0, so E((s1 + s2)/2) <= (E(s1) + E(s2))/2."""
    mid = effectiveness((s1 + s2) / 2, d)
    assert mid <= (effectiveness(s1, d) + effectiveness(s2, d)) / 2 + 1e-15


def test_effectiveness_is_vectorised_and_keeps_shape():
    """An array of coverages gives an array of the same shape; a scalar gives a float."""
    grid = np.linspace(0, 1, 6).reshape(2, 3)
    out = effectiveness(grid, 0.3)
    assert out.shape == (2, 3)
    assert isinstance(effectiveness(0.3, 0.3), float)


def test_target_cost_scales_effectiveness():
    """C(s, d) = T E(s, d): with T = 200, s = 0.5, d = 1 the target loses 50."""
    assert target_cost(0.5, 1.0, target_trade=200.0) == 50.0
    assert_allclose(target_cost([0.0, 1.0], 0.5), [0.0, 1.0], rtol=RTOL)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: effectiveness(1.2, 0.5), r"coverage must be in \[0, 1\], got 1.2"),
        (lambda: effectiveness([0.1, -0.1], 0.5), r"coverage\[1\] must be in \[0, 1\]"),
        (lambda: effectiveness(0.5, 1.5), r"diversion must be in \[0, 1\], got 1.5"),
        (lambda: effectiveness(0.5, float("nan")), r"diversion must be in \[0, 1\], got nan"),
        (lambda: target_cost(0.5, 0.5, -1.0), r"target_trade must be in \[0, inf\)"),
    ],
)
def test_effectiveness_rejects_bad_parameters(call, message):
    """Coverage and diversion outside [0, 1] and a negative trade raise ValueError."""
    with pytest.raises(ValueError, match=message):
        call()


# --------------------------------------------------------------------------------------------
# 4. The participation game
# --------------------------------------------------------------------------------------------

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
    """Comparative static (a), monotone comparative statics in a supermodular game (Topkis):
    raising the secondary penalty never removes an ally from the smallest equilibrium, the
    largest equilibrium or the cascade."""
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
    carve-out the penalty cannot reach the ally: p* = inf. If the ally would join anyway,
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
    assert np.isfinite(p_star)  # every ally has exposure after carve-out >= 0.01
    everyone = (1,) * game.n_allies
    assert everyone in as_set(game.with_penalty(p_star).pure_equilibria())
    assert everyone in as_set(game.with_penalty(p_star + 1.0).pure_equilibria())
    if p_star > 0.01:
        assert everyone not in as_set(game.with_penalty(p_star * (1 - 1e-3)).pure_equilibria())


@PROPERTY
@given(game=games(max_n=5))
def test_minimal_penalty_infinite_exactly_when_an_unexposed_ally_would_leave(game):
    """p* = inf if and only if some ally with no exposure left after its carve-out gains by
    leaving the full coalition (or the penalty needed overflows the float range, for a
    minute exposure); then no penalty, however large, makes everyone join."""
    p_star = game.minimal_full_participation_penalty()
    x = game.exposure * (1 - game.carve_out)
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
        ({"carve_out": [0.1, 2.0]}, r"carve_out\[1\] must be in \[0, 1\], got 2.0"),
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


# --------------------------------------------------------------------------------------------
# 2. The allies table and the coalition glue
# --------------------------------------------------------------------------------------------


def test_illustrative_allies_table():
    """The shipped table: one leading sender, 6-10 allies, every number labelled
    illustrative in the source column, trade shares summing to at most 1."""
    allies = load_allies()
    assert tuple(allies.columns[: len(ALLIES_COLUMNS)]) == ALLIES_COLUMNS
    assert (allies["role"] == "leader").sum() == 1
    assert 6 <= (allies["role"] == "ally").sum() <= 10
    assert allies["source"].str.startswith("illustrative:").all()
    assert allies["trade_share"].sum() <= 1.0
    members = allies[allies["role"] == "ally"]
    assert members[["exposure", "cost", "carve_out"]].notna().all().all()
    assert (
        allies.loc[allies["role"] == "leader", ["exposure", "cost", "carve_out"]]
        .isna()
        .all(axis=None)
    )


def valid_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "name": ["Leader", "A", "B"],
            "role": ["leader", "ally", "ally"],
            "trade_share": [0.4, 0.3, 0.2],
            "exposure": [np.nan, 0.5, 0.2],
            "cost": [np.nan, 0.1, 0.05],
            "carve_out": [np.nan, 0.0, 0.0],
            "source": ["illustrative: test"] * 3,
        }
    )


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (lambda t: t.drop(columns="cost"), r"missing column\(s\) \['cost'\]"),
        (
            lambda t: t.assign(role=["leader", "ally", "friend"]),
            r"row 3 \('B'\), column 'role': must be 'leader' or 'ally', got 'friend'",
        ),
        (lambda t: t.assign(role=["leader", "leader", "ally"]), r"exactly one 'leader' row, got 2"),
        (
            lambda t: t.assign(role=["leader", "ally", "ally"], name=["Leader", "A", "A"]),
            r"row 3 \('A'\), column 'name': duplicate of row 2",
        ),
        (
            lambda t: t.assign(exposure=[0.1, 0.5, 0.2]),
            r"row 1 \('Leader'\), column 'exposure': must be empty for the leading sender",
        ),
        (
            lambda t: t.assign(cost=[np.nan, np.nan, 0.05]),
            r"row 2 \('A'\), column 'cost': "
            r"missing value",
        ),
        (
            lambda t: t.assign(cost=[np.nan, "cheap", 0.05]),
            r"row 2 \('A'\), column 'cost': expected a number, got 'cheap'",
        ),
        (
            lambda t: t.assign(carve_out=[np.nan, 0.0, 1.5]),
            r"row 3 \('B'\), column 'carve_out': must be in \[0, 1\], got 1.5",
        ),
        (lambda t: t.assign(trade_share=[0.5, 0.3, 0.3]), r"must sum to at most 1, got 1.1"),
        (
            lambda t: t.assign(source=["x", "", "y"]),
            r"row 2 \('A'\), column 'source': must be a non-empty string",
        ),
        (lambda t: t.iloc[:1], r"at least one 'ally' row"),
    ],
)
def test_validate_allies_reports_row_and_column(edit, message):
    """A bad table raises ValueError naming the row (1 = first data row), the column and the
    problem."""
    with pytest.raises(ValueError, match=message):
        validate_allies(edit(valid_table()))


def test_validate_allies_leaves_the_input_untouched():
    """Validation works on a copy: the caller's table keeps its index, order and values."""
    table = valid_table().iloc[::-1].assign(extra=1)
    before = table.copy()
    clean = validate_allies(table)
    pd.testing.assert_frame_equal(table, before)
    assert list(clean.index) == [0, 1, 2]
    assert list(clean.columns) == [*ALLIES_COLUMNS, "extra"]


def test_load_allies_from_a_file_reports_bad_rows(tmp_path):
    """A CSV with a bad value gives an error naming the row and column; a good one loads."""
    good = tmp_path / "good.csv"
    valid_table().to_csv(good, index=False)
    assert load_allies(good)["name"].tolist() == ["Leader", "A", "B"]
    bad = tmp_path / "bad.csv"
    valid_table().assign(exposure=[np.nan, -0.5, 0.2]).to_csv(bad, index=False)
    with pytest.raises(ValueError, match=r"row 2 \('A'\), column 'exposure'"):
        load_allies(bad)


def test_coalition_cascade_names_and_coverage():
    """The coalition cascade puts the leader first (round 0) and reports coverage of the
    target's trade: with the illustrative table at p = 0.4, d = 0.5, B = 1 it grows
    0.3 -> 0.5 -> 0.68 -> 0.79 -> 0.85 -> 0.88, reaching every ally."""
    allies = load_allies()
    result = coalition_cascade(allies, penalty=0.4, diversion=0.5, benefit=1.0)
    assert result.names == tuple(allies["name"])
    assert result.join_round[0] == 0
    assert result.joined.all()
    assert_allclose(result.share_by_round, [0.3, 0.5, 0.68, 0.79, 0.85, 0.88], rtol=1e-12)
    assert result.joined_names()[:2] == ["Leading sender", "Large exporter"]


def test_coalition_cascade_overrides_are_checked():
    """Carve-out overrides must name a known ally and be in [0, 1]; the table is not
    changed by an override."""
    allies = load_allies()
    with pytest.raises(ValueError, match="unknown ally 'Atlantis'"):
        coalition_cascade(allies, 0.4, 0.5, 1.0, {"Atlantis": 1.0})
    with pytest.raises(
        ValueError,
        match=r"carve_out_overrides\['Large exporter'\] must be "
        r"in \[0, 1\], got 1.5",
    ):
        coalition_cascade(allies, 0.4, 0.5, 1.0, {"Large exporter": 1.5})
    before = allies.copy()
    coalition_cascade(allies, 0.4, 0.5, 1.0, {"Large exporter": 1.0})
    pd.testing.assert_frame_equal(allies, before)


def test_participation_game_of_the_table():
    """The table's game has one player per ally row, the leader's share from the leader
    row and the table's carve-outs (the energy supplier's 0.5)."""
    allies = load_allies()
    game = participation_game(allies, penalty=0.4, diversion=0.5, benefit=1.0)
    members = allies[allies["role"] == "ally"]
    assert game.names == tuple(members["name"])
    assert game.leader_share == 0.3
    assert_allclose(game.carve_out, members["carve_out"], rtol=RTOL)
    assert game.carve_out[game.names.index("Energy supplier")] == 0.5


def test_carve_out_for_one_ally_stops_the_cascade():
    """Comparative static (d): with the illustrative allies at p = 0.4, d = 0.5, B = 1 the
    cascade reaches every ally, but a full carve-out for the large exporter (whose penalty
    exposure pushed it to join first) leaves the leading sender alone."""
    allies = load_allies()
    without = coalition_cascade(allies, 0.4, 0.5, 1.0)
    assert without.joined.all()
    broken = coalition_cascade(allies, 0.4, 0.5, 1.0, {"Large exporter": 1.0})
    assert broken.joined_names() == ["Leading sender"]
    assert broken.final_share == 0.3


def test_find_carve_out_break_finds_the_documented_setting():
    """find_carve_out_break searches penalties, then diversions, then allies, and returns
    the first setting where one carve-out stops a full cascade: p = 0.4, d = 0.5, the large
    exporter. Its two cascades agree with coalition_cascade."""
    found = find_carve_out_break()
    assert (found.penalty, found.diversion, found.benefit, found.ally) == (
        0.4,
        0.5,
        1.0,
        "Large exporter",
    )
    assert found.without.joined.all()
    assert found.with_carve_out.n_joined - 1 <= 1
    again = coalition_cascade(
        load_allies(), found.penalty, found.diversion, found.benefit, {found.ally: 1.0}
    )
    assert again.joined.tolist() == found.with_carve_out.joined.tolist()


def test_find_carve_out_break_none_when_no_setting_qualifies():
    """With no penalty the illustrative cascade never reaches everyone, so there is nothing
    to break: the search returns None. A negative max_joined is refused."""
    assert find_carve_out_break(penalties=[0.0]) is None
    with pytest.raises(ValueError, match=r"max_joined must be an integer in \[0, inf\)"):
        find_carve_out_break(max_joined=-1)
