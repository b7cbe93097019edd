"""Tests for sanclab.exercises.check: instant feedback, hints, grade log.

The bank used is tests/data/exercises/good/l1_demo.yaml (SANCLAB_EXERCISES points there).
"""

from __future__ import annotations

import math
import threading
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sanclab.exercises import Feedback, check, reset_hints
from sanclab.exercises.sandbox import fork_available

GOOD = Path(__file__).parent / "data" / "exercises" / "good"


@pytest.fixture(autouse=True)
def _demo_bank(monkeypatch):
    monkeypatch.setenv("SANCLAB_EXERCISES", str(GOOD))
    monkeypatch.delenv("SANCLAB_GRADE_LOG", raising=False)
    reset_hints()
    yield
    reset_hints()


def count_joiners(thresholds):
    acting = 0
    while True:
        share = acting / len(thresholds)
        now = sum(t <= share + 1e-12 for t in thresholds)
        if now == acting:
            return acting
        acting = now


# --------------------------------------------------------------------------- numeric


def test_numeric_exact_answer_is_correct():
    """l1.e1 expects 3 with tolerance 0: 3, 3.0, np.int64(3) and a 0-d array are correct."""
    for answer in (3, 3.0, np.int64(3), np.array(3.0), Fraction(6, 2)):
        fb = check("l1.e1", answer)
        assert (fb.correct, fb.points_awarded, fb.points_possible) == (True, 2, 2)
        assert fb.hint is None


def test_numeric_tolerance_boundaries():
    """l1.e2 expects 0.75 +- 0.01: 0.7401 and 0.7599 pass, 0.7399 and 0.7601 fail."""
    assert check("l1.e2", 0.7401).correct is True
    assert check("l1.e2", 0.7599).correct is True
    assert check("l1.e2", 0.7399).correct is False
    assert check("l1.e2", 0.7601).correct is False


def test_float_noise_is_tolerated_even_at_zero_tolerance():
    """(0.1 + 0.2) * 10 (= 3.0000000000000004) counts as 3 when the tolerance is 0."""
    assert (0.1 + 0.2) * 10 != 3
    assert check("l1.e1", (0.1 + 0.2) * 10).correct is True
    assert check("l1.e1", 3.000001).correct is False


@pytest.mark.parametrize("answer, fragment", [
    ("abc", "expected a number, got the string 'abc'"),
    ("3", "got the string '3'; write it without quotes: 3"),
    (float("nan"), "got nan (not a number)"),
    (math.inf, "expected a finite number, got inf"),
    ([3], "expected a single number, got a list of 1 item(s)"),
    (np.array([3.0, 4.0]), "expected a single number, got an array of shape (2,)"),
    (True, "got the boolean True"),
    (2 + 1j, "expected a real number"),
    ({"a": 1}, "expected a number, got {'a': 1} (of type dict)"),
])
def test_numeric_wrong_types_get_a_clear_message(answer, fragment):
    """A malformed numeric answer: correct=False, 0 points, a message naming what was given."""
    fb = check("l1.e1", answer)
    assert fb.correct is False and fb.points_awarded == 0
    assert fragment in fb.message
    assert fb.hint is None


def test_each_wrong_attempt_reveals_the_next_hint():
    """Wrong answers reveal hint 1, then hint 2, then hint 2 again; reset starts over."""
    first, second, third = (check("l1.e1", n) for n in (4, 5, 6))
    assert (first.hint_number, second.hint_number, third.hint_number) == (1, 2, 2)
    assert first.hint == "Start with the actor whose threshold is 0."
    assert second.hint == third.hint == "Recompute the share after each round."
    reset_hints("l1.e1")
    assert check("l1.e1", 4).hint_number == 1


def test_malformed_answers_do_not_use_up_hints():
    """A string answer reveals no hint; the next wrong number still gets hint 1."""
    assert check("l1.e1", "four").hint is None
    assert check("l1.e1", 4).hint_number == 1


def test_hints_are_counted_per_exercise():
    """Wrong answers to l1.e1 do not advance the hints of l1.e2."""
    check("l1.e1", 4)
    check("l1.e1", 5)
    assert check("l1.e2", 0.1).hint_number == 1


# --------------------------------------------------------------------------- choice


def test_choice_by_index_or_text():
    """l1.e3's answer is option 1, 'The instigator': index 1, np.int64(1) or its text."""
    for answer in (1, np.int64(1), "The instigator", "  the   INSTIGATOR "):
        assert check("l1.e3", answer).correct is True
    assert check("l1.e3", 0).correct is False
    assert check("l1.e3", "Nobody").correct is False


@pytest.mark.parametrize("answer, fragment", [
    (3, "there is no option 3; the options are numbered 0 to 2"),
    (-1, "there is no option -1"),
    ("maybe", "'maybe' is not one of the options"),
    ("1", "write the number without quotes"),
    (True, "got the boolean True"),
    ([1], "expected one option, got a list"),
    (1.0, "expected an option number (0 to 2)"),
])
def test_choice_malformed_answers(answer, fragment):
    """Out-of-range, unknown text, booleans and lists are explained, not raised."""
    fb = check("l1.e3", answer)
    assert fb.correct is False
    assert fragment in fb.message


def test_select_all_needs_exactly_the_right_set():
    """l1.e4's answer is options {0, 2}: any order or form passes, subsets/supersets fail."""
    assert check("l1.e4", [2, 0]).correct is True
    assert check("l1.e4", ("threshold 0", 2)).correct is True
    assert check("l1.e4", {0, 2}).correct is True
    assert check("l1.e4", [0, 2, 2]).correct is True
    assert check("l1.e4", [0]).correct is False
    assert check("l1.e4", 0).correct is False
    assert check("l1.e4", [0, 1, 2]).correct is False
    assert "there is no option 7" in check("l1.e4", [0, 7]).message


def test_select_all_accepts_a_numpy_array_of_option_numbers():
    """np.array([0, 2]) (e.g. from np.flatnonzero) answers l1.e4 like the list [0, 2]."""
    assert check("l1.e4", np.array([2, 0])).correct is True
    assert check("l1.e4", np.flatnonzero([True, False, True])).correct is True
    assert check("l1.e4", np.array([0])).correct is False


def test_numpy_scalar_is_not_described_as_an_array():
    """np.float64(1.0) as an option number is named as a float64 value, not 'an array'."""
    message = check("l1.e3", np.float64(1.0)).message
    assert "array" not in message
    assert "1.0 (of type float64)" in message


# --------------------------------------------------------------------------- free


def test_free_response_is_recorded_with_the_rubric():
    """Eleven words meet min_words=10: correct is None, points pending, rubric listed."""
    fb = check("l1.e7", "one two three four five six seven eight nine ten eleven")
    assert fb.correct is None and fb.points_awarded is None and fb.points_possible == 4
    assert fb.message.startswith("Recorded (11 words)")
    assert "graded by your instructor with this rubric: (1) names the missing threshold; " \
           "(2) explains the chain reaction" in fb.message
    assert fb.label == "Recorded"


def test_free_response_too_short_or_not_text():
    """Two words, or a number, are not recorded: correct=False with the reason."""
    assert "has 2 word(s); at least 10 are needed" in check("l1.e7", "too short").message
    assert "expected your answer as text" in check("l1.e7", 42).message


# --------------------------------------------------------------------------- function


def test_function_passing_every_case():
    """A correct count_joiners passes all three cases of l1.e5."""
    fb = check("l1.e5", count_joiners)
    assert fb.correct is True and fb.points_awarded == 3
    assert fb.message == "Correct: your function passed all 3 test cases."


def test_function_wrong_value_names_case_expected_and_got():
    """A function always returning 3 fails case 2, count_joiners([0.1, 0.2]) -> 0."""
    fb = check("l1.e5", lambda thresholds: 3)
    assert fb.correct is False
    assert fb.message == "case 2: count_joiners([0.1, 0.2]) should return 0, got 3."
    assert fb.hint == "Loop until the share stops growing."


def test_function_exception_is_reported_with_its_case():
    """A function dividing by zero: its type, message and the failing case are named."""
    fb = check("l1.e5", lambda thresholds: 1 / 0)
    assert fb.correct is False
    assert fb.message.startswith("your function raised ZeroDivisionError: division by zero")
    assert "case 1 (count_joiners([0, 0.2, 0.4, 0.9]))" in fb.message


@pytest.mark.skipif(not fork_available(), reason="an infinite loop can only be killed with fork")
def test_function_infinite_loop_is_stopped():
    """An infinite loop is stopped after l1.e5's 1 s limit, with the case named."""
    def count_joiners(thresholds):
        while True:
            pass

    fb = check("l1.e5", count_joiners)
    assert fb.correct is False
    assert fb.message.startswith(
        "your function did not finish within 1 s on case 1 (count_joiners([0, 0.2, 0.4, 0.9]))")


def test_function_returning_numpy_values_is_accepted():
    """Returning np.int64 counts: numpy results are compared as plain numbers."""
    assert check("l1.e5", lambda t: np.int64(count_joiners(t))).correct is True


def test_function_bool_is_not_a_number():
    """Returning True where 1 is expected is wrong (booleans are not counts)."""
    fb = check("l1.e6", lambda a, b: True)
    assert fb.correct is False and "got True" in fb.message


def test_function_answer_must_be_callable():
    """Passing the result instead of the function explains how to pass the function."""
    fb = check("l1.e5", 3)
    assert fb.correct is False and fb.hint is None
    assert "pass the function itself, without calling it: check('l1.e5', count_joiners)" \
        in fb.message


def test_function_expected_values_from_a_reference_implementation():
    """l1.e6 computes expected values with fractions.Fraction(...).numerator: 3 and 1."""
    assert check("l1.e6", lambda a, b: a // math.gcd(a, b)).correct is True
    fb = check("l1.e6", lambda a, b: a)
    assert fb.message == "case 1: numerator(6, 4) should return 3, got 6."


# --------------------------------------------------------------------------- ids, display


def test_unknown_id_suggests_close_ids():
    """'l1.e8' is unknown: the message suggests l1.e7; 'l1-e1' suggests l1.e1 first."""
    fb = check("l1.e8", 3)
    assert fb.correct is False and fb.points_possible == 0
    assert "there is no exercise 'l1.e8'; did you mean 'l1.e7'" in fb.message
    assert "did you mean 'l1.e1'" in check("l1-e1", 3).message
    assert "exercise ids look like 'l1.e2'" in check(None, 3).message


def test_feedback_repr_and_str_are_deterministic():
    """repr and str of a wrong answer with a hint are fixed strings."""
    fb = check("l1.e1", 4)
    assert repr(fb) == ("Feedback('l1.e1', correct=False, points=0/2, "
                        "message='4 is not the expected value.')")
    assert str(fb) == ("[Not yet] l1.e1 (0/2 points)\n4 is not the expected value.\n"
                       "Hint 1 of 2: Start with the actor whose threshold is 0.")


def test_feedback_html_escapes_and_labels_with_text():
    """HTML output escapes student text and carries a text label, not colour alone."""
    fb = check("l1.e3", "<script>alert(1)</script>")
    page = fb._repr_html_()
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "Not yet" in page and 'role="status"' in page
    assert "Correct</strong>" in check("l1.e3", 1)._repr_html_()
    assert "Recorded</strong>" in Feedback("x", None, "m", None, None, 1)._repr_html_()


def test_feedback_is_frozen():
    """Feedback is immutable."""
    fb = check("l1.e1", 3)
    with pytest.raises(AttributeError):
        fb.correct = False


def test_broken_bank_is_reported_not_raised(monkeypatch, tmp_path):
    """A bank that fails to load gives a message to pass on to the instructor."""
    (tmp_path / "l1_bad.yaml").write_text("lesson: 1\nexercises: []\n")
    monkeypatch.setenv("SANCLAB_EXERCISES", str(tmp_path))
    fb = check("l1.e1", 3)
    assert fb.correct is False
    assert "could not load the exercises" in fb.message and "tell your instructor" in fb.message


# --------------------------------------------------------------------------- recorded answers


def test_last_check_call_is_recorded_not_the_best(monkeypatch, tmp_path):
    """Right then wrong on l1.e1: last_answers holds the wrong one (4) and 2 calls; the
    function and free answers are recorded too. Nothing is written anywhere: a log file
    named by SANCLAB_GRADE_LOG (the old, forgeable channel) is never created."""
    from sanclab.exercises import last_answers

    log = tmp_path / "log.jsonl"
    monkeypatch.setenv("SANCLAB_GRADE_LOG", str(log))
    monkeypatch.chdir(tmp_path)
    check("l1.e1", 3)
    check("l1.e1", 4)
    check("l1.e5", len)
    check("l1.e7", "one two three four five six seven eight nine ten")
    recorded = last_answers()
    assert recorded["l1.e1"] == (4, 2)
    assert recorded["l1.e5"] == (len, 1)
    assert recorded["l1.e7"][0].startswith("one two")
    assert list(tmp_path.iterdir()) == []


def test_recorded_answer_is_a_snapshot():
    """A list checked and then changed is recorded as it was when checked: [0, 2]."""
    from sanclab.exercises import last_answers

    answer = [0, 2]
    check("l1.e4", answer)
    answer.append(1)
    assert last_answers()["l1.e4"][0] == [0, 2]


# --------------------------------------------------------------------------- invariants

ANSWERS = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    | st.complex_numbers() | st.binary(max_size=10),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=5),
                                                                       children, max_size=3),
    max_leaves=8,
)


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(exercise=st.sampled_from(["l1.e1", "l1.e2", "l1.e3", "l1.e4", "l1.e5", "l1.e7", "nope"]),
       answer=ANSWERS)
def test_check_never_raises(exercise, answer):
    """Whatever a student passes (non-callable), check returns a Feedback with a message."""
    fb = check(exercise, answer)
    assert isinstance(fb, Feedback)
    assert fb.correct in (True, False, None)
    assert fb.message
    assert isinstance(repr(fb), str) and isinstance(fb._repr_html_(), str)


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offset=st.floats(min_value=-0.01, max_value=0.01))
def test_answers_within_tolerance_are_correct(offset):
    """For l1.e2 (0.75 +- 0.01) every answer 0.75 + offset with |offset| <= 0.01 is correct."""
    assert check("l1.e2", 0.75 + offset).correct is True


@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(offset=st.floats(min_value=0.0101, max_value=1e6))
def test_answers_outside_tolerance_are_wrong(offset):
    """For l1.e2, answers more than 0.0101 away from 0.75 on either side are wrong."""
    assert check("l1.e2", 0.75 + offset).correct is False
    assert check("l1.e2", 0.75 - offset).correct is False


def test_hint_state_is_safe_across_threads():
    """Checks from two threads each count their wrong attempts (4 total -> hint 2 of 2)."""
    threads = [threading.Thread(target=check, args=("l1.e1", 9)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert check("l1.e1", 9).hint_number == 2


def test_function_returning_numpy_string_matches_a_string_case(tmp_path, monkeypatch):
    """A case expecting the string 'join' accepts np.str_('join') (an element of a numpy
    array of strings) and reports 'join', not np.str_('join'), when it is wrong."""
    (tmp_path / "l1_strings.yaml").write_text(
        "lesson: 1\n"
        "exercises:\n"
        "  - id: l1.e1\n"
        "    title: Decide\n"
        "    kind: function\n"
        "    points: 1\n"
        "    prompt: Write decide(gain) returning 'join' or 'stay'.\n"
        "    hints: [Compare the gain with zero.]\n"
        "    answer:\n"
        "      name: decide\n"
        "      cases:\n"
        "        - {args: [1.0], expected: join}\n"
        "        - {args: [-1.0], expected: stay}\n"
        "    solution: Return 'join' when the gain is positive.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("SANCLAB_EXERCISES", str(tmp_path))
    labels = np.array(["stay", "join"])
    assert check("l1.e1", lambda gain: labels[int(gain > 0)]).correct is True
    wrong = check("l1.e1", lambda gain: labels[0])
    assert wrong.correct is False
    assert "should return 'join', got 'stay'." in wrong.message


class _BrokenRepr:
    """A student's return value whose __repr__ raises."""

    def __repr__(self):
        raise RuntimeError("broken repr")


def test_return_value_with_a_broken_repr_is_the_students_error():
    """Returning an object whose repr raises is a wrong answer worth 0/3, described by its
    type, not an 'internal error in the checker' worth 0/0."""
    fb = check("l1.e5", lambda thresholds: _BrokenRepr())
    assert fb.correct is False and (fb.points_awarded, fb.points_possible) == (0, 3)
    assert "internal error" not in fb.message
    assert "_BrokenRepr" in fb.message


# --------------------------------------------------------------------------- misconceptions


def _bank_with(tmp_path, monkeypatch, exercise: dict):
    import yaml

    folder = tmp_path / "bank"
    folder.mkdir()
    (folder / "l9_demo.yaml").write_text(yaml.safe_dump({"lesson": 9, "exercises": [exercise]}))
    monkeypatch.setenv("SANCLAB_EXERCISES", str(folder))


NUMERIC = {"id": "l9.e1", "title": "Penalty", "kind": "numeric", "points": 1,
           "prompt": "p*?", "hints": ["one", "two"], "answer": {"value": 0.35, "tolerance": 0.005},
           "misconceptions": [{"value": 0.25, "message": "0.25 is the large ally's bound."}]}


def test_a_known_wrong_number_gets_the_message_naming_the_mistake(tmp_path, monkeypatch):
    """0.25 (within the answer's tolerance) shows the misconception's message; another wrong
    number does not; the right one is correct."""
    _bank_with(tmp_path, monkeypatch, NUMERIC)
    assert "the large ally's bound" in check("l9.e1", 0.252).message
    assert "the large ally's bound" not in check("l9.e1", 0.3).message
    assert check("l9.e1", 0.35).correct is True


def test_a_known_wrong_option_gets_its_message(tmp_path, monkeypatch):
    """Choosing option 1 (a listed misconception) shows its message; option 2 does not."""
    _bank_with(tmp_path, monkeypatch, {
        "id": "l9.e1", "title": "Why", "kind": "choice", "points": 1, "prompt": "Why?",
        "options": ["a", "b", "c"], "answer": {"correct": 0},
        "misconceptions": [{"option": 1, "message": "b confuses holding with building."}]})
    assert "confuses holding with building" in check("l9.e1", 1).message
    assert "confuses" not in check("l9.e1", 2).message


@pytest.mark.parametrize("entry, problem", [
    ({"value": 0.351, "message": "x"}, "would be accepted as correct"),
    ({"value": "a", "message": "x"}, "value must be a finite number"),
    ({"value": 0.2}, "must be a mapping with 'value' and 'message'"),
    ({"value": 0.2, "message": " "}, "message must be a non-empty string"),
])
def test_bad_misconceptions_are_refused_naming_the_field(tmp_path, monkeypatch, entry, problem):
    """A misconception equal to the answer, without a message or of the wrong type is an
    ExerciseBankError naming the exercise and the field."""
    from sanclab.exercises import ExerciseBankError, load_bank

    _bank_with(tmp_path, monkeypatch, NUMERIC | {"misconceptions": [entry]})
    with pytest.raises(ExerciseBankError, match=f"l9.e1: field 'misconceptions'.*{problem}"):
        load_bank(9)


def test_free_response_word_limit_is_enforced(tmp_path, monkeypatch):
    """With max_words 5, six words are refused (not recorded) with the limit stated; five
    are recorded."""
    _bank_with(tmp_path, monkeypatch, {
        "id": "l9.e1", "title": "Why", "kind": "free", "points": 1, "prompt": "Why?",
        "answer": {"rubric": ["reason"], "min_words": 2, "max_words": 5}})
    too_long = check("l9.e1", "one two three four five six")
    assert too_long.correct is False and "at most 5 are allowed" in too_long.message
    assert check("l9.e1", "one two three four five").correct is None


# --------------------------------------------------------------------------- placeholders


@pytest.mark.parametrize("exercise_id, placeholder", [
    ("l1.e1", None), ("l1.e3", None), ("l1.e4", []), ("l1.e7", ""), ("l1.e7", "  \n "),
])
def test_a_placeholder_is_a_neutral_prompt_not_a_wrong_answer(exercise_id, placeholder):
    """An answer cell still holding its placeholder (None, an empty selection or text) gets
    'No answer yet' in a neutral box, no hint and no attempt counted; the next real wrong
    answer still reveals hint 1."""
    fb = check(exercise_id, placeholder)
    assert fb.answered is False and fb.label == "No answer yet" and fb.hint is None
    html = fb._repr_html_()
    assert "No answer yet" in html and "sanclab-feedback-unanswered" in html
    assert "Not yet" not in html and "\u2717" not in html


def test_a_function_returning_none_is_not_yet_written():
    """The notebook's stub (a body that returns None) is a prompt to write the body, not a
    wrong attempt: no hint is used."""
    def count_joiners(thresholds):
        return None

    fb = check("l1.e5", count_joiners)
    assert fb.answered is False and fb.hint is None
    assert "returns None on case 1" in fb.message
