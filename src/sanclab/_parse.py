"""Line-level parsing of scraped articles: the private engine behind :mod:`sanclab.readings`.

The seed readings are plain-text scrapes of one family of web articles. A file is read as a
sequence of lines; each line keeps its offsets into the text, so that everything found here
can be pointed back to in the file exactly as it was decoded (BOM and CRLF included).

The rules, in the order they are applied (thresholds are the module constants below; the
words - share targets, advertisement and "Related" markers, month names - come from
``data/reading_format.yaml``):

1. *Boilerplate*: blank lines, advertisement lines, share bars (a line made only of share
   targets), and lone separators (``-``) are dropped and recorded with the reason.
2. *Related tail*: everything after the first "Related Articles" marker line (after the first
   text line) is a list of entries. An entry is an optional category line (a short label), an
   optional blurb (any other line), an optional ``-`` and an optional date; a date closes the
   entry, and a second category or blurb starts a new one.
3. *Header*: metadata lines - a date (``Published July 16, 2025``, ``July 16, 2025``,
   ``July 16, 2025 - 3 min Read``, ``16 July 2025``), a share bar and a byline
   (``Published by ...`` / ``By ...``) - may sit anywhere in the header. The text lines before
   the metadata are, in this order, an optional category, the title and an optional dek (at
   most :data:`MAX_HEADER_TEXT_LINES`). A first line is a category when it is a short label
   and either three text lines precede the metadata or the label is also a category of a
   related entry. Without metadata, the line after the title is the dek when it is no
   longer than :data:`DEK_MAX_CHARS` and more text follows it.
4. *Body*: the remaining text lines up to the related tail. A line is a heading when it is
   heading-like (a single sentence of at most :data:`HEADING_MAX_WORDS` words and
   :data:`HEADING_MAX_CHARS` characters, with or without a final period) and the next body
   line is not; every other line is a paragraph. Stray date lines in the body are dropped.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import yaml

#: Most words a heading (a one-sentence line between paragraphs) may have.
HEADING_MAX_WORDS = 20
#: Most characters a heading may have.
HEADING_MAX_CHARS = 160
#: Most words of a label line (a category such as "Sanctions & export controls").
LABEL_MAX_WORDS = 6
#: Most characters of a label line.
LABEL_MAX_CHARS = 50
#: Longest dek accepted when no metadata line marks the end of the header.
DEK_MAX_CHARS = 500
#: Text lines that may precede the header metadata: category, title, dek.
MAX_HEADER_TEXT_LINES = 3

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
# A sentence ends with . ! or ?, possibly followed by closing quotes or brackets, then
# whitespace or the end of the text.
_SENTENCE_END = re.compile(r"[.!?]+[\"'\u201d\u2019)\]]*(?=\s|$)")
_TERMINAL_PUNCTUATION = ".!?:;,"
_MINUTES = (
    r"(?:\s*[-\u2013\u2014|\u00b7\u2022]\s*(?P<minutes>[0-9]{1,4})\s*min(?:ute)?s?\.?"
    r"(?:\s+read)?)?"
)
_PUBLISHED = r"(?:published(?:\s+on)?:?\s+)?"
_DATE_MONTH_FIRST = re.compile(
    rf"^{_PUBLISHED}(?P<month>[a-z]+)\.?\s+(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?,?\s+"
    rf"(?P<year>[0-9]{{4}}){_MINUTES}$",
    re.IGNORECASE,
)
_DATE_DAY_FIRST = re.compile(
    rf"^{_PUBLISHED}(?P<day>[0-9]{{1,2}})(?:st|nd|rd|th)?\s+(?P<month>[a-z]+)\.?,?\s+"
    rf"(?P<year>[0-9]{{4}}){_MINUTES}$",
    re.IGNORECASE,
)
_BYLINE = re.compile(r"^(?:published\s+)?by\s+(?P<name>.+)$", re.IGNORECASE)
_BYLINE_MAX_WORDS = 8


class ParseError(Exception):
    """A structural problem in a reading's text; ``readings`` adds the file name.

    Parameters
    ----------
    reason : str
        What is wrong, in words.
    line : int or None
        1-based line number where the problem was found, when known.
    """

    def __init__(self, reason: str, line: int | None = None) -> None:
        super().__init__(reason, line)
        self.reason = reason
        self.line = line

    def __str__(self) -> str:
        return self.reason if self.line is None else f"line {self.line}: {self.reason}"


@dataclass(frozen=True)
class Line:
    """One line of a reading.

    ``text`` is ``raw[start:end]``: the line without its terminator, leading and trailing
    whitespace (and without the BOM on line 1). ``norm`` is ``text`` with every run of
    whitespace (non-breaking spaces included) replaced by one space, used for matching.
    """

    no: int
    start: int
    end: int
    text: str
    norm: str


@dataclass
class Parsed:
    """The structure found in a reading's text (plain data; ``readings`` builds the API)."""

    title: Line
    category: Line | None = None
    dek: Line | None = None
    published: _dt.date | None = None
    read_minutes: int | None = None
    byline: str | None = None
    share_targets: tuple[str, ...] = ()
    blocks: list[tuple[str, Line]] = field(default_factory=list)  # ("heading"|"paragraph", line)
    related: list[tuple[str | None, str | None, _dt.date | None]] = field(default_factory=list)
    dropped: list[tuple[int, str, str]] = field(default_factory=list)  # (line_no, text, reason)


@dataclass(frozen=True)
class Vocabulary:
    """The words of ``data/reading_format.yaml``, casefolded for matching."""

    share_targets: frozenset[str]
    advertisement_markers: frozenset[str]
    related_markers: frozenset[str]
    separators: frozenset[str]
    months: dict[str, int]


@functools.lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """Load the article-family vocabulary from ``data/reading_format.yaml`` (cached).

    Returns
    -------
    Vocabulary
        Share targets, markers, separators and a month-name lookup.

    Examples
    --------
    >>> vocab = vocabulary()
    >>> "facebook" in vocab.share_targets, vocab.months["sept"], vocab.months["july"]
    (True, 9, 7)
    """
    path = resources.files("sanclab").joinpath("data", "reading_format.yaml")
    data: Any = yaml.safe_load(path.read_text(encoding="utf-8"))
    keys = ("share_targets", "advertisement_markers", "related_markers", "separators", "months")
    if not isinstance(data, dict) or any(
        not isinstance(data.get(k), list) or not all(isinstance(w, str) for w in data[k])
        for k in keys
    ):
        raise ValueError(f"{path}: expected lists of strings under the keys {', '.join(keys)}")
    if len(data["months"]) != 12:
        raise ValueError(f"{path}: months has {len(data['months'])} names, expected 12")
    months: dict[str, int] = {}
    for number, name in enumerate(data["months"], start=1):
        name = name.casefold()
        months[name] = number
        months[name[:3]] = number
    months["sept"] = months[data["months"][8].casefold()[:3]]

    def fold(words: list[str]) -> frozenset[str]:
        return frozenset(normalize(w).casefold() for w in words)

    return Vocabulary(
        share_targets=fold(data["share_targets"]),
        advertisement_markers=fold(data["advertisement_markers"]),
        related_markers=fold(data["related_markers"]),
        separators=fold(data["separators"]),
        months=months,
    )


def normalize(text: str) -> str:
    """Collapse every run of whitespace (NBSP included) to one space and strip the ends.

    Examples
    --------
    >>> normalize("Published\\u00a0July 16,  2025 ")
    'Published July 16, 2025'
    """
    return " ".join(text.split())


def split_lines(raw: str) -> list[Line]:
    """Split ``raw`` into :class:`Line` objects whose offsets point into ``raw``.

    Line terminators are ``\\r\\n``, ``\\r`` or ``\\n``; a final line without a terminator
    counts; a BOM at the very start is skipped.

    Examples
    --------
    >>> raw = "\\ufeffTitle\\r\\n  Body text \\u00a0\\r\\nlast"
    >>> [(ln.no, ln.text) for ln in split_lines(raw)]
    [(1, 'Title'), (2, 'Body text'), (3, 'last')]
    >>> all(raw[ln.start:ln.end] == ln.text for ln in split_lines(raw))
    True
    """
    lines: list[Line] = []
    pos = 0
    for match in _LINE_BREAK.finditer(raw):
        lines.append(_make_line(raw, pos, match.start(), len(lines) + 1))
        pos = match.end()
    if pos < len(raw):
        lines.append(_make_line(raw, pos, len(raw), len(lines) + 1))
    return lines


def _make_line(raw: str, start: int, end: int, no: int) -> Line:
    if start == 0 and raw.startswith("\ufeff"):
        start = 1
    segment = raw[start:end]
    stripped = segment.strip()
    if not stripped:
        return Line(no, start, start, "", "")
    first = start + (len(segment) - len(segment.lstrip()))
    last = start + len(segment.rstrip())
    return Line(no, first, last, raw[first:last], normalize(stripped))


def parse_date(line: Line) -> tuple[_dt.date, int | None] | None:
    """Read a date line; ``None`` if the line is not one.

    Returns
    -------
    tuple of (datetime.date, int or None) or None
        The date and the "N min Read" minutes when given.

    Raises
    ------
    ParseError
        If the line has the form of a date but names no real day (e.g. February 30).

    Examples
    --------
    >>> parse_date(split_lines("July 16, 2025 - 3 min Read")[0])
    (datetime.date(2025, 7, 16), 3)
    >>> parse_date(split_lines("Published August 09, 2025")[0])
    (datetime.date(2025, 8, 9), None)
    >>> parse_date(split_lines("Practical strategies help.")[0]) is None
    True
    """
    match = _DATE_MONTH_FIRST.match(line.norm) or _DATE_DAY_FIRST.match(line.norm)
    if match is None:
        return None
    month = vocabulary().months.get(match["month"].casefold())
    if month is None:
        return None
    try:
        date = _dt.date(int(match["year"]), month, int(match["day"]))
    except ValueError as exc:
        raise ParseError(f"invalid date {line.norm!r} ({exc})", line.no) from None
    minutes = match["minutes"]
    return date, None if minutes is None else int(minutes)


def share_bar(line: Line) -> tuple[str, ...] | None:
    """The share targets of a share-bar line (as written), or ``None``.

    Examples
    --------
    >>> share_bar(split_lines("X Linkedin Facebook Reddit Email Bluesky")[0])
    ('X', 'Linkedin', 'Facebook', 'Reddit', 'Email', 'Bluesky')
    >>> share_bar(split_lines("Facebook pages")[0]) is None
    True
    """
    words = line.norm.split(" ")
    targets = vocabulary().share_targets
    if len(words) >= 2 and all(w.casefold() in targets for w in words):
        return tuple(words)
    return None


def byline(line: Line) -> str | None:
    """The author named by a byline (``Published by A. Name`` / ``By A. Name``), or ``None``.

    Examples
    --------
    >>> byline(split_lines("Published by Anthony Young")[0])
    'Anthony Young'
    >>> byline(split_lines("By raising costs, sanctions shift the bargaining range.")[0]) is None
    True
    """
    match = _BYLINE.match(line.norm)
    if match is None:
        return None
    name = match["name"]
    if len(name.split(" ")) > _BYLINE_MAX_WORDS or name[-1] in _TERMINAL_PUNCTUATION:
        return None
    return name


def is_label(line: Line) -> bool:
    """Whether a line is a short label (a category): few words, no final punctuation.

    Examples
    --------
    >>> is_label(split_lines("Sanctions & export controls")[0])
    True
    >>> is_label(split_lines("Practical strategies help manage friction.")[0])
    False
    """
    norm = line.norm
    return (
        bool(norm)
        and len(norm) <= LABEL_MAX_CHARS
        and len(norm.split(" ")) <= LABEL_MAX_WORDS
        and norm[-1] not in _TERMINAL_PUNCTUATION
    )


def is_heading_like(line: Line) -> bool:
    """Whether a line is short and one sentence (a final period is allowed).

    Examples
    --------
    >>> is_heading_like(split_lines("Lessons for sustaining long-term strategic pressure")[0])
    True
    >>> is_heading_like(split_lines("Sanctions bite. Allies respond.")[0])
    False
    """
    norm = line.norm
    if not norm or len(norm) > HEADING_MAX_CHARS or len(norm.split(" ")) > HEADING_MAX_WORDS:
        return False
    return all(m.end() == len(norm) for m in _SENTENCE_END.finditer(norm))


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Start and end offsets of the sentences of ``text`` (whitespace between is skipped).

    Examples
    --------
    >>> text = "One. Two! Three"
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['One.', 'Two!', 'Three']
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    result = []
    for a, b in spans:
        a += len(text[a:b]) - len(text[a:b].lstrip())
        if a < b:
            result.append((a, b))
    return result


def parse_text(raw: str) -> Parsed:
    """Find title, metadata, headings, paragraphs and related entries in a reading's text.

    Parameters
    ----------
    raw : str
        The decoded file text, unchanged.

    Returns
    -------
    Parsed
        Lines (with offsets into ``raw``) and values found.

    Raises
    ------
    ParseError
        If the text is empty, has no title or no body paragraph, or holds an impossible date.

    Examples
    --------
    >>> text = ("A title about sanctions and allied coordination problems\\n"
    ...         "Published July 16, 2025\\n" + "A body paragraph. " * 5 + "\\n")
    >>> parsed = parse_text(text)
    >>> parsed.title.text, parsed.published, len(parsed.blocks)
    ('A title about sanctions and allied coordination problems', datetime.date(2025, 7, 16), 1)
    """
    lines = split_lines(raw)
    vocab = vocabulary()
    if not any(line.norm for line in lines):
        raise ParseError("empty file: no text, only whitespace" if raw else "empty file")
    dropped: list[tuple[int, str, str]] = []

    def drop(line: Line, reason: str) -> None:
        dropped.append((line.no, line.text, reason))

    def is_ad(line: Line) -> bool:
        return line.norm.casefold() in vocab.advertisement_markers

    texts = [i for i, line in enumerate(lines) if line.norm and not is_ad(line)]
    if not texts:
        raise ParseError("no title: the file has only blank and advertisement lines")
    marker = next(
        (i for i in range(texts[0] + 1, len(lines))
         if lines[i].norm.casefold() in vocab.related_markers),
        None,
    )
    main = lines if marker is None else lines[:marker]
    related: list[tuple[str | None, str | None, _dt.date | None]] = []
    if marker is not None:
        drop(lines[marker], "related articles marker")
        related = _parse_related(lines[marker + 1:], drop, is_ad)

    # Header: metadata lines anywhere; up to three text lines before them.
    pre: list[Line] = []
    meta_after_text = False
    published: tuple[_dt.date, int | None] | None = None
    author: str | None = None
    targets: tuple[str, ...] = ()
    index = 0
    for index, line in enumerate(main):  # noqa: B007 - index is used after the loop
        if not line.norm:
            drop(line, "blank")
            continue
        if is_ad(line):
            drop(line, "advertisement")
            continue
        date = parse_date(line)
        found = share_bar(line) if date is None else None
        name = byline(line) if date is None and found is None and pre else None
        if date is not None:
            if published is None:
                published = date
            else:
                drop(line, "extra date line")
        elif found is not None:
            targets = targets or found
            drop(line, "share bar")
        elif name is not None:
            if author is None:
                author = name
            else:
                drop(line, "extra byline")
        elif meta_after_text or len(pre) == MAX_HEADER_TEXT_LINES:
            break
        else:
            pre.append(line)
            continue
        meta_after_text = meta_after_text or bool(pre)
    else:
        index = len(main)
    if not pre:
        raise ParseError("no title: no text line before the end of the header")
    rest = main[index:]

    related_categories = {c.casefold() for c, _, _ in related if c is not None}
    category = dek = None
    first = pre[0]
    if is_label(first) and len(pre) > 1 and (
        first.norm.casefold() in related_categories
        or (len(pre) == MAX_HEADER_TEXT_LINES
            and (meta_after_text or all(len(p.norm) <= DEK_MAX_CHARS for p in pre)))
    ):
        category = pre.pop(0)
    title = pre.pop(0)
    if pre and (meta_after_text or (len(pre[0].norm) <= DEK_MAX_CHARS
                                    and (len(pre) > 1 or any(r.norm for r in rest)))):
        dek = pre.pop(0)

    # Body: text lines up to the related tail.
    body: list[Line] = []
    for line in pre + rest:
        if not line.norm:
            drop(line, "blank")
        elif is_ad(line):
            drop(line, "advertisement")
        elif line.norm.casefold() in vocab.separators:
            drop(line, "separator")
        elif (found := share_bar(line)) is not None:
            targets = targets or found
            drop(line, "share bar")
        elif parse_date(line) is not None:
            drop(line, "date line")
        else:
            body.append(line)
    heading_like = [is_heading_like(line) for line in body]
    blocks = [
        ("heading" if like and i + 1 < len(body) and not heading_like[i + 1] else "paragraph",
         line)
        for i, (line, like) in enumerate(zip(body, heading_like, strict=True))
    ]
    if not any(kind == "paragraph" for kind, _ in blocks):
        where = rest[0].no if rest else None
        raise ParseError("no body paragraph after the title and header", where)

    dropped.sort()
    return Parsed(
        title=title,
        category=category,
        dek=dek,
        published=None if published is None else published[0],
        read_minutes=None if published is None else published[1],
        byline=author,
        share_targets=targets,
        blocks=blocks,
        related=related,
        dropped=dropped,
    )


def _parse_related(lines, drop, is_ad) -> list[tuple[str | None, str | None, _dt.date | None]]:
    """Group the lines after the "Related Articles" marker into (category, blurb, date)."""
    separators = vocabulary().separators
    entries: list[tuple[str | None, str | None, _dt.date | None]] = []
    category: str | None = None
    blurb: str | None = None

    def flush(date: _dt.date | None = None) -> None:
        nonlocal category, blurb
        if category is not None or blurb is not None or date is not None:
            entries.append((category, blurb, date))
        category = blurb = None

    for line in lines:
        if not line.norm:
            drop(line, "blank")
        elif is_ad(line):
            drop(line, "advertisement")
        elif line.norm.casefold() in separators:
            drop(line, "separator")
        elif share_bar(line) is not None:
            drop(line, "share bar")
        elif (date := parse_date(line)) is not None:
            flush(date[0])
        elif is_label(line):
            flush()
            category = line.norm
        else:
            if blurb is not None:
                flush()
            blurb = line.norm
    flush()
    return entries
