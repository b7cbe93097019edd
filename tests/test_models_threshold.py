"""Tests for sanclab.models.threshold: Granovetter's (1978) threshold cascade.

Each test's docstring states the known result it checks. Property tests use hypothesis with
``deadline=None`` (no test depends on timing).
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.models import threshold_cascade

RTOL = 1e-12
PROPERTY = settings(deadline=None, max_examples=150)
unit = st.floats(0.0, 1.0, allow_nan=False)

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
