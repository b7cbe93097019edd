"""Visit one page of the built book in chromium and record what a reader would meet.

:func:`audit_page` loads a page with every request to another host aborted, waits for MathJax
and the widget manager, and returns a :class:`PageReport`: blocked requests, console errors,
missing local files, math that did not typeset, dashboards that did not render (widget views,
or the book's static dashboards whose script did not start), images that
did not load, solutions that were not hidden or did not open, glossary highlights, links,
element ids and the axe-core violations. The tests in ``test_book_pages.py`` judge the reports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ._axe import run_axe
from ._browser import RequestGuard

#: Admonitions that must be closed dropdowns: every sphinx-exercise solution (whether or not
#: it was given ``:class: dropdown``) and whatever sphinx-togglebutton turned into one.
DROPDOWN_SELECTOR = ".admonition.solution, .admonition.dropdown, .admonition.toggle"
SLIDER_SELECTOR = ".widget-slider [role=slider]"

_FACTS_JS = """
() => {
  const visible = el => !!(el.offsetWidth || el.offsetHeight || el.getClientRects().length);
  const maths = Array.from(document.querySelectorAll('.math'));
  const views = Array.from(document.querySelectorAll(
      'script[type="application/vnd.jupyter.widget-view+json"]'));
  return {
    has_widget_state: !!document.querySelector(
        'script[type="application/vnd.jupyter.widget-state+json"]'),
    widget_views: views.length,
    widget_views_rendered: views.filter(s => {
      const box = s.parentElement;
      return box && box.querySelector('.jupyter-widgets') !== null;
    }).length,
    sliders_visible: Array.from(document.querySelectorAll(
        '.widget-slider [role=slider]')).filter(visible).length,
    dashboards: Array.from(document.querySelectorAll('.sanclab-dashboard')).map(d => {
      const img = d.querySelector('img');
      return {figure: !!img && img.complete && img.naturalWidth > 0 && visible(img),
              readout: (d.querySelector('.sanclab-readout') || {innerText: ''}).innerText.trim(),
              // the book's dashboards without a kernel (sanclab.bookdash): script ran,
              // sliders enabled
              static: d.classList.contains('sanclab-dashboard-static'),
              state: d.dataset.state || null,
              sliders_enabled: Array.from(d.querySelectorAll('input[type=range]'))
                  .filter(i => !i.disabled && visible(i)).length,
              sliders: d.querySelectorAll('input[type=range], [role=slider]').length};
    }),
    // figures a cell stored as images (matplotlib output), not drawn by a widget
    static_figures: Array.from(document.querySelectorAll('.cell_output img'))
        .filter(i => !i.closest('.jupyter-widgets, .sanclab-dashboard') && i.complete
                     && i.naturalWidth > 0 && visible(i)).length,
    math_total: maths.length,
    math_untypeset: maths.filter(m => !m.querySelector('mjx-container'))
                         .map(m => m.textContent.trim().slice(0, 80)),
    math_errors: Array.from(document.querySelectorAll('mjx-merror'))
                      .map(e => (e.getAttribute('data-mjx-error') || e.textContent).slice(0, 120)),
    broken_images: Array.from(document.querySelectorAll('img'))
        .filter(i => !(i.complete && i.naturalWidth > 0) && visible(i))
        .map(i => i.getAttribute('src') ? i.getAttribute('src').slice(0, 120) : '(no src)'),
    concepts: Array.from(document.querySelectorAll('.sanclab-concept[data-concept]')).map(c => ({
      term: c.getAttribute('data-concept'), title: c.getAttribute('title'),
      text: c.textContent, focusable: c.tabIndex >= 0})),
    links: Array.from(document.querySelectorAll('a[href]')).map(a => a.href),
    ids: Array.from(document.querySelectorAll('[id], a[name]')).map(e => e.id || e.name),
  };
}
"""


@dataclass
class PageReport:
    """What one page did in the browser (see the module docstring)."""

    page: str
    blocked: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed_requests: list[str] = field(default_factory=list)
    facts: dict[str, Any] = field(default_factory=dict)
    mathjax_error: str | None = None
    widgets_error: str | None = None
    dropdowns: list[dict[str, Any]] = field(default_factory=list)
    axe: list[dict] = field(default_factory=list)
    error: str | None = None


def _wait_for_mathjax(page: Any, timeout_ms: int) -> None:
    page.wait_for_function(
        "() => window.MathJax && MathJax.startup && MathJax.startup.promise",
        timeout=timeout_ms,
    )
    page.evaluate("async () => { await MathJax.startup.promise; }")


def _check_dropdowns(page: Any, timeout_ms: int) -> list[dict[str, Any]]:
    """Each dropdown: hidden before a click on its title, shown after."""
    results = []
    boxes = page.locator(DROPDOWN_SELECTOR)
    for index in range(boxes.count()):
        box = boxes.nth(index)
        box_id = box.get_attribute("id") or f"#{index}"
        body = box.locator(":scope > :not(.admonition-title)")
        result: dict[str, Any] = {"id": box_id, "bodies": body.count()}
        result["hidden_before"] = body.count() > 0 and all(
            not body.nth(i).is_visible() for i in range(body.count())
        )
        # The chevron button: clicking the title's text would follow the link to the
        # exercise that sphinx-exercise puts there (and sphinx-togglebutton then throws).
        button = box.locator(":scope > .admonition-title .toggle-button").first
        if not button.count():
            result.update(visible_after=False, error="it has no toggle button")
            results.append(result)
            continue
        result["expanded_before"] = button.get_attribute("aria-expanded")
        try:
            button.scroll_into_view_if_needed(timeout=timeout_ms)
            button.click(timeout=timeout_ms)
            body.first.wait_for(state="visible", timeout=timeout_ms)
            result["visible_after"] = True
            result["expanded_after"] = button.get_attribute("aria-expanded")
        except Exception as exc:  # recorded, judged by the test
            result["visible_after"] = False
            result["error"] = str(exc).splitlines()[0]
        results.append(result)
    return results


def audit_page(
    browser: Any,
    origin: str,
    name: str,
    timeout_ms: int = 30_000,
    axe: bool = True,
) -> PageReport:
    """Open page ``name`` of the site at ``origin`` and return its :class:`PageReport`.

    Each page gets a fresh browser context (empty storage, as for a first-time reader) whose
    requests to other hosts are aborted and recorded.
    """
    report = PageReport(name)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    guard = RequestGuard(origin)
    guard.install(context)
    page = context.new_page()
    url = f"{origin}/{name}"

    def on_console(message: Any) -> None:
        if message.type == "error":
            where = message.location.get("url", "") if message.location else ""
            report.console_errors.append(f"{message.text} [{where}]")

    page.on("console", on_console)
    page.on("pageerror", lambda error: report.console_errors.append(f"uncaught: {error}"))
    page.on(
        "response",
        lambda response: (
            report.failed_requests.append(f"{response.status} {response.url}")
            if response.status >= 400
            else None
        ),
    )
    try:
        page.goto(url, wait_until="load", timeout=timeout_ms)
        if page.locator(".math").count():
            try:
                _wait_for_mathjax(page, timeout_ms)
            except Exception as exc:
                report.mathjax_error = str(exc).splitlines()[0]
        if page.locator('script[type="application/vnd.jupyter.widget-state+json"]').count():
            try:
                page.locator(SLIDER_SELECTOR).first.wait_for(state="visible", timeout=timeout_ms)
                page.wait_for_function(
                    "() => Array.from(document.querySelectorAll('.sanclab-dashboard img'))"
                    ".every(i => i.complete && i.naturalWidth > 0)",
                    timeout=timeout_ms,
                )
            except Exception as exc:
                report.widgets_error = str(exc).splitlines()[0]
        if page.locator(".sanclab-dashboard-static").count():
            try:
                page.wait_for_function(
                    "() => Array.from(document.querySelectorAll('.sanclab-dashboard-static'))"
                    ".every(d => d.dataset.state === 'ready')",
                    timeout=timeout_ms,
                )
            except Exception as exc:
                report.widgets_error = f"static dashboard not ready: {str(exc).splitlines()[0]}"
        page.wait_for_load_state("networkidle", timeout=timeout_ms)
        report.facts = page.evaluate(_FACTS_JS)
        if axe:
            report.axe = run_axe(page)
        report.dropdowns = _check_dropdowns(page, timeout_ms)
    except Exception as exc:
        report.error = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"
    finally:
        context.close()
    report.blocked = list(guard.blocked)
    return report
