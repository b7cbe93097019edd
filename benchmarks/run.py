"""Benchmarks of the speeds sanclab promises (never asserted in tests).

Usage: ``.venv/bin/python benchmarks/run.py [--repeat N] [--lab]``. Prints one line per
benchmark with the median and best time and the goal it is held to. ``--lab`` adds the
browser round trip of a lesson 1 slider move in a real JupyterLab (headless chromium; about
a minute to start): key press to the new figure in the page, held to 150 ms.

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


def bench_lab_slider_roundtrip(repeat: int) -> list[float]:
    """Key press on lesson 1's penalty slider -> new figure in the page, in JupyterLab.

    Starts the browser tests' throw-away JupyterLab (``tests/e2e/_lab.py``) on a copy of the
    lessons, runs lesson 1, then times ``repeat`` slider moves (alternately right and left):
    from the keydown event to the mutation of the figure's widget, both in the page's clock.
    """
    import tempfile
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    sys.path.insert(0, str(root))
    from playwright.sync_api import sync_playwright

    from tests.e2e._browser import chromium_path, launch_options
    from tests.e2e._lab import LessonPage, start_lab

    watch = """() => { window.__t0 = null; window.__t1 = null;
        const img = document.querySelector('[data-e2e-cell] img.sanclab-figure-img');
        const host = img.closest('.widget-html-content') || img.parentNode;
        const obs = new MutationObserver(() => {
            if (window.__t1 === null) { window.__t1 = performance.now(); obs.disconnect(); } });
        obs.observe(host, {subtree: true, childList: true, attributes: true});
        document.addEventListener('keydown', () => { window.__t0 = performance.now(); },
                                  {once: true, capture: true}); }"""
    times: list[float] = []
    server = start_lab(Path(tempfile.mkdtemp(prefix="sanclab-bench-")), root / "notebooks",
                       root / "exercises")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(**launch_options(chromium_path()))
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            lesson = LessonPage(page, server, "notebooks/01_coalition_coordination.ipynb")
            lesson.open()
            lesson.run_all()
            cell = next(c["index"] for c in lesson.cells() if "dashboard" in c["tags"])
            slider = lesson.cell_locator(cell).locator(".widget-slider [role=slider]").first
            slider.wait_for(state="visible", timeout=60_000)
            for k in range(repeat + 1):
                slider.focus()
                page.evaluate(watch)
                slider.press("ArrowRight" if k % 2 == 0 else "ArrowLeft")
                page.wait_for_function("() => window.__t1 !== null", timeout=20_000)
                lesson.wait_idle()
                if k:  # the first move warms the kernel's caches
                    times.append(page.evaluate("() => window.__t1 - window.__t0") / 1000)
            browser.close()
    finally:
        server.stop()
    return times


LAB_BENCHMARKS = [
    ("lesson 1 slider in JupyterLab (key press -> figure)", bench_lab_slider_roundtrip, 0.15),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--lab", action="store_true",
                        help="also time a lesson 1 slider move in a real JupyterLab")
    args = parser.parse_args(argv)
    print(f"{'benchmark':52} {'median':>9} {'best':>9} {'goal':>7}")
    for name, bench, goal in BENCHMARKS + (LAB_BENCHMARKS if args.lab else []):
        times = bench(args.repeat)
        median, best = statistics.median(times), min(times)
        verdict = "ok" if median <= goal else "SLOW"
        print(f"{name:52} {median * 1000:7.1f}ms {best * 1000:7.1f}ms "
              f"{goal * 1000:5.0f}ms {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
