"""Every lesson notebook, run in a real JupyterLab in headless chromium.

For each ``notebooks/NN_slug.ipynb`` (discovered, so new lessons are covered as they land) the
lesson is opened in JupyterLab (with jupyterlab-myst) and run with Run All Cells, and then:

* no cell shows an error or anything on stderr;
* every dashboard (a cell tagged ``dashboard``) answers a slider moved with the keyboard: its
  readout (``.sanclab-readout``) and its figure (the bytes of the ``<img>`` of
  ``.sanclab-figure``) change;
* an exercise check answers a wrong and then a right answer with the feedback the library
  gives for them ("Not yet", then "Correct");
* the ``{exercise}`` directives render as exercise boxes, no raw MyST fence is visible;
* glossary concepts (``{abbr}`` roles from :mod:`sanclab.concept_roles`) render as words
  carrying their definition, and no cross-reference is left unresolved;
* the page made no request to another host.

The lesson-specific choices (which slider, which exercise) come from :data:`LESSONS`; a lesson
that is not listed uses the first slider of each dashboard and the first numeric or choice
exercise of its bank. Set ``SANCLAB_E2E_NOTEBOOKS`` to test notebooks from another folder.
"""

from __future__ import annotations

import re
from ast import literal_eval
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ._lab import LabServer, LessonPage, lesson_notebooks, lesson_number, start_lab

pytestmark = pytest.mark.e2e


@dataclass(frozen=True)
class LessonSpec:
    """What to exercise in one lesson.

    Attributes
    ----------
    slider : int
        Which slider of each dashboard to move (0 = the first).
    exercises : tuple of str
        The exercises to answer wrong then right (numeric or choice); empty: the first
        numeric or choice exercise of the lesson's bank.
    """

    slider: int = 0
    exercises: tuple[str, ...] = ()


#: Per-lesson choices; lessons not listed get ``LessonSpec()``.
LESSONS: dict[int, LessonSpec] = {
    1: LessonSpec(slider=0, exercises=("l1.e1", "l1.e3")),  # a numeric and a choice
    # Lesson 3: the ladder's step (integer). One step of the 0.01-step false-alarm slider does
    # not change aria-valuenow, which noUiSlider writes with toFixed(1) (0.05 and 0.06 both
    # read "0.1"); a numeric and a select-all choice.
    3: LessonSpec(slider=2, exercises=("l3.e1", "l3.e5")),
    4: LessonSpec(slider=0, exercises=("l4.e1", "l4.e4")),  # a numeric and a choice
}

NOTEBOOKS = lesson_notebooks()
#: The exercise banks next to the notebooks folder (the repo's ``exercises/``).
EXERCISES = (NOTEBOOKS[0].parent.parent if NOTEBOOKS else Path()) / "exercises"
#: The dashboard's figure: an <img> that is, or is inside, the ``sanclab-figure`` widget.
FIGURE = "img.sanclab-figure, .sanclab-figure img"
RAW_MYST = re.compile(r"```\s*\{|\{(exercise|solution|solution-start|solution-end)\}")


def _spec(notebook: Path) -> LessonSpec:
    return LESSONS.get(lesson_number(notebook.name) or 0, LessonSpec())


def _last(messages: list[str], count: int = 3, width: int = 300) -> list[str]:
    """The last ``count`` console errors, cut to ``width`` characters, leaving out
    jupyterlab-myst's "Cross reference target was not found" (what a ``{term}`` role logs;
    :func:`test_concepts_are_readable` reports those).

    >>> _last(["a", "b" * 500], count=1, width=4)
    ['bbbb']
    >>> _last(["Could not create a view", "Cross reference target was not found: term-x"])
    ['Could not create a view']
    """
    kept = [m for m in messages if not m.startswith("Cross reference target was not found")]
    return [m[:width] for m in kept[-count:]]


def _squash(text: str | None) -> str:
    """Collapse runs of whitespace (rendered HTML text vs. Python strings)."""
    return " ".join((text or "").split())


# --------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory, chromium: str) -> Iterator[LabServer]:
    """A JupyterLab server on a temporary copy of the lesson notebooks and exercise banks.

    (Asks for ``chromium`` first so that nothing starts when there is no browser.)
    """
    if not NOTEBOOKS:
        pytest.skip("no lesson notebooks (notebooks/NN_slug.ipynb) yet")
    tmp = tmp_path_factory.mktemp("lab")
    try:
        server = start_lab(tmp, NOTEBOOKS[0].parent, EXERCISES)
    except RuntimeError as exc:
        pytest.fail(str(exc), pytrace=False)
    yield server
    server.stop()


@dataclass
class RunLesson:
    """A lesson opened and run once, shared by the checks below."""

    notebook: Path
    spec: LessonSpec
    lesson: LessonPage
    run_ok: bool
    kernel: str
    blocked: list[str]
    page_errors: list[str]
    console_errors: list[str]


@pytest.fixture(
    scope="module",
    params=NOTEBOOKS or [None],
    ids=[p.stem for p in NOTEBOOKS] or ["no-lessons"],
)
def run_lesson(request: pytest.FixtureRequest, lab: LabServer, e2e_browser: Any):
    """Open one lesson in JupyterLab and Run All Cells (once per lesson)."""
    from ._browser import RequestGuard

    notebook: Path = request.param
    context = e2e_browser.new_context(viewport={"width": 1400, "height": 1000})
    guard = RequestGuard(lab.url)
    guard.install(context)
    page = context.new_page()
    page_errors: list[str] = []
    console_errors: list[str] = []
    page.on("pageerror", lambda error: page_errors.append(str(error)))
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)
    lesson = LessonPage(page, lab, f"notebooks/{notebook.name}")
    try:
        kernel = lesson.open()
        run_ok = lesson.run_all()
        yield RunLesson(notebook, _spec(notebook), lesson, run_ok, kernel, guard.blocked,
                        page_errors, console_errors)
    except Exception as exc:
        pytest.fail(f"{notebook.name}: could not open and run it in JupyterLab: {exc}\n"
                    f"server log:\n{lab.log_tail()}", pytrace=False)
    finally:
        context.close()
        lab.shutdown_kernels()


# --------------------------------------------------------------------------- the checks


def test_runs_without_errors(run_lesson: RunLesson) -> None:
    """Run All Cells succeeds: no error output, nothing on stderr (as nbval demands)."""
    problems = []
    for cell in run_lesson.lesson.cells():
        for out in cell["outputs"]:
            if out["output_type"] == "error":
                problems.append(f"cell {cell['index']}: {out['ename']}: {out['evalue']}")
            elif out["output_type"] == "stream" and out["name"] == "stderr":
                problems.append(f"cell {cell['index']} wrote to stderr: {_squash(out['text'])}")
        if cell["stderr_shown"]:
            problems.append(f"cell {cell['index']} shows {cell['stderr_shown']} stderr output(s)")
    assert run_lesson.kernel == "python3", run_lesson.kernel
    assert not problems, "\n".join(problems)
    assert run_lesson.run_ok, "Run All Cells reported a failed cell"


#: A slider's value as its readout shows it: aria-valuetext (aria-valuenow is rounded to one
#: decimal by noUiSlider, so a step of 0.005 may leave it unchanged).
VALUE_JS = "el => el.getAttribute('aria-valuetext') || el.getAttribute('aria-valuenow')"


def test_dashboards_respond_to_a_slider(run_lesson: RunLesson) -> None:
    """Moving a dashboard slider one step with the keyboard changes the readout and figure."""
    lesson = run_lesson.lesson
    dashboards = [c for c in lesson.cells() if "dashboard" in c["tags"]]
    assert dashboards, f"{run_lesson.notebook.name} has no cell tagged 'dashboard'"
    for cell in dashboards:
        box = lesson.cell_locator(cell["index"])
        where = f"{run_lesson.notebook.name}, dashboard cell {cell['index']}"
        sliders = box.locator(".widget-slider [role=slider]")
        slider = sliders.nth(run_lesson.spec.slider)
        readout = box.locator(".sanclab-readout").first
        figure = box.locator(FIGURE).first
        for what, locator in (("a slider", sliders.first), ("the figure", figure)):
            try:
                locator.wait_for(state="visible", timeout=30_000)
            except Exception:
                shown = _squash(box.locator(".jp-OutputArea").first.inner_text())
                pytest.fail(f"{where}: {what} did not render. The output shows: {shown[-300:]!r}."
                            f" Console errors: {_last(run_lesson.console_errors)}",
                            pytrace=False)
        text_before = _squash(readout.inner_text())
        image_before = lesson.image_digest(figure)
        value_js = VALUE_JS
        value_before = slider.evaluate(value_js)
        assert text_before, f"{where}: the readout is empty"
        assert image_before, f"{where}: the figure has no image"

        at_max = (float(slider.get_attribute("aria-valuenow"))
                  >= float(slider.get_attribute("aria-valuemax")))
        slider.focus()
        slider.press("ArrowLeft" if at_max else "ArrowRight")
        lesson.page.wait_for_function(
            f"([el, before]) => ({value_js})(el) !== before",
            arg=[slider.element_handle(), value_before],
            timeout=10_000,
        )
        lesson.wait_idle()
        try:
            lesson.page.wait_for_function(
                "([el, before]) => el.innerText.split(/\\s+/).join(' ').trim() !== before",
                arg=[readout.element_handle(), text_before],
                timeout=30_000,
            )
        except Exception:
            pytest.fail(f"{where}: the readout still says {text_before!r} after the slider "
                        f"moved from {value_before} to {slider.get_attribute('aria-valuenow')}")
        image_after = lesson.image_digest(figure)
        assert image_after != image_before, f"{where}: the figure did not change"


#: A phone held upright: the narrowest width the dashboards must work at.
PHONE = {"width": 360, "height": 740}

#: Fold the side panels away and show one document (``true``), or restore what the
#: previous call returned; returns what was there before.
_PHONE_SHELL_JS = """
(arg) => {
  const shell = window.jupyterapp.shell;
  const before = {left: !shell.leftCollapsed, right: !shell.rightCollapsed, mode: shell.mode};
  if (arg === true) {
    shell.collapseLeft();
    shell.collapseRight();
    shell.mode = 'single-document';
  } else if (arg) {
    if (arg.left) shell.expandLeft();
    if (arg.right) shell.expandRight();
    shell.mode = arg.mode;
  }
  return before;
}
"""


def test_dashboard_sliders_fit_a_phone(run_lesson: RunLesson) -> None:
    """At 360 px wide every dashboard slider's track is wider than 150 px and inside the
    output, and a keyboard move of each slider still changes the readout (its label wraps
    above it instead of squeezing the track)."""
    lesson = run_lesson.lesson
    page = lesson.page
    dashboards = [c for c in lesson.cells() if "dashboard" in c["tags"]]
    assert dashboards, f"{run_lesson.notebook.name} has no cell tagged 'dashboard'"
    wide = page.viewport_size
    problems = []
    # as on a phone: the side panels (file browser...) folded away, the notebook alone
    folded = page.evaluate(_PHONE_SHELL_JS, True)
    page.set_viewport_size(PHONE)
    try:
        for cell in dashboards:
            box = lesson.cell_locator(cell["index"])
            output = box.locator(".jp-OutputArea-output").first
            rows = box.locator(".widget-slider")
            readout = box.locator(".sanclab-readout").first
            for i in range(rows.count()):
                where = f"{run_lesson.notebook.name}, dashboard cell {cell['index']}, slider {i}"
                row = rows.nth(i)
                row.scroll_into_view_if_needed()
                page.wait_for_timeout(200)  # let JupyterLab lay the narrow view out
                track = row.locator(".slider-container").bounding_box()
                area = output.bounding_box()
                if track is None or track["width"] <= 150:
                    row_box = row.bounding_box()
                    problems.append(f"{where}: track {track and round(track['width'])} px "
                                    f"wide (row {round(row_box['width'])} px, output "
                                    f"{round(output.bounding_box()['width'])} px)")
                    continue
                if track["x"] + track["width"] > area["x"] + area["width"] + 1:
                    problems.append(f"{where}: track runs out of the output area")
                handle = row.locator("[role=slider]").first
                before = _squash(readout.inner_text())
                value = handle.evaluate(VALUE_JS)
                at_max = (float(handle.get_attribute("aria-valuenow"))
                          >= float(handle.get_attribute("aria-valuemax")))
                handle.focus()
                handle.press("ArrowLeft" if at_max else "ArrowRight")
                try:
                    page.wait_for_function(f"([el, before]) => ({VALUE_JS})(el) !== before",
                                           arg=[handle.element_handle(), value], timeout=10_000)
                except Exception:
                    problems.append(f"{where}: the keyboard did not move it")
                    continue
                lesson.wait_idle()
                try:
                    page.wait_for_function(
                        "([el, before]) => el.innerText.split(/\\s+/).join(' ').trim() !== before",
                        arg=[readout.element_handle(), before], timeout=5_000)
                except Exception:
                    # the model may be flat there: the slider moved, the readout need not
                    pass
    finally:
        page.set_viewport_size(wide)
        page.evaluate(_PHONE_SHELL_JS, folded)
    assert not problems, "\n".join(problems)


def _bank_exercises(lesson: int, wanted: tuple[str, ...]) -> list:
    """The exercises to answer (pinned, or the first numeric/choice one) from the bank."""
    from sanclab.exercises import load_bank

    bank = load_bank(lesson, EXERCISES)
    if wanted:
        return [bank[exercise_id] for exercise_id in wanted]
    for exercise in bank:
        if exercise.kind in {"numeric", "choice"}:
            return [exercise]
    pytest.fail(f"lesson {lesson}'s bank has no numeric or choice exercise to try")


def wrong_and_right(exercise: Any) -> tuple[str, str]:
    """Python source of a wrong and of a right answer to a numeric or choice exercise.

    >>> from types import SimpleNamespace as NS
    >>> wrong_and_right(NS(kind="numeric", answer={"value": 3, "tolerance": 0}))
    ('13', '3')
    >>> wrong_and_right(NS(kind="choice", answer={"correct": 2}, options=("a", "b", "c")))
    ('0', '2')
    >>> wrong_and_right(NS(kind="choice", answer={"correct": [0, 2]}, options=("a", "b", "c")))
    ('[1]', '[0, 2]')
    """
    answer = exercise.answer
    if exercise.kind == "numeric":
        value = answer["value"]
        margin = answer.get("tolerance", 0) + answer.get("rel_tolerance", 0) * abs(value)
        return repr(value + 10 * (margin + 1)), repr(value)
    if exercise.kind == "choice":
        correct, n = answer["correct"], len(exercise.options)
        if isinstance(correct, list):
            return repr([i for i in range(n) if i not in correct]), repr(sorted(correct))
        return repr((correct + 1) % n), repr(correct)
    raise ValueError(f"kind must be numeric or choice, got {exercise.kind!r}")


def test_exercise_check_gives_feedback(
    run_lesson: RunLesson, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A wrong answer gets "Not yet", the right one "Correct", with the library's messages."""
    from sanclab.exercises import check, reset_hints

    monkeypatch.setenv("SANCLAB_EXERCISES", str(EXERCISES))
    monkeypatch.delenv("SANCLAB_GRADE_LOG", raising=False)
    lesson = run_lesson.lesson
    index = lesson.append_cell()
    number = lesson_number(run_lesson.notebook.name)
    for exercise in _bank_exercises(number, run_lesson.spec.exercises):
        wrong, right = wrong_and_right(exercise)
        reset_hints()
        expected = {
            "wrong": check(exercise.id, literal_eval(wrong)),
            "right": check(exercise.id, literal_eval(right)),
        }
        reset_hints()
        assert expected["wrong"].correct is False, expected["wrong"]
        assert expected["right"].correct is True, expected["right"]
        shown = {}
        for key, answer, css in (("wrong", wrong, "not-yet"), ("right", right, "correct")):
            source = (
                "from sanclab.exercises import check, reset_hints\n"
                "reset_hints()\n"
                f"check({exercise.id!r}, {answer})"
            )
            where = f"{exercise.id}, {key} answer {answer}"
            assert lesson.run_cell(index, source), f"{where}: the check cell failed"
            box = lesson.cell_locator(index).locator(f".sanclab-feedback.sanclab-feedback-{css}")
            try:
                box.first.wait_for(state="visible", timeout=20_000)
            except Exception:
                got = lesson.cell_locator(index).locator(".jp-OutputArea").inner_text()
                pytest.fail(f"{where}: no '{css}' feedback box; the cell shows {got!r}")
            shown[key] = _squash(box.first.inner_text())
            assert _squash(expected[key].message) in shown[key], (where, shown[key])
        assert shown["wrong"] != shown["right"]


def test_exercise_markup_renders(run_lesson: RunLesson) -> None:
    """Exercise cells render as jupyterlab-myst exercise boxes; no raw ```{...} text shows."""
    problems = []
    exercise_cells = 0
    for cell in run_lesson.lesson.cells():
        if cell["type"] != "markdown":
            continue
        text = cell["rendered_text"]
        if text is None:
            problems.append(f"markdown cell {cell['index']} is not rendered")
            continue
        if RAW_MYST.search(text):
            problems.append(f"markdown cell {cell['index']} shows raw MyST: {text[:200]!r}")
        if "exercise" in cell["tags"]:
            exercise_cells += 1
            if not cell["exercise_boxes"]:
                problems.append(f"exercise cell {cell['index']} has no rendered exercise box")
    assert not problems, "\n".join(problems)
    assert exercise_cells, f"{run_lesson.notebook.name} has no markdown cell tagged 'exercise'"


def test_no_requests_to_other_hosts(run_lesson: RunLesson) -> None:
    """JupyterLab and the lesson's outputs loaded nothing from another host, and the page
    threw no uncaught JavaScript exception."""
    assert run_lesson.blocked == [], run_lesson.blocked
    assert run_lesson.page_errors == [], run_lesson.page_errors


def test_concepts_are_readable(run_lesson: RunLesson) -> None:
    """The lesson's glossary concepts render as plain words carrying their definition
    (``abbr`` with an ``aria-label``, shown on hover), and jupyterlab-myst logs no
    "Cross reference target was not found" (a ``{term}`` role renders as a dead link)."""
    dead = [m for m in run_lesson.console_errors
            if m.startswith("Cross reference target was not found")]
    assert not dead, f"{len(dead)} unresolved cross-reference(s), e.g. {dead[0][:120]!r}"
    page = run_lesson.lesson.page
    labels = page.locator(".jp-MarkdownCell abbr[aria-label]").evaluate_all(
        "nodes => nodes.map(n => n.getAttribute('aria-label'))")
    assert labels, f"{run_lesson.notebook.name}: no glossary concept rendered with its definition"
    assert all(": " in label for label in labels), labels[:3]
