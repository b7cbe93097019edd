"""The student release: lesson notebooks and exercise banks without solutions or answers.

:func:`make_student_release` builds everything in memory, checks that no worked solution
and no answer of any bank survives in it, and only then writes::

    <out_dir>/README.md
    <out_dir>/notebooks/NN_slug.ipynb   (cells tagged ``solution`` or ``instructor`` dropped)
    <out_dir>/exercises/lN_slug.yaml    (the student edition of each bank)
    <out_dir>/seeds/*.txt               (the course readings, byte for byte)
    <out_dir>/sanclab-release.txt       (marks the folder as a release: see RELEASE_MARKER)

The student edition of a bank (:func:`student_bank_text`) has no ``solution``, no hidden
test case, no reference implementation, and neither the numeric values nor the correct
options: only salted hashes of them (:mod:`sanclab.exercises.digest`), which ``check`` uses
for practice feedback. With ``practice=False`` even those are left out and ``check`` only
records answers. A practice checker can always be brute-forced (try every option); that is
why grading (:func:`sanclab.exercises.grade_submissions`) ignores it and checks the final
answers against the instructor's banks, with hidden cases for functions.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from ._paths import existing_notebooks
from .bank import _FILE_RE, Bank, ExerciseBankError, load_bank_file
from .bank import exercises_dir as find_exercises_dir

__all__ = [
    "DROPPED_TAGS",
    "EDITION_ENV",
    "RELEASE_MARKER",
    "book_edition",
    "make_student_release",
    "student_bank_text",
    "student_notebook",
]

#: Environment variable choosing the book's edition: ``instructor`` (default, with the
#: worked solutions) or ``student`` (without them; publish this one when exercises are
#: graded).
EDITION_ENV = "SANCLAB_EDITION"

#: Cells carrying one of these tags never reach students.
DROPPED_TAGS = frozenset({"solution", "instructor"})

#: Solution fragments shorter than this (after collapsing whitespace) are not searched
#: for, since short phrases also occur in ordinary text.
MIN_FRAGMENT = 25

#: File written into every release. ``overwrite=True`` replaces the release's README,
#: notebooks, exercises and seeds only in a folder holding it (with this first line), so that
#: it never deletes another folder's ``exercises/`` (say, a clone of the course with the
#: instructor banks).
RELEASE_MARKER = "sanclab-release.txt"
_MARKER_FIRST_LINE = "sanclab student release"
_MARKER_TEXT = f"""{_MARKER_FIRST_LINE}
This folder was written by `sanclab release` (sanclab.exercises.make_student_release).
`sanclab release --overwrite` may replace its README.md, notebooks/, exercises/ and seeds/
only while this file is here.
"""
#: What a release writes into its folder (and what ``overwrite=True`` replaces).
_RELEASE_ENTRIES = ("README.md", "notebooks", "exercises", "seeds")

_README = """\
# Exercises for students

This folder holds the course's lesson notebooks and their exercises.

1. Open a notebook from `notebooks/` in JupyterLab (with the course environment,
   including the `sanclab` package, installed).
2. Run the cells from the top. Each exercise says how to check your answer, for
   example `check("l1.e1", 3)`; the reply tells you whether you are right and, after a
   wrong try, gives the next hint.
3. Keep the `exercises/` and `seeds/` folders next to `notebooks/`: the checker and the
   lessons read them from there.

Worked solutions and answers are not included: the checker compares your answer with
salted hashes of the right one. Free-response answers are graded by your instructor.
"""


def book_edition() -> str:
    """The book edition to build: ``$SANCLAB_EDITION``, ``instructor`` by default.

    The ``student`` edition's exercise pages have no worked solutions.

    Raises
    ------
    ValueError
        If the variable holds anything but ``instructor`` or ``student``.

    Examples
    --------
    >>> import os
    >>> os.environ.pop("SANCLAB_EDITION", None) and None
    >>> book_edition()
    'instructor'
    """
    value = os.environ.get(EDITION_ENV, "").strip() or "instructor"
    if value not in ("instructor", "student"):
        raise ValueError(
            f"{EDITION_ENV} must be 'instructor' or 'student', got {value!r}"
        )
    return value


def _notebook_paths(notebooks: Iterable | None, ex_dir: Path) -> list[Path]:
    if notebooks is None:
        from sanclab.lessons import lesson_notebooks

        folder = ex_dir.parent / "notebooks"
        paths = [path for _, path in lesson_notebooks(folder)]
        if not paths:
            raise ValueError(
                f"notebooks was not given and no lesson notebooks (NN_key.ipynb, as the lesson "
                f"registry names them) were found in {str(folder)!r}; pass notebooks=[...]"
            )
        return paths
    paths = existing_notebooks("notebooks", notebooks)
    names = [p.name for p in paths]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"notebooks contains two files named {duplicates[0]!r}")
    return paths


def student_notebook(path: str | os.PathLike[str]):
    """Read a lesson notebook and drop every cell tagged ``solution`` or ``instructor``.

    Examples
    --------
    >>> import nbformat, tempfile, pathlib
    >>> nb = nbformat.v4.new_notebook(cells=[
    ...     nbformat.v4.new_markdown_cell("Keep me"),
    ...     nbformat.v4.new_code_cell("answer = 3", metadata={"tags": ["solution"]})])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "01_x.ipynb"
    >>> nbformat.write(nb, path)
    >>> [c.source for c in student_notebook(path).cells]
    ['Keep me']
    """
    import nbformat

    nb = nbformat.read(Path(path), as_version=4)
    nb.cells = [
        cell for cell in nb.cells
        if not DROPPED_TAGS.intersection(cell.get("metadata", {}).get("tags", []))
    ]
    return nb


def _student_answer(ex, practice: bool) -> dict:
    from .check import expected_cases
    from .digest import choice_digest, numeric_digest

    spec = ex.answer
    if ex.kind == "numeric":
        if not practice:
            return {}
        return {"digest": numeric_digest(ex.id, spec["value"], spec.get("tolerance", 0.0),
                                         spec.get("rel_tolerance", 0.0))}
    if ex.kind == "choice":
        answer: dict = {"select_all": isinstance(spec["correct"], list)}
        if practice:
            answer["digest"] = choice_digest(ex.id, spec["correct"])
        return answer
    if ex.kind == "function":
        cases = []
        for args, kwargs, expected in expected_cases(ex):
            case: dict = {"args": args}
            if kwargs:
                case["kwargs"] = kwargs
            case["expected"] = expected
            cases.append(case)
        answer = {"name": spec["name"], "cases": cases}
        for key in ("timeout", "tolerance"):
            if key in spec:
                answer[key] = spec[key]
        return answer
    return dict(spec)  # free: the rubric and the word count are public


def student_bank_text(path: str | os.PathLike[str], *, practice: bool = True) -> str:
    """The student edition of one instructor bank, as YAML text.

    Kept: the lesson, ids, titles, kinds, points, prompts, hints, options, the free
    responses' rubrics and the function exercises' names, time limits and public cases
    (expected values computed from a reference implementation if the bank uses one).
    Removed: solutions, hidden cases, references, numeric values and correct options,
    replaced (``practice=True``) by salted hashes for practice feedback.

    Raises
    ------
    ExerciseBankError
        If the bank is invalid or is itself a student edition.

    Examples
    --------
    >>> import yaml
    >>> from sanclab.exercises import load_bank
    >>> released = yaml.safe_load(student_bank_text(load_bank(1).path))
    >>> released["edition"], sorted(released["exercises"][0]["answer"])
    ('student', ['digest'])
    """
    import yaml

    path = Path(path)
    bank: Bank = load_bank_file(path)  # validate first: an invalid bank is never released
    if bank.edition != "instructor":
        raise ExerciseBankError(f"{path}: is a student edition already, not an answer key")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    released = {"lesson": data["lesson"], "edition": "student", "exercises": []}
    for item, ex in zip(data["exercises"], bank, strict=True):
        item = {k: v for k, v in item.items() if k != "solution"}
        item["answer"] = _student_answer(ex, practice)
        released["exercises"].append(item)

    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper: yaml.SafeDumper, value: str):
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    header = ("# Student edition: no worked solutions and no answers"
              + (" (only salted hashes of them, for practice feedback)" if practice else "")
              + ". Generated by sanclab.\n")
    return header + yaml.dump(
        released, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )


def _released_bank_text(path: Path, practice: bool = True) -> str:
    return student_bank_text(path, practice=practice)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _solution_fragments(bank_paths: list[Path]) -> list[tuple[str, str]]:
    """(exercise id, fragment) pairs that must not appear in the release."""
    fragments = []
    for path in bank_paths:
        for ex in load_bank_file(path):
            if not ex.solution:
                continue
            public = _squash(
                " ".join([ex.prompt, ex.title, *ex.hints, *(ex.options or ()), str(ex.answer)])
            )
            pieces = [ex.solution, *re.split(r"\n\s*\n|\n", ex.solution)]
            for piece in pieces:
                squashed = _squash(piece)
                if len(squashed) >= MIN_FRAGMENT and squashed not in public:
                    fragments.append((ex.id, squashed))
    return fragments


def _visible_text(content: str, nb=None) -> str:
    """The text to search: a notebook's sources and outputs, or a file's content."""
    if nb is None:
        return _squash(content)
    strings: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            strings.append(node)
        elif isinstance(node, dict):
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            strings.append("".join(n for n in node if isinstance(n, str)))
            for value in node:
                if not isinstance(value, str):
                    walk(value)

    walk(nb)
    return _squash("\n".join(strings))


def _answer_fragments(bank_paths: list[Path]) -> list[tuple[str, str]]:
    """(exercise id, text) pairs that would give an answer away: reference functions and
    the hidden cases' arguments, as Python and as JSON."""
    import json

    from .check import expected_cases

    fragments = []
    for path in bank_paths:
        for ex in load_bank_file(path):
            if ex.kind != "function":
                continue
            if ex.answer.get("reference"):
                fragments.append((ex.id, ex.answer["reference"]))
            public = expected_cases(ex)
            for args, kwargs, _ in expected_cases(ex, include_hidden=True)[len(public):]:
                if any(args == a and kwargs == k for a, k, _ in public):
                    continue
                for text in (repr(args)[1:-1], json.dumps(args)[1:-1]):
                    if len(text) >= 12:
                        fragments.append((ex.id + " hidden case", _squash(text)))
    return fragments


def _structure_leaks(name: str, content: str) -> list[tuple[str, str]]:
    """A released bank must be a valid student edition: no key that holds an answer."""
    import yaml

    from .bank import parse_bank

    data = yaml.safe_load(content)
    leaks = []
    try:
        parse_bank(data, source=name)
    except ExerciseBankError as exc:
        leaks.append((name, f"not a valid student edition ({exc})"))
    if not isinstance(data, dict) or data.get("edition") != "student":
        leaks.append((name, "not marked as a student edition"))
    return leaks


def _find_leaks(files: dict[str, str], notebooks: dict[str, object], bank_paths: list[Path]):
    """Return ``(file, what)`` pairs where a worked solution or an answer appears."""
    fragments = _solution_fragments(bank_paths) + _answer_fragments(bank_paths)
    leaks = []
    for name, content in files.items():
        text = _visible_text(content, notebooks.get(name))
        if "{solution" in text:
            leaks.append((name, "a {solution} directive"))
        for ex_id, fragment in fragments:
            if fragment in text:
                leaks.append((name, ex_id))
        if name.startswith("exercises/"):
            leaks.extend(_structure_leaks(name, content))
    return sorted(set(leaks))


def _check_target(out: Path, sources: list[Path], overwrite: bool) -> None:
    for source in sources:
        source = source.resolve()
        if out == source or out in source.parents:
            raise ValueError(
                f"out_dir {str(out)!r} contains the source {str(source)!r}; "
                "choose a folder outside the course repository's sources"
            )
    if out.exists() and not out.is_dir():
        raise ValueError(f"out_dir {str(out)!r} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise ValueError(
            f"out_dir {str(out)!r} is not empty; choose an empty folder or pass overwrite=True"
        )
    replaced = [name for name in _RELEASE_ENTRIES if os.path.lexists(out / name)]
    if replaced and not _is_release(out):
        raise ValueError(
            f"out_dir {str(out)!r} is not an earlier student release (it has no "
            f"{RELEASE_MARKER} written by sanclab release) but holds {', '.join(replaced)}; "
            "refusing to overwrite them. Choose another folder, or move them away yourself"
        )


def _is_release(out: Path) -> bool:
    """Whether `out` holds the marker file of an earlier release."""
    marker = out / RELEASE_MARKER
    if marker.is_symlink() or not marker.is_file():
        return False
    with open(marker, encoding="utf-8", errors="replace") as handle:
        return handle.readline().strip() == _MARKER_FIRST_LINE


def make_student_release(
    out_dir: str | os.PathLike[str],
    notebooks: Iterable[str | os.PathLike[str]] | None = None,
    exercises_dir: str | os.PathLike[str] | None = None,
    *,
    overwrite: bool = False,
    practice: bool = True,
) -> Path:
    """Write the student release of the course's notebooks and exercise banks.

    Parameters
    ----------
    out_dir : path-like
        Target folder; created if missing. Must be empty unless ``overwrite=True``, and
        must not contain the sources.
    notebooks : iterable of path-like, optional
        Lesson notebooks to release; default: every registered lesson's notebook
        (:mod:`sanclab.lessons`) in the ``notebooks/`` folder next to the exercises folder.
    exercises_dir : path-like, optional
        The banks folder; found by :func:`sanclab.exercises.exercises_dir` by default.
    overwrite : bool
        Write into a non-empty ``out_dir``: replace an earlier release's ``README.md``,
        ``notebooks/``, ``exercises/`` and ``seeds/`` (other files there are left alone).
        A folder that holds any of those but no :data:`RELEASE_MARKER` file is not a
        release, and is refused.
    practice : bool
        Include salted hashes of the numeric and choice answers, so ``check`` gives
        instant feedback (it can be brute-forced); ``False`` leaves them out.

    Returns
    -------
    pathlib.Path
        The release folder (absolute).

    Raises
    ------
    ValueError
        On a non-empty ``out_dir`` without ``overwrite``, a folder that is not an earlier
        release but holds what a release would replace, a bad notebook path, an invalid
        bank (:class:`ExerciseBankError`), or a worked solution or an answer found in the
        release (then nothing is written).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from sanclab.exercises import load_bank
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "release"
    >>> release = make_student_release(out, notebooks=[])
    >>> sorted(p.relative_to(release).as_posix() for p in release.rglob("*.*"))[:2] == [
    ...     "README.md", "exercises/" + load_bank(1).path.name]
    True
    """
    import nbformat

    ex_dir = Path(exercises_dir) if exercises_dir is not None else find_exercises_dir()
    if not ex_dir.is_dir():
        raise ValueError(f"exercises_dir must be an existing folder, got {str(ex_dir)!r}")
    nb_paths = _notebook_paths(notebooks, ex_dir)
    bank_paths = sorted(p for p in ex_dir.iterdir() if _FILE_RE.match(p.name) and p.is_file())
    if not bank_paths:
        raise ExerciseBankError(f"{ex_dir}: no exercise banks (l<lesson>_<slug>.yaml) found")
    out = Path(out_dir).resolve()
    _check_target(out, [ex_dir, *nb_paths], overwrite)

    files: dict[str, str] = {RELEASE_MARKER: _MARKER_TEXT, "README.md": _README}  # marker first
    nbs: dict[str, object] = {}
    for path in bank_paths:
        files[f"exercises/{path.name}"] = _released_bank_text(path, practice)
    # The readings travel with the lessons, byte for byte, so notebooks find them offline.
    from sanclab.readings import load_seeds  # late: this module loads without pandas

    seed_bytes = {f"seeds/{r.source_path.name}": r.source_path.read_bytes()
                  for r in load_seeds()}
    for path in nb_paths:
        nb = student_notebook(path)
        name = f"notebooks/{path.name}"
        nbs[name] = nb
        files[name] = nbformat.writes(nb) + "\n"
    leaks = _find_leaks(files, nbs, bank_paths)
    if leaks:
        listing = "; ".join(f"{name}: {what}" for name, what in leaks)
        raise ValueError(
            f"refusing to write the release: worked solutions or answers would leak "
            f"({listing}); tag the cells holding them 'solution' or 'instructor'"
        )

    if overwrite:  # _check_target made sure that out is an earlier release (or holds none)
        for sub in ("notebooks", "exercises", "seeds"):
            if (out / sub).is_dir():
                shutil.rmtree(out / sub)
        if (out / "README.md").is_file():
            (out / "README.md").unlink()
    for name, content in files.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    for name, data in seed_bytes.items():
        target = out / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    return out
