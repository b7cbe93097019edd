"""Group 2: loading and annotating the readings, and how it scales with a reading's size."""

from __future__ import annotations

import tempfile
import time
from pathlib import Path
from typing import Any

from .common import Section, Table, median, seconds, timed, verdict

#: Goal for loading and annotating the five seed readings, warm.
SEEDS_GOAL = 0.2
#: Sizes of the generated readings, in bytes.
READING_SIZES = (100_000, 500_000, 2_000_000)
#: Goal for loading, annotating, finding errata and rendering the largest reading.
LARGE_READING_GOAL = 10.0


def load_and_annotate_times(repeat: int) -> list[float]:
    from sanclab.annotate import annotate
    from sanclab.glossary import load_glossary
    from sanclab.readings import load_seeds

    glossary = load_glossary()

    def work() -> None:
        for reading in load_seeds():
            annotate(reading, glossary)

    work()  # warm: glossary parsed, regex compiled
    return timed(work, repeat)


def generated_reading(folder: Path, size: int, single: bool) -> Path:
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


def scaling_readings() -> Table:
    """One run per size and layout of what ``sanclab annotate FILE --format html`` does."""
    from sanclab.annotate import annotate
    from sanclab.errata import errata
    from sanclab.glossary import load_glossary
    from sanclab.readings import load_reading
    from sanclab.render import render_html

    glossary = load_glossary()
    table = Table(["reading", "load", "annotate", "errata", "render", "total", "goal",
                   "verdict"], title="`annotate FILE --format html` on generated readings "
                                     "(one run per row)")
    with tempfile.TemporaryDirectory() as tmp:
        warm = load_reading(generated_reading(Path(tmp), 20_000, single=False))
        render_html(warm, glossary=glossary)  # dictionary, glossary and regex loaded once
        for size in READING_SIZES:
            for single in (True, False):
                path = generated_reading(Path(tmp), size, single)
                t0 = time.perf_counter()
                reading = load_reading(path)
                t1 = time.perf_counter()
                found = annotate(reading, glossary)
                t2 = time.perf_counter()
                marks = errata(reading, glossary)
                t3 = time.perf_counter()
                render_html(reading, annotations=found, errata=marks, glossary=glossary)
                t4 = time.perf_counter()
                goal = LARGE_READING_GOAL if size == max(READING_SIZES) else None
                name = (f"{path.stat().st_size / 1000:.0f} kB, "
                        f"{'one paragraph' if single else 'paragraphs'}")
                table.add(name, seconds(t1 - t0), seconds(t2 - t1), seconds(t3 - t2),
                          seconds(t4 - t3), seconds(t4 - t0),
                          "—" if goal is None else f"≤ {seconds(goal)}",
                          "—" if goal is None else verdict(t4 - t0, goal))
                print(f"  {name}: {seconds(t4 - t0)}", flush=True)
    table.note = ("The total should grow about linearly with the size; 2 MB is near the "
                  "readings' 2 MiB limit.")
    return table


def run(opts: Any, summary: dict) -> Section:
    section = Section(2, "Readings: load, annotate, render", (
        "The five seed readings loaded and annotated with the glossary, warm (glossary and "
        f"patterns loaded by a first run), {opts.repeat} runs; then the scaling of "
        "`sanclab annotate FILE --format html` (load, annotate, errata, render) on generated "
        "readings of 100 kB, 500 kB and 2 MB, as one paragraph and as ordinary paragraphs."))
    times = load_and_annotate_times(opts.repeat)
    table = Table(["measure", "runs", "median", "best", "goal", "verdict"])
    table.add("load + annotate the five readings (warm)", len(times), seconds(median(times)),
              seconds(min(times)), f"≤ {seconds(SEEDS_GOAL)}", verdict(median(times),
                                                                      SEEDS_GOAL))
    section.tables.append(table)
    if opts.scaling:
        section.tables.append(scaling_readings())
    else:
        section.text += " (Scaling not measured in this run: `--no-scaling` or `--quick`.)"
    return section
