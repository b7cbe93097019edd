"""Add a throw-away lesson 6 to a copy of the course, following CONTRIBUTING.md's checklist.

Run as ``python tests/_new_lesson.py COURSE`` with ``PYTHONPATH=COURSE/src`` (so the copy's
library, registry included, is the one imported and the one the notebook's kernel uses). It
adds only new files plus the registry entry, then writes the notebook's exercise cells from
the bank and executes it, as a lesson author would. ``tests/test_new_lesson.py`` drives it.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

NUMBER, SLUG, KEY = 6, "throwaway-lesson", "throwaway_lesson"
SEED = "005_throwaway.txt"
#: A sentence of the seed (tests/data/readings/new_article.txt) the notebook quotes.
QUOTED = "The costs of compliance fall unevenly."

REGISTRY_ENTRY = f"""\
- file: {SEED}
  lesson: {NUMBER}
  slug: {SLUG}
  title: A throw-away lesson
"""

DASHBOARD = '''\
"""A throw-away lesson's dashboard: the share of trade cut against coverage."""

from __future__ import annotations

from sanclab.models import effectiveness
from sanclab.widgets import Control, Dashboard


def _view(coverage, diversion):
    return {"coverage": coverage, "cut": float(effectiveness(coverage, diversion))}


def _draw(fig, view):
    ax = fig.axes[0] if fig.axes else fig.add_subplot()
    ax.clear()
    ax.bar(["coverage", "cut"], [view["coverage"], view["cut"]])
    ax.set_ylim(0, 1)


def dashboard(*, coverage=0.6, diversion=0.5):
    """The throw-away lesson's dashboard."""
    controls = [Control("coverage", "Coverage s", 0.0, 1.0, 0.1, coverage),
                Control("diversion", "Diversion d", 0.0, 1.0, 0.1, diversion)]
    return Dashboard(controls, _view, _draw, lambda v: f"cut {v['cut']:.2f}",
                     title="Throw-away dashboard", figsize=(4, 3))
'''

CLAIMS = '''\
"""Claims of the throw-away lesson."""

from numpy.testing import assert_allclose

from sanclab.models import effectiveness


def test_half_diversion_at_sixty_percent_coverage():
    """E(0.6, 0.5) = 0.6 * (1 - 0.5 * 0.4) = 0.48, as the lesson says."""
    assert_allclose(effectiveness(0.6, 0.5), 0.48, rtol=1e-12)
'''


def _exercise(n: int, kind: str) -> str:
    common = (f"  - id: l{NUMBER}.e{n}\n    title: Exercise {n}\n    kind: {kind}\n"
              f"    points: 1\n")
    prompt = f'Answer it. Check with `check("l{NUMBER}.e{n}", your_answer)`.'
    if kind == "numeric":
        return common + (
            f"    prompt: |\n      What is E(0.6, 0.5)? {prompt}\n"
            f"    hints: [\"Use the formula.\"]\n"
            f"    answer: {{value: 0.48, tolerance: 0.005}}\n"
            f"    solution: |\n      0.6 * 0.8 = 0.48.\n\n      **Answer:** 0.48\n")
    if kind == "choice":
        return common + (
            f"    prompt: |\n      Does more diversion cut less trade? {prompt}\n"
            f"    options: [\"yes\", \"no\"]\n"
            f"    hints: [\"Look at the derivative.\"]\n"
            f"    answer: {{correct: 0}}\n"
            f"    solution: |\n      dE/dd = -s(1 - s) <= 0.\n\n      **Answer:** 0\n")
    return common + (
        f"    prompt: |\n      Why? {prompt}\n"
        f"    answer: {{rubric: [\"names diversion\"], min_words: 3}}\n"
        f"    solution: |\n      Non-members take over part of the trade the coalition cuts.\n")


def bank_text() -> str:
    kinds = ["numeric", "choice", "free", "numeric", "choice"]
    return f"lesson: {NUMBER}\nexercises:\n" + "".join(
        _exercise(n, kind) for n, kind in enumerate(kinds, start=1))


def notebook():
    import nbformat

    md, code = nbformat.v4.new_markdown_cell, nbformat.v4.new_code_cell
    setup = code(
        "%matplotlib inline\n"
        "import matplotlib.pyplot as plt\n"
        "from IPython.display import display\n\n"
        f"from sanclab.dashboards import {KEY}\n"
        "from sanclab.exercises import check\n"
        "from sanclab.models import effectiveness\n"
        "from sanclab.readings import get_seed"
    )
    setup.metadata["tags"] = ["hide-input"]
    dash = code(f"dashboard = {KEY}.dashboard()\ndashboard")
    dash.metadata["tags"] = ["dashboard"]
    cells = [
        md(f"# Lesson {NUMBER}: A throw-away lesson\n\n**Learning objectives.** None.\n\n"
           "**Prerequisites.** None."),
        setup,
        code(f"reading = get_seed({NUMBER})\n"
             f"display(reading.quote({QUOTED!r}, sentence=True))"),
        dash,
        code("fig, ax = plt.subplots(figsize=(3, 2))\n"
             "ax.plot([0, 1], [effectiveness(0.0, 0.5), effectiveness(1.0, 0.5)])\n"
             "plt.show()"),
        md("## Worked example\n\nNone by hand here."),
        md("```{admonition} Case: none\n:class: case\n\nAs in {cite:t}`granovetter1978`.\n```"),
        md("## Key takeaways\n\n- None."),
        md("## Discussion questions\n\n1. None?"),
        md("## Exercises\n\nAs in {cite:t}`granovetter1978`."),
    ]
    for n in range(1, 6):
        cells.append(md(f"(exercise l{NUMBER}.e{n} is written here by sync_notebook)"))
        cells[-1].metadata["tags"] = ["exercise"]
        cells[-1].metadata["sanclab"] = {"exercise": f"l{NUMBER}.e{n}"}
        answer = code(f'check("l{NUMBER}.e{n}", None)')
        answer.metadata["tags"] = ["answer"]
        cells.append(answer)
    cells.append(md("## Further reading\n\n- {cite:t}`granovetter1978`."))
    cells.append(md("## References\n\n{cite:t}`granovetter1978`."))
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def add_lesson(course: Path) -> Path:
    """Write the throw-away lesson's files into ``course``; return its notebook's path."""
    import nbformat

    from sanclab.exercises import sync_notebook

    shutil.copyfile(course / "tests" / "data" / "readings" / "new_article.txt",
                    course / "seeds" / SEED)
    registry = course / "src" / "sanclab" / "data" / "lessons.yaml"
    registry.write_text(registry.read_text(encoding="utf-8") + REGISTRY_ENTRY, encoding="utf-8")
    (course / "src" / "sanclab" / "dashboards" / f"{KEY}.py").write_text(DASHBOARD)
    (course / "exercises" / f"l{NUMBER}_{KEY}.yaml").write_text(bank_text())
    (course / "tests" / f"test_lesson{NUMBER}_claims.py").write_text(CLAIMS)
    path = course / "notebooks" / f"{NUMBER:02d}_{KEY}.ipynb"
    nbformat.write(notebook(), path)
    sync_notebook(path, NUMBER, course / "exercises")
    return path


def execute(path: Path) -> None:
    """Execute the notebook in place as scripts/execute_notebooks.py does."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                   store_widget_state=True,
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(nb, path)


if __name__ == "__main__":
    execute(add_lesson(Path(sys.argv[1]).resolve()))
