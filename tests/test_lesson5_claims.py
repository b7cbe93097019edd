"""Every claim lesson 5 (notebooks/05_trade_leverage.ipynb) makes about its models.

The notebook prints most of these numbers; nbval checks that it reproduces its stored
outputs, and these tests recompute the numbers and check they mean what the lesson's text
says (the section of the notebook is named in each test).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.dashboards.trade_leverage import dashboard, trade_leverage_view
from sanclab.models import (
    OUTCOMES,
    ConflictExpectationsGame,
    ThreatGame,
    ThreatPopulation,
    TradeTalks,
    equilibrium_concession,
    rubinstein_finite_share,
    rubinstein_share,
)
from sanclab.readings import get_seed

GRID = np.linspace(0.0, 1.0, 1001)


@pytest.fixture(scope="module")
def population():
    return ThreatPopulation()


@pytest.fixture(scope="module")
def sweep(population):
    """Exact shares on a fine grid of credibilities (for Figure 4's claims)."""
    return [population.replace(credibility=float(p)).shares() for p in GRID]


@pytest.fixture(scope="module")
def episodes(population):
    return population.simulate(n=10_000, seed=2003)


# --- 1. The reading -----------------------------------------------------------------------

def test_the_reading_never_says_threat_or_impose():
    """Section 1: no paragraph or heading of the reading contains 'threat' or 'impos' (the
    notebook runs the same search and prints 0 twice)."""
    blocks = get_seed(5).blocks()
    assert len(blocks) == 16
    for word in ("threat", "impos"):
        assert sum(word in block.text.lower() for block in blocks) == 0


# --- 2.1 Nash's split ---------------------------------------------------------------------

def test_nash_defaults():
    """Fallbacks 0.2/0.3 -> 0.1/-0.1 under a credible threat; share 0.45 -> 0.60; 0.525 at
    credibility 0.5."""
    talks = TradeTalks()
    assert_allclose(talks.fallbacks(), (0.1, -0.1), atol=1e-12)
    assert_allclose([talks.nash_share(threat=False), talks.nash_share()], [0.45, 0.60],
                    atol=1e-12)
    assert_allclose(replace(talks, credibility=0.5).nash_share(), 0.525, atol=1e-12)


@settings(max_examples=200, deadline=None)
@given(q=st.floats(0.0, 1.0), c_s=st.floats(0.0, 1.5), c_t=st.floats(0.0, 1.5),
       s=st.floats(0.0, 1.0), d=st.floats(0.0, 1.0))
def test_threat_shifts_the_split_by_half_the_weighted_cost_difference(q, c_s, c_t, s, d):
    """Section 2.1: x_S(threat) - x_S = q (C_T E(s, d) - C_S) / 2 as long as the share stays
    in [0, 1]; otherwise it is 0 or 1 (one side takes everything)."""
    talks = TradeTalks(credibility=q, sender_cost=c_s, target_cost=c_t, coverage=s,
                       diversion=d)
    formula = 0.45 + q * (c_t * talks.effectiveness - c_s) / 2
    assert_allclose(talks.nash_share(), min(1.0, max(0.0, formula)), atol=1e-12)
    if talks.nash_share() > talks.nash_share(threat=False) + 1e-12:
        assert c_t * talks.effectiveness > c_s


# --- 2.2 Alternating offers -----------------------------------------------------------------

def test_alternating_offers_defaults():
    """1/1.9 = 0.5263 without sanctions; bite 0.125 at coverage 0.8 is an effective bite of
    0.10, the target's factor 0.81 and the sender's share 0.19/0.271 = 0.7011."""
    talks = TradeTalks()
    assert_allclose(rubinstein_share(0.9, 0.9), 1 / 1.9, rtol=1e-12)
    assert_allclose(talks.target_bite * talks.effectiveness, 0.10, rtol=1e-12)
    assert_allclose(talks.discount_factors(), (0.9, 0.81), rtol=1e-12)
    assert_allclose(talks.rubinstein_share(), 0.19 / 0.271, rtol=1e-12)
    assert round(talks.rubinstein_share(), 4) == 0.7011


def test_fallbacks_play_no_role_in_alternating_offers():
    """Section 2.2: the alternating-offers split does not depend on the fallbacks, so it
    need not equal Nash's (0.5263 vs 0.45 without sanctions or a threat)."""
    talks = TradeTalks()
    other = replace(talks, sender_fallback=-0.3, target_fallback=0.6)
    assert other.rubinstein_share() == talks.rubinstein_share()
    assert other.nash_share(threat=False) != talks.nash_share(threat=False)


def test_the_more_patient_side_gets_more():
    """Sections 2.2 and 4 (the patience slider): the sender's share falls as the target's
    discount factor rises, and rises with the sender's own."""
    grid = np.linspace(0.5, 0.95, 10)
    by_target = [rubinstein_share(0.9, float(d)) for d in grid]
    by_sender = [rubinstein_share(float(d), 0.9) for d in grid]
    assert np.all(np.diff(by_target) < 0) and np.all(np.diff(by_sender) > 0)
    views = [trade_leverage_view(0.6, 0.5, 0.1, 0.8, float(d)) for d in grid]
    assert np.all(np.diff([v.rubinstein_sanctions for v in views]) < 0)


@pytest.mark.parametrize("delta", [0.1, 0.5, 0.9, 0.99])
def test_equal_patience_favours_the_first_proposer(delta):
    """Equal patience delta: the first proposer gets 1/(1 + delta) > 1/2."""
    assert_allclose(rubinstein_share(delta, delta), 1 / (1 + delta), rtol=1e-12)
    assert rubinstein_share(delta, delta) > 0.5


def test_finite_horizons():
    """delta 0.9: T = 1, 2, 3, 4, 50 give 1, 0.1, 0.91, 0.181, 0.5236; every two rounds the
    gap to Rubinstein's share shrinks by 0.81 (Figure 1's zigzag: 1, 0.91, 0.84 above,
    0.1, 0.18 below)."""
    assert [round(rubinstein_finite_share(0.9, 0.9, t), 4) for t in (1, 2, 3, 4, 50)] == [
        1.0, 0.1, 0.91, 0.181, 0.5236]
    limit = rubinstein_share(0.9, 0.9)
    for t in range(3, 31):
        gap = rubinstein_finite_share(0.9, 0.9, t) - limit
        assert_allclose(gap, 0.81 * (rubinstein_finite_share(0.9, 0.9, t - 2) - limit),
                        rtol=1e-9)
    odd = [rubinstein_finite_share(0.9, 0.9, t) for t in (1, 3, 5)]
    even = [rubinstein_finite_share(0.9, 0.9, t) for t in (2, 4, 6)]
    assert min(odd) > limit > max(even)
    assert [round(odd[2], 2), round(even[1], 2)] == [0.84, 0.18]


# --- 2.3 and 3. Threat or imposition --------------------------------------------------------

def test_population_defaults(population):
    """Section 2.3: cutoff rho(0.6) = 0.45; shares 0.367 / 0.253 / 0.123 / 0.257; success
    0.324 (imposed) and 0.490 (all); 0.749 of concessions at the threat."""
    shares = population.shares()
    assert_allclose(population.cutoff, 0.45, rtol=1e-12)
    got = [shares.concession_at_threat, shares.sender_backs_down,
           shares.concession_after_imposition, shares.deadlock, shares.success_rate_imposed,
           shares.success_rate_all, shares.threat_stage_share]
    assert [round(x, 3) for x in got] == [0.367, 0.253, 0.123, 0.257, 0.324, 0.490, 0.749]


def test_worked_example_by_hand():
    """Section 3: giving in -0.9 beats holding out -1.0; imposing 0.91 beats backing down
    -0.5; conceding -0.6 beats resisting (-0.9); threatening 1 beats 0."""
    game = ThreatGame()
    pay = game.payoffs()
    assert_allclose(pay["concession after imposition"], (0.91, -0.9), atol=1e-12)
    assert_allclose(pay["deadlock"], (-0.3, -1.0), atol=1e-12)
    assert_allclose(pay["sender backs down"], (-0.5, 0.0), atol=1e-12)
    assert_allclose(pay["concession at threat"], (1.0, -0.6), atol=1e-12)
    solution = game.solve()
    assert solution.outcome == "concession at threat"
    assert dict(solution.plan) == {"sanctions response": "give in",
                                   "imposition decision": "impose",
                                   "threat response": "concede",
                                   "threat decision": "threaten"}


def test_a_target_that_would_hold_out_concedes_to_the_threat():
    """Section 3: k = 0.9: under sanctions -1.0 > -1.2 (hold out), yet at the threat
    -0.9 > -1.0 (concede)."""
    solution = ThreatGame(concession_cost=0.9).solve()
    assert solution.plan["sanctions response"] == "hold out"
    assert solution.plan["imposition decision"] == "impose"
    assert solution.outcome == "concession at threat"


def test_a_small_rise_in_the_sender_cost_destroys_the_threat():
    """Section 3: k = 0.9, a = 0.5: sender cost 0.49 -> imposes, concession; 0.51 -> would
    not impose, status quo."""
    low, high = (ThreatGame(concession_cost=0.9, sender_cost=c) for c in (0.49, 0.51))
    assert low.sender_would_impose() and low.solve().outcome == "concession at threat"
    assert not high.sender_would_impose() and high.solve().outcome == "status quo"


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.floats(0.01, 3.0), min_size=5, max_size=5),
       lam=st.floats(0.0, 1.0))
def test_sanctions_are_never_imposed_with_complete_information(values, lam):
    """Section 2.3: with positive costs the equilibrium path never ends with sanctions
    imposed (concession after imposition or deadlock)."""
    v, k, c_t, c_s, a = values
    outcome = ThreatGame(v, k, c_t, c_s, a, lam).solve().outcome
    assert outcome in ("status quo", "concession at threat", "sender backs down")
    assert outcome != "sender backs down"  # a sender whose threat fails does not threaten


def test_dashboard_default_is_the_lessons_population():
    """Section 4: at the default sliders the population is section 2.3's (median stand-off
    cost 0.5 * 0.8 = 0.4, conceding 0.24: the same ratio 0.6), and the readout prints its
    numbers; the sender's cost changes only the top panel."""
    view = trade_leverage_view(0.6, 0.5, 0.1, 0.8, 0.9)
    default = ThreatPopulation().shares()
    for name in ("concession_at_threat", "sender_backs_down", "concession_after_imposition",
                 "deadlock"):
        assert_allclose(getattr(view.shares, name), getattr(default, name), rtol=1e-12)
    assert "49% of all threats, 32% of imposed sanctions" in dashboard().readout_text
    costly = trade_leverage_view(0.6, 0.5, 1.5, 0.8, 0.9)
    assert costly.shares == view.shares
    assert view.talks.target_bite == 0.125 and view.talks.sender_discount == 0.9


# --- 5.1 The split --------------------------------------------------------------------------

def test_costly_threat_backfires_more_when_more_credible():
    """Figure 3, left: every credibility's line crosses the no-threat share 0.45 at
    C_S = C_T E = 0.40; beyond it the threat lowers the share, the more the more credible
    (C_S = 0.5: 0.45 -> 0.40 at q = 1)."""
    talks = TradeTalks()
    assert_allclose(talks.target_cost * talks.effectiveness, 0.40, rtol=1e-12)
    for q in (0.25, 0.5, 1.0):
        assert_allclose(replace(talks, credibility=q, sender_cost=0.4).nash_share(), 0.45,
                        rtol=1e-12)
    shares = [replace(talks, credibility=q, sender_cost=0.5).nash_share()
              for q in (0.25, 0.5, 1.0)]
    assert shares[0] > shares[1] > shares[2] and shares[0] < 0.45
    assert_allclose(shares[2], 0.40, rtol=1e-12)


def test_shared_pain_helps_the_first_proposer():
    """Figure 3, right: both bitten 10% -> 1/1.81 = 0.5525 > 1/1.9 = 0.5263, less than the
    target alone bitten (0.7011); at a bite of 0.5 about 0.92 and 0.69; both curves rise."""
    both = TradeTalks(coverage=1.0, target_bite=0.1, sender_bite=0.1).rubinstein_share()
    alone = TradeTalks(coverage=1.0, target_bite=0.1).rubinstein_share()
    assert_allclose(both, 1 / 1.81, rtol=1e-12)
    assert round(both, 4) == 0.5525 and round(alone, 4) == 0.7011
    assert rubinstein_share(0.9, 0.9) < both < alone
    bites = np.linspace(0.0, 0.5, 51)
    only = [rubinstein_share(0.9, 0.9 * (1 - b)) for b in bites]
    shared = [1 / (1 + 0.9 * (1 - b)) for b in bites]
    assert np.all(np.diff(only) > 0) and np.all(np.diff(shared) > 0)
    assert round(only[-1], 2) == 0.92 and round(shared[-1], 2) == 0.69


def test_the_share_stops_at_one():
    """Section 5.1: q 1, coverage 0.8: C_T 1.4 -> 0.96, 1.5 -> 1.00, and more adds nothing."""
    assert_allclose(TradeTalks(target_cost=1.4).nash_share(), 0.96, atol=1e-12)
    assert TradeTalks(target_cost=1.5).nash_share() == pytest.approx(1.0, abs=1e-12)
    assert TradeTalks(target_cost=3.0).nash_share() == 1.0


def test_a_fraying_coalition_costs_the_sender():
    """Sections 5.1 and 6: coverage 0.8 -> 0.4 (q = 1) takes the share 0.60 -> 0.50."""
    assert_allclose([TradeTalks().nash_share(), TradeTalks(coverage=0.4).nash_share()],
                    [0.60, 0.50], atol=1e-12)


# --- 5.2 Selection --------------------------------------------------------------------------

def test_imposed_success_falls_while_overall_success_rises(sweep):
    """Figure 4, left: the imposed-success rate falls (from 0.572) and is exactly 0 from
    p = 0.7; the all-threat rate rises from 0 to 0.726; the threat-stage share reaches 1
    at 0.7."""
    imposed = np.array([s.success_rate_imposed for s in sweep[1:]])
    overall = np.array([s.success_rate_all for s in sweep])
    assert np.all(np.diff(imposed) <= 1e-12)
    assert round(imposed[0], 2) == 0.57
    assert np.all(imposed[GRID[1:] >= 0.7] == 0.0) and np.all(imposed[GRID[1:] < 0.7] > 0)
    assert np.all(np.diff(overall) >= -1e-12)
    assert overall[0] == 0.0 and round(overall[-1], 3) == 0.726
    stage = np.array([s.threat_stage_share for s in sweep[1:]])
    assert np.all(stage[GRID[1:] >= 0.7] == 1.0)


def test_at_low_credibility_the_imposed_rate_overstates(population):
    """Section 5.2: p = 0.1: imposed 57.2% vs all threats 5.8%; p = 0.6: 32.4% vs 49.0%."""
    low = population.replace(credibility=0.1).shares()
    mid = population.shares()
    assert round(low.success_rate_imposed, 3) == 0.572 and round(low.success_rate_all, 3) == 0.058
    assert round(mid.success_rate_imposed, 3) == 0.324 and round(mid.success_rate_all, 3) == 0.490


def test_imposed_sanctions_are_hump_shaped_in_credibility(sweep):
    """Figure 4, right: imposed share 0.10 at p 0.1, peak about 0.40 near p 0.52, 0.27 at
    p 1; concessions at the threat never fall; concessions after imposition peak near 0.43
    and vanish from 0.7."""
    imposed = np.array([s.imposed for s in sweep])
    assert round(imposed[100], 2) == 0.10 and round(imposed[-1], 2) == 0.27
    assert abs(GRID[imposed.argmax()] - 0.52) < 0.01 and round(imposed.max(), 2) == 0.40
    at_threat = np.array([s.concession_at_threat for s in sweep])
    assert np.all(np.diff(at_threat) >= -1e-12)
    after = np.array([s.concession_after_imposition for s in sweep])
    assert abs(GRID[after.argmax()] - 0.43) < 0.01
    assert np.all(after[GRID >= 0.7] == 0.0)


def test_most_concessions_at_the_threat_only_if_credible(population):
    """Section 5.2's table: the share of concessions made at the threat is 0.34 at p 0.4,
    0.531 at 0.5, 0.749 at 0.6, 1 from 0.7: 'most' holds only from about p = 0.5."""
    stage = {p: population.replace(credibility=p).shares().threat_stage_share
             for p in (0.4, 0.5, 0.6, 0.7, 1.0)}
    assert [round(stage[p], 3) for p in (0.4, 0.5, 0.6)] == [0.340, 0.531, 0.749]
    assert stage[0.7] == stage[1.0] == 1.0
    assert stage[0.4] < 0.5 < stage[0.5]


def test_simulation_reproduces_the_exact_shares(population, episodes):
    """Section 5.2: 10,000 seeded episodes are within 0.006 of the exact shares; imposed
    success 0.326, all 0.495, threat stage 0.753."""
    exact, observed = population.shares(), episodes.shares()
    for name in ("concession_at_threat", "sender_backs_down", "concession_after_imposition",
                 "deadlock"):
        assert abs(getattr(exact, name) - getattr(observed, name)) < 0.006, name
    assert [round(x, 3) for x in (observed.success_rate_imposed, observed.success_rate_all,
                                  observed.threat_stage_share)] == [0.326, 0.495, 0.753]
    assert set(episodes.outcome) <= set(OUTCOMES)


def test_imposed_cases_are_the_hard_ones(episodes):
    """Section 5.2: median k/c_T 0.595 among all targets, 0.899 among those facing imposed
    sanctions."""
    ratio = episodes.concession_cost / episodes.target_cost
    imposed = np.isin(episodes.outcome, ["concession after imposition", "deadlock"])
    assert round(float(np.median(ratio)), 3) == 0.595
    assert round(float(np.median(ratio[imposed])), 3) == 0.899


def test_any_imposed_rate_below_57_percent_is_reachable(population):
    """Section 5.2: 34% at p = 0.5914 (0.482 of all threats succeed); every rate in (0, F(0.7))
    is reached by moving the credibility alone (the rate is continuous from 0.572 to 0)."""
    p_34 = population.credibility_for_imposed_success(0.34)
    assert round(p_34, 4) == 0.5914
    assert round(population.replace(credibility=p_34).shares().success_rate_all, 3) == 0.482
    top = population.ratio_cdf(0.7)
    assert round(top, 3) == 0.572
    for rate in (0.01, 0.2, 0.5, 0.57):
        p = population.credibility_for_imposed_success(rate)
        assert_allclose(population.replace(credibility=p).shares().success_rate_imposed, rate,
                        atol=1e-9)


# --- 5.3 Conflict expectations ------------------------------------------------------------

def test_concession_jumps_then_shrinks():
    """Figure 5, left (c_T 1, c_S 0.25): 0 at gamma 0.2 and 0.25 (the cutoff), 0.7499 just
    above, 0.5833 at 0.5, 0.375 = (c_T - c_S)/2 at 1; the jump is c_T - c_S."""
    values = [round(equilibrium_concession(1.0, 0.25, g), 4) for g in (0.2, 0.25, 0.2501, 0.5, 1.0)]
    assert values == [0.0, 0.0, 0.7499, 0.5833, 0.375]
    assert ConflictExpectationsGame().credibility_cutoff == 0.25
    for c_s in (0.1, 0.25, 0.5):
        just_above = equilibrium_concession(1.0, c_s, c_s + 1e-9)
        assert_allclose(just_above, 1.0 - c_s, atol=1e-8)
        assert_allclose(equilibrium_concession(1.0, c_s, 1.0), (1.0 - c_s) / 2, rtol=1e-12)


def test_a_costlier_sanction_lowers_the_concession_twice():
    """Figure 5, right (c_T 1, gamma 0.5): 0.6667 at c_S 0, 0.5033 at 0.49, 0 at 0.51; the
    slope below the drop is -gamma/(1 + gamma)."""
    assert [round(equilibrium_concession(1.0, c, 0.5), 4) for c in (0.0, 0.49, 0.51)] == [
        0.6667, 0.5033, 0.0]
    for g in (0.25, 0.5, 1.0):
        c = np.linspace(0.0, 0.9 * g, 10)
        d = [equilibrium_concession(1.0, float(x), g) for x in c]
        assert_allclose(np.diff(d) / np.diff(c), -g / (1 + g), rtol=1e-9)


@settings(max_examples=200, deadline=None)
@given(c_t=st.floats(0.1, 2.0), c_s=st.floats(0.0, 2.0), g=st.floats(0.0, 1.0),
       dc=st.floats(0.001, 1.0))
def test_concession_rises_with_the_target_cost(c_t, c_s, g, dc):
    """Section 6: the concession never falls when the target's deadlock cost rises, with
    slope 1/(1 + gamma) where coercion happens on both sides."""
    before = equilibrium_concession(c_t, c_s, g)
    after = equilibrium_concession(c_t + dc, c_s, g)
    assert after >= before - 1e-12
    if before > 0:
        assert_allclose(after - before, dc / (1 + g), rtol=1e-9, atol=1e-12)


# --- 6. More pain never lowers the concession in these models -----------------------------

def test_more_pain_never_lowers_what_the_sender_gets(population):
    """Section 6: a larger target cost never lowers the Nash share, the concessions at the
    threat or the overall success rate (the models have no hardening of resolve)."""
    costs = np.linspace(0.05, 3.0, 60)
    nash = [TradeTalks(target_cost=float(c)).nash_share() for c in costs]
    assert np.all(np.diff(nash) >= -1e-12)
    for p in (0.2, 0.6, 0.9):
        shares = [population.replace(credibility=p, target_cost=float(c)).shares()
                  for c in costs]
        assert np.all(np.diff([s.concession_at_threat for s in shares]) >= -1e-12)
        assert np.all(np.diff([s.success_rate_all for s in shares]) >= -1e-12)
