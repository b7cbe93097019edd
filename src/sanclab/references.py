"""The course bibliography: ``data/references.bib`` read with pybtex.

Every citation in the course (glossary entries, lessons, exercises) is a key of this file. The
module turns an entry into a short plain-text reference, "Author (Year). Title.", with LaTeX
markup decoded (``Escrib{\\`a}-Folch`` becomes ``Escribà-Folch``).

Examples
--------
>>> from sanclab.references import format_reference, load_bibliography
>>> bib = load_bibliography()
>>> bib["granovetter1978"].year
'1978'
>>> format_reference("shapley1954")
'Shapley & Shubik (1954). A Method for Evaluating the Distribution of Power in a Committee System.'
"""

from __future__ import annotations

import difflib
import functools
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

__all__ = [
    "BibliographyError",
    "Reference",
    "UnknownReferenceError",
    "default_bibliography_path",
    "format_reference",
    "load_bibliography",
]


class BibliographyError(ValueError):
    """The bibliography file is missing, unreadable or holds an unusable entry."""


class UnknownReferenceError(KeyError):
    """A citation key that is not in the bibliography.

    A ``KeyError`` (it is a failed look-up) whose message lists the closest known keys.
    """

    def __str__(self) -> str:  # KeyError would show the message with quotes around it
        return str(self.args[0]) if self.args else ""


@dataclass(frozen=True)
class Reference:
    """One bibliography entry, reduced to what the course displays.

    Attributes
    ----------
    key : str
        The BibTeX key, e.g. ``"martin1992"``.
    authors : str
        Surnames joined for display: ``"Granovetter"``, ``"Shapley & Shubik"``,
        ``"Hufbauer, Schott, Elliott & Oegg"``; an institutional author as written.
    year : str
        The ``year`` field as written.
    title : str
        The title with LaTeX markup decoded.
    venue : str
        Journal, or publisher for a book; empty when the entry has neither.
    """

    key: str
    authors: str
    year: str
    title: str
    venue: str = ""

    def __str__(self) -> str:
        return _format(self)


def default_bibliography_path() -> Path:
    """Path of the bibliography shipped with the package (``sanclab/data/references.bib``)."""
    return Path(str(resources.files("sanclab") / "data" / "references.bib"))


@functools.lru_cache(maxsize=1)
def _plaintext_backend():
    # Instantiated directly: render_as("text") would look the backend up among all installed
    # entry points on every call, which is slow.
    from pybtex.backends.plaintext import Backend

    return Backend()


def _latex_to_text(value: str) -> str:
    from pybtex.richtext import Text

    return Text.from_latex(value).render(_plaintext_backend()).strip()


def _surname(person) -> str:
    parts = list(person.prelast_names) + list(person.last_names)
    return _latex_to_text(" ".join(parts))


def _join_names(names: list[str]) -> str:
    if not names:
        return ""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " & " + names[-1]


def _entry_to_reference(key: str, entry) -> Reference:
    people = entry.persons.get("author") or entry.persons.get("editor") or []
    authors = _join_names([_surname(p) for p in people])
    year = entry.fields.get("year", "").strip()
    title = _latex_to_text(entry.fields.get("title", ""))
    missing = [name for name, value in (("author", authors), ("year", year), ("title", title))
               if not value]
    if missing:
        raise BibliographyError(
            f"bibliography entry {key!r} lacks field(s) {', '.join(missing)}; "
            "every entry needs author, year and title")
    venue = entry.fields.get("journal") or entry.fields.get("publisher") or ""
    return Reference(key=key, authors=authors, year=year, title=title,
                     venue=_latex_to_text(venue) if venue else "")


def _parse(path: Path) -> dict[str, Reference]:
    from pybtex.database import parse_file
    from pybtex.scanner import PybtexError

    if not path.is_file():
        raise BibliographyError(f"bibliography file not found: {path}")
    try:
        data = parse_file(str(path), bib_format="bibtex")
    except (PybtexError, UnicodeDecodeError) as exc:
        raise BibliographyError(f"cannot parse bibliography {path}: {exc}") from exc
    return {key: _entry_to_reference(key, entry) for key, entry in data.entries.items()}


@functools.lru_cache(maxsize=1)
def _default_bibliography() -> dict[str, Reference]:
    return _parse(default_bibliography_path())


def load_bibliography(path: str | os.PathLike | None = None) -> dict[str, Reference]:
    """Read a BibTeX file into ``{key: Reference}``.

    Parameters
    ----------
    path : str or path-like, optional
        A ``.bib`` file; default: the package's ``data/references.bib`` (parsed once and
        cached; a copy of the dictionary is returned each time).

    Returns
    -------
    dict of str to Reference
        In file order.

    Raises
    ------
    BibliographyError
        If the file is missing or unparsable, or an entry lacks author, year or title.

    Examples
    --------
    >>> bib = load_bibliography()
    >>> bib["escriba2010"].authors
    'Escribà-Folch & Wright'
    >>> bib["bdm2003"].authors
    'Bueno de Mesquita, Smith, Siverson & Morrow'
    """
    if path is None:
        return dict(_default_bibliography())
    return _parse(Path(path))


def _format(ref: Reference) -> str:
    title = ref.title
    if title and title[-1] not in ".?!":
        title += "."
    return f"{ref.authors} ({ref.year}). {title}"


def format_reference(key: str, bibliography: dict[str, Reference] | None = None) -> str:
    """A one-line plain-text reference: ``"Author (Year). Title."``.

    Parameters
    ----------
    key : str
        A bibliography key.
    bibliography : dict, optional
        As returned by :func:`load_bibliography`; default: the package bibliography.

    Raises
    ------
    UnknownReferenceError
        (a ``KeyError``) if `key` is not in the bibliography; the message suggests close keys.

    Examples
    --------
    >>> format_reference("granovetter1978")
    'Granovetter (1978). Threshold Models of Collective Behavior.'
    >>> format_reference("drezner2000").endswith("Counterproductive?")  # no extra period
    True
    >>> format_reference("martin1929")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    sanclab.references.UnknownReferenceError: unknown bibliography key 'martin1929'; ...
    """
    bib = _default_bibliography() if bibliography is None else bibliography
    if not isinstance(key, str) or key not in bib:
        close = difflib.get_close_matches(str(key), sorted(bib), n=3, cutoff=0.6)
        hint = f"; closest: {', '.join(close)}" if close else ""
        raise UnknownReferenceError(f"unknown bibliography key {key!r}{hint}")
    return _format(bib[key])
