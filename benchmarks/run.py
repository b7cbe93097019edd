"""Benchmarks of the speeds sanclab promises (never asserted in tests).

Usage: ``.venv/bin/python benchmarks/run.py [--repeat N]``. Prints one line per benchmark
with the median and best time and the goal it is held to.

Goals: ``import sanclab`` under 0.5 s; loading and annotating all five readings under
0.2 s warm; a dashboard update (model + redraw + PNG) under 100 ms; grading small
submissions in isolation (``--jobs 2``) under 5 s per notebook, i.e. 12 notebooks a minute
(a full lesson notebook takes longer: its own cells run too).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from collections.abc import Callable


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def _import_time(code: str, repeat: int) -> list[float]:
    """Wall time of ``code`` in a fresh interpreter, minus a bare interpreter's start."""
    def run(source: str) -> float:
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", source], check=True)
        return time.perf_counter() - start

    bare = min(run("pass") for _ in range(repeat))
    return [max(0.0, run(code) - bare) for _ in range(repeat)]


def bench_import(repeat: int) -> list[float]:
    return _import_time("import sanclab", repeat)


def bench_import_readings(repeat: int) -> list[float]:
    # With its data stack: pandas alone takes ~0.4 s; matplotlib and spelling data stay out.
    return _import_time("import sanclab.readings, sanclab.annotate, sanclab.exercises", repeat)


def bench_load_and_annotate(repeat: int) -> list[float]:
    from sanclab.annotate import annotate
    from sanclab.glossary import load_glossary
    from sanclab.readings import load_seeds

    glossary = load_glossary()

    def work() -> None:
        for reading in load_seeds():
            annotate(reading, glossary)

    work()  # warm: glossary parsed, regex compiled
    return timed(work, repeat)


def bench_dashboard_update(repeat: int) -> list[float]:
    from sanclab.dashboards.coalition_coordination import dashboard

    dash = dashboard()
    _ = dash.widget  # build sliders, image and readout once
    values = [0.1, 0.3, 0.5, 0.7, 0.9]
    counter = iter(range(10**9))

    def update() -> None:
        dash._sliders["penalty"].value = values[next(counter) % len(values)]

    update()
    return timed(update, repeat)


def bench_grading(repeat: int) -> list[float]:
    """Seconds per notebook when grading 6 small submissions with --jobs 2 (throughput is
    60 / this per minute). Isolated where possible; else (no namespaces) unisolated."""
    import tempfile
    from pathlib import Path

    import nbformat

    from sanclab.exercises import GradingLimits, grade_submissions, load_bank
    from sanclab.exercises.grade import isolation_available

    isolation = "auto" if isolation_available() is None else "none"
    bank = load_bank(1)
    times = []
    for _ in range(min(repeat, 2)):  # each round starts 6 kernels: keep the run short
        with tempfile.TemporaryDirectory() as tmp:
            paths = []
            for k in range(6):
                cells = [nbformat.v4.new_code_cell("from sanclab.exercises import check"),
                         nbformat.v4.new_code_cell(f"answer_e1 = {k}\ncheck('l1.e1', answer_e1)")]
                path = Path(tmp) / f"student{k}.ipynb"
                nbformat.write(nbformat.v4.new_notebook(cells=cells), path)
                paths.append(path)
            start = time.perf_counter()
            grade_submissions(paths, Path(tmp) / "grades.csv", lesson=bank.lesson, jobs=2,
                              limits=GradingLimits(cell_timeout=60), isolation=isolation)
            times.append((time.perf_counter() - start) / len(paths))
    return times


BENCHMARKS = [
    ("import sanclab (fresh interpreter)", bench_import, 0.5),
    ("import sanclab.readings + annotate + exercises", bench_import_readings, 1.0),
    ("load + annotate the five readings (warm)", bench_load_and_annotate, 0.2),
    ("lesson 1 dashboard update (model + redraw + PNG)", bench_dashboard_update, 0.1),
    ("grading: seconds per small notebook (--jobs 2)", bench_grading, 5.0),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    print(f"{'benchmark':52} {'median':>9} {'best':>9} {'goal':>7}")
    for name, bench, goal in BENCHMARKS:
        times = bench(args.repeat)
        median, best = statistics.median(times), min(times)
        verdict = "ok" if median <= goal else "SLOW"
        print(f"{name:52} {median * 1000:7.1f}ms {best * 1000:7.1f}ms "
              f"{goal * 1000:5.0f}ms {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
