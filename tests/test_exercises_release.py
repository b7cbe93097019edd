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
from sanclab.lessons import lesson_notebooks

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


def _student_answer(ex) -> set[str]:
    """The answer keys a student edition may hold, by kind."""
    return {"numeric": {"digest"}, "choice": {"select_all", "digest"},
            "function": {"name", "cases", "timeout", "tolerance"},
            "free": {"min_words", "rubric"}}[ex.kind]


def test_released_banks_are_student_editions(tmp_path):
    """Each released bank loads as a student edition and equals the original minus the
    solutions, with each answer replaced: numeric and choice by a digest (choice keeps
    select_all), function by its public cases with literal expected values (the reference
    exercise l1.e6 included), free unchanged."""
    out = make_student_release(tmp_path / "release", notebooks=[], exercises_dir=GOOD)
    for source in sorted(GOOD.glob("*.yaml")):
        original = load_bank_file(source)
        expected = yaml.safe_load(source.read_text())
        released = yaml.safe_load((out / "exercises" / source.name).read_text())
        assert released["edition"] == "student"
        for item, got, ex in zip(expected["exercises"], released["exercises"], original,
                                 strict=True):
            item.pop("solution", None)
            assert {k: v for k, v in got.items() if k != "answer"} == {
                k: v for k, v in item.items() if k != "answer"}
            assert set(got["answer"]) <= _student_answer(ex), ex.id
        bank = load_bank_file(out / "exercises" / source.name)
        assert bank.edition == "student" and all(ex.solution is None for ex in bank)
    demo = load_bank_file(out / "exercises" / "l1_demo.yaml")
    assert demo["l1.e4"].answer["select_all"] is True
    assert demo["l1.e5"].answer["cases"] == load_bank(1, GOOD)["l1.e5"].answer["cases"]
    assert "hidden_cases" not in demo["l1.e5"].answer
    assert demo["l1.e6"].answer["cases"] == [{"args": [6, 4], "expected": 3},
                                             {"args": [3, 9], "expected": 1}]


def test_released_banks_still_check_answers(tmp_path, monkeypatch):
    """Students' check() works against the released banks through the digests: right and
    wrong numbers, options and sets; a function is checked on the public cases only."""
    from sanclab.exercises import check

    out = make_student_release(tmp_path / "release", notebooks=[], exercises_dir=GOOD)
    monkeypatch.setenv("SANCLAB_EXERCISES", str(out / "exercises"))
    assert check("l1.e1", 3).correct is True
    assert check("l1.e1", 4).correct is False
    assert check("l1.e2", 0.759).correct is True and check("l1.e2", 0.77).correct is False
    assert check("l1.e3", 1).correct is True and check("l1.e3", "Nobody").correct is False
    assert check("l1.e4", [0, 2]).correct is True and check("l1.e4", [0]).correct is False

    def public_only(thresholds):  # right on the three public cases, wrong on the hidden ones
        return {(0, 0.2, 0.4, 0.9): 3, (0.1, 0.2): 0, (0, 0, 0.5, 0.75): 4}.get(tuple(thresholds))

    assert check("l1.e5", public_only).correct is True
    assert check("l1.e6", lambda a, b: a // __import__("math").gcd(a, b)).correct is True


def test_find_exercise_in_a_release_exposes_no_answer(tmp_path, monkeypatch):
    """find_exercise(id).answer in the release holds digests, never value/correct/cases'
    hidden part, and the solution is None."""
    from sanclab.exercises import find_exercise

    out = make_student_release(tmp_path / "release", notebooks=[], exercises_dir=GOOD)
    monkeypatch.setenv("SANCLAB_EXERCISES", str(out / "exercises"))
    for ex_id in ("l1.e1", "l1.e2", "l1.e3", "l1.e4", "l1.e5", "l1.e6"):
        ex = find_exercise(ex_id)
        assert not {"value", "correct", "hidden_cases", "reference", "transform"} & set(
            ex.answer), ex_id
        assert ex.solution is None and ex.edition == "student"


def test_release_without_practice_feedback(tmp_path, monkeypatch):
    """practice=False: no digest at all; check() records the answer (correct None) and says
    that the instructor grades it."""
    from sanclab.exercises import check

    out = make_student_release(tmp_path / "release", notebooks=[], exercises_dir=GOOD,
                               practice=False)
    text = (out / "exercises" / "l1_demo.yaml").read_text()
    assert "digest" not in text and "hashes" not in text
    monkeypatch.setenv("SANCLAB_EXERCISES", str(out / "exercises"))
    for ex_id, answer in (("l1.e1", 3), ("l1.e3", 1), ("l1.e4", [0, 2])):
        feedback = check(ex_id, answer)
        assert feedback.correct is None and "your instructor grades it" in feedback.message


# --------------------------------------------------------------------------- answer leaks


def _public_texts(banks_dir: Path) -> list[str]:
    """Text the students are meant to see: prompts, titles, hints, options, rubrics."""
    texts = []
    for bank in load_banks(banks_dir).values():
        for ex in bank:
            texts += [ex.prompt, ex.title, *ex.hints, *(ex.options or ())]
            texts += list(ex.answer.get("rubric", [])) if ex.kind == "free" else []
    return sorted({_squash(t) for t in texts if t.strip()}, key=len, reverse=True)


def _forms(value) -> set[str]:
    """The ways a value is written in YAML, JSON and Python."""
    import json

    forms = {repr(value), json.dumps(value), yaml.safe_dump(value, default_flow_style=True)
             .strip().removesuffix("...").strip()}
    if isinstance(value, float):
        forms |= {f"{value:g}", str(value)}
    return {_squash(f) for f in forms if f}


def _answer_values(banks_dir: Path) -> list[tuple[str, str, object]]:
    """(exercise id, key, value) of every answer the release must not hold."""
    from sanclab.exercises import expected_cases

    values = []
    for bank in load_banks(banks_dir).values():
        for ex in bank:
            spec = ex.answer
            if ex.kind == "numeric":
                values.append((ex.id, "value", spec["value"]))
            elif ex.kind == "choice":
                values.append((ex.id, "correct", spec["correct"]))
            elif ex.kind == "function":
                public = len(expected_cases(ex))
                for args, kwargs, expected in expected_cases(ex, include_hidden=True)[public:]:
                    values.append((ex.id, "args", args))
                    values += [(ex.id, "args", arg) for arg in [*args, *kwargs.values()]]
                    values.append((ex.id, "expected", expected))
                if spec.get("reference"):
                    values.append((ex.id, "reference", spec["reference"]))
    return values


#: Numbers of the lesson that equal an answer by coincidence, and where: (file, text).
COINCIDENCES = {
    # The lesson's table of best-response thresholds at p = 0.4 lists the technology
    # supplier at 0.675; l1.e6's answer, E(0.75, 0.4), is 0.675 too.
    ("01_coalition_coordination.ipynb", "0.675"),
}


def _searchable(path: Path) -> tuple[str, str]:
    """(full text, text outside what students are meant to see) of a released file."""
    if path.suffix == ".ipynb":
        nb = nbformat.read(path, as_version=4)
        parts = []
        for cell in nb.cells:
            parts.append(cell.source)
            for output in cell.get("outputs", []):
                parts.append(str(output.get("text", "")))
                parts.extend(str(v) for v in output.get("data", {}).values())
        return _squash("\n".join(parts)), _squash("\n".join(parts))
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix != ".yaml":
        return _squash(text), _squash(text)
    data = yaml.safe_load(text)
    for item in data["exercises"]:
        # Known wrong answers are public by design; one may equal another exercise's answer.
        item.pop("misconceptions", None)
    full = _squash(yaml.safe_dump(data, allow_unicode=True))
    for item in data["exercises"]:  # drop what is public: prose and the public cases
        for key in ("title", "prompt", "hints", "options"):
            item.pop(key, None)
        item["answer"].pop("cases", None)
        item["answer"].pop("rubric", None)
    return full, _squash(yaml.safe_dump(data))


def _assert_no_answers(release: Path, banks_dir: Path) -> None:
    """Every answer value, searched for in every released file: in the forms a bank or a
    program writes it next to its key ("value: 0.35", '"correct": [0, 2]', "expected: 100";
    for a hidden case's expected value, outside the public cases),
    and, for values at least 4 characters long, anywhere outside the text students are
    meant to see (prompts, hints, options, public cases: l1.e8's prompt names p = 0.35 on
    purpose), except the listed COINCIDENCES. The parsed released banks hold no answer
    field either."""
    import re

    public = _public_texts(banks_dir)
    values = _answer_values(banks_dir)
    assert values, "no answers to look for"
    for path in sorted(p for p in release.rglob("*") if p.is_file()):
        text, private = _searchable(path)
        for fragment in public:
            private = private.replace(fragment, " ")
        for ex_id, key, value in values:
            for form in _forms(value):
                # public cases may expect the same small number as a hidden one
                where = private if key == "expected" else text
                for keyed in (f"{key}: {form}", f'"{key}": {form}', f"'{key}': {form}"):
                    # not followed by more digits: 'value: 0.625' (a misconception) does not
                    # hold the answer 0.6
                    found = re.search(re.escape(keyed) + r"(?![\d])", where)
                    assert found is None, (path.name, ex_id, keyed)
                if (path.name, form) in COINCIDENCES:
                    continue
                # a list of option numbers ("[0, 1]") means nothing without its key: an
                # interval "[0, 1]" in a lesson is not a select-all answer
                if key == "reference" or (len(form) >= 4 and key != "correct"):
                    pattern = r"(?<![\w.])" + re.escape(form) + r"(?![\w])"
                    assert not re.search(pattern, private), (path.name, ex_id, form)
        if path.suffix == ".yaml":
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
            assert data["edition"] == "student"
            for item in data["exercises"]:
                assert "solution" not in item
                assert not {"value", "correct", "hidden_cases", "reference", "transform",
                            "rel_tolerance"} & set(item["answer"]), item["id"]
                if item["kind"] != "function":
                    assert "tolerance" not in item["answer"], item["id"]


def test_release_holds_no_answer_value(tmp_path):
    """The demo release (notebook with an exercise, both banks) holds no answer value in any
    file, in any of the forms tried (see _assert_no_answers)."""
    notebook = _lesson_notebook(tmp_path)
    out = make_student_release(tmp_path / "release", notebooks=[notebook], exercises_dir=GOOD)
    _assert_no_answers(out, GOOD)


def test_leak_search_finds_a_planted_answer(tmp_path):
    """The search is not vacuous: a note 'value: 0.75' or the hidden case's thresholds
    pasted into a released file are found."""
    out = make_student_release(tmp_path / "release", notebooks=[], exercises_dir=GOOD)
    note = out / "notes.md"
    for planted in ("value: 0.75", "[0, 0.1, 0.3, 0.35, 0.5, 0.65]"):
        note.write_text(f"remember: {planted}\n")
        with pytest.raises(AssertionError):
            _assert_no_answers(out, GOOD)


def test_hidden_case_in_a_notebook_blocks_the_release(tmp_path):
    """A lesson notebook quoting a hidden case's arguments is refused, naming the exercise."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "count_joiners([0, 0.1, 0.3, 0.35, 0.5, 0.65])")])
    path = tmp_path / "01_hint.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(ValueError, match=r"l1.e5 hidden case"):
        make_student_release(tmp_path / "out", notebooks=[path], exercises_dir=GOOD)


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
    """The real course (repo exercises/ and lesson notebooks) releases without solutions and
    without any answer value."""
    monkeypatch.delenv("SANCLAB_EXERCISES", raising=False)
    monkeypatch.chdir(REPO)
    banks = exercises_dir()
    lessons = [path for _, path in lesson_notebooks(REPO / "notebooks")]
    out = make_student_release(tmp_path / "release", notebooks=lessons, exercises_dir=banks)
    released = sorted(p.name for p in (out / "notebooks").glob("*.ipynb")) if lessons else []
    assert released == [p.name for p in lessons]
    _assert_no_solution_text(out, banks)
    _assert_no_answers(out, banks)


def test_student_edition_of_the_book_has_no_solutions(monkeypatch):
    """SANCLAB_EDITION=student: the generated exercise page lists the exercises but holds
    no {solution} directive and no solution text; the default (instructor) edition has them;
    any other value is an error naming the variable."""
    from sanclab.bookgen import exercise_page_markdown
    from sanclab.exercises import book_edition

    bank = load_bank(1, GOOD)
    monkeypatch.delenv("SANCLAB_EDITION", raising=False)
    instructor = exercise_page_markdown(1, "lessons/01_demo", "Demo", bank)
    assert "{solution}" in instructor and _squash(bank["l1.e7"].solution) in _squash(instructor)
    monkeypatch.setenv("SANCLAB_EDITION", "student")
    student = exercise_page_markdown(1, "lessons/01_demo", "Demo", bank)
    assert "{solution" not in student and "l1.e7" in student
    for ex in bank:
        assert _squash(ex.solution) not in _squash(student)
    monkeypatch.setenv("SANCLAB_EDITION", "teacher")
    with pytest.raises(ValueError, match="SANCLAB_EDITION must be 'instructor' or 'student'"):
        book_edition()
