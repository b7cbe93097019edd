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

Each lesson's dashboard answers its sliders without a kernel (:mod:`sanclab.bookdash`):
when the builder starts, the dashboards of the lessons in the book (found through the lesson
registry: page ``lessons/<stem>`` shows ``Lesson.dashboard()``) are exported in background
worker processes while the notebooks execute, into ``<build>/.sanclab_dashboards/<stem>/``,
a cache that is reused until a library file the export used, or a package version, changes
(worker processes: ``$SANCLAB_BOOK_JOBS``, default the number of CPUs, at most 4).
On the page, the widget view in the cell tagged ``dashboard`` is replaced by the static
dashboard (labelled sliders, readout, figure, the stored settings), the sliders' initial
values and labels are checked against the ones the notebook stored, and the page no longer
loads the widget libraries if no other widget is left on it; the figures are copied next to
the page (``lessons/<stem>_dashboard/``) when the build finishes. A page is re-read when its
dashboard's export changes.

Lessons name glossary concepts with ``{abbr}`` roles whose explanation is the concept's
tooltip (:mod:`sanclab.concept_roles`): JupyterLab shows the word with the definition on
hover. Here each such abbreviation becomes a link to the concept's glossary entry that keeps
the tooltip; one whose tooltip is not the glossary's current one is a build warning.

On every lesson page it adds a "Run it yourself" note under the title (what a kernel adds,
how to open the lesson in JupyterLab; no Binder). It also mends two pieces of stock markup in
every page body that accessibility checkers (axe-core) flag: bibliography entries get
``role="listitem"`` (docutils writes the deprecated DPUB role ``doc-biblioentry`` inside a
``role="list"``), and myst-nb's hide-input toggle loses an ``aria-label`` that hid its
visible text ("Show code cell source") from screen readers.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

logger = logging.getLogger(__name__)

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
DASHBOARD_TAG = "tag_dashboard"


#: Digests of the library's Python sources, kept between builds (sanclab.bookgen).
SOURCE_DIGESTS = ".sanclab_source_digests.json"


def _prepare(app: Sphinx, config: Config) -> None:
    from sanclab.bookgen import generate, invalidate_execution_cache, load_source_digests

    os.environ.setdefault("PYTHONHASHSEED", "0")
    book = Path(app.srcdir)
    load_source_digests(Path(app.outdir).parent / SOURCE_DIGESTS)
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
    "<p>This page shows the lesson as it ran when the book was built. Its dashboard answers "
    "the sliders with figures and numbers computed then, for a grid of settings; between "
    "them it shows the nearest one and says so. A running Python kernel adds the rest: any "
    "value of every slider, your own code, and exercise checks that answer your answers. "
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


# --------------------------------------------------------------------------- dashboards


def _dashboard_pages(app: Sphinx) -> dict[str, Any]:
    """docname -> lesson, for the registered lessons in the book that have a dashboard."""
    import importlib.util

    from sanclab.lessons import lesson_notebooks

    found = {}
    for lesson, _ in lesson_notebooks(Path(app.srcdir) / "lessons"):
        try:
            spec = importlib.util.find_spec(lesson.dashboard_module)
        except ModuleNotFoundError:
            spec = None
        if spec is not None:
            found[f"lessons/{lesson.stem}"] = lesson
    return found


def _start_dashboards(app: Sphinx) -> None:
    """builder-inited: start exporting every lesson's dashboard (in the background)."""
    app.sanclab_exports = None
    app.sanclab_pages = {}
    if app.builder.format != "html":
        return
    from sanclab.bookdash import DashboardExports

    pages = _dashboard_pages(app)
    cache = Path(app.outdir).parent / ".sanclab_dashboards"
    app.sanclab_pages = pages
    app.sanclab_exports = DashboardExports.start(
        {lesson.stem: lesson.dashboard_module for lesson in pages.values()}, cache)
    fresh = [key for key in app.sanclab_exports.keys() if key not in app.sanclab_exports.ready]
    logger.info("[sanclab] dashboards: %d cached, %d being exported in the background",
                len(app.sanclab_exports.ready), len(fresh))


def _export(app: Sphinx, docname: str) -> dict[str, Any] | None:
    """The export of the dashboard of ``docname``, or None (not a dashboard page, failed)."""
    exports = getattr(app, "sanclab_exports", None)
    lesson = getattr(app, "sanclab_pages", {}).get(docname)
    if exports is None or lesson is None:
        return None
    try:
        return exports.result(lesson.stem)
    except Exception as exc:  # reported once, when the reading ends
        logger.debug("[sanclab] export of %s failed: %s", docname, exc)
        return None


def _digest(record: dict[str, Any] | None) -> str | None:
    if record is None:
        return None
    import hashlib

    frames = json.dumps([(f["png"], f["readout"]) for f in record["frames"]])
    return hashlib.sha256((record["module"] + frames).encode()).hexdigest()


def _outdated(app: Sphinx, env, added, changed, removed) -> list[str]:
    """env-get-outdated: re-read a lesson page whose dashboard export is new or changed."""
    exports = getattr(app, "sanclab_exports", None)
    if exports is None:
        return []
    seen = getattr(env, "sanclab_dashboards", {})
    outdated = []
    for docname, lesson in app.sanclab_pages.items():
        current = _digest(exports.ready.get(lesson.stem))
        if docname in env.all_docs and (current is None or seen.get(docname) != current):
            outdated.append(docname)
    return outdated


def _record_exports(app: Sphinx, env) -> None:
    """env-updated (reading done): wait for the exports, report failures, remember which
    export each lesson page was read with."""
    exports = getattr(app, "sanclab_exports", None)
    if exports is None:
        return
    if not hasattr(env, "sanclab_dashboards"):
        env.sanclab_dashboards = {}
    records = []
    for docname, lesson in app.sanclab_pages.items():
        try:
            record = exports.result(lesson.stem)
        except Exception as exc:
            logger.warning("[sanclab] %s: the dashboard could not be exported for the book: %s",
                           docname, exc, type="sanclab", subtype="dashboard")
            env.sanclab_dashboards.pop(docname, None)
            continue
        records.append(record)
        env.sanclab_dashboards[docname] = _digest(record)
    if records:
        from sanclab.bookdash import summary

        logger.info("[sanclab] dashboards: %s", summary(records))


def _purge(app: Sphinx, env, docname: str) -> None:
    getattr(env, "sanclab_dashboards", {}).pop(docname, None)


def _merge(app: Sphinx, env, docnames, other) -> None:
    if not hasattr(env, "sanclab_dashboards"):
        env.sanclab_dashboards = {}
    for docname in docnames:
        if docname in getattr(other, "sanclab_dashboards", {}):
            env.sanclab_dashboards[docname] = other.sanclab_dashboards[docname]


def _is_dashboard_cell(node: nodes.Node) -> bool:
    return isinstance(node, nodes.Element) and DASHBOARD_TAG in node.get("classes", [])


def _place_dashboard(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved: put the static dashboard in place of the dashboard cell's widget
    view (the mime type was chosen by myst-nb's post-transforms, which have run)."""
    record = _export(app, docname)
    if record is None:
        return
    from sanclab.bookdash import frames_folder_name, static_dashboard_html

    cells = list(doctree.findall(_is_dashboard_cell))
    views = [raw for cell in cells for raw in cell.findall(nodes.raw)
             if WIDGET_VIEW in raw.astext()]
    if len(cells) != 1 or len(views) != 1:
        logger.warning("[sanclab] %s: expected one cell tagged 'dashboard' showing one widget, "
                       "found %d cell(s) and %d widget view(s); the static dashboard is not placed",
                       docname, len(cells), len(views), location=docname, type="sanclab",
                       subtype="dashboard")
        return
    view = views[0]
    text = view.astext()
    payload = text[text.index(">") + 1:text.rindex("</script>")]
    try:
        model_id = json.loads(payload)["model_id"]
    except (ValueError, KeyError):
        model_id = None
    folder = frames_folder_name(docname)
    html = static_dashboard_html(record, f"{folder}/", uid=f"sanclab-dashboard-{folder}")
    static = nodes.raw("", html, format="html")
    static["sanclab_dashboard"] = model_id or ""  # read back at html-page-context
    view.replace_self(static)


def _stored_sliders(state: dict[str, Any], model_id: str) -> list[tuple[str, Any]]:
    """(description, value) of every slider under widget ``model_id``, in order."""
    found: list[tuple[str, Any]] = []

    def walk(ident: str) -> None:
        model = state.get(ident)
        if model is None:
            return
        if model.get("model_name") in ("FloatSliderModel", "IntSliderModel"):
            found.append((model["state"].get("description"), model["state"].get("value")))
        for child in model.get("state", {}).get("children", []) or []:
            if isinstance(child, str) and child.startswith("IPY_MODEL_"):
                walk(child[len("IPY_MODEL_"):])

    walk(model_id)
    return found


def _dashboard_resources(app: Sphinx, pagename: str, templatename: str, context: dict,
                         doctree) -> None:
    """html-page-context, after myst-nb added the widget scripts: add the dashboard's script
    and style, check the stored sliders against the export, and drop the widget libraries
    and state when no widget is left on the page."""
    body = context.get("body")
    if doctree is None or not isinstance(body, str) or "sanclab-dashboard-static" not in body:
        return
    placed = [n for n in doctree.findall(nodes.raw) if "sanclab_dashboard" in n]
    record = _export(app, pagename)
    if not placed or record is None:
        return
    model_id = placed[0]["sanclab_dashboard"]
    scripts = context.get("script_files", [])

    def attributes(js: Any) -> dict[str, Any]:
        return getattr(js, "attributes", {}) or {}

    state_js = [js for js in scripts if attributes(js).get("type") == WIDGET_STATE]
    if state_js and model_id:
        state = json.loads(attributes(state_js[0]).get("body", "{}")).get("state", {})
        stored = _stored_sliders(state, model_id)
        expected = [(c["label"], c["value"]) for c in record["controls"]]
        if stored != expected:
            logger.warning(
                "[sanclab] %s: the notebook's dashboard sliders %s are not the ones of the "
                "registry's dashboard %s (labels and initial values); the book's static "
                "dashboard would not match the lesson", pagename, stored, expected,
                location=pagename, type="sanclab", subtype="dashboard")
    if WIDGET_VIEW not in body:
        # Sphinx records a static file's name with the _static/ prefix
        widget_files = {prefix + path for path in (app.config.nb_ipywidgets_js or {})
                        for prefix in ("", "_static/")}
        scripts[:] = [js for js in scripts
                      if attributes(js).get("type") != WIDGET_STATE
                      and str(getattr(js, "filename", "") or "") not in widget_files]
    app.add_css_file("sanclab/dashboard.css")
    app.add_js_file("sanclab/dashboard.js", defer="defer")


def _copy_frames(app: Sphinx, exception: Exception | None) -> None:
    """build-finished: put each dashboard's figures next to its page."""
    exports = getattr(app, "sanclab_exports", None)
    if exports is None:
        return
    from sanclab.bookdash import copy_frames, frames_folder_name

    try:
        if exception is None:
            for docname, lesson in app.sanclab_pages.items():
                try:
                    record = exports.result(lesson.stem)
                except Exception:
                    continue  # reported at env-updated
                target = Path(app.outdir) / Path(docname).parent / frames_folder_name(docname)
                copy_frames(record, exports.folder / lesson.stem, target)
    finally:
        exports.close()


def _register_pybtex_plugins() -> None:
    """Register the pybtex plugins the bibliography uses as runtime plugins, so finding one
    is a dictionary lookup.

    pybtex's ``find_plugin`` (called by sphinxcontrib-bibtex for every citation: the
    docutils backend, the formatting style and its label, name and sorting styles) looks
    a plugin up among the entry points of every installed distribution (~50 ms a call);
    the glossary page alone cites ~110 times. Each plugin is loaded from the entry point
    found by one scan, so it is the very class pybtex would load; a plugin missing here is
    left to pybtex's own lookup.
    """
    from importlib.metadata import entry_points

    try:
        import pybtex.plugin as plugin
    except ImportError:
        return
    groups = [g + suffix for g in plugin._DEFAULT_PLUGINS for suffix in ("", ".aliases")]
    found = entry_points()
    runtime = plugin._RUNTIME_PLUGINS
    for group in groups:
        for entry in found.select(group=group):
            if entry.name not in runtime.get(group, {}):
                # the same as register_plugin(group, name, klass, force=True), without its
                # own entry point scan per plugin
                runtime.setdefault(group, {})[entry.name] = entry.load()


def _finish(app: Sphinx, exception: Exception | None) -> None:
    """build-finished (last): keep the source digests for the next build, then move the
    build's objects out of the garbage collector's sight: Python's collection at exit
    would otherwise walk the whole Sphinx environment (1.7-7 s) only to free memory the
    process is about to give back anyway."""
    import gc

    from sanclab.bookgen import save_source_digests

    try:
        save_source_digests(Path(app.outdir).parent / SOURCE_DIGESTS)
    except OSError as exc:
        logger.info("[sanclab] source digests not saved: %s", exc)
    gc.freeze()


def setup(app: Sphinx) -> dict:
    _register_pybtex_plugins()
    # sphinx_external_toc parses _toc.yml at priority 900: generate the pages before that
    app.connect("config-inited", _prepare, priority=100)
    app.connect("builder-inited", _start_dashboards)
    app.connect("env-get-outdated", _outdated)
    app.connect("env-updated", _record_exports)
    app.connect("env-purge-doc", _purge)
    app.connect("env-merge-info", _merge)
    app.connect("doctree-resolved", _place_dashboard)
    app.add_transform(ConceptLinks)
    app.connect("html-page-context", _mend_markup)
    # after myst-nb's handler (priority 500), which adds the widget scripts to the page
    app.connect("html-page-context", _dashboard_resources, priority=600)
    app.connect("build-finished", _copy_frames)
    app.connect("build-finished", _finish, priority=900)
    return {"version": "2", "parallel_read_safe": True, "parallel_write_safe": True}
