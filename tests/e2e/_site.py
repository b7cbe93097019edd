"""Serving the built book from 127.0.0.1 and resolving its links.

The tests audit the session's fresh strict build (``tests/_book_build.py``);
``$SANCLAB_E2E_SITE`` points them at another built site instead. :class:`StaticSite` serves a
folder from a local ``http.server`` in a background thread and records every path it could not
serve.
"""

from __future__ import annotations

import functools
import os
import posixpath
import threading
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

REPO = Path(__file__).resolve().parents[2]
SITE_ENV = "SANCLAB_E2E_SITE"
#: Folders of a Sphinx build that hold assets and sources, not pages.
NON_PAGE_DIRS = {"_static", "_sources", "_images", "_downloads", ".doctrees"}


def site_dir() -> Path:
    """The built site: ``$SANCLAB_E2E_SITE`` or ``book/_build/html``."""
    return Path(os.environ.get(SITE_ENV) or REPO / "book" / "_build" / "html")


def html_pages(site: Path) -> list[str]:
    """Every HTML page of a built site, as sorted POSIX paths relative to ``site``.

    Asset folders (``_static``, ``_sources``, ...) are skipped.
    """
    pages = []
    for path in site.rglob("*.html"):
        relative = path.relative_to(site)
        if not NON_PAGE_DIRS.intersection(relative.parts[:-1]):
            pages.append(relative.as_posix())
    return sorted(pages)


def local_target(url: str, origin: str, site: Path) -> tuple[Path, str] | None:
    """The file a same-origin URL points at, with its fragment; ``None`` for other origins.

    A path ending in ``/`` means its ``index.html``.

    >>> site = Path("/site")
    >>> local_target("http://127.0.0.1:8000/a/b.html#sec-1", "http://127.0.0.1:8000", site)
    (PosixPath('/site/a/b.html'), 'sec-1')
    >>> local_target("http://127.0.0.1:8000/a/", "http://127.0.0.1:8000", site)
    (PosixPath('/site/a/index.html'), '')
    >>> local_target("http://127.0.0.1:8000/x%20y.html?v=1", "http://127.0.0.1:8000", site)
    (PosixPath('/site/x y.html'), '')
    >>> local_target("https://doi.org/10.1/x", "http://127.0.0.1:8000", site) is None
    True
    """
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}".lower() != origin.lower():
        return None
    raw = unquote(parts.path)
    path = posixpath.normpath(raw).lstrip("/")
    if path == ".":
        path = ""
    if raw.endswith("/") or not path:
        path = posixpath.join(path, "index.html")
    return site / path, unquote(parts.fragment)


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves files; records what it could not find instead of logging to stderr."""

    missing: list[str]

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib signature
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        if code == 404:
            self.missing.append(self.path)
        super().send_error(code, message, explain)


@dataclass
class StaticSite:
    """A folder served over HTTP on 127.0.0.1 (a free port) from a daemon thread.

    Use as a context manager; ``origin`` is ``http://127.0.0.1:<port>`` and ``missing``
    lists the paths that were requested but do not exist.
    """

    root: Path
    missing: list[str] = field(default_factory=list)
    origin: str = ""

    def __enter__(self) -> StaticSite:
        handler = type("Handler", (_QuietHandler,), {"missing": self.missing})
        factory = functools.partial(handler, directory=str(self.root))
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), factory)
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def url(self, page: str) -> str:
        """Absolute URL of a page given relative to the site root."""
        return f"{self.origin}/{page}"


class _IdCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if value and (key == "id" or (tag == "a" and key == "name")):
                self.ids.add(value)


def static_ids(path: Path) -> set[str]:
    """The ``id`` (and ``<a name>``) values in an HTML file, without running its scripts.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     page = Path(tmp) / "p.html"
    ...     _ = page.write_text('<h1 id="top">T</h1><a name="old"></a>', encoding="utf-8")
    ...     sorted(static_ids(page))
    ['old', 'top']
    """
    collector = _IdCollector()
    collector.feed(path.read_text(encoding="utf-8", errors="replace"))
    return collector.ids


def broken_links(
    links: dict[str, list[str]], ids: dict[str, set[str]], site: Path, origin: str
) -> list[str]:
    """Local links that lead nowhere: a missing file, or a missing ``#anchor`` in a page.

    Parameters
    ----------
    links : dict
        Page (relative path) -> absolute URLs of its ``<a href>`` (as the browser resolved
        them). Links to other hosts, ``mailto:`` and ``javascript:`` are not checked here.
    ids : dict
        Page -> element ids seen in the browser; pages not listed are parsed statically.
    site, origin : Path, str
        The site folder and the origin it is served from.

    Examples
    --------
    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     site = Path(tmp)
    ...     _ = (site / "a.html").write_text('<p id="x">', encoding="utf-8")
    ...     o = "http://127.0.0.1:1"
    ...     broken_links({"b.html": [o + "/a.html#x", o + "/a.html#y", o + "/c.html",
    ...                              "https://example.org/"]}, {}, site, o)
    ['b.html -> a.html#y: no element with id "y"', 'b.html -> c.html: no such file']
    """
    problems = []
    known = {page: set(found) for page, found in ids.items()}
    for page in sorted(links):
        for url in sorted(set(links[page])):
            target = local_target(url, origin, site)
            if target is None:
                continue
            path, fragment = target
            relative = path.relative_to(site).as_posix() if path.is_relative_to(site) else path
            shown = f"{relative}#{fragment}" if fragment else f"{relative}"
            if not path.is_file():
                problems.append(f"{page} -> {shown}: no such file")
                continue
            if not fragment or path.suffix != ".html":
                continue
            if relative not in known:
                known[relative] = static_ids(path)
            if fragment not in known[relative]:
                problems.append(f'{page} -> {shown}: no element with id "{fragment}"')
    return problems
