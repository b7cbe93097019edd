"""Tests for sanclab.exercises.bank: loading, validation and discovery of exercise banks."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from sanclab.exercises import (
    ExerciseBankError,
    exercises_dir,
    find_exercise,
    load_bank,
    load_bank_file,
    load_banks,
)
from sanclab.exercises.bank import KINDS, parse_bank

DATA = Path(__file__).parent / "data" / "exercises"
GOOD = DATA / "good"
BROKEN = DATA / "broken"
REPO_EXERCISES = Path(__file__).resolve().parents[1] / "exercises"


def _numeric(**overrides):
    item = {"id": "l1.e1", "title": "T", "kind": "numeric", "points": 1, "prompt": "P",
            "answer": {"value": 1}}
    item.update(overrides)
    return {"lesson": 1, "exercises": [item]}


def test_good_bank_loads_in_file_order():
    """The test bank l1_demo.yaml holds seven exercises l1.e1..l1.e7 of all four kinds."""
    bank = load_bank(1, GOOD)
    assert bank.lesson == 1
    assert bank.ids == tuple(f"l1.e{n}" for n in range(1, 8))
    assert {ex.kind for ex in bank} == set(KINDS)
    assert bank["l1.e3"].options == (
        "The actor with threshold 0.9", "The instigator", "Nobody")
    assert bank["l1.e1"].hints[0].startswith("Start with")
    assert bank["l1.e1"].label == "l1-e1"
    assert bank.path == GOOD / "l1_demo.yaml"
    assert "l1.e9" not in bank and len(bank) == 7


def test_hidden_cases_and_student_edition_load():
    """l1_demo's count_joiners has three public and two hidden cases; a student edition
    with digests (or without, practice off) validates and is marked as such."""
    ex = load_bank(1, GOOD)["l1.e5"]
    assert len(ex.answer["cases"]) == 3 and len(ex.answer["hidden_cases"]) == 2
    student = parse_bank({"lesson": 1, "edition": "student", "exercises": [
        {"id": "l1.e1", "title": "T", "kind": "numeric", "points": 1, "prompt": "P",
         "answer": {"digest": {"salt": "ab", "grid": [-9, 10], "hashes": ["0f"]}}},
        {"id": "l1.e2", "title": "T", "kind": "choice", "points": 1, "prompt": "P",
         "options": ["a", "b"], "answer": {"select_all": False}}]})
    assert student.edition == "student"
    assert [ex.edition for ex in student] == ["student", "student"]


def test_load_banks_keys_by_lesson():
    """The good folder has banks for lessons 1 and 2."""
    assert sorted(load_banks(GOOD)) == [1, 2]


# (file, fragments the message must contain: the file, the exercise, the field)
BROKEN_CASES = [
    ("unknown_kind.yaml", ["unknown_kind.yaml", "exercise l1.e1", "'kind'", "'essay'"]),
    ("missing_prompt.yaml", ["missing_prompt.yaml", "exercise l1.e1", "'prompt'", "missing"]),
    ("duplicate_id.yaml", ["duplicate_id.yaml", "exercise #2", "'id'", "duplicate id 'l1.e1'"]),
    ("bad_tolerance.yaml", ["bad_tolerance.yaml", "exercise l1.e1", "'answer'", "tolerance",
                            "-0.1", "[0, inf)"]),
    ("option_out_of_range.yaml", ["option_out_of_range.yaml", "exercise l1.e1", "'answer'",
                                  "option index 3 out of range [0, 2]"]),
    ("cases_missing.yaml", ["cases_missing.yaml", "exercise l1.e1", "'answer'", "cases missing"]),
    ("id_wrong_lesson.yaml", ["id_wrong_lesson.yaml", "exercise l2.e1", "'id'",
                              "does not match the bank's lesson 1"]),
    ("bad_id.yaml", ["bad_id.yaml", "exercise #1", "'id'", "'ex1'"]),
    ("not_yaml.yaml", ["not_yaml.yaml", "not valid YAML"]),
    ("unknown_field.yaml", ["unknown_field.yaml", "exercise l1.e1", "'answr'", "unknown field"]),
    ("free_no_rubric.yaml", ["free_no_rubric.yaml", "exercise l1.e1", "'answer'", "rubric"]),
    ("zero_points.yaml", ["zero_points.yaml", "exercise l1.e1", "'points'", "(0, inf)"]),
    ("reference_and_expected.yaml", ["reference_and_expected.yaml", "exercise l1.e1",
                                     "either a literal expected or answer.reference"]),
    ("l2_file_lesson_mismatch.yaml", ["l2_file_lesson_mismatch.yaml", "'lesson' is 1",
                                      "file name says lesson 2"]),
]


@pytest.mark.parametrize("name, fragments", BROKEN_CASES, ids=[c[0] for c in BROKEN_CASES])
def test_broken_bank_names_file_exercise_and_field(name, fragments):
    """Each broken bank raises ExerciseBankError (a ValueError) naming file, exercise, field."""
    with pytest.raises(ExerciseBankError) as info:
        load_bank_file(BROKEN / name)
    assert isinstance(info.value, ValueError)
    for fragment in fragments:
        assert fragment in str(info.value)


def test_every_broken_file_is_covered():
    """Every file in tests/data/exercises/broken/ has an expected error in BROKEN_CASES."""
    assert sorted(p.name for p in BROKEN.glob("*.yaml")) == sorted(c[0] for c in BROKEN_CASES)


@pytest.mark.parametrize("data, fragment", [
    ([], "a bank must be a mapping"),
    ({"lesson": 0, "exercises": []}, "field 'lesson' must be an integer >= 1, got 0"),
    ({"lesson": 1, "exercises": [], "extra": 1}, "unknown top-level field(s) ['extra']"),
    (_numeric(answer={"value": float("nan")}), "value must be a finite number"),
    (_numeric(answer={"value": 1, "rel_tolerance": "x"}), "rel_tolerance must be a number"),
    (_numeric(answer={"value": 1, "options": [1]}), "unknown key 'options'"),
    (_numeric(hints="one hint"), "'hints': must be a list"),
    (_numeric(options=["a", "b"]), "only choice exercises have options"),
    (_numeric(kind="choice", options=["a", "A "], answer={"correct": 0}),
     "two options have the same text"),
    (_numeric(kind="choice", options=["a", "b"], answer={"correct": True}),
     "correct must be an option index"),
    (_numeric(kind="choice", options=["a", "b"], answer={"correct": [0, 0]}),
     "lists an option twice"),
    (_numeric(kind="function", answer={"name": "f", "cases": [{"args": [1], "expected": 1}],
                                       "timeout": 0}), "timeout must be a number of seconds"),
    (_numeric(kind="function", answer={"name": "not valid", "cases": []}),
     "name must be a Python identifier"),
    (_numeric(kind="function", answer={"name": "f", "cases": [{"args": 1, "expected": 1}]}),
     "args must be a list"),
    (_numeric(kind="function", answer={"name": "f", "cases": [{"args": [1]}]}),
     "case 1: expected missing"),
    (_numeric(kind="function", answer={"name": "f", "reference": "no colon",
                                       "cases": [{"args": [1]}]}), "reference must look like"),
    (_numeric(kind="function", answer={"name": "f", "transform": "x",
                                       "cases": [{"args": [1], "expected": 1}]}),
     "transform is only allowed together with reference"),
    (_numeric(kind="free", answer={"min_words": -1, "rubric": ["r"]}), "min_words must be"),
    (_numeric(solution=""), "'solution': must be a non-empty string"),
    (_numeric(answer={"value": 1, "rel_tolerance": 1.0}), "rel_tolerance must be in [0, 1)"),
    (_numeric(answer={"value": 0.001, "rel_tolerance": 0.999}), "more than 2000 cells"),
    (_numeric(kind="function", answer={"name": "f", "cases": [{"args": [1], "expected": 1}],
                                       "hidden_cases": []}), "hidden_cases must be a non-empty"),
    (_numeric(kind="function", answer={"name": "f", "cases": [{"args": [1], "expected": 1}],
                                       "hidden_cases": [{"args": [2]}]}),
     "hidden case 1: expected missing"),
    (_numeric(answer={"value": 1, "digest": {}}), "unknown key 'digest'"),
    ({**_numeric(), "edition": "teacher"}, "field 'edition' must be one of instructor, student"),
    ({**_numeric(), "edition": "student"}, "unknown key 'value' for a numeric exercise"),
    ({**_numeric(answer={}, solution="The answer is one."), "edition": "student"},
     "a student edition holds no worked solution"),
    ({**_numeric(kind="choice", options=["a", "b"], answer={"digest": {}}), "edition": "student"},
     "select_all must be true or false"),
    ({**_numeric(answer={"digest": {"salt": "zz", "grid": [0, 1], "hashes": ["ab"]}}),
      "edition": "student"}, "digest.salt must be a hexadecimal string"),
    ({**_numeric(kind="function", answer={"name": "f", "cases": [{"args": [1], "expected": 1}],
                                          "hidden_cases": [{"args": [1], "expected": 1}]}),
      "edition": "student"}, "unknown key 'hidden_cases'"),
])
def test_parse_bank_rejects_bad_fields(data, fragment):
    """parse_bank names the problem: each malformed bank gives the listed message."""
    with pytest.raises(ExerciseBankError) as info:
        parse_bank(data, source="mem.yaml")
    assert fragment in str(info.value)
    assert str(info.value).startswith("mem.yaml")


@settings(deadline=None)
@given(
    value=st.floats(allow_nan=False, allow_infinity=False, width=32),
    tolerance=st.floats(min_value=0, max_value=1e6, allow_nan=False),
    points=st.integers(min_value=1, max_value=100),
)
def test_numeric_exercise_round_trips_through_yaml(value, tolerance, points):
    """A valid numeric exercise dumped to YAML and parsed back keeps value and tolerance."""
    data = _numeric(points=points, answer={"value": value, "tolerance": tolerance})
    bank = parse_bank(yaml.safe_load(yaml.safe_dump(data)))
    ex = bank["l1.e1"]
    assert ex.answer == {"value": value, "tolerance": tolerance}
    assert ex.points == points


@settings(deadline=None)
@given(kind=st.text(min_size=1, max_size=12).filter(lambda k: k not in KINDS))
def test_unknown_kinds_are_rejected(kind):
    """Any kind outside numeric/choice/function/free is rejected and named in the error."""
    with pytest.raises(ExerciseBankError, match="unknown kind"):
        parse_bank(_numeric(kind=kind))


def test_load_bank_validates_lesson_argument():
    """load_bank(0) and load_bank('1') are ValueErrors naming 'lesson' and the range."""
    for bad in (0, -1, "1", 1.0, True):
        with pytest.raises(ValueError, match=r"lesson must be an integer in \[1, inf\)"):
            load_bank(bad, GOOD)


def test_missing_lesson_lists_the_lessons_found():
    """Asking for lesson 5 in the good folder names the file pattern and lessons [1, 2]."""
    with pytest.raises(ExerciseBankError, match=r"l5_<slug>\.yaml.*\[1, 2\]"):
        load_bank(5, GOOD)


def test_two_files_for_one_lesson_are_rejected(tmp_path):
    """l1_a.yaml and l1_b.yaml in one folder: an error naming both files."""
    for name in ("l1_a.yaml", "l1_b.yaml"):
        (tmp_path / name).write_text(yaml.safe_dump(_numeric()))
    with pytest.raises(ExerciseBankError, match="two bank files for lesson 1"):
        load_bank(1, tmp_path)


def test_exercises_dir_prefers_the_environment(monkeypatch):
    """SANCLAB_EXERCISES wins over the folder search."""
    monkeypatch.setenv("SANCLAB_EXERCISES", str(GOOD))
    assert exercises_dir() == GOOD.resolve()


def test_exercises_dir_env_must_exist(monkeypatch, tmp_path):
    """SANCLAB_EXERCISES naming a missing folder is an error naming the variable."""
    monkeypatch.setenv("SANCLAB_EXERCISES", str(tmp_path / "nope"))
    with pytest.raises(ExerciseBankError, match="SANCLAB_EXERCISES"):
        exercises_dir()


def test_exercises_dir_walks_up_from_notebooks(monkeypatch, tmp_path):
    """From <course>/notebooks, the nearest exercises/ folder is <course>/exercises."""
    monkeypatch.delenv("SANCLAB_EXERCISES", raising=False)
    (tmp_path / "exercises").mkdir()
    (tmp_path / "exercises" / "l1_x.yaml").write_text(yaml.safe_dump(_numeric()))
    (tmp_path / "notebooks" / "deep").mkdir(parents=True)
    monkeypatch.chdir(tmp_path / "notebooks" / "deep")
    assert exercises_dir() == (tmp_path / "exercises").resolve()


def test_exercises_dir_falls_back_to_the_repository(monkeypatch, tmp_path):
    """With no env variable and no exercises/ above the cwd, the repo's exercises/ is used."""
    monkeypatch.delenv("SANCLAB_EXERCISES", raising=False)
    monkeypatch.chdir(tmp_path)
    assert exercises_dir() == REPO_EXERCISES


def test_find_exercise(monkeypatch):
    """find_exercise loads the right bank; malformed or unknown ids raise KeyError."""
    monkeypatch.setenv("SANCLAB_EXERCISES", str(GOOD))
    assert find_exercise("l2.e1").title == "Another lesson"
    for bad in ("l1.e99", "l7.e1", "l1-e1", "", 3):
        with pytest.raises(KeyError):
            find_exercise(bad)


def test_a_bank_is_parsed_once_and_again_when_it_changes(tmp_path):
    """load_bank_file keeps the parsed bank while the file is unchanged (check() calls it
    for every answer) and reads the new text once the file changes."""
    import os

    from sanclab.exercises import load_bank_file

    path = tmp_path / "l2_demo.yaml"
    text = (GOOD / "l2_other.yaml").read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    first = load_bank_file(path)
    assert load_bank_file(path) is first
    path.write_text(text.replace("title: ", "title: Changed ", 1), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000))
    second = load_bank_file(path)
    assert second is not first
    assert second.exercises[0].title.startswith("Changed ")
