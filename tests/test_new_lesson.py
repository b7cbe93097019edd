"""A lesson added by following CONTRIBUTING.md's checklist is picked up everywhere, unedited.

On a temporary copy of the course, ``tests/_new_lesson.py`` adds a throw-away lesson 6 (a seed,
its registry entry, a dashboard module, a bank, a claims test and an executed notebook) without
touching any shared code. Everything then runs in subprocesses on the copy's library:

- the template test covers lesson 6 and passes;
- the book's generated pages include lesson 6's reading and exercise pages, and the book's
  lesson glob matches its notebook;
- the student release carries its notebook and bank;
- the grader scores a lesson-6 submission;
- the JupyterLab browser test parametrizes over it;

and a lesson that is wrong in one way (it quotes another seed, shows another lesson's
dashboard, or lacks its claims test) fails the template test at that check.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
STEM = "06_throwaway_lesson"
COPIED = ("src", "seeds", "notebooks", "exercises", "tests", "book")
IGNORED = shutil.ignore_patterns("_build", "_offline", "__pycache__", "*.egg-info",
                                 ".jupyter_cache", ".ipynb_checkpoints")

pytestmark = pytest.mark.slow


def run(course: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    """Run ``python args...`` in the copy, importing the copy's library."""
    env = dict(os.environ, PYTHONPATH=str(course / "src"), PYTHONHASHSEED="0")
    env.pop("SANCLAB_EXERCISES", None)
    env.pop("SANCLAB_SEEDS", None)
    result = subprocess.run([sys.executable, *args], cwd=course, env=env, text=True,
                            capture_output=True, timeout=600)
    if check and result.returncode != 0:
        raise AssertionError(f"{args} failed ({result.returncode}):\n{result.stdout[-3000:]}"
                             f"\n{result.stderr[-3000:]}")
    return result


def template_failures(course: Path) -> set[str]:
    """Names of the template checks that fail for lesson 6 in the copy."""
    result = run(course, "-m", "pytest", "-q", "-rf", "-p", "no:cacheprovider",
                 "tests/test_lesson_template.py", check=False)
    suffix = f"[{STEM}]"
    return {line.split("::")[1].split(" ")[0].removesuffix(suffix)
            for line in result.stdout.splitlines()
            if line.startswith("FAILED") and suffix in line}


@pytest.fixture(scope="module")
def course(tmp_path_factory) -> Path:
    copy = tmp_path_factory.mktemp("course")
    shutil.copy2(ROOT / "pyproject.toml", copy / "pyproject.toml")
    for name in COPIED:
        shutil.copytree(ROOT / name, copy / name, symlinks=True, ignore=IGNORED)
    run(copy, "tests/_new_lesson.py", str(copy))
    return copy


def _tracked_files() -> list[str]:
    """The repository's files under the copied folders (git's list when there is one)."""
    try:
        listed = subprocess.run(["git", "ls-files", *COPIED], cwd=ROOT, check=True,
                                capture_output=True, text=True).stdout.splitlines()
    except (OSError, subprocess.CalledProcessError):
        listed = [p.relative_to(ROOT).as_posix() for name in COPIED
                  for p in (ROOT / name).rglob("*") if p.is_file()]
    return [f for f in listed if "__pycache__" not in f and "/_build/" not in f]


def test_the_checklist_adds_files_only(course):
    """Besides the registry entry, the lesson is new files: no file of the repository
    differs in the copy."""
    changed = [f for f in _tracked_files()
               if (course / f).is_file() and (course / f).read_bytes() != (ROOT / f).read_bytes()]
    assert changed == ["src/sanclab/data/lessons.yaml"]


def test_template_test_covers_the_new_lesson(course):
    """The template test collects lesson 6 and every check passes for it."""
    result = run(course, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--co",
                 "tests/test_lesson_template.py")
    assert f"[{STEM}]" in result.stdout
    assert template_failures(course) == set()


def test_book_pages_and_glob_include_the_new_lesson(course):
    """bookgen (which the book build runs) writes lesson 6's reading and exercise pages, and
    the book's lesson glob matches the new notebook."""
    probe = ("from sanclab.bookgen import generate, lesson_notebooks; "
             "r = generate('book'); print(r.problems); print(lesson_notebooks('book'))")
    out = run(course, "-c", probe).stdout.splitlines()
    assert out[0] == "[]"
    assert f"6: 'lessons/{STEM}'" in out[1]
    assert (course / "book" / "exercises" / "lesson-6.md").is_file()
    assert (course / "book" / "readings" / "reading-6-throwaway-lesson.md").is_file()
    assert (course / "book" / "lessons" / f"{STEM}.ipynb").is_file()  # via the symlink
    assert list((course / "book" / "lessons").glob(f"[0-9][0-9]_*{STEM[3:]}.ipynb"))


def test_release_carries_the_new_lesson(course):
    """`sanclab release` includes lesson 6's notebook and bank (and its seed)."""
    out = course / "release"
    run(course, "-m", "sanclab", "release", str(out))
    assert (out / "notebooks" / f"{STEM}.ipynb").is_file()
    assert (out / "exercises" / "l6_throwaway_lesson.yaml").is_file()
    assert (out / "seeds" / "005_throwaway.txt").is_file()


def test_grader_scores_a_new_lesson_submission(course):
    """A lesson-6 submission answering l6.e1 correctly gets its point in the grade table."""
    submissions = course / "submissions"
    submissions.mkdir()
    nb = nbformat.read(course / "notebooks" / f"{STEM}.ipynb", as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            if cell.source == 'check("l6.e1", None)':
                cell.source = 'check("l6.e1", 0.48)'
    nbformat.write(nb, submissions / "student.ipynb")
    grades = course / "grades.csv"
    # --no-isolation: the copy lives under /tmp, which the grading jail replaces with a
    # private /tmp, so an isolated kernel would import the repository's library instead of
    # the copy's (tests/test_exercises_grade.py covers the isolation itself)
    run(course, "-m", "sanclab", "grade", str(submissions / "student.ipynb"),
        "--output", str(grades), "--no-isolation")
    with open(grades, newline="", encoding="utf-8") as handle:
        rows = {row["exercise_id"]: row for row in csv.DictReader(handle)}
    assert rows["l6.e1"]["correct"] == "True"


def test_browser_tests_parametrize_over_the_new_lesson(course):
    """The JupyterLab browser tests take their notebooks from the registry: lesson 6 is one."""
    probe = ("import json; from tests.e2e._lab import lesson_notebooks; "
             "print(json.dumps([p.name for p in lesson_notebooks()]))")
    names = json.loads(run(course, "-c", probe).stdout)
    assert f"{STEM}.ipynb" in names


def _edit_notebook(path: Path, edit) -> None:
    nb = nbformat.read(path, as_version=4)
    edit(nb)
    nbformat.write(nb, path)


def test_a_lesson_quoting_another_seed_fails_the_template(course, tmp_path):
    """Lesson 6 loading and quoting seed 1 (a copy of lesson 1's reading cell) fails the
    'quotes its own reading' check, and only that one."""
    path = course / "notebooks" / f"{STEM}.ipynb"
    original = path.read_bytes()

    def quote_seed_one(nb):
        cell = next(c for c in nb.cells if "get_seed(6)" in c.source)
        cell.source = cell.source.replace("get_seed(6)", "get_seed(1)")
        for output in cell.outputs:
            text = output.get("data", {}).get("text/plain", "")
            output["data"]["text/plain"] = text.replace("005_throwaway",
                                                        "000_000371598e3e6437")

    try:
        _edit_notebook(path, quote_seed_one)
        assert template_failures(course) == {"test_quotes_its_own_reading"}
    finally:
        path.write_bytes(original)


def test_a_lesson_showing_another_dashboard_fails_the_template(course):
    """Lesson 6 showing lesson 1's dashboard fails the 'shows its own dashboard' check."""
    path = course / "notebooks" / f"{STEM}.ipynb"
    original = path.read_bytes()
    lesson1 = run(course, "-c", "from sanclab.lessons import get_lesson; "
                                "print(repr(get_lesson(1).dashboard()))").stdout.strip()

    def show_lesson_one(nb):
        cell = next(c for c in nb.cells if "dashboard" in c.metadata.get("tags", []))
        cell.source = "dashboard = coalition_coordination.dashboard()\ndashboard"
        for output in cell.outputs:
            if "text/plain" in output.get("data", {}):
                output["data"]["text/plain"] = lesson1

    try:
        _edit_notebook(path, show_lesson_one)
        assert template_failures(course) == {"test_shows_its_own_dashboard"}
    finally:
        path.write_bytes(original)


def test_a_lesson_without_its_claims_test_fails_the_template(course):
    """Lesson 6 without tests/test_lesson6_claims.py fails the 'has its claims test' check."""
    claims = course / "tests" / "test_lesson6_claims.py"
    original = claims.read_bytes()
    try:
        claims.unlink()
        assert template_failures(course) == {"test_has_its_claims_test"}
    finally:
        claims.write_bytes(original)
