"""Rules every lesson's exercise bank follows, checked for each registered lesson's bank.

A new lesson's bank (``exercises/lN_key.yaml``, named by :mod:`sanclab.lessons`) is covered by
adding it: nothing here names a lesson. What a bank's answers *are* is checked per lesson, by
recomputing them from the library (``tests/test_exercises_l1.py`` for lesson 1).
"""

from __future__ import annotations

import re

import pytest

from sanclab.exercises import check, load_bank_file, reset_hints
from sanclab.exercises.bank import KINDS
from sanclab.lessons import REPO_ROOT, lessons

BANK_DIR = REPO_ROOT / "exercises"
BANKS = [lesson for lesson in lessons() if (BANK_DIR / lesson.bank_name).is_file()]


@pytest.fixture(params=BANKS, ids=[lesson.stem for lesson in BANKS])
def lesson_bank(request, monkeypatch):
    monkeypatch.setenv("SANCLAB_EXERCISES", str(BANK_DIR))
    monkeypatch.delenv("SANCLAB_GRADE_LOG", raising=False)
    reset_hints()
    return request.param, load_bank_file(BANK_DIR / request.param.bank_name)


def _stated_answer(ex) -> str:
    """The text after '**Answer:**' on the solution's last such line."""
    found = re.findall(r"\*\*Answer:\*\*\s*(.+)", ex.solution)
    assert found, f"{ex.id}: the solution states no **Answer:**"
    return found[-1].strip()


def test_every_bank_file_is_a_registered_lesson():
    """No bank in exercises/ is named outside the registry (it would be released but never
    shown in a lesson)."""
    names = {p.name for p in BANK_DIR.glob("*.yaml")}
    assert names == {lesson.bank_name for lesson in BANKS}


def test_bank_shape(lesson_bank):
    """At least five exercises of at least three of the four kinds, each with a worked
    solution, and hints unless it is a free response."""
    lesson, bank = lesson_bank
    assert bank.lesson == lesson.number
    assert len(bank) >= 5
    assert len({ex.kind for ex in bank}) >= 3 and {ex.kind for ex in bank} <= set(KINDS)
    for ex in bank:
        assert ex.id.startswith(lesson.exercise_prefix), ex.id
        assert ex.solution, ex.id
        assert ex.hints or ex.kind == "free", ex.id


def test_every_prompt_shows_how_to_check(lesson_bank):
    """Each prompt tells the student the exact call: check("lN.eK", ...)."""
    _, bank = lesson_bank
    for ex in bank:
        assert f'check("{ex.id}",' in ex.prompt, ex.id


def test_quotations_in_prompts_are_verbatim(lesson_bank):
    """A passage a prompt quotes from the reading (a '>' block) is word for word in the
    lesson's seed: banks are data and cannot call reading.quote, so this test does."""
    lesson, bank = lesson_bank
    seed = " ".join((REPO_ROOT / "seeds" / lesson.seed_file).read_text(encoding="utf-8").split())
    for ex in bank:
        quoted = [line.lstrip("> ").strip() for line in ex.prompt.splitlines()
                  if line.startswith(">")]
        if quoted:
            assert " ".join(quoted) in seed, ex.id


def test_every_solution_passes_its_own_checker(lesson_bank):
    """Numeric and choice solutions' **Answer:**, the function solution's code and the free
    solution's text all pass check() (free: recorded, correct=None)."""
    _, bank = lesson_bank
    for ex in bank:
        if ex.kind == "numeric":
            answer = float(re.findall(r"-?\d+(?:\.\d+)?", _stated_answer(ex))[0])
        elif ex.kind == "choice":
            numbers = [int(n) for n in re.findall(r"\d+", _stated_answer(ex))]
            answer = numbers if isinstance(ex.answer["correct"], list) else numbers[0]
        elif ex.kind == "function":
            code = re.search(r"```python\n(.*?)```", ex.solution, re.S).group(1)
            namespace: dict = {}
            exec(code, namespace)
            answer = namespace[ex.answer["name"]]
        else:
            answer = ex.solution
        fb = check(ex.id, answer)
        expected = None if ex.kind == "free" else True
        assert fb.correct is expected, (ex.id, fb.message)
