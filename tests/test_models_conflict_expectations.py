"""Tests for sanclab.models.conflict_expectations: Drezner's coercion game with conflict
expectations (1998; 1999, ch. 2).

Each test's docstring states the known result it checks. The closed-form demand is checked
against a brute-force search over demands that uses only the payoff table and the utility
function U_i = P_i - g P_j.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import ConflictExpectationsGame, equilibrium_concession

RTOL = 1e-12
PROPERTY = settings(deadline=None, max_examples=150)

cost = st.floats(0.0, 2.0, allow_nan=False)
weight = st.floats(0.0, 1.0, allow_nan=False)


def brute_force(c_t: float, c_s: float, g: float, alpha: float, points: int = 20_001):
    """Search demands on a grid; for each, backward induction from the raw payoffs. Returns
    (sender's best utility, demand, outcome), comparing with no demand (status quo ante)."""
    def u(sender, target):
        return sender - g * target, target - g * sender

    firm = u(-c_s, -c_t)[0] > u(0.0, 0.0)[0]
    after = u(-c_s, -c_t) if firm else u(0.0, 0.0)
    best = (u(alpha, alpha)[0], 0.0, "status quo ante")
    for demand in np.linspace(0.0, c_t + 1.0, points):
        accept = u(demand, -demand)
        value = accept[0] if accept[1] >= after[1] else after[0]
        outcome = "acquiescence" if accept[1] >= after[1] else "resisted"
        if value > best[0] + 1e-12:
            best = (value, float(demand), outcome)
    return best


@PROPERTY
@given(c_t=cost, c_s=cost, g=weight, alpha=st.floats(0.0, 0.5))
def test_closed_form_matches_brute_force_search_over_demands(c_t, c_s, g, alpha):
    """D* = (c_T - g c_S) / (1 + g) when g c_T > c_S and (1 + g) D* > (1 - g) alpha; no
    demand otherwise. The grid search (step (c_T + 1) / 20000) agrees within one step."""
    result = ConflictExpectationsGame(c_t, c_s, g, alpha).solve()
    value, demand, outcome = brute_force(c_t, c_s, g, alpha)
    step = (c_t + 1.0) / 20_000
    if outcome == "status quo ante":
        # the grid may miss a sliver of profitable demand right at the edge
        assert result.outcome == "status quo ante" or result.sender_utility - value < 2 * step
    elif outcome == "resisted":
        # Only a near-tie: deadlock pays the sender g c_T - c_S and acquiescence at D* pays
        # c_T - g c_S, which differ by (1 - g)(c_T + c_S); when that is below the grid's
        # resolution (g near 1) the grid, which never hits D* exactly, finds the deadlock
        # value just above D*.
        assert result.outcome == "acquiescence"
        assert abs(result.sender_utility - value) <= 2 * step
        assert (1.0 - g) * (c_t + c_s) <= 2 * step
    else:
        assert result.outcome == "acquiescence"
        assert abs(result.demand - demand) <= step


def test_default_game():
    """c_T = 1, c_S = 0.25, g = 0.5: credible (0.5 > 0.25); D* = (1 - 0.125) / 1.5 = 0.5833;
    U_S = 1.5 * D* = 0.875, U_T = -0.875."""
    result = ConflictExpectationsGame().solve()
    assert (result.outcome, result.credible) == ("acquiescence", True)
    assert_allclose([result.demand, result.sender_utility, result.target_utility],
                    [0.875 / 1.5, 0.875, -0.875], rtol=RTOL)


def test_utilities_weight_relative_gains():
    """U_i = beta P_i + (1 - beta)(P_i - P_j) = P_i - g P_j with g = 1 - beta: acquiescence
    at D = 0.4 with g = 0.5 gives (0.6, -0.6)."""
    game = ConflictExpectationsGame(conflict_expectations=0.5)
    beta = 0.5
    sender = beta * 0.4 + (1 - beta) * (0.4 - (-0.4))
    assert_allclose(game.utilities("acquiescence", 0.4), (sender, -sender), rtol=RTOL)
    assert_allclose(sender, 0.6, rtol=RTOL)


@PROPERTY
@given(c_t=st.floats(0.1, 2.0), fraction=st.floats(0.0, 0.9), g=st.floats(0.2, 1.0),
       step=st.floats(1e-3, 0.1))
def test_concession_comparative_statics_when_coercion_happens(c_t, fraction, g, step):
    """Drezner: the concession is larger when the target's cost is higher, the sender's cost
    lower and conflict expectations lower. Derivatives of D*: 1 / (1 + g) in c_T,
    -g / (1 + g) in c_S, -(c_T + c_S) / (1 + g)^2 in g."""
    c_s = fraction * (g - step) * c_t  # credible at g - step, hence at g
    base = equilibrium_concession(c_t, c_s, g)
    assert_allclose(equilibrium_concession(c_t + step, c_s, g) - base, step / (1 + g),
                    rtol=1e-9)
    lower_sender = equilibrium_concession(c_t, max(0.0, c_s - step), g)
    assert_allclose(lower_sender - base, g * min(step, c_s) / (1 + g), rtol=1e-9, atol=1e-14)
    assert equilibrium_concession(c_t, c_s, g - step) > base
    dg = 1e-7
    numeric = (equilibrium_concession(c_t, c_s, g) - equilibrium_concession(c_t, c_s, g - dg))
    assert_allclose(numeric / dg, -(c_t + c_s) / (1 + g) ** 2, rtol=1e-4)


def test_concession_is_non_monotone_in_conflict_expectations():
    """The sanctions paradox with c_T = 1, c_S = 0.25: no concession for g <= 0.25 (the threat
    is not credible; at exactly 0.25 the sender is indifferent and backs down), a jump to
    nearly c_T - c_S = 0.75 just above the cutoff, then 0.5833 at g = 0.5 and
    (c_T - c_S) / 2 = 0.375 at g = 1."""
    values = [equilibrium_concession(1.0, 0.25, g) for g in (0.2, 0.25, 0.25 + 1e-9, 0.5, 1.0)]
    assert values[:2] == [0.0, 0.0]
    assert_allclose(values[2:], [0.75, 0.875 / 1.5, 0.375], rtol=1e-8)


@PROPERTY
@given(c_t=st.floats(0.01, 2.0), c_s=st.floats(0.0, 2.0))
def test_jump_at_the_credibility_cutoff_is_the_cost_difference(c_t, c_s):
    """Just above g* = c_S / c_T (< 1) the concession is (c_T^2 - c_S^2) / (c_T + c_S) =
    c_T - c_S, its largest value over g; at g = 1 it is half of that."""
    assume(c_s < 0.95 * c_t)
    cutoff = ConflictExpectationsGame(c_t, c_s).credibility_cutoff
    assert_allclose(cutoff, c_s / c_t, rtol=RTOL)
    just_above = equilibrium_concession(c_t, c_s, cutoff + 1e-10)
    assert_allclose(just_above, c_t - c_s, rtol=1e-6, atol=1e-9)
    assert_allclose(equilibrium_concession(c_t, c_s, 1.0), (c_t - c_s) / 2, rtol=1e-12)
    grid = np.linspace(0.0, 1.0, 101)
    assert max(equilibrium_concession(c_t, c_s, g) for g in grid) <= c_t - c_s + 1e-12


def test_a_higher_sender_cost_lowers_the_concession_twice():
    """c_T = 1, g = 0.5: D* = (1 - 0.5 c_S) / 1.5 falls continuously from 0.667 (c_S = 0) to
    0.503 (c_S = 0.49) through relative gains, then drops to 0 once c_S > g c_T = 0.5 and
    the threat stops being credible."""
    values = [equilibrium_concession(1.0, c_s, 0.5) for c_s in (0.0, 0.49, 0.51)]
    assert_allclose(values, [1 / 1.5, (1 - 0.245) / 1.5, 0.0], rtol=1e-12)


def test_senders_expecting_little_conflict_coerce_only_when_cheap():
    """Drezner (1998): senders that anticipate few conflicts threaten only if they incur
    minimal costs and the target suffers significantly. With g = 0.1 and c_T = 1, coercion
    needs c_S < 0.1; with g = 0.9 any c_S < 0.9 will do."""
    assert ConflictExpectationsGame(1.0, 0.09, 0.1).solve().outcome == "acquiescence"
    assert ConflictExpectationsGame(1.0, 0.2, 0.1).solve().outcome == "status quo ante"
    assert ConflictExpectationsGame(1.0, 0.2, 0.9).solve().outcome == "acquiescence"


@PROPERTY
@given(c_t=cost, c_s=cost, g=weight)
def test_sender_prefers_the_acceptable_demand_to_forcing_deadlock(c_t, c_s, g):
    """U_S(acquiescence at D*) - U_S(deadlock) = (1 - g)(c_T + c_S) >= 0, so the sender never
    gains by demanding more than the target accepts."""
    game = ConflictExpectationsGame(c_t, c_s, g)
    gap = game.utilities("acquiescence", game.max_demand())[0] - game.utilities("deadlock")[0]
    if g * c_s <= c_t:
        assert_allclose(gap, (1 - g) * (c_t + c_s), rtol=1e-9, atol=1e-12)


def test_status_quo_ante_gain_can_make_coercion_not_worth_it():
    """Demand only if (1 + g) D* = c_T - g c_S > (1 - g) alpha: with c_T = 1, c_S = 0.25,
    g = 0.5, that is 0.875 > 0.5 alpha, so alpha = 1.7 still coerces and alpha = 1.8 does
    not."""
    assert ConflictExpectationsGame(status_quo_ante_gain=1.7).solve().outcome == "acquiescence"
    result = ConflictExpectationsGame(status_quo_ante_gain=1.8).solve()
    assert (result.outcome, result.demand, result.credible) == ("status quo ante", 0.0, True)


def test_outcome_after_a_demand():
    """With the default game the target accepts D <= 0.5833 and refuses more (deadlock, the
    sender stands firm); a non-credible sender gets the status quo after any refusal."""
    game = ConflictExpectationsGame()
    assert game.outcome_for_demand(0.58) == "acquiescence"
    assert game.outcome_for_demand(0.59) == "deadlock"
    weak = ConflictExpectationsGame(conflict_expectations=0.1)
    assert weak.outcome_for_demand(0.01) == "status quo"


def test_zero_target_cost_edge_cases():
    """c_T = 0: no credible threat unless c_S = 0 too (cutoff inf, or 0 when both are 0)."""
    assert ConflictExpectationsGame(0.0, 0.5).credibility_cutoff == float("inf")
    assert ConflictExpectationsGame(0.0, 0.0).credibility_cutoff == 0.0
    assert ConflictExpectationsGame(0.0, 0.5).solve().outcome == "status quo ante"


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"conflict_expectations": 1.5}, r"conflict_expectations must be in \[0, 1\]"),
     ({"target_cost": -0.1}, r"target_cost must be in \[0, inf\)"),
     ({"status_quo_ante_gain": float("nan")}, r"status_quo_ante_gain must be in")],
)
def test_game_validates_parameters(changes, message):
    """Invalid parameters raise a ValueError naming the parameter and its range."""
    with pytest.raises(ValueError, match=message):
        ConflictExpectationsGame(**changes)


def test_unknown_outcome_and_negative_demand_are_rejected():
    """utilities() knows four outcomes and needs a demand >= 0."""
    game = ConflictExpectationsGame()
    with pytest.raises(ValueError, match="outcome must be one of"):
        game.utilities("war")
    with pytest.raises(ValueError, match=r"demand must be in \[0, inf\)"):
        game.utilities("acquiescence", -1.0)


def test_game_is_frozen():
    """Parameters cannot be changed after validation."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        ConflictExpectationsGame().sender_cost = 1.0
