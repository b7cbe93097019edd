"""Grading submitted notebooks by running them.

:func:`grade_submissions` executes each student's notebook (a temporary copy) with
nbclient, with ``SANCLAB_GRADE_LOG`` pointing at a temporary file so every ``check(...)``
call the notebook makes is recorded, and keeps each student's best result per exercise.
A notebook that loops forever or crashes is recorded with its status and grading moves
on to the next one.

The grade log guards against mistakes, not against cheating: code in a submitted
notebook runs with the grader's permissions and could write to the log itself. Run
submissions in an account or container you do not mind them touching.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ._paths import existing_notebooks
from .bank import exercises_dir as find_exercises_dir
from .bank import load_banks

__all__ = ["COLUMNS", "STATUSES", "grade_notebook", "grade_submissions"]

#: Columns of the grade table.
COLUMNS = (
    "student", "exercise_id", "correct", "points_awarded", "points_possible", "status", "detail",
)
#: Notebook-level outcomes: ran to the end, a cell hit the time limit, a cell failed.
STATUSES = ("ok", "timeout", "error")

_RANK = {True: 2, None: 1, False: 0}


def _run(path: Path, workdir: Path, env: dict, timeout: float, kernel_name: str):
    """Execute a copy of the notebook; return (executed nb or None, status, detail)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    copy = workdir / path.name
    shutil.copyfile(path, copy)
    try:
        nb = nbformat.read(copy, as_version=4)
    except Exception as exc:
        return None, "error", f"not a readable notebook ({type(exc).__name__}: {exc})"
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name=kernel_name,
        allow_errors=True,
        record_timing=False,
        resources={"metadata": {"path": str(workdir)}},
    )
    try:
        client.execute(env=env)
    except CellTimeoutError:
        return nb, "timeout", f"a cell ran longer than {timeout:g} s and was stopped"
    except DeadKernelError as exc:
        return nb, "error", f"the kernel died ({exc})"
    except Exception as exc:
        return nb, "error", f"{type(exc).__name__}: {exc}"
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                return nb, "error", (
                    f"cell {index} raised {output.get('ename')}: {output.get('evalue')}"
                )
    return nb, "ok", ""


def _stamped_ids(nb) -> list[str]:
    ids = []
    for cell in nb.cells if nb is not None else []:
        stamp = cell.get("metadata", {}).get("sanclab", {})
        ex_id = stamp.get("exercise") if isinstance(stamp, dict) else None
        if isinstance(ex_id, str) and ex_id not in ids:
            ids.append(ex_id)
    return ids


def _read_log(path: Path) -> list[dict]:
    records = []
    if not path.is_file():
        return records
    for line in path.read_text(encoding="utf-8").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and isinstance(record.get("exercise_id"), str):
            records.append(record)
    return records


def _best(records: list[dict]) -> dict:
    def key(record: dict):
        points = record.get("points_awarded")
        points = points if isinstance(points, (int, float)) else 0
        return (points, _RANK.get(record.get("correct"), 0))

    return max(records, key=key)


def grade_notebook(
    path: str | os.PathLike[str],
    *,
    timeout: float = 120,
    exercises_dir: str | os.PathLike[str] | None = None,
    kernel_name: str = "python3",
) -> list[dict]:
    """Run one submitted notebook and return its rows of the grade table.

    One row per exercise that the notebook contains (cells stamped with an exercise id)
    or checked; exercises never checked get ``correct=False``, 0 points and detail
    ``not attempted``. A notebook with neither gives one row with an empty exercise id,
    so its status is still recorded. See :func:`grade_submissions`.

    Examples
    --------
    >>> import nbformat, tempfile, pathlib
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
    ...     "from sanclab.exercises import check\\ncheck('l1.e1', 'not a number')")])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "ana.ipynb"
    >>> nbformat.write(nb, path)
    >>> row = grade_notebook(path, timeout=60)[0]
    >>> row["student"], row["exercise_id"], row["correct"], row["status"]
    ('ana', 'l1.e1', False, 'ok')
    """
    path = Path(path)
    ex_dir = Path(exercises_dir) if exercises_dir is not None else find_exercises_dir()
    banks = load_banks(ex_dir)
    points = {ex.id: ex.points for bank in banks.values() for ex in bank}
    with tempfile.TemporaryDirectory(prefix="sanclab-grade-") as tmp:
        workdir = Path(tmp)
        log = workdir / "grade_log.jsonl"
        env = dict(os.environ, SANCLAB_GRADE_LOG=str(log), SANCLAB_EXERCISES=str(ex_dir.resolve()))
        env.pop("PYTHONSTARTUP", None)
        nb, status, detail = _run(path, workdir, env, timeout, kernel_name)
        records = [r for r in _read_log(log) if r["exercise_id"] in points]
    ids = [i for i in _stamped_ids(nb) if i in points]
    for record in records:
        if record["exercise_id"] not in ids:
            ids.append(record["exercise_id"])
    rows = []
    for ex_id in ids:
        mine = [r for r in records if r["exercise_id"] == ex_id]
        if mine:
            best = _best(mine)
            correct, awarded = best.get("correct"), best.get("points_awarded")
            row_detail = detail
        else:
            correct, awarded = False, 0.0
            row_detail = "; ".join(x for x in ("not attempted", detail) if x)
        rows.append({
            "student": path.stem,
            "exercise_id": ex_id,
            "correct": correct if correct in (True, False) else None,
            "points_awarded": float(awarded) if isinstance(awarded, (int, float)) else None,
            "points_possible": float(points[ex_id]),
            "status": status,
            "detail": row_detail,
        })
    if not rows:
        rows.append({
            "student": path.stem, "exercise_id": "", "correct": None, "points_awarded": None,
            "points_possible": None, "status": status,
            "detail": detail or "no exercises found in the notebook",
        })
    return rows


def grade_submissions(
    paths: Iterable[str | os.PathLike[str]],
    out_csv: str | os.PathLike[str],
    timeout: float = 120,
    *,
    exercises_dir: str | os.PathLike[str] | None = None,
    kernel_name: str = "python3",
):
    """Grade submitted notebooks by running them, and write the grade table as CSV.

    Parameters
    ----------
    paths : iterable of path-like
        Submitted notebooks; the student is the file stem (``ana.ipynb`` -> ``ana``), so
        stems must be unique.
    out_csv : path-like
        Where the table is written (parent folders are created).
    timeout : float
        Seconds allowed per cell, in (0, inf); a cell over the limit stops that
        notebook with status ``timeout``.
    exercises_dir : path-like, optional
        The instructor's banks (with solutions); found as usual by default.
    kernel_name : str
        Jupyter kernel to run the notebooks with.

    Returns
    -------
    pandas.DataFrame
        Columns ``student, exercise_id, correct, points_awarded, points_possible, status,
        detail``: each student's best result per exercise (``correct`` is empty for a
        free response awaiting the instructor) and the notebook's status ``ok``,
        ``timeout`` or ``error``.

    Raises
    ------
    ValueError
        Before running anything, if ``timeout`` is not positive, a path is not an
        existing ``.ipynb`` file, or two paths have the same stem.
    """
    import pandas as pd

    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0:
        raise ValueError(f"timeout must be a number of seconds in (0, inf), got {timeout!r}")
    paths = existing_notebooks("paths", paths)
    stems = [p.stem for p in paths]
    clashes = sorted({s for s in stems if stems.count(s) > 1})
    if clashes:
        raise ValueError(f"paths: two submissions share the student name {clashes[0]!r}")
    if exercises_dir is None:
        exercises_dir = find_exercises_dir()
    load_banks(exercises_dir)  # fail on a broken bank before running any notebook
    rows = []
    for path in paths:
        rows.extend(
            grade_notebook(
                path, timeout=timeout, exercises_dir=exercises_dir, kernel_name=kernel_name
            )
        )
    table = pd.DataFrame(rows, columns=list(COLUMNS))
    table["correct"] = table["correct"].astype(object)
    out = Path(out_csv)
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    return table
