"""The book's dashboards answer their sliders without a kernel, exactly as Python would.

For every lesson page of the built book with a static dashboard (``sanclab.bookdash``; the
lesson registry gives the dashboard behind each page, so lessons are covered as they land):

* every slider is moved through several values with the keyboard (and one with the
  pointer); after each move the setting shown is the stored setting nearest to the sliders
  (``sanclab.bookdash.nearest_frame``), the status line says whether it is exact or which
  values it shows instead, and the figure's bytes and the readout's text are those a fresh
  Python dashboard (``Lesson.dashboard()``) produces for that setting; the figure's file name
  is the SHA-256 recorded when the book was built;
* no request goes to another host, nothing is logged as an error;
* the same page opened from ``file://`` works (figures are plain ``<img>`` files);
* at 360 px wide every slider's track is wider than 150 px and answers the keyboard.

The site is the session's strict build (``tests/_book_build.py``) or ``$SANCLAB_E2E_SITE``.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from ._browser import RequestGuard
from ._site import SITE_ENV, StaticSite, site_dir

pytestmark = pytest.mark.e2e

#: Keys pressed on each slider, in order (each is one move).
KEYS = ("ArrowRight", "ArrowRight", "ArrowRight", "End", "ArrowLeft", "Home")
READY_JS = """([root, before]) => Number(root.dataset.request) > before
    && root.dataset.presented === root.dataset.request
    && root.dataset.state !== 'loading'"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: Any) -> Path:
    if os.environ.get(SITE_ENV):
        found = site_dir()
        if not (found / "index.html").is_file():
            pytest.fail(f"${SITE_ENV}={found} holds no built site", pytrace=False)
        return found
    from _book_build import build_book  # tests/ is on sys.path (rootdir conftest)

    return build_book(tmp_path_factory).html


@dataclass(frozen=True)
class DashboardPage:
    page: str  # relative to the site
    lesson: Any


def dashboard_pages(site: Path) -> list[DashboardPage]:
    """The lesson pages whose notebook has a dashboard cell; each must show a static one."""
    import nbformat

    from sanclab.lessons import lesson_notebooks

    found = []
    for lesson, notebook in lesson_notebooks():
        cells = nbformat.read(notebook, as_version=4).cells
        if any("dashboard" in c.metadata.get("tags", []) for c in cells):
            found.append(DashboardPage(f"lessons/{lesson.stem}.html", lesson))
    return found


@pytest.fixture(scope="module")
def pages(site: Path) -> list[DashboardPage]:
    found = dashboard_pages(site)
    if not found:
        pytest.skip("no lesson has a dashboard cell yet")
    missing = [p.page for p in found
               if "sanclab-dashboard-static" not in (site / p.page).read_text(encoding="utf-8")]
    if missing:
        pytest.fail(f"lesson page(s) without a static dashboard: {missing}", pytrace=False)
    return found


@pytest.fixture(scope="module")
def server(site: Path) -> Iterator[StaticSite]:
    with StaticSite(site) as running:
        yield running


class Expected:
    """What the Python dashboard produces for a setting. One dashboard is moved from setting
    to setting: that a setting draws the same whatever the moves before it is
    ``tests/test_widgets_export.py``'s job, and a fresh dashboard costs up to 2 s."""

    def __init__(self, lesson: Any) -> None:
        self.lesson = lesson
        self.cache: dict[tuple, tuple[str, str]] = {}
        self.dashboard: Any = None

    def __call__(self, names: list[str], values: list[float]) -> tuple[str, str]:
        key = tuple(values)
        if key not in self.cache:
            if self.dashboard is None:
                self.dashboard = self.lesson.dashboard()
            dash = self.dashboard
            dash.set(**dict(zip(names, values, strict=True)))
            self.cache[key] = (hashlib.sha256(dash.png()).hexdigest(), dash.readout_text)
        return self.cache[key]


def _squash(text: str | None) -> str:
    return " ".join((text or "").split())


def _open(context: Any, url: str, errors: list[str]) -> tuple[Any, Any]:
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(f"uncaught: {e}"))
    page.goto(url, wait_until="load")
    root = page.locator(".sanclab-dashboard-static").first
    page.wait_for_function("(root) => root.dataset.state === 'ready'",
                           arg=root.element_handle(), timeout=20_000)
    return page, root


def _move(page: Any, root: Any, action, *args: Any) -> None:
    """Call ``action(*args)`` (a click...) and wait until the dashboard shows the result."""
    before = int(root.get_attribute("data-request") or 0)
    action(*args)
    _wait_shown(page, root, before)


def _key_move(page: Any, root: Any, slider: Any, key: str) -> None:
    """Press ``key`` on ``slider`` and wait until the dashboard shows the result; a press
    that leaves the value as it was (the end of the range) asks nothing of the dashboard."""
    before = int(root.get_attribute("data-request") or 0)
    value = slider.input_value()
    _press(slider, key)
    if slider.input_value() != value:
        _wait_shown(page, root, before)


def _wait_shown(page: Any, root: Any, before: int) -> None:
    page.wait_for_function(READY_JS, arg=[root.element_handle(), before], timeout=20_000)


def _press(slider: Any, key: str) -> None:
    slider.focus()
    slider.press(key)


#: Everything _check_shown reads from a dashboard, in one round trip to the page.
SHOWN_JS = """async (root) => {
  const img = root.querySelector('img.sanclab-figure-img');
  let sha = null;
  if (img && img.src) {
    const bytes = await (await fetch(img.src)).arrayBuffer();
    const digest = await crypto.subtle.digest('SHA-256', bytes);
    sha = Array.from(new Uint8Array(digest)).map(b => b.toString(16).padStart(2, '0')).join('');
  }
  const text = (sel) => { const el = root.querySelector(sel); return el ? el.innerText : ''; };
  return {
    wanted: Array.from(root.querySelectorAll('input[type=range]')).map(i => Number(i.value)),
    state: root.dataset.state, setting: root.dataset.setting || 'null',
    status: text('.sanclab-sd-status'), readout: text('.sanclab-readout'),
    src: img ? img.getAttribute('src') : '', sha,
  };
}"""


def _check_shown(page: Any, root: Any, data: dict, expected: Expected, where: str,
                 seen: dict[str, int] | None = None) -> list[str]:
    """Problems with what the dashboard shows now (empty if it is exactly right); counts
    exact and snapped settings in ``seen``."""
    from sanclab.bookdash import nearest_frame

    controls = data["controls"]
    names = [c["name"] for c in controls]
    now = root.evaluate(SHOWN_JS)
    wanted = now["wanted"]
    problems = []
    status = _squash(now["status"])
    if now["state"] != "ready":
        return [f"{where}: state {now['state']!r}, status {status!r}"]
    shown = json.loads(now["setting"])
    index = nearest_frame(data["settings"], controls, wanted)
    if shown != data["settings"][index]:
        problems.append(f"{where}: sliders at {wanted} show {shown}, the nearest stored "
                        f"setting is {data['settings'][index]}")
    off = [i for i, (s, w) in enumerate(zip(shown, wanted, strict=True))
           if abs(s - w) > 1e-9 * (controls[i]["max"] - controls[i]["min"])]
    if seen is not None:
        seen["snapped" if off else "exact"] += 1
    if off:
        if "nearest precomputed" not in status:
            problems.append(f"{where}: shows {shown} for {wanted} but says {status!r}")
        for i in off:
            k = round((shown[i] - controls[i]["min"]) / controls[i]["step"])
            said = f"{controls[i]['symbol']} = {controls[i]['labels'][k]}"
            if said not in status:
                problems.append(f"{where}: the status {status!r} does not say {said!r}")
    elif not status.startswith("Computed when the book was built, for exactly this setting"):
        problems.append(f"{where}: exact setting {shown} but the status says {status!r}")
    png_sha, readout = expected(names, shown)
    if not now["src"].endswith(png_sha[:20] + ".png"):
        problems.append(f"{where}: figure {now['src']} is not the recorded one for {shown}")
    if now["sha"] != png_sha:
        problems.append(f"{where}: the figure's bytes differ from Python's for {shown}")
    text = _squash(now["readout"])
    if text != _squash(readout):
        problems.append(f"{where}: readout {text!r} != Python's {_squash(readout)!r}")
    return problems


def test_every_slider_shows_exactly_what_python_computes(
    pages: list[DashboardPage], server: StaticSite, e2e_browser: Any
) -> None:
    """Each slider of each dashboard, moved by KEYS and once by the pointer, shows the figure
    (bytes) and readout (text) that the Python dashboard gives for the setting shown, which
    is the nearest stored one, and the status says so; Reset returns to the initial
    setting; nothing is requested from another host and nothing logs an error."""
    problems: list[str] = []
    checked = 0
    seen = {"exact": 0, "snapped": 0}
    for item in pages:
        context = e2e_browser.new_context(viewport={"width": 1280, "height": 900})
        guard = RequestGuard(server.origin)
        guard.install(context)
        errors: list[str] = []
        try:
            page, root = _open(context, server.url(item.page), errors)
            data = json.loads(root.locator("script.sanclab-sd-data").text_content())
            expected = Expected(item.lesson)
            problems += _check_shown(page, root, data, expected, f"{item.page} initially")
            sliders = root.locator("input[type=range]")
            for i in range(sliders.count()):
                slider = sliders.nth(i)
                name = data["controls"][i]["name"]
                for key in KEYS:
                    _key_move(page, root, slider, key)
                    where = f"{item.page}, {name} after {key}"
                    problems += _check_shown(page, root, data, expected, where, seen)
                    checked += 1
            first = sliders.first
            box = first.bounding_box()
            _move(page, root, page.mouse.click, box["x"] + 0.7 * box["width"],
                  box["y"] + box["height"] / 2)
            problems += _check_shown(page, root, data, expected, f"{item.page}, pointer")
            _move(page, root, root.locator(".sanclab-sd-reset").click)
            problems += _check_shown(page, root, data, expected, f"{item.page}, reset")
            if json.loads(root.get_attribute("data-setting")) != data["settings"][0]:
                problems.append(f"{item.page}: Reset does not show the initial setting")
        except Exception as exc:
            problems.append(f"{item.page}: {type(exc).__name__}: {str(exc).splitlines()[0]}")
        finally:
            context.close()
        problems += [f"{item.page}: request to another host: {u}" for u in guard.blocked]
        problems += [f"{item.page}: console: {e}" for e in errors]
    assert checked, "no slider was moved"
    assert not problems, "\n".join(problems)
    # the moves reach stored settings and settings between them (KEYS leave earlier sliders
    # at their ends, so later moves leave the lines through the initial setting)
    assert seen["exact"] and seen["snapped"], seen


def test_dashboards_work_from_file_urls(
    pages: list[DashboardPage], site: Path, e2e_browser: Any
) -> None:
    """Opened from disk (file://), each dashboard's sliders swap in the stored figures:
    after moves of the first slider the figure shown is the nearest stored one, loaded."""
    from sanclab.bookdash import nearest_frame

    problems = []
    for item in pages:
        context = e2e_browser.new_context(viewport={"width": 1280, "height": 900})
        guard = RequestGuard("file://")
        guard.install(context)
        errors: list[str] = []
        try:
            page, root = _open(context, (site / item.page).as_uri(), errors)
            data = json.loads(root.locator("script.sanclab-sd-data").text_content())
            slider = root.locator("input[type=range]").first
            for key in ("ArrowRight", "ArrowRight", "End"):
                _key_move(page, root, slider, key)
                wanted = [float(x.input_value()) for x in
                          root.locator("input[type=range]").all()]
                index = nearest_frame(data["settings"], data["controls"], wanted)
                img = root.locator("img.sanclab-figure-img")
                loaded = img.evaluate("i => i.complete && i.naturalWidth > 0")
                if root.get_attribute("data-state") != "ready" or not loaded:
                    problems.append(f"{item.page} (file://) after {key}: figure not shown "
                                    f"({root.locator('.sanclab-sd-status').inner_text()!r})")
                elif not img.get_attribute("src").endswith(data["png"][index]):
                    problems.append(f"{item.page} (file://) after {key}: wrong figure")
        finally:
            context.close()
        problems += [f"{item.page} (file://): request to another host: {u}"
                     for u in guard.blocked]
        problems += [f"{item.page} (file://): console: {e}" for e in errors]
    assert not problems, "\n".join(problems)


def test_dashboards_fit_a_phone(
    pages: list[DashboardPage], server: StaticSite, e2e_browser: Any
) -> None:
    """At 360 px wide every slider's track is wider than 150 px and inside the dashboard,
    its label is visible, and a keyboard move of each slider changes the setting shown or
    its status."""
    problems = []
    for item in pages:
        context = e2e_browser.new_context(viewport={"width": 360, "height": 740},
                                          device_scale_factor=2, is_mobile=True,
                                          has_touch=True)
        errors: list[str] = []
        try:
            page, root = _open(context, server.url(item.page), errors)
            outer = root.bounding_box()
            sliders = root.locator("input[type=range]")
            for i in range(sliders.count()):
                slider = sliders.nth(i)
                slider.scroll_into_view_if_needed()
                box = slider.bounding_box()
                label = root.locator(f'label[for="{slider.get_attribute("id")}"]')
                where = f"{item.page} at 360 px, slider {i}"
                if box["width"] <= 150:
                    problems.append(f"{where}: track only {box['width']:.0f} px wide")
                if box["x"] < outer["x"] or box["x"] + box["width"] > outer["x"] + outer["width"]:
                    problems.append(f"{where}: track outside the dashboard")
                if not label.is_visible():
                    problems.append(f"{where}: label not visible")
                value = slider.input_value()
                at_max = float(value) >= float(slider.get_attribute("max"))
                _key_move(page, root, slider, "ArrowLeft" if at_max else "ArrowRight")
                if slider.input_value() == value or root.get_attribute("data-state") != "ready":
                    problems.append(f"{where}: the keyboard did not move it")
            if not root.evaluate("r => r.scrollWidth <= r.clientWidth + 1"):
                problems.append(f"{item.page} at 360 px: the dashboard overflows sideways")
        finally:
            context.close()
        problems += [f"{item.page} at 360 px: console: {e}" for e in errors]
    assert not problems, "\n".join(problems)
