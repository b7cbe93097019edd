"""Tests for sanclab.concept_roles: glossary concepts in lesson text as {abbr} roles."""

from __future__ import annotations

import re

import pytest

from sanclab.concept_roles import (
    ABBR_ROLE,
    concept_of_tooltip,
    concept_role,
    concept_role_problems,
    concept_tooltip,
    convert_term_roles,
)
from sanclab.glossary import load_glossary

GLOSSARY = load_glossary()
#: jupyterlab-myst's own pattern for an abbreviation (mystmd's abbr role): the text, then
#: an explanation in parentheses that contains no parentheses.
MYSTMD_ABBR = re.compile(r"^(.+?)\(([^()]+)\)$")


@pytest.mark.parametrize("term", sorted(GLOSSARY))
def test_every_concept_role_parses_in_both_renderers(term):
    """Each concept's role is read by jupyterlab-myst's pattern (text, then the tooltip as
    explanation) and by ours, and its tooltip names the concept again."""
    concept = GLOSSARY[term]
    role = concept_role(term)
    body = role[len("{abbr}`"):-1]
    mystmd = MYSTMD_ABBR.match(body)
    assert mystmd and mystmd.group(1).strip() == term
    assert mystmd.group(2).strip() == concept_tooltip(concept)
    match = ABBR_ROLE.fullmatch(role)
    assert match and match.group("text") == term
    assert concept_of_tooltip(match.group("explanation"), GLOSSARY) is concept


def test_tooltip_is_term_and_definition_without_parentheses():
    """'cooperation problem' has parentheses in its definition: they become brackets."""
    concept = GLOSSARY["cooperation problem"]
    tooltip = concept_tooltip(concept)
    assert tooltip.startswith("cooperation problem: Martin's three reasons")
    assert "[their interests already line up]" in tooltip and "(" not in tooltip


def test_shown_text_and_aliases():
    """An alias finds its concept; the shown text may differ from the form looked up; text
    with a parenthesis or a backtick, or an unknown form, is refused."""
    assert concept_role("Secondary penalties").startswith(
        "{abbr}`Secondary penalties (secondary sanctions: ")
    assert concept_role("leading sender", "the leader").startswith("{abbr}`the leader (")
    with pytest.raises(KeyError, match="not a glossary term"):
        concept_role("no such thing")
    with pytest.raises(ValueError, match="without backticks or parentheses"):
        concept_role("cascade", "a (b)")


def test_convert_term_roles_and_report_problems():
    """{term} roles (plain and with a target) become concept roles; the result has no
    problems, the input has one per {term} role; a stale tooltip is reported; an {abbr}
    that is not a glossary concept (EU) is left alone."""
    text = "A {term}`cascade` of {term}`allies <alliance>` and {abbr}`EU (European Union)`."
    converted = convert_term_roles(text)
    assert converted == (f"A {concept_role('cascade')} of {concept_role('alliance', 'allies')}"
                         " and {abbr}`EU (European Union)`.")
    assert len(concept_role_problems(text)) == 2
    assert concept_role_problems(converted) == []
    stale = concept_role("cascade").replace("chain reaction", "chain")
    assert "current definition of 'cascade'" in concept_role_problems(stale)[0]
