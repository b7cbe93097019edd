"""The built book loads nothing from another host, and the vendored files are the ones listed.

A static scan of every built HTML, CSS and JS file for resources that a browser would fetch
from another host: ``<script src>``, ``<link href>`` (stylesheets, preloads, icons, ...),
``<img src/srcset>``, media and frames, ``style`` attributes and ``<style>`` blocks
(``url()``, ``@import``), and every URL string inside JavaScript (inline scripts included;
this is where ``fetch``/XHR/font URLs live). Ordinary outbound ``<a href>`` links are fine.
URL strings inside vendored JavaScript that are never requested (CDN fallbacks we replaced,
XML namespaces, links in comments and messages) are listed, each with its reason, in
``book/offline_allowlist.yaml``; a real load (tag attribute, CSS) can never be allow-listed.
The browser tests (tests/e2e) complement this by recording every request a page makes.
"""

from __future__ import annotations

import fnmatch
import hashlib
import importlib.util
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
OFFLINE = ROOT / "book" / "_offline"
ALLOWLIST = ROOT / "book" / "offline_allowlist.yaml"

# --------------------------------------------------------------------------- the scanner

_EXTERNAL = re.compile(r"^\s*(?:(?:https?|ftp|wss?):)?//", re.IGNORECASE)
_JS_URL = re.compile(r"(?:https?|wss?|ftp)://[^\s\"'`()<>\\{}|^]*", re.IGNORECASE)
# protocol-relative URLs inside JS string literals: "//host.tld/..."
_JS_PROTO_REL = re.compile(r"""(?<=["'`])//[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[/:][^\s"'`]*)?""", re.I)
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)

# <link rel=...> values that only describe a relation and never make the browser fetch
_LINK_NAVIGATION = {
    "alternate", "author", "bookmark", "canonical", "copyright", "external", "help",
    "index", "license", "me", "next", "nofollow", "noopener", "noreferrer", "prev",
    "search", "tag", "top", "up",
}
# (tag, attribute) pairs that load a resource
_LOADING_ATTRS = {
    ("script", "src"), ("img", "src"), ("img", "srcset"), ("source", "src"),
    ("source", "srcset"), ("iframe", "src"), ("frame", "src"), ("embed", "src"),
    ("object", "data"), ("video", "src"), ("video", "poster"), ("audio", "src"),
    ("track", "src"), ("input", "src"), ("image", "href"), ("image", "xlink:href"),
    ("use", "href"), ("use", "xlink:href"), ("feimage", "href"),
}


@dataclass(frozen=True)
class Finding:
    """A reference to another host in a built file."""

    file: str  # path relative to the site root, POSIX style
    kind: str  # "js-string" (allow-listable) or a real load, e.g. "<script src>", "css url()"
    url: str


def is_external(url: str) -> bool:
    """True for ``http(s)://``, ``ftp://``, ``ws(s)://`` and protocol-relative ``//host`` URLs."""
    return bool(_EXTERNAL.match(url))


def scan_css(text: str, file: str, kind_prefix: str = "css") -> list[Finding]:
    """External ``url()`` and ``@import`` references in CSS (comments are ignored)."""
    text = _CSS_COMMENT.sub("", text)
    found = []
    for match in _CSS_URL.finditer(text):
        url = next(g for g in match.groups() if g is not None)
        if is_external(url):
            found.append(Finding(file, f"{kind_prefix} url()", url))
    for match in _CSS_IMPORT.finditer(text):
        url = next(g for g in match.groups() if g is not None)
        if is_external(url):
            found.append(Finding(file, f"{kind_prefix} @import", url))
    return found


def scan_js(text: str, file: str) -> list[Finding]:
    """Every absolute or protocol-relative URL string in JavaScript (or JSON) text."""
    urls = _JS_URL.findall(text) + _JS_PROTO_REL.findall(text)
    return [Finding(file, "js-string", u) for u in urls]


def _srcset_urls(value: str) -> list[str]:
    return [part.strip().split()[0] for part in value.split(",") if part.strip()]


def scan_html(text: str, file: str) -> list[Finding]:
    """External loads in an HTML page: tag attributes, inline CSS and inline scripts."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")
    found: list[Finding] = []
    for tag in soup.find_all(True):
        name = tag.name.lower()
        for attr, value in tag.attrs.items():
            attr = attr.lower()
            if isinstance(value, list):
                value = " ".join(value)
            if (name, attr) in _LOADING_ATTRS:
                urls = _srcset_urls(value) if attr == "srcset" else [value]
                found += [Finding(file, f"<{name} {attr}>", u) for u in urls if is_external(u)]
            elif name == "link" and attr == "href" and is_external(value):
                rels = {r.lower() for r in (tag.get("rel") or [])}
                if not rels or not rels <= _LINK_NAVIGATION:
                    found.append(Finding(file, f"<link rel={' '.join(sorted(rels))}>", value))
            elif attr == "style":
                found += scan_css(value, file, "style attribute")
            elif attr == "data-jupyter-widgets-cdn" and is_external(value):
                found.append(Finding(file, "widget CDN attribute", value))
            elif name == "meta" and attr == "content" and (
                str(tag.get("http-equiv", "")).lower() == "refresh"
            ):
                url = value.split("url=", 1)[-1] if "url=" in value.lower() else ""
                if is_external(url):
                    found.append(Finding(file, "<meta refresh>", url))
        if name == "style":
            found += scan_css(tag.get_text(), file, "<style>")
        elif name == "script" and not tag.get("src"):
            # every inline script, whatever its type: JavaScript, JSON (widget state) and
            # configuration blocks that a library reads and acts on (text/x-mathjax-config,
            # text/x-thebe-config, ...) alike
            found += scan_js(tag.get_text(), file)
    return found


def scan_site(root: Path) -> list[Finding]:
    """Scan every ``*.html``, ``*.css`` and ``*.js`` file under ``root``."""
    found: list[Finding] = []
    for path in sorted(root.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(root).as_posix()
        suffix = path.suffix.lower()
        if suffix not in (".html", ".htm", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        if suffix in (".html", ".htm"):
            found += scan_html(text, rel)
        elif suffix == ".css":
            found += scan_css(text, rel)
        else:
            found += scan_js(text, rel)
    return found


@dataclass(frozen=True)
class Allowed:
    """An allow-list entry: this exact URL string may appear in these files."""

    url: str
    files: tuple[str, ...]
    reason: str

    def covers(self, finding: Finding) -> bool:
        return (
            finding.kind == "js-string"
            and finding.url == self.url
            and any(fnmatch.fnmatchcase(finding.file, pat) for pat in self.files)
        )


def load_allowlist(path: Path = ALLOWLIST) -> list[Allowed]:
    """Read the allow-list; every entry needs ``url``, ``files`` and a non-empty ``reason``."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    entries = []
    for i, item in enumerate(data["allow"]):
        missing = {"url", "files", "reason"} - set(item)
        if missing:
            raise ValueError(f"allow-list entry {i} lacks {sorted(missing)}")
        if not str(item["reason"]).strip():
            raise ValueError(f"allow-list entry {i} ({item['url']}) has an empty reason")
        entries.append(Allowed(item["url"], tuple(item["files"]), str(item["reason"])))
    return entries


def not_allowed(findings: list[Finding], allowlist: list[Allowed]) -> list[Finding]:
    """The findings no allow-list entry covers."""
    return [f for f in findings if not any(a.covers(f) for a in allowlist)]


# --------------------------------------------------------------------------- scanner tests


def test_scan_html_finds_every_kind_of_external_load():
    """Each of script/img/srcset/iframe/link stylesheet+preload+icon, style attribute,
    <style> @import and url(), and an inline fetch() URL is reported: 10 loads, 1 string."""
    page = """<html><head>
      <script src="https://cdn.example.org/x.js"></script>
      <link rel="stylesheet" href="//fonts.example.com/a.css">
      <link rel="preload" as="font" href="https://fonts.example.com/f.woff2">
      <link rel="icon" href="http://example.org/favicon.ico">
      <style>@import "https://example.org/i.css";
             p { background: url('https://e.org/b.png') }</style>
      </head><body>
      <img src="https://example.org/a.png" srcset="local.png 1x, https://example.org/b.png 2x">
      <iframe src="https://example.org/embed"></iframe>
      <div style="background-image: url(https://example.org/c.png)"></div>
      <script>fetch("https://api.example.org/data.json")</script>
      </body></html>"""
    found = scan_html(page, "p.html")
    loads = [f for f in found if f.kind != "js-string"]
    strings = [f for f in found if f.kind == "js-string"]
    assert len(loads) == 10, loads
    assert [f.url for f in strings] == ["https://api.example.org/data.json"]
    assert {f.kind for f in loads} >= {
        "<script src>", "<img src>", "<img srcset>", "<iframe src>", "<style> @import",
        "<style> url()", "style attribute url()",
    }


def test_scan_html_reads_inline_scripts_of_any_type():
    """URLs in inline configuration scripts (read and acted on by a library) are reported."""
    page = """<script type="text/x-mathjax-config">MathJax.Ajax.config.path.x =
      "https://cdn.example.org/mj";</script>
      <script type="text/x-thebe-config">{"binderOptions": {"binderUrl":
      "https://mybinder.org"}}</script>"""
    assert sorted(f.url for f in scan_html(page, "p.html")) == [
        "https://cdn.example.org/mj",
        "https://mybinder.org",
    ]


def test_scan_html_ignores_links_local_and_data_urls():
    """Outbound <a href>, rel=canonical/next links, relative and data: URLs are not loads."""
    page = """<html><head>
      <link rel="canonical" href="https://example.org/page.html">
      <link rel="stylesheet" href="_static/a.css">
      <script src="../_static/x.js"></script></head><body>
      <a href="https://doi.org/10.1086/226707">paper</a>
      <img src="data:image/png;base64,AAAA">
      <div style="background: url('data:image/svg+xml;utf8,<svg xmlns=%22x%22/>')"></div>
      </body></html>"""
    assert scan_html(page, "p.html") == []


def test_scan_css_skips_comments_and_finds_imports():
    """A commented @import is inert; a live one and a url() font are both found (2)."""
    css = """/* @import url('https://fonts.googleapis.com/css?family=Roboto'); */
      @import url("https://example.org/x.css");
      @font-face { src: url(https://example.org/f.woff2) format("woff2"), url(local.woff); }"""
    urls = sorted(f.url for f in scan_css(css, "a.css"))
    assert urls == ["https://example.org/f.woff2", "https://example.org/x.css"]


def test_scan_js_finds_absolute_and_protocol_relative_strings():
    """Both "https://host/x" and "//host.tld/y" string literals are reported."""
    js = 'var a = "https://cdn.example.org/lib.js"; var b = \'//cdn.example.net/f.woff\';'
    assert sorted(f.url for f in scan_js(js, "a.js")) == [
        "//cdn.example.net/f.woff",
        "https://cdn.example.org/lib.js",
    ]


def test_allowlist_covers_only_listed_strings_in_listed_files():
    """An entry covers its exact URL in matching files, and never a real load."""
    entry = Allowed("https://cdn.example.org/", ("_static/widgets/*.js",), "unused fallback")
    ok = Finding("_static/widgets/embed-amd.js", "js-string", "https://cdn.example.org/")
    other_file = Finding("_static/other.js", "js-string", "https://cdn.example.org/")
    real_load = Finding("_static/widgets/embed-amd.js", "<script src>", "https://cdn.example.org/")
    assert not_allowed([ok, other_file, real_load], [entry]) == [other_file, real_load]


def test_allowlist_entries_have_reasons():
    """Every allow-list entry names a URL, file patterns and a non-empty reason."""
    entries = load_allowlist()
    assert entries, "the allow-list is empty"
    assert all(e.url and e.files and e.reason.strip() for e in entries)


# --------------------------------------------------------------------------- vendored files


def _manifest() -> dict:
    return json.loads((OFFLINE / "MANIFEST.json").read_text(encoding="utf-8"))


def test_manifest_sha256_match_the_vendored_files():
    """Every file listed in book/_offline/MANIFEST.json exists and has the listed SHA-256."""
    manifest = _manifest()
    assert manifest["files"], "manifest lists no files"
    for entry in manifest["files"]:
        data = (OFFLINE / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]


def test_manifest_lists_every_vendored_file_with_a_licence():
    """No unlisted file hides in book/_offline; each entry's licence text exists."""
    manifest = _manifest()
    listed = {e["path"] for e in manifest["files"]} | set(manifest["licences"]) | {"MANIFEST.json"}
    on_disk = {p.relative_to(OFFLINE).as_posix() for p in OFFLINE.rglob("*") if p.is_file()}
    assert on_disk == listed
    for entry in manifest["files"]:
        assert entry["licence"], entry["path"]
        licence = (OFFLINE / entry["licence_file"]).resolve()
        assert licence.is_file() and licence.stat().st_size > 500, entry["licence_file"]
    versions = {p["package"]: p["version"] for p in manifest["packages"]}
    assert versions == {
        "mathjax": "3.2.2",
        "@jupyter-widgets/html-manager": "1.0.15",
        "requirejs": "2.3.8",
    }


def test_refresh_script_check_agrees():
    """scripts/vendor_offline_assets.py --check (offline) reports no problem."""
    spec = importlib.util.spec_from_file_location(
        "vendor_offline_assets", ROOT / "scripts" / "vendor_offline_assets.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    assert module.check() == []


def test_book_config_points_at_the_vendored_files():
    """mathjax_path and every nb_ipywidgets_js entry name files that exist in book/_offline."""
    config = yaml.safe_load((ROOT / "book" / "_config.yml").read_text(encoding="utf-8"))
    sphinx = config["sphinx"]["config"]
    assert sphinx["html_static_path"] == ["_offline"]
    assert (OFFLINE / sphinx["mathjax_path"]).is_file()
    for path, attrs in sphinx["nb_ipywidgets_js"].items():
        assert not is_external(path) and (OFFLINE / path).is_file(), path
        assert not any(is_external(str(v)) for v in (attrs or {}).values()), path
    assert "sphinx_thebe" not in sphinx["extensions"]
    assert "sphinx.ext.intersphinx" not in sphinx["extensions"]


# --------------------------------------------------------------------------- the built site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory):
    from _book_build import build_book

    return build_book(tmp_path_factory)


@pytest.mark.book
@pytest.mark.slow
def test_built_site_loads_nothing_from_another_host(built_site):
    """No built HTML/CSS/JS file loads a resource from another host (allow-list applied)."""
    findings = scan_site(built_site.html)
    bad = not_allowed(findings, load_allowlist())
    report = "\n".join(f"{f.file}: {f.kind} {f.url}" for f in bad[:50])
    assert not bad, f"{len(bad)} reference(s) to other hosts:\n{report}"


@pytest.mark.book
@pytest.mark.slow
def test_every_allowlist_entry_is_still_needed(built_site):
    """Each allow-list entry matches at least one URL string in the built site (no stale
    entries that could hide a future problem)."""
    findings = [f for f in scan_site(built_site.html) if f.kind == "js-string"]
    unused = [a.url for a in load_allowlist() if not any(a.covers(f) for f in findings)]
    assert unused == []


@pytest.mark.book
@pytest.mark.slow
def test_built_site_ships_the_vendored_files_unchanged(built_site):
    """_static/ in the built site holds each vendored file byte for byte."""
    for entry in _manifest()["files"]:
        data = (built_site.html / "_static" / entry["path"]).read_bytes()
        assert hashlib.sha256(data).hexdigest() == entry["sha256"], entry["path"]
