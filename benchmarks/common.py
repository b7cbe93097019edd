"""Shared helpers of the benchmarks: timing, statistics, verdicts and report tables."""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The checkout the benchmarks measure (``benchmarks/..``).
ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src"


def use_this_checkout() -> None:
    """Put this checkout's ``src`` first on ``sys.path`` and ``PYTHONPATH``, so this process,
    the fresh interpreters, the kernels and the grader's workers all import *this* sanclab
    (not another checkout's editable install)."""
    src = str(SRC)
    if sys.path[:1] != [src]:
        sys.path.insert(0, src)
    rest = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != src]
    os.environ["PYTHONPATH"] = os.pathsep.join([src, *rest])


def timed(func: Callable[[], object], repeat: int) -> list[float]:
    """Wall-clock seconds of ``repeat`` calls of ``func``."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return times


def timed_cpu(func: Callable[[], object], repeat: int) -> list[float]:
    """Like :func:`timed`, with the process's CPU time (less sensitive to a busy machine)."""
    times = []
    for _ in range(repeat):
        start = time.process_time()
        func()
        times.append(time.process_time() - start)
    return times


def median(values: Sequence[float]) -> float | None:
    return statistics.median(values) if values else None


def p95(values: Sequence[float]) -> float | None:
    """The 95th percentile by the nearest-rank method (the largest value for n < 20)."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]


def seconds(value: float | None) -> str:
    """``0.0123`` -> ``12.3 ms``; ``4.5`` -> ``4.50 s``; ``None`` -> ``n/a``."""
    if value is None:
        return "n/a"
    if abs(value) < 1.0:
        return f"{value * 1000:.1f} ms"
    return f"{value:.2f} s"


def ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f}×"


def verdict(value: float | None, goal: float | None,
            show: Callable[[float | None], str] = seconds, *, strict: bool = False,
            higher_is_better: bool = False) -> str:
    """``met (distance below the goal)`` or ``not met (distance above it, value/goal)``.

    ``strict``: the value must be below the goal (``<``), not at it. ``higher_is_better``:
    the goal is a minimum (a throughput). No goal: ``no goal set``.
    """
    if goal is None:
        return "no goal set"
    if value is None:
        return "not measured"
    if higher_is_better:
        ok = value > goal if strict else value >= goal
    else:
        ok = value < goal if strict else value <= goal
    distance = show(abs(value - goal))
    if ok:
        side = "above" if higher_is_better else "below"
        return f"met ({distance} {side})"
    side = "below" if higher_is_better else "above"
    factor = f", {value / goal:.2f}× the goal" if goal else ""
    return f"**not met** ({distance} {side}{factor})"


@dataclass
class Table:
    """One markdown table of the report."""

    columns: list[str]
    rows: list[list[Any]] = field(default_factory=list)
    title: str = ""
    note: str = ""

    def add(self, *cells: Any) -> None:
        self.rows.append([str(c) for c in cells])

    def markdown(self) -> str:
        lines = []
        if self.title:
            lines += [f"**{self.title}**", ""]
        lines.append("| " + " | ".join(self.columns) + " |")
        lines.append("|" + "|".join("---" for _ in self.columns) + "|")
        for row in self.rows:
            cells = [str(c).replace("|", "\\|").replace("\n", " ") for c in row]
            lines.append("| " + " | ".join(cells) + " |")
        if self.note:
            lines += ["", self.note]
        return "\n".join(lines)


@dataclass
class Section:
    """One group of the report: what it measures, its tables, how long it took."""

    number: int
    title: str
    text: str = ""
    tables: list[Table] = field(default_factory=list)
    error: str = ""
    skipped: str = ""
    seconds: float = 0.0

    def markdown(self) -> str:
        parts = [f"## {self.number}. {self.title}"]
        if self.skipped:
            parts.append(f"Not measured in this run: {self.skipped}.")
            return "\n\n".join(parts)
        if self.text:
            parts.append(self.text)
        parts += [t.markdown() for t in self.tables]
        if self.error:
            parts.append(f"**This group failed:**\n\n```\n{self.error}\n```")
        parts.append(f"_Group run time: {self.seconds:.0f} s._")
        return "\n\n".join(parts)
