"""Tests for sanclab.render: a reading as an escaped, self-contained HTML fragment."""

from __future__ import annotations

import copy
import html
import re
from html.parser import HTMLParser

import pandas as pd
import pytest
import yaml
from _synthetic import make_reading

from sanclab.annotate import annotate
from sanclab.errata import errata
from sanclab.glossary import load_glossary
from sanclab.readings import load_reading
from sanclab.render import PALETTE, STYLE, render_html

ALLOWED_TAGS = {"article", "style", "header", "p", "h2", "h3", "section", "span", "mark",
                "time"}
VOID = set()


class Tree(HTMLParser):
    """Records tags, attributes and the text inside each paragraph/heading; checks nesting."""

    def __init__(self, page: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.starts: list[tuple[str, dict]] = []
        self.errors: list[str] = []
        self.blocks: list[tuple[str, dict, str]] = []  # (tag, attrs, text) of p/h2/h3
        self._current: list | None = None
        self.feed(page)
        self.close()
        if self.stack:
            self.errors.append(f"unclosed: {self.stack}")

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.starts.append((tag, attrs))
        self.stack.append(tag)
        if tag in ("p", "h2", "h3"):
            self._current = [tag, attrs, ""]

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()
        if tag in ("p", "h2", "h3") and self._current is not None:
            self.blocks.append(tuple(self._current))
            self._current = None

    def handle_data(self, data):
        if self._current is not None:
            self._current[2] += data


def _body_blocks(tree):
    return [(tag, attrs, text) for tag, attrs, text in tree.blocks
            if tag == "h3" or (tag == "p" and "data-paragraph" in attrs)]


# --- the seeds ---------------------------------------------------------------------------

def test_structure_and_text_of_every_seed(seeds):
    """Each seed renders to one balanced <article>; the title, headings and paragraphs appear
    in order with exactly the reading's text; only the expected tags are used."""
    for reading in seeds:
        page = render_html(reading)
        assert page.startswith('<article class="sanclab-reading"') and \
            page.endswith("</article>")
        tree = Tree(page)
        assert tree.errors == []
        assert {tag for tag, _ in tree.starts} <= ALLOWED_TAGS
        titles = [text for tag, _, text in tree.blocks if tag == "h2"]
        assert titles == [reading.title]
        expected = []
        for section in reading.sections:
            if section.heading is not None:
                expected.append(("h3", section.heading))
            expected += [("p", p.text) for p in section.paragraphs]
        assert [(tag, text) for tag, _, text in _body_blocks(tree)] == expected


def test_every_annotation_becomes_a_concept_span(seeds):
    """With highlight="all" the number of concept spans equals the number of annotate()
    rows, and each span has the concept's term, its definition as title, and tabindex 0."""
    glossary = load_glossary()
    for reading in seeds:
        tree = Tree(render_html(reading, highlight="all"))
        spans = [a for tag, a in tree.starts if tag == "span" and
                 a.get("class") == "sanclab-concept" and "data-concept" in a]
        assert len(spans) == len(annotate(reading))
        for attrs in spans:
            concept = glossary[attrs["data-concept"]]
            assert attrs["title"] == concept.definition
            assert attrs["tabindex"] == "0"


def test_by_default_only_the_first_mention_per_paragraph_is_marked(seeds):
    """Default highlight="first": one span per (paragraph or heading, concept) pair of
    annotate(), and it is that concept's first mention there; the legend says so. Seed 000
    names "coalition" in several paragraphs, some of them more than once."""
    for reading in seeds:
        found = annotate(reading)
        firsts = found.drop_duplicates(["section_no", "paragraph_no", "concept"])
        page = render_html(reading)
        tree = Tree(page)
        spans = [a for tag, a in tree.starts if tag == "span" and
                 a.get("class") == "sanclab-concept" and "data-concept" in a]
        assert len(spans) == len(firsts)
        expected = [load_glossary()[c].term for c in firsts["concept"]]
        assert [a["data-concept"] for a in spans] == expected
        assert "the first mention in each paragraph" in page
    repeated = annotate(seeds[0]).groupby(["paragraph_no", "concept"]).size()
    assert (repeated > 1).any()


def test_highlight_mode_is_checked(seeds):
    """An unknown highlight mode is a ValueError naming the allowed ones."""
    with pytest.raises(ValueError, match=r"highlight must be one of \['first', 'all'\]"):
        render_html(seeds[0], highlight="some")


def test_errata_are_marked_with_suggestion(seeds):
    """Seed 002's 'partybackslides' is in a <mark> whose title gives the suggestion."""
    page = render_html(seeds[2])
    assert ('<mark class="sanclab-erratum" title="possible misspelling in the source; '
            'suggestion: party backslides">partybackslides</mark>') in page
    marks = [a for tag, a in Tree(page).starts if tag == "mark"]
    assert len(marks) == len(errata(seeds[2])) + 1  # + the legend's sample mark


def test_meta_line(seeds):
    """Seed 004's meta line: 16 July 2025, byline Anthony Young, 3 min read."""
    page = render_html(seeds[4])
    assert ('<p class="sanclab-meta"><time datetime="2025-07-16">July 16, 2025</time> · '
            "By Anthony Young · 3 min read</p>") in page
    assert '<p class="sanclab-category">Sanctions &amp; export controls</p>' in page


def test_output_is_deterministic(seeds):
    """Rendering twice, or rendering a copy of the reading, gives identical output."""
    reading = seeds[0]
    assert render_html(reading) == render_html(reading) == render_html(copy.deepcopy(reading))


def test_repr_html_delegates(seeds):
    """Reading._repr_html_ returns render_html(reading)."""
    assert seeds[3]._repr_html_() == render_html(seeds[3])


def test_empty_frames_show_no_marks(seeds):
    """Empty annotation and errata frames: no concept span and no mark, and no legend."""
    empty = pd.DataFrame({"start": [], "end": [], "concept": []})
    page = render_html(seeds[2], annotations=empty, errata=empty)
    body = page.split("</style>", 1)[1]
    assert "sanclab-concept" not in body and "<mark" not in body
    assert "sanclab-legend" not in body


# --- escaping -----------------------------------------------------------------------------

HOSTILE = "\n".join([
    "<script>alert(1)</script> How \"sanctions\" & 'coalitions' fail",
    "A dek with <img src=x onerror=alert(1)> and \"quotes\" inside it.",
    "Published July 1, 2025",
    "First paragraph with <script>alert(2)</script> and a \"quoted\" 'attr' value & an asset "
    "freeze. It goes on for a second sentence to look like a paragraph.",
    "Is <iframe src=\"javascript:alert(4)\"> a heading?",
    "Second paragraph: <a href=\"javascript:alert(5)\" onclick=\"alert(6)\">click</a> and "
    "</article> and a comunes word. It ends here.",
]) + "\n"


@pytest.fixture()
def hostile(tmp_path):
    path = tmp_path / "hostile.txt"
    path.write_text(HOSTILE, encoding="utf-8")
    reading = load_reading(path)
    assert "<script>" in reading.title and "onerror" in reading.dek
    assert any(s.heading and "<iframe" in s.heading for s in reading.sections)
    return reading


def test_hostile_reading_renders_inert(hostile):
    """Markup in the reading's title, dek, headings and body is shown as text: the output has
    no script/img/iframe/a element and no on* attribute, and the text survives unchanged."""
    page = render_html(hostile)
    lowered = page.lower()
    for needle in ("<script", "<img", "<iframe", "<a ", "onerror=\"", "onclick=\""):
        assert needle not in lowered
    tree = Tree(page)
    assert tree.errors == []
    assert {tag for tag, _ in tree.starts} <= ALLOWED_TAGS
    assert not any(name.startswith("on") for _, attrs in tree.starts for name in attrs)
    texts = [text for _, _, text in tree.blocks]
    assert hostile.title in texts and hostile.dek in texts
    for section in hostile.sections:
        for paragraph in section.paragraphs:
            assert paragraph.text in texts


def test_hostile_glossary_and_frames_are_escaped(tmp_path):
    """A definition, a concept label and a suggestion containing quotes and tags come back
    intact as attribute values (escaped in the markup, never breaking out of it)."""
    evil_definition = 'Evil "><script>alert(7)</script> definition.'
    path = tmp_path / "g.yaml"
    path.write_text(yaml.safe_dump([{
        "term": 'quote"term', "aliases": [], "category": "model",
        "definition": evil_definition, "lessons": [1], "see_also": [],
        "reference": "nash1950"}]), encoding="utf-8")
    glossary = load_glossary(path)
    reading = make_reading([("p", 'A quote"term here and a misspelt wurd.')])
    text_start = reading.raw.index('quote"term')
    word_start = reading.raw.index("wurd")
    notes = pd.DataFrame({"start": [text_start], "end": [text_start + 10],
                          "concept": ['quote"term']})
    wrong = pd.DataFrame({"start": [word_start], "end": [word_start + 4],
                          "suggestion": ['"><script>alert(8)</script>']})
    page = render_html(reading, annotations=notes, errata=wrong, glossary=glossary)
    assert "<script" not in page.lower()
    tree = Tree(page)
    assert tree.errors == []
    span = next(a for t, a in tree.starts if t == "span" and "data-concept" in a)
    assert span["data-concept"] == 'quote"term' and span["title"] == evil_definition
    mark = next(a for t, a in tree.starts if t == "mark" and "title" in a)
    assert mark["title"].endswith('suggestion: "><script>alert(8)</script>')
    assert html.escape('"><script>', quote=True) in page


# --- overlapping marks and validation -------------------------------------------------------

def test_partly_overlapping_concept_and_erratum_nest_properly():
    """A concept span [a, b) and an erratum [c, d) with a < c < b < d produce balanced tags
    and keep the text intact."""
    reading = make_reading([("p", "alpha beta gamma delta")])
    base = reading.sections[0].paragraphs[0].start
    notes = pd.DataFrame({"start": [base + 0], "end": [base + 10], "concept": ["hedging"]})
    wrong = pd.DataFrame({"start": [base + 6], "end": [base + 16], "suggestion": [None]})
    page = render_html(reading, annotations=notes, errata=wrong)
    tree = Tree(page)
    assert tree.errors == []
    paragraph = next(text for tag, a, text in tree.blocks if "data-paragraph" in a)
    assert paragraph == "alpha beta gamma delta"
    assert "possible misspelling in the source; no suggestion" in page
    assert page.count('<mark class="sanclab-erratum" title=') == 2  # split at the span's end


@pytest.mark.parametrize(("frame", "error", "fragment"), [
    ("not a frame", TypeError, "must be a pandas DataFrame"),
    (pd.DataFrame({"end": [5], "concept": ["x"]}), ValueError, "lacks column(s) start"),
    (pd.DataFrame({"start": [5], "end": [3], "concept": ["x"]}), ValueError,
     "outside the allowed range"),
    (pd.DataFrame({"start": [0], "end": [10 ** 6], "concept": ["x"]}), ValueError,
     "outside the allowed range"),
    (pd.DataFrame({"start": [float("nan")], "end": [3.0], "concept": ["x"]}), ValueError,
     "must be integers"),
    (pd.DataFrame({"reading_id": ["other"], "start": [0], "end": [3], "concept": ["x"]}),
     ValueError, "another reading"),
])
def test_bad_annotation_frames(frame, error, fragment):
    """Bad annotations are rejected with an error naming the parameter and the problem."""
    reading = make_reading([("p", "Some text here.")])
    with pytest.raises(error, match=re.escape(fragment)) as info:
        render_html(reading, annotations=frame, errata=pd.DataFrame({"start": [], "end": []}))
    assert "annotations" in str(info.value)


# --- style ----------------------------------------------------------------------------------

def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_contrast_formula_known_values():
    """Black on white is 21:1; a colour on itself is 1:1; #767676 on white is about 4.54:1."""
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0, abs=1e-9)
    assert contrast("#0072b2", "#0072b2") == pytest.approx(1.0, abs=1e-12)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(("fg", "bg", "minimum"), [
    ("text", "background", 4.5),
    ("muted", "background", 4.5),
    ("text", "concept_background", 4.5),
    ("text", "erratum_background", 4.5),
    ("tooltip_text", "tooltip_background", 4.5),
    ("concept_line", "concept_background", 3.0),   # non-text contrast (WCAG 1.4.11)
    ("erratum_line", "erratum_background", 3.0),
    ("concept_line", "background", 3.0),           # focus outline
])
def test_palette_contrast_meets_wcag_aa(fg, bg, minimum):
    """Text pairs reach 4.5:1 and mark/outline colours 3:1 against their backgrounds."""
    assert contrast(PALETTE[fg], PALETTE[bg]) >= minimum


def test_style_is_scoped_and_offline():
    """Every CSS rule is scoped to .sanclab-reading; no URL, import or web font is used; every
    palette colour is used."""
    rules = [r.strip() for r in STYLE.split("}") if r.strip()]
    assert rules and all(r.startswith(".sanclab-reading") for r in rules)
    for forbidden in ("url(", "@import", "@font-face", "http", "//"):
        assert forbidden not in STYLE
    for colour in PALETTE.values():
        assert colour in STYLE
