"""A reading as structured data: title, metadata, sections, paragraphs and related articles.

The course's source readings are plain-text scrapes of web articles (the five "seeds" in the
repository's ``seeds/`` folder). :func:`load_reading` turns one file into a frozen
:class:`Reading`; every heading and paragraph keeps its offsets into the file's text
(``reading.raw[start:end] == text``), so a quotation can always be traced to the source.
The parsing rules are described in :mod:`sanclab._parse`.

Examples
--------
>>> from sanclab.readings import get_seed
>>> reading = get_seed("coalition-coordination")
>>> reading.lesson, reading.published
(1, datetime.date(2025, 7, 16))
>>> [s.heading for s in reading.sections][:2]
[None, 'Practical strategies help manage friction and preserve allied trust.']
>>> q = reading.quote("mimic, adjust, or resist")
>>> reading.raw[q.start:q.end] == q.text, q.paragraph_no
(True, 1)
"""

from __future__ import annotations

import dataclasses
import datetime
import difflib
import errno
import functools
import html
import os
import pathlib
import re
import stat
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sanclab import _parse
from sanclab.lessons import Lesson, get_lesson, lessons

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "MAX_BYTES",
    "Block",
    "DroppedLine",
    "LoadReport",
    "Paragraph",
    "QuoteNotFoundError",
    "Quote",
    "Reading",
    "ReadingFormatError",
    "RelatedArticle",
    "Section",
    "check_reading",
    "get_seed",
    "load_reading",
    "load_readings",
    "load_seeds",
]

#: Largest reading file accepted (2 MiB); larger files are refused before being read.
MAX_BYTES = 2 * 1024 * 1024
#: Environment variable naming the folder :func:`load_seeds` reads instead of ``seeds/``.
SEEDS_ENV = "SANCLAB_SEEDS"


class ReadingFormatError(ValueError):
    """A reading file that cannot be parsed.

    Parameters
    ----------
    reason : str
        What is wrong.
    path : str or None
        The file, when known.
    line : int or None
        1-based line number, when known.

    Examples
    --------
    >>> err = ReadingFormatError("no body paragraph", path="x.txt", line=7)
    >>> str(err)
    'x.txt, line 7: no body paragraph'
    """

    def __init__(self, reason: str, *, path: str | None = None, line: int | None = None):
        self.path = path
        self.line = line
        self.reason = reason
        where = ", ".join(
            part for part in (path, None if line is None else f"line {line}") if part
        )
        super().__init__(f"{where}: {reason}" if where else reason)

    def __reduce__(self):
        return (_rebuild_format_error, (self.reason, self.path, self.line))


def _rebuild_format_error(reason: str, path: str | None, line: int | None) -> ReadingFormatError:
    return ReadingFormatError(reason, path=path, line=line)


class QuoteNotFoundError(ValueError):
    """A passage that does not occur verbatim in any heading or paragraph of a reading."""


@dataclass(frozen=True)
class Paragraph:
    """A body paragraph; ``raw[start:end] == text`` in the reading's ``raw``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Section:
    """A heading (``None`` for the lead) and the paragraphs under it."""

    heading: str | None
    heading_start: int | None
    heading_end: int | None
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class RelatedArticle:
    """One entry of a reading's "Related Articles" tail; any field may be missing."""

    category: str | None
    blurb: str | None
    date: datetime.date | None


@dataclass(frozen=True)
class DroppedLine:
    """A line left out of the body (advertisement, share bar, blank, separator, ...)."""

    line_no: int
    text: str
    reason: str


@dataclass(frozen=True)
class Block:
    """A piece of a reading's text with its position in ``reading.raw`` (see
    :meth:`Reading.blocks`).

    Attributes
    ----------
    kind : str
        ``"title"``, ``"dek"``, ``"heading"`` or ``"paragraph"``.
    text : str
        ``raw[start:end]``.
    start, end : int
        Offsets into ``reading.raw``.
    section_no : int or None
        Index into ``reading.sections``; ``None`` for the title and dek.
    paragraph_no : int or None
        1-based running paragraph number; 0 for a heading; ``None`` for the title and dek.
    """

    kind: str
    text: str
    start: int
    end: int
    section_no: int | None
    paragraph_no: int | None


@dataclass(frozen=True, repr=False)
class Quote:
    """A verbatim passage of a reading, located by offsets, section and paragraph.

    ``paragraph_no`` is 1-based and runs across the whole reading, as in
    :attr:`Reading.paragraphs`; it is 0 when the passage is a section heading.
    ``reading_title`` is for display only.

    Examples
    --------
    >>> q = Quote("r1", "Allies <mimic>.", 10, 25, 0, 2, reading_title="A & B")
    >>> q
    Quote(reading_id='r1', section_no=0, paragraph_no=2, start=10, end=25, text='Allies <mimic>.')
    >>> html = q._repr_html_()
    >>> html[:62]
    '<blockquote class="sanclab-quote"><p>Allies &lt;mimic&gt;.</p>'
    >>> html[62:]
    '<footer>A &amp; B, paragraph 2</footer></blockquote>'
    """

    reading_id: str
    text: str
    start: int
    end: int
    section_no: int
    paragraph_no: int
    reading_title: str | None = None

    def __repr__(self) -> str:
        text = self.text if len(self.text) <= 80 else self.text[:77] + "..."
        return (
            f"Quote(reading_id={self.reading_id!r}, section_no={self.section_no}, "
            f"paragraph_no={self.paragraph_no}, start={self.start}, end={self.end}, "
            f"text={text!r})"
        )

    def _where(self) -> str:
        source = self.reading_title or self.reading_id
        if self.paragraph_no == 0:
            return f"{source}, heading of section {self.section_no}"
        return f"{source}, paragraph {self.paragraph_no}"

    def _repr_html_(self) -> str:
        return (
            f'<blockquote class="sanclab-quote"><p>{html.escape(self.text, quote=True)}</p>'
            f"<footer>{html.escape(self._where(), quote=True)}</footer></blockquote>"
        )


@dataclass(frozen=True, repr=False)
class Reading:
    """One reading, parsed. Build it with :func:`load_reading` or :func:`load_seeds`.

    Attributes
    ----------
    id : str
        The file stem, e.g. ``"000_000371598e3e6437"``.
    source_path : pathlib.Path
        Absolute path of the file read.
    raw : str
        The file's text exactly as decoded (BOM and CRLF kept): all offsets point into it.
    title, dek, published, byline, read_minutes, category, share_targets
        Header metadata; everything but the title may be missing (``None`` or ``()``).
    sections : tuple of Section
        Section 0 is the lead (heading ``None``) when paragraphs precede the first heading.
    related : tuple of RelatedArticle
        The "Related Articles" tail.
    boilerplate : tuple of DroppedLine
        Lines left out (advertisements, share bars, blanks, separators, ...).
    lesson, slug, lesson_title
        Set by :func:`load_seeds` from ``data/lessons.yaml``.

    Examples
    --------
    >>> r = get_seed(5)
    >>> r  # doctest: +NORMALIZE_WHITESPACE
    Reading(id='004_f4e56213c427fb55', lesson=5,
    title='How sanctions shape international negotiating leverage...',
    published=2025-07-16, sections=5, paragraphs=12)
    >>> r.category, r.byline, r.read_minutes
    ('Sanctions & export controls', 'Anthony Young', 3)
    """

    id: str
    source_path: pathlib.Path
    raw: str
    title: str
    dek: str | None
    published: datetime.date | None
    byline: str | None
    read_minutes: int | None
    category: str | None
    share_targets: tuple[str, ...]
    sections: tuple[Section, ...]
    related: tuple[RelatedArticle, ...]
    boilerplate: tuple[DroppedLine, ...]
    lesson: int | None = None
    slug: str | None = None
    lesson_title: str | None = None

    def __repr__(self) -> str:
        title = self.title if len(self.title) <= 60 else self.title[:57] + "..."
        lesson = "" if self.lesson is None else f"lesson={self.lesson}, "
        n_paragraphs = sum(len(s.paragraphs) for s in self.sections)
        return (
            f"Reading(id={self.id!r}, {lesson}title={title!r}, published={self.published}, "
            f"sections={len(self.sections)}, paragraphs={n_paragraphs})"
        )

    @functools.cached_property
    def _paragraph_frame(self) -> pd.DataFrame:
        import pandas as pd

        rows = [
            (self.id, b.section_no, self.sections[b.section_no].heading, b.paragraph_no, b.text,
             b.start, b.end, len(b.text.split()))
            for b in self.blocks(header=False) if b.kind == "paragraph"
        ]
        columns = ["reading_id", "section_no", "heading", "paragraph_no", "text", "start",
                   "end", "words"]
        frame = pd.DataFrame(rows, columns=columns)
        return frame.astype({c: "int64" for c in ("section_no", "paragraph_no", "start",
                                                  "end", "words")})

    @property
    def paragraphs(self) -> pd.DataFrame:
        """One row per body paragraph (a fresh copy on every access).

        Columns: ``reading_id``, ``section_no`` (index into :attr:`sections`), ``heading``
        (missing, i.e. NaN, in the lead), ``paragraph_no`` (1-based, running across the reading),
        ``text``, ``start``, ``end`` (``raw[start:end] == text``) and ``words``.

        Examples
        --------
        >>> df = get_seed(1).paragraphs
        >>> len(df), int(df.paragraph_no.iloc[-1]), df.section_no.unique().tolist()
        (12, 12, [0, 1, 2, 3, 4])
        >>> int(df.heading.isna().sum())  # the two lead paragraphs have no heading
        2
        """
        return self._paragraph_frame.copy()

    def blocks(self, *, header: bool = False) -> tuple[Block, ...]:
        """The reading's text in file order: section headings and body paragraphs.

        Parameters
        ----------
        header : bool, default False
            Also give the title and the dek first. They are located in :attr:`raw` (the
            parser gives them whitespace-normalized); one that cannot be found is left out.

        Returns
        -------
        tuple of Block
            Per section its heading (``paragraph_no`` 0) and its paragraphs (numbered from 1
            across the reading), each with ``raw[block.start:block.end] == block.text``.

        Examples
        --------
        >>> reading = get_seed(1)
        >>> [b.kind for b in reading.blocks(header=True)[:4]]
        ['title', 'dek', 'paragraph', 'paragraph']
        >>> all(reading.raw[b.start:b.end] == b.text for b in reading.blocks(header=True))
        True
        """
        body = self._body_blocks
        return self._header_blocks + body if header else body

    @functools.cached_property
    def _body_blocks(self) -> tuple[Block, ...]:
        blocks: list[Block] = []
        number = 0
        for section_no, section in enumerate(self.sections):
            if section.heading is not None and section.heading_start is not None:
                start, end = section.heading_start, section.heading_end
                blocks.append(Block("heading", self.raw[start:end], start, end, section_no, 0))
            for paragraph in section.paragraphs:
                number += 1
                blocks.append(Block("paragraph", paragraph.text, paragraph.start, paragraph.end,
                                    section_no, number))
        return tuple(blocks)

    @functools.cached_property
    def _header_blocks(self) -> tuple[Block, ...]:
        blocks: list[Block] = []
        pos = 0
        for kind in ("title", "dek"):
            text = getattr(self, kind)
            span = _locate(self.raw, text, pos) if text else None
            if span is not None:
                blocks.append(Block(kind, self.raw[span[0]:span[1]], span[0], span[1], None, None))
                pos = span[1]
        return tuple(blocks)

    def quote(self, text: str, *, sentence: bool = False) -> Quote:
        """Locate a verbatim passage in a heading or body paragraph.

        Parameters
        ----------
        text : str
            The passage, character for character as in the reading (curly quotes, dashes).
        sentence : bool, default False
            Widen the match to the whole sentence(s) containing it.

        Returns
        -------
        Quote
            The first occurrence in file order.

        Raises
        ------
        QuoteNotFoundError
            If the passage is not inside one heading or paragraph; the message names the
            closest paragraph and any typographic difference (e.g. ``'`` for ``’``).
        ValueError
            If ``text`` is empty.

        Examples
        --------
        >>> r = get_seed("snapback")
        >>> q = r.quote("verifiable benchmarks", sentence=True)
        >>> print(q.text)  # doctest: +NORMALIZE_WHITESPACE
        A robust reintroduction plan is anchored in verifiable benchmarks that can withstand
        political scrutiny.
        """
        if not isinstance(text, str):
            raise TypeError(f"text must be a str, got {type(text).__name__}")
        if not text:
            raise ValueError("text='' is empty; pass a non-empty passage of the reading")
        for block in self.blocks():
            found = block.text.find(text)
            if found < 0:
                continue
            a, b = found, found + len(text)
            if sentence:
                spans = _parse.sentence_spans(block.text)
                a = max((s for s, _ in spans if s <= a), default=0)
                b = min((e for _, e in spans if e >= b), default=len(block.text))
            return Quote(self.id, block.text[a:b], block.start + a, block.start + b,
                         block.section_no, block.paragraph_no, reading_title=self.title)
        raise QuoteNotFoundError(self._not_found_message(text))

    def _not_found_message(self, text: str) -> str:
        message = f"passage not found verbatim in reading {self.id!r}: {text!r}."
        blocks = self.blocks()
        folded = _fold(text)
        for block in blocks:
            found = _fold(block.text).find(folded)
            if found >= 0:
                actual = block.text[found:found + len(text)]
                where = _describe(block.section_no, block.paragraph_no)
                return (f"{message} It matches {where} once quotation marks, dashes, spaces and "
                        f"case are normalised; the reading has {actual!r}. Quote it exactly.")
        best = max(
            blocks,
            key=lambda item: difflib.SequenceMatcher(None, text, item.text, autojunk=False)
            .find_longest_match(0, len(text), 0, len(item.text)).size,
            default=None,
        )
        if best is None:
            return message
        excerpt = best.text if len(best.text) <= 100 else best.text[:97] + "..."
        return (f"{message} Closest: {_describe(best.section_no, best.paragraph_no)}: "
                f"{excerpt!r}.")

    def _repr_html_(self) -> str:
        from sanclab.render import render_html

        return render_html(self)


def _locate(raw: str, text: str, pos: int) -> tuple[int, int] | None:
    """Find `text` in `raw` from `pos`, letting any whitespace run match any other."""
    words = text.split()
    if not words:
        return None
    found = raw.find(text, pos)
    if found >= 0:
        return found, found + len(text)
    match = re.compile(r"\s+".join(map(re.escape, words))).search(raw, pos)
    return None if match is None else match.span()


def check_reading(reading: object, name: str = "reading") -> Reading:
    """Return ``reading`` if it is a :class:`Reading`, else raise a ``TypeError`` naming it.

    Examples
    --------
    >>> check_reading("000_000371598e3e6437.txt")
    Traceback (most recent call last):
    ...
    TypeError: reading must be a sanclab.readings.Reading, got str
    """
    if not isinstance(reading, Reading):
        raise TypeError(f"{name} must be a sanclab.readings.Reading, got "
                        f"{type(reading).__name__}")
    return reading


_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u2033": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2212": "-",
})


def _fold(text: str) -> str:
    """Typographic folding that keeps one character per character (offsets stay valid)."""
    folded = text.translate(_FOLD)
    return "".join(
        " " if c.isspace() else (c.lower() if len(c.lower()) == 1 else c) for c in folded
    )


def _describe(section_no: int, paragraph_no: int) -> str:
    if paragraph_no == 0:
        return f"the heading of section {section_no}"
    return f"paragraph {paragraph_no} (section {section_no})"


def _build(path: pathlib.Path, raw: str, parsed: _parse.Parsed) -> Reading:
    sections: list[Section] = []
    heading: _parse.Line | None = None
    paragraphs: list[Paragraph] = []

    def close() -> None:
        if heading is not None or paragraphs:
            sections.append(Section(
                heading=None if heading is None else heading.text,
                heading_start=None if heading is None else heading.start,
                heading_end=None if heading is None else heading.end,
                paragraphs=tuple(paragraphs),
            ))

    for kind, line in parsed.blocks:
        if kind == "heading":
            close()
            heading, paragraphs = line, []
        else:
            paragraphs.append(Paragraph(line.text, line.start, line.end))
    close()
    return Reading(
        id=path.stem,
        source_path=path,
        raw=raw,
        title=parsed.title.norm,
        dek=None if parsed.dek is None else parsed.dek.norm,
        published=parsed.published,
        byline=parsed.byline,
        read_minutes=parsed.read_minutes,
        category=None if parsed.category is None else parsed.category.norm,
        share_targets=parsed.share_targets,
        sections=tuple(sections),
        related=tuple(RelatedArticle(*entry) for entry in parsed.related),
        boilerplate=tuple(DroppedLine(*entry) for entry in parsed.dropped),
    )


_FILE_KINDS = {
    stat.S_IFDIR: "a directory",
    stat.S_IFIFO: "a named pipe (FIFO)",
    stat.S_IFSOCK: "a socket",
    stat.S_IFCHR: "a character device",
    stat.S_IFBLK: "a block device",
}


def _unopenable(file: pathlib.Path, exc: OSError) -> OSError:
    """`exc` from opening `file`, reworded when `file` is a symbolic link that leads nowhere."""
    if file.is_symlink():
        if exc.errno == errno.ELOOP:
            return OSError(f"{file} is a symbolic link loop (it leads back to itself), "
                           "not a reading file")
        if isinstance(exc, FileNotFoundError):
            return FileNotFoundError(f"{file} is a broken symbolic link (to "
                                     f"{os.readlink(file)!r}, which does not exist)")
    return exc


def load_reading(path: str | os.PathLike[str]) -> Reading:
    """Read and parse one reading file (UTF-8 text, at most :data:`MAX_BYTES`).

    Parameters
    ----------
    path : str or os.PathLike
        The file.

    Returns
    -------
    Reading

    Raises
    ------
    ReadingFormatError
        Naming the file, the line when known, and the reason: empty file, over the size
        limit, binary content (NUL bytes), not UTF-8, no title, no body paragraph, an
        impossible date.
    OSError
        If the file cannot be opened (missing, no permission, a symbolic link loop or a
        broken link) or is not a regular file (a directory, a FIFO, a device...); the
        message names the file and says what it is.

    Examples
    --------
    >>> r = load_reading(get_seed(2).source_path)
    >>> r.title[:57]
    'How sanctions influence the strategic alignment choices o'
    >>> r.lesson is None  # lesson metadata comes from load_seeds / get_seed
    True
    """
    if not isinstance(path, (str, os.PathLike)):
        raise TypeError(f"path must be a str or os.PathLike, got {type(path).__name__}")
    file = pathlib.Path(path).absolute()
    name = str(file)

    def fail(reason: str, line: int | None = None) -> ReadingFormatError:
        return ReadingFormatError(reason, path=name, line=line)

    if file.is_dir():
        raise IsADirectoryError(f"{name} is a directory, not a reading file")
    try:
        # Non-blocking: opening a FIFO with no writer would otherwise wait forever.
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise _unopenable(file, exc) from None
    with os.fdopen(descriptor, "rb") as handle:
        info = os.fstat(handle.fileno())  # of what was opened: no race with a swapped path
        if not stat.S_ISREG(info.st_mode):
            kind = _FILE_KINDS.get(stat.S_IFMT(info.st_mode), "a special file")
            raise OSError(f"{name} is {kind}, not a regular file; a reading is a text file")
        size = info.st_size
        if size > MAX_BYTES:
            raise fail(f"file is {size} bytes, over the {MAX_BYTES}-byte (2 MiB) limit")
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise fail(f"file is over the {MAX_BYTES}-byte (2 MiB) limit")
    if not data:
        raise fail("empty file (0 bytes)")
    nul = data.find(b"\x00")
    if nul >= 0:
        hint = " (UTF-16 text? save it as UTF-8)" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else ""
        raise fail(f"binary content: NUL byte at byte offset {nul}{hint}",
                   data.count(b"\n", 0, nul) + 1)
    try:
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise fail(f"not UTF-8: byte 0x{data[exc.start]:02x} at byte offset {exc.start} "
                   f"cannot be decoded ({exc.reason})",
                   data.count(b"\n", 0, exc.start) + 1) from None
    try:
        parsed = _parse.parse_text(raw)
    except _parse.ParseError as exc:
        raise fail(exc.reason, exc.line) from None
    return _build(file, raw, parsed)


@dataclass
class LoadReport:
    """What :func:`load_readings` loaded, and each file it could not load with the reason."""

    readings: list[Reading] = field(default_factory=list)
    errors: list[tuple[pathlib.Path, str]] = field(default_factory=list)


def load_readings(folder: str | os.PathLike[str]) -> LoadReport:
    """Load every ``*.txt`` file of a folder (sorted by name); never stop on a bad file.

    Parameters
    ----------
    folder : str or os.PathLike
        The folder to read (not recursive).

    Returns
    -------
    LoadReport
        ``readings`` in file-name order; ``errors`` as (path, reason) for each bad file.

    Raises
    ------
    FileNotFoundError, NotADirectoryError
        If ``folder`` does not exist or is not a folder.

    Examples
    --------
    >>> report = load_readings(get_seed(1).source_path.parent)
    >>> len(report.readings), report.errors
    (5, [])
    """
    directory = pathlib.Path(folder)
    if not directory.exists():
        raise FileNotFoundError(f"folder={str(folder)!r} does not exist")
    if not directory.is_dir():
        raise NotADirectoryError(f"folder={str(folder)!r} is not a folder")
    report = LoadReport()
    for file in sorted(directory.glob("*.txt")):
        try:
            report.readings.append(load_reading(file))
        except (ReadingFormatError, OSError) as exc:
            report.errors.append((file, str(exc)))
    return report


def _nearest_seeds_folder(start: pathlib.Path) -> pathlib.Path | None:
    """The nearest ``seeds/`` folder at or above ``start`` holding a course seed file."""
    names = {lesson.seed_file for lesson in lessons()}
    for folder in (start, *start.parents):
        candidate = folder / "seeds"
        if candidate.is_dir() and any((candidate / name).is_file() for name in names):
            return candidate
    return None


def _seeds_folder(folder: str | os.PathLike[str] | None) -> pathlib.Path:
    if folder is not None:
        directory, origin = pathlib.Path(folder), "folder argument"
    elif os.environ.get(SEEDS_ENV):
        directory, origin = pathlib.Path(os.environ[SEEDS_ENV]), f"${SEEDS_ENV}"
    elif (found := _nearest_seeds_folder(pathlib.Path.cwd())) is not None:
        # e.g. a student release: notebooks/ next to seeds/, sanclab installed elsewhere
        directory, origin = found, "the nearest seeds/ above the working folder"
    else:
        directory = pathlib.Path(__file__).resolve().parents[2] / "seeds"
        origin = f"the repository's seeds/ (set ${SEEDS_ENV} to read another folder)"
    if not directory.is_dir():
        raise FileNotFoundError(f"seed folder {str(directory)!r} from {origin} is not a folder")
    return directory


def _with_lesson(lesson: Lesson, directory: pathlib.Path) -> Reading:
    file = directory / lesson.seed_file
    if not file.is_file():
        raise FileNotFoundError(
            f"seed {lesson.seed_file!r} of lesson {lesson.number} is missing from {directory}"
        )
    return dataclasses.replace(load_reading(file), lesson=lesson.number, slug=lesson.slug,
                               lesson_title=lesson.title)


def load_seeds(folder: str | os.PathLike[str] | None = None) -> list[Reading]:
    """The seed readings in lesson order, with lesson metadata from ``data/lessons.yaml``.

    Parameters
    ----------
    folder : str or os.PathLike, optional
        Where the seed files are. Default: ``$SANCLAB_SEEDS`` if set, else the repository's
        ``seeds/`` folder (``src/sanclab/../../seeds``).

    Returns
    -------
    list of Reading
        One per lesson; other files in the folder are ignored.

    Raises
    ------
    FileNotFoundError
        If the folder or one of the listed seed files is missing.

    Examples
    --------
    >>> [(r.lesson, r.slug) for r in load_seeds()][:3]
    [(1, 'coalition-coordination'), (2, 'small-state-alignment'), (3, 'snapback')]
    """
    directory = _seeds_folder(folder)
    return [_with_lesson(lesson, directory) for lesson in lessons()]


def get_seed(key: int | str) -> Reading:
    """One seed reading by lesson number, slug or reading id.

    Parameters
    ----------
    key : int or str
        A lesson number (1-5), a slug such as ``"snapback"``, or a reading id such as
        ``"002_254fbd4832d307e6"``.

    Returns
    -------
    Reading

    Raises
    ------
    ValueError
        If ``key`` names no seed.

    Examples
    --------
    >>> get_seed(3).slug == get_seed("snapback").slug == get_seed("002_254fbd4832d307e6").slug
    True
    """
    try:
        lesson = get_lesson(key)
    except ValueError as exc:
        raise ValueError(str(exc).replace("names no lesson", "names no seed")) from None
    return _with_lesson(lesson, _seeds_folder(None))
