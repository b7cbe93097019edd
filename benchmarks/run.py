"""Benchmarks of the speeds sanclab promises; one run writes ``benchmarks/RESULTS.md``.

Usage::

    make bench                                   # = .venv/bin/python benchmarks/run.py
    python benchmarks/run.py --quick --out /tmp/RESULTS.md   # a quick check while developing
    python benchmarks/run.py --groups 3,4        # only some groups
    python benchmarks/run.py --book-cold 2 --book-repeat 3 --lab

The report (markdown, ``--out``, default ``benchmarks/RESULTS.md``, rewritten after each
group so an interrupted run keeps what it measured) starts with the environment (date,
commit, CPU and cores, load average at the start and the end, Python, package versions)
and a "Before -> after" table of issue 17's numbers next to this run's, then one section
per group with the median (and the 95th percentile where it matters) of several runs, the
goal and a verdict (met, or not met and by how much):

1. import times in a fresh interpreter minus a bare one (``import sanclab`` <= 0.5 s);
2. the five readings loaded and annotated, warm (<= 0.2 s), and the scaling of
   ``annotate FILE --format html`` on generated 100 kB, 500 kB and 2 MB readings
   (2 MB <= 10 s);
3. every lesson dashboard's update (``d.set(**move); d.png()``: model + redraw + PNG) over
   seeded random slider moves on each control's step grid, median < 70 ms, with the p95 and
   the update taken apart into model, redraw and PNG;
4. every lesson notebook's own execution time (nbclient, minus an empty notebook) <= 3 s;
5. the book's build on a throw-away copy of the committed tree: cold, warm (<= 0.2 x cold),
   after a markdown edit (<= 0.25 x cold), after a docstring edit (no lesson re-executed);
6. ``check()`` latency on lesson 1's exercises, correct and wrong answers;
7. the grader's throughput with ``jobs=1`` and ``jobs=2`` (>= 12 small notebooks a minute);
8. the book's static dashboards: figures <= 15 MB, page weight added <= 300 kB, export
   <= 60 s on two cores, slider move to figure < 100 ms (each dashboard exported afresh:
   a minute or so each);
9. other budgets: lesson 1's model (5 ms) and waiver grid search (0.2 s), the minimal
   penalty's memory for 10^5 allies (100 MB), and with ``--lab`` a lesson 1 slider move in
   a real JupyterLab (150 ms).

A full run takes about half an hour on two idle cores (the cold book build alone several
minutes); run it on a quiet machine. ``--quick`` (repeat 1, 10 dashboard moves, one
lesson round, 2 submissions; no scaling and no book: groups 5 and 8 skipped) takes a few
minutes and is for checking that everything runs, not for numbers to keep. The sanclab
measured is this checkout's ``src`` (put first on ``PYTHONPATH`` for every subprocess and
kernel).
"""

from __future__ import annotations

import argparse
import sys
import time
import traceback
from pathlib import Path

if __package__ in (None, ""):  # run as a script: import ``benchmarks`` from the checkout,
    # and keep benchmarks/ itself off the path (its modules would shadow same-named ones)
    sys.path[0] = str(Path(__file__).resolve().parents[1])

from benchmarks import (  # noqa: E402
    book,
    bookdash,
    dashboards,
    exercises,
    imports,
    lessons,
    other,
    readings,
    report,
)
from benchmarks.common import ROOT, Section, use_this_checkout  # noqa: E402

#: number -> (title, function(opts, summary) -> Section).
GROUPS = {
    1: ("Import times", imports.run),
    2: ("Readings: load, annotate, render", readings.run),
    3: ("Dashboard updates", dashboards.run),
    4: ("Lesson execution", lessons.run),
    5: ("Book build", book.run),
    6: ("`check()` latency", exercises.run_check),
    7: ("Grader throughput", exercises.run_grading),
    8: ("Book dashboards without a kernel: page weight and frame budget", bookdash.run),
    9: ("Other budgets", other.run),
}
BOOK_GROUPS = {5, 8}


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "RESULTS.md",
                        help="where to write the report (default: benchmarks/RESULTS.md)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per timing (default 7)")
    parser.add_argument("--moves", type=int, default=60,
                        help="timed slider moves per dashboard (default 60)")
    parser.add_argument("--warmup", type=int, default=5,
                        help="warm-up slider moves per dashboard (default 5)")
    parser.add_argument("--lesson-runs", type=int, default=3,
                        help="rounds of lesson executions (default 3)")
    parser.add_argument("--book-cold", type=int, default=1,
                        help="cold book builds, each on a fresh copy (default 1; ~2-5 min each)")
    parser.add_argument("--book-repeat", type=int, default=2,
                        help="warm, markdown-edit and docstring-edit builds each (default 2)")
    parser.add_argument("--keep-copy", action="store_true",
                        help="keep the book's throw-away copy and its build logs")
    parser.add_argument("--groups", default="",
                        help="comma-separated group numbers to run (default: all)")
    parser.add_argument("--quick", action="store_true",
                        help="check that everything runs: repeat 1, few moves, one lesson "
                             "round, no scaling, no book (groups 5 and 8)")
    parser.add_argument("--no-scaling", action="store_true",
                        help="skip the scaling tables (long readings, many allies)")
    parser.add_argument("--no-book", action="store_true",
                        help="skip the book: its build (group 5) and its dashboards' budgets "
                             "(group 8, every dashboard exported afresh)")
    parser.add_argument("--lab", action="store_true",
                        help="also time a lesson 1 slider move in a real JupyterLab")
    opts = parser.parse_args(argv)
    if opts.quick:
        opts.repeat, opts.moves, opts.warmup, opts.lesson_runs = 1, 10, 2, 1
        opts.no_scaling = opts.no_book = True
    opts.scaling = not opts.no_scaling
    wanted = {int(g) for g in opts.groups.split(",") if g.strip()} or set(GROUPS)
    unknown = wanted - set(GROUPS)
    if unknown:
        parser.error(f"unknown group(s) {sorted(unknown)}; groups are 1-{len(GROUPS)}")
    opts.selected = wanted
    for name in ("repeat", "moves", "lesson_runs", "book_cold", "book_repeat"):
        if getattr(opts, name) < 1:
            parser.error(f"--{name.replace('_', '-')} must be at least 1")
    return opts


def main(argv: list[str] | None = None) -> int:
    opts = parse_args(argv)
    use_this_checkout()
    options = " ".join(["benchmarks/run.py", *(sys.argv[1:] if argv is None else argv)])
    env = report.environment()
    summary: dict = {}
    sections: list[Section] = []
    start = time.perf_counter()

    def write(finished: bool) -> None:
        opts.out.parent.mkdir(parents=True, exist_ok=True)
        opts.out.write_text(report.markdown(env, options, sections, summary, finished,
                                            time.perf_counter() - start), encoding="utf-8")

    failed = False
    for number, (title, func) in GROUPS.items():
        if number not in opts.selected:
            section = Section(number, title, skipped="not selected (`--groups`)")
        elif number in BOOK_GROUPS and opts.no_book:
            section = Section(number, title, skipped="`--no-book` or `--quick`")
        else:
            print(f"[{number}] {title} ...", flush=True)
            t0 = time.perf_counter()
            try:
                section = func(opts, summary)
            except Exception:  # report the failure and go on with the other groups
                section = Section(number, title, error=traceback.format_exc(limit=8))
                failed = True
            section.seconds = time.perf_counter() - t0
            print(section.markdown(), "\n", flush=True)
        sections.append(section)
        write(finished=False)
    write(finished=True)
    print(f"report written to {opts.out} ({(time.perf_counter() - start) / 60:.1f} min)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
