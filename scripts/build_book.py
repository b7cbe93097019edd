"""Build the course book strictly: ``jupyter-book build -W -n --keep-going book``.

The pages generated from the library (readings, glossary, exercise pages) are written by the
book's local Sphinx extension (``book/_ext/sanclab_book.py`` -> ``sanclab.bookgen``), so this
script only fixes the environment and the flags:

- ``PYTHONHASHSEED=0`` for the kernels that execute the lessons, as when their outputs were
  stored (``scripts/execute_notebooks.py``), so the book shows the same outputs nbval checks;
- ``-W -n --keep-going``: every warning (broken reference, unknown term or citation, output on
  stderr, a notebook out of sync with its exercise bank) fails the build, all reported at once;
- incremental: a rebuild re-reads and rewrites only the pages that changed (Sphinx's own
  dependency tracking; the generated pages are rewritten only when their inputs change, the
  lessons re-execute only when their code, the library's code or data change). Sphinx
  reports the warnings of the pages it reads, so a rebuild is silent about an unchanged page:
  ``--all`` (or ``make clean``) rebuilds everything, as the tests' strict build does (it
  builds into a fresh folder).

Usage::

    python scripts/build_book.py                  # -> book/_build/html
    python scripts/build_book.py --out /tmp/site  # -> /tmp/site/_build/html
    python scripts/build_book.py --all            # re-read and rewrite every page
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BOOK = ROOT / "book"


def command(out: Path | None = None, full: bool = False) -> list[str]:
    """The jupyter-book command line (run from the repository root); ``full``: every page."""
    exe = Path(sys.executable).with_name("jupyter-book")
    if not exe.exists():
        found = shutil.which("jupyter-book")
        if found is None:
            raise SystemExit("jupyter-book is not installed: run `make setup` first")
        exe = Path(found)
    cmd = [str(exe), "build", *(["--all"] if full else []), "-W", "-n", "--keep-going"]
    if out is not None:
        cmd += ["--path-output", str(out)]
    return cmd + [str(BOOK.relative_to(ROOT))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, help="build into OUT/_build instead of book/_build")
    parser.add_argument("--all", action="store_true", dest="full",
                        help="re-read and rewrite every page (default: only what changed)")
    args = parser.parse_args(argv)
    env = dict(os.environ, PYTHONHASHSEED="0")
    out = args.out.resolve() if args.out else None
    result = subprocess.run(command(out, args.full), cwd=ROOT, env=env, check=False)
    if result.returncode == 0:
        html = (out or BOOK) / "_build" / "html" / "index.html"
        print(f"book built: {html}")
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
