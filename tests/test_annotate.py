"""Tests for sanclab.annotate: glossary concepts found in readings."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from _synthetic import make_reading
from hypothesis import given, settings
from hypothesis import strategies as st

from sanclab.annotate import (
    ANNOTATION_COLUMNS,
    annotate,
    concept_matrix,
    related_readings,
)
from sanclab.glossary import load_glossary, normalize_term

GLOSSARY = load_glossary()


# --- the five seeds ----------------------------------------------------------------------

def test_offsets_point_into_raw(seeds):
    """For every match, raw[start:end] == matched, and matched is a form of its concept."""
    for reading in seeds:
        frame = annotate(reading)
        assert list(frame.columns) == ANNOTATION_COLUMNS
        assert (frame.reading_id == reading.id).all()
        for concept, matched, start, end in zip(frame.concept, frame.matched, frame.start,
                                                frame.end, strict=True):
            assert reading.raw[start:end] == matched
            assert GLOSSARY.lookup(matched).term == concept


def test_matches_are_sorted_and_do_not_overlap(seeds):
    """Matches come in text order and each starts at or after the previous one's end."""
    for reading in seeds:
        frame = annotate(reading)
        assert (frame.start.iloc[1:].to_numpy() >= frame.end.iloc[:-1].to_numpy()).all()


def test_rows_sit_inside_their_paragraph_or_heading(seeds):
    """Body rows lie inside the paragraph (same number and section) of Reading.paragraphs;
    heading rows (paragraph_no 0) lie inside their section's heading."""
    for reading in seeds:
        frame = annotate(reading)
        paragraphs = reading.paragraphs.set_index("paragraph_no")
        for row in frame.itertuples():
            if row.paragraph_no == 0:
                section = reading.sections[row.section_no]
                assert section.heading_start <= row.start < row.end <= section.heading_end
            else:
                p = paragraphs.loc[row.paragraph_no]
                assert p.start <= row.start < row.end <= p.end
                assert p.section_no == row.section_no


@pytest.mark.parametrize(("needle", "expected"), [
    # counted with grep over each seed's body (the lines before "Related Articles",
    # without the title, which is not annotated)
    ("red lines", [1, 0, 0, 0, 3]),
    ("asset freezes", [0, 0, 1, 0, 1]),
    ("travel bans", [0, 0, 1, 0, 1]),
    ("sunset clauses", [1, 0, 0, 0, 0]),
    ("information asymmetries", [0, 0, 0, 1, 0]),
])
def test_counts_found_by_reading(seeds, needle, expected):
    """Each phrase is matched exactly as often as it occurs in the seed bodies."""
    counts = [int((annotate(r).matched.str.lower() == needle).sum()) for r in seeds]
    assert counts == expected


def test_leverage_is_found_alone_and_inside_longer_forms(seeds):
    """'leverage' occurs 0, 3, 3, 4 and 11 times in the seed bodies (seed 004's title has a
    12th, not annotated); every occurrence is part of a 'bargaining leverage' match."""
    counts = []
    for reading in seeds:
        frame = annotate(reading)
        rows = frame[frame.matched.str.lower().str.contains("leverage")]
        assert set(rows.concept) <= {"bargaining leverage"}
        counts.append(len(rows))
    assert counts == [0, 3, 3, 4, 11]


def test_longest_form_wins(seeds):
    """In seed 000, 'targeted humanitarian exemptions' yields 'humanitarian exemptions'
    (concept humanitarian exemption), not 'exemptions' (carve-out); in seed 001, 'secondary
    sanctions' is one match."""
    frame = annotate(seeds[0])
    raw = seeds[0].raw
    start = raw.index("targeted humanitarian exemptions") + len("targeted ")
    row = frame[frame.start == start].iloc[0]
    assert (row.matched, row.concept) == ("humanitarian exemptions", "humanitarian exemption")
    frame = annotate(seeds[1])
    row = frame[frame.concept == "secondary sanctions"].iloc[0]
    assert row.matched == "secondary sanctions"


def test_heading_matches_have_paragraph_no_zero(seeds):
    """Seed 004's heading 'Signaling consistency and measured escalation ...' gives two
    heading rows (signalling, escalation); seed 001's 'Regional cooperation can expand
    resilience and bargaining space.' gives 'bargaining space'."""
    frame = annotate(seeds[4])
    heading_rows = frame[frame.paragraph_no == 0]
    signalling = heading_rows[heading_rows.matched == "Signaling"]
    assert len(signalling) == 1
    section = seeds[4].sections[int(signalling.section_no.iloc[0])]
    assert section.heading.startswith("Signaling consistency and measured escalation")
    assert set(heading_rows[heading_rows.section_no == signalling.section_no.iloc[0]].concept) \
        == {"signalling", "escalation"}
    frame = annotate(seeds[1])
    assert "bargaining space" in set(frame[frame.paragraph_no == 0].matched)


def test_title_and_dek_are_not_annotated(seeds):
    """Seed 004's title contains 'leverage', but no match lies before the first heading or
    paragraph."""
    reading = seeds[4]
    first = min(b.start for b in reading.blocks())
    assert "leverage" in reading.title
    assert (annotate(reading).start >= first).all()


def test_dtypes(seeds):
    """Integer columns are int64 (no NA: headings use paragraph_no 0)."""
    frame = annotate(seeds[2])
    for column in ("start", "end", "section_no", "paragraph_no"):
        assert frame[column].dtype == "int64"


# --- synthetic texts ---------------------------------------------------------------------

def test_whole_words_only():
    """'ally' is not found inside 'tally', 'really' or 'totally'; 'allies' is."""
    reading = make_reading([("p", "The tally was really totally different for the allies.")])
    frame = annotate(reading)
    assert frame.matched.tolist() == ["allies"]


def test_hyphen_ends_a_word():
    """'coalition' is found in 'coalition-building' (a hyphen is a word boundary)."""
    frame = annotate(make_reading([("p", "Coalition-building takes time.")]))
    assert frame.matched.tolist() == ["Coalition"]


def test_typographic_variants_are_matched_with_exact_offsets():
    """U+2011 non-breaking hyphen, curly apostrophe, double space and capitals all match."""
    text = ("Several carve\u2011outs, the prisoners\u2019 dilemma, free  riders and an "
            "ASSET FREEZE.")
    reading = make_reading([("p", text)])
    frame = annotate(reading)
    assert frame.matched.tolist() == ["carve\u2011outs", "prisoners\u2019 dilemma",
                                      "free  riders", "ASSET FREEZE"]
    assert frame.concept.tolist() == ["carve-out", "prisoner's dilemma", "free riding",
                                      "asset freeze"]
    for row in frame.itertuples():
        assert reading.raw[row.start:row.end] == row.matched


def test_no_match_gives_an_empty_frame_with_columns():
    """A text without concepts gives an empty frame with the documented columns and dtypes."""
    frame = annotate(make_reading([("p", "Nothing of interest here, just words.")]))
    assert frame.empty and list(frame.columns) == ANNOTATION_COLUMNS
    assert frame.start.dtype == "int64"


def test_custom_glossary(tmp_path):
    """A custom glossary is used instead of the default: only its forms are found."""
    path = tmp_path / "g.yaml"
    path.write_text(yaml.safe_dump([{
        "term": "widget", "aliases": ["widgets"], "category": "instrument",
        "definition": "A made-up thing.", "lessons": [1], "see_also": [],
        "reference": "nash1950"}]), encoding="utf-8")
    custom = load_glossary(path)
    reading = make_reading([("p", "Widgets and asset freezes.")])
    assert annotate(reading, custom).concept.tolist() == ["widget"]
    assert annotate(reading).concept.tolist() == ["asset freeze"]


def test_bad_arguments():
    """A non-reading or a non-glossary argument is a TypeError naming the parameter."""
    with pytest.raises(TypeError, match="reading must be"):
        annotate("some text")
    with pytest.raises(TypeError, match="glossary must be"):
        annotate(make_reading([("p", "Text.")]), glossary={"a": 1})


FILLERS = ["lorem", "ipsum", "dolor", "amet", "and", "the", "of"]
SEPARATORS = [" ", "-", "\u2011", "\u2010"]
FORMS = sorted({f for c in GLOSSARY.values() for f in c.forms})


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(FORMS), st.sampled_from(SEPARATORS),
                          st.booleans(), st.sampled_from(FILLERS)), min_size=1, max_size=8))
def test_every_inserted_form_is_found_exactly(items):
    """Glossary forms (any separator, any case) between filler words are each matched exactly
    once, with the right concept and offsets, and nothing else is matched."""
    text, expected = "", []
    for form, sep, upper, filler in items:
        variant = form.replace(" ", sep).replace("-", sep)
        variant = variant.upper() if upper else variant
        text += filler + " "
        expected.append((len(text), len(text) + len(variant), GLOSSARY.lookup(form).term))
        text += variant + ", "
    reading = make_reading([("p", text)])
    frame = annotate(reading)
    offset = reading.sections[0].paragraphs[0].start
    got = [(s - offset, e - offset, c) for s, e, c in zip(frame.start, frame.end,
                                                          frame.concept, strict=True)]
    assert got == expected


# --- concept_matrix and related_readings ------------------------------------------------

def test_concept_matrix_shape_and_sums(seeds):
    """One row per glossary concept (zeros kept), one column per reading in order; each
    column sums to the number of matches of annotate()."""
    matrix = concept_matrix(seeds)
    assert list(matrix.index) == list(GLOSSARY)
    assert list(matrix.columns) == [r.id for r in seeds]
    for reading in seeds:
        assert matrix[reading.id].sum() == len(annotate(reading))
    assert (matrix.dtypes == "int64").all()
    assert (matrix.sum(axis=1) == 0).any()


def test_concept_matrix_drop_empty(seeds):
    """drop_empty=True keeps exactly the concepts found somewhere."""
    full = concept_matrix(seeds)
    dropped = concept_matrix(seeds, drop_empty=True)
    assert list(dropped.index) == [t for t in full.index if full.loc[t].sum() > 0]


def test_concept_matrix_rejects_bad_input(seeds):
    """Empty input and repeated reading ids are ValueErrors; a string is a TypeError."""
    with pytest.raises(ValueError, match="at least one"):
        concept_matrix([])
    with pytest.raises(ValueError, match="repeated"):
        concept_matrix([seeds[0], seeds[0]])
    with pytest.raises(TypeError):
        concept_matrix("000")


def test_related_readings(seeds):
    """The other four seeds, ranked by the number of shared concepts, which are exactly the
    intersection of the two readings' annotated concepts."""
    ranked = related_readings(seeds[0], seeds)
    assert list(ranked.columns) == ["reading_id", "title", "lesson", "shared", "concepts"]
    assert sorted(ranked.reading_id) == sorted(r.id for r in seeds[1:])
    mine = set(annotate(seeds[0]).concept)
    by_id = {r.id: r for r in seeds}
    for row in ranked.itertuples():
        shared = mine & set(annotate(by_id[row.reading_id]).concept)
        assert set(row.concepts) == shared and row.shared == len(shared)
    pairs = list(zip(-ranked.shared, ranked.reading_id, strict=True))
    assert pairs == sorted(pairs)


def test_related_readings_defaults_to_the_seeds(seeds):
    """Without `readings`, the candidates are load_seeds() minus the reading itself."""
    ranked = related_readings(seeds[2])
    assert len(ranked) == 4 and seeds[2].id not in set(ranked.reading_id)
    assert isinstance(ranked, pd.DataFrame)


def test_regex_is_compiled_once_per_glossary(tmp_path):
    """The compiled matcher is cached on the glossary object: a second annotate reuses it."""
    reading = make_reading([("p", "Hedging and bandwagoning.")])
    annotate(reading)
    cached = GLOSSARY._derived["sanclab.annotate.matcher"]
    annotate(reading)
    assert GLOSSARY._derived["sanclab.annotate.matcher"] is cached
    assert normalize_term("Bandwagoning") in cached[1]
