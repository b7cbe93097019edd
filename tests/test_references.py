"""Tests for sanclab.references: the bibliography read with pybtex."""

from __future__ import annotations

import re

import pytest

from sanclab.references import (
    BibliographyError,
    Reference,
    UnknownReferenceError,
    default_bibliography_path,
    format_reference,
    load_bibliography,
)


def test_every_entry_of_the_file_is_loaded():
    """The dictionary has one Reference per '@type{key,' entry of references.bib, same keys."""
    text = default_bibliography_path().read_text(encoding="utf-8")
    keys = re.findall(r"^@\w+\{([^,\s]+),", text, flags=re.MULTILINE)
    bib = load_bibliography()
    assert list(bib) == keys
    assert all(isinstance(ref, Reference) for ref in bib.values())


def test_single_author_article():
    """granovetter1978 is Granovetter, 1978, 'Threshold Models of Collective Behavior'."""
    ref = load_bibliography()["granovetter1978"]
    assert (ref.key, ref.authors, ref.year, ref.title) == (
        "granovetter1978", "Granovetter", "1978", "Threshold Models of Collective Behavior")
    assert ref.venue == "American Journal of Sociology"


def test_four_authors_are_joined_with_commas_and_ampersand():
    """hseo2007 has four authors: Hufbauer, Schott, Elliott and Oegg."""
    assert load_bibliography()["hseo2007"].authors == "Hufbauer, Schott, Elliott & Oegg"


def test_latex_accent_is_decoded():
    r"""escriba2010's first author is written Escrib{\`a}-Folch in BibTeX: Escribà-Folch."""
    assert load_bibliography()["escriba2010"].authors == "Escribà-Folch & Wright"


def test_von_part_of_a_surname_is_kept():
    """bdm2003's first author is Bueno de Mesquita (BibTeX 'von' part 'Bueno de')."""
    assert load_bibliography()["bdm2003"].authors.startswith("Bueno de Mesquita, Smith")


def test_institutional_author_loses_its_braces():
    """unsc2231's author {UN Security Council} is shown without braces."""
    assert load_bibliography()["unsc2231"].authors == "UN Security Council"


def test_en_dash_in_title():
    """morgan2014's title has '1945--2005', which is an en dash in LaTeX."""
    assert "1945\u20132005" in load_bibliography()["morgan2014"].title


def test_format_reference_exact():
    """format_reference gives 'Author (Year). Title.' for nash1950."""
    assert format_reference("nash1950") == "Nash (1950). The Bargaining Problem."


def test_format_reference_keeps_a_question_mark():
    """drezner2000's title ends with '?', so no period is added after it."""
    assert format_reference("drezner2000").endswith("When Is Cooperation Counterproductive?")


def test_unknown_key_is_a_key_error_with_suggestions():
    """A misspelt key raises UnknownReferenceError (a KeyError) naming close keys."""
    with pytest.raises(UnknownReferenceError) as info:
        format_reference("martin1939")
    assert isinstance(info.value, KeyError)
    message = str(info.value)
    assert "martin1939" in message and "martin1992" in message and "martin1993" in message


def test_non_string_key_is_unknown():
    """A non-string key is reported as unknown, not as a TypeError."""
    with pytest.raises(UnknownReferenceError):
        format_reference(1992)


def test_default_bibliography_is_not_shared_mutably():
    """Changing the returned dictionary does not change the next load."""
    first = load_bibliography()
    first.pop("nash1950")
    assert "nash1950" in load_bibliography()


def test_custom_file(tmp_path):
    """A separate .bib file is read on its own; its keys only."""
    path = tmp_path / "mini.bib"
    path.write_text("@book{x2000,author={Doe, Jane and Roe, Rick},title={{A} Book},"
                    "publisher={P},year={2000}}\n", encoding="utf-8")
    bib = load_bibliography(path)
    assert list(bib) == ["x2000"]
    assert str(bib["x2000"]) == "Doe & Roe (2000). A Book."
    assert format_reference("x2000", bib) == "Doe & Roe (2000). A Book."


def test_missing_file(tmp_path):
    """A missing file raises BibliographyError naming the path."""
    with pytest.raises(BibliographyError, match="not found"):
        load_bibliography(tmp_path / "nope.bib")


def test_entry_without_year(tmp_path):
    """An entry without a year is rejected, naming the key and the field."""
    path = tmp_path / "bad.bib"
    path.write_text("@misc{noyear,author={Doe, Jane},title={T}}\n", encoding="utf-8")
    with pytest.raises(BibliographyError, match=r"'noyear'.*year"):
        load_bibliography(path)


def test_unparsable_file(tmp_path):
    """A syntax error (duplicate key) is a BibliographyError, not a pybtex exception."""
    path = tmp_path / "dup.bib"
    entry = "@misc{k,author={A, B},title={T},year={2000}}\n"
    path.write_text(entry + entry, encoding="utf-8")
    with pytest.raises(BibliographyError):
        load_bibliography(path)
