"""A reading as a self-contained HTML fragment, with glossary concepts and source errata marked.

:func:`render_html` is what a notebook shows for a :class:`~sanclab.readings.Reading`
(``Reading._repr_html_`` calls it) and what ``sanclab annotate --format html`` writes.

* Glossary concepts become ``<span class="sanclab-concept" data-concept="TERM"
  title="DEFINITION" tabindex="0">``: hovering shows the definition as a tooltip, and keyboard
  users can tab to a concept, which then shows its definition inline, right after the word
  (in the text flow, so it is never clipped by a narrow notebook output area). By default
  only the first mention of each concept in a paragraph (or heading) is marked, so the text
  stays readable; ``highlight="all"`` marks every mention.
* Possible misspellings in the source become ``<mark class="sanclab-erratum" title="possible
  misspelling in the source; suggestion: ...">``; the text itself is shown as written.
* Every piece of text and every attribute value taken from the reading or the glossary is
  escaped with ``html.escape(..., quote=True)``: a reading cannot inject markup or scripts.
* A small ``<style>`` block, scoped to ``.sanclab-reading``, uses colours from the Okabe-Ito
  colour-blind-safe palette at WCAG AA contrast or better; no fonts, images or URLs.
* The output depends only on the inputs: no ids, counters or timestamps.

Examples
--------
>>> from sanclab.readings import get_seed
>>> from sanclab.render import render_html
>>> page = render_html(get_seed("snapback"))
>>> page.startswith('<article class="sanclab-reading"')
True
>>> 'data-concept="asset freeze"' in page, '<mark class="sanclab-erratum"' in page
(True, True)
"""

from __future__ import annotations

import bisect
import datetime as _dt
import html
import itertools

import pandas as pd

from sanclab.annotate import annotate
from sanclab.glossary import Glossary, resolve_glossary
from sanclab.readings import Reading, check_reading

__all__ = ["HIGHLIGHT_MODES", "PALETTE", "STYLE", "render_html"]

#: What :func:`render_html` marks: the first mention of each concept per block, or all.
HIGHLIGHT_MODES = ("first", "all")

#: Colours of the reading view (Okabe-Ito blue and vermilion for the two kinds of marks, on
#: light tints; text colours chosen for at least 4.5:1 contrast, mark outlines at least 3:1).
PALETTE = {
    "text": "#1a1a1a",
    "muted": "#595959",
    "background": "#ffffff",
    "concept_background": "#e3eef8",
    "concept_line": "#0072b2",
    "erratum_background": "#fde8d0",
    "erratum_line": "#b34700",
    "tooltip_text": "#ffffff",
    "tooltip_background": "#1a1a1a",
    "rule": "#c8c8c8",
}

_CSS_TEMPLATE = """\
.sanclab-reading{{max-width:46rem;margin:0;padding:1rem 1.25rem;color:{text};\
background:{background};line-height:1.6}}
.sanclab-reading .sanclab-category{{margin:0;font-size:.85em;letter-spacing:.04em;\
text-transform:uppercase;color:{muted}}}
.sanclab-reading .sanclab-title{{margin:.25rem 0 .5rem;font-size:1.5em;line-height:1.25;\
color:{text}}}
.sanclab-reading .sanclab-dek{{margin:0 0 .5rem;font-size:1.05em;color:{text}}}
.sanclab-reading .sanclab-meta{{margin:0 0 1rem;font-size:.9em;color:{muted}}}
.sanclab-reading .sanclab-heading{{margin:1.5rem 0 .5rem;font-size:1.15em;color:{text}}}
.sanclab-reading p{{margin:0 0 .9rem}}
.sanclab-reading .sanclab-concept{{background:{concept_background};\
border-bottom:2px dotted {concept_line};cursor:help}}
.sanclab-reading .sanclab-concept:focus{{outline:2px solid {concept_line};outline-offset:1px}}
.sanclab-reading .sanclab-concept:focus-visible::after{{content:attr(title);margin-left:.3em;\
padding:.05rem .35rem;font-size:.9em;color:{tooltip_text};background:{tooltip_background};\
border-radius:3px;-webkit-box-decoration-break:clone;box-decoration-break:clone}}
.sanclab-reading .sanclab-erratum{{color:{text};background:{erratum_background};\
text-decoration:underline wavy {erratum_line};text-decoration-skip-ink:none}}
.sanclab-reading .sanclab-legend{{margin-top:1.5rem;padding-top:.5rem;font-size:.85em;\
color:{muted};border-top:1px solid {rule}}}"""

#: The inline style sheet (every rule starts with ``.sanclab-reading``).
STYLE = _CSS_TEMPLATE.format(**PALETTE)

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def _spans(frame, name: str, reading, label_column: str | None, required: tuple[str, ...]):
    """``[(start, end, label)]`` from an annotations/errata frame, validated."""
    if not isinstance(frame, pd.DataFrame):
        raise TypeError(f"{name} must be a pandas DataFrame or None, got "
                        f"{type(frame).__name__}")
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} lacks column(s) {', '.join(missing)}; required: "
                         f"{', '.join(required)}")
    if "reading_id" in frame.columns:
        others = sorted({str(i) for i in frame["reading_id"] if i != reading.id})
        if others:
            raise ValueError(f"{name} belong to another reading ({others[0]!r}), not "
                             f"{reading.id!r}")
    size = len(reading.raw)
    labels = frame[label_column] if label_column in frame.columns else [None] * len(frame)
    spans = []
    rows = zip(frame["start"], frame["end"], labels, strict=True)
    for row, (start, end, label) in enumerate(rows):
        if pd.isna(start) or pd.isna(end) or int(start) != start or int(end) != end:
            raise ValueError(f"{name} row {row}: start={start!r}, end={end!r} must be integers")
        start, end = int(start), int(end)
        if not 0 <= start < end <= size:
            raise ValueError(f"{name} row {row}: start={start}, end={end} outside the allowed "
                             f"range 0 <= start < end <= {size} (length of reading.raw)")
        spans.append((start, end, None if label is None or pd.isna(label) else str(label)))
    spans.sort(key=lambda s: (s[0], -s[1]))
    kept, last_end = [], -1
    for span in spans:  # overlapping spans of one kind: the earlier (then longer) one wins
        if span[0] >= last_end:
            kept.append(span)
            last_end = span[1]
    return kept


def _first_per_block(spans, blocks):
    """The spans that are the first of their label in their block (the block holding their
    start), in order. One pass over the sorted spans and blocks: linear."""
    starts = [b.start for b in blocks]
    kept, seen, block = [], set(), -1
    for span in spans:
        while block + 1 < len(starts) and starts[block + 1] <= span[0]:
            block += 1
            seen = set()
        if span[2] not in seen:
            seen.add(span[2])
            kept.append(span)
    return kept


def _concept_open(term: str | None, glossary: Glossary) -> str:
    concept = glossary.lookup(term) if term else None
    tooltip = concept.definition if concept is not None else (term or "")
    shown = concept.term if concept is not None else (term or "")
    return (f'<span class="sanclab-concept" data-concept="{_esc(shown)}" '
            f'title="{_esc(tooltip)}" tabindex="0">')


def _erratum_open(suggestion: str | None) -> str:
    note = "possible misspelling in the source"
    note += f"; suggestion: {suggestion}" if suggestion else "; no suggestion"
    return f'<mark class="sanclab-erratum" title="{_esc(note)}">'


def _within(spans, start: int, end: int):
    """The spans of a sorted, non-overlapping list that meet ``[start, end)``.

    Such spans are sorted by their ends too, so two bisections find them: O(log n), not a
    scan of every span for every block (which was quadratic in a long reading).
    """
    first = bisect.bisect_right(spans, start, key=lambda s: s[1])
    last = bisect.bisect_left(spans, end, lo=first, key=lambda s: s[0])
    return spans[first:last]


def _marked(text: str, offset: int, concepts, errata_spans, glossary: Glossary) -> str:
    """`text` (which starts at `offset` in raw) escaped, with concept spans and errata marks.

    `concepts` and `errata_spans` are sorted lists of non-overlapping ``(start, end, label)``
    spans (as :func:`_spans` returns them).
    """
    end_offset = offset + len(text)
    concepts = _within(concepts, offset, end_offset)
    errata_spans = _within(errata_spans, offset, end_offset)
    if not concepts and not errata_spans:
        return _esc(text)
    points = {offset, end_offset}
    for start, end, _ in concepts + errata_spans:
        points.update(p for p in (start, end) if offset < p < end_offset)
    points = sorted(points)

    def cursor(spans):
        """``covering(at)``: the span holding `at`, for `at` rising; linear over all calls."""
        index = 0

        def covering(at):
            nonlocal index
            while index < len(spans) and spans[index][1] <= at:
                index += 1
            if index < len(spans) and spans[index][0] <= at:
                return spans[index]
            return None

        return covering

    concept_at, erratum_at = cursor(concepts), cursor(errata_spans)
    out: list[str] = []
    open_concept = open_erratum = None
    for a, b in itertools.pairwise(points):
        concept, erratum = concept_at(a), erratum_at(a)
        if concept is not open_concept:
            if open_erratum is not None:
                out.append("</mark>")
            if open_concept is not None:
                out.append("</span>")
            if concept is not None:
                out.append(_concept_open(concept[2], glossary))
            if erratum is not None:
                out.append(_erratum_open(erratum[2]))
            open_concept, open_erratum = concept, erratum
        elif erratum is not open_erratum:
            if open_erratum is not None:
                out.append("</mark>")
            if erratum is not None:
                out.append(_erratum_open(erratum[2]))
            open_erratum = erratum
        out.append(_esc(text[a - offset:b - offset]))
    if open_erratum is not None:
        out.append("</mark>")
    if open_concept is not None:
        out.append("</span>")
    return "".join(out)


def _meta_line(reading) -> str:
    parts = []
    published = getattr(reading, "published", None)
    if isinstance(published, _dt.date):
        shown = f"{_MONTHS[published.month - 1]} {published.day}, {published.year}"
        parts.append(f'<time datetime="{published.isoformat()}">{_esc(shown)}</time>')
    byline = getattr(reading, "byline", None)
    if byline:
        parts.append(f"By {_esc(byline)}")
    minutes = getattr(reading, "read_minutes", None)
    if minutes:
        parts.append(f"{_esc(minutes)} min read")
    return f'<p class="sanclab-meta">{" · ".join(parts)}</p>' if parts else ""


def render_html(reading: Reading, annotations: pd.DataFrame | None = None,
                errata: pd.DataFrame | None = None, glossary: Glossary | None = None,
                *, highlight: str = "first") -> str:
    """The reading as an HTML ``<article>`` fragment with concepts and errata marked.

    Parameters
    ----------
    reading : Reading
    annotations : pandas.DataFrame, optional
        As returned by :func:`sanclab.annotate.annotate` (columns ``start``, ``end``,
        ``concept`` at least; offsets into ``reading.raw``). Default: computed with
        `glossary`. Pass an empty frame to show no concepts.
    errata : pandas.DataFrame, optional
        As returned by :func:`sanclab.errata.errata` (``start``, ``end``, optional
        ``suggestion``). Default: computed with `glossary`. Pass an empty frame to show none.
    glossary : Glossary, optional
        Supplies the definitions shown as tooltips. Default: the course glossary.
    highlight : {"first", "all"}, default "first"
        ``"first"`` marks the first mention of each concept in each paragraph or heading
        (a concept named four times in a paragraph is marked once), ``"all"`` every mention.

    Returns
    -------
    str
        ``<article class="sanclab-reading" lang="en">`` with a scoped ``<style>``, a header
        (category, title, dek, date · byline · reading time), the sections with their headings
        and paragraphs, and a one-line legend when anything is marked.

    Raises
    ------
    TypeError
        If `annotations` or `errata` is not a DataFrame.
    ValueError
        If a frame lacks a required column, belongs to another reading, or has an offset
        outside ``0 <= start < end <= len(reading.raw)``; or `highlight` is not one of
        :data:`HIGHLIGHT_MODES`.

    Examples
    --------
    >>> from sanclab.readings import get_seed
    >>> empty = pd.DataFrame({"start": [], "end": [], "concept": []})
    >>> plain = render_html(get_seed(1), annotations=empty, errata=empty)
    >>> "sanclab-concept" in plain.split("</style>", 1)[1]
    False
    >>> first, every = (render_html(get_seed(1), highlight=h).count('data-concept="coalition"')
    ...                 for h in ("first", "all"))
    >>> first < every
    True
    """
    if highlight not in HIGHLIGHT_MODES:
        raise ValueError(f"highlight must be one of {list(HIGHLIGHT_MODES)}, got {highlight!r}")
    check_reading(reading)
    glossary = resolve_glossary(glossary)
    if annotations is None:
        annotations = annotate(reading, glossary)
    if errata is None:
        from sanclab.errata import errata as find_errata

        errata = find_errata(reading, glossary)
    concepts = _spans(annotations, "annotations", reading, "concept", ("start", "end"))
    marks = _spans(errata, "errata", reading, "suggestion", ("start", "end"))
    blocks = reading.blocks(header=True)
    if highlight == "first":
        concepts = _first_per_block(concepts, blocks)  # blocks are in file order

    def marked(block) -> str:
        return _marked(block.text, block.start, concepts, marks, glossary)

    header = {b.kind: b for b in blocks if b.kind in ("title", "dek")}
    out = [f'<article class="sanclab-reading" lang="en" data-reading-id="{_esc(reading.id)}">',
           f"<style>\n{STYLE}\n</style>", '<header class="sanclab-header">']
    category = getattr(reading, "category", None)
    if category:
        out.append(f'<p class="sanclab-category">{_esc(category)}</p>')
    title = marked(header["title"]) if "title" in header else _esc(reading.title)
    out.append(f'<h2 class="sanclab-title">{title}</h2>')
    dek = getattr(reading, "dek", None)
    if dek:
        text = marked(header["dek"]) if "dek" in header else _esc(dek)
        out.append(f'<p class="sanclab-dek">{text}</p>')
    meta = _meta_line(reading)
    if meta:
        out.append(meta)
    out.append("</header>")
    body = [b for b in blocks if b.kind in ("heading", "paragraph")]
    current = None
    for block in body:
        if block.section_no != current:
            if current is not None:
                out.append("</section>")
            out.append(f'<section class="sanclab-section" data-section="{block.section_no}">')
            current = block.section_no
        if block.kind == "heading":
            out.append(f'<h3 class="sanclab-heading">{marked(block)}</h3>')
        else:
            out.append(f'<p data-paragraph="{block.paragraph_no}">{marked(block)}</p>')
    if current is not None:
        out.append("</section>")
    if concepts or marks:
        legend = []
        if concepts:
            first = " (the first mention in each paragraph)" if highlight == "first" else ""
            legend.append('<span class="sanclab-concept">Shaded, dotted words</span> are '
                          f"glossary concepts{first}: hover over one, or tab to it, to see "
                          "its definition.")
        if marks:
            legend.append('<mark class="sanclab-erratum">Wavy-underlined words</mark> may '
                          "be misspelled in the source; they are shown as written.")
        out.append(f'<p class="sanclab-legend">{" ".join(legend)}</p>')
    out.append("</article>")
    return "\n".join(out)
