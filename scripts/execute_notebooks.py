"""Execute lesson notebooks in place and store their outputs and widget state.

Usage: ``python scripts/execute_notebooks.py [NOTEBOOK ...]`` (default: every lesson
notebook of the lesson registry, :mod:`sanclab.lessons`). Execution is deterministic (fixed
hash seed, no timing metadata), so re-running leaves the stored outputs unchanged; ``make test``
checks them with nbval.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

from sanclab.lessons import lesson_notebooks


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        resources={"metadata": {"path": str(path.parent)}},
        record_timing=False,
        store_widget_state=True,
        # a print's text and its newline can reach the notebook as two stream outputs when
        # the kernel's output timer fires between them (a loaded machine): merge them, so
        # that re-running stores the same outputs (nbval merges them when comparing too)
    )
    client.execute()
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
    nbformat.write(nb, path)


def main(argv: list[str]) -> int:
    os.environ["PYTHONHASHSEED"] = "0"
    paths = [Path(a) for a in argv] or [path for _, path in lesson_notebooks()]
    for path in paths:
        print(f"executing {path}", flush=True)
        execute(path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
