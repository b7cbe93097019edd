"""Tests for sanclab.models.bargaining: Nash's split, Rubinstein's alternating offers, and
sanctions that lower the target's fallback or its patience.

Each test's docstring states the known result it checks. Property tests use hypothesis with
``deadline=None`` (no test depends on timing).
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import (
    TradeTalks,
    effectiveness,
    nash_bargaining_share,
    rubinstein_finite_share,
    rubinstein_share,
    sanctioned_discount_factor,
    threatened_fallback,
)

RTOL = 1e-12
PROPERTY = settings(deadline=None, max_examples=150)

fallback = st.floats(-1.0, 1.0, allow_nan=False)
discount = st.floats(0.0, 0.99, allow_nan=False)


# --------------------------------------------------------------------------------------------
# Nash bargaining
# --------------------------------------------------------------------------------------------


def brute_force_nash(d1: float, d2: float, points: int = 100_001) -> float:
    """Maximise the Nash product (x - d1)(1 - x - d2) over a grid of 0 <= x <= 1 with
    x >= d1 and 1 - x >= d2 (an implementation independent of the closed form)."""
    low, high = max(0.0, d1), min(1.0, 1.0 - d2)
    grid = np.linspace(low, high, points)
    return float(grid[np.argmax((grid - d1) * (1.0 - grid - d2))])


def test_nash_equal_fallbacks_split_evenly():
    """Nash (1950): with d1 = d2 the split is 1/2."""
    assert nash_bargaining_share(0.0, 0.0) == 0.5
    assert_allclose(nash_bargaining_share(0.3, 0.3), 0.5, rtol=RTOL)


def test_nash_closed_form_example():
    """x1 = (1 + 0.2 - 0.3) / 2 = 0.45."""
    assert_allclose(nash_bargaining_share(0.2, 0.3), 0.45, rtol=RTOL)


@PROPERTY
@given(d1=fallback, d2=fallback)
def test_nash_matches_closed_form_and_brute_force(d1, d2):
    """x1 = (1 + d1 - d2) / 2 whenever d1 + d2 <= 1 and |d1 - d2| <= 1, and it maximises
    the Nash product (checked on a grid of step <= 1e-5)."""
    assume(d1 + d2 <= 1.0 and abs(d1 - d2) <= 1.0)
    share = nash_bargaining_share(d1, d2)
    assert_allclose(share, (1.0 + d1 - d2) / 2.0, rtol=RTOL, atol=1e-15)
    assert abs(share - brute_force_nash(d1, d2)) <= 1e-5


@PROPERTY
@given(high=fallback, gap=st.floats(1.001, 4.0), player1_high=st.booleans())
def test_nash_share_is_the_constrained_maximum_when_fallbacks_differ_by_more_than_one(
    high, gap, player1_high
):
    """If |d1 - d2| > 1 the formula leaves [0, 1]; the share is then 0 or 1, the maximum of
    the Nash product over 0 <= x <= 1 (the clip of the formula)."""
    d1, d2 = (high, high - gap) if player1_high else (high - gap, high)
    share = nash_bargaining_share(d1, d2)
    assert share == (1.0 if player1_high else 0.0)
    assert abs(share - brute_force_nash(d1, d2)) <= 1e-12


@PROPERTY
@given(d1=fallback, d2=fallback, step=st.floats(1e-3, 0.2))
def test_nash_own_fallback_helps_and_the_other_sides_hurts(d1, d2, step):
    """dx1/dd1 = +1/2 and dx1/dd2 = -1/2 in the interior; weakly monotone everywhere."""
    assume(d1 + d2 + step <= 1.0 and d1 + step <= 1.0 and d2 + step <= 1.0)
    base = nash_bargaining_share(d1, d2)
    assert nash_bargaining_share(d1 + step, d2) >= base
    assert nash_bargaining_share(d1, d2 + step) <= base
    if abs(d1 - d2) + step <= 1.0:
        assert_allclose(nash_bargaining_share(d1 + step, d2) - base, step / 2, rtol=1e-9)
        assert_allclose(base - nash_bargaining_share(d1, d2 + step), step / 2, rtol=1e-9)


@pytest.mark.parametrize(
    ("d1", "d2", "message"),
    [
        (0.6, 0.6, r"d1 \+ d2 must be <= 1 .*got 0.6 \+ 0.6 = 1.2"),
        (1.5, -0.5, r"d1 must be in \(-inf, 1\], got 1.5"),
        (0.0, 1.2, r"d2 must be in \(-inf, 1\], got 1.2"),
        (float("nan"), 0.0, "d1 must be in"),
        (float("-inf"), 0.0, "d1 must be in"),
    ],
)
def test_nash_rejects_invalid_fallbacks(d1, d2, message):
    """Fallbacks must be in (-inf, 1] with d1 + d2 <= 1; the error names the parameter."""
    with pytest.raises(ValueError, match=message):
        nash_bargaining_share(d1, d2)


def test_nash_rejects_non_numbers():
    """A string is not a disagreement payoff (TypeError)."""
    with pytest.raises(TypeError, match="d1 must be a real number"):
        nash_bargaining_share("0.1", 0.2)


def test_nash_accepts_a_sum_of_exactly_one():
    """d1 + d2 = 1 (no gains from a deal) is valid: x1 = d1."""
    assert_allclose(nash_bargaining_share(0.7, 0.3), 0.7, rtol=RTOL)


# --------------------------------------------------------------------------------------------
# Rubinstein
# --------------------------------------------------------------------------------------------


def test_rubinstein_closed_form_values():
    """(1 - d2) / (1 - d1 d2): 0.1 / 0.19 for (0.9, 0.9); 0.19 / 0.271 for (0.9, 0.81)."""
    assert_allclose(rubinstein_share(0.9, 0.9), 0.1 / 0.19, rtol=RTOL)
    assert_allclose(rubinstein_share(0.9, 0.81), 0.19 / 0.271, rtol=RTOL)
    assert rubinstein_share(0.0, 0.0) == 1.0  # an ultimatum


@PROPERTY
@given(delta=discount)
def test_rubinstein_equal_patience_gives_first_mover_advantage(delta):
    """With d1 = d2 = d the first proposer gets 1 / (1 + d) >= 1/2."""
    share = rubinstein_share(delta, delta)
    assert_allclose(share, 1.0 / (1.0 + delta), rtol=1e-12)
    assert share >= 0.5


def test_rubinstein_first_mover_advantage_vanishes_with_patience():
    """1 / (1 + d) -> 1/2 as d -> 1: the split approaches Nash's with d1 = d2 = 0."""
    assert_allclose(rubinstein_share(0.999999, 0.999999), nash_bargaining_share(0.0, 0.0),
                    rtol=1e-6)


@PROPERTY
@given(d1=discount, d2=discount)
def test_rubinstein_split_satisfies_the_indifference_conditions(d1, d2):
    """In the stationary SPE, player 2 accepts x iff 1 - x = d2 * y and player 1 accepts
    player 2's offer iff 1 - y = d1 * x, with y player 2's share as proposer."""
    x = rubinstein_share(d1, d2)
    y = rubinstein_share(d2, d1)
    assert_allclose(1.0 - x, d2 * y, rtol=1e-9, atol=1e-12)
    assert_allclose(1.0 - y, d1 * x, rtol=1e-9, atol=1e-12)


@PROPERTY
@given(d1=discount, d2=discount, step=st.floats(1e-3, 0.1))
def test_rubinstein_patience_is_power(d1, d2, step):
    """Player 1's share rises with its own patience and falls with player 2's."""
    assume(d1 + step < 1.0 and d2 + step < 1.0)
    base = rubinstein_share(d1, d2)
    assert rubinstein_share(d1 + step, d2) >= base
    assert rubinstein_share(d1, d2 + step) < base


@pytest.mark.parametrize(("d1", "d2", "name"), [(1.0, 0.5, "delta1"), (0.5, 1.0, "delta2"),
                                                (-0.1, 0.5, "delta1")])
def test_rubinstein_rejects_discount_factors_outside_0_1(d1, d2, name):
    """Discount factors must be in [0, 1)."""
    with pytest.raises(ValueError, match=rf"{name} must be in \[0, 1\)"):
        rubinstein_share(d1, d2)


def reference_finite_share(d1: float, d2: float, rounds: int) -> float:
    """Backward induction written out round by round from the last round (independent of
    the library's loop): values[t] = share of round t's proposer."""
    proposer = [1 if t % 2 == 1 else 2 for t in range(rounds + 1)]  # round t = 1..T
    values = [0.0] * (rounds + 2)
    values[rounds] = 1.0
    for t in range(rounds - 1, 0, -1):
        responder_delta = d2 if proposer[t] == 1 else d1
        values[t] = 1.0 - responder_delta * values[t + 1]
    return values[1]


def test_finite_horizon_first_rounds():
    """T = 1: 1; T = 2: 1 - d2; T = 3: 1 - d2 (1 - d1)."""
    assert rubinstein_finite_share(0.9, 0.8, 1) == 1.0
    assert_allclose(rubinstein_finite_share(0.9, 0.8, 2), 0.2, rtol=RTOL)
    assert_allclose(rubinstein_finite_share(0.9, 0.8, 3), 1 - 0.8 * (1 - 0.9), rtol=RTOL)


@PROPERTY
@given(d1=discount, d2=discount, rounds=st.integers(1, 60))
def test_finite_horizon_matches_independent_backward_induction(d1, d2, rounds):
    """The library's recursion equals a round-by-round backward induction."""
    assert_allclose(rubinstein_finite_share(d1, d2, rounds),
                    reference_finite_share(d1, d2, rounds), rtol=1e-12, atol=1e-15)


@PROPERTY
@given(d1=discount, d2=discount, rounds=st.integers(3, 80))
def test_finite_horizon_converges_geometrically_to_rubinstein(d1, d2, rounds):
    """x(T) - x* = d1 d2 (x(T - 2) - x*): the gap shrinks by d1 d2 every two rounds."""
    limit = rubinstein_share(d1, d2)
    gap = rubinstein_finite_share(d1, d2, rounds) - limit
    earlier = rubinstein_finite_share(d1, d2, rounds - 2) - limit
    assert_allclose(gap, d1 * d2 * earlier, rtol=1e-9, atol=1e-13)


def test_finite_horizon_is_within_1e_10_after_enough_rounds():
    """For d1 = d2 = 0.9, (0.81)^k < 1e-10 after k = 110 pairs of rounds: |x(221) - x*| is
    below 1e-10 while |x(21) - x*| is not."""
    limit = rubinstein_share(0.9, 0.9)
    assert abs(rubinstein_finite_share(0.9, 0.9, 221) - limit) < 1e-10
    assert abs(rubinstein_finite_share(0.9, 0.9, 21) - limit) > 1e-3


def test_finite_horizon_rejects_zero_rounds_and_floats():
    """rounds must be an integer >= 1."""
    with pytest.raises(ValueError, match=r"rounds must be in \[1, inf\], got 0"):
        rubinstein_finite_share(0.9, 0.9, 0)
    with pytest.raises(TypeError, match="rounds must be an integer"):
        rubinstein_finite_share(0.9, 0.9, 3.0)


# --------------------------------------------------------------------------------------------
# Sanctions in the bargaining models
# --------------------------------------------------------------------------------------------


def test_sanctions_make_the_target_less_patient():
    """Effective discount factor d (1 - s): 0.9 * (1 - 0.1) = 0.81; bite 0 changes nothing,
    bite 1 makes the target's factor 0 (an ultimatum)."""
    assert_allclose(sanctioned_discount_factor(0.9, 0.1), 0.81, rtol=RTOL)
    assert sanctioned_discount_factor(0.9, 0.0) == 0.9
    assert sanctioned_discount_factor(0.9, 1.0) == 0.0


def test_new_split_when_sanctions_lower_the_target_patience():
    """Exercise: d_S = d_T = 0.9; sanctions biting 10% per period make the target's factor
    0.81 and the sender's first-offer share rises from 0.1/0.19 = 0.5263 to
    0.19/0.271 = 0.7011."""
    before = rubinstein_share(0.9, 0.9)
    after = rubinstein_share(0.9, sanctioned_discount_factor(0.9, 0.1))
    assert_allclose([before, after], [0.1 / 0.19, 0.19 / 0.271], rtol=RTOL)
    assert round(after - before, 4) == 0.1748


@PROPERTY
@given(delta=discount, bite=st.floats(0.0, 0.9), step=st.floats(1e-3, 0.1))
def test_a_harder_bite_moves_the_split_to_the_sender(delta, bite, step):
    """The sender's share rises with the bite on the target (strictly if d_T > 0)."""
    assume(delta > 1e-3)
    base = rubinstein_share(delta, sanctioned_discount_factor(delta, bite))
    harder = rubinstein_share(delta, sanctioned_discount_factor(delta, min(1.0, bite + step)))
    assert harder > base


@PROPERTY
@given(delta=st.floats(0.01, 0.99), bite=st.floats(0.01, 1.0))
def test_mutual_pain_favours_the_first_proposer(delta, bite):
    """Surprise: if sanctions bite both sides equally, d' = d (1 - s) for both and the first
    proposer's share 1 / (1 + d') rises: shared pain helps whoever moves first."""
    both = sanctioned_discount_factor(delta, bite)
    assert_allclose(rubinstein_share(both, both), 1.0 / (1.0 + both), rtol=1e-12)
    assert rubinstein_share(both, both) > rubinstein_share(delta, delta)


def test_mutual_pain_example():
    """d = 0.9, both bitten 10%: 1 / 1.81 = 0.5525 > 1 / 1.9 = 0.5263."""
    talks = TradeTalks(target_bite=0.1, coverage=1.0, sender_bite=0.1)
    assert_allclose(talks.rubinstein_share(), 1 / 1.81, rtol=RTOL)


def test_threatened_fallback_formula():
    """d_T = 0.3 - q * 0.5 * E(0.8, 0): -0.1 at q = 1 and 0.1 at q = 0.5; with diversion
    0.5, E(0.8, 0.5) = 0.8 * (1 - 0.5 * 0.2) = 0.72."""
    assert_allclose(threatened_fallback(0.3, 0.5, coverage=0.8), -0.1, rtol=RTOL)
    assert_allclose(threatened_fallback(0.3, 0.5, coverage=0.8, credibility=0.5), 0.1,
                    rtol=RTOL)
    assert_allclose(threatened_fallback(0.3, 0.5, coverage=0.8, diversion=0.5),
                    0.3 - 0.5 * 0.72, rtol=RTOL)


def test_trade_talks_defaults():
    """Defaults: without a threat x_S = (1 + 0.2 - 0.3)/2 = 0.45; with a fully credible threat
    from a coalition covering 80% of the target's trade, d_S = 0.1, d_T = -0.1 and x_S = 0.6;
    alternating offers: 0.5263 without sanctions, 0.7011 with them."""
    talks = TradeTalks()
    assert_allclose(talks.fallbacks(threat=False), (0.2, 0.3), rtol=RTOL)
    assert_allclose(talks.fallbacks(), (0.1, -0.1), rtol=RTOL)
    assert_allclose([talks.nash_share(threat=False), talks.nash_share()], [0.45, 0.6],
                    rtol=RTOL)
    assert_allclose(talks.discount_factors(), (0.9, 0.81), rtol=RTOL)
    assert_allclose([talks.rubinstein_share(sanctions=False), talks.rubinstein_share()],
                    [0.1 / 0.19, 0.19 / 0.271], rtol=RTOL)


@PROPERTY
@given(q=st.floats(0.0, 1.0), s=st.floats(0.0, 1.0), d=st.floats(0.0, 1.0),
       c_t=st.floats(0.0, 0.5), c_s=st.floats(0.0, 0.5))
def test_threat_shifts_the_nash_split_by_half_the_cost_difference(q, s, d, c_t, c_s):
    """x_S(threat) - x_S(no threat) = q (C_T E(s, d) - C_S) / 2 (interior split)."""
    talks = TradeTalks(credibility=q, coverage=s, diversion=d, target_cost=c_t,
                       sender_cost=c_s)
    shift = talks.nash_share() - talks.nash_share(threat=False)
    assert_allclose(shift, q * (c_t * effectiveness(s, d) - c_s) / 2, rtol=1e-9, atol=1e-12)


def test_a_threat_that_hurts_the_sender_more_weakens_its_hand():
    """Surprise: with C_S = 0.5 > C_T E = 0.4, a credible threat lowers the sender's share
    from 0.45 to 0.40, and the more credible the threat, the lower."""
    talks = TradeTalks(sender_cost=0.5, target_cost=0.4, coverage=1.0)
    assert_allclose(talks.nash_share(), 0.40, rtol=RTOL)
    half = dataclasses.replace(talks, credibility=0.5)
    assert talks.nash_share() < half.nash_share() < talks.nash_share(threat=False)


def test_broader_coalition_lowers_the_target_fallback_and_raises_the_sender_share():
    """Coverage 0.4 -> 0.8 (no diversion): d_T from 0.1 to -0.1, x_S from 0.5 to 0.6; a
    fraying coalition undoes it."""
    narrow, broad = TradeTalks(coverage=0.4), TradeTalks(coverage=0.8)
    assert_allclose([narrow.fallbacks()[1], broad.fallbacks()[1]], [0.1, -0.1], rtol=1e-12)
    assert_allclose([narrow.nash_share(), broad.nash_share()], [0.5, 0.6], rtol=1e-12)


@PROPERTY
@given(s=st.floats(0.0, 0.95), step=st.floats(0.01, 0.05), d=st.floats(0.0, 1.0))
def test_coverage_and_diversion_comparative_statics(s, step, d):
    """More coverage: target fallback weakly lower, sender's shares weakly higher (Nash and
    Rubinstein); more diversion: the opposite."""
    base = TradeTalks(coverage=s, diversion=d)
    wider = TradeTalks(coverage=min(1.0, s + step), diversion=d)
    leakier = TradeTalks(coverage=s, diversion=min(1.0, d + step))
    assert wider.fallbacks()[1] <= base.fallbacks()[1] + 1e-15
    assert wider.nash_share() >= base.nash_share() - 1e-15
    assert wider.rubinstein_share() >= base.rubinstein_share() - 1e-15
    assert leakier.nash_share() <= base.nash_share() + 1e-15
    assert leakier.rubinstein_share() <= base.rubinstein_share() + 1e-15


def test_nash_share_saturates_once_the_fallback_gap_reaches_one():
    """Knife-edge: with coverage 0.8, d_S - d_T = -0.2 + 0.8 C_T reaches 1 at C_T = 1.5; the
    sender then gets the whole surplus and more pressure adds nothing."""
    shares = [TradeTalks(target_cost=c).nash_share() for c in (1.4, 1.5, 2.0, 5.0)]
    assert_allclose(shares, [0.96, 1.0, 1.0, 1.0], rtol=1e-12)


def test_sender_bite_lowers_the_sender_share():
    """If sanctions in force also cost the sender 10% a period (d_S = 0.81), the sender's
    share falls back from 0.7011 to (1 - 0.81) / (1 - 0.81^2) = 1 / 1.81 = 0.5525."""
    assert_allclose(TradeTalks(sender_bite=0.1).rubinstein_share(), 1 / 1.81, rtol=RTOL)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"sender_fallback": 0.8}, "sender_fallback \\+ target_fallback must be <= 1"),
        ({"target_cost": -1.0}, r"target_cost must be in \[0, inf\)"),
        ({"coverage": 1.5}, r"coverage must be in \[0, 1\]"),
        ({"credibility": -0.1}, r"credibility must be in \[0, 1\]"),
        ({"target_discount": 1.0}, r"target_discount must be in \[0, 1\)"),
        ({"target_bite": 2.0}, r"target_bite must be in \[0, 1\]"),
        ({"diversion": float("nan")}, r"diversion must be in \[0, 1\]"),
    ],
)
def test_trade_talks_validates_every_parameter(changes, message):
    """Each invalid parameter raises a ValueError naming it and the allowed range."""
    with pytest.raises(ValueError, match=message):
        TradeTalks(**changes)


def test_trade_talks_is_frozen_and_stores_floats():
    """Parameters are validated once and cannot be changed afterwards."""
    talks = TradeTalks(coverage=1)
    assert isinstance(talks.coverage, float)
    with pytest.raises(dataclasses.FrozenInstanceError):
        talks.coverage = 0.5


def test_coverage_needed_for_a_target_split():
    """Exercise: with the default fallbacks and costs and a fully credible threat, the sender's
    Nash share is 0.45 + (0.5 s - 0.1) / 2; it reaches 0.55 at coverage s = 0.6."""
    assert_allclose(TradeTalks(coverage=0.6).nash_share(), 0.55, rtol=1e-12)
