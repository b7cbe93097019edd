"""Group 3: every lesson dashboard's update (model + redraw + PNG) over slider moves."""

from __future__ import annotations

import random
import time
from typing import Any

from .common import Section, Table, median, p95, seconds, verdict

#: Goal for the median update of a lesson dashboard (strictly below).
UPDATE_GOAL = 0.070
#: Seed of the slider moves (the split into model, redraw and PNG uses SEED + 1).
SEED = 17


def slider_moves(dashboard: Any, count: int, seed: int) -> list[dict[str, Any]]:
    """``count`` slider moves: each sets one control, drawn at random, to another of its
    slider positions (its own step grid), drawn at random; reproducible from ``seed``."""
    rng = random.Random(seed)
    current = dashboard.defaults()
    moves = []
    for _ in range(count):
        control = dashboard.controls[rng.randrange(len(dashboard.controls))]
        choices = [v for v in control.positions() if v != current[control.name]]
        value = choices[rng.randrange(len(choices))]
        current[control.name] = value
        moves.append({control.name: value})
    return moves


def update_times(lesson: Any, moves: int, warmup: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds of ``d.set(**move); d.png()`` for each move after the warm-up,
    on a fresh dashboard of the lesson."""
    dash = lesson.dashboard()
    sequence = slider_moves(dash, warmup + moves, SEED)
    wall, cpu = [], []
    for k, move in enumerate(sequence):
        w0, c0 = time.perf_counter(), time.process_time()
        dash.set(**move)
        dash.png()
        if k >= warmup:
            wall.append(time.perf_counter() - w0)
            cpu.append(time.process_time() - c0)
    return wall, cpu


def split_times(lesson: Any, moves: int, warmup: int) -> dict[str, list[float]]:
    """The update taken apart, on another fresh dashboard and other moves (so that no model
    cache filled by :func:`update_times` helps): ``d.compute(**params)``,
    ``d.draw(d.figure, result)`` and ``d.png()``."""
    dash = lesson.dashboard()
    params = dash.params
    parts: dict[str, list[float]] = {"model": [], "redraw": [], "png": [], "total": []}
    for k, move in enumerate(slider_moves(dash, warmup + moves, SEED + 1)):
        params = {**params, **move}
        t0 = time.perf_counter()
        result = dash.compute(**params)
        t1 = time.perf_counter()
        dash.draw(dash.figure, result)
        t2 = time.perf_counter()
        dash.png()
        t3 = time.perf_counter()
        if k >= warmup:
            for name, value in (("model", t1 - t0), ("redraw", t2 - t1), ("png", t3 - t2),
                                ("total", t3 - t0)):
                parts[name].append(value)
    return parts


def run(opts: Any, summary: dict) -> Section:
    from sanclab.lessons import lessons

    section = Section(3, "Dashboard updates", (
        "For each lesson: `d = lesson.dashboard()`, then for each slider move "
        "`d.set(**move); d.png()` (model, redraw onto the figure, PNG). A move sets one "
        "control, drawn at random, to another position of its own step grid, drawn at random "
        f"(`random.Random({SEED})`); {opts.warmup} warm-up moves, then {opts.moves} timed "
        "moves. Wall-clock times; the CPU column is the process's own CPU time (less "
        "sensitive to a busy machine)."))
    table = Table(["lesson", "moves", "median", "p95", "max", "median CPU", "goal",
                   "verdict"])
    split = Table(["lesson", "model `d.compute`", "redraw `d.draw`", "PNG `d.png`",
                   "sum of medians", "median total"],
                  title="The update taken apart (medians; other moves, seed "
                        f"{SEED + 1}, on another fresh dashboard)",
                  note="`d.draw` only updates the artists' data; they are painted over the "
                       "saved background (blitting) and the picture encoded as a palette PNG "
                       "in `d.png`.")
    for lesson in lessons():
        wall, cpu = update_times(lesson, opts.moves, opts.warmup)
        name = f"{lesson.number} {lesson.slug}"
        table.add(name, len(wall), seconds(median(wall)), seconds(p95(wall)),
                  seconds(max(wall)), seconds(median(cpu)), f"median < {seconds(UPDATE_GOAL)}",
                  verdict(median(wall), UPDATE_GOAL, strict=True))
        if lesson.number == 1:
            summary["dashboard_lesson1"] = median(wall)
        parts = split_times(lesson, opts.moves, opts.warmup)
        medians = {k: median(v) for k, v in parts.items()}
        split.add(name, seconds(medians["model"]), seconds(medians["redraw"]),
                  seconds(medians["png"]),
                  seconds(medians["model"] + medians["redraw"] + medians["png"]),
                  seconds(medians["total"]))
        print(f"  lesson {lesson.number}: median {seconds(median(wall))}, "
              f"p95 {seconds(p95(wall))}", flush=True)
    section.tables += [table, split]
    return section
