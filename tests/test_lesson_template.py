"""Every lesson notebook follows the lesson template (CONTRIBUTING.md).

The checks are structural, so they hold for lessons still to be written: learning objectives,
one hidden setup cell, quotations only through the library, a dashboard, a static figure,
at least five exercises in sync with the bank, references, and no model code or network use.
"""

import re

import nbformat
import pytest
from conftest import REPO_ROOT

from sanclab.exercises import check_notebook_sync

LESSONS = sorted((REPO_ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))


def tags(cell):
    return set(cell.get("metadata", {}).get("tags", []))


@pytest.fixture(params=LESSONS, ids=[p.stem for p in LESSONS])
def lesson(request):
    return request.param, nbformat.read(request.param, as_version=4)


def test_there_is_at_least_one_lesson():
    """The course has lesson notebooks to check."""
    assert LESSONS


def test_title_and_learning_objectives(lesson):
    """The first cell is a markdown title with learning objectives."""
    _, nb = lesson
    first = nb.cells[0]
    assert first.cell_type == "markdown" and first.source.startswith("# Lesson ")
    assert "Learning objectives" in first.source


def test_one_hidden_setup_cell_first(lesson):
    """The first code cell is the setup cell, tagged hide-input, and the only one."""
    _, nb = lesson
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert "hide-input" in tags(code[0])
    assert sum("hide-input" in tags(c) for c in code) == 1


def test_dashboard_and_static_figure(lesson):
    """A cell tagged dashboard shows a widget; some other cell stores a static PNG figure."""
    _, nb = lesson
    code = [c for c in nb.cells if c.cell_type == "code"]
    dashboards = [c for c in code if "dashboard" in tags(c)]
    assert dashboards
    assert any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
               for c in dashboards for o in c.outputs)
    assert any("image/png" in o.get("data", {}) for c in code if "dashboard" not in tags(c)
               for o in c.outputs)


def test_quotations_only_through_the_library(lesson):
    """Quotes are displayed from reading.quote(...), never typed into markdown blockquotes."""
    _, nb = lesson
    code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
    assert "reading.quote(" in code
    for cell in nb.cells:
        if cell.cell_type == "markdown" and "exercise" not in tags(cell):
            assert not re.search(r"^\s*>", cell.source, flags=re.M), cell.source[:80]


def test_at_least_five_exercises_in_sync_with_the_bank(lesson):
    """At least five exercise cells, each followed by an answer cell, all synced."""
    path, nb = lesson
    number = int(path.name[:2])
    exercise_cells = [i for i, c in enumerate(nb.cells) if "exercise" in tags(c)]
    assert len(exercise_cells) >= 5
    for i in exercise_cells:
        follower = nb.cells[i + 1]
        assert follower.cell_type == "code" and "check(" in follower.source
    assert check_notebook_sync(path, number) == []


def test_references_cite_through_the_bibliography(lesson):
    """The lesson cites with {cite} roles and ends with a References section."""
    _, nb = lesson
    text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert "{cite" in text
    assert nb.cells[-1].cell_type == "markdown" and "References" in nb.cells[-1].source


def test_thin_notebook_no_model_code_no_network(lesson):
    """No function or class definitions outside answer cells, no pip, no URLs fetched."""
    _, nb = lesson
    for cell in nb.cells:
        if cell.cell_type != "code" or "answer" in tags(cell):
            continue
        assert not re.search(r"^\s*(def|class)\s", cell.source, flags=re.M), cell.source[:80]
        assert "!pip" not in cell.source and "%pip" not in cell.source
        assert not re.search(r"https?://", cell.source)
