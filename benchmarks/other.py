"""Group 9: other budgets: lesson 1's model and grid search, the minimal penalty's memory
for many allies, and (``--lab``) a lesson 1 slider move in a real JupyterLab."""

from __future__ import annotations

import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

from .common import ROOT, Section, Table, median, seconds, timed, verdict

#: Numbers of allies of the minimal-penalty benchmark, and the memory goal for the largest.
ALLY_COUNTS = (10**3, 10**4, 10**5)
PENALTY_MEMORY_GOAL = 100e6
LAB_GOAL = 0.15


def lesson1_model_times(repeat: int) -> list[float]:
    """Seconds per call of lesson 1's model for one setting (mean of 10 calls per run)."""
    from sanclab.models import coalition_outcome

    settings = [(0.1, 0.5, 0.0, 1.0), (0.395, 0.5, 0.05, 1.0), (0.7, 0.8, 1.0, 2.0)]
    counter = iter(range(10**9))
    coalition_outcome(0.4, 0.5)  # the course's table is read once and cached

    def work() -> None:
        for _ in range(10):
            coalition_outcome(*settings[next(counter) % len(settings)])

    return [t / 10 for t in timed(work, repeat)]


def waiver_search_times(repeat: int) -> list[float]:
    from sanclab.models import find_waiver_break

    find_waiver_break()
    return timed(find_waiver_break, repeat)


def scaling_penalty() -> Table:
    """Time and traced peak memory of the minimal full-participation penalty."""
    import numpy as np

    from sanclab.models import minimal_full_participation_penalty

    table = Table(["allies", "time", "peak memory (tracemalloc)", "goal", "verdict"],
                  title="`minimal_full_participation_penalty` for many allies (one run each)")
    for n in ALLY_COUNTS:
        rng = np.random.default_rng(16)
        shares = rng.dirichlet(np.ones(n + 2))
        args = (shares[1:n + 1], rng.uniform(0.1, 1.0, n), rng.uniform(0.0, 0.5, n))
        tracemalloc.start()
        t0 = time.perf_counter()
        try:
            minimal_full_participation_penalty(*args, leader_share=float(shares[0]),
                                               diversion=0.5, benefit=1.0)
            elapsed = seconds(time.perf_counter() - t0)
            peak: float | None = tracemalloc.get_traced_memory()[1]
        except MemoryError:
            elapsed, peak = "MemoryError", None
        finally:
            tracemalloc.stop()
        goal = PENALTY_MEMORY_GOAL if n == max(ALLY_COUNTS) else None

        def mb(v: float | None) -> str:
            return "n/a" if v is None else f"{v / 1e6:.1f} MB"

        table.add(f"{n:,}", elapsed, mb(peak), "—" if goal is None else f"≤ {mb(goal)}",
                  "—" if goal is None else verdict(peak, goal, mb))
    return table


def lab_slider_times(repeat: int) -> list[float]:
    """Key press on lesson 1's penalty slider -> new figure in the page, in JupyterLab.

    Starts the browser tests' throw-away JupyterLab (``tests/e2e/_lab.py``) on a copy of the
    lessons, runs lesson 1, then times ``repeat`` slider moves (alternately right and left):
    from the keydown event to the mutation of the figure's widget, both in the page's clock.
    """
    sys.path.insert(0, str(ROOT))
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
    server = start_lab(Path(tempfile.mkdtemp(prefix="sanclab-bench-")), ROOT / "notebooks",
                       ROOT / "exercises")
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


def run(opts: Any, summary: dict) -> Section:
    section = Section(9, "Other budgets", (
        f"Lesson 1's model for one setting (the model's part of a slider move; mean of 10 "
        f"calls per run) and its grid search for a penalty waiver that breaks the cascade, "
        f"{opts.repeat} runs each; the memory of the minimal full-participation penalty for "
        "many allies" + (" (not measured: `--no-scaling` or `--quick`)" if not opts.scaling
                         else "")
        + "; with `--lab`, a lesson 1 slider move in a real JupyterLab (headless chromium; "
        "key press to the new figure in the page)."))
    table = Table(["measure", "runs", "median", "best", "goal", "verdict"])
    rows = [("lesson 1 model, one setting (`coalition_outcome`)", lesson1_model_times, 0.005),
            ("lesson 1 waiver grid search (`find_waiver_break`)", waiver_search_times, 0.2)]
    if opts.lab:
        rows.append(("lesson 1 slider in JupyterLab (key press → figure)", lab_slider_times,
                     LAB_GOAL))
    for name, func, goal in rows:
        times = func(opts.repeat)
        table.add(name, len(times), seconds(median(times)), seconds(min(times)),
                  f"≤ {seconds(goal)}", verdict(median(times), goal))
    section.tables.append(table)
    if opts.scaling:
        section.tables.append(scaling_penalty())
    return section
