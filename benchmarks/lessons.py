"""Group 4: each lesson notebook's own execution time (minus an empty notebook's)."""

from __future__ import annotations

import contextlib
import os
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from .common import Section, Table, median, seconds, verdict

#: Goal for a lesson's own execution time, in seconds.
OWN_GOAL = 3.0


@contextlib.contextmanager
def _hash_seed() -> Iterator[None]:
    """``PYTHONHASHSEED=0`` for the kernels started inside (as ``make book`` and
    ``scripts/execute_notebooks.py`` run the lessons); ``PYTHONPATH`` is already this
    checkout's ``src`` (:func:`benchmarks.common.use_this_checkout`)."""
    old = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = "0"
    try:
        yield
    finally:
        if old is None:
            del os.environ["PYTHONHASHSEED"]
        else:
            os.environ["PYTHONHASHSEED"] = old


def execution_seconds(path: Path, cwd: Path) -> float:
    """Wall seconds of executing the notebook at ``path`` with nbclient (kernel
    ``python3`` started and stopped included), in the folder ``cwd``; the client is set up
    as ``scripts/execute_notebooks.py`` sets it up."""
    import nbformat
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    client = NotebookClient(notebook, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}},
                            record_timing=False, store_widget_state=True)
    start = time.perf_counter()
    client.execute()
    return time.perf_counter() - start


def run(opts: Any, summary: dict) -> Section:
    import nbformat

    from sanclab.lessons import lesson_notebooks

    from .common import ROOT

    folder = ROOT / "notebooks"
    section = Section(4, "Lesson execution", (
        "Each lesson notebook executed with nbclient (kernel `python3`, working folder "
        "`notebooks/`, `PYTHONHASHSEED=0`, this checkout's `src` first on `PYTHONPATH`, "
        "widget state stored as `scripts/execute_notebooks.py` does), minus the time of an "
        "empty notebook (one cell `pass`) executed with the same client set-up just before "
        "it: kernel start and shutdown cancel out, what remains is the lesson's own work. "
        f"{opts.lesson_runs} rounds; in each, every lesson runs once, each after its own "
        "empty-notebook run; the own time is the median of the per-round differences."))
    lessons = lesson_notebooks(folder)
    runs: dict[int, list[tuple[float, float]]] = {lesson.number: [] for lesson, _ in lessons}
    with tempfile.TemporaryDirectory() as tmp, _hash_seed():
        empty = Path(tmp) / "empty.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")]),
                       empty)
        for round_ in range(opts.lesson_runs):
            for lesson, path in lessons:
                base = execution_seconds(empty, folder)
                full = execution_seconds(path, folder)
                runs[lesson.number].append((full, base))
                print(f"  round {round_ + 1}, lesson {lesson.number}: {seconds(full)} "
                      f"- {seconds(base)}", flush=True)
    table = Table(["lesson", "runs", "notebook (median)", "empty notebook (median)",
                   "own time (median)", "goal", "verdict"])
    for lesson, path in lessons:
        pairs = runs[lesson.number]
        own = median([full - base for full, base in pairs])
        table.add(f"{lesson.number} `{path.name}`", len(pairs),
                  seconds(median([f for f, _ in pairs])), seconds(median([b for _, b in pairs])),
                  seconds(own), f"≤ {seconds(OWN_GOAL)}", verdict(own, OWN_GOAL))
        if lesson.number == 1:
            summary["lesson1_own"] = own
    section.tables.append(table)
    return section
