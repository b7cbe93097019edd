"""Fixtures for the end-to-end tests: one headless chromium for the whole ``e2e`` package.

The browser is started here rather than with pytest-playwright's session-scoped ``browser``
fixture: Playwright's sync API keeps an asyncio event loop marked as running in the main thread
while it is alive, which makes ``asyncio.run`` (used by nbclient and others) fail in every test
that runs after it. A package-scoped fixture stops Playwright as soon as the e2e tests are done.

If chromium is missing the tests fail with a clear message when ``CI=true`` and are skipped
with the same message elsewhere (developer machines).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from ._browser import (
    RequestGuard,
    chromium_path,
    in_ci,
    launch_options,
    missing_chromium_message,
)


@pytest.fixture(scope="package")
def chromium() -> str:
    """Path of a usable chromium, or skip (developer machine) / fail (CI) with the reason."""
    path = chromium_path()
    if not (path.is_file() and path.stat().st_mode & 0o111):
        message = missing_chromium_message(path)
        if in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return str(path)


@pytest.fixture(scope="package")
def e2e_browser(chromium: str) -> Iterator[Any]:
    """A headless chromium driven by Playwright, shared by all e2e tests, closed after them."""
    from pathlib import Path

    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    try:
        browser = manager.chromium.launch(**launch_options(Path(chromium)))
        try:
            yield browser
        finally:
            browser.close()
    finally:
        manager.stop()


@pytest.fixture
def guarded_context(e2e_browser: Any) -> Iterator[Callable[..., tuple[Any, RequestGuard]]]:
    """Factory: a new browser context whose requests to other origins are aborted and recorded.

    ``context, guard = guarded_context(origin, **context_kwargs)``; contexts are closed after
    the test.
    """
    contexts: list[Any] = []

    def make(origin: str, **kwargs: Any) -> tuple[Any, RequestGuard]:
        kwargs.setdefault("viewport", {"width": 1280, "height": 900})
        context = e2e_browser.new_context(**kwargs)
        guard = RequestGuard(origin)
        guard.install(context)
        contexts.append(context)
        return context, guard

    yield make
    for context in contexts:
        context.close()
