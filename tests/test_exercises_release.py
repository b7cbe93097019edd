"""Tests for sanclab.exercises.release: the student release holds no worked solution."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
import yaml

from sanclab.exercises import (
    exercise_cell,
    load_bank,
    load_bank_file,
    load_banks,
    make_student_release,
)
from sanclab.exercises.bank import exercises_dir

GOOD = Path(__file__).parent / "data" / "exercises" / "good"
REPO = Path(__file__).resolve().parents[1]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _lesson_notebook(tmp_path: Path) -> Path:
    bank = load_bank(1, GOOD)
    solution = bank["l1.e1"].solution
    cells = [
        nbformat.v4.new_markdown_cell("# Lesson 1"),
        exercise_cell(bank["l1.e1"]),
        nbformat.v4.new_code_cell("check('l1.e1', ...)"),
        nbformat.v4.new_markdown_cell(solution, metadata={"tags": ["solution"]}),
        nbformat.v4.new_code_cell("answer = 3", metadata={"tags": ["instructor"]}, outputs=[
            nbformat.v4.new_output("stream", name="stdout", text=solution)]),
        nbformat.v4.new_code_cell("1 + 1", execution_count=1, outputs=[
            nbformat.v4.new_output("execute_result", data={"text/plain": "2"},
                                   execution_count=1)]),
    ]
    folder = tmp_path / "src_notebooks"
    folder.mkdir()
    path = folder / "01_demo.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
    return path


def _all_visible_text(root: Path) -> str:
    """Every file's text; notebooks decoded so JSON escapes cannot hide anything."""
    parts = []
    for path in sorted(root.rglob("*")):
        if path.suffix == ".ipynb":
            nb = nbformat.read(path, as_version=4)
            for cell in nb.cells:
                parts.append(cell.source)
                for output in cell.get("outputs", []):
                    parts.append(str(output.get("text", "")))
                    parts.extend(str(v) for v in output.get("data", {}).values())
        elif path.is_file():
            parts.append(path.read_text(encoding="utf-8"))
    return _squash("\n".join(parts))


def _assert_no_solution_text(release: Path, banks_dir: Path) -> None:
    text = _all_visible_text(release)
    for bank in load_banks(banks_dir).values():
        for ex in bank:
            if ex.solution:
                assert _squash(ex.solution) not in text, ex.id
                for line in ex.solution.splitlines():
                    line = _squash(line)
                    if len(line) >= 25 and line not in _squash(ex.prompt):
                        assert line not in text, (ex.id, line)


def test_release_layout_and_no_solutions(tmp_path):
    """The release has README, notebooks/, exercises/, the five seeds and its marker file,
    and no solution text anywhere."""
    notebook = _lesson_notebook(tmp_path)
    out = make_student_release(tmp_path / "release", notebooks=[notebook], exercises_dir=GOOD)
    assert out == (tmp_path / "release").resolve()
    files = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    seeds = [f for f in files if f.startswith("seeds/")]
    assert [f for f in files if f not in seeds] == [
        "README.md", "exercises/l1_demo.yaml", "exercises/l2_other.yaml",
        "notebooks/01_demo.ipynb", "sanclab-release.txt"]
    assert len(seeds) == 5 and all(f.endswith(".txt") for f in seeds)
    _assert_no_solution_text(out, GOOD)


def test_released_notebook_keeps_everything_but_tagged_cells(tmp_path):
    """Cells tagged solution/instructor are dropped; the others keep source and outputs."""
    notebook = _lesson_notebook(tmp_path)
    out = make_student_release(tmp_path / "release", notebooks=[notebook], exercises_dir=GOOD)
    original = nbformat.read(notebook, as_version=4)
    released = nbformat.read(out / "notebooks" / "01_demo.ipynb", as_version=4)
    assert released.cells == [original.cells[i] for i in (0, 1, 2, 5)]
    assert released.cells[3].outputs[0]["data"]["text/plain"] == "2"


def test_released_banks_equal_the_originals_without_solutions(tmp_path):
    """Each released bank loads, and equals the original YAML minus every solution field."""
    out = make_student_release(tmp_path / "release", notebooks=[], exercises_dir=GOOD)
    for source in sorted(GOOD.glob("*.yaml")):
        expected = yaml.safe_load(source.read_text())
        for item in expected["exercises"]:
            item.pop("solution", None)
        released = out / "exercises" / source.name
        assert yaml.safe_load(released.read_text()) == expected
        bank = load_bank_file(released)
        assert all(ex.solution is None for ex in bank)


def test_released_banks_still_check_answers(tmp_path, monkeypatch):
    """Students' check() works against the released banks (answers are kept)."""
    from sanclab.exercises import check

    out = make_student_release(tmp_path / "release", notebooks=[], exercises_dir=GOOD)
    monkeypatch.setenv("SANCLAB_EXERCISES", str(out / "exercises"))
    assert check("l1.e1", 3).correct is True
    assert check("l1.e4", [0, 2]).correct is True


def test_refuses_a_non_empty_folder_unless_overwrite(tmp_path):
    """A non-empty out_dir: ValueError naming out_dir; overwrite=True replaces the release."""
    out = tmp_path / "release"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    with pytest.raises(ValueError, match="out_dir .* is not empty"):
        make_student_release(out, notebooks=[], exercises_dir=GOOD)
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    make_student_release(out, notebooks=[], exercises_dir=GOOD, overwrite=True)
    (out / "notebooks").mkdir()
    (out / "notebooks" / "stale_solutions.ipynb").write_text("{}")
    make_student_release(out, notebooks=[], exercises_dir=GOOD, overwrite=True)
    assert not (out / "notebooks" / "stale_solutions.ipynb").exists()
    assert (out / "notes.txt").read_text() == "mine"


def test_untagged_solution_blocks_the_release(tmp_path):
    """A solution pasted into an untagged cell: ValueError naming file and exercise; no files."""
    bank = load_bank(1, GOOD)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(bank["l1.e7"].solution)])
    path = tmp_path / "01_leaky.ipynb"
    nbformat.write(nb, path)
    out = tmp_path / "release"
    with pytest.raises(ValueError, match=r"notebooks/01_leaky.ipynb: l1.e7"):
        make_student_release(out, notebooks=[path], exercises_dir=GOOD)
    assert not out.exists()


def test_solution_directive_blocks_the_release(tmp_path):
    """An untagged {solution} directive cell is caught too."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(
        "```{solution} l1-e1\n:class: dropdown\n\nshort\n```")])
    path = tmp_path / "01_directive.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(ValueError, match=r"a \{solution\} directive"):
        make_student_release(tmp_path / "out", notebooks=[path], exercises_dir=GOOD)


def test_out_dir_may_not_contain_the_sources(tmp_path):
    """Writing the release over the course folder itself is refused."""
    course = tmp_path / "course"
    (course / "exercises").mkdir(parents=True)
    for source in GOOD.glob("*.yaml"):
        (course / "exercises" / source.name).write_text(source.read_text())
    with pytest.raises(ValueError, match="contains the source"):
        make_student_release(course, notebooks=[], exercises_dir=course / "exercises",
                             overwrite=True)
    assert sorted(p.name for p in (course / "exercises").iterdir()) == [
        "l1_demo.yaml", "l2_other.yaml"]


@pytest.mark.parametrize("notebooks, fragment", [
    (["missing.ipynb"], "notebooks must be existing .ipynb files"),
])
def test_bad_notebook_paths(tmp_path, notebooks, fragment):
    """Nonexistent notebooks: ValueError naming the parameter, nothing written."""
    with pytest.raises(ValueError, match=fragment):
        make_student_release(tmp_path / "out", notebooks=notebooks, exercises_dir=GOOD)
    assert not (tmp_path / "out").exists()


def test_course_release_has_no_solutions(tmp_path, monkeypatch):
    """The real course (repo exercises/ and lesson notebooks) releases without solutions."""
    monkeypatch.delenv("SANCLAB_EXERCISES", raising=False)
    monkeypatch.chdir(REPO)
    banks = exercises_dir()
    lessons = sorted((REPO / "notebooks").glob("[0-9][0-9]_*.ipynb"))
    out = make_student_release(tmp_path / "release", notebooks=lessons, exercises_dir=banks)
    released = sorted(p.name for p in (out / "notebooks").glob("*.ipynb")) if lessons else []
    assert released == [p.name for p in lessons]
    _assert_no_solution_text(out, banks)
