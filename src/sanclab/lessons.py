"""The lesson registry: the one place that says which lessons the course has.

Each lesson is an entry of ``data/lessons.yaml`` (its number, seed file, slug and title).
Every other name a lesson has is derived here from its number and slug, and every part of
the course (readings, book, release, grader, notebook execution, template and browser tests)
asks this module instead of matching file names itself. For lesson ``N`` with slug
``small-state-alignment`` the *key* is ``small_state_alignment`` and the lesson's files are

=============================  ============================================================
notebook                       ``notebooks/02_small_state_alignment.ipynb``
exercise bank                  ``exercises/l2_small_state_alignment.yaml`` (ids ``l2.e1`` ...)
dashboard                      :mod:`sanclab.dashboards.small_state_alignment` (``dashboard()``)
figures                        :mod:`sanclab.plots.small_state_alignment`
claims test                    ``tests/test_lesson2_claims.py``
=============================  ============================================================

Adding a lesson means adding its entry to ``data/lessons.yaml`` and these files (the
checklist is in ``CONTRIBUTING.md``); no shared code changes.

Examples
--------
>>> from sanclab.lessons import get_lesson, lessons
>>> [lesson.number for lesson in lessons()]
[1, 2, 3, 4, 5]
>>> lesson = get_lesson("coalition-coordination")
>>> lesson.key, lesson.notebook_name, lesson.bank_name
('coalition_coordination', '01_coalition_coordination.ipynb', 'l1_coalition_coordination.yaml')
>>> lesson.dashboard_module, lesson.claims_test
('sanclab.dashboards.coalition_coordination', 'tests/test_lesson1_claims.py')
>>> get_lesson(2) is get_lesson("02_small_state_alignment.ipynb")
True
"""

from __future__ import annotations

import functools
import importlib
import os
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

__all__ = [
    "REPO_ROOT",
    "Lesson",
    "LessonRegistryError",
    "get_lesson",
    "lesson_notebooks",
    "lesson_of_notebook",
    "lessons",
]

#: The course repository when the package is installed from it (``src/sanclab/../..``).
REPO_ROOT = Path(__file__).resolve().parents[2]

_SLUG_RE = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
_FIELDS = {"file": str, "lesson": int, "slug": str, "title": str}
_WHERE = "sanclab/data/lessons.yaml"


class LessonRegistryError(ValueError):
    """``data/lessons.yaml`` is malformed (the message names the entry and the field)."""


@dataclass(frozen=True)
class Lesson:
    """One lesson of the course and the names of its files.

    Attributes
    ----------
    number : int
        Position in the reading order, from 1.
    slug : str
        Lower-case words joined by hyphens, used in URLs and by :func:`~sanclab.readings.get_seed`.
    title : str
        The lesson's topic.
    seed_file : str
        File name of its reading in ``seeds/``.
    """

    number: int
    slug: str
    title: str
    seed_file: str

    @property
    def key(self) -> str:
        """The slug as a Python identifier: the name of the lesson's modules."""
        return self.slug.replace("-", "_")

    @property
    def stem(self) -> str:
        """``NN_key``: the notebook's file stem (sorts in reading order)."""
        return f"{self.number:02d}_{self.key}"

    @property
    def notebook_name(self) -> str:
        """The lesson notebook's file name in ``notebooks/``."""
        return f"{self.stem}.ipynb"

    @property
    def bank_name(self) -> str:
        """The exercise bank's file name in ``exercises/``."""
        return f"l{self.number}_{self.key}.yaml"

    @property
    def exercise_prefix(self) -> str:
        """Every exercise id of the lesson starts with this, e.g. ``"l1."``."""
        return f"l{self.number}."

    @property
    def seed_id(self) -> str:
        """The reading's id (its file stem), as in ``Reading.id`` and ``Quote.reading_id``."""
        return Path(self.seed_file).stem

    @property
    def dashboard_module(self) -> str:
        """The module whose ``dashboard()`` builds the lesson's dashboard."""
        return f"sanclab.dashboards.{self.key}"

    @property
    def plots_module(self) -> str:
        """The module holding the lesson's figures."""
        return f"sanclab.plots.{self.key}"

    @property
    def claims_test(self) -> str:
        """Repository path of the test reproducing every claim the lesson makes."""
        return f"tests/test_lesson{self.number}_claims.py"

    def notebook(self, folder: str | os.PathLike[str] | None = None) -> Path:
        """Path of the lesson notebook in ``folder`` (default: the repository's ``notebooks/``)."""
        return Path(REPO_ROOT / "notebooks" if folder is None else folder) / self.notebook_name

    def reading(self) -> Any:
        """The lesson's reading (see :func:`sanclab.readings.get_seed`)."""
        from sanclab.readings import get_seed

        return get_seed(self.number)

    def dashboard(self, **overrides: Any) -> Any:
        """A fresh :class:`~sanclab.widgets.Dashboard` of the lesson (initial values may be
        overridden by keyword)."""
        return importlib.import_module(self.dashboard_module).dashboard(**overrides)


def _check_entry(index: int, entry: Any) -> Lesson:
    if not isinstance(entry, dict):
        raise LessonRegistryError(f"{_WHERE}: entry {index} must be a mapping, got {entry!r}")
    missing = sorted(set(_FIELDS) - set(entry))
    unknown = sorted(set(entry) - set(_FIELDS))
    if missing or unknown:
        raise LessonRegistryError(
            f"{_WHERE}: entry {index} must have exactly the fields {sorted(_FIELDS)}; "
            f"missing {missing}, unknown {unknown}"
        )
    for name, kind in _FIELDS.items():
        value = entry[name]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise LessonRegistryError(
                f"{_WHERE}: entry {index}: {name} must be a {kind.__name__}, got {value!r}"
            )
    if not _SLUG_RE.match(entry["slug"]):
        raise LessonRegistryError(
            f"{_WHERE}: entry {index}: slug must be lower-case words joined by hyphens "
            f"(e.g. 'trade-leverage'), got {entry['slug']!r}"
        )
    if not 1 <= entry["lesson"] <= 99:
        raise LessonRegistryError(
            f"{_WHERE}: entry {index}: lesson must be in [1, 99], got {entry['lesson']!r}"
        )
    return Lesson(entry["lesson"], entry["slug"], entry["title"], entry["file"])


def parse_registry(entries: Any) -> tuple[Lesson, ...]:
    """Validate the parsed YAML of a registry and return its lessons in order.

    Raises
    ------
    LessonRegistryError
        Naming the entry and field: not a list, a missing or unknown field, a bad slug,
        lesson numbers that are not 1..N, a duplicate seed file or slug.

    Examples
    --------
    >>> parse_registry([{"file": "a.txt", "lesson": 1, "slug": "one", "title": "One"}])[0].stem
    '01_one'
    >>> parse_registry([{"file": "a.txt", "lesson": 1, "slug": "One", "title": "x"}])
    Traceback (most recent call last):
    ...
    sanclab.lessons.LessonRegistryError: sanclab/data/lessons.yaml: entry 0: slug must be \
lower-case words joined by hyphens (e.g. 'trade-leverage'), got 'One'
    """
    if not isinstance(entries, list) or not entries:
        raise LessonRegistryError(f"{_WHERE}: expected a non-empty list of lessons")
    found = sorted((_check_entry(i, e) for i, e in enumerate(entries)), key=lambda x: x.number)
    numbers = [x.number for x in found]
    if numbers != list(range(1, len(found) + 1)):
        raise LessonRegistryError(f"{_WHERE}: lesson numbers must be 1..{len(found)}, "
                                  f"got {numbers}")
    for field in ("seed_file", "slug"):
        values = [getattr(x, field) for x in found]
        if len(set(values)) != len(values):
            raise LessonRegistryError(f"{_WHERE}: duplicate {field} in {values}")
    return tuple(found)


@functools.cache
def lessons() -> tuple[Lesson, ...]:
    """Every lesson of the course, in lesson order (read once from ``data/lessons.yaml``)."""
    import yaml

    text = resources.files("sanclab").joinpath("data", "lessons.yaml").read_text("utf-8")
    return parse_registry(yaml.safe_load(text))


def get_lesson(key: int | str) -> Lesson:
    """One lesson by number, slug, key, notebook stem, notebook file name or reading id.

    Raises
    ------
    ValueError
        If ``key`` names no lesson.

    Examples
    --------
    >>> get_lesson("snapback").number, get_lesson(4).slug
    (3, 'elite-bargaining')
    >>> get_lesson(9)
    Traceback (most recent call last):
    ...
    ValueError: key=9 names no lesson; use a lesson number 1-5, a slug (coalition-coordination, \
small-state-alignment, snapback, elite-bargaining, trade-leverage), a notebook name or a \
reading id
    """
    for lesson in lessons():
        if isinstance(key, int) and not isinstance(key, bool):
            if key == lesson.number:
                return lesson
        elif isinstance(key, str) and key in (
            lesson.slug, lesson.key, lesson.stem, lesson.notebook_name, lesson.seed_id
        ):
            return lesson
    slugs = ", ".join(x.slug for x in lessons())
    raise ValueError(f"key={key!r} names no lesson; use a lesson number 1-{len(lessons())}, a slug "
                     f"({slugs}), a notebook name or a reading id")


def lesson_of_notebook(path: str | os.PathLike[str]) -> Lesson | None:
    """The lesson whose notebook has this file name, or ``None`` for any other notebook.

    Examples
    --------
    >>> lesson_of_notebook("somewhere/01_coalition_coordination.ipynb").number
    1
    >>> lesson_of_notebook("01_Coalition_Coordination.ipynb") is None
    True
    """
    name = Path(path).name
    return next((x for x in lessons() if x.notebook_name == name), None)


def lesson_notebooks(folder: str | os.PathLike[str] | None = None) -> list[tuple[Lesson, Path]]:
    """The registered lessons whose notebook is in ``folder``, in lesson order.

    Parameters
    ----------
    folder : path-like, optional
        Default: the repository's ``notebooks/``. A student release or a copy works too.

    Examples
    --------
    >>> [lesson.number for lesson, path in lesson_notebooks()][:1]
    [1]
    """
    base = Path(REPO_ROOT / "notebooks" if folder is None else folder)
    found = [(x, x.notebook(base)) for x in lessons()]
    return [(x, path) for x, path in found if path.is_file()]
