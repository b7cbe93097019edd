"""Every claim lesson 2 (notebooks/02_small_state_alignment.ipynb) makes about its models.

The notebook prints these numbers; nbval checks that it reproduces its stored outputs, and
these tests recompute them from the library and check that they mean what the lesson's text
says they mean. Numbers are illustrative (the balanced hedger of the course's table).
"""

from __future__ import annotations

import numpy as np
import pytest
from numpy.testing import assert_allclose
from scipy.optimize import brentq

from sanclab.dashboards.small_state_alignment import alignment_view, dashboard
from sanclab.models import (
    AlignmentParams,
    alignment_benefit,
    alignment_payoff,
    alignment_sweep,
    binding_option_level,
    concentration_table,
    extractable_surplus,
    hhi,
    load_small_states,
    optimal_alignment,
    switch_threat,
    threat_free_alignment,
)
from sanclab.readings import get_seed

#: The dashboard's default setting, as in section 5 of the lesson ("base").
BASE = alignment_view(0.30, 0.15, 0.5, 0.10, 0.02).params


def _t_star(params, **changes):
    return switch_threat(params.replace(**changes), "A")


# --------------------------------------------------------------------- 1. the reading


def test_the_reading_never_says_hedging_or_bandwagoning():
    """Section 1: the seed has no word starting with 'hedg' or 'bandwagon' (any case), so
    the lesson presents both as the literature's terms."""
    text = get_seed(2).raw.lower()
    assert {w: text.count(w) for w in ("hedg", "bandwagon")} == {"hedg": 0, "bandwagon": 0}


def test_the_reading_uses_leverage_for_the_small_states_room():
    """Section 1: the heading quoted first speaks of the small state's 'Policy leverage',
    which is why no model quantity is called leverage."""
    quote = get_seed(2).quote("Policy leverage grows with diversified partnerships",
                              sentence=True)
    assert quote.text == ("Policy leverage grows with diversified partnerships and credible "
                          "safeguards.")


# --------------------------------------------------------------------- 2. the model


def test_concentration_table_of_the_three_illustrative_states():
    """Section 2, the table: H 0.179 / 0.340 / 0.129, C 0.423 / 0.583 / 0.359, equivalent
    partners 5.593 / 2.941 / 7.764."""
    summary = concentration_table(load_small_states())
    assert_allclose(summary["hhi"], [0.1788, 0.34, 0.1288], rtol=1e-12)
    assert_allclose(summary["hirschman_index"], [0.4228, 0.5831, 0.3589], atol=5e-5)
    assert_allclose(summary["equivalent_partners"], [5.593, 2.941, 7.764], atol=5e-4)
    assert_allclose(summary.loc["Concentrated exporter", "share_a"], 0.55)


def test_diversifying_to_an_existing_partner_can_raise_concentration():
    """Section 2: (0.5, 0.4, 0.1) has H = 0.42; moving 0.2 from the largest to a new partner
    gives 0.30 (2 delta (delta - s1) = -0.12), to the 0.4 partner 0.46."""
    assert_allclose(hhi([0.5, 0.4, 0.1]), 0.42, rtol=1e-12)
    assert_allclose(hhi([0.3, 0.4, 0.1, 0.2]), 0.30, rtol=1e-12)
    assert_allclose(hhi([0.3, 0.4, 0.1, 0.2]) - 0.42, 2 * 0.2 * (0.2 - 0.5), rtol=1e-12)
    assert_allclose(hhi([0.3, 0.6, 0.1]), 0.46, rtol=1e-12)


def test_extractable_surplus_table_and_binding_level():
    """Section 2: for s = 0.30, X = 0.15 for o <= 0.15 (the option does not bind), then
    s - o, and 0 once o > s; it binds from 0.15. X grows with the trade share."""
    options = [0.0, 0.10, 0.15, 0.20, 0.30, 0.40]
    assert_allclose(extractable_surplus(0.30, options), [0.15, 0.15, 0.15, 0.10, 0.0, 0.0],
                    atol=1e-12)
    assert binding_option_level(0.30) == pytest.approx(0.15)
    shares = np.linspace(0.0, 1.0, 11)
    assert np.all(np.diff(extractable_surplus(shares, 0.1)) >= 0)


# --------------------------------------------------------------------- 3. worked example


def test_worked_example_by_hand():
    """Section 3: w = (3, 4): a0 = 9/25, U(a0) = 5 = sqrt(25), U(1) = 3; A's zero-tolerance
    switch threat 2 (p = 1), 4 (p = 0.5), 1 + 2/0.5 = 5 with r = 1; a threat of 2.5 makes the
    state bandwagon, 1.5 leaves it hedging."""
    example = AlignmentParams(value_a=3.0, value_b=4.0)
    assert threat_free_alignment(3.0, 4.0) == pytest.approx(0.36)
    assert_allclose(alignment_benefit(example, [0.36, 1.0]), [5.0, 3.0], rtol=1e-12)
    assert_allclose([_t_star(example), _t_star(example, credibility_a=0.5),
                     _t_star(example, credibility_a=0.5, regional_option=1.0)],
                    [2.0, 4.0, 5.0], rtol=1e-12)
    assert optimal_alignment(example.replace(threat_a=2.5)).regime == "bandwagon_a"
    assert optimal_alignment(example.replace(threat_a=1.5)).regime == "hedge"


# --------------------------------------------------------------------- 4. the dashboard


def test_dashboard_default_readout():
    """Section 4: a* = 0.590 = a0 (hedging), sanctioned by A with expected loss 0.065,
    t* = 0.265, H = 0.179, C = 0.423, A extracts 0.150 and the option binds from 0.150."""
    view = alignment_view(0.30, 0.15, 0.5, 0.10, 0.02)
    assert view.optimum.alignment == pytest.approx(0.09 / 0.1525)
    assert view.optimum.regime == "hedge" and view.optimum.sanctioned_by == ("A",)
    assert view.optimum.expected_loss == pytest.approx(0.5 * (0.15 - 0.02))
    assert view.switch_threat_a == pytest.approx(0.02 + (0.1525**0.5 - 0.30 + 0.4 * 0.08) / 0.5)
    assert (view.hhi, view.hirschman_index) == pytest.approx((0.1788, 0.42285), abs=5e-6)
    assert (view.surplus_a, view.binding_option_a) == pytest.approx((0.15, 0.15))
    assert "a* = 0.590 (hedging)" in dashboard().readout_text


def test_try_this_1_past_the_switch_threat_b_sanctions():
    """Try this 1: past t* = 0.265 the state aligns fully with A and B sanctions it
    (1 > B's tolerance 0.6), expected loss 0.4 (0.10 - 0.02) = 0.032."""
    best = alignment_view(0.30, 0.30, 0.5, 0.10, 0.02).optimum
    assert best.alignment == 1.0 and best.regime == "bandwagon_a"
    assert best.sanctioned_by == ("B",) and best.expected_loss == pytest.approx(0.032)
    assert alignment_view(0.30, 0.25, 0.5, 0.10, 0.02).optimum.regime == "hedge"


def test_try_this_2_the_optimum_sits_on_bs_edge_a_kink():
    """Try this 2: with A's share 0.40, a0 = 0.719 > 0.6 but a* = 0.6 exactly, not
    sanctioned by B; the benefit still rises there (U'(0.6) > 0), and just beyond 0.6 the
    payoff drops by B's expected penalty. (Already at share 0.35 the optimum is 0.6.)"""
    view = alignment_view(0.40, 0.15, 0.5, 0.10, 0.02)
    best = view.optimum
    assert best.threat_free > 0.6 and best.alignment == pytest.approx(0.6)
    assert best.sanctioned_by == ("A",) and best.at_edge_of == ("B",)
    assert alignment_view(0.35, 0.15, 0.5, 0.10, 0.02).optimum.alignment == pytest.approx(0.6)
    slope = 0.40 * 0.5 / np.sqrt(0.6) - 0.25 * 0.5 / np.sqrt(0.4)
    assert slope > 0
    drop = alignment_payoff(view.params, 0.6) - alignment_payoff(view.params, 0.6 + 1e-9)
    assert drop == pytest.approx(0.032, rel=1e-6)


def test_try_this_3_a_threat_from_b_keeps_the_state_hedging():
    """Try this 3: A's share 0.45, B's threat 0: the state bandwagons with A (t* = 0.1496 <
    0.15); B's threat 0.05 brings it back to 0.6."""
    alone = alignment_view(0.45, 0.15, 0.5, 0.0, 0.02)
    assert alone.switch_threat_a == pytest.approx(0.1496, abs=5e-5)
    assert alone.optimum.regime == "bandwagon_a"
    back = alignment_view(0.45, 0.15, 0.5, 0.05, 0.02).optimum
    assert back.regime == "hedge" and back.alignment == pytest.approx(0.6)


def test_try_this_4_and_figure_3_the_state_swings_back():
    """Try this 4 and section 5: threat 0.5 at p_A = 0.25, t_B = 0.10: hedge for r <= 0.02,
    bandwagon for 0.04 <= r <= 0.12, hedge from 0.14 on (dashboard grid of r)."""
    regimes = [alignment_view(0.30, 0.5, 0.25, 0.10, float(r)).optimum.regime
               for r in np.round(np.arange(0.0, 0.301, 0.02), 2)]
    assert regimes == ["hedge"] * 2 + ["bandwagon_a"] * 5 + ["hedge"] * 9


# --------------------------------------------------------------------- 5. comparative statics


def test_more_pressure_from_a_never_moves_the_state_away_on_the_dashboard_grid():
    """Section 5: a* is nondecreasing in A's threat and in its credibility (checked on the
    dashboard's grid of both, other sliders at their defaults)."""
    threats = np.round(np.arange(0.0, 0.501, 0.05), 2)
    credibilities = np.round(np.arange(0.0, 1.001, 0.05), 2)
    grid = np.array([[alignment_view(0.30, t, p, 0.10, 0.02).optimum.alignment
                      for p in credibilities] for t in threats])
    assert np.all(np.diff(grid, axis=0) >= 0) and np.all(np.diff(grid, axis=1) >= 0)


def test_figure_1_switch_threats_and_the_non_monotone_loss():
    """Section 5 and Figure 1: t* = 0.265 (p_A = 0.5) and 0.143 (p_A = 1); the loss borne is
    0 up to a threat of 0.02 (= r), rises to 0.123 at the switch, then falls to 0.032 (from
    B); a* jumps from 0.590 to 1."""
    for p, expected in ((0.5, 0.265025), (1.0, 0.142512)):
        params = BASE.replace(credibility_a=p)
        t_star = switch_threat(params, "A")
        assert t_star == pytest.approx(expected, abs=1e-6)
        before = optimal_alignment(params.replace(threat_a=t_star - 1e-6))
        after = optimal_alignment(params.replace(threat_a=t_star + 1e-6))
        assert before.alignment == pytest.approx(0.5902, abs=1e-4) and after.alignment == 1.0
        assert before.expected_loss == pytest.approx(0.1225, abs=1e-4)
        assert after.expected_loss == pytest.approx(0.032) and after.sanctioned_by == ("B",)
        sweep = alignment_sweep(params, "threat_a", np.linspace(0.0, 0.5, 501))
        loss = sweep["expected_loss"].to_numpy()
        assert np.all(loss[sweep["threat_a"] <= 0.02] == 0.0)
        rising = sweep["threat_a"].to_numpy() < t_star
        assert np.all(np.diff(loss[rising]) >= 0) and loss[~rising].max() == pytest.approx(0.032)


def test_figure_2_the_option_widens_the_region_when_a_is_more_credible():
    """Figure 2, left (p_A = 0.5 > p_B = 0.4): r = 0.10 raises A's switch threat at every
    share from 0.10 to 0.70, by at least 0.02 = 0.10 (1 - 0.4/0.5)."""
    params = BASE.replace(credibility_a=0.5)
    shares = np.linspace(0.10, 0.70, 121)
    gain = [_t_star(params, value_a=s, regional_option=0.1) - _t_star(params, value_a=s,
                                                                       regional_option=0.0)
            for s in shares]
    assert min(gain) == pytest.approx(0.02, abs=1e-9)


def test_figure_2_the_option_narrows_the_region_below_a_share_of_051():
    """Figure 2, right (p_A = 0.25 < p_B): r = 0.10 lowers A's switch threat for shares below
    0.5115 (by 0.06 = 0.10 (0.4/0.25 - 1) while a0 < 0.6) and raises it above."""
    params = BASE.replace(credibility_a=0.25)

    def change(s):
        return (_t_star(params, value_a=s, regional_option=0.1)
                - _t_star(params, value_a=s, regional_option=0.0))

    crossing = brentq(change, 0.3, 0.7)
    assert crossing == pytest.approx(0.5115, abs=5e-4)
    assert all(change(s) < 0 for s in np.linspace(0.10, crossing - 1e-3, 50))
    assert all(change(s) > 0 for s in np.linspace(crossing + 1e-3, 0.70, 20))
    assert change(0.30) == pytest.approx(-0.06, abs=1e-12)


def test_figure_2_table_and_dependence_lowers_the_switch_threat():
    """The table of section 5 (shares 0.2-0.6), and section 6: in each case the switch
    threat falls as A's share rises (a more dependent state bandwagons sooner)."""
    shares = [0.20, 0.30, 0.40, 0.50, 0.60]
    expected = {(0.5, 0.0): [0.320, 0.261, 0.216, 0.171, 0.126],
                (0.5, 0.1): [0.340, 0.281, 0.243, 0.218, 0.200],
                (0.25, 0.0): [0.641, 0.522, 0.432, 0.342, 0.251],
                (0.25, 0.1): [0.581, 0.462, 0.387, 0.336, 0.300]}
    for (p, r), values in expected.items():
        row = [_t_star(BASE, value_a=s, credibility_a=p, regional_option=r) for s in shares]
        assert_allclose(row, values, atol=5e-4)
        dense = [_t_star(BASE, value_a=s, credibility_a=p, regional_option=r)
                 for s in np.linspace(0.10, 0.70, 61)]
        assert np.all(np.diff(dense) < 0)


def test_figure_3_the_switch_threat_is_v_shaped_in_the_option():
    """Figure 3, left: with p_A = 0.25 the switch threat falls with slope 1 - 0.4/0.25 = -0.6
    up to r = t_B = 0.10 (0.522 -> 0.462), then rises with slope 1 (0.502 at 0.14, 0.662 at
    0.30); with p_A = 0.5 it rises throughout, from 0.261 to 0.481."""
    low = BASE.replace(credibility_a=0.25)
    options = np.linspace(0.0, 0.3, 151)
    curve = np.array([_t_star(low, regional_option=r) for r in options])
    assert options[int(np.argmin(curve))] == pytest.approx(0.10)
    assert_allclose(curve[[0, 50, 70, 150]], [0.52205, 0.46205, 0.50205, 0.66205], atol=1e-5)
    assert_allclose(np.diff(curve[:51]) / np.diff(options[:51]), -0.6, atol=1e-9)
    assert_allclose(np.diff(curve[50:]) / np.diff(options[50:]), 1.0, atol=1e-9)
    high = np.array([_t_star(BASE, regional_option=r) for r in options])
    assert np.all(np.diff(high) > 0)
    assert_allclose(high[[0, -1]], [0.26102, 0.48102], atol=1e-5)


def test_figure_3_the_outside_option_binds_late():
    """Figure 3, right: X is flat at 0.15 (0.275) until o = 0.15 (0.275), then falls one for
    one to 0 at o = 0.30 (0.55)."""
    for s in (0.30, 0.55):
        level = binding_option_level(s)
        assert level == pytest.approx(s / 2)
        flat = np.linspace(0.0, level, 11)
        assert_allclose(extractable_surplus(s, flat), s / 2, atol=1e-12)
        falling = np.linspace(level, s, 11)
        assert_allclose(extractable_surplus(s, falling), s - falling, atol=1e-12)
        assert extractable_surplus(s, s + 0.01) == 0.0


def test_a_tolerant_power_can_win_more_alignment():
    """Section 5, last table: w = (1, 1), A's expected penalty 0.1: a* = 0.5 (sanctioned by A)
    for tolerances up to 0.15, then 0.83, 0.8, 0.7, 0.6 at 0.17-0.4 (unsanctioned), back to
    0.5 at 0.5. The switch is at tau* solving sqrt(2) - (sqrt(1 - tau) + sqrt(tau)) = 0.1."""
    tolerant = AlignmentParams(value_a=1.0, value_b=1.0, threat_a=0.1)
    tolerances = [0.0, 0.10, 0.15, 0.17, 0.20, 0.30, 0.40, 0.50]
    sweep = alignment_sweep(tolerant, "tolerance_a", tolerances)
    assert_allclose(sweep["alignment"], [0.5, 0.5, 0.5, 0.83, 0.8, 0.7, 0.6, 0.5], atol=1e-12)
    assert sweep["sanctioned_by"].tolist() == ["A"] * 3 + [""] * 5
    tau = brentq(lambda t: np.sqrt(2) - (np.sqrt(1 - t) + np.sqrt(t)) - 0.1, 0.01, 0.5)
    assert tau == pytest.approx(0.156765, abs=1e-6)
    assert 0.15 < tau < 0.17


def test_try_this_5_a_knife_edge_at_share_060():
    """Try this 5: at A's share 0.60 the benefit gap sqrt(0.36 + 0.0625) - 0.6 is exactly
    0.05; with A's expected penalty 0.5 x 0.10 = 0.05 (r = 0) hedging at a0 = 0.852 and
    bandwagoning tie (both also bear B's 0.4 x 0.05); the model picks a = 1; one slider step
    breaks the tie."""
    assert np.sqrt(0.36 + 0.0625) - 0.6 == pytest.approx(0.05, abs=1e-15)
    best = alignment_view(0.60, 0.10, 0.5, 0.05, 0.0).optimum
    assert best.knife_edge and best.alignment == 1.0
    assert best.optima == pytest.approx((0.36 / 0.4225, 1.0))
    assert best.sanctioned_by == ("B",)
    for step in ((0.55, 0.10, 0.5, 0.05, 0.0), (0.60, 0.15, 0.5, 0.05, 0.0),
                 (0.60, 0.10, 0.55, 0.05, 0.0), (0.60, 0.10, 0.5, 0.10, 0.0),
                 (0.60, 0.10, 0.5, 0.05, 0.02)):
        assert not alignment_view(*step).optimum.knife_edge


def test_threat_and_credibility_do_not_act_only_through_their_product():
    """Section 4: with a regional option, the expected penalty p max(t - r, 0) depends on t and
    p separately: t = 0.2, p = 0.5 gives 0.09 and t = 0.1, p = 1 gives 0.08 at r = 0.02."""
    one = BASE.replace(threat_a=0.2, credibility_a=0.5).expected_penalty_a
    two = BASE.replace(threat_a=0.1, credibility_a=1.0).expected_penalty_a
    assert (one, two) == pytest.approx((0.09, 0.08))
