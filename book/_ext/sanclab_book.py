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

Lessons name glossary concepts with ``{abbr}`` roles whose explanation is the concept's
tooltip (:mod:`sanclab.concept_roles`): JupyterLab shows the word with the definition on
hover. Here each such abbreviation becomes a link to the concept's glossary entry that keeps
the tooltip; one whose tooltip is not the glossary's current one is a build warning.

On every lesson page it adds a "Run it yourself" note under the title (how to open the
lesson in JupyterLab; no Binder). It also mends two pieces of stock markup in every page
body that accessibility checkers (axe-core) flag: bibliography entries get
``role="listitem"`` (docutils writes the deprecated DPUB role ``doc-biblioentry`` inside a
``role="list"``), and myst-nb's hide-input toggle loses an ``aria-label`` that hid its
visible text ("Show code cell source") from screen readers.
"""

from __future__ import annotations

import os
from pathlib import Path

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
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


class ConceptLinks(SphinxTransform):
    """``{abbr}`` roles naming a glossary concept become links to its glossary entry."""

    default_priority = 500

    def apply(self, **kwargs) -> None:
        from sanclab.concept_roles import concept_of_tooltip, concept_tooltip
        from sanclab.glossary import load_glossary

        glossary = load_glossary()
        for node in list(self.document.findall(nodes.abbreviation)):
            explanation = node.get("explanation", "")
            concept = concept_of_tooltip(explanation, glossary)
            if concept is None:
                continue
            if explanation != concept_tooltip(concept):
                logger.warning("[sanclab] the tooltip of %r is not the glossary's current "
                               "definition of %r; rewrite it with "
                               "sanclab.concept_roles.concept_role", node.astext(),
                               concept.term, location=node, type="sanclab",
                               subtype="concepts")
            ref = pending_xref("", refdomain="std", reftype="term",
                               reftarget=concept.term.lower(), refexplicit=True,
                               refwarn=True, refdoc=self.env.docname)
            node.replace_self(ref)
            ref += node


_BODY_FIXES = (
    ('role="doc-biblioentry"', 'role="listitem"'),
    ('<summary aria-label="Toggle hidden content">', "<summary>"),
)


_RUN_IT_YOURSELF = (
    '<div class="admonition tip sanclab-run-it-yourself">\n'
    '<p class="admonition-title">Run it yourself</p>\n'
    "<p>This page shows the lesson as it ran when the book was built: the sliders move, but "
    "the figures and the exercise checks need a running Python kernel. "
    '<a class="reference internal" href="{href}">Open the lesson in JupyterLab</a> on your '
    "own computer (no online service needed), or download the notebook with the download "
    "button at the top of this page.</p>\n</div>\n"
)


def _mend_markup(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body")
    if not isinstance(body, str):
        return
    for old, new in _BODY_FIXES:
        body = body.replace(old, new)
    if pagename.startswith("lessons/") and "</h1>" in body:
        href = app.builder.get_relative_uri(pagename, "how-to-use") + "#run-it-yourself"
        head, tail = body.split("</h1>", 1)
        body = head + "</h1>\n" + _RUN_IT_YOURSELF.format(href=href) + tail
    context["body"] = body


def setup(app: Sphinx) -> dict:
    # sphinx_external_toc parses _toc.yml at priority 900: generate the pages before that
    app.connect("config-inited", _prepare, priority=100)
    app.add_transform(ConceptLinks)
    app.connect("html-page-context", _mend_markup)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
