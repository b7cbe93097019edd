"""Build the book once per test session (shared by tests/test_book.py and
tests/test_offline_scan.py).

The build runs ``scripts/build_book.py --all --out TMP`` (strict: -W -n --keep-going) from the
repository: a full build from scratch into a fresh folder, so every page is read and every
warning reported (``make book`` rebuilds incrementally). To keep the suite fast it starts from
a copy of the notebook execution cache and of the dashboards' export cache of ``book/_build``
when there are ones; the book's extension empties the first whenever the library, data, seeds,
exercises or pinned versions changed, and re-exports a dashboard whenever a file or package its
figures came from changed, so a stale copy is never used.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_RESULT: BookBuild | None = None


@dataclass(frozen=True)
class BookBuild:
    """Where the session's book build went and how it ended."""

    out: Path  # --path-output folder
    returncode: int
    log: str

    @property
    def build(self) -> Path:
        return self.out / "_build"

    @property
    def html(self) -> Path:
        return self.build / "html"


def build_book(tmp_path_factory) -> BookBuild:
    """Build once (memoized); fail the calling test with the log tail if the build failed."""
    import pytest

    global _RESULT
    if _RESULT is None:
        out = tmp_path_factory.mktemp("book")
        # warm caches: executed notebooks and the dashboards' exported figures (each is
        # checked against the current library by the book's extension before it is used)
        for cache in (".jupyter_cache", ".sanclab_dashboards"):
            warm = ROOT / "book" / "_build" / cache
            if warm.is_dir():
                shutil.copytree(warm, out / "_build" / cache)
        proc = subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "build_book.py"), "--all", "--out",
             str(out)],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=1500,
            check=False,
        )
        _RESULT = BookBuild(out, proc.returncode, proc.stdout + proc.stderr)
    if _RESULT.returncode != 0:
        pytest.fail(f"strict book build failed:\n{_RESULT.log[-6000:]}", pytrace=False)
    return _RESULT
