"""Every page of the built book, opened in headless chromium from a local server.

The site is the test session's own strict build of the book (``tests/_book_build.py``, shared
with ``tests/test_book.py``), so the pages tested are built from the current library and
notebooks, never a stale ``book/_build/html``; ``$SANCLAB_E2E_SITE`` points the tests at an
already built site instead (e.g. ``book/_build/html`` after ``make book``). Every HTML page
is visited once in a fresh browser context with every request to another host aborted
(:mod:`._audit`); the tests below then judge all the pages at once and list every page that
fails, so new pages are covered as soon as they are built.

A check that has nothing to look at yet (say, no page with a dashboard) is skipped with that
reason rather than passed.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ._audit import PageReport, audit_page
from ._axe import DISABLED_RULES, blocking, describe, known_issues, split_known
from ._site import SITE_ENV, StaticSite, broken_links, html_pages, site_dir

pytestmark = pytest.mark.e2e


@dataclass
class Audit:
    """The reports of all pages of one built site."""

    site: Path
    origin: str
    reports: dict[str, PageReport]
    missing: list[str]

    def where(self, predicate) -> dict[str, PageReport]:
        return {name: r for name, r in self.reports.items() if predicate(r)}


@pytest.fixture(scope="module")
def audit(e2e_browser: Any, tmp_path_factory: Any) -> Iterator[Audit]:
    """Serve the built book from 127.0.0.1 and audit every page once."""
    if os.environ.get(SITE_ENV):
        site = site_dir()
        if not (site / "index.html").is_file():
            pytest.fail(f"${SITE_ENV}={site} holds no built site (no index.html)", pytrace=False)
    else:
        from _book_build import build_book  # tests/ is on sys.path (rootdir conftest)

        site = build_book(tmp_path_factory).html
    pages = html_pages(site)
    with StaticSite(site) as server:
        reports = {name: audit_page(e2e_browser, server.origin, name) for name in pages}
        yield Audit(site, server.origin, reports, list(server.missing))


def _fail_if(problems: list[str], what: str) -> None:
    if problems:
        pytest.fail(f"{len(problems)} {what}:\n" + "\n".join(problems), pytrace=False)


def test_every_page_loads(audit: Audit) -> None:
    """The site has an index page, and every page loaded without a browser error."""
    assert "index.html" in audit.reports, sorted(audit.reports)
    _fail_if([f"{n}: {r.error}" for n, r in audit.reports.items() if r.error],
             "page(s) failed to load")


def test_no_requests_to_other_hosts(audit: Audit) -> None:
    """No page attempts to load anything from another host (all were blocked and recorded)."""
    _fail_if([f"{n}: {url}" for n, r in audit.reports.items() for url in r.blocked],
             "request(s) to other hosts")


def test_no_console_errors_or_missing_files(audit: Audit) -> None:
    """No page logs a console error or uncaught exception, or asks for a missing local file."""
    problems = [f"{n}: {msg}" for n, r in audit.reports.items() for msg in r.console_errors]
    problems += [f"{n}: HTTP {req}" for n, r in audit.reports.items() for req in r.failed_requests]
    problems += [f"server: 404 {path}" for path in sorted(set(audit.missing))]
    _fail_if(problems, "console error(s) or missing file(s)")


def test_math_is_typeset(audit: Audit) -> None:
    """On every page with math, MathJax (local copy) typesets every formula, without errors."""
    with_math = audit.where(lambda r: r.facts.get("math_total"))
    if not with_math:
        pytest.skip("no page has math yet")
    problems = []
    for name, r in with_math.items():
        if r.mathjax_error:
            problems.append(f"{name}: MathJax did not start: {r.mathjax_error}")
        problems += [f"{name}: not typeset: {m!r}" for m in r.facts["math_untypeset"]]
        problems += [f"{name}: TeX error: {m}" for m in r.facts["math_errors"]]
    _fail_if(problems, "math problem(s)")


def test_dashboards_render_without_a_kernel(audit: Audit) -> None:
    """Every dashboard shows its figure (loaded) and a readout. The book's static dashboards
    (``sanclab.bookdash``) are ready with every slider enabled; pages that still hold widget
    state render every widget view with a visible slider. (That the sliders show exactly the
    right figures is ``test_book_dashboards.py``'s job.)"""
    with_dashboards = audit.where(lambda r: r.facts.get("dashboards")
                                  or r.facts.get("has_widget_state"))
    if not with_dashboards:
        pytest.skip("no page has a dashboard yet")
    problems = []
    for name, r in with_dashboards.items():
        facts = r.facts
        if r.widgets_error:
            problems.append(f"{name}: widgets did not render: {r.widgets_error}")
        if facts.get("has_widget_state"):
            if not facts["sliders_visible"]:
                problems.append(f"{name}: no visible slider")
            if facts["widget_views_rendered"] != facts["widget_views"]:
                problems.append(f"{name}: {facts['widget_views_rendered']} of "
                                f"{facts['widget_views']} widget views rendered")
        for i, dash in enumerate(facts["dashboards"]):
            if not dash["figure"]:
                problems.append(f"{name}: dashboard {i} shows no figure")
            if not dash["readout"]:
                problems.append(f"{name}: dashboard {i} has an empty readout")
            if dash["static"] and (dash["state"] != "ready"
                                   or dash["sliders_enabled"] != dash["sliders"]
                                   or not dash["sliders"]):
                problems.append(f"{name}: static dashboard {i} is {dash['state']!r} with "
                                f"{dash['sliders_enabled']} of {dash['sliders']} sliders enabled")
    _fail_if(problems, "dashboard problem(s)")


def test_every_lesson_shows_a_static_figure(audit: Audit) -> None:
    """Every lesson page shows at least one figure stored as an image by a cell (the
    comparative statics), visible and loaded, besides its dashboards: the page teaches
    without a kernel."""
    lessons = audit.where(lambda r: r.page.startswith("lessons/"))
    if not lessons:
        pytest.skip("no lesson page yet")
    _fail_if([f"{n}: no static figure (an image output of a cell outside the widgets)"
              for n, r in lessons.items() if not r.facts.get("static_figures")],
             "lesson(s) without a static figure")


def test_images_load(audit: Audit) -> None:
    """Every visible image on every page loads (static figures included)."""
    _fail_if([f"{n}: {src}" for n, r in audit.reports.items()
              for src in r.facts.get("broken_images", [])], "broken image(s)")


def test_solutions_hidden_until_clicked(audit: Audit) -> None:
    """Every sphinx-exercise solution (and any other dropdown admonition) starts closed and
    opens when its toggle button is clicked (aria-expanded follows)."""
    with_dropdowns = audit.where(lambda r: r.dropdowns)
    if not with_dropdowns:
        pytest.skip("no page has a dropdown solution yet")
    problems = []
    for name, r in with_dropdowns.items():
        for d in r.dropdowns:
            if not d["hidden_before"]:
                problems.append(f"{name}: {d['id']} is visible before any click")
            if d.get("expanded_before") != "false":
                problems.append(f"{name}: {d['id']} toggle has aria-expanded="
                                f"{d.get('expanded_before')!r} before any click")
            if not d["visible_after"]:
                problems.append(f"{name}: {d['id']} did not open: {d.get('error')}")
            elif d.get("expanded_after") != "true":
                problems.append(f"{name}: {d['id']} opened but its toggle says aria-expanded="
                                f"{d.get('expanded_after')!r}")
    _fail_if(problems, "dropdown problem(s)")


def test_glossary_highlights_show_their_definition(audit: Audit) -> None:
    """Each concept highlight (``.sanclab-concept[data-concept]``; a legend sample without a
    term is not one) is focusable and its tooltip (title) is the glossary's definition of its
    term (whitespace-normalized)."""
    with_concepts = audit.where(lambda r: r.facts.get("concepts"))
    if not with_concepts:
        pytest.skip("no page has glossary highlights yet")
    from sanclab.glossary import load_glossary

    glossary = load_glossary()
    problems = []
    for name, r in with_concepts.items():
        for c in r.facts["concepts"]:
            label = f"{name}: {c['text']!r} ({c['term']})"
            title = " ".join((c["title"] or "").split())
            if not title:
                problems.append(f"{label}: empty tooltip")
                continue
            try:
                definition = " ".join(glossary[c["term"]].definition.split())
            except KeyError:
                problems.append(f"{label}: not a glossary term")
                continue
            if title != definition:
                problems.append(f"{label}: tooltip {title[:60]!r}... is not the definition")
            if not c["focusable"]:
                problems.append(f"{label}: not focusable with the keyboard")
    _fail_if(problems, "glossary highlight problem(s)")


def test_internal_links_resolve(audit: Audit) -> None:
    """Every local link leads to an existing file, and its #anchor exists in the target."""
    links = {n: r.facts.get("links", []) for n, r in audit.reports.items()}
    ids = {n: set(r.facts.get("ids", [])) for n, r in audit.reports.items() if r.facts}
    _fail_if(broken_links(links, ids, audit.site, audit.origin), "broken link(s)")


def test_accessibility_axe(audit: Audit) -> None:
    """axe-core finds no serious or critical accessibility violation on any page, apart from
    the element-specific known issues listed (with owner and reason) in
    ``axe_known_issues.yaml``."""
    issues = known_issues()
    problems = []
    for name, r in audit.reports.items():
        left, _ = split_known(blocking(r.axe), issues)
        problems += [describe(name, v) for v in left]
    if DISABLED_RULES:
        print("axe rules disabled:", DISABLED_RULES)
    _fail_if(problems, "serious/critical accessibility violation(s)")


def test_axe_known_issues_still_occur(audit: Audit) -> None:
    """Every entry of ``axe_known_issues.yaml`` still matches a violation (else delete it)."""
    issues = known_issues()
    used: set = set()
    for r in audit.reports.values():
        used |= split_known(blocking(r.axe), issues)[1]
    stale = [f"{i.rule} on {i.match!r} ({i.owner})" for i in issues if i not in used]
    _fail_if(stale, "known axe issue(s) no longer occur: delete them from axe_known_issues.yaml")
