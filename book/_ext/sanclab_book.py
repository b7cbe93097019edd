"""Local Sphinx extension: write the book pages that are generated from the sanclab library.

When the configuration is read (before sphinx_external_toc reads ``_toc.yml``, which globs
the generated pages) it

- empties the notebook execution cache if the library, its data, the seeds, the exercise
  banks or the pinned versions changed since the cache was filled (jupyter-cache only looks
  at a notebook's own code), and sets ``PYTHONHASHSEED=0`` for the kernels unless set, as
  when the lessons' outputs were stored;
- runs :func:`sanclab.bookgen.generate`, so a plain ``jupyter-book build book`` always builds
  from the current library and data files.

Problems found on the way (a lesson notebook out of sync with its exercise bank) become build
warnings, hence errors under ``-W``.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.util import logging

logger = logging.getLogger(__name__)


def _prepare(app: Sphinx, config: Config) -> None:
    from sanclab.bookgen import generate, invalidate_execution_cache

    os.environ.setdefault("PYTHONHASHSEED", "0")
    book = Path(app.srcdir)
    cache = config["nb_execution_cache_path"] or Path(app.outdir).parent / ".jupyter_cache"
    if invalidate_execution_cache(Path(cache), book.parent):
        logger.info("[sanclab] library or data changed: notebook execution cache emptied")
    report = generate(book)
    logger.info(
        "[sanclab] generated pages: %d written, %d unchanged, %d removed",
        len(report.written),
        len(report.unchanged),
        len(report.removed),
    )
    for problem in report.problems:
        logger.warning("[sanclab] %s", problem, type="sanclab", subtype="exercises")


def setup(app: Sphinx) -> dict:
    # sphinx_external_toc parses _toc.yml at priority 900: generate the pages before that
    app.connect("config-inited", _prepare, priority=100)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
