"""Instant feedback on a student's answer: ``check(exercise_id, answer)``.

:func:`check` never raises because of what a student typed: a wrong type, NaN, an unknown
exercise id or a function that loops forever all come back as a :class:`Feedback` with a
clear message. Each wrong attempt reveals the exercise's next hint (the count is kept per
exercise id for the session; :func:`reset_hints` clears it). Answers of the wrong form
(a string where a number is expected, ...) do not use up a hint.

``check`` is for practice. Against an instructor's bank it compares with the answer key;
against a student edition (the release) it compares salted hashes of the normalized answer
(:mod:`sanclab.exercises.digest`), or only records the answer when the release was made
without practice feedback. Function exercises run on their public cases only. A practice
checker can always be brute-forced, so its verdicts are never graded: the grader
(:func:`sanclab.exercises.grade_submissions`) takes the answer passed to the *last*
``check`` call of each exercise (see :func:`last_answers`) and checks it itself.
"""

from __future__ import annotations

import copy
import difflib
import html
import importlib
import math
import numbers
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .bank import _ID_RE, DEFAULT_TIMEOUT, Exercise, ExerciseBankError, find_exercise, load_banks
from .digest import FLOAT_SLACK, allowed_error, choice_cell, digest_matches, numeric_cell
from .sandbox import run_call, to_plain

__all__ = ["FLOAT_SLACK", "Feedback", "check", "expected_cases", "last_answers", "reset_hints"]

# Colour-blind-safe (Okabe-Ito) accents; every state also has a text label and a symbol.
_STYLES = {
    True: ("correct", "\u2713", "Correct", "#0072B2", "#e6f0f7"),
    False: ("not-yet", "\u2717", "Not yet", "#D55E00", "#fbece3"),
    None: ("recorded", "\u25cf", "Recorded", "#595959", "#f0f0f0"),
}
#: Style of an exercise not answered yet (the notebook's placeholder): neutral, not a failure.
_UNANSWERED = ("unanswered", "\u270e", "No answer yet", "#595959", "#f7f7f7")

_wrong_attempts: dict[str, int] = {}
_attempts_lock = threading.Lock()
# The answer passed to the last check() of each exercise id, and how many checks were made.
_last_answers: dict[str, Any] = {}
_check_calls: dict[str, int] = {}

#: Message for an exercise whose student copy carries no practice check.
NO_PRACTICE = (
    "Recorded: {answer}. This copy of the exercises has no instant feedback for this "
    "exercise; your instructor grades it."
)


@dataclass(frozen=True)
class Feedback:
    """The checker's verdict on one answer.

    Attributes
    ----------
    exercise_id : str
    correct : bool or None
        ``None`` for a recorded free response (graded by the instructor).
    message : str
    hint : str or None
        The hint revealed by this (wrong) attempt.
    points_awarded : float or None
        ``None`` while a free response awaits the instructor.
    points_possible : float
    hint_number, hint_count : int
        Which hint this is (1-based) and how many the exercise has.
    answered : bool
        False when the answer is still the notebook's placeholder (``None``, an empty
        text or list, a function whose body is not written): shown as a neutral prompt,
        not as a wrong answer, and no hint is used up.

    Examples
    --------
    >>> fb = Feedback("l1.e1", True, "Correct.", None, 2, 2)
    >>> fb
    Feedback('l1.e1', correct=True, points=2/2, message='Correct.')
    >>> print(fb)
    [Correct] l1.e1 (2/2 points)
    Correct.
    """

    exercise_id: str
    correct: bool | None
    message: str
    hint: str | None
    points_awarded: float | None
    points_possible: float
    hint_number: int = 0
    hint_count: int = 0
    answered: bool = True

    @property
    def _style(self) -> tuple[str, str, str, str, str]:
        return _STYLES[self.correct] if self.answered else _UNANSWERED

    @property
    def label(self) -> str:
        """``Correct``, ``Not yet``, ``Recorded`` or ``No answer yet``."""
        return self._style[2]

    def _points(self) -> str:
        got = "?" if self.points_awarded is None else f"{self.points_awarded:g}"
        return f"{got}/{self.points_possible:g}"

    def _hint_heading(self) -> str:
        if self.hint_count > 1:
            return f"Hint {self.hint_number} of {self.hint_count}"
        return "Hint"

    def __repr__(self) -> str:
        return (
            f"Feedback({self.exercise_id!r}, correct={self.correct!r}, "
            f"points={self._points()}, message={self.message!r})"
        )

    def __str__(self) -> str:
        lines = [f"[{self.label}] {self.exercise_id} ({self._points()} points)", self.message]
        if self.hint:
            lines.append(f"{self._hint_heading()}: {self.hint}")
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        css, symbol, label, accent, background = self._style
        esc = html.escape
        parts = [
            f'<div class="sanclab-feedback sanclab-feedback-{css}" role="status" '
            f'style="border:1px solid {accent};border-left:6px solid {accent};'
            f"background:{background};color:#1a1a1a;padding:0.5em 0.8em;margin:0.4em 0;"
            'border-radius:4px;">',
            f'<strong><span aria-hidden="true">{symbol}</span> {label}</strong>'
            f" &mdash; {esc(self.exercise_id)} ({esc(self._points())} points)",
            f'<div class="sanclab-feedback-message">{esc(self.message)}</div>',
        ]
        if self.hint:
            parts.append(
                f'<div class="sanclab-feedback-hint"><strong>{esc(self._hint_heading())}:'
                f"</strong> {esc(self.hint)}</div>"
            )
        parts.append("</div>")
        return "".join(parts)


def reset_hints(exercise_id: str | None = None) -> None:
    """Forget the wrong attempts (and so the revealed hints) of one or every exercise;
    with no argument, also the recorded answers (:func:`last_answers`).

    Examples
    --------
    >>> reset_hints()
    """
    with _attempts_lock:
        if exercise_id is None:
            _wrong_attempts.clear()
            _last_answers.clear()
            _check_calls.clear()
        else:
            _wrong_attempts.pop(exercise_id, None)


# --------------------------------------------------------------------------- outcomes


@dataclass(frozen=True)
class _Verdict:
    """What a kind-specific checker decided; ``attempt`` False = malformed answer."""

    correct: bool | None
    message: str
    attempt: bool = True
    unanswered: bool = False


def _malformed(message: str) -> _Verdict:
    return _Verdict(False, message, attempt=False)


def _short(value: Any, limit: int = 120) -> str:
    try:
        text = repr(value)
    except Exception:  # a student's object whose __repr__ raises
        text = f"<{type(value).__name__} object>"
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _describe(value: Any) -> str:
    """Name what the student gave, for error messages."""
    if value is None:
        return "None (did the cell compute a value?)"
    if isinstance(value, bool):
        return f"the boolean {value}"
    if isinstance(value, str):
        return f"the string {_short(value)}"
    if isinstance(value, (list, tuple, set, frozenset)):
        return f"a {type(value).__name__} of {len(value)} item(s)"
    if hasattr(value, "shape") and hasattr(value, "ndim"):
        if value.ndim == 0 and hasattr(value, "item"):  # a numpy scalar such as np.float64
            return f"{_short(value.item(), 60)} (of type {type(value).__name__})"
        return f"an array of shape {tuple(value.shape)}"
    return f"{_short(value, 60)} (of type {type(value).__name__})"


def _as_number(value: Any) -> tuple[float | None, str]:
    """Return (number, "") or (None, what is wrong)."""
    if getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        value = value.item()
    if isinstance(value, bool) or not isinstance(value, numbers.Number):
        if isinstance(value, str):
            try:
                number = float(value)
            except ValueError:
                pass
            else:
                if math.isfinite(number):
                    return None, (
                        f"expected a number, got the string {_short(value)}; "
                        f"write it without quotes: {value.strip()}"
                    )
        if isinstance(value, (list, tuple)) or getattr(value, "ndim", 0):
            return None, f"expected a single number, got {_describe(value)}"
        return None, f"expected a number, got {_describe(value)}"
    if isinstance(value, numbers.Complex) and not isinstance(value, numbers.Real):
        return None, f"expected a real number, got the complex number {value}"
    try:
        number = float(value)
    except (TypeError, ValueError, OverflowError):
        return None, f"expected a number, got {_describe(value)}"
    if math.isnan(number):
        return None, (
            "expected a number, got nan (not a number); look for a division by zero "
            "or a missing value"
        )
    if math.isinf(number):
        return None, f"expected a finite number, got {number}"
    return number, ""


def _close(expected: float, got: float, tolerance: float, rel_tolerance: float = 0.0) -> bool:
    return abs(got - expected) <= allowed_error(expected, tolerance, rel_tolerance)


def _check_numeric(ex: Exercise, answer: Any) -> _Verdict:
    number, problem = _as_number(answer)
    if number is None:
        return _malformed(problem)
    spec = ex.answer
    if "value" in spec:
        right = _close(spec["value"], number, spec.get("tolerance", 0.0),
                       spec.get("rel_tolerance", 0.0))
    elif "digest" in spec:
        right = digest_matches(spec["digest"], ex.id,
                               numeric_cell(number, tuple(spec["digest"]["grid"])))
    else:
        return _Verdict(None, NO_PRACTICE.format(answer=f"{number:g}"))
    if right:
        return _Verdict(True, f"Correct: {number:g}.")
    for wrong in ex.misconceptions:
        if _close(wrong["value"], number, wrong.get("tolerance", spec.get("tolerance", 0.0))):
            return _Verdict(False, f"{number:g} is not the expected value. {wrong['message']}")
    return _Verdict(False, f"{number:g} is not the expected value.")


def _option_index(ex: Exercise, value: Any) -> tuple[int | None, str]:
    options = ex.options or ()
    last = len(options) - 1
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        if 0 <= int(value) <= last:
            return int(value), ""
        return None, (
            f"there is no option {int(value)}; the options are numbered 0 to {last}"
        )
    if isinstance(value, str):
        wanted = " ".join(value.split()).casefold()
        for index, option in enumerate(options):
            if " ".join(option.split()).casefold() == wanted:
                return index, ""
        extra = "; write the number without quotes" if value.strip().isdigit() else ""
        return None, (
            f"{_short(value)} is not one of the options; answer with the option's number "
            f"(0 to {last}) or its exact text{extra}"
        )
    return None, (
        f"expected an option number (0 to {last}) or an option's text, got {_describe(value)}"
    )


def _choice_is_right(ex: Exercise, chosen: int | set[int]) -> bool | None:
    spec = ex.answer
    if "correct" in spec:
        correct = spec["correct"]
        return chosen == (set(correct) if isinstance(correct, list) else correct)
    if "digest" in spec:
        return digest_matches(spec["digest"], ex.id, choice_cell(chosen))
    return None


def _check_choice(ex: Exercise, answer: Any) -> _Verdict:
    spec = ex.answer
    select_all = spec.get("select_all", isinstance(spec.get("correct"), list))
    if getattr(answer, "ndim", None) == 1 and hasattr(answer, "tolist"):
        answer = answer.tolist()  # e.g. np.flatnonzero(...): a list of option numbers
    if select_all:
        if isinstance(answer, (list, tuple, set, frozenset)):
            chosen: set[int] = set()
            for item in answer:
                index, problem = _option_index(ex, item)
                if index is None:
                    return _malformed(problem)
                chosen.add(index)
        else:
            index, problem = _option_index(ex, answer)
            if index is None:
                return _malformed(problem + " (or a list of them: select all that apply)")
            chosen = {index}
        right = _choice_is_right(ex, chosen)
        if right is None:
            return _Verdict(None, NO_PRACTICE.format(answer=f"options {sorted(chosen)}"))
        if right:
            return _Verdict(True, f"Correct: options {sorted(chosen)}.")
        return _Verdict(False, _with_misconception(
            ex, chosen, f"options {sorted(chosen)} are not exactly the right set."))
    if isinstance(answer, (list, tuple, set, frozenset)):
        return _malformed(f"expected one option, got {_describe(answer)}")
    index, problem = _option_index(ex, answer)
    if index is None:
        return _malformed(problem)
    right = _choice_is_right(ex, index)
    if right is None:
        return _Verdict(None, NO_PRACTICE.format(answer=f"option {index}"))
    if right:
        return _Verdict(True, f"Correct: option {index}.")
    return _Verdict(False, _with_misconception(ex, {index},
                                               f"option {index} is not the right choice."))


def _with_misconception(ex: Exercise, chosen: set[int], message: str) -> str:
    """``message``, followed by the bank's note on this wrong choice if it has one."""
    for wrong in ex.misconceptions:
        option = wrong["option"]
        if set(option if isinstance(option, list) else [option]) == chosen:
            return f"{message} {wrong['message']}"
    return message


_WORD_RE = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def _check_free(ex: Exercise, answer: Any) -> _Verdict:
    if not isinstance(answer, str):
        return _malformed(f"expected your answer as text (a string), got {_describe(answer)}")
    words = len(_WORD_RE.findall(answer))
    needed = ex.answer.get("min_words", 0)
    if words < max(needed, 1):
        return _malformed(
            f"your answer has {words} word(s); at least {max(needed, 1)} are needed"
        )
    limit = ex.answer.get("max_words")
    if limit is not None and words > limit:
        return _malformed(f"your answer has {words} words; at most {limit} are allowed: "
                          "shorten it and check again")
    rubric = "; ".join(f"({i}) {c}" for i, c in enumerate(ex.answer["rubric"], start=1))
    return _Verdict(
        None,
        f"Recorded ({words} words) \u2014 graded by your instructor with this rubric: {rubric}",
    )


# --------------------------------------------------------------------------- functions


def _values_equal(expected: Any, got: Any, tolerance: float) -> bool:
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        return type(got) is type(expected) and got == expected
    if isinstance(expected, numbers.Real):
        return (
            isinstance(got, numbers.Real)
            and not isinstance(got, bool)
            and math.isfinite(float(got))
            and _close(float(expected), float(got), tolerance)
        )
    if isinstance(expected, list):
        return (
            isinstance(got, list)
            and len(got) == len(expected)
            and all(_values_equal(e, g, tolerance) for e, g in zip(expected, got, strict=True))
        )
    if isinstance(expected, Mapping):
        return (
            isinstance(got, Mapping)
            and set(got) == set(expected)
            and all(_values_equal(expected[k], got[k], tolerance) for k in expected)
        )
    return bool(expected == got)


def _reference_value(spec: Mapping, args: list, kwargs: dict) -> Any:
    module_name, _, attr_path = spec["reference"].partition(":")
    target: Any = importlib.import_module(module_name)
    for part in attr_path.split("."):
        target = getattr(target, part)
    value = target(*copy.deepcopy(args), **copy.deepcopy(kwargs))
    for part in (spec.get("transform") or "").split("."):
        if part:
            value = getattr(value, part)
            if callable(value):
                value = value()
    return to_plain(value)


def expected_cases(ex: Exercise, include_hidden: bool = False) -> list[tuple[list, dict, Any]]:
    """The test cases of a function exercise as ``(args, kwargs, expected)``.

    ``expected`` is the literal value from the bank or, with ``answer.reference``, the
    reference implementation's result (after ``answer.transform``), as plain Python. The
    public ``cases`` come first; ``include_hidden`` appends the ``hidden_cases`` (the
    grader's).

    Examples
    --------
    >>> from sanclab.exercises.bank import parse_bank
    >>> bank = parse_bank({"lesson": 9, "exercises": [{"id": "l9.e1", "title": "Add",
    ...     "kind": "function", "points": 1, "prompt": "Write add(a, b).",
    ...     "answer": {"name": "add", "reference": "operator:add",
    ...                "cases": [{"args": [1, 2]}]}}]})
    >>> expected_cases(bank["l9.e1"])
    [([1, 2], {}, 3)]
    """
    spec = ex.answer
    cases = []
    for case in [*spec["cases"], *(spec.get("hidden_cases", []) if include_hidden else [])]:
        args, kwargs = list(case.get("args", [])), dict(case.get("kwargs", {}))
        if "reference" in spec:
            expected = _reference_value(spec, args, kwargs)
        else:
            expected = case["expected"]
        cases.append((args, kwargs, expected))
    return cases


def _call_text(name: str, args: list, kwargs: dict) -> str:
    inner = [repr(a) for a in args] + [f"{k}={v!r}" for k, v in kwargs.items()]
    text = f"{name}({', '.join(inner)})"
    return text if len(text) <= 160 else text[:157] + "..."


def _check_function(ex: Exercise, answer: Any) -> _Verdict:
    spec = ex.answer
    name = spec["name"]
    if not callable(answer):
        return _malformed(
            f"expected a function, got {_describe(answer)}; pass the function itself, "
            f"without calling it: check({ex.id!r}, {name})"
        )
    try:
        cases = expected_cases(ex)
    except Exception as exc:  # the bank's reference is broken: the instructor's problem
        return _malformed(
            f"could not compute the expected results ({type(exc).__name__}: {exc}); "
            "please tell your instructor"
        )
    timeout = spec.get("timeout", DEFAULT_TIMEOUT)
    tolerance = spec.get("tolerance", 0.0)
    for number, (args, kwargs, expected) in enumerate(cases, start=1):
        call = _call_text(name, args, kwargs)
        result = run_call(answer, args, kwargs, timeout=timeout)
        if result.status == "timeout":
            return _Verdict(
                False,
                f"your function did not finish within {timeout:g} s on case {number} "
                f"({call}) and was stopped; look for a loop that never ends.",
            )
        if result.status == "crashed":
            return _Verdict(
                False, f"your function crashed its worker process on case {number} ({call})."
            )
        if result.status == "error":
            return _Verdict(
                False,
                f"your function raised {result.error_type}: {result.error_message} "
                f"on case {number} ({call}).",
            )
        if result.value is None and expected is not None:
            return _Verdict(
                False,
                f"your function returns None on case {number} ({call}): write its body "
                "(and a return statement), then run the cell again.",
                attempt=False, unanswered=True,
            )
        if not _values_equal(expected, result.value, tolerance):
            return _Verdict(
                False,
                f"case {number}: {call} should return {_short(expected)}, "
                f"got {_short(result.value)}.",
            )
    passed = "the test case" if len(cases) == 1 else f"all {len(cases)} test cases"
    return _Verdict(True, f"Correct: your function passed {passed}.")


_CHECKERS = {
    "numeric": _check_numeric,
    "choice": _check_choice,
    "free": _check_free,
    "function": _check_function,
}


# --------------------------------------------------------------------------- check


def _unknown_id_message(exercise_id: Any) -> str:
    try:
        known = [i for bank in load_banks().values() for i in bank.ids]
    except Exception:
        known = []
    text = exercise_id if isinstance(exercise_id, str) else ""
    close = difflib.get_close_matches(text, known, n=3, cutoff=0.6) if text else []
    message = f"there is no exercise {_short(exercise_id)}"
    if not _ID_RE.match(text):
        message += " (exercise ids look like 'l1.e2')"
    if close:
        message += "; did you mean " + " or ".join(repr(c) for c in close) + "?"
    return message


def _record(exercise_id: Any, answer: Any) -> None:
    """Remember the answer of this (last) call; a snapshot, so later edits do not count."""
    if not isinstance(exercise_id, str) or not _ID_RE.match(exercise_id):
        return
    if not callable(answer):
        try:
            answer = to_plain(copy.deepcopy(answer))
        except Exception:  # an object that cannot be copied: keep it as it is
            pass
    with _attempts_lock:
        _last_answers[exercise_id] = answer
        _check_calls[exercise_id] = _check_calls.get(exercise_id, 0) + 1


def last_answers() -> dict[str, tuple[Any, int]]:
    """For each exercise id checked in this session: (last answer passed, number of calls).

    This is what the grader reads: the last ``check`` of an exercise is the student's
    answer, whatever earlier calls returned.

    Examples
    --------
    >>> reset_hints()
    >>> _ = check("l1.e1", 4); _ = check("l1.e1", "three")
    >>> last_answers()["l1.e1"]
    ('three', 2)
    >>> reset_hints()
    """
    with _attempts_lock:
        return {k: (v, _check_calls.get(k, 0)) for k, v in _last_answers.items()}


#: Shown while an answer cell still holds its placeholder.
PLACEHOLDER_MESSAGE = "Put your answer in place of the placeholder and run this cell again."


def _placeholder(ex: Exercise, answer: Any) -> bool:
    """Whether ``answer`` is the notebook's placeholder rather than an attempt: ``None``, an
    empty (or blank) text, or an empty selection."""
    if answer is None:
        return True
    if isinstance(answer, str):
        return not answer.strip()
    return ex.kind == "choice" and isinstance(answer, (list, tuple, set, frozenset)) and not answer


def _evaluate(exercise_id: Any, answer: Any) -> Feedback:
    shown_id = exercise_id if isinstance(exercise_id, str) else repr(exercise_id)
    try:
        ex = find_exercise(exercise_id)
    except KeyError:
        return Feedback(shown_id, False, _unknown_id_message(exercise_id), None, 0, 0)
    except ExerciseBankError as exc:
        return Feedback(
            shown_id, False, f"could not load the exercises ({exc}); please tell your instructor",
            None, 0, 0,
        )
    if _placeholder(ex, answer):
        return Feedback(ex.id, False, PLACEHOLDER_MESSAGE, None, 0, ex.points, answered=False)
    verdict = _CHECKERS[ex.kind](ex, answer)
    if verdict.unanswered:
        return Feedback(ex.id, False, verdict.message, None, 0, ex.points, answered=False)
    if verdict.correct is None:
        return Feedback(ex.id, None, verdict.message, None, None, ex.points)
    if verdict.correct:
        return Feedback(ex.id, True, verdict.message, None, ex.points, ex.points)
    hint, number = None, 0
    if verdict.attempt:
        with _attempts_lock:
            attempts = _wrong_attempts[ex.id] = _wrong_attempts.get(ex.id, 0) + 1
        if ex.hints:
            number = min(attempts, len(ex.hints))
            hint = ex.hints[number - 1]
    return Feedback(ex.id, False, verdict.message, hint, 0, ex.points, number, len(ex.hints))


def check(exercise_id: str, answer: Any) -> Feedback:
    """Check a student's answer and give instant feedback.

    Parameters
    ----------
    exercise_id : str
        Like ``"l1.e2"``.
    answer : Any
        A number (``numeric``), an option number or text, or a list of them for
        select-all (``choice``), the function object itself (``function``), or text
        (``free``).

    Returns
    -------
    Feedback
        Displayed as a coloured box in a notebook; ``correct`` is ``None`` for a
        recorded free response (or any answer, in a copy without practice feedback).
        Never raises because of ``answer`` or ``exercise_id``.

    Examples
    --------
    >>> check("l1.e1", "three").message
    "expected a number, got the string 'three'"
    >>> check("l1.e99", 3).correct
    False
    """
    _record(exercise_id, answer)
    try:
        feedback = _evaluate(exercise_id, answer)
    except Exception as exc:  # a checker bug must not crash the student's notebook
        shown_id = exercise_id if isinstance(exercise_id, str) else repr(exercise_id)
        feedback = Feedback(
            shown_id, False,
            f"internal error in the checker ({type(exc).__name__}: {exc}); "
            "please tell your instructor", None, 0, 0,
        )
    return feedback


# --------------------------------------------------------------------------- grading


#: Largest string (characters) and list (items) an answer report keeps.
_MAX_TEXT = 200_000
_MAX_ITEMS = 10_000


def _json_safe(value: Any, depth: int = 0) -> Any:
    """``value`` as plain JSON data; anything else becomes ``{"unsupported": description}``.

    Examples
    --------
    >>> _json_safe([1, 2.5, float("nan"), "x", (True, None)])
    [1, 2.5, {'unsupported': 'nan'}, 'x', [True, None]]
    >>> _json_safe(object)["unsupported"]
    "<class 'object'> (type)"
    """
    value = to_plain(value) if depth == 0 else value
    if value is None or type(value) is bool:
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        value = int(value)
        return value if value.bit_length() <= 1000 else {"unsupported": "a huge integer"}
    if isinstance(value, float):
        value = float(value)
        return value if math.isfinite(value) else {"unsupported": repr(value)}
    if isinstance(value, str):
        return str(value)[:_MAX_TEXT]
    if depth >= 20:
        return {"unsupported": "nested too deeply"}
    if isinstance(value, (list, tuple)):
        return [_json_safe(to_plain(v), depth + 1) for v in list(value)[:_MAX_ITEMS]]
    if isinstance(value, Mapping) and all(isinstance(k, str) for k in value):
        return {str(k): _json_safe(to_plain(v), depth + 1)
                for k, v in list(value.items())[:_MAX_ITEMS]}
    return {"unsupported": f"{_short(value, 100)} ({type(value).__name__})"}


def _report_answers(spec: str, namespace: Mapping) -> str:
    """Run by the grader in the student's kernel, after the last cell: report the answers.

    ``spec`` (base64 JSON) lists the lesson's exercises: id, kind, the fallback variable and,
    for function exercises, the cases' arguments (never their expected values). For each
    exercise the answer is the one passed to the last ``check`` call, else the variable's
    final value; a function is called on every case in a separate process with its time
    limit. Returns the report as base64 JSON, which the grader reads from the execute reply.
    """
    import base64
    import json

    job = json.loads(base64.b64decode(spec))
    recorded = last_answers()
    wanted = {item["id"] for item in job["exercises"]}
    answers: dict[str, dict] = {}
    for item in job["exercises"]:
        entry: dict[str, Any] = {"calls": recorded.get(item["id"], (None, 0))[1]}
        if item["id"] in recorded:
            value, entry["source"] = recorded[item["id"]][0], "check"
        elif item["variable"] in namespace:
            value, entry["source"] = namespace[item["variable"]], "variable"
        else:
            entry["source"] = None
            answers[item["id"]] = entry
            continue
        if item["kind"] == "function" and callable(value):
            results = []
            for args, kwargs in item["cases"]:
                result = run_call(value, args, kwargs, timeout=item["timeout"])
                results.append({
                    "status": result.status,
                    "value": _json_safe(result.value) if result.status == "ok" else None,
                    "error": f"{result.error_type}: {result.error_message}"[:300],
                })
            entry["results"] = results
        elif item["kind"] == "function":
            entry["not_callable"] = _describe(value)[:200]
        else:
            entry["value"] = _json_safe(value)
        answers[item["id"]] = entry
    report = {"token": job["token"], "answers": answers,
              "other_ids": sorted(k for k in recorded if k not in wanted)[:100]}
    return base64.b64encode(json.dumps(report).encode()).decode()
