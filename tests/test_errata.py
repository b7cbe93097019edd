"""Tests for sanclab.errata: misspellings and run-together words in the source readings."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest
from _synthetic import make_reading
from hypothesis import given, settings
from hypothesis import strategies as st

from sanclab.errata import (
    ERRATA_COLUMNS,
    default_allowlist_path,
    errata,
    is_known_word,
    load_allowlist,
)

# --- the seeds: what reading them by eye found ------------------------------------------

def test_seed_000_comunes(seeds):
    """Seed 000, paragraph 2: 'a clear, comunes approach' - 'comunes' is not English."""
    frame = errata(seeds[0])
    assert frame.word.tolist() == ["comunes"]
    row = frame.iloc[0]
    assert (int(row.section_no), int(row.paragraph_no)) == (0, 2)
    assert seeds[0].raw[row.start:row.end] == "comunes"
    assert "clear, comunes approach" in seeds[0].raw[row.start - 20:row.end + 20]
    assert row.suggestion == "communes"


def test_seed_002_run_together_words(seeds):
    """Seed 002, paragraph 1: 'after a partybackslides on binding commitments' is 'party
    backslides' run together."""
    frame = errata(seeds[2])
    assert frame.word.tolist() == ["partybackslides"]
    row = frame.iloc[0]
    assert (int(row.section_no), int(row.paragraph_no)) == (0, 1)
    assert row.suggestion == "party backslides"


@pytest.mark.parametrize("index", [1, 3, 4])
def test_clean_seeds_have_no_errata(seeds, index):
    """Seeds 001, 003 and 004 have no misspelling found by reading: nothing is reported."""
    assert errata(seeds[index]).empty


def test_offsets_and_columns(seeds):
    """Every row satisfies raw[start:end] == word; the columns are as documented."""
    for reading in seeds:
        frame = errata(reading)
        assert list(frame.columns) == ERRATA_COLUMNS
        for word, start, end in zip(frame.word, frame.start, frame.end, strict=True):
            assert reading.raw[start:end] == word


def test_text_is_never_modified(seeds):
    """errata() leaves the reading's text as it was."""
    before = [r.raw for r in seeds]
    for reading in seeds:
        errata(reading)
    assert [r.raw for r in seeds] == before


# --- what must not be reported ------------------------------------------------------------

def test_ordinary_words_numbers_and_acronyms_pass():
    """Plain English, numbers, '3D', 'E3', possessives and short acronyms are not reported."""
    reading = make_reading([("p", "In 2025 the E3 said the UNSC's 3D plan cost 4.5 billion; "
                                  "the government's allies’ views differed.")])
    assert errata(reading).empty


def test_hyphenated_compounds_pass():
    """Compounds of known words, with ASCII, U+2010 or U+2011 hyphens, are not reported."""
    text = ("De-risking, co-creation, well-designed U-turns, time-bound and high\u2011tech "
            "dual\u2010use op-eds.")
    assert errata(make_reading([("p", text)])).empty


def test_glossary_words_and_allowlisted_names_pass():
    """Glossary words (selectorate, bandwagoning, snapback) and allow-listed proper nouns
    (Drezner, Granovetter, Escribà-Folch) are not reported."""
    text = ("Drezner and Granovetter, like Escribà-Folch, discuss the selectorate, "
            "bandwagoning and snapback.")
    assert errata(make_reading([("p", text)])).empty


def test_affix_rules_accept_derived_words():
    """'reframing' (re- + framing), 'auditable' (audit + -able) and 'timelines' (timeline +
    -s) are accepted; 'partybackslides' is not."""
    assert is_known_word("reframing") and is_known_word("auditable")
    assert is_known_word("timelines")
    assert not is_known_word("partybackslides")


# --- what must be reported -----------------------------------------------------------------

def test_misspelling_in_title_dek_heading_and_body():
    """A misspelling is found in the title (no section/paragraph), the dek (same), a heading
    (paragraph 0) and the body (paragraph 1), with suggestions."""
    reading = make_reading([("h", "The goverment responds"),
                            ("p", "Sanctions recieve support.")],
                           title="A tradepolicy primer", dek="Allies negotiaet terms.")
    frame = errata(reading)
    assert frame.word.tolist() == ["tradepolicy", "negotiaet", "goverment", "recieve"]
    assert frame.suggestion.tolist()[0] == "trade policy"
    assert frame.suggestion.tolist()[2:] == ["government", "receive"]
    assert frame.section_no.isna().tolist() == [True, True, False, False]
    assert frame.paragraph_no.tolist()[2:] == [0, 1]
    assert frame.paragraph_no.dtype == "Int64"
    for row in frame.itertuples():
        assert reading.raw[row.start:row.end] == row.word


def test_only_the_bad_part_of_a_compound_is_reported():
    """In 'well-desgined', only 'desgined' is reported, with its own offsets."""
    reading = make_reading([("p", "A well-desgined plan.")])
    frame = errata(reading)
    assert frame.word.tolist() == ["desgined"]
    assert reading.raw[frame.start.iloc[0]:frame.end.iloc[0]] == "desgined"


def test_capitalised_suggestion_keeps_the_capital():
    """'Goverment' at a sentence start gets the suggestion 'Government'."""
    frame = errata(make_reading([("p", "Goverment policy changed.")]))
    assert frame.suggestion.tolist() == ["Government"]


# --- the allow-list -------------------------------------------------------------------------

def test_default_allowlist_entries_have_reasons():
    """Every entry of the shipped allow-list has a '#' comment giving its reason."""
    for line in default_allowlist_path().read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].strip()
        if entry:
            assert "#" in line and line.split("#", 1)[1].strip(), line


def test_custom_allowlist(tmp_path):
    """A word listed in a custom allow-list is accepted; without it, it is reported."""
    path = tmp_path / "allow.txt"
    path.write_text("# test list\nzorbling   # a made-up word\n", encoding="utf-8")
    reading = make_reading([("p", "The zorbling effect.")])
    assert errata(reading).word.tolist() == ["zorbling"]
    assert errata(reading, allowlist=path).empty
    assert load_allowlist(path).words == frozenset({"zorbling"})


@pytest.mark.parametrize("entry", ["two words", "abc1", "-", "x--y", "'quoted'"])
def test_bad_allowlist_line_is_reported_with_its_line(tmp_path, entry):
    """A malformed entry raises ValueError naming the file and the line number."""
    path = tmp_path / "allow.txt"
    path.write_text(f"# comment\n{entry}  # reason\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"line 2: bad allow-list entry"):
        load_allowlist(path)


def test_missing_allowlist(tmp_path):
    """A missing allow-list file is a ValueError naming it."""
    with pytest.raises(ValueError, match="not found"):
        load_allowlist(tmp_path / "none.txt")


def test_spellchecker_is_imported_lazily():
    """Importing sanclab.errata (or sanclab) does not load pyspellchecker."""
    code = ("import sys, sanclab, sanclab.errata; "
            "print('spellchecker' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    assert out == "False"


def test_bad_reading_argument():
    """A non-reading is a TypeError naming the parameter."""
    with pytest.raises(TypeError, match="reading must be"):
        errata(pd.DataFrame())


COMMON = ["the", "policy", "sanctions", "allies", "trade", "government", "pressure",
          "negotiation", "costs", "market", "relief", "coalition", "export", "controls"]


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from(COMMON), min_size=1, max_size=30),
       st.lists(st.text(alphabet="qxzj", min_size=9, max_size=12), max_size=3))
def test_only_nonsense_is_reported(words, nonsense):
    """Text made of common words plus nonsense tokens of q, x, z, j: exactly the nonsense
    tokens are reported, at their offsets."""
    tokens = words + nonsense
    text = " ".join(tokens) + "."
    reading = make_reading([("p", text)])
    frame = errata(reading)
    assert frame.word.tolist() == nonsense
    for row in frame.itertuples():
        assert reading.raw[row.start:row.end] == row.word
