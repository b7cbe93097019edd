"""Possible misspellings and run-together words in a reading's source text.

The seed readings are scraped articles and contain a few slips (a missing space, a
misspelled word). :func:`errata` lists them so that the course can show them as "[sic]"
instead of silently copying or silently fixing them; the text itself is never changed.

A word is reported when it is in none of:

* the English dictionary of ``pyspellchecker`` (about 160,000 words);
* the words of the glossary's terms and aliases ("selectorate", "bandwagoning", ...);
* ``data/errata_allowlist.txt``: words the dictionary lacks, each with its reason, plus
  productive prefixes ("re-") and suffixes ("-able") that combine with known words.

Words are runs of letters with inner apostrophes; a hyphenated compound is accepted when the
whole compound or each of its parts is known, otherwise its unknown parts are reported one by
one. Accents are ignored for the look-up ("communiqués" is checked as "communiques"), a
possessive "'s" is dropped, numbers and tokens next to digits are skipped, and so are
all-capital acronyms of 2 to 6 letters. The dictionary is loaded on first use only.

Each distinct unknown word is searched once for a suggestion; a reading gets at most
:data:`MAX_SUGGESTION_SEARCHES` searches, of which at most :data:`MAX_TWO_EDIT_SEARCHES` may
try two edits (the slow step), so that the time stays proportional to the reading's length
even for pages of gibberish. Words past the budget are reported without a suggestion.

Examples
--------
>>> from sanclab.readings import get_seed
>>> from sanclab.errata import errata
>>> found = errata(get_seed("snapback"))
>>> found[["word", "suggestion"]].to_dict("records")
[{'word': 'partybackslides', 'suggestion': 'party backslides'}]
"""

from __future__ import annotations

import functools
import os
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import pandas as pd

from sanclab.glossary import APOSTROPHES, Glossary, resolve_glossary
from sanclab.readings import Reading, check_reading

__all__ = [
    "ERRATA_COLUMNS",
    "MAX_SUGGESTION_SEARCHES",
    "MAX_TWO_EDIT_SEARCHES",
    "Allowlist",
    "default_allowlist_path",
    "errata",
    "is_known_word",
    "load_allowlist",
]

#: Columns of the frame returned by :func:`errata`.
ERRATA_COLUMNS = ["reading_id", "word", "start", "end", "section_no", "paragraph_no",
                  "suggestion"]

_HYPHENS = "-\u2010\u2011"  # joiners of a compound word (not dashes)
_LETTERS = r"[^\W\d_]+"
_PIECE = _LETTERS + "(?:[" + re.escape(APOSTROPHES) + "]" + _LETTERS + ")*"
_TOKEN = re.compile(r"(?<![\w" + re.escape(APOSTROPHES) + r"])" + _PIECE
                    + "(?:[" + re.escape(_HYPHENS) + "]" + _PIECE + r")*(?!\w)")
_PART = re.compile(_PIECE)
_ENTRY = re.compile(r"^-?[^\W\d_](?:[^\W\d_]|['-](?=[^\W\d_]))*-?$")
_APOSTROPHE_TABLE = str.maketrans({c: "'" for c in APOSTROPHES})
_MIN_PREFIX_REST = 4
_MIN_SUFFIX_STEM = 3


@dataclass(frozen=True)
class Allowlist:
    """The contents of an errata allow-list file.

    Attributes
    ----------
    words : frozenset of str
        Accepted words, folded (lower case, straight apostrophes, no accents).
    prefixes, suffixes : tuple of str
        Affixes without their hyphen, longest first.
    """

    words: frozenset[str]
    prefixes: tuple[str, ...]
    suffixes: tuple[str, ...]


def default_allowlist_path() -> Path:
    """Path of the allow-list shipped with the package (``data/errata_allowlist.txt``)."""
    return Path(str(resources.files("sanclab") / "data" / "errata_allowlist.txt"))


def _fold(word: str) -> str:
    """Lower case, straight apostrophes, accents removed."""
    decomposed = unicodedata.normalize("NFKD", word.lower().translate(_APOSTROPHE_TABLE))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _parse_allowlist(path: Path) -> Allowlist:
    if not path.is_file():
        raise ValueError(f"errata allow-list not found: {path}")
    words: set[str] = set()
    prefixes: set[str] = set()
    suffixes: set[str] = set()
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if not _ENTRY.match(entry) or entry in ("-",):
            raise ValueError(
                f"{path}, line {number}: bad allow-list entry {entry!r}; expected one word, "
                "a prefix ending in '-' or a suffix starting with '-', then an optional "
                "'# reason'")
        folded = _fold(entry)
        if folded.endswith("-"):
            prefixes.add(folded[:-1])
        elif folded.startswith("-"):
            suffixes.add(folded[1:])
        else:
            words.add(folded)
    by_length = functools.partial(sorted, key=lambda s: (-len(s), s))
    return Allowlist(frozenset(words), tuple(by_length(prefixes)), tuple(by_length(suffixes)))


@functools.lru_cache(maxsize=8)
def _allowlist_cached(path: str, mtime_ns: int) -> Allowlist:
    return _parse_allowlist(Path(path))


def load_allowlist(path: str | os.PathLike | None = None) -> Allowlist:
    """Read an errata allow-list file (format: see the comment at the top of the default one).

    Parameters
    ----------
    path : str or path-like, optional
        Default: :func:`default_allowlist_path`.

    Raises
    ------
    ValueError
        If the file is missing or a line is not a word, ``prefix-`` or ``-suffix``; the
        message names the file and line.

    Examples
    --------
    >>> allow = load_allowlist()
    >>> "gatekeeping" in allow.words, "re" in allow.prefixes, "able" in allow.suffixes
    (True, True, True)
    """
    p = Path(default_allowlist_path() if path is None else path)
    if not p.is_file():
        raise ValueError(f"errata allow-list not found: {p}")
    return _allowlist_cached(str(p.resolve()), p.stat().st_mtime_ns)


@functools.lru_cache(maxsize=1)
def _spellchecker():
    from spellchecker import SpellChecker  # ~0.2 s to load the dictionary: only when needed

    return SpellChecker(language="en")


def _glossary_words(glossary: Glossary) -> frozenset[str]:
    key = "sanclab.errata.words"
    words = glossary._derived.get(key)
    if words is None:
        words = frozenset(_fold(w) for form in glossary.forms() for w in form.split())
        glossary._derived[key] = words
    return words


class _Vocabulary:
    """Decides whether a (folded) word is known."""

    def __init__(self, allowlist: Allowlist, glossary_words: frozenset[str]) -> None:
        self.spell = _spellchecker()
        self.extra = allowlist.words | glossary_words
        self.allow = allowlist
        # Prose repeats its words: decide each once (bounded, for pages of distinct gibberish).
        self.known = functools.lru_cache(maxsize=1 << 16)(self._known)

    def base(self, word: str) -> bool:
        return word in self.extra or word in self.spell

    def with_suffix(self, word: str) -> bool:
        if self.base(word):
            return True
        for suffix in self.allow.suffixes:
            stem = word[: -len(suffix)]
            if word.endswith(suffix) and len(stem) >= _MIN_SUFFIX_STEM and self.base(stem):
                return True
        return False

    def _known(self, word: str) -> bool:
        folded = _fold(word)
        candidates = [folded]
        if folded.endswith("'s"):
            candidates.append(folded[:-2])
        if "'" in folded:
            candidates.append(folded.replace("'", ""))
        for candidate in candidates:
            if self.with_suffix(candidate):
                return True
            for prefix in self.allow.prefixes:
                rest = candidate[len(prefix):]
                if (candidate.startswith(prefix) and len(rest) >= _MIN_PREFIX_REST
                        and self.with_suffix(rest.lstrip("-"))):
                    return True
        return False


def _match_case(suggestion: str, word: str) -> str:
    if word[:1].isupper():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion


#: Most distinct unknown words of one reading searched for a suggestion, in text order; the
#: rest are still reported, with ``suggestion`` ``None``. A search costs milliseconds, so a
#: reading of gibberish (hundreds of thousands of unknown words) stays fast.
MAX_SUGGESTION_SEARCHES = 200
#: Most of those searches allowed to fall back to two edits: that step tries about a
#: million strings (seconds each), so a reading full of short unknown words would hang.
MAX_TWO_EDIT_SEARCHES = 3


def _known_two_edits_away(folded: str) -> set[str]:
    """``spell.known(spell.edit_distance_2(folded))``, about twice as fast.

    The second edits are intersected with the dictionary in C, set by set, instead of
    checking each of the ~10^6 strings in Python.
    """
    spell = _spellchecker()
    words = spell.word_frequency.dictionary.keys()
    found: set[str] = set()
    for once in spell.edit_distance_1(folded):
        found |= words & spell.edit_distance_1(once)
    return spell.known(found)


def _suggest_folded(folded: str, two_edits: bool) -> tuple[str | None, bool]:
    """A likely correction of a folded word, and whether the two-edit search was run.

    One edit away, else a split into two known words, else (words of at most 8 letters,
    when `two_edits`) two edits away; the most frequent candidate wins.
    """
    spell = _spellchecker()
    if not folded.isalpha():
        return None, False

    def best(known) -> str | None:
        known = sorted(known)
        return min(known, key=lambda c: -spell.word_usage_frequency(c)) if known else None

    choice = best(spell.known(spell.edit_distance_1(folded)))
    if choice is None:
        splits = [(folded[:i], folded[i:]) for i in range(2, len(folded) - 1)]
        splits = [(a, b) for a, b in splits if a in spell and b in spell]
        if splits:
            a, b = max(splits, key=lambda ab: (min(spell.word_usage_frequency(ab[0]),
                                                   spell.word_usage_frequency(ab[1])), ab))
            choice = f"{a} {b}"
    if choice is None and len(folded) <= 8 and two_edits:
        return best(_known_two_edits_away(folded)), True
    return choice, False


class _Suggester:
    """Suggestions within one reading: each distinct word searched once, within budget."""

    def __init__(self) -> None:
        self.found: dict[str, str | None] = {}
        self.two_edits_left = MAX_TWO_EDIT_SEARCHES

    def __call__(self, word: str) -> str | None:
        folded = _fold(word)
        if folded not in self.found:
            if len(self.found) >= MAX_SUGGESTION_SEARCHES:
                return None
            choice, two = _suggest_folded(folded, two_edits=self.two_edits_left > 0)
            self.two_edits_left -= two
            self.found[folded] = choice
        choice = self.found[folded]
        return None if choice is None else _match_case(choice, word)


def _is_acronym(word: str) -> bool:
    return word.isupper() and 2 <= len(word) <= 6


def is_known_word(word: str, glossary: Glossary | None = None,
                  allowlist: str | os.PathLike | None = None) -> bool:
    """Whether :func:`errata` would accept `word` (a single word, no spaces).

    Examples
    --------
    >>> is_known_word("sanctions"), is_known_word("reframing"), is_known_word("comunes")
    (True, True, False)
    """
    vocabulary = _Vocabulary(load_allowlist(allowlist), _glossary_words(resolve_glossary(glossary)))
    return vocabulary.known(word)


def _unknown_spans(text: str, vocabulary: _Vocabulary):
    for token in _TOKEN.finditer(text):
        word = token.group()
        if len(word) < 2 or _is_acronym(word) or vocabulary.known(word):
            continue
        if any(h in word for h in _HYPHENS):
            if vocabulary.known(re.sub("[" + _HYPHENS + "]", "-", word)):
                continue
            for part in _PART.finditer(word):
                piece = part.group()
                if len(piece) > 1 and not _is_acronym(piece) and not vocabulary.known(piece):
                    yield token.start() + part.start(), token.start() + part.end()
            continue
        yield token.start(), token.end()


def errata(reading: Reading, glossary: Glossary | None = None, *,
           allowlist: str | os.PathLike | None = None) -> pd.DataFrame:
    """Words of a reading that look misspelled or run together.

    Parameters
    ----------
    reading : Reading
    glossary : Glossary, optional
        Its words count as known. Default: the course glossary.
    allowlist : str or path-like, optional
        An allow-list file; default ``data/errata_allowlist.txt``.

    Returns
    -------
    pandas.DataFrame
        One row per suspicious word, in text order, columns :data:`ERRATA_COLUMNS`:
        ``reading_id``, ``word`` (as written), ``start``, ``end`` (``raw[start:end] ==
        word``), ``section_no`` and ``paragraph_no`` (nullable ``Int64``: both ``<NA>`` in the
        title and dek, ``paragraph_no`` 0 in a section heading, body paragraphs numbered from
        1), and ``suggestion`` (a likely correction or ``None``; also ``None`` for words
        past the search budget, see :data:`MAX_SUGGESTION_SEARCHES`).

    Examples
    --------
    >>> from sanclab.readings import get_seed
    >>> row = errata(get_seed(1)).iloc[0]
    >>> row.word, row.suggestion, int(row.paragraph_no)
    ('comunes', 'communes', 2)
    """
    check_reading(reading)
    vocabulary = _Vocabulary(load_allowlist(allowlist), _glossary_words(resolve_glossary(glossary)))
    suggest = _Suggester()
    rows = []
    for block in reading.blocks(header=True):
        for start, end in _unknown_spans(block.text, vocabulary):
            word = block.text[start:end]
            rows.append((reading.id, word, block.start + start, block.start + end,
                         block.section_no, block.paragraph_no, suggest(word)))
    frame = pd.DataFrame(rows, columns=ERRATA_COLUMNS)
    return frame.astype({"reading_id": object, "word": object, "start": "int64",
                         "end": "int64", "section_no": "Int64", "paragraph_no": "Int64",
                         "suggestion": object})
