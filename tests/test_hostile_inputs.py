"""Hostile and extreme inputs (issue 16): no hang, no quadratic blow-up, no silent wrong answer.

Each test reproduces one failure found by an adversarial pass and pins the fix. Big inputs
are generated here, never committed; time budgets are shown by ``benchmarks/run.py``, never
asserted in a test.
"""

from __future__ import annotations

import importlib
import random
import tracemalloc

import numpy as np
import pytest
from _synthetic import make_reading
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from numpy.testing import assert_allclose

from sanclab.errata import MAX_SUGGESTION_SEARCHES, MAX_TWO_EDIT_SEARCHES, errata
from sanclab.models import participation
from sanclab.models.participation import (
    ParticipationGame,
    minimal_full_participation_penalty,
)

errata_module = importlib.import_module("sanclab.errata")  # `sanclab.errata` is also a function

# --- errata: a reading of gibberish -------------------------------------------------------


def _gibberish(count: int, seed: int = 16) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice("bcdfghjklmnpqrstvwxz") for _ in range(rng.randint(5, 8)))
            for _ in range(count)]


@pytest.mark.parametrize("word", ["alyy", "eszyc"])
def test_two_edit_search_equals_pyspellchecker(word):
    """The faster two-edit look-up finds exactly spell.known(spell.edit_distance_2(word))."""
    spell = errata_module._spellchecker()
    assert errata_module._known_two_edits_away(word) == spell.known(spell.edit_distance_2(word))


def test_gibberish_reading_stays_within_the_suggestion_budget(monkeypatch):
    """A paragraph of 1,000 distinct consonant strings (each took seconds of two-edit search,
    so 20 kB of them hung `annotate --format html`): every word is reported, each distinct
    word is searched at most once, at most MAX_SUGGESTION_SEARCHES searches and at most
    MAX_TWO_EDIT_SEARCHES two-edit searches run; words past the budget get no suggestion."""
    words = _gibberish(1000)
    words = words + words[:50]  # repeats are not searched again
    calls = {"search": [], "two": 0}
    real_search = errata_module._suggest_folded

    def counting_search(folded, two_edits):
        calls["search"].append(folded)
        return real_search(folded, two_edits)

    def no_two_edit_search(folded):
        calls["two"] += 1
        return set()

    monkeypatch.setattr(errata_module, "_suggest_folded", counting_search)
    monkeypatch.setattr(errata_module, "_known_two_edits_away", no_two_edit_search)
    frame = errata(make_reading([("p", " ".join(words))]))
    assert frame.word.tolist() == words
    assert len(calls["search"]) == len(set(calls["search"])) == MAX_SUGGESTION_SEARCHES
    assert calls["two"] == MAX_TWO_EDIT_SEARCHES
    assert frame.suggestion.iloc[MAX_SUGGESTION_SEARCHES:1000].isna().all()


def test_repeated_misspelling_keeps_its_suggestion_and_case():
    """'Goverment' twice, then 'goverment': all three suggested, capital kept, one search."""
    frame = errata(make_reading([("p", "Goverment acts. Goverment waits. The goverment.")]))
    assert frame.suggestion.tolist() == ["Government", "Government", "government"]


# --- the minimal full-participation penalty: O(N) memory ------------------------------------


def old_minimal_penalty(params) -> float:
    """participation._minimal_penalty before issue 16, verbatim but for inlining the n x n
    matrix of the others' shares that _others_coverage built."""
    off_diagonal = np.tile(params.trade_share[:, None], (1, params.n))
    np.fill_diagonal(off_diagonal, 0.0)
    everyone = np.ones((1, params.n), dtype=bool)
    coverage = params.leader_share + everyone.astype(float) @ off_diagonal
    shortfall = -participation._gains(coverage[0], participation._with_penalty(params, 0.0))
    x = params.secondary_exposure
    unreachable = (x == 0.0) & (shortfall > params.tolerance)
    if unreachable.any():
        return float(np.inf)
    exposed = x > 0.0
    with np.errstate(over="ignore"):
        needed = shortfall[exposed] / x[exposed]
    return float(max(0.0, needed.max())) if needed.size else 0.0


@st.composite
def small_games(draw, max_n=6):
    """Random participation games with 1..max_n allies (shares of leader + allies <= 1)."""
    n = draw(st.integers(1, max_n))
    raw = np.array(draw(st.lists(st.floats(0.0, 1.0), min_size=n + 2, max_size=n + 2)))
    assume(raw.sum() > 1e-3)
    shares = raw / raw.sum()
    floats = st.floats(0.0, 1.0)
    return ParticipationGame(
        shares[1:n + 1],
        draw(st.lists(st.sampled_from([0.0, 0.05, 0.5, 1.0]) | floats, min_size=n, max_size=n)),
        draw(st.lists(st.floats(0.0, 2.0), min_size=n, max_size=n)),
        draw(st.lists(st.sampled_from([0.0, 1.0]) | floats, min_size=n, max_size=n)),
        leader_share=float(shares[0]),
        diversion=draw(floats),
        benefit=draw(st.floats(0.0, 3.0)),
    )


@settings(max_examples=300, deadline=None)
@given(small_games())
def test_minimal_penalty_equals_the_old_implementation_and_the_enumeration(game):
    """Random games of up to 6 allies: the O(N) p* equals the old n x n computation (to
    1e-12 relative; inf exactly when it was inf); full participation is an equilibrium at p*
    (enumeration of all 2^N profiles) and not at p* - 2 tol / min(x), where the ally that
    binds loses at least twice the equilibrium test's tolerance tol by staying."""
    p_star = game.minimal_full_participation_penalty()
    old = old_minimal_penalty(game._params)
    assert np.isinf(p_star) == np.isinf(old)
    if np.isfinite(old):
        assert_allclose(p_star, old, rtol=1e-12, atol=1e-15)
    everyone = (True,) * game.n_allies
    if np.isfinite(p_star) and p_star < 1e300:
        assert everyone in {tuple(r) for r in game.with_penalty(p_star).pure_equilibria()}
        x = game.exposure * (1 - game.carve_out)
        with np.errstate(over="ignore"):  # a minute exposure: the margin overflows to inf
            below = p_star - 2 * game._params.tolerance / x[x > 0].min() if p_star > 0 else -1
        if below >= 0:
            equilibria = game.with_penalty(below).pure_equilibria()
            assert everyone not in {tuple(r) for r in equilibria}


def test_minimal_penalty_for_a_million_allies_in_linear_memory():
    """10^6 identical allies (w = 0.5/N, leader 0.5, e = 0.5, c = 0.1, d = 0.5, B = 1): the
    old n x n matrix asked for 7.28 TiB. Now p* = (c - B (E(1) - E(1 - w))) / e with
    E(s) = s (1 - d (1 - s)), and the traced peak stays under 200 bytes per ally."""
    n = 10**6
    w = 0.5 / n
    tracemalloc.start()
    try:
        p_star = minimal_full_participation_penalty(
            np.full(n, w), np.full(n, 0.5), np.full(n, 0.1), leader_share=0.5,
            diversion=0.5, benefit=1.0)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert_allclose(p_star, (0.1 - (1.0 - (1 - w) * (1 - 0.5 * w))) / 0.5, rtol=1e-9)
    assert peak < 200 * n
