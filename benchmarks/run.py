"""Benchmarks of the speeds sanclab promises (never asserted in tests).

Usage: ``.venv/bin/python benchmarks/run.py [--repeat N] [--no-scaling]``. Prints one line
per benchmark with the median and best time and the goal it is held to, then two scaling
tables (one run per row):

* ``sanclab annotate FILE --format html`` on generated readings of 100 kB, 500 kB and 2 MB
  (the 2 MiB limit), as one paragraph and as ordinary paragraphs: the time to load, to
  annotate, to find errata and to render; the total should grow about linearly with size;
* ``minimal_full_participation_penalty`` for 10^3, 10^4 and 10^5 allies: time and the peak
  memory traced by ``tracemalloc``, which should grow linearly with the number of allies.

Goals: ``import sanclab`` under 0.5 s; loading and annotating all five readings under
0.2 s warm; a dashboard update (model + redraw + PNG) under 100 ms; grading small
submissions in isolation (``--jobs 2``) under 5 s per notebook, i.e. 12 notebooks a minute
(a full lesson notebook takes longer: its own cells run too); a 2 MB reading loaded,
annotated and rendered in under 10 s; the minimal penalty for 10^5 allies in under 100 MB.
"""

from __future__ import annotations

import argparse
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
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


#: Sizes of the generated readings, in bytes.
READING_SIZES = (100_000, 500_000, 2_000_000)
#: Goal for loading, annotating, finding errata and rendering the largest reading.
LARGE_READING_GOAL = 10.0
#: Numbers of allies of the minimal-penalty benchmark, and the memory goal for the largest.
ALLY_COUNTS = (10**3, 10**4, 10**5)
PENALTY_MEMORY_GOAL = 100e6


def generated_reading(folder: pathlib.Path, size: int, single: bool) -> pathlib.Path:
    """A reading file of about `size` bytes: the seeds' body paragraphs, repeated, after a
    title and a date line; joined into one paragraph (`single`) or one per line."""
    from sanclab.readings import load_seeds

    paragraphs = [p.text for r in load_seeds() for s in r.sections for p in s.paragraphs]
    head = "A generated reading on sanctions and coalitions\nJuly 16, 2025\n"
    parts, total, i = [], len(head.encode()), 0
    while total < size:
        paragraph = paragraphs[i % len(paragraphs)]
        parts.append(paragraph)
        total += len(paragraph.encode()) + 1
        i += 1
    text = head + (" " if single else "\n").join(parts)
    # Cut to the size (never past the 2 MiB limit), at a character boundary.
    text = text.encode()[: size - 1].decode("utf-8", errors="ignore").rstrip() + "\n"
    path = folder / f"generated_{size}_{'single' if single else 'paragraphs'}.txt"
    path.write_text(text, encoding="utf-8")
    return path


def scaling_readings() -> None:
    """One run per size and layout of what ``annotate FILE --format html`` does."""
    from sanclab.annotate import annotate
    from sanclab.errata import errata
    from sanclab.glossary import load_glossary
    from sanclab.readings import load_reading
    from sanclab.render import render_html

    glossary = load_glossary()
    print(f"\n{'annotate FILE --format html':30} {'load':>7} {'annotate':>9} {'errata':>8} "
          f"{'render':>8} {'total':>8} {'goal':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        warm = load_reading(generated_reading(pathlib.Path(tmp), 20_000, single=False))
        render_html(warm, glossary=glossary)  # dictionary, glossary and regex loaded once
        for size in READING_SIZES:
            for single in (True, False):
                path = generated_reading(pathlib.Path(tmp), size, single)
                t0 = time.perf_counter()
                reading = load_reading(path)
                t1 = time.perf_counter()
                found = annotate(reading, glossary)
                t2 = time.perf_counter()
                marks = errata(reading, glossary)
                t3 = time.perf_counter()
                render_html(reading, annotations=found, errata=marks, glossary=glossary)
                t4 = time.perf_counter()
                total = t4 - t0
                goal = ""
                if size == max(READING_SIZES):
                    goal = f"{LARGE_READING_GOAL:4.0f}s " + (
                        "ok" if total <= LARGE_READING_GOAL else "SLOW")
                name = (f"{path.stat().st_size / 1000:6.0f} kB, "
                        f"{'one paragraph' if single else 'paragraphs'}")
                print(f"{name:30} {t1 - t0:6.2f}s {t2 - t1:8.2f}s {t3 - t2:7.2f}s "
                      f"{t4 - t3:7.2f}s {total:7.2f}s {goal}", flush=True)


def scaling_penalty() -> None:
    """Time and traced peak memory of the minimal full-participation penalty."""
    import numpy as np

    from sanclab.models import minimal_full_participation_penalty

    print(f"\n{'minimal_full_participation_penalty':36} {'time':>9} {'peak memory':>12} "
          f"{'goal':>8}")
    for n in ALLY_COUNTS:
        rng = np.random.default_rng(16)
        shares = rng.dirichlet(np.ones(n + 2))
        args = (shares[1:n + 1], rng.uniform(0.1, 1.0, n), rng.uniform(0.0, 0.5, n))
        tracemalloc.start()
        t0 = time.perf_counter()
        try:
            minimal_full_participation_penalty(*args, leader_share=float(shares[0]),
                                               diversion=0.5, benefit=1.0)
            elapsed = f"{(time.perf_counter() - t0) * 1000:7.1f}ms"
            peak = tracemalloc.get_traced_memory()[1]
            memory = f"{peak / 1e6:9.1f} MB"
        except MemoryError:
            elapsed, memory, peak = "", "MemoryError", float("inf")
        finally:
            tracemalloc.stop()
        goal = ""
        if n == max(ALLY_COUNTS):
            goal = f"{PENALTY_MEMORY_GOAL / 1e6:3.0f} MB " + (
                "ok" if peak <= PENALTY_MEMORY_GOAL else "BIG")
        print(f"{f'{n:,} allies':36} {elapsed:>9} {memory:>12} {goal}", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--no-scaling", action="store_true",
                        help="skip the scaling tables (long readings, many allies)")
    args = parser.parse_args(argv)
    print(f"{'benchmark':52} {'median':>9} {'best':>9} {'goal':>7}")
    for name, bench, goal in BENCHMARKS:
        times = bench(args.repeat)
        median, best = statistics.median(times), min(times)
        verdict = "ok" if median <= goal else "SLOW"
        print(f"{name:52} {median * 1000:7.1f}ms {best * 1000:7.1f}ms "
              f"{goal * 1000:5.0f}ms {verdict}")
    if not args.no_scaling:
        scaling_readings()
        scaling_penalty()
    return 0


if __name__ == "__main__":
    sys.exit(main())
