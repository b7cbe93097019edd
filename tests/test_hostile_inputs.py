"""Hostile and extreme inputs (issue 16): no hang, no quadratic blow-up, no silent wrong answer.

Each test reproduces one failure found by an adversarial pass and pins the fix. Big inputs
are generated here, never committed; time budgets are shown by ``benchmarks/run.py``, never
asserted in a test.
"""

from __future__ import annotations

import importlib
import random

import pytest
from _synthetic import make_reading

from sanclab.errata import MAX_SUGGESTION_SEARCHES, MAX_TWO_EDIT_SEARCHES, errata

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
