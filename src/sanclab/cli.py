"""The ``sanclab`` command line: readings, annotation, glossary, student release and grading.

Every failure caused by the user's input (a missing file, a malformed reading, an unknown
term) prints one line on stderr, ``sanclab: error: ...``, and exits with status 2.
``sanclab annotate FOLDER`` skips the files it cannot read, naming each on stderr
(``sanclab: skipped: ...``), and fails only when it could read none.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

EXIT_USAGE = 2


class CommandError(Exception):
    """A user-facing error: printed as one line, exit status 2."""


def _print_frame(frame, stream=None) -> None:
    import pandas as pd

    with pd.option_context("display.max_rows", None, "display.max_columns", None,
                           "display.width", 200, "display.max_colwidth", 60):
        print(frame.to_string(index=False), file=stream or sys.stdout)


def _resolve_reading(key: str):
    """A reading by lesson number, slug, reading id or file path."""
    from sanclab.readings import get_seed, load_reading

    path = Path(key)
    looks_like_a_path = bool(path.suffix) or "/" in key or os.sep in key
    if path.is_file() or (looks_like_a_path and os.path.lexists(path)):
        # load_reading says what a non-file is: a folder, a FIFO, a symbolic link loop...
        return load_reading(path)
    if looks_like_a_path:
        raise CommandError(f"no such file: {key}")
    seed_key = int(key) if key.isdigit() else key
    if os.path.lexists(path):  # e.g. a folder named like a slug: a seed first, else say why
        try:
            return get_seed(seed_key)
        except ValueError:
            return load_reading(path)
    try:
        return get_seed(seed_key)
    except (KeyError, LookupError) as exc:
        raise CommandError(
            f"unknown reading {key!r}: give a lesson number 1-5, a slug, a reading id or a path"
        ) from exc


def cmd_readings(args: argparse.Namespace) -> None:
    from sanclab.readings import load_seeds

    rows = []
    for reading in load_seeds():
        paragraphs = reading.paragraphs
        rows.append({
            "lesson": reading.lesson,
            "slug": reading.slug,
            "id": reading.id,
            "published": reading.published.isoformat() if reading.published else "",
            "paragraphs": len(paragraphs),
            "words": int(paragraphs["words"].sum()),
            "title": reading.title,
        })
    import pandas as pd

    _print_frame(pd.DataFrame(rows))


def cmd_show(args: argparse.Namespace) -> None:
    reading = _resolve_reading(args.reading)
    meta = [reading.published.isoformat() if reading.published else None, reading.byline,
            reading.category]
    print(reading.title)
    print("=" * min(len(reading.title), 80))
    if reading.dek:
        print(reading.dek)
    line = " · ".join(m for m in meta if m)
    if line:
        print(line)
    for section in reading.sections:
        if section.heading:
            print(f"\n## {section.heading}")
        for paragraph in section.paragraphs:
            print(f"\n{paragraph.text}")


def _annotate_folder(folder: Path, fmt: str) -> str:
    from sanclab.annotate import concept_matrix
    from sanclab.readings import load_readings

    report = load_readings(folder)
    if not report.readings and not report.errors:
        raise CommandError(f"no .txt readings in folder {folder}")
    errors = [{"file": str(path), "reason": reason} for path, reason in report.errors]
    for e in errors:  # diagnostics go to stderr, whatever the format
        # A ReadingFormatError's reason already starts with the file's name.
        where = e["reason"] if e["file"] in e["reason"] else f"{e['file']}: {e['reason']}"
        print(f"sanclab: skipped: {where}", file=sys.stderr)
    if not report.readings:
        raise CommandError(f"no file in folder {folder} could be read ({len(errors)} .txt "
                           f"file{'s' if len(errors) > 1 else ''} skipped, listed above)")
    matrix = concept_matrix(report.readings)
    if fmt == "json":
        return json.dumps({
            "readings": [r.id for r in report.readings],
            "concept_matrix": {
                concept: {rid: int(n) for rid, n in row.items()}
                for concept, row in matrix.iterrows()
            },
            "errors": errors,
        }, indent=2, ensure_ascii=False)
    if fmt == "html":
        import html

        parts = ["<section class=\"sanclab-concept-matrix\">", matrix.to_html(escape=True)]
        if errors:
            parts.append("<h2>Files that could not be read</h2><ul>")
            parts += [f"<li>{html.escape(e['file'])}: {html.escape(e['reason'])}</li>"
                      for e in errors]
            parts.append("</ul>")
        parts.append("</section>")
        return "\n".join(parts)
    return matrix.to_string()


def _annotate_file(reading, fmt: str) -> str:
    from sanclab.annotate import annotate

    frame = annotate(reading)
    if fmt == "json":
        return frame.to_json(orient="records", indent=2, force_ascii=False)
    if fmt == "html":
        from sanclab.render import render_html

        return render_html(reading, annotations=frame)
    import pandas as pd

    with pd.option_context("display.max_rows", None, "display.width", 200):
        return frame.to_string(index=False)


def cmd_annotate(args: argparse.Namespace) -> None:
    path = Path(args.path)
    if path.is_dir():
        text = _annotate_folder(path, args.format)
    else:
        text = _annotate_file(_resolve_reading(args.path), args.format)
    if args.output:
        Path(args.output).write_text(text + "\n", encoding="utf-8")
    else:
        print(text)


def cmd_glossary(args: argparse.Namespace) -> None:
    from sanclab.glossary import load_glossary

    glossary = load_glossary()
    if args.term is not None:
        concept = glossary.lookup(args.term)
        if concept is None:
            raise CommandError(f"no glossary entry for {args.term!r}")
        print(concept.term)
        print(f"  category: {concept.category}")
        print(f"  definition: {concept.definition}")
        if concept.aliases:
            print(f"  aliases: {', '.join(concept.aliases)}")
        print(f"  lessons: {', '.join(str(n) for n in concept.lessons)}")
        if concept.see_also:
            print(f"  see also: {', '.join(concept.see_also)}")
        from sanclab.references import format_reference

        print(f"  reference: {format_reference(concept.reference)}")
        return
    frame = glossary.to_frame()[["term", "category", "lessons"]]
    _print_frame(frame)


def cmd_release(args: argparse.Namespace) -> None:
    from sanclab.exercises import make_student_release

    out = make_student_release(Path(args.out), overwrite=args.overwrite,
                               practice=not args.no_practice)
    print(f"student release written to {out}")


def _grade_summary(grades) -> list[str]:
    lines = []
    for student, rows in grades.groupby("student", sort=False):
        exercises = rows[rows.exercise_id != ""]
        pending = exercises[exercises.points_awarded.isna()].points_possible.sum()
        status = rows[rows.exercise_id == ""].status.iloc[0]
        line = (f"{student}: {exercises.points_awarded.sum():g}/"
                f"{exercises.points_possible.sum():g} points")
        if pending:
            line += f" ({pending:g} to mark by hand)"
        lines.append(f"{line}, {status}")
    return lines


def cmd_grade(args: argparse.Namespace) -> None:
    from sanclab.exercises import GradingLimits, grade_submissions

    missing = [p for p in args.notebooks if not Path(p).is_file()]
    if missing:
        raise CommandError(f"no such notebook: {missing[0]}")
    limits = GradingLimits(cell_timeout=args.timeout, notebook_timeout=args.notebook_timeout,
                           memory_mb=args.memory_mb)
    grades = grade_submissions(
        [Path(p) for p in args.notebooks], Path(args.output), lesson=args.lesson,
        jobs=args.jobs, limits=limits, isolation="none" if args.no_isolation else "auto",
        progress=True,
    )
    print("\n".join(_grade_summary(grades)))
    free = Path(args.output).with_name(Path(args.output).stem + "_free_responses.csv")
    print(f"grades written to {args.output}; free responses to mark in {free}")


def cmd_merge_marks(args: argparse.Namespace) -> None:
    from sanclab.exercises import merge_marks

    merge_marks(Path(args.grades), Path(args.marks), Path(args.output))
    print(f"grades with the marks written to {args.output}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sanclab", description="Readings, glossary and exercises of the sanclab course.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("readings", help="table of the five course readings")
    p.set_defaults(func=cmd_readings)

    p = sub.add_parser("show", help="print one reading as clean text")
    p.add_argument("reading", help="lesson number, slug, reading id or path to a .txt file")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser("annotate", help="glossary concepts found in a reading or a folder")
    p.add_argument("path", help="a reading (path, id, slug or lesson number) or a folder")
    p.add_argument("--format", choices=("table", "json", "html"), default="table")
    p.add_argument("--output", help="write to this file instead of standard output")
    p.set_defaults(func=cmd_annotate)

    p = sub.add_parser("glossary", help="list the glossary, or show one term")
    p.add_argument("term", nargs="?", help="a term or alias")
    p.set_defaults(func=cmd_glossary)

    p = sub.add_parser("release",
                       help="write the student release (no solutions, no answers) to a folder")
    p.add_argument("out", help="output folder (must be empty or absent)")
    p.add_argument("--overwrite", action="store_true",
                   help="write into a non-empty folder, replacing an earlier release there")
    p.add_argument("--no-practice", action="store_true",
                   help="leave out the hashed answers: check() gives no instant feedback")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("grade", help="run submitted notebooks in isolation and grade their "
                                     "final answers")
    p.add_argument("notebooks", nargs="+", help="submitted .ipynb files (student = file name)")
    p.add_argument("--output", default="grades.csv",
                   help="CSV file for the grades (appended as each notebook finishes; "
                        "students already in it are not graded again)")
    p.add_argument("--lesson", type=int, help="the lesson graded (default: inferred)")
    p.add_argument("--jobs", type=int, default=1, help="notebooks graded at the same time")
    p.add_argument("--timeout", type=float, default=120, help="seconds allowed per cell")
    p.add_argument("--notebook-timeout", type=float, default=600,
                   help="seconds allowed for the whole notebook")
    p.add_argument("--memory-mb", type=int, default=4096, help="memory limit of the kernel")
    p.add_argument("--no-isolation", action="store_true",
                   help="run submissions with your permissions where namespaces are "
                        "unavailable (only for submissions you trust)")
    p.set_defaults(func=cmd_grade)

    p = sub.add_parser("merge-marks", help="merge marked free responses into the grades")
    p.add_argument("grades", help="the CSV written by `sanclab grade`")
    p.add_argument("marks", help="its *_free_responses.csv with points_awarded filled in")
    p.add_argument("--output", required=True, help="CSV file for the merged grades")
    p.set_defaults(func=cmd_merge_marks)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except BrokenPipeError:  # e.g. `sanclab show 1 | head`
        sys.stderr.close()  # nothing more can be written; suppress the interpreter's warning
        return 0
    except (CommandError, ValueError, OSError, LookupError, RuntimeError) as exc:
        # ReadingFormatError, GlossaryError and ExerciseBankError are ValueErrors; a
        # RuntimeError is grading stopped because the answer key changed.
        message = " ".join(str(exc).split()) or type(exc).__name__
        print(f"sanclab: error: {message}", file=sys.stderr)
        return EXIT_USAGE
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
