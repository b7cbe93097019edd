"""Tests for sanclab.glossary and data/glossary.yaml."""

from __future__ import annotations

import re

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sanclab.glossary import (
    CATEGORIES,
    Concept,
    Glossary,
    GlossaryError,
    default_glossary_path,
    load_glossary,
    normalize_term,
)
from sanclab.references import load_bibliography

GLOSSARY = load_glossary()

# The brief for the glossary names these concepts (instruments, actors, mechanisms, models);
# each must be found by lookup (term or alias).
REQUIRED = [
    "asset freeze", "export controls", "secondary sanctions", "snapback", "carve-out",
    "humanitarian exemption", "travel ban", "targeted sanctions", "comprehensive sanctions",
    "licensing", "designation", "coalition", "leading sender", "target", "elites",
    "selectorate", "winning coalition", "third country", "great power", "small state",
    "signalling", "credibility", "free riding", "leakage", "sanctions busting", "hedging",
    "rally-round-the-flag", "threshold", "cascade", "Nash equilibrium", "discount factor",
    "issue linkage", "bargaining leverage", "asymmetric interdependence", "trigger strategy",
    "power index", "audience costs",
]


def test_size_and_categories():
    """The glossary has at least 60 concepts, each in one of the five categories."""
    assert len(GLOSSARY) >= 60
    assert {c.category for c in GLOSSARY.values()} == set(CATEGORIES)


@pytest.mark.parametrize("lesson", [1, 2, 3, 4, 5])
def test_every_lesson_has_concepts(lesson):
    """Each of the five lessons is served by at least ten concepts."""
    assert len(GLOSSARY.for_lesson(lesson)) >= 10


@pytest.mark.parametrize("name", REQUIRED)
def test_required_concepts_exist(name):
    """Every concept the brief lists can be looked up."""
    assert GLOSSARY.lookup(name) is not None, name


@pytest.mark.parametrize(("form", "term"), [
    ("asset freezes", "asset freeze"),
    ("freezing assets", "asset freeze"),
    ("Leakage", "sanctions busting"),
    ("sanctions-busting", "sanctions busting"),
    ("CARVE\u2011OUTS", "carve-out"),          # U+2011 non-breaking hyphen
    ("carve outs", "carve-out"),
    ("free\u2010riders", "free riding"),        # U+2010 hyphen
    ("prisoners\u2019 dilemma", "prisoner's dilemma"),  # curly apostrophe
    ("Rally round the flag", "rally-round-the-flag effect"),
    ("Shapley\u2013Shubik index", "power index"),        # en dash
])
def test_lookup_variants(form, term):
    """lookup ignores case, hyphen/space variants and apostrophe style."""
    assert GLOSSARY.lookup(form).term == term


def test_lookup_miss_and_non_string():
    """lookup returns None for an unknown text or a non-string."""
    assert GLOSSARY.lookup("quantum chromodynamics") is None
    assert GLOSSARY.lookup(None) is None


def test_mapping_protocol():
    """glossary[term] returns the Concept; iteration yields the terms in file order."""
    data = yaml.safe_load(default_glossary_path().read_text(encoding="utf-8"))
    assert list(GLOSSARY) == [entry["term"] for entry in data]
    assert GLOSSARY["snapback"].term == "snapback"
    assert "snapback" in GLOSSARY and "snap-back" not in GLOSSARY


def test_getitem_with_alias_suggests_the_term():
    """glossary['asset freezes'] is a KeyError whose message suggests 'asset freeze'."""
    with pytest.raises(KeyError, match="asset freeze"):
        GLOSSARY["asset freezes"]


def test_references_exist_in_bibliography():
    """Every concept's reference key is in references.bib."""
    keys = set(load_bibliography())
    assert {c.reference for c in GLOSSARY.values()} <= keys


def test_see_also_targets_exist():
    """Every see_also entry names another term of the glossary."""
    for concept in GLOSSARY.values():
        for other in concept.see_also:
            assert other in GLOSSARY and other != concept.term


def test_definitions_are_one_to_three_sentences():
    """Each definition has between 1 and 3 sentence ends ('.', '!' or '?' then space/end)."""
    for concept in GLOSSARY.values():
        n = len(re.findall(r"[.!?](?=\s|$)", concept.definition))
        assert 1 <= n <= 3, concept.term


def test_definitions_are_not_copied_from_the_readings(seeds):
    """No run of 8 consecutive words of any definition appears in a seed reading."""
    def words(text):
        return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))

    corpus = " ".join(" ".join(words(r.raw)) for r in seeds)
    for concept in GLOSSARY.values():
        w = words(concept.definition)
        for i in range(len(w) - 7):
            assert " ".join(w[i:i + 8]) not in corpus, concept.term


def test_lessons_are_sorted_tuples_in_range():
    """Lessons are stored as sorted tuples of integers 1-5."""
    for concept in GLOSSARY.values():
        assert concept.lessons == tuple(sorted(concept.lessons))
        assert set(concept.lessons) <= {1, 2, 3, 4, 5}


@pytest.mark.parametrize("bad", [0, 6, "1", True, None])
def test_for_lesson_validates(bad):
    """for_lesson rejects anything but an integer 1-5, naming the parameter and range."""
    with pytest.raises(ValueError, match=r"lesson must be an integer from 1 to 5"):
        GLOSSARY.for_lesson(bad)


def test_to_frame():
    """to_frame has one row per concept and the documented columns."""
    frame = GLOSSARY.to_frame()
    assert len(frame) == len(GLOSSARY)
    assert list(frame.columns) == ["term", "category", "lessons", "aliases", "definition",
                                   "see_also", "reference"]
    assert frame.set_index("term").loc["snapback", "reference"] == "unsc2231"


def test_default_glossary_is_cached():
    """load_glossary() returns the same object on repeated calls."""
    assert load_glossary() is load_glossary()


def test_citation():
    """A concept's citation is its reference formatted as 'Author (Year). Title.'."""
    assert GLOSSARY["audience costs"].citation().startswith("Fearon (1994). Domestic Political")


# --- validation -------------------------------------------------------------------------

GOOD = {
    "term": "alpha", "aliases": ["alphas"], "category": "mechanism",
    "definition": "First test concept.", "lessons": [1], "see_also": ["beta"],
    "reference": "nash1950",
}
OTHER = {
    "term": "beta", "aliases": [], "category": "model", "definition": "Second one.",
    "lessons": [2, 3], "see_also": [], "reference": "rubinstein1982",
}


def _write(tmp_path, entries):
    path = tmp_path / "glossary.yaml"
    path.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    return path


def test_valid_minimal_file(tmp_path):
    """A two-entry file loads into a Glossary of two Concepts."""
    glossary = load_glossary(_write(tmp_path, [GOOD, OTHER]))
    assert list(glossary) == ["alpha", "beta"]
    assert glossary["alpha"] == Concept("alpha", ("alphas",), "mechanism",
                                        "First test concept.", (1,), ("beta",), "nash1950")


def _changed(**changes):
    entry = dict(GOOD)
    for key, value in changes.items():
        if value is _DROP:
            entry.pop(key)
        else:
            entry[key] = value
    return entry


_DROP = object()


@pytest.mark.parametrize(("entry", "field", "fragment"), [
    (_changed(definition=_DROP), "definition", "missing field"),
    (_changed(colour="red"), "colour", "unknown field"),
    (_changed(term=""), "term", "non-empty string"),
    (_changed(aliases="alphas"), "aliases", "list of strings"),
    (_changed(aliases=["ok", 3]), "aliases", "non-empty string"),
    (_changed(category="tool"), "category", "unknown category 'tool'"),
    (_changed(lessons=[1, 6]), "lessons", "lesson 6 outside the allowed range 1-5"),
    (_changed(lessons=[0]), "lessons", "outside the allowed range"),
    (_changed(lessons=["1"]), "lessons", "not an integer"),
    (_changed(lessons=[]), "lessons", "non-empty list"),
    (_changed(lessons=[2, 2]), "lessons", "repeated"),
    (_changed(see_also=["gamma"]), "see_also", "unknown term 'gamma'"),
    (_changed(see_also=["alpha"]), "see_also", "refers to itself"),
    (_changed(reference="nash2050"), "reference", "unknown bibliography key 'nash2050'"),
    (_changed(definition="One. Two. Three. Four."), "definition", "1 to 3 sentences"),
    (_changed(definition="no full stop"), "definition", "1 to 3 sentences"),
    (_changed(aliases=["alphas", "Alphas"]), "aliases", "listed twice"),
    (_changed(aliases=["beta"]), "aliases", "already a term or alias of 'beta'"),
    (_changed(term="Beta"), "term", "already a term or alias of 'beta'"),
])
def test_invalid_entries(tmp_path, entry, field, fragment):
    """Each malformed entry raises GlossaryError naming the entry and the field."""
    with pytest.raises(GlossaryError) as info:
        load_glossary(_write(tmp_path, [OTHER, entry]))
    error = info.value
    assert isinstance(error, ValueError)
    assert error.field == field
    assert fragment in str(error)
    assert error.entry == (entry.get("term") or 1)


def test_entry_without_term_is_named_by_index(tmp_path):
    """An entry with no usable term is identified by its 0-based index."""
    with pytest.raises(GlossaryError, match="#1") as info:
        load_glossary(_write(tmp_path, [OTHER, _changed(term=_DROP)]))
    assert (info.value.entry, info.value.field) == (1, "term")


def test_hyphen_variant_clash_across_concepts(tmp_path):
    """'free-riding' in one concept and 'free riding' in another are the same form: error."""
    a = _changed(aliases=["free-riding"], see_also=[])
    b = dict(OTHER, aliases=["Free Riding"])
    with pytest.raises(GlossaryError, match="already a term or alias"):
        load_glossary(_write(tmp_path, [a, b]))


def test_hyphen_variants_within_one_concept_are_allowed(tmp_path):
    """One concept may list 'carve-out' and 'carve out' (documentation for people)."""
    a = _changed(aliases=["carve-out", "carve out"], see_also=[])
    assert load_glossary(_write(tmp_path, [a])).lookup("CARVE OUT").term == "alpha"


@pytest.mark.parametrize(("content", "fragment"), [
    ("- just a string\n", "mapping"),
    ("term: alpha\n", "non-empty list"),
    ("[]\n", "non-empty list"),
    ("- term: [unclosed\n", "not valid YAML"),
])
def test_malformed_files(tmp_path, content, fragment):
    """A file that is not a list of mappings is a GlossaryError with a clear reason."""
    path = tmp_path / "g.yaml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GlossaryError, match=fragment):
        load_glossary(path)


def test_missing_file(tmp_path):
    """A missing file is a GlossaryError naming it."""
    with pytest.raises(GlossaryError, match="not found"):
        load_glossary(tmp_path / "absent.yaml")


def test_glossary_constructor_checks_see_also():
    """Glossary() itself refuses a see_also term that is not in it."""
    concept = Concept("x", (), "model", "X.", (1,), ("y",), "nash1950")
    with pytest.raises(GlossaryError, match="unknown term 'y'"):
        Glossary([concept])


def test_yaml_header_documents_fields():
    """The data file's header comment names every field the loader requires."""
    header = default_glossary_path().read_text(encoding="utf-8").split("\n- term:", 1)[0]
    for field in ("term", "aliases", "category", "definition", "lessons", "see_also",
                  "reference"):
        assert re.search(rf"#\s+{field}\b", header), field


# --- properties -------------------------------------------------------------------------

FORMS = sorted({form for c in GLOSSARY.values() for form in c.forms})
SEPARATORS = [" ", "-", "\u2010", "\u2011", "  ", " - "]


@settings(max_examples=200, deadline=None)
@given(form=st.sampled_from(FORMS), data=st.data())
def test_lookup_survives_case_and_separator_changes(form, data):
    """Randomly re-cased forms with any hyphen/space separator and apostrophe style are found."""
    flips = data.draw(st.lists(st.booleans(), min_size=len(form), max_size=len(form)))
    text = "".join(c.swapcase() if flip else c for c, flip in zip(form, flips, strict=True))
    parts = re.split(r"[ \-]", text)
    seps = data.draw(st.lists(st.sampled_from(SEPARATORS), min_size=len(parts) - 1,
                              max_size=len(parts) - 1))
    text = parts[0] + "".join(s + p for s, p in zip(seps, parts[1:], strict=True))
    text = text.replace("'", data.draw(st.sampled_from(["'", "\u2019"])))
    expected = GLOSSARY.lookup(form)
    assert expected is not None
    assert GLOSSARY.lookup(text) is expected


@given(st.text())
def test_normalize_term_is_idempotent(text):
    """normalize_term(normalize_term(x)) == normalize_term(x), with no edge whitespace."""
    once = normalize_term(text)
    assert normalize_term(once) == once
    assert once == once.strip()


def test_yaml_definitions_fold_to_single_lines():
    """Definitions are stored with single spaces (YAML line folds removed)."""
    for concept in GLOSSARY.values():
        assert concept.definition == " ".join(concept.definition.split())
