"""Every lesson notebook follows the lesson template (CONTRIBUTING.md) and is *its own* lesson.

The lessons are the lesson registry's (:mod:`sanclab.lessons`): for each registered lesson
whose notebook exists, the checks below hold. Besides the structure (learning objectives and
prerequisites, one hidden setup cell, quotations only through the library, concepts named with
the glossary's roles, a dashboard, a static figure, a worked example, a case box, key
takeaways, discussion questions, at least five exercises in sync with the bank, further
reading, references, no model code or network use) they check
that notebook N belongs to lesson N: it quotes seed N, shows lesson N's dashboard, and lesson N
has its exercise bank and its claims test. A lesson-2 notebook copied from lesson 1 fails.

The checks read the notebook from the path given by ``$SANCLAB_TEMPLATE_NOTEBOOKS`` (a folder)
when set, so a test can run them on a temporary copy.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest

from sanclab.concept_roles import concept_role_problems
from sanclab.exercises import check_notebook_sync, load_bank_file
from sanclab.lessons import REPO_ROOT, lesson_notebooks

NOTEBOOKS = Path(os.environ.get("SANCLAB_TEMPLATE_NOTEBOOKS") or REPO_ROOT / "notebooks")
COURSE = NOTEBOOKS.parent
LESSONS = lesson_notebooks(NOTEBOOKS)
QUOTE_REPR = re.compile(r"^Quote\(reading_id='([^']*)'")

#: Sections every lesson has (CONTRIBUTING.md, "The lesson template"), in this order, as
#: ``##`` or ``###`` headings, numbered or not ("## 5. Worked example: two allies").
SECTIONS = ("Worked example", "Key takeaways", "Discussion questions", "Further reading")
#: The opening line of a MyST admonition (backtick or colon fence), with its title.
ADMONITION = re.compile(r"^(?:`{3,}|:{3,})\s*\{admonition\}\s*(?P<title>.*)$", re.M)


def tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def text_outputs(cell):
    for output in cell.get("outputs", []):
        data = output.get("data", {})
        if "text/plain" in data:
            yield data["text/plain"]


@pytest.fixture(params=LESSONS, ids=[lesson.stem for lesson, _ in LESSONS])
def lesson(request):
    registered, path = request.param
    return registered, nbformat.read(path, as_version=4)


def test_there_is_at_least_one_lesson():
    """The course has lesson notebooks to check."""
    assert LESSONS


def test_every_notebook_is_a_registered_lesson():
    """No notebook in notebooks/ escapes the registry (a misspelt name would be published by
    the book's glob but skipped by every lesson test)."""
    registered = {path.name for _, path in LESSONS}
    assert {p.name for p in NOTEBOOKS.glob("*.ipynb")} == registered


def test_title_and_learning_objectives(lesson):
    """The first cell is a markdown title 'Lesson N: ...' with learning objectives."""
    registered, nb = lesson
    first = nb.cells[0]
    assert first.cell_type == "markdown"
    assert first.source.startswith(f"# Lesson {registered.number}: ")
    assert "Learning objectives" in first.source


def test_prerequisites_in_the_first_cell(lesson):
    """The first cell names the prerequisites (a "Prerequisites" paragraph or heading)."""
    _, nb = lesson
    assert re.search(r"^(?:#{2,4}\s*|\*\*)Prerequisites\b", nb.cells[0].source, flags=re.M), (
        "the first cell has no Prerequisites paragraph (**Prerequisites.** ...) or heading")


def _heading_index(nb, title: str) -> int | None:
    pattern = re.compile(rf"^#{{2,3}}\s+(?:\d+(?:\.\d+)*\.?\s+)?{re.escape(title)}\b",
                         flags=re.M | re.I)
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown" and pattern.search(cell.source):
            return index
    return None


def test_template_sections_in_order(lesson):
    """The lesson has a "Worked example", "Key takeaways", "Discussion questions" and
    "Further reading" section (## or ### heading, numbered or not), in that order."""
    _, nb = lesson
    found = {title: _heading_index(nb, title) for title in SECTIONS}
    missing = [title for title, index in found.items() if index is None]
    assert not missing, f"missing section heading(s): {missing} (e.g. '## {missing[0]}')"
    order = [found[title] for title in SECTIONS]
    assert order == sorted(order), f"sections out of order: {found}"


def test_case_box(lesson):
    """A markdown cell holds a case box: an {admonition} titled "Case: ...", with
    :class: case, citing its facts with a {cite} role."""
    _, nb = lesson
    boxes = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for match in ADMONITION.finditer(cell.source):
            body = cell.source[match.end():]
            boxes.append((match.group("title").strip(), body))
    cases = [(title, body) for title, body in boxes if title.startswith("Case:")]
    assert cases, ("no case box: a markdown cell with ```{admonition} Case: <title>, "
                   ":class: case and {cite} roles")
    for title, body in cases:
        assert re.search(r"^:class:.*\bcase\b", body, flags=re.M), f"{title!r}: no :class: case"
        assert "{cite" in body, f"{title!r}: the case box cites nothing ({{cite:p}}`key`)"


def test_concepts_named_with_glossary_roles(lesson):
    """Concepts are named with sanclab.concept_roles.concept_role ({abbr} with the glossary
    tooltip), not {term} (a dead link in JupyterLab), and no tooltip is stale."""
    _, nb = lesson
    problems = [f"cell {i}: {problem}" for i, cell in enumerate(nb.cells)
                if cell.cell_type == "markdown"
                for problem in concept_role_problems(cell.source)]
    assert not problems, "\n".join(problems[:10])


def test_one_hidden_setup_cell_first(lesson):
    """The first code cell is the setup cell, tagged hide-input, and the only one."""
    _, nb = lesson
    code = code_cells(nb)
    assert "hide-input" in tags(code[0])
    assert sum("hide-input" in tags(c) for c in code) == 1


def test_quotes_its_own_reading(lesson):
    """The notebook loads seed N (``get_seed(N)``) and every quotation it shows is from seed N."""
    registered, nb = lesson
    code = "\n".join(c.source for c in code_cells(nb))
    assert re.search(rf"get_seed\(\s*{registered.number}\s*\)", code), "no get_seed(N) call"
    quoted = [m.group(1) for c in code_cells(nb) for text in text_outputs(c)
              if (m := QUOTE_REPR.match(text))]
    assert quoted, "no quotation of the reading in the stored outputs"
    assert set(quoted) == {registered.seed_id}


def test_quotations_only_through_the_library(lesson):
    """Quotes are displayed from reading.quote(...), never typed into markdown blockquotes."""
    _, nb = lesson
    code = "\n".join(c.source for c in code_cells(nb))
    assert "reading.quote(" in code
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "exercise" not in tags(cell):
            assert not re.search(r"^\s*>", cell.source, flags=re.M), cell.source[:80]


def test_shows_its_own_dashboard(lesson):
    """The cell tagged 'dashboard' builds lesson N's dashboard (``<key>.dashboard()`` from
    ``sanclab.dashboards.<key>``) and its stored output is that dashboard's widget."""
    registered, nb = lesson
    cells = [c for c in code_cells(nb) if "dashboard" in tags(c)]
    assert len(cells) == 1
    cell = cells[0]
    setup = code_cells(nb)[0].source
    assert f"from sanclab.dashboards import {registered.key}" in setup
    assert f"{registered.key}.dashboard(" in cell.source
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
               for o in cell.outputs)
    assert list(text_outputs(cell)) == [repr(registered.dashboard())]


def test_static_figure(lesson):
    """Some cell other than the dashboard stores a static PNG figure (teaches without a kernel)."""
    _, nb = lesson
    assert any("image/png" in o.get("data", {}) for c in code_cells(nb)
               if "dashboard" not in tags(c) for o in c.outputs)


def test_at_least_five_exercises_in_sync_with_its_bank(lesson):
    """Lesson N's bank is exercises/lN_key.yaml with at least five exercises; the notebook
    shows each in an exercise cell followed by its answer cell, all in sync with the bank."""
    registered, nb = lesson
    bank_path = COURSE / "exercises" / registered.bank_name
    assert bank_path.is_file(), f"lesson {registered.number} has no bank {bank_path}"
    bank = load_bank_file(bank_path)
    assert bank.lesson == registered.number and len(bank) >= 5
    exercise_cells = [i for i, c in enumerate(nb.cells) if "exercise" in tags(c)]
    assert len(exercise_cells) == len(bank)
    for i in exercise_cells:
        follower = nb.cells[i + 1]
        assert follower.cell_type == "code" and "check(" in follower.source
    assert check_notebook_sync(registered.notebook(NOTEBOOKS), registered.number,
                               COURSE / "exercises") == []


def test_has_its_claims_test(lesson):
    """tests/test_lessonN_claims.py exists and tests something: every claim the lesson makes
    about its models is reproduced there."""
    registered, _ = lesson
    path = COURSE / registered.claims_test
    assert path.is_file(), f"lesson {registered.number} has no claims test {path}"
    assert re.search(r"^def test_", path.read_text(encoding="utf-8"), flags=re.M)


def test_references_cite_through_the_bibliography(lesson):
    """The lesson cites with {cite} roles and ends with a References section."""
    _, nb = lesson
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "{cite" in text
    assert nb.cells[-1].cell_type == "markdown" and "References" in nb.cells[-1].source


def test_thin_notebook_no_model_code_no_network(lesson):
    """No function or class definitions outside answer cells, no pip, no URLs fetched."""
    _, nb = lesson
    for cell in code_cells(nb):
        if "answer" in tags(cell):
            continue
        assert not re.search(r"^\s*(def|class)\s", cell.source, flags=re.M), cell.source[:80]
        assert "!pip" not in cell.source and "%pip" not in cell.source
        assert not re.search(r"https?://", cell.source)
