"""Every claim lesson 3 (notebooks/03_snapback.ipynb) makes about its models.

The notebook prints many of these numbers; nbval checks that it reproduces its stored
outputs, and these tests recompute each number and claim the lesson's text, figures, alt
texts and dashboard tasks state, from the library. Defaults: g = c = h = 1, K = 4,
alpha = 0.05, beta = 0.1, delta = 0.9 (illustrative).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from numpy.testing import assert_allclose

from sanclab.dashboards.snapback import (
    REGION_DISCOUNTS,
    REGION_FALSE_ALARMS,
    dashboard,
    ladder_region,
)
from sanclab.lessons import REPO_ROOT, get_lesson
from sanclab.models import (
    AllAtOnce,
    ComplianceGame,
    GenerousTitForTat,
    Ladder,
    best_response,
    critical_discount,
    expected_time_to_sanctions,
    false_alarm_table,
    grim_trigger_delta,
    long_run_level,
    max_deterring_forgiveness,
    policy_table,
    simulate,
    state_distribution,
    strategy_values,
)
from sanclab.models.compliance import DETERRED_ONLY, SUSTAINED

INF = math.inf
GAME = ComplianceGame()
POLICIES = {
    "all at once": AllAtOnce(4),
    "ladder": Ladder(4, 1, 4),
    "tit for tat": GenerousTitForTat(4, 0.0),
    "generous tit for tat": GenerousTitForTat(4, 0.3),
}
ALPHAS = np.round(np.arange(0.0, 0.3001, 0.01), 2)


@pytest.fixture(scope="module")
def table():
    return policy_table(POLICIES, GAME)


@pytest.fixture(scope="module")
def by_alarm():
    return false_alarm_table(POLICIES, GAME, ALPHAS).set_index(["policy", "false_alarm"])


@pytest.fixture(scope="module")
def quick():
    alphas = np.round(np.arange(0.0, 0.7001, 0.01), 2)
    return false_alarm_table({"quick ladder (m = 1)": Ladder(4, 1, 1),
                              "all at once": AllAtOnce(4)}, GAME, alphas)


@pytest.fixture(scope="module")
def by_m():
    table = policy_table({f"m = {m}": Ladder(4, 1, m) for m in range(1, 13)}, GAME)
    return table.set_axis(list(range(1, 13)))  # indexed by m


@pytest.fixture(scope="module")
def by_step():
    table = policy_table({f"step = {s}": Ladder(4, s, 4) for s in range(1, 5)}, GAME)
    return table.set_axis(list(range(1, 5)))  # indexed by the step


# ------------------------------------------------------------------------------- the reading


def test_the_reading_never_mentions_errors_of_evidence_snapback_or_the_council():
    """Section 1: none of the searched words occurs in seed 3 (case-insensitive), and the
    closest passage the lesson quotes instead is there."""
    reading = get_lesson(3).reading()
    text = reading.raw.lower()
    for word in ["false", "error", "mistake", "noise", "uncertain", "probabilit", "snapback",
                 "snap back", "veto", "security council"]:
        assert text.count(word) == 0, word
    assert "reduce misinterpretations" in reading.quote("reduce misinterpretations",
                                                         sentence=True).text


# ------------------------------------------------------------------------------- the model


def test_policy_table_at_the_defaults(table):
    """Section 2's table: all at once 2/7, inf, level 4, 20 periods, deterred but not
    sustained, share 0, level 4; ladder 0.5639 / 0.8901 / 0.2918, sustained; tit for tat 5/17
    and 0.2; generous tit for tat (q = 0.3) 1/(4 x 0.7 x 0.85) = 0.4202, 0.14, 1/0.035 =
    28.57 periods. All at once deters at the lowest patience of the four."""
    once, ladder = table.loc["all at once"], table.loc["ladder"]
    assert_allclose(once.deterred_from, 2 / 7, rtol=1e-12)
    assert once.sustained_from == INF and once.compliant_level == 4.0
    assert once.first_hit_after == 20.0
    assert bool(once.deterred) and not bool(once.sustained)
    assert once.compliance_share == 0.0 and once.level == 4.0
    assert_allclose([ladder.deterred_from, ladder.sustained_from, ladder.compliant_level],
                    [0.5639, 0.8901, 0.2918], atol=5e-5)
    assert bool(ladder.sustained) and ladder.compliance_share == 1.0
    tft, gtft = table.loc["tit for tat"], table.loc["generous tit for tat"]
    assert_allclose([tft.deterred_from, tft.compliant_level], [5 / 17, 0.2], rtol=1e-12)
    assert_allclose([gtft.deterred_from, gtft.compliant_level, gtft.first_hit_after],
                    [1 / (4 * 0.7 * 0.85), 0.14, 1 / 0.035], rtol=1e-9)
    assert table.deterred_from.idxmin() == "all at once"
    assert table.loc[["ladder", "tit for tat", "generous tit for tat"], "sustained"].all()


def test_simulation_agrees_within_the_stated_tolerance():
    """200,000 periods, seed 2025: every state's simulated share is within 0.01 of the exact
    one; 0.01 is nearly four times the largest batch-means standard error (0.0026, 40
    batches of 5,000 periods)."""
    ladder = POLICIES["ladder"]
    path = simulate(ladder, GAME, 200_000, seed=2025)
    gap = np.abs(path.state_shares(ladder.n_states) - state_distribution(ladder, GAME)).max()
    assert gap < 0.01
    batches = path.states.reshape(40, -1)
    shares = np.array([np.bincount(b, minlength=ladder.n_states) / b.size for b in batches])
    se = (shares.std(axis=0, ddof=1) / np.sqrt(40)).max()
    assert_allclose(se, 0.0026, atol=5e-5)
    assert 3.5 < 0.01 / se < 4.0


# ------------------------------------------------------------------------------- worked example


def test_worked_example_by_hand():
    """Section 3: W = -30, V_C = -1.35/0.145 = -9.3103, violating once -24.1379 (advantage
    -14.8276); the identity V_C(1 - delta beta) - delta(1 - beta)W =
    delta(cK - g)(1 - alpha - beta)/(1 - delta + delta alpha) = 15.8276; threshold 2/7;
    perfect monitoring 1/4 = grim_trigger_delta(1, 0, -3); 20 periods to the first alarm;
    complies in relief, violates under full sanctions."""
    g, c, K, a, b, d = 1.0, 1.0, 4, 0.05, 0.1, 0.9
    W = (g - c * K) / (1 - d)
    V_C = d * a * W / (1 - d + d * a)
    once = g + d * (b * V_C + (1 - b) * W)
    assert_allclose([W, V_C, once], [-30.0, -9.3103, -24.1379], atol=5e-5)
    assert_allclose(V_C * (1 - d * b) - d * (1 - b) * W,
                    d * (c * K - g) * (1 - a - b) / (1 - d + d * a), rtol=1e-12)
    assert_allclose(V_C * (1 - d * b) - d * (1 - b) * W, 15.8276, atol=5e-5)
    r = best_response(AllAtOnce(4), GAME)
    assert_allclose(r.values, [V_C, W], rtol=1e-9)
    assert_allclose(r.advantage[0], once - V_C, rtol=1e-9)
    assert r.violate.tolist() == [False, True]
    assert_allclose(critical_discount(AllAtOnce(4), GAME), 1 / (4 * 0.85 + 0.1), rtol=1e-12)
    perfect = GAME.replace(false_alarm=0.0, miss=0.0)
    assert critical_discount(AllAtOnce(4), perfect) == grim_trigger_delta(1, 0, -3) == 0.25
    assert expected_time_to_sanctions(AllAtOnce(4), GAME) == 20.0


# ------------------------------------------------------------------------------- dashboard


def test_dashboard_default_readout_is_the_tables():
    """The dashboard's default readout: levels 4.00, 0.29, 0.14; 20 periods (29 under
    generous tit for tat); all at once deterred but not sustained, the others sustained."""
    text = dashboard().readout_text
    assert "all at once 4.00 · ladder 0.29 · generous TFT 0.14" in text
    assert "first sanctioned after 20 periods on average (29 under generous TFT)" in text
    assert ("all at once deterred, not sustained · ladder sustained · generous TFT "
            "sustained") in text


def test_task_1_no_false_alarms_then_one_in_a_hundred():
    """Task 1: at alpha = 0 everything is sustained and nobody is sanctioned; at alpha = 0.01
    all at once is deterred but not sustained. The region's left edge: at alpha = 0 the
    ladder sustains compliance from 0.5502 (first grid row 0.56), at alpha = 0.01 from 0.8669
    (first grid row 0.88)."""
    dash = dashboard()
    dash.set(false_alarm=0.0)
    assert "never sanctioned" in dash.readout_text
    assert all(r.sustained for r in dash.result.responses)
    dash.set(false_alarm=0.01)
    once = dash.result.responses[0]
    assert once.deterred and not once.sustained
    ladder = POLICIES["ladder"]
    assert_allclose(critical_discount(ladder, GAME.replace(false_alarm=0.0), sustained=True),
                    0.5502, atol=5e-5)
    assert_allclose(critical_discount(ladder, GAME.replace(false_alarm=0.01), sustained=True),
                    0.8669, atol=5e-5)
    codes = ladder_region(0.1, 1)
    first_dark = [REGION_DISCOUNTS[np.argmax(codes[i] == SUSTAINED)] for i in (0, 1)]
    assert first_dark == [0.56, 0.88]


def test_task_2_bigger_steps_lower_edge_but_leave_the_dark_region():
    """Task 2: at delta = 0.9 (alpha = 0.05) step 1 sustains compliance, step 3 only deters;
    the region's lower edge (first deterred row) is lower for step 3 at every alpha."""
    i, j = list(REGION_FALSE_ALARMS).index(0.05), list(REGION_DISCOUNTS).index(0.9)
    one, three = ladder_region(0.1, 1), ladder_region(0.1, 3)
    assert one[i, j] == SUSTAINED and three[i, j] == DETERRED_ONLY
    for row_one, row_three in zip(one, three, strict=True):
        assert np.argmax(row_three >= DETERRED_ONLY) < np.argmax(row_one >= DETERRED_ONLY)


def test_task_3_forgiveness_raises_the_line_and_lowers_the_burden():
    """Task 3: generous tit for tat's threshold rises and its compliant level falls as q goes
    from 0 to 0.9; above q = 1 - g/(cK(1 - alpha - beta)) = 0.7059 no patience is enough."""
    qs = np.round(np.arange(0.0, 0.9001, 0.05), 2)
    thresholds = [critical_discount(GenerousTitForTat(4, q), GAME) for q in qs]
    levels = [long_run_level(GenerousTitForTat(4, q), GAME) for q in qs]
    finite = [t for t in thresholds if t < INF]
    assert np.all(np.diff(finite) > 0) and np.all(np.diff(levels) < 0)
    edge = 1 - 1 / (4 * 0.85)
    assert_allclose(edge, 0.7059, atol=5e-5)
    assert all((t == INF) == (q > edge) for q, t in zip(qs, thresholds, strict=True))
    assert critical_discount(GenerousTitForTat(4, 0.7), GAME) < 0.99  # still in the panel


def test_task_4_misses_raise_every_threshold():
    """Task 4 (and section 6): a higher miss rate raises the deterrence threshold of all
    three dashboard policies (beta 0, 0.1, 0.3, 0.5)."""
    for policy in (AllAtOnce(4), Ladder(4, 1, 4), GenerousTitForTat(4, 0.3)):
        values = [critical_discount(policy, GAME.replace(miss=b)) for b in (0.0, 0.1, 0.3, 0.5)]
        finite = [v for v in values if v < INF]
        assert np.all(np.diff(finite) > 0), policy


# ------------------------------------------------------------------------------- 5.1 false alarms


def test_all_at_once_lowest_threshold_ceiling_burden_never_sustained(by_alarm):
    """Figure 1: at every alpha on the grid all at once has the lowest deterrence threshold of
    the four policies, a compliant target's level is 4 for every alpha > 0, and compliance is
    never sustained for alpha > 0."""
    thresholds = by_alarm["deterred_from"].unstack("policy")
    assert (thresholds.idxmin(axis=1) == "all at once").all()
    once = by_alarm.loc["all at once"]
    assert (once.loc[ALPHAS[1:], "compliant_level"] == 4.0).all()
    assert (once.loc[ALPHAS[1:], "sustained_from"] == INF).all()
    assert once.loc[0.0, "compliant_level"] == 0.0


def test_tit_for_tat_almost_as_deterrent_at_a_twentieth_of_the_burden(by_alarm):
    """At alpha = 0.05: tit for tat 0.294 vs 0.286, compliant level 0.2 vs 4 (a twentieth)."""
    tft, once = by_alarm.loc[("tit for tat", 0.05)], by_alarm.loc[("all at once", 0.05)]
    assert_allclose([tft.deterred_from, once.deterred_from], [0.2941, 0.2857], atol=5e-5)
    assert_allclose(tft.compliant_level / once.compliant_level, 1 / 20, rtol=1e-12)


def test_tit_for_tat_beats_the_one_step_ladder_on_both_counts(by_alarm):
    """At every alpha from 0 to 0.3 tit for tat deters at lower patience than the one-step
    ladder and burdens a compliant target no more (equal, 0, only at alpha = 0)."""
    tft, ladder = by_alarm.loc["tit for tat"], by_alarm.loc["ladder"]
    assert (tft.deterred_from < ladder.deterred_from).all()
    assert (tft.compliant_level.iloc[1:] < ladder.compliant_level.iloc[1:]).all()
    assert tft.compliant_level.iloc[0] == ladder.compliant_level.iloc[0] == 0.0


def test_ladder_burden_grows_steeply(by_alarm):
    """A compliant target under the ladder: 0.04, 0.29, 0.90, 2.69 at alpha = 0.01, 0.05, 0.1,
    0.2, and 3.55 at 0.3 (the alt text's 'to 3.6'); tit for tat 4 alpha, generous tit for tat
    2.8 alpha."""
    ladder = by_alarm.loc["ladder", "compliant_level"]
    assert_allclose(ladder.loc[[0.01, 0.05, 0.1, 0.2, 0.3]],
                    [0.0428, 0.2918, 0.8956, 2.6920, 3.5539], atol=5e-5)
    assert_allclose(by_alarm.loc["tit for tat", "compliant_level"], 4 * ALPHAS, atol=1e-12)
    assert_allclose(by_alarm.loc["generous tit for tat", "compliant_level"], 2.8 * ALPHAS,
                    atol=1e-12)


def test_figure_1_ranges_in_the_alt_text(by_alarm):
    """Alt text of figure 1: all at once and tit for tat between 0.27 and 0.42, the ladder
    between 0.55 and 0.67; the ladder's sustained threshold 0.55 at 0, 0.87 at 0.01, 0.998 at
    0.21 and infinite from 0.22 on."""
    for name in ("all at once", "tit for tat"):
        values = by_alarm.loc[name, "deterred_from"]
        assert 0.265 < values.min() and values.max() < 0.42
    ladder = by_alarm.loc["ladder"]
    assert_allclose([ladder.deterred_from.min(), ladder.deterred_from.max()], [0.55, 0.67],
                    atol=0.005)
    sustained = ladder.sustained_from
    assert_allclose(sustained.loc[[0.0, 0.01]], [0.55, 0.87], atol=0.005)
    assert 0.99 < sustained.loc[0.21] < 1.0
    assert (sustained.loc[ALPHAS[ALPHAS >= 0.22]] == INF).all()


def test_knife_edge_at_zero_false_alarms():
    """Sustained compliance under the ladder: 0.5502 at alpha = 0 (= the deterrence
    threshold), 0.8618 at 0.001, 0.8669 at 0.01, 0.8901 at 0.05; false alarms take 64,605
    periods (alpha = 0.01) and 621 (alpha = 0.05) to push a compliant target to level 3."""
    ladder = POLICIES["ladder"]
    got = [critical_discount(ladder, GAME.replace(false_alarm=a), sustained=True)
           for a in (0.0, 0.001, 0.01, 0.05)]
    assert_allclose(got, [0.5502, 0.8618, 0.8669, 0.8901], atol=5e-5)
    assert_allclose(got[0], critical_discount(ladder, GAME.replace(false_alarm=0.0)),
                    rtol=1e-9)
    waits = [expected_time_to_sanctions(ladder, GAME.replace(false_alarm=a), level=3)
             for a in (0.01, 0.05)]
    assert [round(w) for w in waits] == [64605, 621]


def test_high_up_the_ladder_a_violation_costs_less():
    """The explanation of the knife-edge: at delta = 0.7 and alpha = 0.01 the target complies
    in relief and at levels 1 and 2, but violates in every state at the ceiling."""
    ladder = POLICIES["ladder"]
    r = best_response(ladder, GAME.replace(false_alarm=0.01, discount=0.7))
    levels = ladder.levels
    assert r.deterred and not r.sustained
    assert not r.violate[levels <= 2].any() and r.violate[levels == 4].all()


# ------------------------------------------------------------------------------- 5.2 quick ladder


def test_quick_ladder_deters_only_at_intermediate_false_alarm_rates(quick):
    """Figure 2: the quick ladder (m = 1) deters for alpha from 0.11 to 0.66 only, most easily
    at 0.41 (0.8804); at 0.6 it deters from 0.9416 but never sustains compliance; all at
    once's threshold only rises, reaching 1 at alpha = 0.675."""
    rows = quick[quick.policy == "quick ladder (m = 1)"].set_index("false_alarm")
    deters = rows[np.isfinite(rows.deterred_from)]
    assert (deters.index.min(), deters.index.max()) == (0.11, 0.66)
    assert len(deters) == 56  # every rate in between, none outside
    assert_allclose(deters.deterred_from.min(), 0.8804, atol=5e-5)
    assert deters.deterred_from.idxmin() == 0.41
    assert_allclose(rows.loc[0.6, "deterred_from"], 0.9416, atol=5e-5)
    assert rows.loc[0.6, "sustained_from"] == INF
    once = quick[quick.policy == "all at once"].deterred_from.to_numpy()
    finite = once[np.isfinite(once)]
    assert np.all(np.diff(finite) > 0)
    assert_allclose(1 / (4 * (0.9 - 0.675) + 0.1), 1.0, rtol=1e-12)


def test_quick_ladder_flag_costs_little_when_alarms_are_rare():
    """With m = 1 one flag costs one level for one period: worth delta(1 - alpha - beta)c
    < g for any delta < 1 when alpha <= 0.1 -- no deterrence at alpha = 0, 0.05, 0.1."""
    for a in (0.0, 0.05, 0.1):
        assert critical_discount(Ladder(4, 1, 1), GAME.replace(false_alarm=a)) == INF


def test_the_mechanism_a_flag_costs_more_when_alarms_are_frequent():
    """V(relief) - V(level 1) for a compliant target under the quick ladder, delta = 0.95:
    1.0000, 1.1018, 1.5600 at alpha = 0, 0.05, 0.2."""
    gaps = []
    for a in (0.0, 0.05, 0.2):
        v = strategy_values(Ladder(4, 1, 1), GAME.replace(false_alarm=a, discount=0.95))
        gaps.append(v[0] - v[1])
    assert_allclose(gaps, [1.0, 1.1018, 1.5600], atol=5e-5)


# ------------------------------------------------------------------------------- 5.3 ladder shape


def test_slower_step_down_deters_better_sustains_worse(by_m):
    """Figure 3, left: deterrence 0.666, 0.588, 0.564, 0.562 (m = 2..5), flat from m = 6 (all
    within 5e-6 of 0.5618); sustained 0.768, 0.847, 0.890, 0.917 (m = 2..5) up to 0.982 at
    m = 12, rising; compliant level rising from 0.12 (m = 2) to 1.68 (m = 12)."""
    assert_allclose(by_m.loc[[2, 3, 4, 5], "deterred_from"], [0.666, 0.588, 0.564, 0.562],
                    atol=5e-4)
    flat = by_m.loc[6:, "deterred_from"].to_numpy()
    assert np.ptp(flat) < 5e-6 and abs(flat[0] - 0.5618) < 5e-5
    sustained = by_m.loc[2:, "sustained_from"].to_numpy()
    assert np.all(np.diff(sustained) > 0)
    assert_allclose(by_m.loc[[2, 3, 4, 5, 12], "sustained_from"],
                    [0.768, 0.847, 0.890, 0.917, 0.982], atol=5e-4)
    levels = by_m.loc[2:, "compliant_level"].to_numpy()
    assert np.all(np.diff(levels) > 0)
    assert_allclose(levels[[0, -1]], [0.12, 1.68], atol=5e-3)


def test_only_a_window_of_step_down_speeds_sustains_compliance(by_m):
    """At delta = 0.9 compliance is sustained exactly for m = 2, 3, 4; m = 1 does not deter;
    m >= 5 deters but does not sustain; at m = 8 the target complies in fewer than one period
    in a thousand and the long-run level is 3.999."""
    assert list(by_m.index[by_m.sustained]) == [2, 3, 4]
    assert not by_m.loc[1, "deterred"]
    assert by_m.loc[5:, "deterred"].all() and not by_m.loc[5:, "sustained"].any()
    assert by_m.loc[8, "compliance_share"] < 1e-3
    assert round(by_m.loc[8, "level"], 3) == 3.999


def test_bigger_steps_deter_better_sustain_worse(by_step):
    """Figure 3, right: deterrence 0.564, 0.408, 0.342, 0.286; sustained 0.890, 0.899, 0.904,
    0.907; compliant level 0.29, 0.87, 1.27, 1.54; at delta = 0.9 steps 1 and 2 sustain."""
    assert_allclose(by_step.deterred_from, [0.564, 0.408, 0.342, 0.286], atol=5e-4)
    assert_allclose(by_step.sustained_from, [0.890, 0.899, 0.904, 0.907], atol=5e-4)
    assert_allclose(by_step.compliant_level, [0.29, 0.87, 1.27, 1.54], atol=5e-3)
    assert list(by_step.index[by_step.sustained]) == [1, 2]


def test_perfect_monitoring_step_down_beyond_the_ceiling_adds_nothing():
    """Section 5.3's last bullet (exercise l3.e6): with alpha = beta = 0 the one-step ladder's
    threshold is the same for every m >= K = 4 and for no step-down."""
    perfect = GAME.replace(false_alarm=0.0, miss=0.0)
    values = [critical_discount(Ladder(4, 1, m), perfect) for m in (4, 6, 10, None)]
    assert np.ptp(values) < 1e-8
    assert critical_discount(Ladder(4, 1, 3), perfect) > values[0] + 0.02


# ------------------------------------------------------------------------------- 5.4 forgiveness


def test_cheapest_deterring_forgiveness_burden_ignores_the_ceiling():
    """q_max = 0.3464, 0.6732, 0.8366 for K = 2, 4, 8 at the defaults; the compliant target's
    level is then 0.05/(0.9 x 0.85) = 0.0654 in every case."""
    got = []
    for ceiling in (2, 4, 8):
        q_max = max_deterring_forgiveness(GAME, ceiling)
        got.append(q_max)
        assert_allclose(long_run_level(GenerousTitForTat(ceiling, q_max), GAME),
                        0.05 / (0.9 * 0.85), rtol=1e-9)
        assert_allclose(critical_discount(GenerousTitForTat(ceiling, q_max), GAME), 0.9,
                        rtol=1e-9)
    assert_allclose(got, [0.3464, 0.6732, 0.8366], atol=5e-5)
    assert_allclose(0.05 / (0.9 * 0.85), 0.0654, atol=5e-5)


def test_forgiveness_limit_is_nowak_and_sigmunds_second_term():
    """With alpha = beta = 0 and delta -> 1, q_max -> 1 - g/(cK) = (R - P)/(T - P) with
    T = g, R = 0, P = g - cK."""
    g, c, K = 1.0, 1.0, 4
    T, R, P = g, 0.0, g - c * K
    near_one = ComplianceGame(false_alarm=0.0, miss=0.0, discount=1 - 1e-9)
    assert_allclose(max_deterring_forgiveness(near_one, K), (R - P) / (T - P), atol=1e-8)


# ------------------------------------------------------------------------------- reading vs model


def test_section_6_numbers(table):
    """Section 6 repeats: ladder 0.29 vs 4 for a compliant target; 0.564 vs 0.286 to deter;
    at delta = 0.9 the ladder and both tit for tats sustain compliance, all at once does
    not."""
    assert_allclose(table.loc[["ladder", "all at once"], "compliant_level"], [0.29, 4.0],
                    atol=5e-3)
    assert_allclose(table.loc[["ladder", "all at once"], "deterred_from"], [0.564, 0.286],
                    atol=5e-4)
    assert not table.loc["all at once", "sustained"]


def test_notebook_states_these_numbers_in_its_stored_outputs():
    """The stored outputs print the numbers tested above (a sample: the worked example, the
    knife-edge and the forgiveness table), so the text and the outputs cannot drift apart."""
    import nbformat

    nb = nbformat.read(REPO_ROOT / "notebooks" / "03_snapback.ipynb", as_version=4)
    printed = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code"
                      for o in c.get("outputs", []))
    for fragment in ["by hand 2/7 = 0.2857", "relief -9.3103, full sanctions -30.0000",
                     "{0.0: 0.5502, 0.001: 0.8618, 0.01: 0.8669, 0.05: 0.8901}",
                     "64,605", "lowest threshold 0.8804 at alpha = 0.41",
                     "largest deterring forgiveness 0.6732"]:
        assert fragment in printed, fragment
