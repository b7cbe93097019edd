"""Tests for sanclab.exercises.grade: isolated runs, final answers checked by the grader.

The answer key is a copy of tests/data/exercises/good (l1_demo.yaml: l1.e1 numeric 3, 2 points;
l1.e2 numeric 0.75 +- 0.01, 1; l1.e3 choice 1, 1; l1.e4 select-all [0, 2], 1; l1.e5 function
count_joiners with 3 public and 2 hidden cases, 3; l1.e6 function numerator by reference, 1;
l1.e7 free, 4). The fast tests score hand-made worker reports; the slow ones grade small
fixture notebooks, one per attack, in one run, and compare the CSV with what each deserves.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from sanclab.exercises import (
    GradingLimits,
    exercise_cell,
    grade_submissions,
    load_bank,
    merge_marks,
)
from sanclab.exercises.grade import (
    COLUMNS,
    FREE_COLUMNS,
    SANDBOX_UID_BASE,
    _check_output,
    _completed,
    isolation_available,
    key_fingerprint,
    neutralize,
    score_report,
)

GOOD = Path(__file__).parent / "data" / "exercises" / "good"
REPO = Path(__file__).resolve().parents[1]
TOKEN = "t0k3n"
KEY = "f" * 64

COUNT_JOINERS = """\
def count_joiners(thresholds):
    acting = 0
    while True:
        share = acting / len(thresholds)
        now = sum(t <= share + 1e-12 for t in thresholds)
        if now == acting:
            return acting
        acting = now
"""
NUMERATOR = "def numerator(a, b):\n    import math\n    return a // math.gcd(a, b)\n"
ESSAY = "one actor missing breaks the chain so the share stops growing before the next one"


@pytest.fixture(scope="module")
def bank():
    return load_bank(1, GOOD)


# --------------------------------------------------------------------------- scoring


def _report(given: dict, *, token: str = TOKEN, other=(), **extra) -> dict:
    report = {"status": "ok", "detail": "", "errors": [], "timeouts": [], "output_bytes": 0,
              "answers": {"token": token, "answers": given, "other_ids": list(other)}}
    report.update(extra)
    return report


def _score(bank, answers: dict, **kwargs) -> dict[str, dict]:
    rows, _ = score_report(bank, "ana", _report(answers, **kwargs), TOKEN, KEY)
    return {row["exercise_id"]: row for row in rows}


def _given(value, calls: int = 1) -> dict:
    return {"source": "check", "calls": calls, "value": value}


def _results(*values) -> dict:
    return {"source": "check", "calls": 1,
            "results": [{"status": "ok", "value": v, "error": ""} for v in values]}


def test_every_exercise_gets_a_row_even_if_nothing_was_answered(bank):
    """An empty report: seven exercise rows, each 0 points 'not attempted', plus the
    notebook row (empty exercise_id) with the key's fingerprint."""
    rows = _score(bank, {})
    assert list(rows) == [f"l1.e{n}" for n in range(1, 8)] + [""]
    for ex_id in rows:
        if ex_id:
            assert (rows[ex_id]["correct"], rows[ex_id]["points_awarded"]) == (False, 0.0)
            assert rows[ex_id]["detail"].startswith("not attempted")
    assert rows[""]["detail"].endswith("answer key ffffffffffff")


def test_right_answers_get_the_banks_points_and_wrong_ones_zero(bank):
    """Right on e1 (3), e2 (0.759, within 0.01), e3 ('The instigator'), e4 ({2, 0}), e5 and
    e6 (all public and hidden results right): the bank's points 2, 1, 1, 1, 3, 1."""
    rows = _score(bank, {
        "l1.e1": _given(3), "l1.e2": _given(0.759), "l1.e3": _given("The instigator"),
        "l1.e4": _given([2, 0]), "l1.e5": _results(3, 0, 4, 1, 6), "l1.e6": _results(3, 1),
    })
    assert [rows[f"l1.e{n}"]["points_awarded"] for n in range(1, 7)] == [2, 1, 1, 1, 3, 1]
    assert all(rows[f"l1.e{n}"]["correct"] is True for n in range(1, 7))
    wrong = _score(bank, {"l1.e1": _given(4), "l1.e2": _given(0.77), "l1.e4": _given([0])})
    assert [wrong[i]["points_awarded"] for i in ("l1.e1", "l1.e2", "l1.e4")] == [0, 0, 0]
    assert wrong["l1.e1"]["detail"] == "4 is not the expected value."


def test_points_and_verdicts_in_the_report_are_ignored(bank):
    """A report claiming correct=True and 1e9 points for a wrong answer scores 0; a report
    with another token (not the grader's cell) scores nothing at all."""
    forged = {"source": "check", "calls": 1, "value": 99, "correct": True,
              "points_awarded": 1e9}
    rows = _score(bank, {"l1.e1": forged, "l1.e7": {**forged, "value": ESSAY}})
    assert (rows["l1.e1"]["correct"], rows["l1.e1"]["points_awarded"]) == (False, 0.0)
    assert rows["l1.e7"]["points_awarded"] is None
    stranger = _score(bank, {"l1.e1": _given(3)}, token="another")
    assert stranger["l1.e1"]["points_awarded"] == 0.0
    assert "no answer collected" in stranger["l1.e1"]["detail"]
    assert "did not report its answers" in stranger[""]["detail"]


def test_function_passing_only_the_public_cases_is_wrong(bank):
    """count_joiners right on the 3 public cases but wrong on hidden case 2 (5 for 6): 0/3,
    the detail names the hidden case and what it returned (never the expected value)."""
    rows = _score(bank, {"l1.e5": _results(3, 0, 4, 1, 5)})
    assert (rows["l1.e5"]["correct"], rows["l1.e5"]["points_awarded"]) == (False, 0.0)
    assert rows["l1.e5"]["detail"] == "hidden case 2: returned 5"
    short = _score(bank, {"l1.e5": _results(3, 0, 4)})
    assert short["l1.e5"]["detail"] == "the function's results were not reported"
    errors = _score(bank, {"l1.e5": {"source": "check", "calls": 1, "results": [
        {"status": "timeout", "value": None, "error": ""}] * 5}})
    assert errors["l1.e5"]["detail"] == "case 1: did not finish within 1 s"


def test_free_response_is_exported_never_credited(bank):
    """A free response is pending (correct and points empty) whatever the report says, and
    goes to the free-response rows with its rubric and word count."""
    rows, free = score_report(bank, "ana", _report({"l1.e7": _given(ESSAY)}), TOKEN, KEY)
    row = next(r for r in rows if r["exercise_id"] == "l1.e7")
    assert (row["correct"], row["points_awarded"], row["points_possible"]) == (None, None, 4.0)
    assert free == [{"student": "ana", "exercise_id": "l1.e7", "points_possible": 4.0,
                     "words": 15, "rubric": "names the missing threshold | explains the chain "
                     "reaction", "response": ESSAY, "points_awarded": None, "comment": ""}]


def test_other_lessons_are_reported_not_scored(bank):
    """check('l2.e1', 4) in a lesson-1 notebook adds no row; the notebook row names it."""
    rows = _score(bank, {}, other=["l2.e1", "l7.e3", "not an id"])
    assert set(rows) == {f"l1.e{n}" for n in range(1, 8)} | {""}
    assert "other lessons: l2.e1, l7.e3" in rows[""]["detail"]


@pytest.mark.parametrize("value, fragment", [
    ({"unsupported": "nan"}, "not an answer: nan"),
    ({"unsupported": "a huge integer"}, "not an answer"),
    ("three", "expected a number"),
    ([3], "expected a single number"),
    (None, "expected a number, got None"),
])
def test_odd_values_are_wrong_answers_not_errors(bank, value, fragment):
    """Whatever the kernel reports for a numeric answer, it is scored 0 with a reason."""
    row = _score(bank, {"l1.e1": _given(value)})["l1.e1"]
    assert row["points_awarded"] == 0.0 and fragment in row["detail"]


def test_notebook_status_comes_from_the_run(bank):
    """A cell timeout makes the status 'timeout', a cell error 'error' (the interrupt of a
    timed-out cell is not an error), a stopped run 'killed'; every row carries it."""
    def status(**extra):
        rows, _ = score_report(bank, "ana", _report({}, **extra), TOKEN, KEY)
        assert len({r["status"] for r in rows}) == 1
        return rows[0]["status"]

    assert status() == "ok"
    assert status(timeouts=[2], errors=[{"cell": 2, "ename": "KeyboardInterrupt"}]) == "timeout"
    assert status(errors=[{"cell": 1, "ename": "ValueError", "evalue": "x"}]) == "error"
    assert status(status="killed", answers=None) == "killed"
    assert status(status="bogus") == "killed"


# --------------------------------------------------------------------------- CSV, paths, marks


def test_formula_prefixes_are_neutralized():
    """=, +, -, @, tab and carriage return at the start get a leading quote; once only."""
    for text in ("=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1"):
        assert neutralize(text) == "'" + text
        assert neutralize(neutralize(text)) == "'" + text
    assert neutralize("ana") == "ana"


@pytest.mark.parametrize("make_target, fragment", [
    (lambda tmp: tmp / "folder", "exists and is not a file"),
    (lambda tmp: Path("/proc/sanclab-nope/grades.csv"), "cannot be written"),
    (lambda tmp: tmp / "sub.ipynb", "would overwrite"),
    (lambda tmp: tmp / "key" / "grades.csv", "would overwrite or sit in"),
])
def test_bad_output_is_refused_before_anything_runs(tmp_path, make_target, fragment):
    """An output that is a folder, cannot be created, is a submission or sits in the key's
    folder: ValueError naming the path, raised before any notebook runs."""
    (tmp_path / "folder").mkdir()
    (tmp_path / "key").mkdir()
    for source in GOOD.glob("*.yaml"):
        shutil.copy(source, tmp_path / "key" / source.name)
    sub = tmp_path / "sub.ipynb"
    nbformat.write(nbformat.v4.new_notebook(), sub)
    target = make_target(tmp_path)
    started = time.monotonic()
    with pytest.raises(ValueError, match=fragment) as info:
        grade_submissions([sub], target, lesson=1, exercises_dir=tmp_path / "key")
    assert str(target) in str(info.value)
    assert time.monotonic() - started < 30
    with pytest.raises(ValueError, match=fragment):
        _check_output(target, [sub, tmp_path / "key"])


def test_resume_refuses_a_table_made_with_another_key(tmp_path):
    """A grades file whose notebook rows carry another key's fingerprint is refused."""
    rows = [{"student": "ana", "exercise_id": "", "correct": "", "points_awarded": "",
             "points_possible": "", "status": "ok", "detail": "answer key 0123456789ab"}]
    with pytest.raises(ValueError, match="another answer key"):
        _completed(rows, KEY, tmp_path / "g.csv")
    assert _completed(rows, "0123456789ab" + "0" * 52, tmp_path / "g.csv") == {"ana"}


def test_merge_marks_fills_free_responses(tmp_path):
    """Marks 3 of 4 for ana's l1.e7 are merged with the comment; a mark over the maximum or
    not a number is refused, naming student, exercise and value; nothing is written then."""
    grades, marks, final = tmp_path / "g.csv", tmp_path / "m.csv", tmp_path / "final.csv"
    with open(grades, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerow({"student": "ana", "exercise_id": "l1.e7", "correct": "",
                         "points_awarded": "", "points_possible": "4", "status": "ok",
                         "detail": "free response"})
        writer.writerow({"student": "ana", "exercise_id": "l1.e1", "correct": "True",
                         "points_awarded": "2", "points_possible": "2", "status": "ok",
                         "detail": ""})

    def write_marks(points: str) -> None:
        with open(marks, "w", newline="") as handle:
            writer = csv.DictWriter(handle, fieldnames=FREE_COLUMNS)
            writer.writeheader()
            writer.writerow({"student": "ana", "exercise_id": "l1.e7", "points_possible": "4",
                             "words": "15", "rubric": "r", "response": "text",
                             "points_awarded": points, "comment": "=clear"})

    write_marks("3")
    merged = merge_marks(grades, marks, final)
    assert merged[0]["points_awarded"] == 3.0 and merged[1]["points_awarded"] == 2.0
    assert merged[0]["detail"] == "marked by hand; =clear"
    assert "'marked by hand" not in final.read_text() and "; =clear" in final.read_text()
    final.unlink()
    for bad in ("5", "-1", "lots"):
        write_marks(bad)
        with pytest.raises(ValueError, match=rf"'ana' l1.e7: points_awarded .* got '{bad}'"):
            merge_marks(grades, marks, final)
        assert not final.exists()


def test_bad_arguments_fail_before_running_anything(tmp_path):
    """Missing file, duplicate student names, bad timeout, jobs, limits, isolation, an
    unknown lesson and a lesson that cannot be inferred: ValueErrors, no output written."""
    a, b = tmp_path / "a" / "sam.ipynb", tmp_path / "b" / "sam.ipynb"
    for path in (a, b):
        path.parent.mkdir()
        nbformat.write(nbformat.v4.new_notebook(), path)
    out = tmp_path / "grades.csv"
    with pytest.raises(ValueError, match="paths must be existing .ipynb files"):
        grade_submissions([tmp_path / "nope.ipynb"], out, exercises_dir=GOOD)
    with pytest.raises(ValueError, match="share the student name 'sam'"):
        grade_submissions([a, b], out, exercises_dir=GOOD)
    with pytest.raises(ValueError, match=r"cell_timeout must be a number of seconds in \(0, inf"):
        grade_submissions([a], out, timeout=0, exercises_dir=GOOD)
    with pytest.raises(ValueError, match=r"jobs must be an integer in \[1, inf\)"):
        grade_submissions([a], out, jobs=0, exercises_dir=GOOD)
    with pytest.raises(ValueError, match="memory_mb must be an integer"):
        GradingLimits(memory_mb=0.5)
    with pytest.raises(ValueError, match="isolation must be one of"):
        grade_submissions([a], out, lesson=1, isolation="chroot", exercises_dir=GOOD)
    with pytest.raises(ValueError, match="lesson 9 has no bank"):
        grade_submissions([a], out, lesson=9, exercises_dir=GOOD)
    with pytest.raises(ValueError, match="lesson could not be inferred"):
        grade_submissions([a], out, exercises_dir=GOOD)
    assert not out.exists()


# --------------------------------------------------------------------------- the attack run

ISOLATION = isolation_available()
needs_isolation = pytest.mark.skipif(
    ISOLATION is not None, reason=f"no isolation here ({ISOLATION}); attacks would run free")


def _notebook(folder: Path, name: str, *codes: str, cells: bool = True) -> Path:
    nb_cells = [nbformat.v4.new_code_cell("from sanclab.exercises import check")] if cells else []
    if cells:
        nb_cells += [exercise_cell(ex) for ex in load_bank(1, GOOD)]
    nb_cells += [nbformat.v4.new_code_cell(code) for code in codes]
    path = folder / f"{name}.ipynb"
    nbformat.write(nbformat.v4.new_notebook(cells=nb_cells), path)
    return path


HONEST = [
    "answer_e1 = 3\ncheck('l1.e1', answer_e1)",
    "answer_e2 = 0.75\ncheck('l1.e2', answer_e2)",
    "answer_e3 = 1\ncheck('l1.e3', answer_e3)",
    "answer_e4 = [0, 2]\ncheck('l1.e4', answer_e4)",
    COUNT_JOINERS + "check('l1.e5', count_joiners)",
    NUMERATOR + "check('l1.e6', numerator)",
    f"answer_e7 = {ESSAY!r}\ncheck('l1.e7', answer_e7)",
]
FULL = {"l1.e1": 2.0, "l1.e2": 1.0, "l1.e3": 1.0, "l1.e4": 1.0, "l1.e5": 3.0, "l1.e6": 1.0,
        "l1.e7": None}
NOTHING = {f"l1.e{n}": 0.0 for n in range(1, 8)}
ONLY_E1 = {**NOTHING, "l1.e1": 2.0}


def _attacks(key_dir: Path, honest: Path, out: Path) -> dict[str, tuple[list[str], dict]]:
    """name -> (cells, expected points per exercise); None = free response pending."""
    key_file = key_dir / "l1_demo.yaml"
    fake_bank = ("lesson: 1\nexercises:\n- {id: l1.e1, title: T, kind: numeric, points: 1000,"
                 " prompt: P, answer: {value: 42}}\n")
    return {
        "brute_force": ([
            "for v in range(6):\n    check('l1.e1', v)",
            "for v in range(100):\n    check('l1.e2', v / 100)",
            "answer_e3 = next((v for v in range(3) if check('l1.e3', v).correct), None)",
            "import itertools\nfor r in range(4):\n"
            "    for s in itertools.combinations(range(3), r):\n        check('l1.e4', list(s))",
            "def count_joiners(t):  # the public cases by heart\n"
            "    known = {(0, 0.2, 0.4, 0.9): 3, (0.1, 0.2): 0, (0, 0, 0.5, 0.75): 4}\n"
            "    return known.get(tuple(t))\n"
            "print(check('l1.e5', count_joiners))",
        ], NOTHING),
        "forged_log": ([
            "import json, os\nrecord = json.dumps({'exercise_id': 'l1.e1', 'correct': True,"
            " 'points_awarded': 1e9, 'points_possible': 2})\n"
            "for path in (os.environ.get('SANCLAB_GRADE_LOG') or 'grade_log.jsonl',"
            " '/tmp/grade_log.jsonl'):\n    open(path, 'a').write(record + '\\n')",
        ], NOTHING),
        "patched_checker": ([
            "import sys\nm = sys.modules['sanclab.exercises.check']\n"
            "m._CHECKERS = {k: (lambda ex, a: m._Verdict(True, 'ok')) for k in m._CHECKERS}\n"
            "print(check('l1.e1', 99), check('l1.e7', 'x'))",
            "def forged(spec, namespace):\n"
            "    import base64, json\n"
            "    job = json.loads(base64.b64decode(spec))\n"
            "    answers = {i['id']: {'source': 'check', 'calls': 1, 'value': 12345,"
            " 'correct': True, 'points_awarded': 1e9} for i in job['exercises']}\n"
            "    answers['l1.e5'] = {'source': 'check', 'calls': 1, 'results':"
            " [{'status': 'ok', 'value': 3, 'error': ''}] * 5}\n"
            "    answers['l1.e7'] = {'source': 'check', 'calls': 1, 'value': 'x'}\n"
            "    report = {'token': job['token'], 'answers': answers, 'other_ids': []}\n"
            "    return base64.b64encode(json.dumps(report).encode()).decode()\n"
            "m._report_answers = forged",
        ], {**NOTHING, "l1.e7": None}),
        "redirected_bank": ([
            "import os, pathlib\nd = pathlib.Path('mybank')\nd.mkdir()\n"
            f"(d / 'l1_fake.yaml').write_text({fake_bank!r})\n"
            "os.environ['SANCLAB_EXERCISES'] = str(d.resolve())\nprint(check('l1.e1', 42))",
        ], NOTHING),
        "kill_grader": ([  # every process it can name but itself (its threads included)
            "import os, signal\nmine = {int(t) for t in os.listdir('/proc/self/task')}\n"
            "for pid in [os.getppid(), 1, -1, *range(2, 300)]:\n"
            "    if pid not in mine:\n        try:\n            os.kill(pid, signal.SIGKILL)\n"
            "        except OSError:\n            pass",
            "answer_e1 = 3",
        ], ONLY_E1),
        "sabotage_other": ([
            "import os, shutil\n"
            f"for target in [{str(honest)!r}, {str(out)!r}, {str(honest.parent)!r}]:\n"
            "    for act in (lambda: open(target, 'w').write('{}'), lambda: os.remove(target),"
            " lambda: shutil.rmtree(target)):\n        try:\n            act()\n"
            "        except Exception as exc:\n            print(type(exc).__name__)",
            f"try:\n    stolen = open({str(honest)!r}).read()\n    answer_e1 = 3\n"
            "except OSError:\n    answer_e1 = None\ncheck('l1.e1', answer_e1)",
        ], NOTHING),
        "sabotage_key": ([
            "import os, shutil\n"
            f"for act in (lambda: open({str(key_file)!r}, 'a').write('# edited'),"
            f" lambda: os.remove({str(key_file)!r}), lambda: shutil.rmtree({str(key_dir)!r})):\n"
            "    try:\n        act()\n    except Exception as exc:\n"
            "        print(type(exc).__name__)",
            "import yaml\n"
            f"try:\n    answer_e1 = yaml.safe_load(open({str(key_file)!r}))['exercises'][0]"
            "['answer']['value']\nexcept OSError:\n    answer_e1 = None\n"
            "check('l1.e1', answer_e1)",
        ], NOTHING),
        "detached": ([
            "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
            "        time.sleep(3)\n"
            f"        for target in ({str(out)!r}, {str(honest)!r}, {str(key_file)!r}):\n"
            "            try:\n                open(target, 'a').write('=HACKED')\n"
            "            except OSError:\n                pass\n"
            "        time.sleep(600)\n    os._exit(0)",
            "answer_e1 = 3",
        ], ONLY_E1),
        "deleted_cells": (["answer_e3 = 1"], {**NOTHING, "l1.e3": 1.0}),
        "other_lessons": ([
            "check('l2.e1', 4)\ncheck('l7.e3', 1)\nanswer_e9 = 5",
            "answer_e1 = 3\ncheck('l1.e1', answer_e1)",
        ], ONLY_E1),
        "huge_output": ([  # 280 MB of output, one message over the worker's 64 MB limit
            "answer_e1 = 3\ncheck('l1.e1', answer_e1)",
            "try:\n    block = bytearray(16 * 2**30)\nexcept MemoryError:\n    print('no memory')",
            "try:\n    open('big.bin', 'wb').write(b'0' * 100 * 2**20)\n"
            "except OSError as exc:\n    print(exc)",
            "import sys\nfor _ in range(4):\n    sys.stdout.write('x' * 50_000_000)\n"
            "    sys.stdout.flush()",
            "print('y' * 80_000_000)",
        ], ONLY_E1),
        "infinite_loop": ([
            "answer_e1 = 3\ncheck('l1.e1', answer_e1)",
            "while True:\n    pass",
            "answer_e2 = 0.75\ncheck('l1.e2', answer_e2)",
        ], {**ONLY_E1, "l1.e2": 1.0}),
        "stubborn_loop": ([
            "answer_e1 = 3",
            "import signal\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    pass",
        ], NOTHING),
        '=HYPERLINK("evil.example","x")': ([
            "answer_e1 = 3\ncheck('l1.e1', answer_e1)",
            "raise ValueError('=1+1')",
            "check('l1.e7', '=SUM(A1:A9) ' + 'word ' * 12)",
        ], {**ONLY_E1, "l1.e7": None}),
    }


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One grading run (jobs=2) of two honest notebooks and one notebook per attack."""
    if ISOLATION is not None:
        pytest.skip(f"no isolation here ({ISOLATION}); attacks would run free")
    root = tmp_path_factory.mktemp("grading")
    key_dir, subs, out_dir = root / "key", root / "submissions", root / "out"
    for folder in (key_dir, subs, out_dir):
        folder.mkdir()
    for source in GOOD.glob("*.yaml"):
        shutil.copy(source, key_dir / source.name)
    out = out_dir / "grades.csv"
    honest = _notebook(subs, "ana_honest", *HONEST)
    attacks = _attacks(key_dir, honest, out)
    paths = [honest]
    expected = {"ana_honest": FULL}
    for name, (codes, points) in attacks.items():
        paths.append(_notebook(subs, name, *codes, cells=name != "deleted_cells"))
        expected[neutralize(name)] = points
    direct = ["check('l1.e1', 3)", "check('l1.e2', 0.75)", "check('l1.e3', 'The instigator')",
              "check('l1.e4', {0, 2})", COUNT_JOINERS + "check('l1.e5', count_joiners)",
              NUMERATOR + "check('l1.e6', numerator)", f"check('l1.e7', {ESSAY!r})"]
    paths.append(_notebook(subs, "zoe_honest", *direct))
    expected["zoe_honest"] = FULL
    before = {p: hashlib.sha256(p.read_bytes()).hexdigest() for p in paths}
    key_before = key_fingerprint(key_dir)
    limits = GradingLimits(cell_timeout=5, notebook_timeout=15)
    started = time.monotonic()
    table = grade_submissions(paths, out, lesson=1, exercises_dir=key_dir, jobs=2,
                              limits=limits)
    return {"table": table, "out": out, "paths": paths, "expected": expected, "before": before,
            "key_dir": key_dir, "key_before": key_before, "limits": limits,
            "seconds": time.monotonic() - started, "csv": out.read_bytes(),
            "free_csv": (out_dir / "grades_free_responses.csv").read_bytes()}


def _rows(graded, student: str) -> dict[str, dict]:
    table = graded["table"]
    return {r["exercise_id"]: r for r in table[table.student == student].to_dict("records")}


@needs_isolation
@pytest.mark.slow
def test_each_submission_gets_exactly_the_points_it_deserves(graded):
    """Every student has the seven exercise rows plus the notebook row, and the points are
    the expected ones: full marks for both honest students, nothing forged for any attack
    (brute force, forged log, patched checker and report, redirected bank, sabotage), and
    the honest answers of the attackers that gave some (after killing, detaching, printing
    400 MB, looping) still count."""
    for student, points in graded["expected"].items():
        rows = _rows(graded, student)
        assert list(rows) == [*points, ""], student
        got = {ex_id: (None if rows[ex_id]["points_awarded"] != rows[ex_id]["points_awarded"]
                       else rows[ex_id]["points_awarded"]) for ex_id in points}
        assert got == points, (student, {k: rows[k]["detail"] for k in points})
        for ex_id, value in points.items():
            assert rows[ex_id]["correct"] is (None if value is None else value > 0), (student,
                                                                                     ex_id)


@needs_isolation
@pytest.mark.slow
def test_statuses_and_notebook_details(graded):
    """ok for the honest ones; timeout for the infinite loop (interrupted, later cells ran);
    killed for the loop that ignores interrupts (no answer collected); error for a cell that
    raised; the huge output is reported, not kept; other lessons' ids are named."""
    status = {s: _rows(graded, s)[""]["status"] for s in graded["expected"]}
    assert status["ana_honest"] == status["zoe_honest"] == "ok"
    assert status["infinite_loop"] == "timeout"
    assert status["stubborn_loop"] == "killed"
    assert status[neutralize('=HYPERLINK("evil.example","x")')] == "error"
    assert "no answer collected" in _rows(graded, "stubborn_loop")["l1.e1"]["detail"]
    assert "MB of output (not kept)" in _rows(graded, "huge_output")[""]["detail"]
    assert "other lessons: l2.e1, l7.e3" in _rows(graded, "other_lessons")[""]["detail"]
    assert "hidden case" in _rows(graded, "brute_force")["l1.e5"]["detail"]
    assert "last of 6 check calls" in _rows(graded, "brute_force")["l1.e1"]["detail"]


@needs_isolation
@pytest.mark.slow
def test_nothing_outside_the_jail_was_touched(graded):
    """The answer key, every submission and the CSV are as the grader left them, also after
    the detached process's delay; no process of the sandbox users is left anywhere."""
    time.sleep(max(0.0, 4 - graded["seconds"]))
    assert key_fingerprint(graded["key_dir"]) == graded["key_before"]
    for path, digest in graded["before"].items():
        assert hashlib.sha256(path.read_bytes()).hexdigest() == digest, path.name
    assert graded["out"].read_bytes() == graded["csv"]
    assert b"HACKED" not in graded["csv"]
    leftovers = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            uid = int(next(line for line in status.read_text().splitlines()
                           if line.startswith("Uid:")).split()[1])
        except (OSError, StopIteration, ValueError):
            continue
        if uid >= SANDBOX_UID_BASE:
            leftovers.append(status.parent.name)
    assert leftovers == []


@needs_isolation
@pytest.mark.slow
def test_no_csv_cell_is_a_formula(graded):
    """The formula file name and the formula-like texts are neutralized in both CSVs."""
    for data in (graded["csv"], graded["free_csv"]):
        for row in csv.reader(data.decode().splitlines()):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@")), cell
    assert "'=HYPERLINK" in graded["csv"].decode()
    assert "'=SUM(A1:A9)" in graded["free_csv"].decode()


@needs_isolation
@pytest.mark.slow
def test_free_responses_are_exported_for_marking(graded):
    """ana's and zoe's essays (and the neutralized one) are in the export, unmarked."""
    rows = list(csv.DictReader(graded["free_csv"].decode().splitlines()))
    assert [(r["student"], r["exercise_id"]) for r in rows] == [
        ("ana_honest", "l1.e7"), ("patched_checker", "l1.e7"),
        (neutralize('=HYPERLINK("evil.example","x")'), "l1.e7"), ("zoe_honest", "l1.e7")]
    assert rows[0]["response"] == ESSAY and rows[0]["points_awarded"] == ""


@needs_isolation
@pytest.mark.slow
def test_rerun_and_interrupted_run_give_the_same_csv(graded, tmp_path):
    """Running again grades nobody and leaves the CSV byte for byte; a copy cut in the
    middle of the last student's rows (as if the grader was killed) is completed by a
    re-run into the same bytes."""
    again = grade_submissions(graded["paths"], graded["out"], lesson=1,
                              exercises_dir=graded["key_dir"], limits=graded["limits"])
    assert graded["out"].read_bytes() == graded["csv"]
    assert len(again) == len(graded["table"])
    cut = tmp_path / "grades.csv"
    lines = graded["csv"].decode().splitlines(keepends=True)
    keep = [line for line in lines if not line.startswith("zoe_honest")]
    cut.write_text("".join(keep) + "zoe_honest,l1.e1,True,2,2,o")
    free = tmp_path / "grades_free_responses.csv"
    free.write_bytes(graded["free_csv"])
    grade_submissions(graded["paths"], cut, lesson=1, exercises_dir=graded["key_dir"],
                      limits=graded["limits"])
    assert cut.read_bytes() == graded["csv"]
    assert free.read_bytes() == graded["free_csv"]


@needs_isolation
@pytest.mark.slow
def test_user_namespace_isolation(tmp_path):
    """The same guarantees through a user namespace (how a non-root instructor grades): the
    honest notebook gets full marks, the key saboteur nothing, the key is unchanged."""
    reason = isolation_available("user-namespaces")
    if reason is not None:
        pytest.skip(f"user namespaces unavailable: {reason}")
    key_dir = tmp_path / "key"
    key_dir.mkdir()
    for source in GOOD.glob("*.yaml"):
        shutil.copy(source, key_dir / source.name)
    out = tmp_path / "out" / "grades.csv"
    honest = _notebook(tmp_path, "ana", *HONEST)
    codes, _ = _attacks(key_dir, honest, out)["sabotage_key"]
    saboteur = _notebook(tmp_path, "sam", *codes)
    before = key_fingerprint(key_dir)
    table = grade_submissions([honest, saboteur], out, lesson=1, exercises_dir=key_dir,
                              jobs=2, isolation="user-namespaces")
    points = table[table.exercise_id != ""].groupby("student").points_awarded.sum()
    assert points.to_dict() == {"ana": 9.0, "sam": 0.0}
    assert key_fingerprint(key_dir) == before


@needs_isolation
@pytest.mark.slow
def test_cli_grade_and_merge(tmp_path):
    """`sanclab grade` with --lesson and --jobs writes the CSV, shows progress and the
    throughput on stderr; a bad --output fails at once naming the file; `sanclab merge-marks`
    fills the free response."""
    key_dir = tmp_path / "key"
    key_dir.mkdir()
    for source in GOOD.glob("*.yaml"):
        shutil.copy(source, key_dir / source.name)
    sub = _notebook(tmp_path, "ana", *HONEST)
    env = {**os.environ, "SANCLAB_EXERCISES": str(key_dir)}
    out = tmp_path / "grades.csv"

    def run(*args):
        return subprocess.run([sys.executable, "-m", "sanclab", *args], capture_output=True,
                              text=True, env=env, timeout=600)

    result = run("grade", str(sub), "--lesson", "1", "--jobs", "2", "--output", str(out))
    assert result.returncode == 0, result.stderr
    assert "graded 1 notebook(s)" in result.stderr and "grading [" in result.stderr
    assert "ana: 9/13 points (4 to mark by hand), ok" in result.stdout
    bad = run("grade", str(sub), "--lesson", "1", "--output", "/proc/sanclab-nope/g.csv")
    assert bad.returncode == 2 and "/proc/sanclab-nope/g.csv" in bad.stderr
    assert "Traceback" not in bad.stderr
    marks = tmp_path / "grades_free_responses.csv"
    rows = list(csv.DictReader(marks.open()))
    rows[0]["points_awarded"] = "4"
    with open(marks, "w", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=FREE_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    final = tmp_path / "final.csv"
    merged = run("merge-marks", str(out), str(marks), "--output", str(final))
    assert merged.returncode == 0, merged.stderr
    assert "ana,l1.e7,,4,4,ok,marked by hand" in final.read_text()


def _answer_cells(nb) -> dict[str, int]:
    """Exercise id -> index of the code cell right after its exercise cell."""
    found, current = {}, None
    for index, cell in enumerate(nb.cells):
        stamp = cell.metadata.get("sanclab", {})
        if cell.cell_type == "markdown" and isinstance(stamp, dict) and "exercise" in stamp:
            current = stamp["exercise"]
        elif cell.cell_type == "code" and current is not None:
            found[current], current = index, None
    return found


@needs_isolation
@pytest.mark.slow
def test_the_lesson_notebook_is_graded_from_its_answer_cells(tmp_path):
    """Lesson 1 as released, with each answer cell filled in from the bank (numbers and
    options, the solution's function, the solution's text), earns every automatic point
    and leaves the free response to mark; left blank (answer_eN = None), it earns nothing.
    Both run in the jail: the lesson's imports, readings, figures and dashboard work there."""
    import re

    from sanclab.exercises import exercises_dir, load_bank_file

    notebook = next((REPO / "notebooks").glob("01_*.ipynb"))
    key_dir = tmp_path / "key"
    key_dir.mkdir()
    for source in exercises_dir().glob("l*.yaml"):
        shutil.copy(source, key_dir / source.name)
    bank = load_bank_file(next(key_dir.glob("l1_*.yaml")))
    nb = nbformat.read(notebook, as_version=4)
    cells = _answer_cells(nb)
    assert set(cells) == set(bank.ids)
    for ex in bank:
        n = ex.id.split(".e")[1]
        if ex.kind == "numeric":
            source = f"answer_e{n} = {ex.answer['value']!r}"
        elif ex.kind == "choice":
            source = f"answer_e{n} = {ex.answer['correct']!r}"
        elif ex.kind == "function":
            source = re.search(r"```python\n(.*?)```", ex.solution, re.S).group(1)
        else:
            source = f"answer_e{n} = {ex.solution!r}"
        variable = ex.answer["name"] if ex.kind == "function" else f"answer_e{n}"
        nb.cells[cells[ex.id]].source = f'{source}\ncheck("{ex.id}", {variable})'
    filled = tmp_path / "submissions" / "filled.ipynb"
    filled.parent.mkdir()
    nbformat.write(nb, filled)
    blank = filled.parent / "blank.ipynb"
    shutil.copy(notebook, blank)
    table = grade_submissions([filled, blank], tmp_path / "grades.csv", lesson=1,
                              exercises_dir=key_dir, jobs=2,
                              limits=GradingLimits(cell_timeout=120, notebook_timeout=400))
    rows = {(r["student"], r["exercise_id"]): r for r in table.to_dict("records")}
    for ex in bank:
        got = rows[("filled", ex.id)]
        if ex.kind == "free":
            assert got["correct"] is None and got["points_awarded"] != got["points_awarded"]
        else:
            assert (got["correct"], got["points_awarded"]) == (True, ex.points), (
                ex.id, got["detail"])
            assert rows[("blank", ex.id)]["points_awarded"] == 0.0
    assert rows[("filled", "")]["status"] == rows[("blank", "")]["status"] == "ok", (
        rows[("filled", "")]["detail"], rows[("blank", "")]["detail"])
