"""Find glossary concepts in a reading.

:func:`annotate` lists every occurrence of a glossary term or alias in a reading's section
headings and body paragraphs, with offsets into ``reading.raw``. Matching rules:

* case-insensitive, whole words (a match may not start or end inside a word; a hyphen ends a
  word, so "coalition" is found in "coalition-building");
* every term and alias of every concept; a space or hyphen in a form matches any run of
  spaces and hyphens in the text (``-``, U+2010 hyphen, U+2011 non-breaking hyphen, U+2012,
  U+2013, U+2212), and an apostrophe matches a straight or curly one;
* scanning left to right, at each position the longest form wins ("secondary sanctions"
  before "sanctions"), and matches never overlap;
* headings get ``paragraph_no`` 0 (body paragraphs are numbered from 1, as in
  ``Reading.paragraphs``); the title and dek are not annotated.

The glossary's forms are compiled once into a single prefix-tree regular expression, cached
on the :class:`~sanclab.glossary.Glossary` object.

Examples
--------
>>> from sanclab.readings import get_seed
>>> from sanclab.annotate import annotate
>>> reading = get_seed("snapback")
>>> found = annotate(reading)
>>> row = found[found.concept == "asset freeze"].iloc[0]
>>> row.matched, reading.raw[row.start:row.end]
('asset freezes', 'asset freezes')
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

import pandas as pd

from sanclab.glossary import APOSTROPHES, HYPHENS, Glossary, normalize_term, resolve_glossary
from sanclab.readings import Reading, check_reading, load_seeds

__all__ = [
    "ANNOTATION_COLUMNS",
    "annotate",
    "concept_matrix",
    "related_readings",
]

#: Columns of the frame returned by :func:`annotate`.
ANNOTATION_COLUMNS = ["reading_id", "concept", "matched", "start", "end", "section_no",
                      "paragraph_no"]

_SEP = "[\\s" + re.escape(HYPHENS) + "]+"
_APOS = "[" + re.escape(APOSTROPHES) + "]"
_CACHE_KEY = "sanclab.annotate.matcher"


class _Trie:
    __slots__ = ("children", "end")

    def __init__(self) -> None:
        self.children: dict[str, _Trie] = {}
        self.end = False


def _symbol_pattern(symbol: str) -> str:
    if symbol == " ":
        return _SEP
    if symbol == "'":
        return _APOS
    return re.escape(symbol)


def _trie_pattern(node: _Trie) -> str:
    branches = [_symbol_pattern(symbol) + _trie_pattern(child)
                for symbol, child in sorted(node.children.items())]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    # Greedy optional: the longer continuation is tried first, so the longest form wins.
    return f"(?:{body})?" if node.end else body


def _compile(forms: Iterable[str]) -> re.Pattern[str]:
    root = _Trie()
    for form in forms:
        node = root
        for symbol in form:
            node = node.children.setdefault(symbol, _Trie())
        node.end = True
    return re.compile(r"(?<!\w)" + _trie_pattern(root) + r"(?!\w)", re.IGNORECASE)


def _matcher(glossary: Glossary) -> tuple[re.Pattern[str], dict[str, str]]:
    """The compiled pattern and ``{normalized form: term}``, built once per glossary."""
    cached = glossary._derived.get(_CACHE_KEY)
    if cached is None:
        forms = glossary.forms()
        cached = (_compile(forms), forms)
        glossary._derived[_CACHE_KEY] = cached
    return cached


def _empty_annotations() -> pd.DataFrame:
    return pd.DataFrame({
        "reading_id": pd.Series([], dtype=object), "concept": pd.Series([], dtype=object),
        "matched": pd.Series([], dtype=object), "start": pd.Series([], dtype="int64"),
        "end": pd.Series([], dtype="int64"), "section_no": pd.Series([], dtype="int64"),
        "paragraph_no": pd.Series([], dtype="int64"),
    })


def _find(reading: Reading, glossary: Glossary) -> list[tuple]:
    pattern, forms = _matcher(glossary)
    rows = []
    for block in reading.blocks():
        for match in pattern.finditer(block.text):
            term = forms[normalize_term(match.group())]
            rows.append((reading.id, term, match.group(), block.start + match.start(),
                         block.start + match.end(), block.section_no, block.paragraph_no))
    return rows


def annotate(reading: Reading, glossary: Glossary | None = None) -> pd.DataFrame:
    """Every glossary concept occurring in a reading's headings and body paragraphs.

    Parameters
    ----------
    reading : Reading
        A parsed reading (:func:`sanclab.readings.load_reading`).
    glossary : Glossary, optional
        Default: :func:`sanclab.glossary.load_glossary`.

    Returns
    -------
    pandas.DataFrame
        One row per match, in text order, columns :data:`ANNOTATION_COLUMNS`:
        ``reading_id``, ``concept`` (the glossary term), ``matched`` (the text as written),
        ``start``, ``end`` (``reading.raw[start:end] == matched``), ``section_no`` (index into
        ``reading.sections``) and ``paragraph_no`` (1-based as in ``Reading.paragraphs``; 0
        for a section heading). All integer columns are ``int64``.

    Examples
    --------
    >>> from sanclab.readings import get_seed
    >>> frame = annotate(get_seed(2))
    >>> frame[frame.concept == "secondary sanctions"].matched.tolist()
    ['secondary sanctions']
    >>> bool((frame.paragraph_no >= 0).all())
    True
    """
    check_reading(reading)
    rows = _find(reading, resolve_glossary(glossary))
    if not rows:
        return _empty_annotations()
    frame = pd.DataFrame(rows, columns=ANNOTATION_COLUMNS)
    return frame.astype({"reading_id": object, "concept": object, "matched": object})


def _readings_list(readings, name: str = "readings") -> list:
    if readings is None or isinstance(readings, (str, bytes)) or not isinstance(
            readings, Iterable):
        raise TypeError(f"{name} must be a list of Reading objects, got "
                        f"{type(readings).__name__}")
    items = list(readings)
    for item in items:
        check_reading(item)
    ids = [r.id for r in items]
    duplicates = sorted(i for i, n in Counter(ids).items() if n > 1)
    if duplicates:
        raise ValueError(f"{name} must have distinct reading ids; repeated: "
                         f"{', '.join(duplicates)}")
    return items


def concept_matrix(readings: Sequence[Reading], glossary: Glossary | None = None, *,
                   drop_empty: bool = False) -> pd.DataFrame:
    """How often each concept occurs in each reading.

    Parameters
    ----------
    readings : sequence of Reading
        At least one; reading ids must be distinct.
    glossary : Glossary, optional
        Default: the course glossary.
    drop_empty : bool, default False
        By default every glossary concept has a row, zero rows included, so the frame's shape
        depends only on the glossary and the readings. ``True`` drops concepts found in none
        of the readings.

    Returns
    -------
    pandas.DataFrame
        Index: concept terms in glossary order (name ``"concept"``); columns: reading ids in
        the given order; values: ``int64`` counts of matches as in :func:`annotate`.

    Raises
    ------
    ValueError
        If `readings` is empty or has repeated ids.

    Examples
    --------
    >>> from sanclab.readings import load_seeds
    >>> m = concept_matrix(load_seeds())
    >>> m.shape[1], int(m.loc["snapback"].sum()) >= 0
    (5, True)
    """
    items = _readings_list(readings)
    if not items:
        raise ValueError("readings must contain at least one reading, got an empty sequence")
    glossary = resolve_glossary(glossary)
    counts = {r.id: Counter(row[1] for row in _find(r, glossary)) for r in items}
    terms = list(glossary)
    frame = pd.DataFrame({rid: [c.get(t, 0) for t in terms] for rid, c in counts.items()},
                         index=pd.Index(terms, name="concept"), dtype="int64")
    if drop_empty:
        frame = frame[frame.sum(axis=1) > 0]
    return frame


def related_readings(reading: Reading, readings: Sequence[Reading] | None = None,
                     glossary: Glossary | None = None) -> pd.DataFrame:
    """The other readings ranked by the number of glossary concepts they share with `reading`.

    Parameters
    ----------
    reading : Reading
    readings : sequence of Reading, optional
        Candidates; default :func:`sanclab.readings.load_seeds`. A candidate with the same id
        as `reading` is skipped.
    glossary : Glossary, optional
        Default: the course glossary.

    Returns
    -------
    pandas.DataFrame
        Columns ``reading_id``, ``title``, ``lesson`` (``None`` outside the seeds),
        ``shared`` (number of distinct shared concepts, ``int64``) and ``concepts`` (tuple of
        the shared terms in glossary order). Sorted by ``shared`` descending, ties by
        ``reading_id``.

    Examples
    --------
    >>> from sanclab.readings import get_seed
    >>> ranked = related_readings(get_seed(1))
    >>> len(ranked), "000_000371598e3e6437" in set(ranked.reading_id)
    (4, False)
    >>> ranked.shared.is_monotonic_decreasing
    True
    """
    check_reading(reading)
    if readings is None:
        readings = load_seeds()
    items = [r for r in _readings_list(readings) if r.id != reading.id]
    glossary = resolve_glossary(glossary)
    order = {term: i for i, term in enumerate(glossary)}
    mine = {row[1] for row in _find(reading, glossary)}
    rows = []
    for other in items:
        shared = mine & {row[1] for row in _find(other, glossary)}
        rows.append((other.id, other.title, getattr(other, "lesson", None), len(shared),
                     tuple(sorted(shared, key=order.__getitem__))))
    frame = pd.DataFrame(rows, columns=["reading_id", "title", "lesson", "shared", "concepts"])
    frame = frame.astype({"shared": "int64", "reading_id": object, "title": object})
    frame = frame.sort_values(["shared", "reading_id"], ascending=[False, True],
                              kind="mergesort")
    return frame.reset_index(drop=True)
