"""The student release: lesson notebooks and exercise banks without solutions.

:func:`make_student_release` builds everything in memory, checks that no worked solution
of any bank survives in it, and only then writes::

    <out_dir>/README.md
    <out_dir>/notebooks/NN_slug.ipynb   (cells tagged ``solution`` or ``instructor`` dropped)
    <out_dir>/exercises/lN_slug.yaml    (every ``solution`` field removed)
    <out_dir>/seeds/*.txt               (the course readings, byte for byte)
    <out_dir>/sanclab-release.txt       (marks the folder as a release: see RELEASE_MARKER)

The ``answer`` fields stay: the instant checker needs them, so a determined student can
read them. The release supports practice with instant feedback; graded work is re-run by
the instructor with :func:`sanclab.exercises.grade_submissions` against the full banks.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

from ._paths import existing_notebooks
from .bank import _FILE_RE, ExerciseBankError, load_bank_file
from .bank import exercises_dir as find_exercises_dir

__all__ = ["DROPPED_TAGS", "RELEASE_MARKER", "make_student_release", "student_notebook"]

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

Worked solutions are not included. Free-response answers are graded by your instructor.
"""


def _notebook_paths(notebooks: Iterable | None, ex_dir: Path) -> list[Path]:
    if notebooks is None:
        folder = ex_dir.parent / "notebooks"
        paths = sorted(folder.glob("[0-9][0-9]_*.ipynb")) if folder.is_dir() else []
        if not paths:
            raise ValueError(
                f"notebooks was not given and no lesson notebooks (NN_slug.ipynb) were found "
                f"in {str(folder)!r}; pass notebooks=[...]"
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


def _released_bank_text(path: Path) -> str:
    """The bank file's YAML with every ``solution`` field removed."""
    import yaml

    load_bank_file(path)  # validate first: an invalid bank is never released
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for item in data["exercises"]:
        item.pop("solution", None)

    class _Dumper(yaml.SafeDumper):
        pass

    def _str(dumper: yaml.SafeDumper, value: str):
        style = "|" if "\n" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    _Dumper.add_representer(str, _str)
    header = "# Student release: worked solutions removed. Generated by sanclab.\n"
    return header + yaml.dump(
        data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100
    )


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


def _find_leaks(files: dict[str, str], notebooks: dict[str, object], bank_paths: list[Path]):
    """Return ``(file, exercise id)`` pairs where a worked solution appears."""
    fragments = _solution_fragments(bank_paths)
    leaks = []
    for name, content in files.items():
        text = _visible_text(content, notebooks.get(name))
        if "{solution" in text:
            leaks.append((name, "a {solution} directive"))
        for ex_id, fragment in fragments:
            if fragment in text:
                leaks.append((name, ex_id))
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
) -> Path:
    """Write the student release of the course's notebooks and exercise banks.

    Parameters
    ----------
    out_dir : path-like
        Target folder; created if missing. Must be empty unless ``overwrite=True``, and
        must not contain the sources.
    notebooks : iterable of path-like, optional
        Lesson notebooks to release; default ``NN_*.ipynb`` in the ``notebooks/``
        folder next to the exercises folder.
    exercises_dir : path-like, optional
        The banks folder; found by :func:`sanclab.exercises.exercises_dir` by default.
    overwrite : bool
        Write into a non-empty ``out_dir``: replace an earlier release's ``README.md``,
        ``notebooks/``, ``exercises/`` and ``seeds/`` (other files there are left alone).
        A folder that holds any of those but no :data:`RELEASE_MARKER` file is not a
        release, and is refused.

    Returns
    -------
    pathlib.Path
        The release folder (absolute).

    Raises
    ------
    ValueError
        On a non-empty ``out_dir`` without ``overwrite``, a folder that is not an earlier
        release but holds what a release would replace, a bad notebook path, an invalid
        bank (:class:`ExerciseBankError`), or a worked solution found in the release
        (then nothing is written).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> out = pathlib.Path(tempfile.mkdtemp()) / "release"
    >>> release = make_student_release(out, notebooks=[])
    >>> sorted(p.relative_to(release).as_posix() for p in release.rglob("*.*"))[:2]
    ['README.md', 'exercises/l1_coalition.yaml']
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
        files[f"exercises/{path.name}"] = _released_bank_text(path)
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
            f"refusing to write the release: worked solutions would leak ({listing}); tag "
            "the cells holding them 'solution' or 'instructor'"
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
