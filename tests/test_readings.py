"""Tests for sanclab.readings: facts counted by eye in each seed, offsets, robustness, quotes."""

from __future__ import annotations

import dataclasses
import datetime
import pickle
import shutil
import sys
import types

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanclab.readings import (
    MAX_BYTES,
    QuoteNotFoundError,
    Reading,
    ReadingFormatError,
    get_seed,
    load_reading,
    load_readings,
    load_seeds,
)

D = datetime.date

# ---------------------------------------------------------------------------------------------
# Facts about each seed, counted by reading the files (`cat -A seeds/*`), not by the parser.
# ---------------------------------------------------------------------------------------------
SEED_FACTS = {
    "000_000371598e3e6437": dict(
        title="How unilateral sanctions affect allied relations and the coordination challenges "
        "within coalition diplomacy frameworks.",
        published=D(2025, 7, 16), byline=None, read_minutes=None, category=None,
        share=("Facebook", "X", "Reddit", "Pinterest", "Email"),
        headings=4, paragraphs=12, related=20, ads=6,
        first_heading="Practical strategies help manage friction and preserve allied trust.",
        related_first=("Sanctions & export controls",
                       "A comprehensive examination of how international sanctions",
                       D(2025, 7, 23)),
        related_last=("Sanctions & export controls",
                      "In many nations with limited budgets", D(2025, 7, 31)),
    ),
    "001_3db717f22bab9919": dict(
        title="How sanctions influence the strategic alignment choices of smaller states "
        "balancing relations with competing great powers.",
        published=D(2025, 7, 28), byline=None, read_minutes=None, category=None,
        share=("Facebook", "X", "Reddit"),
        headings=4, paragraphs=12, related=20, ads=6,
        first_heading="Policy leverage grows with diversified partnerships and credible "
        "safeguards.",
        related_first=(None, "Sanctions work differently when targeting state actors", None),
        related_last=(None, "sanctions regimes intertwine with arbitration", None),
    ),
    "002_254fbd4832d307e6": dict(
        title="Legal instruments and diplomatic strategies for phasing sanctions reintroduction "
        "in response to backsliding on commitments",
        published=D(2025, 7, 27), byline=None, read_minutes=None, category=None,
        share=("Facebook", "X", "Reddit", "Pinterest", "Email"),
        headings=4, paragraphs=12, related=20, ads=6,
        first_heading="Economic design that protects civilians without diluting pressure",
        related_first=("Sanctions & export controls",
                       "Sanctions reshape loyalties, identities, and mobilization", D(2025, 7, 14)),
        related_last=("Sanctions & export controls",
                      "International sanctions shape evolving norms about sovereign immunity",
                      D(2025, 7, 29)),
    ),
    "003_03233b5a6267d6d1": dict(
        title="How sanctions affect domestic political coalitions and elite bargaining dynamics "
        "within targeted countries facing external pressure.",
        published=D(2025, 7, 23), byline=None, read_minutes=None, category=None,
        share=("Facebook", "X", "Reddit", "Pinterest", "Email"),
        headings=4, paragraphs=12, related=20, ads=6,
        first_heading="Economic pain fosters new alignments and exposes fragile cross-cutting "
        "ties.",
        related_first=("Sanctions & export controls",
                       "Targeted asset freezes require cross-border legal alignment",
                       D(2025, 7, 15)),
        related_last=("Sanctions & export controls",
                      "A rigorous examination of travel bans and visa restrictions", D(2025, 8, 7)),
    ),
    "004_f4e56213c427fb55": dict(
        title="How sanctions shape international negotiating leverage in trade talks and the use "
        "of economic pressure as bargaining chips.",
        published=D(2025, 7, 16), byline="Anthony Young", read_minutes=3,
        category="Sanctions & export controls",
        share=("X", "Linkedin", "Facebook", "Reddit", "Email", "Bluesky"),
        headings=4, paragraphs=12, related=12, ads=6,
        first_heading="Balancing punitive momentum with constructive bargaining and strategic "
        "patience.",
        related_first=("Sanctions & export controls",
                       "A thorough examination explains how designation decisions are challenged",
                       D(2025, 7, 22)),
        related_last=("Sanctions & export controls",
                      "A comprehensive examination of how economic penalties shape regional",
                      D(2025, 7, 21)),
    ),
}
# Seed 001's related tail: 24 lines, of which lines 32, 39, 43 and 46 are dates that close the
# 4th, 10th, 13th and 15th entries (the rest are blurbs with neither category nor date).
SEED_001_DATED = {3: D(2025, 8, 8), 9: D(2025, 8, 8), 12: D(2025, 8, 11), 14: D(2025, 8, 12)}


def _same_entry(entry, expected):
    category, blurb_start, date = expected
    return (entry.category, entry.blurb[: len(blurb_start)], entry.date) == (
        category, blurb_start, date)


@pytest.mark.parametrize("reading_id", sorted(SEED_FACTS))
def test_seed_facts_counted_by_eye(seeds, reading_id):
    """Title, date, byline, category, share bar, 4 headings, 12 paragraphs, related entries and
    6 dropped ADVERTISEMENT lines, as counted by reading each seed file."""
    facts = SEED_FACTS[reading_id]
    (reading,) = [r for r in seeds if r.id == reading_id]
    assert reading.title == facts["title"]
    assert reading.published == facts["published"]
    assert reading.byline == facts["byline"]
    assert reading.read_minutes == facts["read_minutes"]
    assert reading.category == facts["category"]
    assert reading.share_targets == facts["share"]
    headings = [s.heading for s in reading.sections if s.heading is not None]
    assert len(headings) == facts["headings"]
    assert headings[0] == facts["first_heading"]
    assert sum(len(s.paragraphs) for s in reading.sections) == facts["paragraphs"]
    assert len(reading.paragraphs) == facts["paragraphs"]
    assert len(reading.related) == facts["related"]
    assert _same_entry(reading.related[0], facts["related_first"])
    assert _same_entry(reading.related[-1], facts["related_last"])
    ads = [d for d in reading.boilerplate if d.reason == "advertisement"]
    assert len(ads) == facts["ads"]
    assert all(d.text == "ADVERTISEMENT" for d in ads)
    # Every seed opens with two lead paragraphs before its first heading.
    assert reading.sections[0].heading is None and len(reading.sections[0].paragraphs) == 2


def test_seed_001_related_dates_by_eye(seeds):
    """Seed 001's 20 related blurbs carry dates only at entries 4, 10, 13 and 15 (1-based)."""
    related = seeds[1].related
    assert {i: r.date for i, r in enumerate(related) if r.date} == SEED_001_DATED
    assert all(r.category is None and r.blurb for r in related)


def test_seed_004_header_lines_by_eye(seeds):
    """Seed 004: category line 1, dek line 3, share bar line 4, no ads in the header."""
    reading = seeds[4]
    assert reading.dek.startswith("Economic penalties recalibrate bargaining power")
    assert [(d.line_no, d.reason) for d in reading.boilerplate][:2] == [
        (4, "share bar"), (11, "advertisement")]


def test_lesson_metadata(seeds):
    """load_seeds returns lessons 1-5 in order with the slugs of data/lessons.yaml."""
    assert [(r.lesson, r.slug) for r in seeds] == [
        (1, "coalition-coordination"), (2, "small-state-alignment"), (3, "snapback"),
        (4, "elite-bargaining"), (5, "trade-leverage")]
    assert [r.id[:3] for r in seeds] == ["000", "001", "002", "003", "004"]
    assert seeds[2].lesson_title == "Phased reintroduction (snapback) of sanctions"


def _assert_offsets(reading: Reading) -> None:
    raw = reading.raw
    for section in reading.sections:
        if section.heading is not None:
            assert raw[section.heading_start:section.heading_end] == section.heading
        for p in section.paragraphs:
            assert raw[p.start:p.end] == p.text
            assert p.text == p.text.strip()
    for row in reading.paragraphs.itertuples():
        assert raw[row.start:row.end] == row.text


def test_offset_invariant_on_every_seed(seeds):
    """raw[start:end] == text for every heading and paragraph of all five seeds."""
    for reading in seeds:
        _assert_offsets(reading)


def test_paragraph_frame(seeds):
    """The frame has the documented columns; paragraph_no runs 1..12; words counts the words
    of the text; section_no indexes sections; a fresh copy is returned each time."""
    reading = seeds[0]
    df = reading.paragraphs
    assert list(df.columns) == ["reading_id", "section_no", "heading", "paragraph_no", "text",
                                "start", "end", "words"]
    assert df.paragraph_no.tolist() == list(range(1, 13))
    assert (df.words == df.text.str.split().str.len()).all()
    assert df.section_no.tolist() == [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 4, 4]
    assert df.heading.iloc[2] == reading.sections[1].heading
    df.loc[0, "text"] = "changed"
    assert reading.paragraphs.text.iloc[0] != "changed"


def test_equality_ignores_cached_frame(seeds_dir):
    """Two loads of one file are equal and hash alike even after one built its frame."""
    a = load_reading(seeds_dir / "000_000371598e3e6437.txt")
    b = load_reading(seeds_dir / "000_000371598e3e6437.txt")
    _ = a.paragraphs
    assert a == b and hash(a) == hash(b)


# ---------------------------------------------------------------------------------------------
# Robustness: CRLF, BOM, NBSP, trailing whitespace, missing final newline.
# ---------------------------------------------------------------------------------------------
def _structure(reading: Reading):
    return (reading.title, reading.dek, reading.published, reading.share_targets,
            [s.heading for s in reading.sections],
            [p.text for s in reading.sections for p in s.paragraphs],
            reading.related)


def _write(tmp_path, name, text: str, encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_crlf_line_endings(tmp_path, seeds_dir):
    """A seed converted to CRLF parses to the same structure; raw keeps the CR characters."""
    original = load_reading(seeds_dir / "002_254fbd4832d307e6.txt")
    crlf = load_reading(_write(tmp_path, "crlf.txt", original.raw.replace("\n", "\r\n")))
    assert _structure(crlf) == _structure(original)
    assert crlf.raw.count("\r\n") == original.raw.count("\n") == 106
    _assert_offsets(crlf)


def test_bom(tmp_path, seeds_dir):
    """A UTF-8 BOM is kept in raw (so offsets shift by one) and never reaches the title."""
    original = load_reading(seeds_dir / "004_f4e56213c427fb55.txt")
    bom = load_reading(_write(tmp_path, "bom.txt", "\ufeff" + original.raw))
    assert bom.raw[0] == "\ufeff"
    assert bom.category == "Sanctions & export controls"
    assert _structure(bom) == _structure(original)
    assert bom.sections[0].paragraphs[0].start == original.sections[0].paragraphs[0].start + 1
    _assert_offsets(bom)


def test_bom_before_title(tmp_path, seeds_dir):
    """With a BOM and no category line, the title still starts at offset 1."""
    original = load_reading(seeds_dir / "000_000371598e3e6437.txt")
    bom = load_reading(_write(tmp_path, "bom.txt", "\ufeff" + original.raw))
    assert bom.title == original.title


def test_nbsp_and_trailing_whitespace(tmp_path, seeds_dir):
    """NBSP in the date, share bar and ADVERTISEMENT lines and trailing spaces/tabs/NBSP on
    every line change nothing; paragraph text excludes the trailing whitespace."""
    original = load_reading(seeds_dir / "000_000371598e3e6437.txt")
    raw = original.raw.replace("Published July 16, 2025", "Published\u00a0July\u00a016, 2025")
    raw = raw.replace("Facebook X Reddit", "Facebook\u00a0X Reddit")
    raw = raw.replace("ADVERTISEMENT", "ADVERTISEMENT\u00a0")
    raw = "\n".join(line + " \t\u00a0" for line in raw.split("\n"))
    odd = load_reading(_write(tmp_path, "odd.txt", raw))
    assert _structure(odd) == _structure(original)
    assert len([d for d in odd.boilerplate if d.reason == "advertisement"]) == 6
    _assert_offsets(odd)


def test_nbsp_inside_paragraph_kept(tmp_path):
    """An NBSP inside a paragraph stays in its text (text is a verbatim slice of raw)."""
    text = ("A title for a small test article about sanctions\nPublished July 1, 2025\n"
            "Sanctions\u00a0bite. They bite hard in small open economies.\n")
    reading = load_reading(_write(tmp_path, "nbsp.txt", text))
    assert reading.sections[0].paragraphs[0].text.startswith("Sanctions\u00a0bite.")


def test_final_newline_optional(tmp_path, seeds_dir):
    """Seed 000 ends without a newline; adding one changes no parsed value."""
    original = load_reading(seeds_dir / "000_000371598e3e6437.txt")
    assert not original.raw.endswith("\n")
    extra = load_reading(_write(tmp_path, "nl.txt", original.raw + "\n"))
    assert _structure(extra) == _structure(original)


# ---------------------------------------------------------------------------------------------
# A new article of the family (tests/data/readings/new_article.txt, made-up text).
# ---------------------------------------------------------------------------------------------
def test_unseen_article(reading_data_dir):
    """new_article.txt, read by eye: category + title + blank + dek, date with 5 min read,
    byline, no share bar, body opening with a question heading (no lead), 3 headings over
    2 + 2 + 1 paragraphs, one ADVERTISEMENT, 2 blank lines, 4 related entries of mixed shape."""
    r = load_reading(reading_data_dir / "new_article.txt")
    assert r.category == "Trade & sanctions"
    assert r.title == ("Why export bans on port cranes test the patience of a mid-sized "
                       "trading partner")
    assert r.dek.startswith("A made-up article written for sanclab's tests.")
    assert (r.published, r.read_minutes, r.byline, r.share_targets) == (
        D(2025, 8, 3), 5, "Jordan Example", ())
    assert [s.heading for s in r.sections] == [
        "How far will a partner bend?", "Where the costs fall", "What comes next?"]
    assert [len(s.paragraphs) for s in r.sections] == [2, 2, 1]
    assert [(a.category, a.date) for a in r.related] == [
        ("Trade & sanctions", D(2025, 7, 30)), (None, None), ("Diplomacy", None),
        (None, D(2025, 8, 1))]
    assert r.related[1].blurb.startswith("A made-up related entry with neither")
    reasons = [d.reason for d in r.boilerplate]
    assert (reasons.count("advertisement"), reasons.count("blank"),
            reasons.count("separator")) == (1, 2, 1)
    assert r.id == "new_article" and r.lesson is None
    _assert_offsets(r)


def test_minimal_article(reading_data_dir):
    """minimal.txt: a title and one paragraph, nothing optional, no final newline."""
    r = load_reading(reading_data_dir / "minimal.txt")
    assert r.title.startswith("Minimal article")
    assert (r.dek, r.published, r.byline, r.category, r.share_targets, r.related) == (
        None, None, None, None, (), ())
    assert len(r.sections) == 1 and r.sections[0].heading is None
    assert r.sections[0].paragraphs[0].text.startswith("The only paragraph.")


def test_heading_rule_is_general(tmp_path):
    """Short one-sentence lines followed by a paragraph are headings, whatever their words;
    a short line at the end (nothing after it) is a paragraph."""
    body = "Body sentence one. Body sentence two with more words in it."
    text = "\n".join([
        "A title for checking the general heading rule in readings", "July 2, 2025",
        body, "Zebras prefer striped umbrellas", body, "Entirely unrelated words here!", body,
        "Short closing line."])
    r = load_reading(_write(tmp_path, "h.txt", text))
    assert [s.heading for s in r.sections] == [
        None, "Zebras prefer striped umbrellas", "Entirely unrelated words here!"]
    assert r.sections[-1].paragraphs[-1].text == "Short closing line."


@pytest.mark.parametrize("line, date, minutes", [
    ("Published July 16, 2025", D(2025, 7, 16), None),
    ("July 28, 2025", D(2025, 7, 28), None),
    ("July 16, 2025 - 3 min Read", D(2025, 7, 16), 3),
    ("Published Sept. 2, 2024 \u2013 12 min read", D(2024, 9, 2), 12),
    ("3 August 2025", D(2025, 8, 3), None),
])
def test_date_forms(tmp_path, line, date, minutes):
    """Month-name dates with or without 'Published' and with an optional '- N min Read'."""
    text = f"A title for a date test article in the readings\n{line}\nOne body paragraph here.\n"
    r = load_reading(_write(tmp_path, "d.txt", text))
    assert (r.published, r.read_minutes) == (date, minutes)


# ---------------------------------------------------------------------------------------------
# Bad input: ReadingFormatError naming file, line and reason.
# ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, line, words", [
    ("empty.txt", None, "empty file"),
    ("whitespace_only.txt", None, "empty file"),
    ("binary.txt", 2, "NUL byte"),
    ("latin1.txt", 3, "not UTF-8"),
    ("no_body.txt", None, "no body paragraph"),
    ("bad_date.txt", 3, "invalid date"),
    ("only_ads.txt", None, "no title"),
])
def test_bad_files(reading_data_dir, name, line, words):
    """Each malformed file in tests/data/readings raises ReadingFormatError with the file, the
    line counted by eye (when one applies) and the reason."""
    path = reading_data_dir / name
    with pytest.raises(ReadingFormatError) as info:
        load_reading(path)
    err = info.value
    assert err.path.endswith(name) and name in str(err)
    assert err.line == line
    assert words in err.reason and words in str(err)
    if line is not None:
        assert f"line {line}" in str(err)


def test_oversize_file_refused_before_reading(tmp_path):
    """A file of MAX_BYTES + 1 NUL bytes fails on its size, not its content: the size is
    checked before the file is read."""
    path = tmp_path / "big.txt"
    with open(path, "wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(ReadingFormatError, match="2 MiB"):
        load_reading(path)


def test_utf16_hint(tmp_path):
    """UTF-16 text (NUL bytes) is refused with a hint to save as UTF-8."""
    path = tmp_path / "u16.txt"
    path.write_bytes("Title\nBody.\n".encode("utf-16"))
    with pytest.raises(ReadingFormatError, match="UTF-16"):
        load_reading(path)


def test_format_error_pickles():
    """ReadingFormatError survives pickling with path, line and reason."""
    err = pickle.loads(pickle.dumps(ReadingFormatError("why", path="f.txt", line=3)))
    assert (err.path, err.line, err.reason, str(err)) == ("f.txt", 3, "why", "f.txt, line 3: why")


def test_missing_file_is_oserror(tmp_path):
    """A path that does not exist raises FileNotFoundError, not a format error."""
    with pytest.raises(FileNotFoundError):
        load_reading(tmp_path / "nope.txt")


# ---------------------------------------------------------------------------------------------
# load_readings / load_seeds / get_seed
# ---------------------------------------------------------------------------------------------
def test_load_readings_reports_bad_files(tmp_path, seeds_dir, reading_data_dir):
    """Two good seeds plus three bad files: two readings loaded, three errors each naming its
    file and reason; a .md file is ignored; nothing stops on the first bad file."""
    for name in ("000_000371598e3e6437.txt", "004_f4e56213c427fb55.txt"):
        shutil.copy(seeds_dir / name, tmp_path / name)
    for name in ("binary.txt", "empty.txt", "no_body.txt"):
        shutil.copy(reading_data_dir / name, tmp_path / name)
    (tmp_path / "notes.md").write_text("not a reading")
    report = load_readings(tmp_path)
    assert [r.id for r in report.readings] == ["000_000371598e3e6437", "004_f4e56213c427fb55"]
    assert [p.name for p, _ in report.errors] == ["binary.txt", "empty.txt", "no_body.txt"]
    for (path, reason), words in zip(report.errors, ["NUL byte", "empty file", "no body"],
                                     strict=True):
        assert path.name in reason and words in reason


def test_load_readings_folder_errors(tmp_path):
    """A missing folder raises FileNotFoundError, a file NotADirectoryError."""
    with pytest.raises(FileNotFoundError, match="folder="):
        load_readings(tmp_path / "missing")
    (tmp_path / "f.txt").write_text("x")
    with pytest.raises(NotADirectoryError):
        load_readings(tmp_path / "f.txt")


def test_load_seeds_env_variable(tmp_path, seeds_dir, monkeypatch):
    """SANCLAB_SEEDS points load_seeds at another folder; a missing seed is named clearly."""
    for p in seeds_dir.glob("*.txt"):
        shutil.copy(p, tmp_path / p.name)
    monkeypatch.setenv("SANCLAB_SEEDS", str(tmp_path))
    readings = load_seeds()
    assert [r.source_path.parent for r in readings] == [tmp_path] * 5
    (tmp_path / "003_03233b5a6267d6d1.txt").unlink()
    with pytest.raises(FileNotFoundError, match="003_03233b5a6267d6d1.txt.*lesson 4"):
        load_seeds()
    monkeypatch.setenv("SANCLAB_SEEDS", str(tmp_path / "nowhere"))
    with pytest.raises(FileNotFoundError, match="SANCLAB_SEEDS"):
        load_seeds()


def test_get_seed_keys(seeds):
    """Lesson 4 is seed 003, slug elite-bargaining, whichever key is used."""
    by_number, by_slug, by_id = (get_seed(4), get_seed("elite-bargaining"),
                                 get_seed("003_03233b5a6267d6d1"))
    assert by_number == by_slug == by_id == seeds[3]


@pytest.mark.parametrize("key", [0, 6, True, "nope", 2.0])
def test_get_seed_bad_key(key):
    """Keys outside 1-5 / the slugs / the ids raise ValueError naming the key and choices."""
    with pytest.raises(ValueError, match="key=.*lesson number 1-5.*snapback"):
        get_seed(key)


# ---------------------------------------------------------------------------------------------
# quote()
# ---------------------------------------------------------------------------------------------
def test_quote_verbatim(seeds):
    """'mimic, adjust, or resist' is in seed 000's first paragraph (lead section)."""
    reading = seeds[0]
    q = reading.quote("mimic, adjust, or resist")
    first = reading.sections[0].paragraphs[0]
    assert (q.section_no, q.paragraph_no, q.reading_id) == (0, 1, reading.id)
    assert q.start == first.start + first.text.index("mimic, adjust, or resist")
    assert q.end - q.start == len("mimic, adjust, or resist")
    assert reading.raw[q.start:q.end] == q.text == "mimic, adjust, or resist"


def test_quote_sentence(seeds):
    """sentence=True widens to 'Allies must decide whether to mimic, adjust, or resist the
    measures, balancing domestic political calculations with shared security objectives.'"""
    reading = seeds[0]
    q = reading.quote("mimic, adjust, or resist", sentence=True)
    assert q.text == ("Allies must decide whether to mimic, adjust, or resist the measures, "
                      "balancing domestic political calculations with shared security "
                      "objectives.")
    assert reading.raw[q.start:q.end] == q.text


def test_quote_sentence_spanning_two(seeds):
    """A passage crossing a sentence end widens to both whole sentences."""
    reading = seeds[0]
    q = reading.quote("around them. Allies must", sentence=True)
    assert q.text.startswith("Unilateral sanctions, even when framed")
    assert q.text.endswith("shared security objectives.")


def test_quote_curly_apostrophe(seeds):
    """Seed 000 writes 'actors’ behavior' with U+2019; the retyped straight apostrophe raises
    QuoteNotFoundError naming the paragraph and showing the reading's own characters."""
    reading = seeds[0]
    q = reading.quote("observe all actors\u2019 behavior")
    assert q.paragraph_no == 1
    with pytest.raises(QuoteNotFoundError) as info:
        reading.quote("observe all actors' behavior")
    message = str(info.value)
    assert "paragraph 1" in message and "actors\u2019 behavior" in message
    assert isinstance(info.value, ValueError)


def test_quote_not_found_names_closest(seeds):
    """A passage absent from the reading reports the closest paragraph."""
    with pytest.raises(QuoteNotFoundError, match="Closest: paragraph"):
        seeds[0].quote("allies must decide between mimicry and zebras")


def test_quote_heading(seeds):
    """A heading quote has paragraph_no 0 and the heading's section number."""
    reading = seeds[1]
    q = reading.quote("Regional cooperation can expand")
    assert (q.section_no, q.paragraph_no) == (2, 0)
    assert reading.raw[q.start:q.end] == q.text


def test_quote_first_of_several(seeds):
    """An ambiguous passage returns its first occurrence: ' the ' first occurs in paragraph 1."""
    reading = seeds[0]
    q = reading.quote(" the ")
    first = reading.sections[0].paragraphs[0]
    assert q.paragraph_no == 1 and q.start == first.start + first.text.index(" the ")


def test_quote_across_paragraphs_raises(seeds):
    """Text spanning two paragraphs is not inside one block and is not found."""
    reading = seeds[0]
    end_of_first = reading.sections[0].paragraphs[0].text[-20:]
    with pytest.raises(QuoteNotFoundError):
        reading.quote(end_of_first + "\nThe ripple")


def test_quote_empty_rejected(seeds):
    """An empty passage is a ValueError naming the parameter."""
    with pytest.raises(ValueError, match="text=''"):
        seeds[0].quote("")


def test_quote_reprs(seeds):
    """repr is stable; the HTML repr escapes text and names the title and paragraph."""
    q = seeds[0].quote("mimic, adjust, or resist")
    assert repr(q) == repr(seeds[0].quote("mimic, adjust, or resist"))
    assert repr(q).startswith("Quote(reading_id='000_000371598e3e6437', section_no=0, "
                              "paragraph_no=1,")
    html = dataclasses.replace(q, text="<script>x</script>")._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "How unilateral sanctions" in html and "paragraph 1" in html


def test_reading_repr_html_delegates(seeds, monkeypatch):
    """Reading._repr_html_ calls sanclab.render.render_html(reading) at call time."""
    calls = []
    fake = types.ModuleType("sanclab.render")
    fake.render_html = lambda reading: calls.append(reading) or "<article/>"
    monkeypatch.setitem(sys.modules, "sanclab.render", fake)
    assert seeds[0]._repr_html_() == "<article/>"
    assert calls == [seeds[0]]


def test_reading_repr_is_short(seeds):
    """repr(Reading) names id, lesson, title, date and counts without dumping raw."""
    text = repr(seeds[4])
    assert text.startswith("Reading(id='004_f4e56213c427fb55', lesson=5, title='How sanctions")
    assert text.endswith("published=2025-07-16, sections=5, paragraphs=12)")
    assert len(text) < 200


# ---------------------------------------------------------------------------------------------
# Property tests
# ---------------------------------------------------------------------------------------------
_FRAGMENTS = st.sampled_from([
    "\n", "\r\n", "\r", "\ufeff", "\u00a0", " ", "\t", "ADVERTISEMENT", "Related Articles",
    "-", "Published July 16, 2025", "July 16, 2025 - 3 min Read", "February 30, 2025",
    "Facebook X Reddit", "Published by A Writer", "Sanctions & export controls",
    "A short heading.", "Two sentences. Right here.", "\x00", "\u2028", "\x0c",
    "A longer line of body text that goes on. " * 20,
])
_PIECES = st.lists(st.one_of(_FRAGMENTS, st.text(max_size=30)), max_size=40).map("".join)
# Line-shaped text: lines of family furniture (and some random ones), joined by random line
# terminators, so that headers, headings, paragraphs and related tails actually occur.
_LINE_KINDS = st.sampled_from([
    "A title line about sanctions and coalitions that runs on", "A dek line. It summarises.",
    "Published July 16, 2025", "July 16, 2025 - 3 min Read", "Facebook X Reddit",
    "Published by A Writer", "Sanctions & export controls", "A short heading.",
    "A short heading without a period", "Is this a heading?", "ADVERTISEMENT", "-", "",
    "Related Articles", "August 09, 2025",
    "A longer line of body text that goes on. " * 20, "Body. " * 40,
])
_LINE = st.one_of(_LINE_KINDS, _LINE_KINDS, _LINE_KINDS, _LINE_KINDS,
                  st.lists(st.one_of(_FRAGMENTS, st.text(max_size=12)), max_size=3).map("".join))
_LINES = st.tuples(
    st.lists(st.tuples(_LINE, st.sampled_from(["", " ", "\u00a0", "\t "])).map("".join),
             max_size=30),
    st.sampled_from(["\n", "\r\n", "\r"]),
).map(lambda parts: parts[1].join(parts[0]))
_RANDOM_TEXT = st.one_of(_PIECES, _LINES)


@pytest.mark.slow
@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_RANDOM_TEXT)
def test_random_text_parses_or_raises_format_error(tmp_path_factory, text):
    """Any text either parses with raw[start:end] == text everywhere, or raises
    ReadingFormatError - never another exception."""
    path = tmp_path_factory.mktemp("rand") / "r.txt"
    path.write_bytes(text.encode("utf-8"))
    try:
        reading = load_reading(path)
    except ReadingFormatError as err:
        assert err.reason and str(path) in str(err)
        return
    assert reading.raw == text
    assert reading.title
    _assert_offsets(reading)
    assert all(1 <= d.line_no for d in reading.boilerplate)


_WORDS = ["sanctions", "allies", "trade", "pressure", "leverage", "coalition", "policy",
          "states", "costs", "signal", "bargain", "enforcement", "relief", "markets",
          "credible", "partners", "exports", "finance", "regime", "talks", "threat"]
_CATEGORIES = ["Sanctions & export controls", "Trade policy", "Diplomacy"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]
_SHARE = ["Facebook", "X", "Reddit", "Pinterest", "Email", "Linkedin", "Bluesky"]


def _sentence(draw, low, high, end="."):
    words = draw(st.lists(st.sampled_from(_WORDS), min_size=low, max_size=high))
    return (" ".join(words).capitalize() + end) if words else ""


@st.composite
def articles(draw):
    """(text, expected) for a valid-looking article with random optional parts."""
    title = _sentence(draw, 8, 16, end=draw(st.sampled_from([".", ""])))
    category = draw(st.none() | st.sampled_from(_CATEGORIES))
    dek = _sentence(draw, 10, 30) if category or draw(st.booleans()) else None
    day = draw(st.dates(D(2000, 1, 1), D(2030, 12, 31)))
    month = _MONTHS[day.month - 1]
    date_forms = [f"Published {month} {day.day}, {day.year}", f"{month} {day.day:02d}, {day.year}",
                  f"{month} {day.day}, {day.year} - 4 min Read", f"{day.day} {month} {day.year}"]
    meta = []
    if draw(st.booleans()):
        meta.append(draw(st.sampled_from(date_forms)))
    if draw(st.booleans()):
        meta.append(" ".join(draw(st.lists(st.sampled_from(_SHARE), min_size=2, max_size=6))))
    if draw(st.booleans()):
        meta.append("Published by Jane Roe")
    meta = draw(st.permutations(meta))

    def paragraph():
        sentences = []
        while sum(len(s) + 1 for s in sentences) < 600:
            sentences.append(_sentence(draw, 8, 15))
        return " ".join(sentences)

    # Without a dek and without metadata, "title, short line, paragraph" is ambiguous (dek or
    # heading?), so such articles open with a lead paragraph.
    lead_min = 1 if (dek is None and not meta) else 0
    lead = [paragraph() for _ in range(draw(st.integers(lead_min, 3)))]
    sections = [(_sentence(draw, 3, 12, end=draw(st.sampled_from([".", "", "?"]))),
                 [paragraph() for _ in range(draw(st.integers(1, 3)))])
                for _ in range(draw(st.integers(0 if lead else 1, 4)))]
    body, ads = [], 0
    for text in lead + [x for h, ps in sections for x in [h, *ps]]:
        body.append(text)
        if text in lead or any(text in ps for _, ps in sections):
            n = draw(st.integers(0, 2))
            body.extend(["ADVERTISEMENT"] * n)
            ads += n
    related = []
    if draw(st.booleans()):
        for _ in range(draw(st.integers(0, 5))):
            related.append((draw(st.none() | st.sampled_from(_CATEGORIES)),
                            _sentence(draw, 25, 40),
                            draw(st.none() | st.dates(D(2020, 1, 1), D(2030, 1, 1)))))
    tail = []
    if related or draw(st.booleans()):
        tail.append("Related Articles")
        for cat, blurb, when in related:
            tail += [cat] if cat else []
            tail.append(blurb)
            if when:
                tail += ["-"] if draw(st.booleans()) else []
                tail.append(f"{_MONTHS[when.month - 1]} {when.day:02d}, {when.year}")
    lines = ([category] if category else []) + [title] + ([dek] if dek else []) + meta
    lines += body + tail
    pad = st.sampled_from(["", " ", "\t", "\u00a0", " \u00a0 "])
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    text = newline.join(line + draw(pad) for line in lines)
    text = ("\ufeff" if draw(st.booleans()) else "") + text
    text += newline if draw(st.booleans()) else ""
    has_date = any(m in date_forms for m in meta)
    expected = dict(title=title, category=category, dek=dek, published=day if has_date else None,
                    headings=[h for h, _ in sections], paragraphs=lead + [p for _, ps in sections
                                                                          for p in ps],
                    related=related, ads=ads, byline="Jane Roe" if "Published by Jane Roe" in meta
                    else None)
    return text, expected


@pytest.mark.slow
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(article=articles())
def test_generated_articles_parse(tmp_path_factory, article):
    """Articles assembled from family parts (optional category, dek, date forms, share bar,
    byline, ads, headings, related tail; LF/CRLF/CR, BOM, trailing whitespace) recover every
    part: title, metadata, headings, paragraphs, related entries and the ad count."""
    text, expected = article
    path = tmp_path_factory.mktemp("gen") / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    r = load_reading(path)
    assert r.title == expected["title"]
    assert r.category == expected["category"]
    assert r.dek == expected["dek"]
    assert r.published == expected["published"]
    assert r.byline == expected["byline"]
    assert [s.heading for s in r.sections if s.heading is not None] == expected["headings"]
    assert [p.text for s in r.sections for p in s.paragraphs] == expected["paragraphs"]
    assert [(a.category, a.blurb, a.date) for a in r.related] == expected["related"]
    assert sum(d.reason == "advertisement" for d in r.boilerplate) == expected["ads"]
    _assert_offsets(r)
