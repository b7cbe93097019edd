"""Tests for sanclab.models.survival: the course's selectorate model of leader survival.

Each test's docstring states the closed-form result it reproduces (derived in the module
docstring). Unless said otherwise: S = 100, W = 10, R = 100, no public-goods value
(alpha = 0) and full challenger relief (rho = 1). Property tests use hypothesis with
``deadline=None``.
"""

from __future__ import annotations

import math

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import (
    MARGIN_TOLERANCE,
    Allocation,
    SelectorateModel,
    allocation,
    challenger_offer,
    cost_imposed,
    critical_challenger_relief,
    critical_rent_cut,
    critical_revenue_cut,
    defection_margin,
    incumbent_advantage,
    incumbent_best_offer,
    margin_loss_per_cost,
    survives,
)

RTOL = 1e-12
PROPERTY = settings(deadline=None, max_examples=200)
BASE = SelectorateModel(selectorate=100, winning_coalition=10, revenue=100)

unit = st.floats(0.0, 1.0)


@st.composite
def regimes(draw, max_public_value=0.2):
    """A random regime with random sanctions."""
    s = draw(st.integers(1, 500))
    return SelectorateModel(
        selectorate=s,
        winning_coalition=draw(st.integers(1, s)),
        revenue=draw(st.floats(1.0, 1000.0)),
        public_value=draw(st.floats(0.0, max_public_value)),
        revenue_cut=draw(unit),
        rent_cut=draw(unit),
        challenger_relief=draw(unit),
    )


# --------------------------------------------------------------------------------------------
# Offers, margin, advantage
# --------------------------------------------------------------------------------------------


def test_offers_without_sanctions():
    """U_I = R/W = 10, U_C = R/S = 1 (a defector's chance W/S of the challenger's R/W),
    margin 9, advantage 1 - W/S = 0.9; revenue goes 10 to the coalition, 90 to public goods;
    each member gets R/S = 1 whatever W is."""
    assert incumbent_best_offer(BASE) == 10.0
    assert challenger_offer(BASE) == 1.0
    assert defection_margin(BASE) == 9.0
    assert_allclose(incumbent_advantage(BASE), 0.9, rtol=RTOL)
    assert allocation(BASE) == Allocation(
        public=90.0, private=10.0, private_per_member=1.0, survives=True
    )
    for w in (5, 10, 50):
        assert_allclose(allocation(BASE.replace(winning_coalition=w)).private_per_member, 1.0)


@pytest.mark.parametrize(("w", "advantage"), [(1, 0.99), (10, 0.9), (50, 0.5), (80, 0.2)])
def test_advantage_is_one_minus_loyalty_norm(w, advantage):
    """Without sanctions and alpha = 0 the incumbent's advantage is 1 - W/S (S = 100)."""
    model = BASE.replace(winning_coalition=w)
    assert_allclose(incumbent_advantage(model), 1 - model.loyalty_norm, rtol=RTOL)
    assert_allclose(incumbent_advantage(model), advantage, rtol=RTOL)


def test_no_advantage_when_everyone_is_in_the_coalition():
    """With W = S the challenger's promise is as good as the incumbent's: advantage 0, a tie
    the incumbent survives, and any comprehensive sanction with relief topples her."""
    model = BASE.replace(winning_coalition=100)
    assert incumbent_advantage(model) == 0.0 and survives(model)
    assert critical_revenue_cut(model) == 0.0


@PROPERTY
@given(regimes(), st.data())
def test_advantage_falls_as_the_loyalty_norm_rises(model, data):
    """The incumbent's advantage and margin never rise with W (S fixed) and never fall with
    S (W fixed), whatever alpha and the sanctions: a larger W/S means weaker loyalty."""
    w2 = data.draw(st.integers(model.winning_coalition, model.selectorate))
    larger_w = model.replace(winning_coalition=w2)
    assert incumbent_advantage(larger_w) <= incumbent_advantage(model) + 1e-12
    assert defection_margin(larger_w) <= defection_margin(model) + 1e-9
    larger_s = model.replace(selectorate=model.selectorate + data.draw(st.integers(0, 100)))
    assert incumbent_advantage(larger_s) >= incumbent_advantage(model) - 1e-12


@PROPERTY
@given(st.integers(1, 1000), st.data())
def test_advantage_closed_form(s, data):
    """alpha <= 1/S, no sanctions: advantage = 1 - W/S exactly."""
    w = data.draw(st.integers(1, s))
    alpha = data.draw(st.floats(0.0, 1.0 / s))
    model = SelectorateModel(s, w, public_value=alpha)
    assert_allclose(incumbent_advantage(model), 1 - w / s, rtol=1e-9, atol=1e-12)


# --------------------------------------------------------------------------------------------
# Comprehensive sanctions: who absorbs a revenue cut
# --------------------------------------------------------------------------------------------


def test_small_coalition_revenue_cut_falls_on_public_goods():
    """W/S = 0.1, full relief: a revenue cut of 50% takes public goods from 90 to 40 and
    leaves the coalition's private goods at 10; the leader survives every cut up to
    1 - W/S = 0.9 (a tie at 0.9) and falls beyond."""
    half = allocation(BASE.replace(revenue_cut=0.5))
    assert (half.public, half.private, half.survives) == (40.0, 10.0, True)
    edge = BASE.replace(revenue_cut=0.9)
    assert survives(edge) and allocation(edge).private == pytest.approx(10.0, rel=1e-12)
    assert allocation(edge).public == pytest.approx(0.0, abs=1e-12)
    assert not survives(BASE.replace(revenue_cut=0.9 + 1e-6))
    assert_allclose(critical_revenue_cut(BASE), 0.9, rtol=1e-12)


def test_large_coalition_has_a_thin_cushion():
    """W/S = 0.8, full relief: public goods are only 20 of 100; a 10% cut leaves 10, a 30%
    cut would have to come out of the coalition's private goods and the leader falls
    (critical cut 1 - W/S = 0.2)."""
    big = BASE.replace(winning_coalition=80)
    assert allocation(big).public == pytest.approx(20.0, rel=1e-12)
    assert allocation(big.replace(revenue_cut=0.1)).public == pytest.approx(10.0, rel=1e-12)
    assert not survives(big.replace(revenue_cut=0.3))
    assert_allclose(critical_revenue_cut(big), 0.2, rtol=1e-12)


@PROPERTY
@given(st.integers(2, 500), st.data())
def test_prediction_rule_public_goods_absorb_cuts_up_to_one_minus_w_over_s(s, data):
    """alpha = 0, full relief: while the cut is at most 1 - W/S the coalition's private goods
    stay at (W/S) R and public goods absorb the whole cut; beyond it the leader falls."""
    w = data.draw(st.integers(1, s))
    cut = data.draw(unit)
    model = SelectorateModel(s, w, revenue=100.0, revenue_cut=cut)
    if cut <= 1 - w / s - 1e-6:
        result = allocation(model)
        assert result.survives
        assert_allclose(result.private, 100 * w / s, rtol=1e-9)
        assert_allclose(result.public, 100 * (1 - cut) - 100 * w / s, rtol=1e-9, atol=1e-9)
    elif cut >= 1 - w / s + 1e-6:
        assert not survives(model)


def test_without_relief_the_coalition_shares_the_cut_and_the_leader_never_falls():
    """challenger_relief = 0 (sanctions stay whoever rules): a share W/S of any cut falls on the
    coalition's private goods (W = 80: a 30% cut takes private goods from 80 to 56 and
    public goods from 20 to 14) and no cut below 100% topples the leader."""
    big = BASE.replace(winning_coalition=80, challenger_relief=0.0)
    result = allocation(big.replace(revenue_cut=0.3))
    assert_allclose([result.private, result.public], [56.0, 14.0], rtol=1e-12)
    assert result.survives
    assert critical_revenue_cut(big) is None
    assert critical_revenue_cut(BASE.replace(challenger_relief=0.0)) is None


@PROPERTY
@given(st.integers(1, 500), st.data())
def test_critical_revenue_cut_closed_form(s, data):
    """alpha = 0, no targeted sanctions: the leader falls at s* = (S - W)/(S - W + rho W);
    never (None) without relief. (Relief below 1e-6 is not drawn: there the drop in the
    margin is within the survival tolerance.)"""
    w = data.draw(st.integers(1, s))
    rho = data.draw(st.just(0.0) | st.floats(1e-6, 1.0))
    found = critical_revenue_cut(SelectorateModel(s, w, challenger_relief=rho))
    if rho == 0.0:
        assert found is None
    else:
        assert_allclose(found, (s - w) / (s - w + rho * w), rtol=1e-9, atol=1e-12)


def test_public_goods_fall_by_more_than_the_cut_when_members_value_them():
    """alpha = 0.005 (< 1/S), full relief: private goods (U_C - alpha R_I)/(1/W - alpha) RISE
    from 100/19 = 5.26 to 150/19 = 7.89 when revenue halves, and public goods fall from
    1800/19 = 94.74 to 800/19 = 42.11, i.e. by 52.6 for a cut of 50 (factor 1/(1 - alpha W)
    = 20/19): the leader replaces lost public goods with private ones."""
    model = BASE.replace(public_value=0.005)
    before, after = allocation(model), allocation(model.replace(revenue_cut=0.5))
    assert_allclose([before.private, before.public], [100 / 19, 1800 / 19], rtol=1e-12)
    assert_allclose([after.private, after.public], [150 / 19, 800 / 19], rtol=1e-12)
    assert after.private > before.private
    assert_allclose((before.public - after.public) / 50, 20 / 19, rtol=1e-12)
    assert_allclose(critical_revenue_cut(model), 0.9, rtol=1e-12)


def test_public_lure_knife_edge():
    """alpha = 0.05 > 1/S: the challenger's best lure is public goods (U_C = alpha R = 5); the
    incumbent matches with public goods alone, and targeted sanctions only bring the margin
    down to an exact tie (0 from t = 0.5 on): they can never topple her."""
    model = BASE.replace(public_value=0.05)
    assert challenger_offer(model) == 5.0
    assert allocation(model).private == 0.0 and allocation(model).public == 100.0
    assert defection_margin(model.replace(rent_cut=0.3)) == pytest.approx(2.0, rel=1e-12)
    for t in (0.5, 0.9, 1.0):
        assert defection_margin(model.replace(rent_cut=t)) == pytest.approx(0.0, abs=1e-12)
        assert survives(model.replace(rent_cut=t))
    assert critical_rent_cut(model) is None


# --------------------------------------------------------------------------------------------
# Targeted sanctions and the comparison per unit of cost (the course's construction)
# --------------------------------------------------------------------------------------------


def test_targeted_sanctions_with_relief_are_paid_for_by_the_public():
    """Targeted sanctions t = 0.5 with full relief: the leader doubles the coalition's private
    goods (10 -> 20) to keep it loyal, so public goods fall from 90 to 80; without relief
    (the challenger's rents would be hit too) nothing is reallocated (10 and 90) but the
    margin halves (9 -> 4.5)."""
    with_relief = allocation(BASE.replace(rent_cut=0.5))
    assert_allclose([with_relief.private, with_relief.public], [20.0, 80.0], rtol=1e-12)
    no_relief = BASE.replace(rent_cut=0.5, challenger_relief=0.0)
    assert_allclose([allocation(no_relief).private, allocation(no_relief).public], [10, 90])
    assert_allclose(defection_margin(no_relief), 4.5, rtol=1e-12)
    assert_allclose(critical_rent_cut(BASE), 0.9, rtol=1e-12)
    assert critical_rent_cut(BASE.replace(challenger_relief=0.0)) is None


def test_cost_imposed():
    """Cost = s R + t P: 20 for a 20% revenue cut; 0.5 x 20 = 10 for t = 0.5 (P = 20)."""
    assert cost_imposed(BASE.replace(revenue_cut=0.2)) == 20.0
    assert_allclose(cost_imposed(BASE.replace(rent_cut=0.5)), 10.0, rtol=1e-12)
    assert cost_imposed(BASE) == 0.0


def test_targeted_beats_comprehensive_per_unit_of_cost():
    """The course's result (not a published finding): margin lost per unit of cost is 1/W =
    0.1 for comprehensive sanctions and S(1 - t)/W^2 for targeted ones (0.9 at t = 0.1,
    0.5 at t = 0.5): targeted sanctions do (S/W)(1 - t) times as much, equally much exactly
    at the toppling size t = 1 - W/S = 0.9."""
    for size in (0.1, 0.5, 0.8):
        assert_allclose(margin_loss_per_cost(BASE.replace(revenue_cut=size)), 0.1, rtol=1e-12)
    assert_allclose(margin_loss_per_cost(BASE.replace(rent_cut=0.1)), 0.9, rtol=1e-12)
    assert_allclose(margin_loss_per_cost(BASE.replace(rent_cut=0.5)), 0.5, rtol=1e-12)
    assert_allclose(margin_loss_per_cost(BASE.replace(rent_cut=0.9)), 0.1, rtol=1e-9)


@PROPERTY
@given(st.integers(2, 300), st.data())
def test_per_cost_ratio_closed_forms(s, data):
    """alpha = 0: with full relief the targeted/comprehensive ratio of margin lost per unit
    of cost is (S/W)(1 - t) (while the leader survives); without relief it is S/W."""
    w = data.draw(st.integers(1, s - 1))
    size = data.draw(st.floats(0.01, 0.99))
    model = SelectorateModel(s, w)
    comprehensive = margin_loss_per_cost(model.replace(revenue_cut=size))
    assert_allclose(comprehensive, 1 / w, rtol=1e-9)
    if survives(model.replace(rent_cut=size)):
        targeted = margin_loss_per_cost(model.replace(rent_cut=size))
        assert_allclose(targeted / comprehensive, (s / w) * (1 - size), rtol=1e-9)
    no_relief = model.replace(challenger_relief=0.0)
    ratio = margin_loss_per_cost(no_relief.replace(rent_cut=size)) / margin_loss_per_cost(
        no_relief.replace(revenue_cut=size)
    )
    assert_allclose(ratio, s / w, rtol=1e-9)


# --------------------------------------------------------------------------------------------
# Relief
# --------------------------------------------------------------------------------------------


def test_critical_challenger_relief_closed_form():
    """alpha = 0, t = 0: rho* = (S - W)(1 - s)/(W s); for s = 0.95: 4.5/9.5 = 0.4737. A
    50% cut cannot topple the leader even with full relief (None). With W = S and targeted
    sanctions the margin is an exact tie without relief, and any relief at all topples her
    (rho* = 0 up to the tolerance)."""
    # bisection on survives(), whose relative tolerance is 1e-9
    assert_allclose(critical_challenger_relief(BASE.replace(revenue_cut=0.95)), 4.5 / 9.5,
                    rtol=1e-7)
    assert critical_challenger_relief(BASE.replace(revenue_cut=0.5)) is None
    tie = BASE.replace(winning_coalition=100, rent_cut=0.5, challenger_relief=0.0)
    assert survives(tie) and defection_margin(tie) == 0.0
    assert critical_challenger_relief(tie) == pytest.approx(0.0, abs=1e-8)


@PROPERTY
@given(regimes())
def test_without_relief_the_leader_never_falls(model):
    """With challenger_relief = 0 both sides face the same sanctions, and since W <= S the
    incumbent's best offer is always at least the challenger's: no sanctions alone topple her."""
    no_relief = model.replace(challenger_relief=0.0)
    assert incumbent_best_offer(no_relief) >= challenger_offer(no_relief) * (1 - 1e-12)
    assert survives(no_relief)


@PROPERTY
@given(regimes())
def test_survival_agrees_with_margin_and_allocation(model):
    """survives() is the sign of the margin up to the tolerance; the allocation spends all
    revenue, never negative amounts, and reports the same survival."""
    best, rival = incumbent_best_offer(model), challenger_offer(model)
    assume(abs(best - rival) > 1e-6 * max(best, rival, 1.0))
    assert survives(model) == (best >= rival)
    result = allocation(model)
    assert result.survives == survives(model)
    assert result.public >= -1e-9 and result.private >= -1e-9
    assert_allclose(result.public + result.private, model.incumbent_revenue, rtol=1e-9, atol=1e-9)


def test_tolerance_is_relative():
    """The survival test allows MARGIN_TOLERANCE times the offers, no more."""
    assert MARGIN_TOLERANCE == 1e-9
    assert survives(BASE.replace(revenue_cut=0.9 + 1e-12))
    assert not survives(BASE.replace(revenue_cut=0.9 + 1e-7))


def test_advantage_when_the_incumbent_has_nothing():
    """With all revenue gone the incumbent offers 0: advantage -inf (the challenger offers
    something); with relief 0 both offer nothing: advantage 0."""
    gone = BASE.replace(revenue_cut=1.0)
    assert incumbent_advantage(gone) == -math.inf
    assert incumbent_advantage(gone.replace(challenger_relief=0.0)) == 0.0


# --------------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "error", "message"),
    [
        (
            {"selectorate": 10, "winning_coalition": 20},
            ValueError,
            r"winning_coalition .*\[1, 10\]",
        ),
        ({"selectorate": 0, "winning_coalition": 1}, ValueError, r"selectorate must be in \[1, "),
        (
            {"selectorate": 10.0, "winning_coalition": 5},
            TypeError,
            "selectorate must be an integer",
        ),
        ({"selectorate": 10, "winning_coalition": 5, "revenue": 0}, ValueError, r"revenue .*\(0,"),
        (
            {"selectorate": 10, "winning_coalition": 5, "public_value": -1},
            ValueError,
            "public_value",
        ),
        (
            {"selectorate": 10, "winning_coalition": 5, "revenue_cut": 1.5},
            ValueError,
            "revenue_cut",
        ),
        ({"selectorate": 10, "winning_coalition": 5, "rent_cut": -0.1}, ValueError, "rent_cut"),
        ({"selectorate": 10, "winning_coalition": 5, "challenger_relief": math.nan}, ValueError,
         "challenger_relief"),
        ({"selectorate": 10, "winning_coalition": 5, "challenger_relief": "all"}, TypeError,
         "challenger_relief"),
    ],
)
def test_invalid_parameters_are_rejected(kwargs, error, message):
    """Each invalid parameter raises an error naming it, its value and the allowed range."""
    with pytest.raises(error, match=message):
        SelectorateModel(**kwargs)


def test_margin_loss_per_cost_needs_a_cost():
    """Without sanctions, or with targeted sanctions when no private goods are paid, there is
    no cost to divide by."""
    with pytest.raises(ValueError, match="needs sanctions that impose a cost"):
        margin_loss_per_cost(BASE)
    with pytest.raises(ValueError, match="needs sanctions that impose a cost"):
        margin_loss_per_cost(BASE.replace(public_value=0.05, rent_cut=0.3))
