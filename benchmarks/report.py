"""The environment of a run and the markdown of ``RESULTS.md``."""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
import sys
from importlib import metadata
from pathlib import Path
from typing import Any

from .common import ROOT, Section, Table, ratio, seconds

#: Distributions whose versions the report lists (the first six are the key ones).
PACKAGES = ("matplotlib", "numpy", "pandas", "sphinx", "jupyter-book", "myst-nb", "nbclient",
            "jupyter-cache", "ipykernel", "ipywidgets", "jsonschema", "rfc3987", "playwright")


def cpu_model() -> str:
    try:
        text = Path("/proc/cpuinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return platform.processor() or "unknown"
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key.strip() in ("model name", "Hardware", "Processor", "cpu model"):
            return value.strip()
    return platform.processor() or "unknown"


def load_average() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg()) + " (1 / 5 / 15 min)"
    except OSError:
        return "n/a"


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def _git(*args: str) -> str:
    try:
        return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def environment() -> dict[str, str]:
    """What the run's numbers depend on, taken at the start of the run."""
    commit = _git("rev-parse", "--short", "HEAD") or "unknown"
    if _git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with uncommitted changes)"
    try:
        usable = len(os.sched_getaffinity(0))
    except AttributeError:
        usable = os.cpu_count() or 0
    return {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "commit": commit,
        "CPU": cpu_model(),
        "cores": f"{os.cpu_count()} (usable by this process: {usable})",
        "load average at start": load_average(),
        "Python": f"{platform.python_implementation()} {platform.python_version()} "
                  f"({sys.executable})",
        "system": platform.platform(),
        **{name: _version(name) for name in PACKAGES},
    }


def before_after(summary: dict[str, Any]) -> Table:
    """The issue's "today" numbers next to this run's."""

    def book(kind: str) -> tuple[float | None, float | None, list[int]]:
        return summary.get(f"book_{kind}", (None, None, []))

    warm, md, doc, cold = book("warm"), book("markdown_edit"), book("docstring_edit"), book(
        "cold")
    doc_text = "n/a"
    if doc[0] is not None:
        doc_text = (f"{seconds(doc[0])}, lessons re-executed: "
                    f"{', '.join(map(str, doc[2])) or 'n/a'}")
    md_text = "n/a" if md[0] is None else f"{seconds(md[0])} ({ratio(md[1])} cold)"
    cold_text = "n/a" if cold[0] is None else f"cold build {seconds(cold[0])} (install not " \
                                               "measured)"
    table = Table(["measure", "before (issue 17)", "this run", "goal", "notes"])
    table.add("book warm ÷ cold", "0.69×", ratio(warm[1]), "≤ 0.20×", "")
    table.add("rebuild after one markdown edit", "16.3 s", md_text, "≤ 0.25 × cold", "")
    table.add("after a docstring edit", "29.1 s, every lesson re-run", doc_text,
              "no lesson re-executed", "")
    table.add("lesson 1 own execution", "5.4 s", seconds(summary.get("lesson1_own")),
              "≤ 3 s", "")
    table.add("dashboard update lesson 1", "~130 ms", seconds(summary.get("dashboard_lesson1")),
              "median < 70 ms", "")
    table.add("fresh make book", "170 s", cold_text, "≤ 100 s", "")
    return table


def markdown(env: dict[str, str], options: str, sections: list[Section],
             summary: dict[str, Any], finished: bool, elapsed: float) -> str:
    state = "" if finished else " **(run in progress or interrupted: incomplete)**"
    env = {**env, "load average at end": load_average() if finished else "n/a",
           "run time": f"{elapsed / 60:.1f} min", "options": f"`{options}`"}
    lines = [
        "# sanclab benchmarks",
        "",
        f"Written by `benchmarks/run.py` (`make bench`){state}. Wall-clock times depend on "
        "how busy the machine is: compare the load averages below. Timings are reported "
        "here, never asserted in tests. \"median\" is over the runs of that row; \"p95\" "
        "is the 95th percentile (nearest rank).",
        "",
        "## Environment",
        "",
        "| | |",
        "|---|---|",
        *[f"| {k} | {v} |" for k, v in env.items()],
        "",
        "## Before → after",
        "",
        "The issue's figures (issue 17, \"today\") next to this run's; `notes` is for the "
        "reader.",
        "",
        before_after(summary).markdown(),
        "",
    ]
    for section in sections:
        lines += [section.markdown(), ""]
    return "\n".join(lines)
