"""Benchmarks of the speeds sanclab promises (never asserted in tests).

Usage: ``.venv/bin/python benchmarks/run.py [--repeat N] [--no-scaling] [--no-book] [--lab]``.
Prints one line per benchmark with the median and best time and the goal it is held to, then
two scaling tables (one run per row):

* ``sanclab annotate FILE --format html`` on generated readings of 100 kB, 500 kB and 2 MB
  (the 2 MiB limit), as one paragraph and as ordinary paragraphs: the time to load, to
  annotate, to find errata and to render; the total should grow about linearly with size;
* ``minimal_full_participation_penalty`` for 10^3, 10^4 and 10^5 allies: time and the peak
  memory traced by ``tracemalloc``, which should grow linearly with the number of allies.

``--lab`` adds the browser round trip of a lesson 1 slider move in a real JupyterLab
(headless chromium; about a minute to start): key press to the new figure in the page, held
to 150 ms.

Goals: ``import sanclab`` under 0.5 s; loading and annotating all five readings under
0.2 s warm; a dashboard update (model + redraw + PNG) under 100 ms. Lesson 1's model for one
setting (the part of a slider move that is the model's) is held to 5 ms and its grid search
for a penalty waiver that breaks the cascade to 0.2 s. Grading small submissions in isolation
(``--jobs 2``) under 5 s per notebook, i.e. 12 notebooks a minute (a full lesson notebook
takes longer: its own cells run too); a 2 MB reading loaded, annotated and rendered in under
10 s; the minimal penalty for 10^5 allies in under 100 MB. Then, per lesson dashboard, the
budgets of the book's dashboards without a kernel (skip with ``--no-book``: every dashboard
is exported afresh, a minute or so each): figures <= 15 MB, page weight added <= 300 kB,
export <= 60 s on two cores, slider move to figure < 100 ms. The wall-clock times depend on
how busy the machine is; the ``(CPU)`` lines time the process's own CPU use instead.
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
from pathlib import Path


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
    ("grading: seconds per small notebook (--jobs 2)", bench_grading, 5.0),

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
    parser.add_argument("--no-book", action="store_true",
                        help="skip the book dashboards' budgets (they export every dashboard)")
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
    if not args.no_scaling:
        scaling_readings()
        scaling_penalty()
    if not args.no_book:
        print_book_dashboard_budgets()
    return 0


# --------------------------------------------------------------------------- book dashboards
# The book's dashboards without a kernel (sanclab.bookdash), per lesson dashboard: all its
# figures <= 15 MB on disk; page weight added before any interaction <= 300 kB; added book
# build time <= 60 s on two cores; a slider move shows its figure in < 100 ms from disk.

BOOK_BUDGETS = {"figures_mb": 15.0, "page_kb": 300.0, "export_s": 60.0, "move_ms": 100.0}
_OFFLINE = Path(__file__).resolve().parent.parent / "book" / "_offline"


def _standalone_page(record: dict, folder: Path) -> Path:
    """A page holding only the static dashboard, its script, style and figures."""
    import shutil

    from sanclab.bookdash import copy_frames, static_dashboard_html

    folder.mkdir(parents=True, exist_ok=True)
    for name in ("dashboard.js", "dashboard.css"):
        shutil.copyfile(_OFFLINE / "sanclab" / name, folder / name)
    copy_frames(record, record["_cache"], folder / "frames")
    body = static_dashboard_html(record, "frames/", uid="bench")
    page = folder / "index.html"
    page.write_text('<!doctype html><html lang="en"><head><meta charset="utf-8">'
                    '<title>dashboard</title><link rel="stylesheet" href="dashboard.css">'
                    f'</head><body><main>{body}</main><script src="dashboard.js"></script>'
                    "</body></html>", encoding="utf-8")
    return page


def _slider_move_times(page: Path, moves_per_slider: int = 12) -> list[float]:
    """Milliseconds from a keyboard move to its (not yet seen) figure being decoded and shown,
    in headless chromium from file://; moves that keep the figure are not counted."""
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             headless=True, args=["--no-sandbox",
                                                                  "--disable-gpu"])
        try:
            view = browser.new_page(viewport={"width": 1280, "height": 900})
            view.goto(page.as_uri())
            root = view.locator(".sanclab-dashboard-static")
            ready = ("([r, n]) => Number(r.dataset.request) > n "
                     "&& r.dataset.presented === r.dataset.request")
            view.wait_for_function("(r) => r.dataset.state === 'ready'",
                                   arg=root.element_handle())
            seen = set()
            sliders = root.locator("input[type=range]")
            for i in range(sliders.count()):
                slider = sliders.nth(i)
                for key in ["Home"] + ["ArrowRight"] * moves_per_slider:
                    before = int(root.get_attribute("data-request"))
                    shown = root.get_attribute("data-setting")
                    value = slider.input_value()
                    slider.focus()
                    slider.press(key)
                    if slider.input_value() == value:  # already at that end
                        continue
                    view.wait_for_function(ready, arg=[root.element_handle(), before])
                    now = root.get_attribute("data-setting")
                    if now != shown and now not in seen:
                        times.append(float(root.get_attribute("data-swap-ms")))
                    seen.add(now)
        finally:
            browser.close()
    return times


def book_dashboard_budgets(jobs: int = 2) -> list[dict]:
    """Export every lesson's dashboard afresh (``jobs`` worker processes, a temporary cache)
    and measure it against BOOK_BUDGETS; one dict per dashboard."""
    import importlib.util
    import json
    import tempfile

    from sanclab.bookdash import export_dashboard, static_dashboard_html
    from sanclab.lessons import lesson_notebooks

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for lesson, notebook in lesson_notebooks():
            if importlib.util.find_spec(lesson.dashboard_module) is None:
                continue
            cache = Path(tmp) / lesson.stem
            record = export_dashboard(lesson.dashboard_module, cache, jobs=jobs)
            record["_cache"] = cache
            first = cache / "frames" / record["frames"][0]["png"]
            added = (len(static_dashboard_html(record, f"{lesson.stem}_dashboard/", "b")
                         .encode("utf-8"))
                     + sum((_OFFLINE / "sanclab" / n).stat().st_size
                           for n in ("dashboard.js", "dashboard.css"))
                     + first.stat().st_size)
            state = json.loads(notebook.read_text(encoding="utf-8"))["metadata"].get(
                "widgets", {})
            removed = len(json.dumps(state).encode("utf-8")) + sum(
                (_OFFLINE / n).stat().st_size for n in (
                    "widgets/require.js", "widgets/embed-amd.js", "sanclab/widgets-config.js"))
            try:
                moves = _slider_move_times(_standalone_page(record, Path(tmp) / "page"))
            except Exception as exc:  # no chromium / playwright here
                print(f"(slider move time not measured: {exc})")
                moves = []
            results.append({
                "lesson": lesson.key, "settings": len(record["frames"]),
                "figures": len({f["png"] for f in record["frames"]}),
                "figures_mb": record["bytes"] / 1e6, "page_kb": added / 1e3,
                "removed_kb": removed / 1e3, "export_s": record["seconds"],
                "cpu_s": record["cpu_seconds"], "jobs": jobs,
                "move_ms": statistics.median(moves) if moves else None,
                "move_max_ms": max(moves) if moves else None, "moves": len(moves),
            })
    return results


def print_book_dashboard_budgets() -> None:
    print(f"\n{'book dashboards without a kernel (budget per dashboard)':52} "
          f"{'value':>10} {'goal':>8}")

    def line(name: str, value: float | None, unit: str, goal: float | None) -> None:
        if value is None:
            print(f"  {name:50} {'n/a':>10}")
            return
        verdict = "" if goal is None else (" ok" if value <= goal else " OVER")
        limit = "" if goal is None else f"{goal:6.0f}{unit}"
        print(f"  {name:50} {value:8.1f}{unit:2} {limit:>8}{verdict}")

    for r in book_dashboard_budgets():
        print(f"{r['lesson']}: {r['settings']} settings stored, {r['figures']} distinct "
              f"figures, {r['moves']} slider moves timed")
        line("figures on disk", r["figures_mb"], "MB", BOOK_BUDGETS["figures_mb"])
        line("page weight added before interaction", r["page_kb"], "kB",
             BOOK_BUDGETS["page_kb"])
        line("(widget state + libraries no longer loaded)", r["removed_kb"], "kB", None)
        line(f"export wall clock, {r['jobs']} processes (this machine)", r["export_s"], "s",
             BOOK_BUDGETS["export_s"])
        line(f"export CPU time / {r['jobs']} (= wall on idle cores)", r["cpu_s"] / r["jobs"],
             "s", BOOK_BUDGETS["export_s"])
        line("slider move to its new figure, median", r["move_ms"], "ms",
             BOOK_BUDGETS["move_ms"])
        line("slider move to its new figure, slowest", r["move_max_ms"], "ms",
             BOOK_BUDGETS["move_ms"])

if __name__ == "__main__":
    sys.exit(main())
