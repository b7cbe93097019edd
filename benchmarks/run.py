"""Benchmarks of the speeds sanclab promises (never asserted in tests).

Usage: ``.venv/bin/python benchmarks/run.py [--repeat N]``. Prints one line per benchmark
with the median and best time and the goal it is held to.

Goals: ``import sanclab`` under 0.5 s; loading and annotating all five readings under
0.2 s warm; a dashboard update (model + redraw + PNG) under 100 ms. Lesson 1's model for one
setting (the part of a slider move that is the model's) is held to 5 ms and its grid search
for a penalty waiver that breaks the cascade to 0.2 s. The wall-clock times depend on how
busy the machine is; the ``(CPU)`` lines time the process's own CPU use instead.
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


def timed_cpu(func: Callable[[], object], repeat: int) -> list[float]:
    """Like :func:`timed`, with the process's CPU time (less sensitive to a busy machine)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return times


def bench_lesson1_model(repeat: int) -> list[float]:
    from sanclab.models import coalition_outcome

    settings = [(0.1, 0.5, 0.0, 1.0), (0.395, 0.5, 0.05, 1.0), (0.7, 0.8, 1.0, 2.0)]
    counter = iter(range(10**9))
    coalition_outcome(0.4, 0.5)  # the course's table is read once and cached

    def run() -> None:
        for _ in range(10):
            coalition_outcome(*settings[next(counter) % len(settings)])

    return [t / 10 for t in timed(run, repeat)]


def bench_lesson1_waiver_search(repeat: int) -> list[float]:
    from sanclab.models import find_waiver_break

    find_waiver_break()
    return timed(find_waiver_break, repeat)


def bench_dashboard_update_cpu(repeat: int) -> list[float]:
    from sanclab.dashboards.coalition_coordination import dashboard

    dash = dashboard()
    _ = dash.widget
    values = [0.1, 0.3, 0.5, 0.7, 0.9]
    counter = iter(range(10**9))

    def update() -> None:
        dash._sliders["penalty"].value = values[next(counter) % len(values)]

    update()
    return timed_cpu(update, repeat)


BENCHMARKS = [
    ("import sanclab (fresh interpreter)", bench_import, 0.5),
    ("import sanclab.readings + annotate + exercises", bench_import_readings, 1.0),
    ("load + annotate the five readings (warm)", bench_load_and_annotate, 0.2),
    ("lesson 1 dashboard update (model + redraw + PNG)", bench_dashboard_update, 0.1),
    ("lesson 1 dashboard update (CPU)", bench_dashboard_update_cpu, 0.1),
    ("lesson 1 model, one setting (coalition_outcome)", bench_lesson1_model, 0.005),
    ("lesson 1 waiver grid search (find_waiver_break)", bench_lesson1_waiver_search, 0.2),
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
