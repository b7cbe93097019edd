"""Group 1: import times in a fresh interpreter, minus a bare interpreter's start."""

from __future__ import annotations

import subprocess
import sys
import time
from typing import Any

from .common import Section, Table, median, seconds, verdict

#: (statement, goal in seconds or None).
IMPORTS: list[tuple[str, float | None]] = [
    ("import sanclab", 0.5),
    ("import sanclab.readings", None),
    # with its data stack: pandas alone takes ~0.4 s; matplotlib and spelling data stay out
    ("import sanclab.readings, sanclab.annotate, sanclab.exercises", 1.0),
    ("import sanclab.models", None),
    ("import sanclab.widgets", None),
    ("import jsonschema", None),
]


def _run(source: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", source], check=True)
    return time.perf_counter() - start


def import_times(code: str, repeat: int) -> list[float]:
    """Wall time of ``code`` in a fresh interpreter minus that of ``pass``, each import run
    paired with a bare run just before it."""
    times = []
    for _ in range(repeat):
        bare = _run("pass")
        times.append(_run(code) - bare)
    return times


def _rfc3987_modules() -> str:
    code = ("import sys, jsonschema\n"
            "print(', '.join(sorted(m for m in sys.modules if m.startswith('rfc3987'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout.strip()
    return out or "none"


def run(opts: Any, summary: dict) -> Section:
    section = Section(1, "Import times", (
        f"Wall time of each statement in a fresh interpreter (`{sys.executable} -c ...`) "
        "minus that of a bare interpreter (`-c pass`, run just before it), "
        f"{opts.repeat} pairs each. Importing `sanclab` must stay light (no heavy imports "
        "in `sanclab/__init__`)."))
    table = Table(["import", "median", "best", "goal", "verdict"])
    for code, goal in IMPORTS:
        times = import_times(code, opts.repeat)
        table.add(f"`{code}`", seconds(median(times)), seconds(min(times)),
                  "—" if goal is None else f"≤ {seconds(goal)}",
                  verdict(median(times), goal))
        if code == "import sanclab":
            summary["import_sanclab"] = median(times)
    table.note = (
        "`import jsonschema` used to cost 2.4–3.7 s (its format checker imported "
        "`rfc3987_syntax`, which builds a large grammar); the project now installs `rfc3987`, "
        "which jsonschema prefers. Modules `rfc3987*` loaded by `import jsonschema` in this "
        f"run: {_rfc3987_modules()}.")
    section.tables.append(table)
    return section
