"""Glossary concepts named in lesson text, readable in JupyterLab and linked in the book.

A lesson names a concept with an ``{abbr}`` role whose explanation is the concept's
*tooltip*: ``{abbr}`thresholds (threshold: The number or share ...)```. Both renderers
understand the role: JupyterLab (jupyterlab-myst) shows the word with the definition on
hover, and the book's Sphinx extension (``book/_ext/sanclab_book.py``) turns it into a link
to the concept's glossary entry that keeps the same tooltip. A ``{term}`` role, by contrast,
is a cross-reference JupyterLab cannot resolve: it shows a dead link and logs an error.

Write the roles with :func:`concept_role`, convert old ``{term}`` roles with
:func:`convert_term_roles`, and check a text with :func:`concept_role_problems` (the lesson
template test does, so a tooltip never drifts from the glossary).

Examples
--------
>>> from sanclab.concept_roles import concept_role, concept_of_tooltip
>>> role = concept_role("cascades")
>>> role.startswith("{abbr}`cascades (cascade: A chain reaction")
True
>>> convert_term_roles("a {term}`cascade` here") == f"a {concept_role('cascade')} here"
True
"""

from __future__ import annotations

import re

from sanclab.glossary import Concept, Glossary, resolve_glossary

__all__ = [
    "ABBR_ROLE",
    "TERM_ROLE",
    "concept_of_tooltip",
    "concept_role",
    "concept_role_problems",
    "concept_tooltip",
    "convert_term_roles",
]

#: An ``{abbr}`` role: group ``text`` and group ``explanation`` (jupyterlab-myst accepts no
#: parentheses inside the explanation, so tooltips have none).
ABBR_ROLE = re.compile(r"\{abbr\}`(?P<text>[^`(]+?)\s*\((?P<explanation>[^`()]*)\)`")
#: A ``{term}`` role, ``{term}`word``` or ``{term}`shown text <target>```.
TERM_ROLE = re.compile(r"\{term\}`(?P<body>[^`]+)`")
_TARGET = re.compile(r"^(?P<text>.*?)\s*<(?P<target>[^<>]+)>$")


def concept_tooltip(concept: Concept) -> str:
    """The explanation of a concept's ``{abbr}`` role: ``"term: definition"``.

    Parentheses become square brackets and backticks quotes (an ``{abbr}`` explanation may
    contain neither), and runs of whitespace one space.

    Examples
    --------
    >>> from sanclab.glossary import load_glossary
    >>> concept_tooltip(load_glossary()["cooperation problem"])[:74]
    "cooperation problem: Martin's three reasons states may or may not sanction"
    >>> "(" in concept_tooltip(load_glossary()["cooperation problem"])
    False
    """
    text = f"{concept.term}: {concept.definition}"
    text = text.replace("(", "[").replace(")", "]").replace("`", "'")
    return " ".join(text.split())


def _concept(form: str, glossary: Glossary) -> Concept:
    concept = glossary.lookup(form)
    if concept is None:
        raise KeyError(f"{form!r} is not a glossary term or alias")
    return concept


def concept_role(form: str, text: str | None = None, glossary: Glossary | None = None) -> str:
    """The ``{abbr}`` role naming a glossary concept in lesson text.

    Parameters
    ----------
    form : str
        The concept's term or one of its aliases (any case).
    text : str, optional
        The words shown; default ``form``.
    glossary : Glossary, optional
        Default: the course glossary.

    Returns
    -------
    str

    Raises
    ------
    KeyError
        If ``form`` is not a glossary term or alias.

    Examples
    --------
    >>> concept_role("leading sender", "the leader")[:45]
    '{abbr}`the leader (leading sender: The state '
    """
    concept = _concept(form, resolve_glossary(glossary))
    shown = " ".join((text or form).split())
    if not shown or any(ch in shown for ch in "`()"):
        raise ValueError(f"text must be non-empty, without backticks or parentheses, got "
                         f"{shown!r}")
    return f"{{abbr}}`{shown} ({concept_tooltip(concept)})`"


def concept_of_tooltip(explanation: str, glossary: Glossary | None = None) -> Concept | None:
    """The concept an ``{abbr}`` explanation names (``"term: ..."``), if it names one.

    Only the term before the first ``": "`` is read; use :func:`concept_role_problems` to
    check that the rest is the current definition.

    Examples
    --------
    >>> concept_of_tooltip("cascade: anything").term
    'cascade'
    >>> concept_of_tooltip("European Union") is None
    True
    """
    term, sep, _ = explanation.partition(": ")
    if not sep:
        return None
    glossary = resolve_glossary(glossary)
    return glossary.get(term.strip())


def convert_term_roles(markdown: str, glossary: Glossary | None = None) -> str:
    """Replace every ``{term}`` role of a MyST text by the concept's ``{abbr}`` role.

    ``{term}`x``` becomes ``concept_role("x")`` and ``{term}`shown <target>``` becomes
    ``concept_role("target", "shown")``.

    Raises
    ------
    KeyError
        If a role names no glossary concept.

    Examples
    --------
    >>> convert_term_roles("{term}`allies <alliance>`").startswith("{abbr}`allies (alliance: ")
    True
    """
    glossary = resolve_glossary(glossary)

    def replace(match: re.Match[str]) -> str:
        body = match.group("body").strip()
        target = _TARGET.match(body)
        if target:
            return concept_role(target.group("target"), target.group("text") or None,
                                glossary)
        return concept_role(body, None, glossary)

    return TERM_ROLE.sub(replace, markdown)


def concept_role_problems(markdown: str, glossary: Glossary | None = None) -> list[str]:
    """What is wrong with the concept roles of a MyST text (empty list: nothing).

    * a ``{term}`` role (a dead link in JupyterLab): use :func:`concept_role`;
    * an ``{abbr}`` role naming a glossary concept whose tooltip is not the concept's
      current :func:`concept_tooltip` (the glossary changed): rewrite it with
      :func:`concept_role`.

    Examples
    --------
    >>> concept_role_problems("a {term}`cascade`")
    ["{term}`cascade`: a {term} role is a dead link in JupyterLab; write concept_role('cascade')"]
    >>> concept_role_problems(concept_role("cascade") + " and {abbr}`EU (European Union)`")
    []
    >>> concept_role_problems("{abbr}`cascade (cascade: old text)`")[0][:60]
    '{abbr}`cascade (cascade: old text)`: the tooltip is not the '
    """
    glossary = resolve_glossary(glossary)
    problems = []
    for match in TERM_ROLE.finditer(markdown):
        body = match.group("body").strip()
        target = _TARGET.match(body)
        name = target.group("target") if target else body
        problems.append(f"{match.group(0)}: a {{term}} role is a dead link in JupyterLab; "
                        f"write concept_role({name!r})")
    for match in ABBR_ROLE.finditer(markdown):
        concept = concept_of_tooltip(match.group("explanation"), glossary)
        if concept is not None and match.group("explanation") != concept_tooltip(concept):
            role = match.group(0)
            shown = role if len(role) <= 60 else role[:57] + "..."
            problems.append(f"{shown}: the tooltip is not the glossary's "
                            f"current definition of {concept.term!r}; rewrite it with "
                            f"concept_role({concept.term!r})")
    return problems
