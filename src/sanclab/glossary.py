"""The course glossary: concepts, their aliases, definitions and references.

The entries live in ``sanclab/data/glossary.yaml`` (see the comment at its top for the fields).
:func:`load_glossary` reads and validates them; any problem raises :class:`GlossaryError`
naming the entry and the field, and nothing is half-loaded.

Terms and aliases are compared after :func:`normalize_term`: case-folded, curly apostrophes
made straight, and any run of spaces and hyphens (including U+2010 hyphen and U+2011
non-breaking hyphen) made one space. So "Carve-out", "carve out" and "CARVE‑OUT" are the same
form.

Examples
--------
>>> from sanclab.glossary import load_glossary
>>> glossary = load_glossary()
>>> concept = glossary.lookup("Asset Freezes")
>>> concept.term, concept.category, concept.reference
('asset freeze', 'instrument', 'drezner2011')
>>> glossary["snapback"].lessons
(3,)
>>> glossary.lookup("no such concept") is None
True
>>> "hedging" in [c.term for c in glossary.for_lesson(2)]
True
"""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "CATEGORIES",
    "LESSONS",
    "Concept",
    "Glossary",
    "GlossaryError",
    "default_glossary_path",
    "load_glossary",
    "normalize_term",
    "resolve_glossary",
]

#: The allowed values of a concept's ``category``.
CATEGORIES = ("instrument", "actor", "mechanism", "model", "outcome")
#: The lesson numbers of the course.
LESSONS = (1, 2, 3, 4, 5)

_FIELDS = ("term", "aliases", "category", "definition", "lessons", "see_also", "reference")
#: Characters treated as a hyphen: hyphen-minus, U+2010 hyphen, U+2011 non-breaking hyphen,
#: U+2012 figure dash, U+2013 en dash, U+2212 minus sign.
HYPHENS = "-\u2010\u2011\u2012\u2013\u2212"
#: Characters treated as an apostrophe: straight, right and left single quotes, modifier
#: letter apostrophe.
APOSTROPHES = "'\u2019\u2018\u02bc"
_SEPARATORS = re.compile(rf"[\s{re.escape(HYPHENS)}]+")
_APOSTROPHE_TABLE = str.maketrans({c: "'" for c in APOSTROPHES})
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")


class GlossaryError(ValueError):
    """A glossary entry is malformed.

    Attributes
    ----------
    entry : str or int or None
        The entry's term, or its 0-based index in the file when it has no usable term.
    field : str or None
        The offending field.
    """

    def __init__(self, message: str, *, entry: str | int | None = None,
                 field: str | None = None) -> None:
        super().__init__(message)
        self.entry = entry
        self.field = field


def normalize_term(text: str) -> str:
    """Canonical form used to compare terms and aliases.

    Case-folds, maps curly apostrophes to ``'`` and collapses every run of whitespace and
    hyphens (``-``, U+2010, U+2011, U+2012, U+2013, U+2212) to one space.

    Examples
    --------
    >>> normalize_term("Carve\u2011Outs")
    'carve outs'
    >>> normalize_term("  Prisoner\u2019s   dilemma ")
    "prisoner's dilemma"
    """
    text = text.casefold().translate(_APOSTROPHE_TABLE)
    return _SEPARATORS.sub(" ", text).strip()


@dataclass(frozen=True)
class Concept:
    """One glossary entry.

    Attributes
    ----------
    term : str
        The name shown to students.
    aliases : tuple of str
        Other forms found in texts (plurals, verb forms, variants, synonyms).
    category : str
        One of :data:`CATEGORIES`.
    definition : str
        One to three sentences in the course's own words.
    lessons : tuple of int
        Lesson numbers (1-5) that use the concept.
    see_also : tuple of str
        Related terms of the same glossary.
    reference : str
        A key of ``references.bib`` where the concept is discussed.
    """

    term: str
    aliases: tuple[str, ...]
    category: str
    definition: str
    lessons: tuple[int, ...]
    see_also: tuple[str, ...]
    reference: str

    @property
    def forms(self) -> tuple[str, ...]:
        """The term followed by its aliases."""
        return (self.term, *self.aliases)

    def citation(self) -> str:
        """The reference as "Author (Year). Title." (reads the bibliography).

        Examples
        --------
        >>> load_glossary()["threshold"].citation()
        'Granovetter (1978). Threshold Models of Collective Behavior.'
        """
        from sanclab.references import format_reference

        return format_reference(self.reference)


class Glossary(Mapping):
    """An ordered, read-only collection of :class:`Concept`, keyed by term.

    ``glossary[term]`` takes the exact term; :meth:`lookup` also takes any alias, in any case
    and with any hyphen/space/apostrophe variant. Iteration yields terms in file order.

    Parameters
    ----------
    concepts : iterable of Concept
        Checked for duplicate forms and dangling ``see_also`` terms (not for references:
        :func:`load_glossary` checks those against the bibliography).

    Raises
    ------
    GlossaryError
        On a form (term or alias) used by two concepts, an alias repeated within one concept,
        or a ``see_also`` term that is not in the glossary.
    """

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self._concepts: dict[str, Concept] = {}
        self._forms: dict[str, str] = {}
        for concept in concepts:
            if concept.term in self._concepts:
                raise GlossaryError(f"glossary entry {concept.term!r}: field 'term': duplicate "
                                    "term", entry=concept.term, field="term")
            self._concepts[concept.term] = concept
            seen: set[str] = set()
            for form in concept.forms:
                field = "term" if form == concept.term and not seen else "aliases"
                exact = form.casefold()
                if exact in seen:
                    raise GlossaryError(
                        f"glossary entry {concept.term!r}: field 'aliases': {form!r} is listed "
                        "twice", entry=concept.term, field="aliases")
                seen.add(exact)
                key = normalize_term(form)
                owner = self._forms.get(key)
                if owner is not None and owner != concept.term:
                    raise GlossaryError(
                        f"glossary entry {concept.term!r}: field {field!r}: {form!r} is already "
                        f"a term or alias of {owner!r}", entry=concept.term, field=field)
                self._forms[key] = concept.term
        for concept in self._concepts.values():
            for other in concept.see_also:
                if other not in self._concepts:
                    raise GlossaryError(
                        f"glossary entry {concept.term!r}: field 'see_also': unknown term "
                        f"{other!r}", entry=concept.term, field="see_also")
                if other == concept.term:
                    raise GlossaryError(
                        f"glossary entry {concept.term!r}: field 'see_also': refers to itself",
                        entry=concept.term, field="see_also")
        self._derived: dict[str, Any] = {}  # caches for other modules (e.g. compiled regex)

    def __getitem__(self, term: str) -> Concept:
        try:
            return self._concepts[term]
        except (KeyError, TypeError):
            found = self.lookup(term) if isinstance(term, str) else None
            hint = f"; did you mean {found.term!r}?" if found else "; use .lookup() for aliases"
            raise KeyError(f"no glossary term {term!r}{hint}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._concepts)

    def __len__(self) -> int:
        return len(self._concepts)

    def __repr__(self) -> str:
        return f"Glossary({len(self)} concepts)"

    def concepts(self) -> list[Concept]:
        """All concepts in file order."""
        return list(self._concepts.values())

    def forms(self) -> dict[str, str]:
        """``{normalized form: term}`` for every term and alias."""
        return dict(self._forms)

    def lookup(self, text: str) -> Concept | None:
        """The concept whose term or alias matches `text`, or ``None``.

        Matching uses :func:`normalize_term`, so it ignores case, hyphen/space differences
        and apostrophe style.

        Examples
        --------
        >>> g = load_glossary()
        >>> g.lookup("Free-Riders").term
        'free riding'
        >>> g.lookup("prisoners\u2019 dilemma").term
        "prisoner's dilemma"
        """
        if not isinstance(text, str):
            return None
        term = self._forms.get(normalize_term(text))
        return None if term is None else self._concepts[term]

    def for_lesson(self, lesson: int) -> list[Concept]:
        """Concepts tagged with `lesson`, in file order.

        Raises
        ------
        ValueError
            If `lesson` is not an integer from 1 to 5.
        """
        if isinstance(lesson, bool) or not isinstance(lesson, int) or lesson not in LESSONS:
            raise ValueError(f"lesson must be an integer from 1 to 5, got {lesson!r}")
        return [c for c in self._concepts.values() if lesson in c.lessons]

    def to_frame(self):
        """One row per concept: term, category, lessons, aliases, definition, see_also,
        reference (tuples kept as tuples).

        Examples
        --------
        >>> frame = load_glossary().to_frame()
        >>> list(frame.columns)[:3]
        ['term', 'category', 'lessons']
        """
        import pandas as pd

        rows = [{"term": c.term, "category": c.category, "lessons": c.lessons,
                 "aliases": c.aliases, "definition": c.definition, "see_also": c.see_also,
                 "reference": c.reference} for c in self._concepts.values()]
        return pd.DataFrame(rows, columns=["term", "category", "lessons", "aliases",
                                           "definition", "see_also", "reference"])


def default_glossary_path() -> Path:
    """Path of the glossary shipped with the package (``sanclab/data/glossary.yaml``)."""
    return Path(str(resources.files("sanclab") / "data" / "glossary.yaml"))


def _fail(label: str | int, field: str, reason: str) -> GlossaryError:
    name = repr(label) if isinstance(label, str) else f"#{label}"
    return GlossaryError(f"glossary entry {name}: field {field!r}: {reason}", entry=label,
                         field=field)


def _string_list(raw: Any, label: str | int, field: str) -> tuple[str, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise _fail(label, field, f"must be a list of strings, got {type(raw).__name__}")
    for item in raw:
        if not isinstance(item, str) or not item.strip():
            raise _fail(label, field, f"every item must be a non-empty string, got {item!r}")
    return tuple(item.strip() for item in raw)


def _concept_from_entry(index: int, entry: Any, reference_keys: set[str]) -> Concept:
    if not isinstance(entry, dict):
        raise GlossaryError(f"glossary entry #{index}: must be a mapping of fields, got "
                            f"{type(entry).__name__}", entry=index)
    term = entry.get("term")
    label: str | int = term.strip() if isinstance(term, str) and term.strip() else index
    for field in _FIELDS:
        if field not in entry:
            raise _fail(label, field, "missing field")
    unknown = sorted(str(k) for k in entry if k not in _FIELDS)
    if unknown:
        raise _fail(label, unknown[0], f"unknown field; allowed: {', '.join(_FIELDS)}")
    if not isinstance(term, str) or not term.strip():
        raise _fail(label, "term", f"must be a non-empty string, got {term!r}")
    category = entry["category"]
    if category not in CATEGORIES:
        raise _fail(label, "category",
                    f"unknown category {category!r}; allowed: {', '.join(CATEGORIES)}")
    definition = entry["definition"]
    if not isinstance(definition, str) or not definition.strip():
        raise _fail(label, "definition", f"must be a non-empty string, got {definition!r}")
    definition = " ".join(definition.split())
    sentences = len(_SENTENCE_END.findall(definition))
    if not 1 <= sentences <= 3:
        raise _fail(label, "definition",
                    f"must be 1 to 3 sentences ending in . ! or ?, found {sentences}")
    lessons = entry["lessons"]
    if not isinstance(lessons, list) or not lessons:
        raise _fail(label, "lessons", f"must be a non-empty list of lesson numbers 1-5, got "
                    f"{lessons!r}")
    for n in lessons:
        if isinstance(n, bool) or not isinstance(n, int):
            raise _fail(label, "lessons", f"lesson {n!r} is not an integer (allowed 1-5)")
        if n not in LESSONS:
            raise _fail(label, "lessons", f"lesson {n} outside the allowed range 1-5")
    if len(set(lessons)) != len(lessons):
        raise _fail(label, "lessons", f"repeated lesson number in {lessons!r}")
    reference = entry["reference"]
    if not isinstance(reference, str) or not reference.strip():
        raise _fail(label, "reference", f"must be a bibliography key, got {reference!r}")
    if reference not in reference_keys:
        raise _fail(label, "reference", f"unknown bibliography key {reference!r} (not in "
                    "references.bib)")
    return Concept(
        term=term.strip(),
        aliases=_string_list(entry["aliases"], label, "aliases"),
        category=category,
        definition=definition,
        lessons=tuple(sorted(lessons)),
        see_also=_string_list(entry["see_also"], label, "see_also"),
        reference=reference,
    )


def _read(path: Path) -> Glossary:
    import yaml

    from sanclab.references import load_bibliography

    if not path.is_file():
        raise GlossaryError(f"glossary file not found: {path}")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise GlossaryError(f"glossary file {path} is not UTF-8: {exc}") from exc
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        data = yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise GlossaryError(f"glossary file {path} is not valid YAML: {exc}") from exc
    if not isinstance(data, list) or not data:
        raise GlossaryError(f"glossary file {path}: the top level must be a non-empty list of "
                            "entries")
    keys = set(load_bibliography())
    return Glossary(_concept_from_entry(i, entry, keys) for i, entry in enumerate(data))


@functools.lru_cache(maxsize=1)
def _default_glossary() -> Glossary:
    return _read(default_glossary_path())


def load_glossary(path: str | os.PathLike | None = None) -> Glossary:
    """Read and validate a glossary YAML file.

    Parameters
    ----------
    path : str or path-like, optional
        Default: the package's ``data/glossary.yaml``, read once and cached (the same
        :class:`Glossary` object is returned on every call; it is read-only).

    Returns
    -------
    Glossary

    Raises
    ------
    GlossaryError
        (a ``ValueError``) naming the entry and field: missing or unknown field, wrong type,
        unknown category, lesson outside 1-5, unknown ``see_also`` term, unknown reference
        key, duplicate term or alias; also for a missing or unreadable file.

    Examples
    --------
    >>> g = load_glossary()
    >>> len(g) >= 60
    True
    >>> load_glossary() is g
    True
    """
    if path is None:
        return _default_glossary()
    return _read(Path(path))


def resolve_glossary(glossary: Glossary | None) -> Glossary:
    """The glossary to use: ``glossary`` itself, or the course glossary for ``None``.

    Raises
    ------
    TypeError
        If ``glossary`` is neither a :class:`Glossary` nor ``None``.

    Examples
    --------
    >>> resolve_glossary(None) is load_glossary()
    True
    >>> resolve_glossary({"term": "definition"})
    Traceback (most recent call last):
    ...
    TypeError: glossary must be a sanclab.glossary.Glossary or None, got dict
    """
    if glossary is None:
        return load_glossary()
    if not isinstance(glossary, Glossary):
        raise TypeError(f"glossary must be a sanclab.glossary.Glossary or None, got "
                        f"{type(glossary).__name__}")
    return glossary
