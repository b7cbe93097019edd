"""Tests for sanclab.models.snapback: the sender's policies as Markov chains under noise.

Each test's docstring states the known result it checks: closed forms (geometric waiting
time, birth-death chains, generous tit for tat), the issue's acceptance anchor (with false
alarms all-at-once reimposition drives a compliant target's long-run level to the ceiling,
the ladder does not), and agreement of a seeded simulation with the exact distribution.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import (
    AllAtOnce,
    ComplianceGame,
    GenerousTitForTat,
    Ladder,
    expected_level_path,
    expected_time_to_sanctions,
    flag_probability,
    level_distribution,
    long_run_civilian_cost,
    long_run_level,
    simulate,
    state_distribution,
    transition_matrix,
)

RTOL = 1e-9
PROPERTY = settings(deadline=None, max_examples=60)
DEFAULT = ComplianceGame()  # g = c = h = 1, alpha = 0.05, beta = 0.1, delta = 0.9
SEED = 2025


@st.composite
def ladders(draw, max_ceiling=6, max_clean=6):
    ceiling = draw(st.integers(1, max_ceiling))
    step = draw(st.integers(1, ceiling))
    clean = draw(st.one_of(st.none(), st.integers(1, max_clean)))
    return Ladder(ceiling=ceiling, step=step, clean_periods=clean)


interior = st.floats(0.001, 0.999)

# --------------------------------------------------------------------------------------------
# Structure of the chains
# --------------------------------------------------------------------------------------------


def test_ladder_state_space_includes_the_clean_period_counter():
    """A ladder with ceiling K and m clean periods has 1 + K m states (relief, then every
    (level, count) pair); without step-downs it has K + 1."""
    assert Ladder(4, 1, 4).n_states == 17
    assert Ladder(3, 2, 5).n_states == 16
    assert Ladder(4, 1, None).n_states == 5
    assert Ladder(4, 1, 4).states[:3] == ((0, 0), (1, 0), (1, 1))


@PROPERTY
@given(policy=ladders(), alpha=interior, beta=interior)
def test_transition_matrices_are_stochastic(policy, alpha, beta):
    """Every row of the transition matrix sums to 1, whatever the target does."""
    game = ComplianceGame(false_alarm=alpha, miss=beta)
    for actions in ("comply", "violate"):
        P = transition_matrix(policy, game, actions)
        assert (P >= 0).all()
        assert_allclose(P.sum(axis=1), 1.0, rtol=1e-12)


def test_flag_probabilities():
    """Pr(flag | comply) = alpha = 0.05 and Pr(flag | violate) = 1 - beta = 0.9."""
    assert flag_probability(DEFAULT, False) == 0.05
    assert flag_probability(DEFAULT, True) == 0.9


def test_policy_arrays_are_read_only():
    """The levels and transition matrices a policy exposes cannot be modified."""
    ladder = Ladder()
    with pytest.raises(ValueError):
        ladder.levels[0] = 3.0
    with pytest.raises(ValueError):
        ladder.on_flag[0, 0] = 1.0


# --------------------------------------------------------------------------------------------
# Acceptance anchor: false alarms and the long-run level of a compliant target
# --------------------------------------------------------------------------------------------


def test_anchor_all_at_once_drives_compliant_target_to_the_ceiling_ladder_does_not():
    """Issue anchor, default game (alpha = 0.05): a compliant target's long-run level is the
    ceiling 4 under all-at-once reimposition but 0.2918 under the ladder (step 1, m = 4)."""
    assert long_run_level(AllAtOnce(ceiling=4), DEFAULT) == 4.0
    assert_allclose(long_run_level(Ladder(4, 1, 4), DEFAULT), 0.291832, rtol=1e-5)
    assert_allclose(level_distribution(AllAtOnce(4), DEFAULT), [0, 0, 0, 0, 1], atol=1e-12)


@PROPERTY
@given(policy=ladders(), K=st.integers(1, 8), alpha=st.floats(1e-3, 0.9))
def test_any_false_alarm_rate_sends_all_at_once_to_the_ceiling_but_not_a_ladder(policy, K, alpha):
    """For every alpha in (0, 0.9]: long-run level under all-at-once = K; under a ladder that
    steps down it is strictly below its ceiling (near alpha = 1 the gap shrinks like
    (1 - alpha)^m, below floating-point resolution)."""
    game = ComplianceGame(false_alarm=alpha)
    assert_allclose(long_run_level(AllAtOnce(K), game), K, rtol=1e-12)
    level = long_run_level(policy, game)
    if policy.clean_periods is None:
        assert_allclose(level, policy.ceiling, rtol=1e-9)
    else:
        assert level < policy.ceiling - 1e-9


def test_no_false_alarms_no_sanctions_for_a_compliant_target():
    """With alpha = 0 a compliant target is never sanctioned, under every policy, even those
    whose chains have several absorbing states (a ladder without step-downs)."""
    game = DEFAULT.replace(false_alarm=0.0)
    for policy in (AllAtOnce(), Ladder(), Ladder(4, 2, None), GenerousTitForTat()):
        assert long_run_level(policy, game) == 0.0
        assert expected_time_to_sanctions(policy, game) == float("inf")


def test_all_at_once_is_the_ladder_with_full_step_and_no_step_down():
    """AllAtOnce(K) and Ladder(K, step=K, clean_periods=None) give the same long-run level,
    level distribution and expected path, complying or violating."""
    for game in (DEFAULT, DEFAULT.replace(false_alarm=0.3, miss=0.4)):
        for actions in ("comply", "violate"):
            a, b = AllAtOnce(4), Ladder(4, 4, None)
            assert_allclose(
                level_distribution(a, game, actions), level_distribution(b, game, actions)
            )
            assert_allclose(
                expected_level_path(a, game, 30, actions),
                expected_level_path(b, game, 30, actions),
                rtol=1e-12,
            )


# --------------------------------------------------------------------------------------------
# Closed forms
# --------------------------------------------------------------------------------------------


@PROPERTY
@given(alpha=st.floats(0.001, 1.0), policy=ladders(), q=st.floats(0.0, 0.99))
def test_expected_time_to_sanctions_is_geometric(alpha, policy, q):
    """A compliant target is first hit after 1/alpha periods on average under all-at-once
    and under any ladder (the first false alarm), and after 1/(alpha (1 - q)) under generous
    tit for tat (the first false alarm not forgiven)."""
    game = ComplianceGame(false_alarm=alpha)
    assert_allclose(expected_time_to_sanctions(AllAtOnce(), game), 1 / alpha, rtol=1e-8)
    assert_allclose(expected_time_to_sanctions(policy, game), 1 / alpha, rtol=1e-8)
    assert_allclose(
        expected_time_to_sanctions(GenerousTitForTat(4, q), game),
        1 / (alpha * (1 - q)),
        rtol=1e-8,
    )


def test_expected_time_to_sanctions_default_is_twenty_periods():
    """alpha = 0.05: 1/0.05 = 20 periods (30 under GTFT with q = 1/3)."""
    assert expected_time_to_sanctions(AllAtOnce(), DEFAULT) == 20.0
    assert expected_time_to_sanctions(GenerousTitForTat(4, 1 / 3), DEFAULT) == 30.0


@PROPERTY
@given(K=st.integers(1, 8), alpha=st.floats(0.001, 0.999))
def test_unit_ladder_with_one_clean_period_is_a_birth_death_chain(K, alpha):
    """Ladder(K, 1, 1), compliant target: up with prob alpha, down with 1 - alpha, so the
    long-run shares are proportional to r**L, r = alpha / (1 - alpha), L = 0..K."""
    r = alpha / (1 - alpha)
    weights = r ** np.arange(K + 1)
    expected = weights / weights.sum()
    assert_allclose(
        level_distribution(Ladder(K, 1, 1), ComplianceGame(false_alarm=alpha)),
        expected,
        rtol=1e-7,
        atol=1e-12,
    )


def test_unit_ladder_birth_death_hand_value():
    """K = 4, alpha = 0.05: E[L] = sum L r^L / sum r^L with r = 1/19, = 0.0555539..."""
    r = 1 / 19
    w = r ** np.arange(5)
    assert_allclose(
        long_run_level(Ladder(4, 1, 1), DEFAULT), (np.arange(5) @ w) / w.sum(), rtol=1e-10
    )


@PROPERTY
@given(K=st.integers(1, 10), alpha=st.floats(0, 1), beta=st.floats(0, 1), q=st.floats(0, 1))
def test_generous_tft_long_run_level(K, alpha, beta, q):
    """Under generous tit for tat a compliant target is sanctioned at level K in a share
    alpha (1 - q) of periods (long-run level K alpha (1 - q)); a violator in a share
    (1 - beta)(1 - q)."""
    game = ComplianceGame(false_alarm=alpha, miss=beta)
    policy = GenerousTitForTat(K, q)
    # the chains drop transition probabilities below PROBABILITY_FLOOR (1e-12), so a level
    # made of such a probability may come out as 0: allow K times the floor
    atol = K * 1e-12 * 2
    assert_allclose(long_run_level(policy, game), K * alpha * (1 - q), rtol=1e-9, atol=atol)
    assert_allclose(
        long_run_level(policy, game, "violate"), K * (1 - beta) * (1 - q), rtol=1e-9, atol=atol
    )


def test_tit_for_tat_is_the_one_level_ladder_with_one_clean_period():
    """GenerousTitForTat(1, q=0) and Ladder(1, 1, 1) are the same two-state chain."""
    for game in (DEFAULT, DEFAULT.replace(false_alarm=0.4, miss=0.3)):
        for actions in ("comply", "violate"):
            assert_allclose(
                transition_matrix(GenerousTitForTat(1, 0.0), game, actions),
                transition_matrix(Ladder(1, 1, 1), game, actions),
            )


def test_all_at_once_expected_path():
    """Expected level in period t under all-at-once = K (1 - (1 - alpha)^t)."""
    t = np.arange(50)
    assert_allclose(expected_level_path(AllAtOnce(4), DEFAULT, 50), 4 * (1 - 0.95**t), rtol=1e-12)


def test_expected_path_converges_to_long_run_level():
    """For an aperiodic ladder chain the expected level in period 2000 equals the long-run
    level (0.291832 at the defaults)."""
    path = expected_level_path(Ladder(4, 1, 4), DEFAULT, 2001)
    assert_allclose(path[-1], long_run_level(Ladder(4, 1, 4), DEFAULT), rtol=1e-8)


@PROPERTY
@given(policy=ladders(), alpha=interior, beta=interior)
def test_long_run_distribution_is_stationary(policy, alpha, beta):
    """The long-run distribution pi solves pi P = pi and sums to 1, complying or violating."""
    game = ComplianceGame(false_alarm=alpha, miss=beta)
    for actions in ("comply", "violate"):
        pi = state_distribution(policy, game, actions)
        P = transition_matrix(policy, game, actions)
        assert_allclose(pi.sum(), 1.0, rtol=1e-12)
        assert_allclose(pi @ P, pi, atol=1e-9)


def test_civilian_cost_is_h_times_the_level():
    """Civilian cost = h x long-run level: h = 2.5 under all-at-once gives 2.5 x 4 = 10."""
    assert long_run_civilian_cost(AllAtOnce(4), DEFAULT.replace(civilian_cost=2.5)) == 10.0
    ladder = Ladder(4, 1, 4)
    assert_allclose(
        long_run_civilian_cost(ladder, DEFAULT.replace(civilian_cost=3.0)),
        3.0 * long_run_level(ladder, DEFAULT),
        rtol=1e-12,
    )


def test_violating_target_sits_near_the_ceiling_unless_never_detected():
    """A target that always violates pushes a ladder to its ceiling (long-run level above
    3.99 with beta = 0.1); if violations are never detected (beta = 1) it stays at 0."""
    assert long_run_level(Ladder(4, 1, 4), DEFAULT, "violate") > 3.99
    assert long_run_level(Ladder(4, 1, 4), DEFAULT.replace(miss=1.0), "violate") == 0.0


# --------------------------------------------------------------------------------------------
# Seeded simulation against the exact distribution
# --------------------------------------------------------------------------------------------

SIM_PERIODS = 200_000
#: Tolerance on each state's share after 200,000 periods. Batch means (100 batches) give a
#: standard error of about 0.005 for the ladder's mean level and at most 0.0035 for a share,
#: so 0.01 on a share is about three standard errors; the observed gaps are below 0.0035.
SHARE_TOLERANCE = 0.01


@pytest.mark.parametrize(
    "policy",
    [Ladder(4, 1, 4), Ladder(4, 2, 3), Ladder(3, 1, 2), GenerousTitForTat(4, 1 / 3), AllAtOnce(4)],
    ids=repr,
)
@pytest.mark.parametrize("actions", ["comply", "violate"])
def test_simulation_agrees_with_exact_distribution(policy, actions):
    """200,000 simulated periods (seed 2025) spend in each state a share within 0.01 of the
    exact long-run distribution, and the mean level is within 0.02 of the exact level."""
    path = simulate(policy, DEFAULT, SIM_PERIODS, actions, seed=SEED)
    exact = state_distribution(policy, DEFAULT, actions)
    assert np.abs(path.state_shares(policy.n_states) - exact).max() < SHARE_TOLERANCE
    assert abs(path.levels.mean() - long_run_level(policy, DEFAULT, actions)) < 0.02


def test_simulation_is_reproducible_and_consistent():
    """Same seed, same path; levels match the states; violations match the actions; under
    all-at-once the level never falls once raised."""
    a = simulate(AllAtOnce(4), DEFAULT, 500, seed=3)
    b = simulate(AllAtOnce(4), DEFAULT, 500, seed=3)
    assert (a.states == b.states).all() and (a.flags == b.flags).all()
    assert (a.levels == AllAtOnce(4).levels[a.states]).all()
    assert not a.violations.any()
    assert (np.diff(a.levels) >= 0).all()
    rng = np.random.default_rng(3)
    c = simulate(Ladder(), DEFAULT, 100, "violate", seed=rng)
    assert c.violations.all()


def test_simulated_waiting_time_matches_one_over_alpha():
    """Mean period of the first false alarm over 4,000 seeded runs = 1/alpha = 20 within
    1.0 (the standard error is about 20 / sqrt(4000) = 0.3)."""
    rng = np.random.default_rng(SEED)
    firsts = []
    for _ in range(4000):
        path = simulate(AllAtOnce(4), DEFAULT, 400, seed=rng)
        firsts.append(np.argmax(path.flags) + 1)
    assert abs(np.mean(firsts) - 20.0) < 1.0


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: ComplianceGame(gain=0), r"gain must be in \(0, inf\), got 0.0"),
        (lambda: ComplianceGame(cost=-1), r"cost must be in \(0, inf\)"),
        (lambda: ComplianceGame(civilian_cost=-0.5), r"civilian_cost must be in \[0, inf\)"),
        (lambda: ComplianceGame(false_alarm=1.2), r"false_alarm must be in \[0, 1\]"),
        (lambda: ComplianceGame(miss=-0.1), r"miss must be in \[0, 1\]"),
        (lambda: ComplianceGame(discount=1.0), r"discount must be in \[0, 1\), got 1.0"),
        (lambda: Ladder(ceiling=0), r"ceiling must be in \[1, 20\], got 0"),
        (lambda: Ladder(ceiling=21), r"ceiling must be in \[1, 20\], got 21"),
        (lambda: Ladder(ceiling=4, step=5), r"step must be in \[1, 4\], got 5"),
        (lambda: Ladder(clean_periods=0), r"clean_periods must be in \[1, 50\], got 0"),
        (lambda: AllAtOnce(ceiling=0), r"ceiling must be in \[1, 20\]"),
        (lambda: GenerousTitForTat(forgiveness=1.5), r"forgiveness must be in \[0, 1\]"),
        (lambda: transition_matrix(Ladder(), DEFAULT, "cheat"), "actions must be"),
        (lambda: transition_matrix(Ladder(), DEFAULT, np.zeros(3, bool)), "boolean mask"),
        (lambda: simulate(Ladder(), DEFAULT, 0), r"periods must be in \[1, 10000000\]"),
        (lambda: expected_level_path(Ladder(), DEFAULT, 0), r"periods must be in \[1, "),
    ],
)
def test_validation_errors_name_the_parameter(call, message):
    """Out-of-range parameters raise ValueError naming the parameter, range and value."""
    with pytest.raises(ValueError, match=message):
        call()


@pytest.mark.parametrize(
    "call",
    [
        lambda: ComplianceGame(gain="1"),
        lambda: Ladder(step=1.0),
        lambda: Ladder(clean_periods=2.5),
        lambda: long_run_level("ladder", DEFAULT),
        lambda: long_run_level(Ladder(), {"false_alarm": 0.1}),
    ],
)
def test_wrong_types_raise_type_error(call):
    """Non-numbers, floats for integer parameters and wrong objects raise TypeError."""
    with pytest.raises(TypeError):
        call()


def test_expected_time_to_a_given_level():
    """Defaults (alpha = 0.05), Ladder(4, 1, 4): 20 periods to the first sanction, 621.3 to
    level 3 and 2808.0 to the ceiling (three or four flags must come close together); under
    all-at-once reimposition any level is reached with the first flag (20); under generous
    tit for tat the ceiling comes with the first unforgiven flag, 1/(alpha(1 - q)) = 30."""
    ladder = Ladder(4, 1, 4)
    assert expected_time_to_sanctions(ladder, DEFAULT, level=1) == 20.0
    assert_allclose(expected_time_to_sanctions(ladder, DEFAULT, level=3), 621.2613, atol=1e-3)
    assert_allclose(expected_time_to_sanctions(ladder, DEFAULT, level=4), 2807.9692, atol=1e-3)
    assert expected_time_to_sanctions(AllAtOnce(4), DEFAULT, level=4) == 20.0
    assert_allclose(expected_time_to_sanctions(GenerousTitForTat(4, 1 / 3), DEFAULT, level=4),
                    30.0, rtol=1e-9)
    with pytest.raises(ValueError, match="level must be in"):
        expected_time_to_sanctions(ladder, DEFAULT, level=5)
