"""Tests for sanclab.exercises.myst: MyST directives and notebook sync."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from markdown_it import MarkdownIt

from sanclab.exercises import (
    ExerciseBankError,
    check_notebook_sync,
    exercise_cell,
    exercise_markdown,
    load_bank,
    solution_markdown,
    sync_notebook,
)
from sanclab.exercises.bank import Exercise

GOOD = Path(__file__).parent / "data" / "exercises" / "good"


@pytest.fixture
def bank():
    return load_bank(1, GOOD)


def _fences(text: str):
    return [t for t in MarkdownIt("commonmark").parse(text) if t.type == "fence"]


def test_exercise_markdown_is_a_labelled_directive(bank):
    """l1.e1 renders as ```{exercise} Count by hand / :label: l1-e1 / blank / prompt."""
    text = exercise_markdown(bank["l1.e1"])
    assert text == (
        "```{exercise} Count by hand\n:label: l1-e1\n\n"
        "Thresholds are 0, 0.2, 0.4, 0.9 for four actors. How many act?\n```"
    )
    (fence,) = _fences(text)
    assert fence.info == "{exercise} Count by hand"


def test_choice_options_are_listed_from_zero(bank):
    """Choice exercises list their options numbered 0, 1, 2 (the numbers check accepts)."""
    text = exercise_markdown(bank["l1.e3"])
    assert text.endswith(
        "\n\n0. The actor with threshold 0.9\n1. The instigator\n2. Nobody\n```")


def test_solution_markdown_is_a_dropdown(bank):
    """l1.e2's solution renders as ```{solution} l1-e2 with :class: dropdown."""
    text = solution_markdown(bank["l1.e2"])
    assert text.startswith("```{solution} l1-e2\n:class: dropdown\n\n")
    assert "a share of 0.75 of the total weight" in text
    assert _fences(text)[0].info == "{solution} l1-e2"


def test_fence_outgrows_code_blocks_inside(bank):
    """A solution holding a ``` code block is wrapped in a 4-backtick fence, parsed as one."""
    text = solution_markdown(bank["l1.e5"])
    assert text.startswith("````{solution} l1-e5") and text.endswith("\n````")
    fences = _fences(text)
    assert len(fences) == 1 and "def count_joiners" in fences[0].content


def test_solution_markdown_without_solution_is_an_error():
    """An exercise with no solution: ValueError naming the exercise."""
    ex = Exercise(id="l1.e9", lesson=1, title="T", kind="numeric", points=1, prompt="P",
                  answer={"value": 1})
    with pytest.raises(ValueError, match="l1.e9"):
        solution_markdown(ex)


def _lesson(bank, tmp_path: Path, stale: bool = True) -> Path:
    """A lesson notebook with prose, a code cell with output, and every exercise cell."""
    intro = nbformat.v4.new_markdown_cell("# Lesson\nSome prose.")
    code = nbformat.v4.new_code_cell("1 + 1", execution_count=1, outputs=[
        nbformat.v4.new_output("execute_result", data={"text/plain": "2"}, execution_count=1)])
    cells = [intro, code]
    for ex in bank:
        cell = exercise_cell(ex)
        if stale and ex.id == "l1.e2":
            cell.source = "old text"
        cells.append(cell)
        cells.append(nbformat.v4.new_code_cell(f"check({ex.id!r}, ...)"))
    path = tmp_path / "01_demo.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def test_sync_rewrites_only_stale_exercise_cells(bank, tmp_path):
    """Sync fixes l1.e2's cell; prose, code, outputs and other exercise cells are kept."""
    path = _lesson(bank, tmp_path)
    before = nbformat.read(path, as_version=4)
    assert check_notebook_sync(path, 1, GOOD) == [
        "01_demo.ipynb: cell 4 (l1.e2): text differs from the bank"]
    assert sync_notebook(path, 1, GOOD) == ["l1.e2"]
    after = nbformat.read(path, as_version=4)
    assert after.cells[4].source == exercise_markdown(bank["l1.e2"])
    for index, (old, new) in enumerate(zip(before.cells, after.cells, strict=True)):
        if index != 4:
            assert old == new
    assert after.cells[1].outputs[0]["data"]["text/plain"] == "2"
    assert check_notebook_sync(path, 1, GOOD) == []


def test_sync_is_idempotent_and_leaves_the_file_alone(bank, tmp_path):
    """A second sync changes nothing and does not rewrite the file (same bytes)."""
    path = _lesson(bank, tmp_path)
    sync_notebook(path, 1, GOOD)
    content = path.read_bytes()
    assert sync_notebook(path, 1, GOOD) == []
    assert path.read_bytes() == content


def test_sync_output_is_stable_nbformat(bank, tmp_path):
    """The synced file is exactly what nbformat.write produces (stable formatting)."""
    path = _lesson(bank, tmp_path)
    sync_notebook(path, 1, GOOD)
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert path.read_text(encoding="utf-8") == nbformat.writes(nb) + "\n"


def test_sync_adds_a_missing_tag(bank, tmp_path):
    """A cell stamped with an id but not tagged gets the 'exercise' tag from sync."""
    cell = exercise_cell(bank["l1.e1"])
    cell.metadata["tags"] = []
    path = tmp_path / "nb.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    assert "stamped with an id but not tagged" in "".join(check_notebook_sync(path, 1, GOOD))
    assert sync_notebook(path, 1, GOOD) == ["l1.e1"]
    assert nbformat.read(path, as_version=4).cells[0].metadata.tags == ["exercise"]


def test_check_notebook_sync_lists_every_kind_of_drift(bank, tmp_path):
    """Missing exercises, unknown and duplicate ids, id-less tags and code cells are listed."""
    cells = [
        exercise_cell(bank["l1.e1"]),
        exercise_cell(bank["l1.e1"]),
        nbformat.v4.new_markdown_cell("x", metadata={"tags": ["exercise"]}),
        nbformat.v4.new_markdown_cell("x", metadata={"tags": ["exercise"],
                                                     "sanclab": {"exercise": "l1.e42"}}),
        nbformat.v4.new_code_cell("x", metadata={"tags": ["exercise"]}),
    ]
    path = tmp_path / "nb.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    problems = check_notebook_sync(path, 1, GOOD)
    assert "nb.ipynb: cell 1: exercise l1.e1 already appears in cell 0" in problems
    assert ("nb.ipynb: cell 2: tagged 'exercise' but has no metadata sanclab.exercise id"
            in problems)
    assert "nb.ipynb: cell 3: exercise 'l1.e42' is not in lesson 1's bank" in problems
    assert "nb.ipynb: cell 4: an exercise cell must be markdown, not code" in problems
    for n in range(2, 8):
        assert f"nb.ipynb: exercise l1.e{n} is in the bank but not in the notebook" in problems
    assert len(problems) == 4 + 6


def test_sync_refuses_unknown_ids_and_writes_nothing(bank, tmp_path):
    """An exercise cell naming l1.e42: ExerciseBankError, file unchanged."""
    stale = exercise_cell(bank["l1.e1"])
    stale.source = "old"
    unknown = nbformat.v4.new_markdown_cell("x", metadata={"tags": ["exercise"],
                                                           "sanclab": {"exercise": "l1.e42"}})
    path = tmp_path / "nb.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[stale, unknown]), path)
    content = path.read_bytes()
    with pytest.raises(ExerciseBankError, match="l1.e42"):
        sync_notebook(path, 1, GOOD)
    assert path.read_bytes() == content


def test_missing_notebook_is_a_value_error(tmp_path):
    """A path that is not a file: ValueError naming the path."""
    with pytest.raises(ValueError, match="nope.ipynb"):
        check_notebook_sync(tmp_path / "nope.ipynb", 1, GOOD)
