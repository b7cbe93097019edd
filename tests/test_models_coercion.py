"""Tests for sanclab.models.coercion: the threat-versus-imposition game and the population of
threat episodes (selection at the threat stage).

Each test's docstring states the known result it checks. The backward-induction solver is
checked against an independent brute-force search for subgame perfect profiles and against
nashpy (every subgame perfect profile is a Nash equilibrium of the strategic form).
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import nashpy as nash
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import (
    OUTCOMES,
    ThreatGame,
    ThreatPopulation,
    concession_cutoff,
    target_concedes_at_threat,
)

RTOL = 1e-12
PROPERTY = settings(deadline=None, max_examples=150)
SEED = 20030701

cost = st.floats(0.0, 3.0, allow_nan=False)
unit = st.floats(0.0, 1.0, allow_nan=False)


@st.composite
def games(draw):
    return ThreatGame(stakes=draw(cost), concession_cost=draw(cost), target_cost=draw(cost),
                      sender_cost=draw(cost), audience_cost=draw(cost), sunk_share=draw(unit))


def random_games(count, seed=SEED):
    """Games with continuous random payoffs: no ties, so the SPE is unique."""
    rng = np.random.default_rng(seed)
    for _ in range(count):
        yield ThreatGame(*rng.uniform(0.01, 2.0, 5), sunk_share=rng.uniform(0.01, 0.99))


# --------------------------------------------------------------------------------------------
# Independent checks of the backward-induction solver
# --------------------------------------------------------------------------------------------

NODES = ("threat decision", "threat response", "imposition decision", "sanctions response")
OWNER = {"threat decision": "sender", "threat response": "target",
         "imposition decision": "sender", "sanctions response": "target"}
ACTIONS = {"threat decision": ("no threat", "threaten"),
           "threat response": ("concede", "resist"),
           "imposition decision": ("back down", "impose"),
           "sanctions response": ("give in", "hold out")}


def play(profile: dict[str, str], start: str) -> str:
    """Outcome of following ``profile`` from node ``start`` (written out by hand)."""
    order = NODES[NODES.index(start):]
    ends = {("threat decision", "no threat"): "status quo",
            ("threat response", "concede"): "concession at threat",
            ("imposition decision", "back down"): "sender backs down",
            ("sanctions response", "give in"): "concession after imposition",
            ("sanctions response", "hold out"): "deadlock"}
    for node in order:
        if (node, profile[node]) in ends:
            return ends[(node, profile[node])]
    raise AssertionError("unreachable")


def brute_force_spe(game: ThreatGame) -> list[dict[str, str]]:
    """All pure profiles with no profitable deviation in any subgame (16 profiles x 4
    subgames, deviations over all of a player's actions in the subgame)."""
    payoffs = game.payoffs()
    found = []
    for choice in itertools.product(*(ACTIONS[n] for n in NODES)):
        profile = dict(zip(NODES, choice, strict=True))
        perfect = True
        for start in NODES:
            sub = NODES[NODES.index(start):]
            for player, index in (("sender", 0), ("target", 1)):
                mine = [n for n in sub if OWNER[n] == player]
                base = payoffs[play(profile, start)][index]
                for alt in itertools.product(*(ACTIONS[n] for n in mine)):
                    deviation = {**profile, **dict(zip(mine, alt, strict=True))}
                    if payoffs[play(deviation, start)][index] > base + 1e-12:
                        perfect = False
        if perfect:
            found.append(profile)
    return found


@pytest.mark.parametrize("index_and_game", list(enumerate(random_games(60))),
                         ids=lambda pair: f"game{pair[0]}")
def test_backward_induction_matches_brute_force_subgame_perfection(index_and_game):
    """With generic payoffs the subgame perfect equilibrium is unique and equals ours."""
    _, game = index_and_game
    spe = brute_force_spe(game)
    assert len(spe) == 1
    assert spe[0] == dict(game.solve().plan)


def pure(n: int, i: int) -> np.ndarray:
    vector = np.zeros(n)
    vector[i] = 1.0
    return vector


@pytest.mark.parametrize("index_and_game", list(enumerate(random_games(60, seed=SEED + 1))),
                         ids=lambda pair: f"game{pair[0]}")
def test_subgame_perfect_profile_is_a_nash_equilibrium_for_nashpy(index_and_game):
    """nashpy's best-response test accepts our SPE as a Nash equilibrium of the strategic
    form (4 sender plans x 4 target plans), and its payoffs are the outcome's."""
    _, game = index_and_game
    a, b, rows, cols = game.normal_form()
    plan = game.solve().plan
    i = rows.index((plan["threat decision"], plan["imposition decision"]))
    j = cols.index((plan["threat response"], plan["sanctions response"]))
    sigma_r, sigma_c = pure(4, i), pure(4, j)
    assert nash.Game(a, b).is_best_response(sigma_r, sigma_c) == (True, True)
    assert (a[i, j], b[i, j]) == game.solve().payoffs


def test_nashpy_check_is_not_vacuous():
    """The strategic form also has Nash equilibria that are not subgame perfect (an empty
    threat the target believes): in the default game, 'no threat' against a target that
    would resist is a Nash equilibrium that is not subgame perfect."""
    game = ThreatGame()
    a, b, rows, cols = game.normal_form()
    i = rows.index(("no threat", "back down"))
    j = cols.index(("resist", "hold out"))
    assert nash.Game(a, b).is_best_response(pure(4, i), pure(4, j)) == (True, True)
    assert game.solve().outcome != "status quo"


# --------------------------------------------------------------------------------------------
# Closed-form conditions and comparative statics of the complete-information game
# --------------------------------------------------------------------------------------------


@PROPERTY
@given(game=games())
def test_plan_matches_closed_form_conditions(game):
    """Gives in iff k <= (1 - l) c_T; imposes iff its payoff from imposing beats -a strictly;
    concedes iff the sender would impose and conceding is at least as good."""
    plan = game.solve().plan
    k, c_t, lam = game.concession_cost, game.target_cost, game.sunk_share
    gives_in = -k - lam * c_t >= -c_t - 1e-12
    assert (plan["sanctions response"] == "give in") == gives_in
    impose_payoff = (game.stakes - lam * game.sender_cost) if gives_in else -game.sender_cost
    imposes = impose_payoff > -game.audience_cost + 1e-12
    assert (plan["imposition decision"] == "impose") == imposes
    if not imposes:
        assert plan["threat response"] == ("concede" if k <= 1e-12 else "resist")


@PROPERTY
@given(game=games())
def test_sanctions_are_never_imposed_on_the_equilibrium_path(game):
    """Complete information (Drezner 2003): with non-negative costs no equilibrium path
    reaches imposition; coercion that works ends at the threat stage."""
    assert game.solve().outcome in ("status quo", "concession at threat", "sender backs down")
    assert game.solve().outcome != "sender backs down"  # no threat is made only to fold


def test_target_that_would_hold_out_still_concedes_to_the_threat():
    """Surprise (sunk cost): k = 0.9 > (1 - 0.3) * 1 = 0.7, so once sanctions bite the target
    holds out (giving in would cost 0.9 + 0.3 = 1.2 > 1); but before they are imposed,
    conceding (-0.9) beats a credible stand-off (-1.0): it concedes at the threat."""
    solution = ThreatGame(concession_cost=0.9).solve()
    assert solution.plan["sanctions response"] == "hold out"
    assert solution.plan["imposition decision"] == "impose"
    assert solution.outcome == "concession at threat"
    assert solution.payoffs == (1.0, -0.9)


def test_audience_costs_make_a_threat_credible():
    """Tying hands (Fearon 1994): against a target that would hold out (k = 0.9), a sender
    with c_S = 0.3 backs down if backing down is free (a = 0) and so makes no threat; with
    a = 0.5 > c_S it would impose, and the target concedes to the threat."""
    free = ThreatGame(concession_cost=0.9, audience_cost=0.0).solve()
    tied = ThreatGame(concession_cost=0.9, audience_cost=0.5).solve()
    assert (free.plan["imposition decision"], free.outcome) == ("back down", "status quo")
    assert (tied.plan["imposition decision"], tied.outcome) == ("impose",
                                                                "concession at threat")


def test_a_higher_sender_cost_destroys_the_concession_through_credibility():
    """Against a target that holds out (k = 0.9) with audience cost 0.5, raising the
    sender's stand-off cost from 0.49 to 0.51 changes nothing in the concession itself but
    makes imposing worse than backing down: the outcome jumps from a concession worth 1 to
    the status quo."""
    before = ThreatGame(concession_cost=0.9, sender_cost=0.49).solve()
    after = ThreatGame(concession_cost=0.9, sender_cost=0.51).solve()
    assert (before.outcome, after.outcome) == ("concession at threat", "status quo")


def test_credibility_depends_on_the_target():
    """Surprise: the same sender (c_S = 2, a = 0.5, v = 1, l = 0.3) would impose against a
    target that gives in under sanctions (payoff 1 - 0.6 = 0.4 > -0.5) but not against one
    that holds out (-2 < -0.5)."""
    weak = ThreatGame(sender_cost=2.0, concession_cost=0.6)
    strong = ThreatGame(sender_cost=2.0, concession_cost=0.9)
    assert weak.sender_would_impose() and not strong.sender_would_impose()
    assert (weak.solve().outcome, strong.solve().outcome) == ("concession at threat",
                                                              "status quo")


def test_payoffs_table():
    """The five outcomes and their (sender, target) payoffs with v=1, k=0.6, c_T=1, c_S=0.3,
    a=0.5, l=0.3."""
    payoffs = ThreatGame().payoffs()
    assert tuple(payoffs) == OUTCOMES
    expected = [(0, 0), (1, -0.6), (-0.5, 0), (0.91, -0.9), (-0.3, -1)]
    assert_allclose(np.array(list(payoffs.values())), np.array(expected), rtol=RTOL)


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"target_cost": -1.0}, r"target_cost must be in \[0, inf\)"),
     ({"sunk_share": 1.5}, r"sunk_share must be in \[0, 1\]"),
     ({"audience_cost": float("nan")}, r"audience_cost must be in \[0, inf\)")],
)
def test_threat_game_validates_parameters(changes, message):
    """Invalid parameters raise a ValueError naming the parameter and its range."""
    with pytest.raises(ValueError, match=message):
        ThreatGame(**changes)


# --------------------------------------------------------------------------------------------
# The target's choice under uncertainty
# --------------------------------------------------------------------------------------------


def test_concession_cutoff_values():
    """rho(p) = p l / (1 - p) below p = 1 - l and p above: rho(0.5) = 0.15 / 0.5 = 0.3,
    rho(0.8) = 0.8, rho(0) = 0, rho(1) = 1; continuous at p = 0.7 (both give 0.7)."""
    assert_allclose([concession_cutoff(p, 0.3) for p in (0.0, 0.5, 0.8, 1.0)],
                    [0.0, 0.3, 0.8, 1.0], rtol=RTOL)
    assert_allclose(concession_cutoff(0.7 - 1e-12, 0.3), 0.7, rtol=1e-9)


@PROPERTY
@given(p=unit, lam=unit, k=st.floats(0.0, 3.0), c=st.floats(0.01, 3.0))
def test_target_choice_is_the_cutoff_rule(p, lam, k, c):
    """Conceding iff -k >= p max(-c, -k - l c) is the same as k / c <= rho(p) (away from
    exact ties)."""
    rho = concession_cutoff(p, lam)
    if abs(k / c - rho) > 1e-9:
        assert target_concedes_at_threat(k, c, p, lam) == (k / c <= rho)


@PROPERTY
@given(game=games())
def test_target_choice_with_full_credibility_matches_the_complete_information_game(game):
    """With credibility 1 and a sender who would impose, the target's rule gives the
    complete-information game's threat response."""
    solution = game.solve()
    if solution.plan["imposition decision"] == "impose":
        expected = solution.plan["threat response"] == "concede"
        assert target_concedes_at_threat(game.concession_cost, game.target_cost, 1.0,
                                         game.sunk_share) == expected


@PROPERTY
@given(lam=unit, p=unit, step=st.floats(1e-3, 0.2))
def test_concession_cutoff_rises_with_credibility(lam, p, step):
    """A more credible threat makes more targets concede: rho is non-decreasing in p."""
    assert concession_cutoff(min(1.0, p + step), lam) >= concession_cutoff(p, lam)


# --------------------------------------------------------------------------------------------
# The population of threat episodes
# --------------------------------------------------------------------------------------------

DEFAULT = ThreatPopulation()


def test_default_population_shares():
    """Defaults (p = 0.6, l = 0.3, medians c_T = 1, k = 0.6, log-sd 0.6): 36.7% concede at the
    threat, 25.3% see the sender back down, 12.3% concede after imposition, 25.7% end in
    deadlock; 32.4% of imposed sanctions succeed while 49.0% of all threats do; 74.9% of
    concessions happen at the threat stage."""
    s = DEFAULT.shares()
    assert_allclose([s.concession_at_threat, s.sender_backs_down,
                     s.concession_after_imposition, s.deadlock],
                    [0.3670, 0.2532, 0.1232, 0.2567], atol=5e-4)
    assert_allclose([s.success_rate_imposed, s.success_rate_all, s.threat_stage_share],
                    [0.324, 0.490, 0.749], atol=5e-4)
    assert_allclose(s.concession_at_threat + s.sender_backs_down + s.imposed, 1.0, rtol=RTOL)


def test_exact_shares_follow_the_lognormal_formula():
    """F(r) = Phi((ln r - ln(m_k / m_T)) / (s sqrt 2)); P(threat) = F(rho), P(imposed) =
    p (1 - F(rho)), P(after) = p (F(1 - l) - F(rho)) (checked with math.erf directly)."""
    def cdf(r):
        z = (math.log(r) - math.log(0.6)) / (0.6 * math.sqrt(2))
        return 0.5 * (1 + math.erf(z / math.sqrt(2)))
    rho = 0.6 * 0.3 / 0.4
    s = DEFAULT.shares()
    assert_allclose(s.concession_at_threat, cdf(rho), rtol=1e-12)
    assert_allclose(s.imposed, 0.6 * (1 - cdf(rho)), rtol=1e-12)
    assert_allclose(s.concession_after_imposition, 0.6 * (cdf(0.7) - cdf(rho)), rtol=1e-12)


def test_simulation_matches_the_exact_shares():
    """200,000 seeded episodes: every share within 0.005 of its exact value (about five
    binomial standard errors), and the resolved senders' success rate too."""
    observed = DEFAULT.simulate(n=200_000, seed=SEED).shares()
    exact = DEFAULT.shares()
    for name in ("concession_at_threat", "sender_backs_down", "concession_after_imposition",
                 "deadlock", "success_rate_resolved"):
        assert abs(getattr(observed, name) - getattr(exact, name)) < 0.005, name
    assert abs(observed.success_rate_imposed - exact.success_rate_imposed) < 0.01


def test_simulation_is_reproducible_with_a_seed():
    """The same seed gives the same episodes; another seed different ones."""
    one, two = DEFAULT.simulate(1000, seed=1), DEFAULT.simulate(1000, seed=1)
    assert np.array_equal(one.outcome, two.outcome)
    assert np.array_equal(one.target_cost, two.target_cost)
    assert not np.array_equal(one.target_cost, DEFAULT.simulate(1000, seed=2).target_cost)


def test_simulated_outcomes_follow_the_rules_episode_by_episode():
    """Each episode: concession at threat iff k / c_T <= rho; otherwise the sender backs down
    iff not resolved; otherwise the target gives in iff k / c_T <= 1 - l."""
    episodes = DEFAULT.simulate(5000, seed=SEED)
    ratio = episodes.concession_cost / episodes.target_cost
    expected = np.where(ratio <= DEFAULT.cutoff, "concession at threat",
                        np.where(~episodes.resolved, "sender backs down",
                                 np.where(ratio <= 0.7, "concession after imposition",
                                          "deadlock")))
    assert np.array_equal(episodes.outcome, expected.astype(object))


def test_imposed_sanctions_are_the_hard_cases():
    """Selection: the median k / c_T among imposed episodes (about 0.89) is well above the
    median among all threats (0.6)."""
    episodes = DEFAULT.simulate(50_000, seed=SEED)
    ratio = episodes.concession_cost / episodes.target_cost
    imposed = np.isin(episodes.outcome, ("concession after imposition", "deadlock"))
    assert_allclose(np.median(ratio), 0.6, rtol=0.02)
    assert np.median(ratio[imposed]) > 0.85


CREDIBILITY = np.round(np.arange(0.05, 1.0001, 0.05), 10)


def curve(name, population=DEFAULT):
    return np.array([getattr(population.replace(credibility=float(p)).shares(), name)
                     for p in CREDIBILITY])


def test_imposed_success_rate_falls_with_credibility_and_vanishes_at_one_minus_l():
    """Surprise (selection): the success rate of imposed sanctions falls from 0.572 (as
    p -> 0: F(0.7)) to exactly 0 at p = 1 - l = 0.7 and stays 0, although the share of all
    threats that succeed keeps rising (0.572 at p = 0.7, 0.726 at p = 1)."""
    rate, total = curve("success_rate_imposed"), curve("success_rate_all")
    below = CREDIBILITY < 0.7 - 1e-9
    assert np.all(np.diff(rate[below]) < 0)
    assert np.all(rate[~below] == 0.0)
    assert np.all(np.diff(total) > 0)
    assert_allclose([total[CREDIBILITY == 0.7][0], total[-1]], [0.572, 0.726], atol=5e-4)
    assert_allclose(DEFAULT.replace(credibility=1e-9).shares().success_rate_imposed,
                    DEFAULT.ratio_cdf(0.7), rtol=1e-6)


def test_number_of_imposed_sanctions_is_hump_shaped_in_credibility():
    """Non-monotone: imposed sanctions are 10.0% of threats at p = 0.1, peak at 39.8% near
    p = 0.52 and fall to 27.4% at p = 1; successful impositions peak at 19.2% near p = 0.43
    and are 0 from p = 0.7 (grid of step 0.001)."""
    grid = np.linspace(0.001, 0.999, 999)
    shares = [DEFAULT.replace(credibility=float(p)).shares() for p in grid]
    imposed = np.array([s.imposed for s in shares])
    after = np.array([s.concession_after_imposition for s in shares])
    assert_allclose([grid[imposed.argmax()], imposed.max()], [0.522, 0.398], atol=1e-3)
    assert_allclose([grid[after.argmax()], after.max()], [0.435, 0.192], atol=1e-3)
    assert_allclose([DEFAULT.replace(credibility=p).shares().imposed for p in (0.1, 1.0)],
                    [0.100, 0.274], atol=5e-4)
    assert np.all(after[grid >= 0.7] == 0.0)


def test_most_concessions_come_at_the_threat_stage_only_if_threats_are_credible():
    """Threat-stage share of concessions: 34.0% at p = 0.4, 53.1% at p = 0.5, 74.9% at the
    default p = 0.6, 100% from p = 0.7."""
    share = curve("threat_stage_share")
    at = {round(p, 2): i for i, p in enumerate(CREDIBILITY)}
    assert_allclose([share[at[0.4]], share[at[0.5]], share[at[0.6]]], [0.340, 0.531, 0.749],
                    atol=5e-4)
    assert np.all(share[CREDIBILITY >= 0.7] == 1.0)


def test_imposed_rate_never_exceeds_the_success_of_resolved_threats():
    """Among threats from senders who would impose, max(F(1 - l), F(rho)) succeed; among
    imposed sanctions, (F(1 - l) - F(rho)) / (1 - F(rho)), never more (equal only as
    F(rho) -> 0). Resolved success is flat at F(0.7) = 0.572 up to p = 0.7."""
    rate, resolved = curve("success_rate_imposed"), curve("success_rate_resolved")
    assert np.all(rate < resolved)
    assert_allclose(resolved[CREDIBILITY <= 0.7], DEFAULT.ratio_cdf(0.7), rtol=1e-12)


def test_imposed_rate_understates_overall_success_only_when_threats_are_credible():
    """Surprise: at p = 0.1 imposed sanctions succeed 57.2% of the time while only 5.8% of
    all threats succeed (most targets call the bluff); at the default p = 0.6 it is the
    other way round (32.4% against 49.0%)."""
    low = DEFAULT.replace(credibility=0.1).shares()
    high = DEFAULT.shares()
    assert_allclose([low.success_rate_imposed, low.success_rate_all], [0.572, 0.058],
                    atol=5e-4)
    assert low.success_rate_imposed > low.success_rate_all
    assert high.success_rate_imposed < high.success_rate_all


def test_hseo_one_in_three_is_within_reach_but_not_a_prediction():
    """HSEO 2007 judged about 34% of 204 episodes successes. With the default costs any
    imposed-success rate between 0 and F(0.7) = 0.572 occurs for some credibility; 34% at
    p = 0.5914, where 48.2% of all threats succeed. The model does not reproduce the figure."""
    p = DEFAULT.credibility_for_imposed_success(0.34)
    shares = DEFAULT.replace(credibility=p).shares()
    assert_allclose(p, 0.5914, atol=1e-4)
    assert_allclose(shares.success_rate_imposed, 0.34, rtol=1e-9)
    assert_allclose(shares.success_rate_all, 0.482, atol=5e-4)
    with pytest.raises(ValueError, match="rate must be in"):
        DEFAULT.credibility_for_imposed_success(0.6)


def test_costlier_sanctions_raise_coercion_at_both_stages():
    """Doubling the target's median stand-off cost (m_T = 2): threat-stage concessions rise
    from 36.7% to 68.4% of threats and all-threat success from 49.0% to 77.8%."""
    costly = DEFAULT.replace(target_cost=2.0).shares()
    base = DEFAULT.shares()
    assert costly.concession_at_threat > base.concession_at_threat
    assert costly.success_rate_all > base.success_rate_all
    assert_allclose([costly.concession_at_threat, costly.success_rate_all], [0.684, 0.778],
                    atol=5e-4)


@pytest.mark.parametrize(
    ("changes", "message"),
    [({"credibility": 1.2}, r"credibility must be in \[0, 1\]"),
     ({"target_cost": 0.0}, r"target_cost must be in \(0, inf\)"),
     ({"cost_spread": -1.0}, r"cost_spread must be in \(0, inf\)")],
)
def test_population_validates_parameters(changes, message):
    """Invalid parameters raise a ValueError naming the parameter and its range."""
    with pytest.raises(ValueError, match=message):
        ThreatPopulation(**changes)


def test_simulate_rejects_a_non_positive_count():
    """n must be an integer >= 1."""
    with pytest.raises(ValueError, match=r"n must be in \[1, inf\]"):
        DEFAULT.simulate(0)


def test_no_credibility_means_no_imposition():
    """p = 0: every target resists, every sender backs down; rates among imposed sanctions
    and among resolved senders are undefined (NaN)."""
    s = DEFAULT.replace(credibility=0.0).shares()
    assert (s.concession_at_threat, s.sender_backs_down, s.imposed) == (0.0, 1.0, 0.0)
    assert math.isnan(s.success_rate_imposed) and math.isnan(s.success_rate_resolved)
    assert math.isnan(s.threat_stage_share)


def test_population_is_frozen():
    """Parameters cannot be changed after validation; replace() makes a validated copy."""
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT.credibility = 0.1
    with pytest.raises(ValueError, match="credibility"):
        DEFAULT.replace(credibility=2.0)


def test_default_simulation_numbers():
    """Exercise: ThreatPopulation().simulate() (10,000 episodes, seed 2003): 37.25% concede at
    the threat, 32.62% of imposed sanctions succeed, 49.49% of all threats succeed and 75.27%
    of concessions come at the threat stage (exact: 36.73%, 32.37%, 49.02%, 74.93%); the
    median k / c_T is 0.595 among all threats and 0.899 among imposed sanctions."""
    episodes = DEFAULT.simulate()
    s = episodes.shares()
    assert_allclose([s.concession_at_threat, s.success_rate_imposed, s.success_rate_all,
                     s.threat_stage_share], [0.3725, 0.3262, 0.4949, 0.7527], atol=5e-5)
    ratio = episodes.concession_cost / episodes.target_cost
    imposed = np.isin(episodes.outcome, ("concession after imposition", "deadlock"))
    assert_allclose([np.median(ratio), np.median(ratio[imposed])], [0.595, 0.899], atol=5e-4)
