"""MyST rendering of exercises and keeping lesson notebooks in sync with the banks.

An exercise is shown in a lesson notebook as a markdown cell holding a sphinx-exercise
``{exercise}`` directive (rendered by Jupyter Book and by jupyterlab-myst). The cell is
tagged ``exercise`` and stamped with the exercise id in its metadata::

    {"tags": ["exercise"], "sanclab": {"exercise": "l1.e1"}}

:func:`sync_notebook` rewrites those cells from the bank; :func:`check_notebook_sync`
lists where a notebook and its bank differ (a test asserts the list is empty).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .bank import Bank, Exercise, ExerciseBankError, load_bank

__all__ = [
    "EXERCISE_TAG",
    "check_notebook_sync",
    "exercise_cell",
    "exercise_markdown",
    "solution_markdown",
    "sync_notebook",
]

#: The cell tag marking an exercise cell.
EXERCISE_TAG = "exercise"


def _fence(*texts: str) -> str:
    """A backtick fence longer than any backtick run inside ``texts`` (at least 3)."""
    longest = max((len(run) for t in texts for run in re.findall(r"`+", t)), default=0)
    return "`" * max(3, longest + 1)


def _body(text: str) -> str:
    return text.strip("\n").rstrip()


def exercise_markdown(ex: Exercise) -> str:
    """The exercise as a MyST ``{exercise}`` directive (sphinx-exercise syntax).

    The label is the id with ``-`` for ``.``; the prompt is used as written. A choice
    exercise also lists its options, numbered from 0 as the checker expects.

    Examples
    --------
    >>> ex = Exercise(id="l1.e1", lesson=1, title="A cascade by hand", kind="numeric",
    ...               points=2, prompt="How many allies join?", answer={"value": 3})
    >>> print(exercise_markdown(ex))
    ```{exercise} A cascade by hand
    :label: l1-e1
    <BLANKLINE>
    How many allies join?
    ```
    """
    body = _body(ex.prompt)
    if ex.kind == "choice" and ex.options:
        listing = "\n".join(f"{i}. {option.strip()}" for i, option in enumerate(ex.options))
        body = f"{body}\n\n{listing}"
    fence = _fence(body, ex.title)
    title = " ".join(ex.title.split())
    return f"{fence}{{exercise}} {title}\n:label: {ex.label}\n\n{body}\n{fence}"


def solution_markdown(ex: Exercise) -> str:
    """The worked solution as a MyST ``{solution}`` directive, hidden in a dropdown.

    Raises
    ------
    ValueError
        If the exercise has no solution.

    Examples
    --------
    >>> ex = Exercise(id="l1.e1", lesson=1, title="T", kind="numeric", points=2,
    ...               prompt="?", answer={"value": 3}, solution="Three allies join.")
    >>> print(solution_markdown(ex))
    ```{solution} l1-e1
    :class: dropdown
    <BLANKLINE>
    Three allies join.
    ```
    """
    if not ex.solution:
        raise ValueError(f"exercise {ex.id} ({ex.source}) has no solution to render")
    body = _body(ex.solution)
    fence = _fence(body)
    return f"{fence}{{solution}} {ex.label}\n:class: dropdown\n\n{body}\n{fence}"


def exercise_cell(ex: Exercise):
    """A new notebook markdown cell for the exercise, tagged and id-stamped.

    Examples
    --------
    >>> ex = Exercise(id="l1.e1", lesson=1, title="T", kind="numeric", points=2,
    ...               prompt="?", answer={"value": 3})
    >>> cell = exercise_cell(ex)
    >>> cell.metadata["tags"], cell.metadata["sanclab"]
    (['exercise'], {'exercise': 'l1.e1'})
    """
    import nbformat

    return nbformat.v4.new_markdown_cell(
        exercise_markdown(ex),
        metadata={"tags": [EXERCISE_TAG], "sanclab": {"exercise": ex.id}},
    )


def _exercise_cells(nb) -> list[tuple[int, object, object]]:
    """(index, cell, id-or-None) for every cell tagged as an exercise or id-stamped."""
    found = []
    for index, cell in enumerate(nb.cells):
        tags = cell.get("metadata", {}).get("tags", [])
        stamp = cell.get("metadata", {}).get("sanclab", {})
        ex_id = stamp.get("exercise") if isinstance(stamp, dict) else None
        if EXERCISE_TAG in tags or ex_id is not None:
            found.append((index, cell, ex_id))
    return found


def _diff(nb, bank: Bank, path: Path) -> list[str]:
    problems: list[str] = []
    seen: dict[str, int] = {}
    for index, cell, ex_id in _exercise_cells(nb):
        where = f"{path.name}: cell {index}"
        if cell.cell_type != "markdown":
            problems.append(f"{where}: an exercise cell must be markdown, not {cell.cell_type}")
            continue
        if ex_id is None:
            problems.append(f"{where}: tagged 'exercise' but has no metadata sanclab.exercise id")
            continue
        if EXERCISE_TAG not in cell.metadata.get("tags", []):
            problems.append(f"{where} ({ex_id}): stamped with an id but not tagged 'exercise'")
        if ex_id not in bank:
            problems.append(f"{where}: exercise {ex_id!r} is not in lesson {bank.lesson}'s bank")
            continue
        if ex_id in seen:
            problems.append(f"{where}: exercise {ex_id} already appears in cell {seen[ex_id]}")
        seen[ex_id] = index
        if cell.source != exercise_markdown(bank[ex_id]):
            problems.append(f"{where} ({ex_id}): text differs from the bank")
    for ex in bank:
        if ex.id not in seen:
            problems.append(f"{path.name}: exercise {ex.id} is in the bank but not in the notebook")
    return problems


def _read(path: Path):
    import nbformat

    if not path.is_file():
        raise ValueError(f"path must be an existing notebook file, got {str(path)!r}")
    return nbformat.read(path, as_version=4)


def check_notebook_sync(
    path: str | os.PathLike[str],
    lesson: int,
    exercises_dir: str | os.PathLike[str] | None = None,
) -> list[str]:
    """List the differences between a lesson notebook's exercise cells and the bank.

    Reported: a cell whose text differs from :func:`exercise_markdown`, an exercise cell
    without an id or with an id not in the bank, an id used twice, a bank exercise
    missing from the notebook, a non-markdown exercise cell.

    Returns
    -------
    list of str
        Empty when the notebook and the bank agree.

    Examples
    --------
    >>> import nbformat, tempfile, pathlib
    >>> bank = load_bank(1)
    >>> nb = nbformat.v4.new_notebook(cells=[exercise_cell(ex) for ex in bank])
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "lesson.ipynb"
    >>> nbformat.write(nb, path)
    >>> check_notebook_sync(path, 1)
    []
    """
    path = Path(path)
    return _diff(_read(path), load_bank(lesson, exercises_dir), path)


def sync_notebook(
    path: str | os.PathLike[str],
    lesson: int,
    exercises_dir: str | os.PathLike[str] | None = None,
) -> list[str]:
    """Rewrite the exercise cells of a lesson notebook from the bank.

    Each markdown cell tagged ``exercise`` whose metadata names an exercise id gets the
    text of :func:`exercise_markdown` (and the tag, if only the id was there). Every
    other cell, all outputs and all metadata are kept; the file is written (with
    nbformat) only if something changed.

    Returns
    -------
    list of str
        The ids of the rewritten cells.

    Raises
    ------
    ExerciseBankError
        If an exercise cell has no id or names an exercise missing from the bank
        (nothing is written then).

    Examples
    --------
    >>> import nbformat, tempfile, pathlib
    >>> cell = exercise_cell(load_bank(1)["l1.e1"])
    >>> cell.source = "stale text"
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "lesson.ipynb"
    >>> nbformat.write(nbformat.v4.new_notebook(cells=[cell]), path)
    >>> sync_notebook(path, 1)
    ['l1.e1']
    >>> sync_notebook(path, 1)
    []
    """
    import nbformat

    path = Path(path)
    nb = _read(path)
    bank = load_bank(lesson, exercises_dir)
    changed: list[str] = []
    for index, cell, ex_id in _exercise_cells(nb):
        if cell.cell_type != "markdown":
            continue
        if ex_id is None or ex_id not in bank:
            raise ExerciseBankError(
                f"{path}: cell {index}: exercise cell with id {ex_id!r}, which lesson "
                f"{lesson}'s bank ({bank.path}) does not have"
            )
        text = exercise_markdown(bank[ex_id])
        tags = cell.metadata.setdefault("tags", [])
        if cell.source != text or EXERCISE_TAG not in tags:
            cell.source = text
            if EXERCISE_TAG not in tags:
                tags.append(EXERCISE_TAG)
            changed.append(ex_id)
    if changed:
        nbformat.write(nb, path)
    return changed
