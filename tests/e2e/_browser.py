"""Launching the system chromium and guarding pages against requests to other hosts.

The tests drive ``/usr/bin/chromium`` (Debian's package) through Python Playwright; they never
run ``playwright install`` (which downloads a browser). Every page is guarded: a request to any
host other than the local server under test is aborted and recorded, and the tests assert that
none was attempted.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM_ENV = "SANCLAB_CHROMIUM"
DEFAULT_CHROMIUM = "/usr/bin/chromium"
INSTALL_HINT = "apt-get install -y --no-install-recommends chromium"

#: Headless flags: no sandbox (root in a container), no GPU, and none of chromium's own
#: background traffic (component updates, sync, QUIC probes).
CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
)


def chromium_path() -> Path:
    """Path of the chromium executable (``$SANCLAB_CHROMIUM`` or ``/usr/bin/chromium``)."""
    return Path(os.environ.get(CHROMIUM_ENV) or DEFAULT_CHROMIUM)


def in_ci() -> bool:
    """True when the environment variable ``CI`` is ``true`` (any case) or ``1``.

    >>> import os
    >>> old = os.environ.pop("CI", None)
    >>> in_ci()
    False
    >>> os.environ["CI"] = "true"; in_ci()
    True
    >>> _ = os.environ.pop("CI") if old is None else os.environ.update(CI=old)
    """
    return os.environ.get("CI", "").strip().lower() in {"true", "1"}


def missing_chromium_message(path: Path) -> str:
    """The message shown when chromium is not installed.

    >>> "apt-get install" in missing_chromium_message(Path("/nope/chromium"))
    True
    """
    return (
        f"chromium not found at {path}: the end-to-end tests need a real browser. "
        f"Install it with `{INSTALL_HINT}` (or point ${CHROMIUM_ENV} at one); "
        "never `playwright install`, which downloads a browser build."
    )


def launch_options(path: Path) -> dict[str, Any]:
    """Keyword arguments for ``playwright.chromium.launch``.

    >>> opts = launch_options(Path("/usr/bin/chromium"))
    >>> opts["headless"], "--disable-quic" in opts["args"]
    (True, True)
    """
    return {"executable_path": str(path), "headless": True, "args": list(CHROMIUM_ARGS)}


def origin_of(url: str) -> str:
    """``scheme://host:port`` of a URL (lower case).

    >>> origin_of("http://127.0.0.1:8000/a/b.html#x")
    'http://127.0.0.1:8000'
    """
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_allowed(url: str, origin: str) -> bool:
    """True for a request the page may make: same origin, or an inline ``data:``/``blob:`` URL.

    >>> is_allowed("http://127.0.0.1:8000/_static/x.js", "http://127.0.0.1:8000")
    True
    >>> is_allowed("data:image/png;base64,AAAA", "http://127.0.0.1:8000")
    True
    >>> is_allowed("https://cdn.example.org/x.js", "http://127.0.0.1:8000")
    False
    >>> is_allowed("http://127.0.0.1:9999/x.js", "http://127.0.0.1:8000")
    False
    """
    scheme = urlsplit(url).scheme.lower()
    if scheme in {"data", "blob", "about"}:
        return True
    return origin_of(url) == origin.lower()


@dataclass
class RequestGuard:
    """Abort and record every request from a browser context to another origin.

    Install with :meth:`install` on a Playwright ``BrowserContext``; ``blocked`` lists the URLs
    that were attempted (and aborted).
    """

    origin: str
    blocked: list[str] = field(default_factory=list)

    def install(self, context: Any) -> None:
        context.route("**/*", self._handle)
        # route() does not see WebSockets (the lab's kernel channels): record those per page.
        context.on("page", lambda page: page.on("websocket", self._on_websocket))

    def _handle(self, route: Any) -> None:
        url = route.request.url
        if is_allowed(url, self.origin):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort("blockedbyclient")

    def _on_websocket(self, ws: Any) -> None:
        url = ws.url.replace("ws://", "http://", 1).replace("wss://", "https://", 1)
        if not is_allowed(url, self.origin):
            self.blocked.append(ws.url)
