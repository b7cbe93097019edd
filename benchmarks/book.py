"""Group 5: the book's build times, on a throw-away copy of the repository.

The copy is the committed tree (``git archive HEAD``, which keeps the relative symlink
``book/lessons -> ../notebooks``), so this checkout's ``book/_build`` is never touched, and
``PYTHONPATH`` points at the copy's ``src``, so the book's extension and the kernels that
execute the lessons import the copy's library (a docstring edited there is seen). Builds,
in order: *cold* (no ``book/_build``: every lesson executes and every dashboard is exported),
*warm* (the same command again, nothing changed), after appending a blank line to a
hand-written markdown page, and after editing a docstring of
``src/sanclab/models/threshold.py``. Each uses ``scripts/build_book.py`` as ``make book``
does (incremental); the log tells how many notebooks were executed.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .common import ROOT, Section, Table, median, ratio, seconds, verdict

#: Goals: warm rebuild / cold build; markdown-edit rebuild / cold build; fresh make book.
WARM_GOAL = 0.20
MARKDOWN_GOAL = 0.25
FRESH_GOAL = 100.0
#: The hand-written page whose edit is timed, and the library file whose docstring is.
MARKDOWN_PAGE = "book/intro.md"
DOCSTRING_FILE = "src/sanclab/models/threshold.py"
#: myst-nb logs this when it executes a notebook (``cache`` mode; jupyter-cache itself logs
#: ``Executing: <uri>`` from its own executors, which ``jupyter-book build`` does not use).
EXECUTING = re.compile(r"Executing notebook using|Executing: \S+\.ipynb")
EXECUTED = re.compile(r"Executed notebook in ([0-9.]+) seconds")
#: The book's extension logs how many dashboard exports it reuses and how many it starts.
DASHBOARDS = re.compile(r"\[sanclab\] dashboards: (\d+) cached, (\d+) being exported")


@dataclass
class Build:
    kind: str
    seconds: float
    returncode: int
    executed: int
    execution_seconds: float
    dashboards_exported: int | None
    log: Path


def make_copy(target: Path) -> Path:
    """Extract the committed tree of this checkout into ``target`` (created)."""
    target.mkdir(parents=True)
    archive = target.parent / f"{target.name}.tar"
    subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "-o", str(archive),
                    "HEAD"], check=True)
    subprocess.run(["tar", "-x", "-f", str(archive), "-C", str(target)], check=True)
    archive.unlink()
    return target


def build(copy: Path, kind: str, number: int) -> Build:
    """Run ``scripts/build_book.py`` in the copy; the log goes to ``copy/../logs``."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    here = str(ROOT / "src")
    rest = [p for p in env.get("PYTHONPATH", "").split(os.pathsep) if p and p != here]
    env["PYTHONPATH"] = os.pathsep.join([str(copy / "src"), *rest])
    logs = copy.parent / "logs"
    logs.mkdir(exist_ok=True)
    log = logs / f"{number:02d}_{kind.replace(' ', '_')}.log"
    start = time.perf_counter()
    with log.open("w", encoding="utf-8") as out:
        proc = subprocess.run([sys.executable, str(copy / "scripts" / "build_book.py")],
                              cwd=copy, env=env, stdout=out, stderr=subprocess.STDOUT,
                              check=False)
    elapsed = time.perf_counter() - start
    text = log.read_text(encoding="utf-8", errors="replace")
    exports = DASHBOARDS.search(text)
    result = Build(kind, elapsed, proc.returncode, len(EXECUTING.findall(text)),
                   sum(float(s) for s in EXECUTED.findall(text)),
                   int(exports.group(2)) if exports else None, log)
    print(f"  {kind}: {elapsed:.1f} s, exit {proc.returncode}, {result.executed} notebook(s) "
          f"executed, {result.dashboards_exported} dashboard(s) exported", flush=True)
    return result


def append_blank_line(copy: Path) -> None:
    path = copy / MARKDOWN_PAGE
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")


def edit_docstring(copy: Path, number: int) -> str:
    """Add a line after the summary of the first multi-line function or class docstring of
    :data:`DOCSTRING_FILE` in the copy (the code itself is unchanged); returns its name."""
    path = copy / DOCSTRING_FILE
    text = path.read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(text)):
        if (isinstance(node, (ast.FunctionDef, ast.ClassDef)) and ast.get_docstring(node)
                and node.body[0].end_lineno > node.body[0].lineno):
            first = node.body[0].lineno  # the line holding the opening quotes and summary
            lines = text.splitlines(keepends=True)
            indent = re.match(r"\s*", lines[first - 1]).group(0)
            lines.insert(first, f"{indent}(Benchmark edit {number}.)\n")
            path.write_text("".join(lines), encoding="utf-8")
            return node.name
    raise RuntimeError(f"no multi-line docstring found in {DOCSTRING_FILE}")


def _failed(builds: list[Build]) -> str:
    bad = [b for b in builds if b.returncode != 0]
    if not bad:
        return ""
    return "; ".join(f"{b.kind} build exited with {b.returncode} (log: {b.log})" for b in bad)


def run(opts: Any, summary: dict) -> Section:
    section = Section(5, "Book build", (
        "On a throw-away copy of the committed tree (`git archive HEAD`), with `PYTHONPATH` "
        "at the copy's `src`: `python scripts/build_book.py` (what `make book` runs after "
        "installing; incremental) cold (no `book/_build`: every lesson executes, every "
        f"dashboard is exported) {opts.book_cold} time(s), each on a fresh copy; then on the "
        f"last copy, {opts.book_repeat} time(s) each: warm (nothing changed), after "
        f"appending a blank line to `{MARKDOWN_PAGE}`, after adding a line to a docstring of "
        f"`{DOCSTRING_FILE}`. Notebooks executed are counted from myst-nb's log "
        "(`Executing notebook using ... CWD`)."))
    tmp = Path(tempfile.mkdtemp(prefix="sanclab-bench-book-"))
    builds: list[Build] = []
    number = 0
    try:
        copy = None
        for k in range(opts.book_cold):
            copy = make_copy(tmp / f"copy{k}")
            number += 1
            builds.append(build(copy, "cold", number))
        assert copy is not None
        edited = ""
        for _ in range(opts.book_repeat):
            number += 1
            builds.append(build(copy, "warm", number))
        for _ in range(opts.book_repeat):
            append_blank_line(copy)
            number += 1
            builds.append(build(copy, "markdown edit", number))
        for k in range(opts.book_repeat):
            edited = edit_docstring(copy, k + 1)
            number += 1
            builds.append(build(copy, "docstring edit", number))
    finally:
        if opts.keep_copy or any(b.returncode for b in builds):
            print(f"  book copies and build logs kept in {tmp}", flush=True)
        else:
            shutil.rmtree(tmp, ignore_errors=True)

    def times(kind: str) -> list[float]:
        return [b.seconds for b in builds if b.kind == kind]

    cold = median(times("cold"))
    table = Table(["build", "runs", "median", "÷ cold", "notebooks executed (per run)",
                   "their execution (median)", "dashboards exported (per run)", "goal",
                   "verdict"])
    goals = {"cold": (f"fresh `make book` ≤ {FRESH_GOAL:.0f} s (install not measured)",
                      verdict(cold, FRESH_GOAL)),
             "warm": (f"≤ {WARM_GOAL:.2f} × cold", None),
             "markdown edit": (f"≤ {MARKDOWN_GOAL:.2f} × cold", None),
             "docstring edit": ("no lesson re-executed", None)}
    for kind in ("cold", "warm", "markdown edit", "docstring edit"):
        runs = [b for b in builds if b.kind == kind]
        value = median([b.seconds for b in runs])
        share = None if value is None or not cold else value / cold
        executed = [b.executed for b in runs]
        goal, judged = goals[kind]
        if kind == "warm":
            judged = verdict(share, WARM_GOAL, ratio)
        elif kind == "markdown edit":
            judged = verdict(share, MARKDOWN_GOAL, ratio)
        elif kind == "docstring edit":
            judged = ("met (none re-executed)" if executed and not any(executed) else
                      f"**not met** (lessons re-executed: {', '.join(map(str, executed))})")
        spent = [b.execution_seconds for b in runs if b.executed]
        table.add(kind, len(runs), seconds(value), ratio(share),
                  ", ".join(map(str, executed)), seconds(median(spent)) if spent else "—",
                  ", ".join("?" if b.dashboards_exported is None else str(b.dashboards_exported)
                            for b in runs), goal, judged)
        summary[f"book_{kind.replace(' ', '_')}"] = (value, share, executed)
    table.note = (f"Docstring edited: `{edited}` in `{DOCSTRING_FILE}`. The cold build is "
                  "the build part of a fresh `make book`; the install step (`pip install -e "
                  "\".[book]\"` into a new virtual environment) is not measured here. "
                  "Dashboards exported: from the extension's log line `[sanclab] dashboards: "
                  "N cached, M being exported`.")
    again = [b for b in builds if b.kind != "cold" and b.dashboards_exported]
    if again:
        table.note += (
            f" **{len(again)} of the {len([b for b in builds if b.kind != 'cold'])} rebuilds "
            "exported dashboards again** although no code they depend on changed: the "
            "dashboards' export cache (`book/_build/.sanclab_dashboards`) was not reused, "
            "and these exports dominate those rebuilds' time.")
    section.tables.append(table)
    section.error = _failed(builds)
    return section
