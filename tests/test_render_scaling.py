"""Tests for sanclab.render on long readings: the linear marking equals the plain one.

``render._marked`` used to scan every span for every block and, inside a block, every span
for every boundary point (quadratic: a 2 MB one-paragraph reading took minutes). It now
bisects to the block's spans and walks them with a cursor. These tests pin the output to the
straightforward algorithm it replaced (:func:`reference_marked`, kept verbatim below) on
random inputs, and render generated long readings. Times are shown by
``benchmarks/run.py``, never asserted here.
"""

from __future__ import annotations

import itertools
import re

import pandas as pd
from _synthetic import make_reading
from hypothesis import given, settings
from hypothesis import strategies as st

from sanclab import render
from sanclab.annotate import annotate
from sanclab.glossary import load_glossary
from sanclab.render import render_html

GLOSSARY = load_glossary()
TERMS = list(GLOSSARY)[:6]


def reference_marked(text, offset, concepts, errata_spans, glossary):
    """The quadratic algorithm of render._marked before issue 16, verbatim."""
    end_offset = offset + len(text)
    concepts = [s for s in concepts if s[0] < end_offset and s[1] > offset]
    errata_spans = [s for s in errata_spans if s[0] < end_offset and s[1] > offset]
    if not concepts and not errata_spans:
        return render._esc(text)
    points = {offset, end_offset}
    for start, end, _ in concepts + errata_spans:
        points.update(p for p in (start, end) if offset < p < end_offset)
    points = sorted(points)

    def covering(spans, at):
        return next((s for s in spans if s[0] <= at < s[1]), None)

    out = []
    open_concept = open_erratum = None
    for a, b in itertools.pairwise(points):
        concept, erratum = covering(concepts, a), covering(errata_spans, a)
        if concept is not open_concept:
            if open_erratum is not None:
                out.append("</mark>")
            if open_concept is not None:
                out.append("</span>")
            if concept is not None:
                out.append(render._concept_open(concept[2], glossary))
            if erratum is not None:
                out.append(render._erratum_open(erratum[2]))
            open_concept, open_erratum = concept, erratum
        elif erratum is not open_erratum:
            if open_erratum is not None:
                out.append("</mark>")
            if erratum is not None:
                out.append(render._erratum_open(erratum[2]))
            open_erratum = erratum
        out.append(render._esc(text[a - offset:b - offset]))
    if open_erratum is not None:
        out.append("</mark>")
    if open_concept is not None:
        out.append("</span>")
    return "".join(out)


@st.composite
def disjoint_spans(draw, size: int, labels):
    """A sorted list of non-overlapping (start, end, label) spans inside [0, size)."""
    cuts = sorted(draw(st.sets(st.integers(0, size), max_size=12)))
    spans = []
    for a, b in itertools.pairwise(cuts):
        if draw(st.booleans()):
            spans.append((a, b, draw(labels)))
    return spans


@st.composite
def marking_case(draw):
    raw = draw(st.text(alphabet="ab <&\"'\n", min_size=1, max_size=60))
    size = len(raw)
    start = draw(st.integers(0, size - 1))
    end = draw(st.integers(start + 1, size))
    concepts = draw(disjoint_spans(size, st.sampled_from([*TERMS, "not a term", None])))
    errata_spans = draw(disjoint_spans(size, st.sampled_from(["fix", "a <b>", None])))
    return raw[start:end], start, concepts, errata_spans


@settings(max_examples=300, deadline=None)
@given(marking_case())
def test_marked_equals_the_reference(case):
    """Random text, block and concept/errata spans (overlapping each other, the block's
    edges, or nothing): the bisect-and-cursor _marked returns exactly the old output."""
    text, offset, concepts, errata_spans = case
    assert (render._marked(text, offset, concepts, errata_spans, GLOSSARY)
            == reference_marked(text, offset, concepts, errata_spans, GLOSSARY))


@st.composite
def reading_case(draw):
    words = st.sampled_from(["sanctions", "coalition", "a", "b&c", "<i>", "ally"])
    blocks = draw(st.lists(
        st.tuples(st.sampled_from(["h", "p", "p"]),
                  st.lists(words, min_size=1, max_size=8).map(" ".join)),
        min_size=1, max_size=6))
    if blocks[-1][0] == "h":
        blocks.append(("p", "closing paragraph"))
    reading = make_reading(blocks)
    size = len(reading.raw)

    def frame(label_column, labels):
        rows = draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(1, 12), labels),
                             max_size=15))
        rows = [(a, min(a + n, size), label) for a, n, label in rows]
        return pd.DataFrame(rows, columns=["start", "end", label_column])

    return (reading, frame("concept", st.sampled_from(TERMS)),
            frame("suggestion", st.sampled_from(["fix", None])))


@settings(max_examples=100, deadline=None)
@given(reading_case())
def test_render_html_equals_the_reference(case):
    """Whole pages of random readings with random (overlapping, block-crossing) annotation
    and errata frames: render_html gives the same page as with the old _marked."""
    reading, concepts, errata_frame = case
    page = render_html(reading, annotations=concepts, errata=errata_frame, glossary=GLOSSARY)
    new_marked = render._marked
    render._marked = reference_marked
    try:
        expected = render_html(reading, annotations=concepts, errata=errata_frame,
                               glossary=GLOSSARY)
    finally:
        render._marked = new_marked
    assert page == expected


def _long_reading(paragraph: str, size: int, single: bool):
    """A generated reading of about `size` characters: one paragraph, or many."""
    count = max(1, size // (len(paragraph) + 1))
    if single:
        return make_reading([("p", " ".join([paragraph] * count))], rid="long")
    return make_reading([("p", paragraph)] * count, rid="long")


PARAGRAPH = ("Secondary sanctions press allies to join a coalition; carve-outs and "
             "sanctions busting erode it, and the target's trade leaks to non-members.")


def test_two_megabyte_single_paragraph_renders_every_concept():
    """A generated 2 MB one-paragraph reading (the case that took minutes): every
    annotation becomes exactly one concept span and the text survives, in order."""
    reading = _long_reading(PARAGRAPH, 2_000_000, single=True)
    assert len(reading.raw) > 1_900_000
    found = annotate(reading, GLOSSARY)
    no_errata = pd.DataFrame({"start": [], "end": []})
    page = render_html(reading, annotations=found, errata=no_errata, glossary=GLOSSARY,
                       highlight="all")
    assert page.count('class="sanclab-concept" data-concept=') == len(found) > 10_000
    body = page.split('<p data-paragraph="1">', 1)[1].split("</p>", 1)[0]
    assert re.sub(r"<[^>]+>", "", body).replace("&#x27;", "'") == reading.sections[0] \
        .paragraphs[0].text


def test_two_megabytes_of_paragraphs_render_every_concept():
    """1 MB of short paragraphs (the scan of every span for every block was quadratic)."""
    reading = _long_reading(PARAGRAPH, 1_000_000, single=False)
    found = annotate(reading, GLOSSARY)
    no_errata = pd.DataFrame({"start": [], "end": []})
    page = render_html(reading, annotations=found, errata=no_errata, glossary=GLOSSARY)
    assert page.count('class="sanclab-concept" data-concept=') == len(found) > 10_000
    assert page.count("<p data-paragraph=") == sum(len(s.paragraphs) for s in reading.sections)


def test_two_megabyte_single_paragraph_first_mentions_only():
    """The same 2 MB paragraph with the default highlight="first": one span per concept,
    and the text still survives in order (one pass over the spans)."""
    reading = _long_reading(PARAGRAPH, 2_000_000, single=True)
    found = annotate(reading, GLOSSARY)
    no_errata = pd.DataFrame({"start": [], "end": []})
    page = render_html(reading, annotations=found, errata=no_errata, glossary=GLOSSARY)
    assert page.count('class="sanclab-concept" data-concept=') == found["concept"].nunique()
    body = page.split('<p data-paragraph="1">', 1)[1].split("</p>", 1)[0]
    assert re.sub(r"<[^>]+>", "", body).replace("&#x27;", "'") == reading.sections[0] \
        .paragraphs[0].text
