"""Groups 6 and 7: the student-facing checker's latency and the grader's throughput."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .common import Section, Table, median, seconds, verdict

#: Goal for grading small submissions with ``--jobs 2``: notebooks per minute (5 s each).
GRADING_GOAL = 12.0
#: The lesson whose exercises are checked and graded.
LESSON = 1


# --------------------------------------------------------------------------- check()
def answers(ex: Any) -> tuple[Any, Any, str]:
    """A correct and a wrong answer to an exercise of an instructor's bank, and what the
    wrong one is. Function exercises get a function returning each public case's expected
    value (correct) or ``-1`` (wrong); a free response a text of the right length
    (recorded) or one too short (refused before any marking)."""
    spec = ex.answer
    if ex.kind == "numeric":
        return spec["value"], spec["value"] + 1 + 10 * spec.get("tolerance", 0), "value + 1"
    if ex.kind == "choice":
        correct = spec["correct"]
        if isinstance(correct, int):
            return correct, (correct + 1) % len(ex.options), "another option"
        others = [i for i in range(len(ex.options)) if i not in correct]
        return list(correct), others[:1] or list(correct)[:-1], "another selection"
    if ex.kind == "function":
        from sanclab.exercises import expected_cases

        table = {repr((args, kwargs)): expected for args, kwargs, expected in expected_cases(ex)}

        def right(*args: Any, **kwargs: Any) -> Any:
            return table[repr((list(args), kwargs))]

        def wrong(*args: Any, **kwargs: Any) -> Any:
            return -1

        return right, wrong, "returns -1"
    if ex.kind == "free":
        words = max(spec.get("min_words", 1), 1) + 5
        return " ".join(["sanctions"] * words), "too short", "too short"
    raise ValueError(f"unknown exercise kind {ex.kind!r}")


def _check_times(exercise_id: str, answer: Any, repeat: int) -> tuple[list[float], Any]:
    from sanclab.exercises import check, reset_hints

    times, feedback = [], None
    for _ in range(repeat):
        reset_hints(exercise_id)
        start = time.perf_counter()
        feedback = check(exercise_id, answer)
        feedback._repr_html_()
        times.append(time.perf_counter() - start)
    return times, feedback


def _first_check_seconds() -> float:
    """``from sanclab.exercises import check; check(...)`` in a fresh interpreter: the
    import, the banks' loading and the first verdict."""
    code = ("import time; t = time.perf_counter()\n"
            "from sanclab.exercises import check\n"
            f"check('l{LESSON}.e1', 0)._repr_html_()\n"
            "print(time.perf_counter() - t)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    return float(out.strip().splitlines()[-1])


def run_check(opts: Any, summary: dict) -> Section:
    from sanclab.exercises import check, load_bank, reset_hints

    bank = load_bank(LESSON)
    repeat = max(opts.repeat, 3)
    section = Section(6, "`check()` latency", (
        f"What a student waits for after `check(\"l{LESSON}.eN\", answer)` in a lesson "
        f"notebook: the call and its HTML feedback, for every exercise of lesson {LESSON}, "
        f"with a correct and a wrong answer, {repeat} calls each (hints reset before each "
        "call), after one warm-up call (banks loaded). Function exercises run each public "
        "case in a forked process."))
    table = Table(["exercise", "kind", "correct answer", "verdict given", "wrong answer",
                   "verdict given"])
    correct_medians, wrong_medians = [], []
    check(bank.exercises[0].id, None)  # banks loaded once
    for ex in bank:
        right, wrong, what = answers(ex)
        t_right, fb_right = _check_times(ex.id, right, repeat)
        t_wrong, fb_wrong = _check_times(ex.id, wrong, repeat)
        reset_hints(ex.id)
        correct_medians.append(median(t_right))
        wrong_medians.append(median(t_wrong))
        table.add(ex.id, ex.kind, seconds(median(t_right)), fb_right.label,
                  f"{seconds(median(t_wrong))} ({what})", fb_wrong.label)
    overall = Table(["measure", "value", "goal", "verdict"])
    overall.add("median over the exercises, correct answers", seconds(median(correct_medians)),
                "—", verdict(None, None))
    overall.add("median over the exercises, wrong answers", seconds(median(wrong_medians)),
                "—", verdict(None, None))
    first = [_first_check_seconds() for _ in range(min(repeat, 3))]
    overall.add("first `check` in a fresh interpreter (import + banks + verdict), median",
                seconds(median(first)), "—", verdict(None, None))
    summary["check_median"] = median(correct_medians + wrong_medians)
    section.tables += [overall, table]
    return section


# --------------------------------------------------------------------------- grading
def small_submissions(folder: Path, count: int) -> list[Path]:
    """``count`` small submissions: the checker imported, one answer to l1.e1 (0, 1, ...)."""
    import nbformat

    paths = []
    for k in range(count):
        cells = [nbformat.v4.new_code_cell("from sanclab.exercises import check"),
                 nbformat.v4.new_code_cell(f"answer_e1 = {k}\ncheck('l{LESSON}.e1', answer_e1)")]
        path = folder / f"student{k}.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
        paths.append(path)
    return paths


def grading_seconds(paths: list[Path], jobs: int, isolation: str) -> float:
    from sanclab.exercises import GradingLimits, grade_submissions

    with tempfile.TemporaryDirectory() as out:
        start = time.perf_counter()
        grade_submissions(paths, Path(out) / "grades.csv", lesson=LESSON, jobs=jobs,
                          limits=GradingLimits(cell_timeout=60), isolation=isolation)
        return time.perf_counter() - start


def run_grading(opts: Any, summary: dict) -> Section:
    from sanclab.exercises.grade import isolation_available

    isolation = "auto" if isolation_available() is None else "none"
    count = 2 if opts.quick else 6
    rounds = 1 if opts.quick else min(opts.repeat, 2)
    section = Section(7, "Grader throughput", (
        f"`grade_submissions` on the same {count} small lesson-{LESSON} submissions (the "
        "checker imported, one answer), with `jobs=1` and `jobs=2`, alternately, "
        f"{rounds} round(s); isolation `{isolation}`"
        + (" (this machine cannot isolate: submissions run unisolated)"
           if isolation == "none" else "")
        + ". Each submission starts its own kernel; a full lesson notebook takes longer, "
        "its own cells run too. Wall clock from the call to the grade table."))
    times: dict[int, list[float]] = {1: [], 2: []}
    with tempfile.TemporaryDirectory() as tmp:
        paths = small_submissions(Path(tmp), count)
        for _ in range(rounds):
            for jobs in (1, 2):
                times[jobs].append(grading_seconds(paths, jobs, isolation))
                print(f"  jobs={jobs}: {times[jobs][-1]:.1f} s for {count} notebooks",
                      flush=True)
    table = Table(["jobs", "notebooks", "runs", "seconds per notebook (median)",
                   "notebooks per minute", "goal", "verdict"])
    for jobs in (1, 2):
        per_notebook = median(times[jobs]) / count
        rate = 60.0 / per_notebook
        goal = GRADING_GOAL if jobs == 2 else None
        table.add(jobs, count, len(times[jobs]), seconds(per_notebook), f"{rate:.1f}",
                  "—" if goal is None else f"≥ {goal:.0f} per minute",
                  verdict(rate, goal, lambda v: f"{v:.1f} per minute", higher_is_better=True))
        summary[f"grading_jobs{jobs}"] = rate
    section.tables.append(table)
    return section
