"""Tests for sanclab.exercises.grade: running submitted notebooks and collecting scores.

The bank is tests/data/exercises/good/l1_demo.yaml; submissions are tiny synthetic notebooks.
"""

from __future__ import annotations

import math
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from sanclab.exercises import exercise_cell, grade_submissions, load_bank

GOOD = Path(__file__).parent / "data" / "exercises" / "good"

FUNCTION = """\
def count_joiners(thresholds):
    acting = 0
    while True:
        share = acting / len(thresholds)
        now = sum(t <= share + 1e-12 for t in thresholds)
        if now == acting:
            return acting
        acting = now
"""


def _submission(folder: Path, name: str, *codes: str, exercises=("l1.e1",)) -> Path:
    bank = load_bank(1, GOOD)
    cells = [nbformat.v4.new_code_cell("from sanclab.exercises import check")]
    cells += [exercise_cell(bank[i]) for i in exercises]
    cells += [nbformat.v4.new_code_cell(code) for code in codes]
    path = folder / f"{name}.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    folder = tmp_path_factory.mktemp("submissions")
    paths = [
        _submission(folder, "ana", "check('l1.e1', 4)", "check('l1.e1', 3)",
                    FUNCTION + "check('l1.e5', count_joiners)",
                    "check('l1.e7', 'one two three four five six seven eight nine ten')",
                    exercises=("l1.e1", "l1.e5", "l1.e7")),
        _submission(folder, "ben", "check('l1.e1', 5)", "check('l1.e2', 'zero')",
                    exercises=("l1.e1", "l1.e2", "l1.e3")),
        _submission(folder, "cleo", "check('l1.e1', 3)", "while True:\n    pass",
                    "check('l1.e2', 0.75)", exercises=("l1.e1", "l1.e2")),
        _submission(folder, "dan", "check('l1.e1', 3)", "raise RuntimeError('oops')",
                    "check('l1.e2', 0.75)", exercises=("l1.e1", "l1.e2")),
    ]
    out = folder / "grades" / "grades.csv"
    table = grade_submissions(paths, out, timeout=5, exercises_dir=GOOD)
    return table, out


def _row(table: pd.DataFrame, student: str, exercise: str) -> dict:
    rows = table[(table.student == student) & (table.exercise_id == exercise)]
    assert len(rows) == 1, (student, exercise)
    return rows.iloc[0].to_dict()


@pytest.mark.slow
def test_correct_submission_gets_its_best_result(graded):
    """ana: wrong then right on l1.e1 -> best is correct, 2/2; function 3/3; free pending."""
    table, _ = graded
    assert _row(table, "ana", "l1.e1") == {
        "student": "ana", "exercise_id": "l1.e1", "correct": True, "points_awarded": 2.0,
        "points_possible": 2.0, "status": "ok", "detail": ""}
    assert _row(table, "ana", "l1.e5")["points_awarded"] == 3.0
    free = _row(table, "ana", "l1.e7")
    assert free["correct"] is None and math.isnan(free["points_awarded"])
    assert free["points_possible"] == 4.0


@pytest.mark.slow
def test_wrong_and_unattempted_exercises(graded):
    """ben: l1.e1 wrong (0/2), l1.e2 malformed (0/1), l1.e3 never checked (not attempted)."""
    table, _ = graded
    assert (_row(table, "ben", "l1.e1")["correct"], _row(table, "ben", "l1.e1")["points_awarded"]) \
        == (False, 0.0)
    assert _row(table, "ben", "l1.e2")["correct"] is False
    missing = _row(table, "ben", "l1.e3")
    assert (missing["correct"], missing["points_awarded"], missing["detail"]) == (
        False, 0.0, "not attempted")
    assert set(table[table.student == "ben"].status) == {"ok"}


@pytest.mark.slow
def test_infinite_loop_is_recorded_and_grading_goes_on(graded):
    """cleo loops forever after a correct l1.e1: status timeout, l1.e1 kept, l1.e2 missed."""
    table, _ = graded
    first = _row(table, "cleo", "l1.e1")
    assert (first["correct"], first["status"]) == (True, "timeout")
    second = _row(table, "cleo", "l1.e2")
    assert second["correct"] is False and second["detail"].startswith("not attempted")
    assert "longer than 5 s" in second["detail"]


@pytest.mark.slow
def test_crash_is_recorded_and_later_cells_still_run(graded):
    """dan raises RuntimeError in a cell: status error naming it; later checks still count."""
    table, _ = graded
    row = _row(table, "dan", "l1.e2")
    assert (row["correct"], row["status"]) == (True, "error")
    assert "RuntimeError: oops" in row["detail"]


@pytest.mark.slow
def test_csv_matches_the_table(graded):
    """The CSV has the documented columns and one row per (student, exercise)."""
    table, out = graded
    on_disk = pd.read_csv(out, keep_default_na=False)
    assert list(on_disk.columns) == ["student", "exercise_id", "correct", "points_awarded",
                                     "points_possible", "status", "detail"]
    assert len(on_disk) == len(table) == 3 + 3 + 2 + 2
    assert list(on_disk.student.unique()) == ["ana", "ben", "cleo", "dan"]


@pytest.mark.slow
def test_notebook_without_exercises_still_gets_a_row(tmp_path):
    """A submission with no exercise cells and no checks: one row recording its status."""
    path = tmp_path / "eve.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")]), path)
    table = grade_submissions([path], tmp_path / "g.csv", timeout=30, exercises_dir=GOOD)
    assert table.to_dict("records") == [{
        "student": "eve", "exercise_id": "", "correct": None, "points_awarded": None,
        "points_possible": None, "status": "ok", "detail": "no exercises found in the notebook"}]


def test_bad_inputs_fail_before_running_anything(tmp_path):
    """Missing files, duplicate student names and a bad timeout are ValueErrors; no CSV."""
    a = tmp_path / "a" / "sam.ipynb"
    b = tmp_path / "b" / "sam.ipynb"
    for path in (a, b):
        path.parent.mkdir()
        nbformat.write(nbformat.v4.new_notebook(), path)
    out = tmp_path / "grades.csv"
    with pytest.raises(ValueError, match="paths must be existing .ipynb files"):
        grade_submissions([tmp_path / "nope.ipynb"], out, exercises_dir=GOOD)
    with pytest.raises(ValueError, match="share the student name 'sam'"):
        grade_submissions([a, b], out, exercises_dir=GOOD)
    with pytest.raises(ValueError, match=r"timeout must be a number of seconds in \(0, inf\)"):
        grade_submissions([a], out, timeout=0, exercises_dir=GOOD)
    assert not out.exists()
