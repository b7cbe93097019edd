"""Exercises as data: banks, instant feedback, MyST rendering, student release, grading.

Each lesson's exercises live in one YAML bank (``exercises/l<lesson>_<slug>.yaml``; the
format is described in ``exercises/README.md``). Students call :func:`check` in a notebook;
instructors render the exercises into notebooks and the book (:func:`exercise_markdown`,
:func:`solution_markdown`, :func:`sync_notebook`), hand out a release without solutions or
answers (:func:`make_student_release`) and grade submitted notebooks, each run in isolation
with its final answers checked by the grader (:func:`grade_submissions`).

Importing this package is light: nbformat, nbclient and pandas are imported when used.
"""

from .bank import (
    Bank,
    Exercise,
    ExerciseBankError,
    exercises_dir,
    find_exercise,
    load_bank,
    load_bank_file,
    load_banks,
)
from .check import Feedback, check, expected_cases, last_answers, reset_hints
from .grade import GradingLimits, grade_notebook, grade_submissions, merge_marks
from .myst import (
    check_notebook_sync,
    exercise_cell,
    exercise_markdown,
    solution_markdown,
    sync_notebook,
)
from .release import book_edition, make_student_release, student_bank_text, student_notebook
from .sandbox import CallResult, run_call

__all__ = [
    "Bank",
    "CallResult",
    "Exercise",
    "ExerciseBankError",
    "Feedback",
    "GradingLimits",
    "book_edition",
    "check",
    "check_notebook_sync",
    "exercise_cell",
    "exercise_markdown",
    "exercises_dir",
    "expected_cases",
    "find_exercise",
    "grade_notebook",
    "grade_submissions",
    "last_answers",
    "load_bank",
    "load_bank_file",
    "load_banks",
    "make_student_release",
    "merge_marks",
    "reset_hints",
    "run_call",
    "solution_markdown",
    "student_bank_text",
    "student_notebook",
    "sync_notebook",
]
