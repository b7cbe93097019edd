"""Exercise banks: one YAML file per lesson, loaded and validated.

A bank file ``exercises/l<lesson>_<slug>.yaml`` holds a lesson number and a list of
exercises. Each exercise has an id ``l<lesson>.e<n>``, a title, a kind (``numeric``,
``choice``, ``function`` or ``free``), points, a MyST prompt, hints, the ``answer`` the
checker and the grader need and an optional worked ``solution``. A function exercise has
public test ``cases`` (shipped to students) and optional ``hidden_cases`` (used only by the
grader). The format is documented for instructors in ``exercises/README.md``.

The instructor's bank is the answer key. The student release holds a *student edition* of
each bank (top-level ``edition: student``, written by :mod:`sanclab.exercises.release`, never
by hand): no solution, no hidden case, and instead of the numeric value or the correct
options only salted hashes (:mod:`sanclab.exercises.digest`) for practice feedback, or
nothing at all when practice feedback is switched off.

Every problem found on load raises :class:`ExerciseBankError` naming the file, the
exercise (id or position) and the field.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "EDITIONS",
    "KINDS",
    "Bank",
    "Exercise",
    "ExerciseBankError",
    "answer_variable",
    "exercises_dir",
    "find_exercise",
    "load_bank",
    "load_bank_file",
    "load_banks",
    "parse_bank",
]

#: The exercise kinds the checker understands.
KINDS = ("numeric", "choice", "function", "free")
#: ``instructor``: the answer key (written by hand); ``student``: written by the release.
EDITIONS = ("instructor", "student")

#: Default time limit (seconds) for one call of a student's function.
DEFAULT_TIMEOUT = 2.0

_ID_RE = re.compile(r"^l(\d+)\.e(\d+)$")
_FILE_RE = re.compile(r"^l(\d+)_[A-Za-z0-9_-]+\.ya?ml$")
_NAME_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_REF_RE = re.compile(r"^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*$")
_ATTR_PATH_RE = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$")

_EXERCISE_KEYS = {
    "id", "title", "kind", "points", "prompt", "hints", "answer", "options", "solution",
    "misconceptions",
}
_ANSWER_KEYS = {
    "numeric": {"value", "tolerance", "rel_tolerance"},
    "choice": {"correct"},
    "function": {"name", "cases", "hidden_cases", "timeout", "reference", "transform",
                 "tolerance"},
    "free": {"min_words", "max_words", "rubric"},
}
#: What a student edition may hold: no answer, only digests (salted hashes) of it.
_STUDENT_ANSWER_KEYS = {
    "numeric": {"digest"},
    "choice": {"select_all", "digest"},
    "function": {"name", "cases", "timeout", "tolerance"},
    "free": {"min_words", "max_words", "rubric"},
}


class ExerciseBankError(ValueError):
    """A bank file is missing, unreadable or breaks the format.

    The message names the file, the exercise (id, or position when the id itself is
    the problem) and the offending field.
    """


@dataclass(frozen=True)
class Exercise:
    """One exercise of a bank.

    Attributes
    ----------
    id : str
        ``"l<lesson>.e<n>"``, unique across the course.
    lesson : int
        The lesson the exercise belongs to.
    title : str
        Short title, shown as the exercise heading.
    kind : str
        One of ``numeric``, ``choice``, ``function``, ``free``.
    points : float
        Points for a fully correct answer.
    prompt : str
        MyST markdown shown to students.
    hints : tuple of str
        Revealed one at a time, one per wrong attempt.
    answer : Mapping
        The answer key (instructor edition) or its digest (student edition).
    options : tuple of str or None
        The options of a ``choice`` exercise (``None`` for other kinds).
    solution : str or None
        The worked solution; stripped from the student release.
    misconceptions : tuple of Mapping
        Known wrong answers with the message naming the mistake (numeric: ``value`` and
        optional ``tolerance``; choice: ``option``), shown when a student gives one.
    source : str
        The file the exercise was loaded from (for error messages).
    edition : str
        ``instructor`` (holds the answer) or ``student`` (holds digests only).

    Examples
    --------
    >>> ex = Exercise(id="l1.e1", lesson=1, title="T", kind="numeric", points=1,
    ...               prompt="How many?", answer={"value": 3, "tolerance": 0})
    >>> ex.label
    'l1-e1'
    """

    id: str
    lesson: int
    title: str
    kind: str
    points: float
    prompt: str
    hints: tuple[str, ...] = ()
    answer: Mapping[str, Any] = field(default_factory=dict)
    options: tuple[str, ...] | None = None
    solution: str | None = None
    misconceptions: tuple[Mapping[str, Any], ...] = ()
    source: str = "<memory>"
    edition: str = "instructor"

    @property
    def label(self) -> str:
        """The MyST/Sphinx label: the id with ``-`` instead of ``.`` (``l1-e1``)."""
        return self.id.replace(".", "-")


@dataclass(frozen=True)
class Bank:
    """The exercises of one lesson, in file order.

    Examples
    --------
    >>> bank = parse_bank({"lesson": 2, "exercises": [
    ...     {"id": "l2.e1", "title": "T", "kind": "free", "points": 1,
    ...      "prompt": "Why?", "answer": {"min_words": 5, "rubric": ["reason"]}}]})
    >>> bank.ids
    ('l2.e1',)
    >>> bank["l2.e1"].kind
    'free'
    """

    lesson: int
    exercises: tuple[Exercise, ...]
    path: Path | None = None
    edition: str = "instructor"

    @property
    def ids(self) -> tuple[str, ...]:
        """The exercise ids, in file order."""
        return tuple(ex.id for ex in self.exercises)

    def __getitem__(self, exercise_id: str) -> Exercise:
        for ex in self.exercises:
            if ex.id == exercise_id:
                return ex
        raise KeyError(f"no exercise {exercise_id!r} in lesson {self.lesson}'s bank")

    def __contains__(self, exercise_id: object) -> bool:
        return any(ex.id == exercise_id for ex in self.exercises)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.exercises)

    def __len__(self) -> int:
        return len(self.exercises)


# --------------------------------------------------------------------------- discovery


def exercises_dir(start: str | os.PathLike[str] | None = None) -> Path:
    """Return the folder holding the exercise banks.

    Looked up in this order: the environment variable ``SANCLAB_EXERCISES``; the nearest
    ``exercises/`` folder walking up from ``start`` (default: the current directory, so
    notebooks running in ``notebooks/`` find ``../exercises``); ``<repo>/exercises``
    relative to the package source (``src/sanclab/../../exercises``).

    Parameters
    ----------
    start : path-like, optional
        Where the upward search starts; the current directory by default.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ExerciseBankError
        If ``SANCLAB_EXERCISES`` names a missing folder, or no folder is found.

    Examples
    --------
    >>> exercises_dir().name
    'exercises'
    """
    env = os.environ.get("SANCLAB_EXERCISES")
    if env:
        path = Path(env).expanduser()
        if not path.is_dir():
            raise ExerciseBankError(
                f"SANCLAB_EXERCISES={env!r} is not a folder; unset it or point it at the "
                "folder holding the l<lesson>_<slug>.yaml banks"
            )
        return path.resolve()
    here = Path(start if start is not None else Path.cwd()).resolve()
    for folder in (here, *here.parents):
        candidate = folder / "exercises"
        if candidate.is_dir() and any(_FILE_RE.match(p.name) for p in candidate.iterdir()):
            return candidate
    fallback = Path(__file__).resolve().parents[3] / "exercises"
    if fallback.is_dir():
        return fallback
    raise ExerciseBankError(
        f"no exercises/ folder found walking up from {str(here)!r} nor at {str(fallback)!r}; "
        "set SANCLAB_EXERCISES to the folder holding the banks"
    )


def _bank_files(directory: Path) -> dict[int, Path]:
    files: dict[int, Path] = {}
    for path in sorted(directory.iterdir()):
        match = _FILE_RE.match(path.name)
        if not match or not path.is_file():
            continue
        lesson = int(match.group(1))
        if lesson in files:
            raise ExerciseBankError(
                f"{directory}: two bank files for lesson {lesson}: "
                f"{files[lesson].name!r} and {path.name!r}"
            )
        files[lesson] = path
    return files


# --------------------------------------------------------------------------- loading


def load_bank(
    lesson: int, directory: str | os.PathLike[str] | None = None
) -> Bank:
    """Load and validate the bank of one lesson.

    Parameters
    ----------
    lesson : int
        Lesson number, >= 1; the file is ``l<lesson>_<slug>.yaml``.
    directory : path-like, optional
        The banks folder; found by :func:`exercises_dir` by default.

    Returns
    -------
    Bank

    Raises
    ------
    ValueError
        If ``lesson`` is not an integer >= 1.
    ExerciseBankError
        If the file is missing or invalid.

    Examples
    --------
    >>> bank = load_bank(1)
    >>> bank.lesson, bank.ids[0]
    (1, 'l1.e1')
    """
    if isinstance(lesson, bool) or not isinstance(lesson, int) or lesson < 1:
        raise ValueError(f"lesson must be an integer in [1, inf), got {lesson!r}")
    folder = Path(directory) if directory is not None else exercises_dir()
    if not folder.is_dir():
        raise ExerciseBankError(f"exercise folder {str(folder)!r} does not exist")
    files = _bank_files(folder)
    if lesson not in files:
        raise ExerciseBankError(
            f"{folder}: no bank for lesson {lesson} (expected a file named "
            f"l{lesson}_<slug>.yaml; found lessons {sorted(files)})"
        )
    return load_bank_file(files[lesson])


def load_banks(directory: str | os.PathLike[str] | None = None) -> dict[int, Bank]:
    """Load every bank in the folder, keyed by lesson number.

    Raises :class:`ExerciseBankError` on the first invalid bank. Ids cannot clash
    across banks: each id starts with its bank's lesson number.

    Examples
    --------
    >>> 1 in load_banks()
    True
    """
    folder = Path(directory) if directory is not None else exercises_dir()
    return {n: load_bank_file(p) for n, p in sorted(_bank_files(folder).items())}


#: Parsed banks by resolved path, with the (modification time, size) they were read at:
#: check() is called once per answer, and parsing and validating a bank costs ~50 ms.
_PARSED: dict[Path, tuple[tuple[int, int], Bank]] = {}


def load_bank_file(path: str | os.PathLike[str]) -> Bank:
    """Load and validate one bank file (parsed once; read again when the file changes).

    The lesson number in the file name (``l<lesson>_...``) must match the ``lesson``
    field inside it.

    Examples
    --------
    >>> bank = load_bank_file(load_bank(1).path)
    >>> bank.lesson, bank.edition
    (1, 'instructor')
    """
    import yaml

    path = Path(path)
    try:
        stat = path.stat()
        key, stamp = path.resolve(), (stat.st_mtime_ns, stat.st_size)
        cached = _PARSED.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ExerciseBankError(f"{path}: cannot read the bank ({exc})") from exc
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ExerciseBankError(f"{path}: not valid YAML ({exc})") from exc
    bank = parse_bank(data, source=str(path))
    match = _FILE_RE.match(path.name)
    if match and int(match.group(1)) != bank.lesson:
        raise ExerciseBankError(
            f"{path}: field 'lesson' is {bank.lesson} but the file name says lesson "
            f"{int(match.group(1))}"
        )
    bank = Bank(lesson=bank.lesson, exercises=bank.exercises, path=path, edition=bank.edition)
    _PARSED[key] = (stamp, bank)
    return bank


def find_exercise(
    exercise_id: str, directory: str | os.PathLike[str] | None = None
) -> Exercise:
    """Return the exercise with this id, loading its lesson's bank.

    Raises
    ------
    KeyError
        If the id is malformed or no bank holds it.

    Examples
    --------
    >>> find_exercise("l1.e1").lesson
    1
    """
    match = _ID_RE.match(exercise_id) if isinstance(exercise_id, str) else None
    if not match:
        raise KeyError(f"exercise ids look like 'l1.e2', got {exercise_id!r}")
    try:
        bank = load_bank(int(match.group(1)), directory)
    except ExerciseBankError as exc:
        if "no bank for lesson" in str(exc):
            raise KeyError(f"no exercise {exercise_id!r}: {exc}") from exc
        raise
    return bank[exercise_id]


# --------------------------------------------------------------------------- validation


def parse_bank(data: Any, source: str = "<memory>") -> Bank:
    """Validate the parsed YAML of a bank and build a :class:`Bank`.

    Parameters
    ----------
    data : Any
        The result of ``yaml.safe_load`` on a bank file.
    source : str
        File name used in error messages.

    Raises
    ------
    ExerciseBankError
        Naming ``source``, the exercise and the field at fault.

    Examples
    --------
    >>> parse_bank({"lesson": 1, "exercises": []}, source="x.yaml")
    Traceback (most recent call last):
    ...
    sanclab.exercises.bank.ExerciseBankError: x.yaml: field 'exercises' must be a non-empty list
    """
    if not isinstance(data, dict):
        raise ExerciseBankError(
            f"{source}: a bank must be a mapping with 'lesson' and 'exercises', "
            f"got {type(data).__name__}"
        )
    unknown = set(data) - {"lesson", "exercises", "edition"}
    if unknown:
        raise ExerciseBankError(f"{source}: unknown top-level field(s) {sorted(unknown)}")
    edition = data.get("edition", "instructor")
    if edition not in EDITIONS:
        raise ExerciseBankError(
            f"{source}: field 'edition' must be one of {', '.join(EDITIONS)}, got {edition!r} "
            "(leave it out in a bank you write: the release writes the student edition)"
        )
    lesson = data.get("lesson")
    if isinstance(lesson, bool) or not isinstance(lesson, int) or lesson < 1:
        raise ExerciseBankError(
            f"{source}: field 'lesson' must be an integer >= 1, got {lesson!r}"
        )
    items = data.get("exercises")
    if not isinstance(items, list) or not items:
        raise ExerciseBankError(f"{source}: field 'exercises' must be a non-empty list")
    exercises: list[Exercise] = []
    seen: set[str] = set()
    for index, item in enumerate(items):
        ex = _parse_exercise(item, index, lesson, source, edition)
        if ex.id in seen:
            raise ExerciseBankError(
                f"{source}: exercise #{index + 1}: field 'id': duplicate id {ex.id!r}"
            )
        seen.add(ex.id)
        exercises.append(ex)
    return Bank(lesson=lesson, exercises=tuple(exercises), edition=edition)


def answer_variable(ex: Exercise) -> str:
    """The notebook variable holding the answer when ``check`` is never called.

    ``answer_e<n>`` for exercise ``l<lesson>.e<n>``; for a function exercise, the function's
    name.

    Examples
    --------
    >>> answer_variable(Exercise(id="l1.e3", lesson=1, title="T", kind="choice", points=1,
    ...                          prompt="?", answer={"correct": 0}, options=("a", "b")))
    'answer_e3'
    """
    if ex.kind == "function":
        return str(ex.answer["name"])
    return "answer_e" + ex.id.split(".e", 1)[1]


def _is_number(value: Any) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
    )


def _parse_exercise(
    item: Any, index: int, lesson: int, source: str, edition: str = "instructor"
) -> Exercise:
    where = f"{source}: exercise #{index + 1}"
    if not isinstance(item, dict):
        raise ExerciseBankError(f"{where}: must be a mapping, got {type(item).__name__}")
    ex_id = item.get("id")
    if not isinstance(ex_id, str) or not _ID_RE.match(ex_id):
        raise ExerciseBankError(
            f"{where}: field 'id' must look like 'l{lesson}.e<n>', got {ex_id!r}"
        )
    where = f"{source}: exercise {ex_id}"
    if int(_ID_RE.match(ex_id).group(1)) != lesson:
        raise ExerciseBankError(
            f"{where}: field 'id' does not match the bank's lesson {lesson} "
            f"(expected 'l{lesson}.e<n>')"
        )

    def fail(name: str, problem: str) -> ExerciseBankError:
        return ExerciseBankError(f"{where}: field {name!r}: {problem}")

    unknown = set(item) - _EXERCISE_KEYS
    if unknown:
        raise fail(sorted(unknown)[0], f"unknown field (allowed: {sorted(_EXERCISE_KEYS)})")
    for name in ("title", "prompt"):
        value = item.get(name)
        if not isinstance(value, str) or not value.strip():
            raise fail(name, f"missing or empty (a non-empty string is required), got {value!r}")
    kind = item.get("kind")
    if kind not in KINDS:
        raise fail("kind", f"unknown kind {kind!r} (allowed: {', '.join(KINDS)})")
    points = item.get("points")
    if not _is_number(points) or points <= 0:
        raise fail("points", f"must be a number in (0, inf), got {points!r}")
    hints = item.get("hints", [])
    if not isinstance(hints, list) or not all(isinstance(h, str) and h.strip() for h in hints):
        raise fail("hints", "must be a list of non-empty strings")
    solution = item.get("solution")
    if solution is not None and (not isinstance(solution, str) or not solution.strip()):
        raise fail("solution", "must be a non-empty string when given")
    options = item.get("options")
    if kind == "choice":
        if (
            not isinstance(options, list)
            or len(options) < 2
            or not all(isinstance(o, str) and o.strip() for o in options)
        ):
            raise fail("options", "a choice exercise needs a list of at least two strings")
        normalized = [_normalize_text(o) for o in options]
        if len(set(normalized)) != len(normalized):
            raise fail("options", "two options have the same text")
    elif options is not None:
        raise fail("options", f"only choice exercises have options (this one is {kind})")
    answer = item.get("answer")
    if not isinstance(answer, dict):
        raise fail("answer", f"missing (a mapping is required), got {answer!r}")
    allowed = (_ANSWER_KEYS if edition == "instructor" else _STUDENT_ANSWER_KEYS)[kind]
    unknown = set(answer) - allowed
    if unknown:
        raise fail(
            "answer",
            f"unknown key {sorted(unknown)[0]!r} for a {kind} exercise "
            f"(allowed: {sorted(allowed)})",
        )
    if edition == "instructor":
        _VALIDATORS[kind](answer, options, fail)
    else:
        _STUDENT_VALIDATORS[kind](answer, options, fail)
    if edition == "student" and solution is not None:
        raise fail("solution", "a student edition holds no worked solution")
    misconceptions = _validate_misconceptions(item.get("misconceptions", []), kind, answer,
                                              options, fail, student=edition == "student")
    return Exercise(
        id=ex_id,
        lesson=lesson,
        title=item["title"].strip(),
        kind=kind,
        points=points,
        prompt=item["prompt"],
        hints=tuple(hints),
        answer=answer,
        options=tuple(options) if options is not None else None,
        solution=solution,
        misconceptions=misconceptions,
        source=source,
        edition=edition,
    )


def _normalize_text(text: str) -> str:
    return " ".join(text.split()).casefold()


def _check_tolerance(answer: dict, key: str, fail) -> None:
    if key in answer:
        tol = answer[key]
        if not _is_number(tol) or tol < 0:
            raise fail("answer", f"{key} must be a number in [0, inf), got {tol!r}")


def _validate_numeric(answer: dict, options, fail) -> None:
    value = answer.get("value")
    if not _is_number(value):
        raise fail("answer", f"value must be a finite number, got {value!r}")
    _check_tolerance(answer, "tolerance", fail)
    _check_tolerance(answer, "rel_tolerance", fail)
    if answer.get("rel_tolerance", 0) >= 1:
        raise fail(
            "answer", f"rel_tolerance must be in [0, 1), got {answer['rel_tolerance']!r}"
        )
    _numeric_digest_fits(answer, fail)


def _validate_choice(answer: dict, options, fail) -> None:
    correct = answer.get("correct")
    indices = correct if isinstance(correct, list) else [correct]
    if isinstance(correct, list) and not correct:
        raise fail("answer", "correct must not be an empty list")
    for idx in indices:
        if isinstance(idx, bool) or not isinstance(idx, int):
            raise fail("answer", f"correct must be an option index or a list of them, got {idx!r}")
        if not 0 <= idx < len(options):
            raise fail(
                "answer",
                f"option index {idx} out of range [0, {len(options) - 1}] "
                f"({len(options)} options)",
            )
    if len(set(indices)) != len(indices):
        raise fail("answer", f"correct lists an option twice: {correct!r}")


def _validate_function(answer: dict, options, fail) -> None:
    name = answer.get("name")
    if not isinstance(name, str) or not _NAME_RE.match(name):
        raise fail("answer", f"name must be a Python identifier, got {name!r}")
    timeout = answer.get("timeout", DEFAULT_TIMEOUT)
    if not _is_number(timeout) or not 0 < timeout <= 60:
        raise fail("answer", f"timeout must be a number of seconds in (0, 60], got {timeout!r}")
    _check_tolerance(answer, "tolerance", fail)
    reference = answer.get("reference")
    if reference is not None and (not isinstance(reference, str) or not _REF_RE.match(reference)):
        raise fail(
            "answer", f"reference must look like 'package.module:function', got {reference!r}"
        )
    transform = answer.get("transform")
    if transform is not None:
        if reference is None:
            raise fail("answer", "transform is only allowed together with reference")
        if not isinstance(transform, str) or not _ATTR_PATH_RE.match(transform):
            raise fail(
                "answer",
                f"transform must be an attribute path like 'joined.sum', got {transform!r}",
            )
    cases = answer.get("cases")
    if not isinstance(cases, list) or not cases:
        raise fail(
            "answer",
            "cases missing (a non-empty list of {args, expected} is required: the public "
            "cases students can check against)",
        )
    _validate_cases(cases, "case", reference, fail)
    hidden = answer.get("hidden_cases")
    if hidden is not None:
        if not isinstance(hidden, list) or not hidden:
            raise fail("answer", "hidden_cases must be a non-empty list of {args, expected}")
        _validate_cases(hidden, "hidden case", reference, fail)


def _validate_cases(cases: list, word: str, reference: Any, fail) -> None:
    for n, case in enumerate(cases, start=1):
        if not isinstance(case, dict):
            raise fail("answer", f"{word} {n} must be a mapping, got {case!r}")
        unknown = set(case) - {"args", "kwargs", "expected"}
        if unknown:
            raise fail("answer", f"{word} {n}: unknown key {sorted(unknown)[0]!r}")
        if not isinstance(case.get("args", []), list):
            raise fail("answer", f"{word} {n}: args must be a list of positional arguments")
        kwargs = case.get("kwargs", {})
        if not isinstance(kwargs, dict) or not all(
            isinstance(k, str) and _NAME_RE.match(k) for k in kwargs
        ):
            raise fail("answer", f"{word} {n}: kwargs must map argument names to values")
        if reference is None and "expected" not in case:
            raise fail("answer", f"{word} {n}: expected missing (or give answer.reference)")
        if reference is not None and "expected" in case:
            raise fail(
                "answer",
                f"{word} {n}: give either a literal expected or answer.reference, not both",
            )


def _validate_free(answer: dict, options, fail) -> None:
    min_words = answer.get("min_words", 0)
    if isinstance(min_words, bool) or not isinstance(min_words, int) or min_words < 0:
        raise fail("answer", f"min_words must be an integer in [0, inf), got {min_words!r}")
    max_words = answer.get("max_words")
    if max_words is not None and (isinstance(max_words, bool) or not isinstance(max_words, int)
                                  or max_words < max(min_words, 1)):
        raise fail("answer", f"max_words must be an integer in [{max(min_words, 1)}, inf) "
                             f"(at least min_words), got {max_words!r}")
    rubric = answer.get("rubric")
    if (
        not isinstance(rubric, list)
        or not rubric
        or not all(isinstance(r, str) and r.strip() for r in rubric)
    ):
        raise fail("answer", "rubric must be a non-empty list of criteria (strings)")


def _numeric_digest_fits(answer: dict, fail) -> None:
    from .digest import accepted_cells

    try:
        accepted_cells(answer["value"], answer.get("tolerance", 0.0),
                       answer.get("rel_tolerance", 0.0))
    except ValueError as exc:
        raise fail("answer", str(exc)) from None


_VALIDATORS = {
    "numeric": _validate_numeric,
    "choice": _validate_choice,
    "function": _validate_function,
    "free": _validate_free,
}


def _validate_misconceptions(items: Any, kind: str, answer: dict, options, fail, *,
                             student: bool = False):
    """Known wrong answers and the message naming each mistake (numeric and choice only).

    In a student edition the answer is a digest, so a misconception cannot be compared with
    it there; the instructor bank it was released from was checked.
    """
    if items == []:
        return ()
    if kind not in ("numeric", "choice"):
        raise fail("misconceptions", f"only numeric and choice exercises have them "
                                     f"(this one is {kind})")
    if not isinstance(items, list):
        raise fail("misconceptions", f"must be a list of mappings, got {items!r}")
    key = "value" if kind == "numeric" else "option"
    found = []
    for number, entry in enumerate(items, start=1):
        allowed = {key, "message"} | ({"tolerance"} if kind == "numeric" else set())
        if not isinstance(entry, dict) or set(entry) - allowed or not {key, "message"} <= set(
                entry):
            raise fail("misconceptions", f"entry {number} must be a mapping with {key!r} and "
                                         f"'message' (allowed keys: {sorted(allowed)}), "
                                         f"got {entry!r}")
        message = entry["message"]
        if not isinstance(message, str) or not message.strip():
            raise fail("misconceptions", f"entry {number}: message must be a non-empty string")
        wrong = entry[key]
        if kind == "numeric":
            if not _is_number(wrong):
                raise fail("misconceptions", f"entry {number}: value must be a finite number, "
                                             f"got {wrong!r}")
            _check_tolerance(entry, "tolerance", fail)
            slack = 0.0 if student else max(answer.get("tolerance", 0.0),
                                            answer.get("rel_tolerance", 0.0)
                                            * abs(answer["value"]))
            if not student and abs(wrong - answer["value"]) <= slack:
                raise fail("misconceptions", f"entry {number}: value {wrong!r} would be "
                                             "accepted as correct")
        else:
            select_all = answer["select_all"] if student else isinstance(answer["correct"], list)
            chosen = wrong if isinstance(wrong, list) else [wrong]
            if (isinstance(wrong, list) != select_all
                    or not all(isinstance(i, int) and not isinstance(i, bool)
                               and 0 <= i < len(options) for i in chosen)):
                raise fail("misconceptions", f"entry {number}: option must be an option index "
                                             "(a list of them for a select-all exercise), "
                                             f"got {wrong!r}")
            correct = [] if student else (answer["correct"] if select_all
                                          else [answer["correct"]])
            if not student and sorted(chosen) == sorted(correct):
                raise fail("misconceptions", f"entry {number}: option {wrong!r} is the correct "
                                             "answer")
        found.append(dict(entry))
    return tuple(found)


# --------------------------------------------------------------------------- student edition


_HEX_RE = re.compile(r"^[0-9a-f]{1,64}$")


def _validate_digest(answer: dict, fail, *, numeric: bool) -> None:
    digest = answer.get("digest")
    if digest is None:
        return  # practice feedback switched off for this exercise
    expected = {"salt", "hashes"} | ({"grid"} if numeric else set())
    if not isinstance(digest, dict) or set(digest) != expected:
        raise fail("answer", f"digest must be a mapping with exactly {sorted(expected)}")
    if not isinstance(digest["salt"], str) or not _HEX_RE.match(digest["salt"]):
        raise fail("answer", "digest.salt must be a hexadecimal string")
    hashes = digest["hashes"]
    if not isinstance(hashes, list) or not hashes or not all(
        isinstance(h, str) and _HEX_RE.match(h) for h in hashes
    ):
        raise fail("answer", "digest.hashes must be a non-empty list of hexadecimal strings")
    if numeric:
        grid = digest["grid"]
        if (not isinstance(grid, list) or len(grid) != 2
                or not all(isinstance(g, int) and not isinstance(g, bool) for g in grid)
                or grid[1] < 1):
            raise fail("answer", "digest.grid must be [exponent, digits] (two integers)")


def _student_numeric(answer: dict, options, fail) -> None:
    _validate_digest(answer, fail, numeric=True)


def _student_choice(answer: dict, options, fail) -> None:
    if not isinstance(answer.get("select_all"), bool):
        raise fail("answer", "select_all must be true or false")
    _validate_digest(answer, fail, numeric=False)


def _student_function(answer: dict, options, fail) -> None:
    _validate_function(answer, options, fail)


_STUDENT_VALIDATORS = {
    "numeric": _student_numeric,
    "choice": _student_choice,
    "function": _student_function,
    "free": _validate_free,
}
