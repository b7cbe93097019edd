"""Group 8: the book's dashboards without a kernel (:mod:`sanclab.bookdash`), per lesson.

Every lesson dashboard is exported afresh (``jobs`` worker processes, a temporary cache, a
minute or so each) and held to :data:`BOOK_BUDGETS`: all its figures <= 15 MB on disk; page
weight added before any interaction <= 300 kB; export time <= 60 s on two cores; a slider
move shows its (not yet seen) figure in < 100 ms, from disk, in headless chromium.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
import statistics
import tempfile
from pathlib import Path
from typing import Any

from .common import ROOT, Section, Table, verdict

BOOK_BUDGETS = {"figures_mb": 15.0, "page_kb": 300.0, "export_s": 60.0, "move_ms": 100.0}
_OFFLINE = ROOT / "book" / "_offline"


def _standalone_page(record: dict, folder: Path) -> Path:
    """A page holding only the static dashboard, its script, style and figures."""
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
            problem = ""
            try:
                moves = _slider_move_times(_standalone_page(record, Path(tmp) / "page"))
            except Exception as exc:  # no chromium / playwright here
                problem = f"slider move time not measured: {type(exc).__name__}: {exc}"
                moves = []
            results.append({
                "lesson": lesson, "settings": len(record["frames"]),
                "figures": len({f["png"] for f in record["frames"]}),
                "figures_mb": record["bytes"] / 1e6, "page_kb": added / 1e3,
                "removed_kb": removed / 1e3, "export_s": record["seconds"],
                "cpu_s": record["cpu_seconds"], "jobs": jobs,
                "move_ms": statistics.median(moves) if moves else None,
                "move_max_ms": max(moves) if moves else None, "moves": len(moves),
                "problem": problem,
            })
            print(f"  lesson {lesson.number}: {len(record['frames'])} settings, export "
                  f"{record['seconds']:.0f} s", flush=True)
    return results


def run(opts: Any, summary: dict) -> Section:
    section = Section(8, "Book dashboards without a kernel: page weight and frame budget", (
        "Each lesson's dashboard exported afresh as the book build exports it (2 worker "
        "processes, a temporary cache), then loaded alone in a page in headless chromium "
        "from `file://`: 12 key presses per slider from its start; a move counts when it "
        "shows a figure not seen before (time from the key press to the figure decoded and "
        "shown, the page's `data-swap-ms`). Page weight added = the dashboard's HTML, "
        "its script and style and its first figure; removed = the notebook's widget state "
        "and the widget libraries the page no longer loads."))

    def mb(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.1f} MB"

    def kb(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.0f} kB"

    def sec(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.1f} s"

    def ms(v: float | None) -> str:
        return "n/a" if v is None else f"{v:.1f} ms"

    table = Table(["lesson", "measure", "value", "goal", "verdict"])
    problems = []
    for r in book_dashboard_budgets():
        name = f"{r['lesson'].number} {r['lesson'].slug}"
        rows = [
            ("settings stored / distinct figures / moves timed",
             f"{r['settings']} / {r['figures']} / {r['moves']}", "—", "—"),
            ("figures on disk", mb(r["figures_mb"]), f"≤ {mb(BOOK_BUDGETS['figures_mb'])}",
             verdict(r["figures_mb"], BOOK_BUDGETS["figures_mb"], mb)),
            ("page weight added before interaction", kb(r["page_kb"]),
             f"≤ {kb(BOOK_BUDGETS['page_kb'])}",
             verdict(r["page_kb"], BOOK_BUDGETS["page_kb"], kb)),
            ("(widget state + libraries no longer loaded)", kb(r["removed_kb"]), "—", "—"),
            (f"export wall clock, {r['jobs']} processes", sec(r["export_s"]),
             f"≤ {sec(BOOK_BUDGETS['export_s'])}",
             verdict(r["export_s"], BOOK_BUDGETS["export_s"], sec)),
            (f"export CPU time / {r['jobs']} (= wall on idle cores)",
             sec(r["cpu_s"] / r["jobs"]), f"≤ {sec(BOOK_BUDGETS['export_s'])}",
             verdict(r["cpu_s"] / r["jobs"], BOOK_BUDGETS["export_s"], sec)),
            ("slider move to its new figure, median", ms(r["move_ms"]),
             f"< {ms(BOOK_BUDGETS['move_ms'])}",
             verdict(r["move_ms"], BOOK_BUDGETS["move_ms"], ms, strict=True)),
            ("slider move to its new figure, slowest", ms(r["move_max_ms"]),
             f"< {ms(BOOK_BUDGETS['move_ms'])}",
             verdict(r["move_max_ms"], BOOK_BUDGETS["move_ms"], ms, strict=True)),
        ]
        for measure, value, goal, judged in rows:
            table.add(name, measure, value, goal, judged)
        if r["problem"]:
            problems.append(f"lesson {r['lesson'].number}: {r['problem']}")
    if problems:
        table.note = "; ".join(problems)
    section.tables.append(table)
    return section
