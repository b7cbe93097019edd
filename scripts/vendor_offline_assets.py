"""Vendor the JavaScript the book needs in a browser, so the site opens with no network.

The published book loads MathJax 3 (equations), RequireJS and the ipywidgets HTML manager
(stored dashboards) from ``_static/`` instead of a CDN.  This script refreshes the copies in
``book/_offline/`` with the ordinary npm client (``npm pack``, which checks each tarball
against the registry's integrity hash), copies only the files a browser actually requests,
the licence texts, and writes ``book/_offline/MANIFEST.json`` (package, version, file in the
package, SHA-256, licence per file).

What is copied, and why:

- ``mathjax`` (``es5/``): ``tex-mml-chtml.js`` (the combined component Sphinx loads, which
  already contains the TeX and MathML input, the CHTML output, the menu and the speech rule
  engine) and what it lazy-loads: TeX extensions (autoload, ``\\require``), MathML
  extensions, the CHTML web fonts, the accessibility components and the speech-rule maps.
- ``@jupyter-widgets/html-manager`` (``dist/``): ``embed-amd.js`` and the ``.woff2`` icon
  fonts.  The bundle's CSS also names ``.eot``/``.ttf``/``.svg``/``.woff`` variants; browsers
  that read woff2 (all current ones) never request them, so they are left out.
- ``requirejs``: ``require.js`` (the AMD loader ``embed-amd.js`` needs).

``book/_offline/sanclab/`` holds this project's own glue (not vendored, never touched here).

Usage::

    python scripts/vendor_offline_assets.py          # refresh to the pinned versions
    python scripts/vendor_offline_assets.py --check  # verify files against the manifest, offline
    python scripts/vendor_offline_assets.py --own    # re-hash our own glue after editing it
"""

from __future__ import annotations

import argparse
import fnmatch
import hashlib
import json
import shutil
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFFLINE = ROOT / "book" / "_offline"
MANIFEST = "MANIFEST.json"
LICENSES = "LICENSES"
OWN_DIR = "sanclab"  # our own files: listed in the manifest, never replaced by this script


@dataclass(frozen=True)
class Vendored:
    """One npm package: which files to take (globs inside the package) and where to put them."""

    package: str
    version: str
    dest: str  # folder under book/_offline
    strip: str  # prefix removed from the path inside the package
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    licence_from: str = "package"  # "package": LICENSE in the tarball; else see licence_text()


PACKAGES = (
    Vendored(
        package="mathjax",
        version="3.2.2",
        dest="mathjax",
        strip="es5/",
        include=(
            "es5/tex-mml-chtml.js",
            "es5/input/tex/extensions/*.js",
            "es5/input/mml/entities.js",
            "es5/input/mml/extensions/*",
            "es5/output/chtml/fonts/woff-v2/*.woff",
            "es5/a11y/*.js",
            "es5/sre/mathmaps/*.json",
        ),
    ),
    Vendored(
        package="@jupyter-widgets/html-manager",
        version="1.0.15",
        dest="widgets",
        strip="dist/",
        include=("dist/embed-amd.js", "dist/*.woff2"),
        licence_from="ipywidgets",
    ),
    Vendored(
        package="requirejs",
        version="2.3.8",
        dest="widgets",
        strip="",
        include=("require.js",),
        licence_from="committed",
    ),
)

LICENCE_NOTES = {
    "@jupyter-widgets/html-manager": (
        "The npm tarball ships no LICENSE file. @jupyter-widgets/html-manager is part of the "
        "ipywidgets repository (jupyter-widgets/ipywidgets), whose BSD-3-Clause LICENSE covers "
        "every package in it; the text below is that LICENSE, as shipped with the ipywidgets "
        "Python distribution installed in this environment."
    ),
}


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 digest of the file at ``path``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def npm_pack(spec: str, workdir: Path) -> tuple[Path, dict]:
    """Download ``spec`` (``name@version``) as a tarball with ``npm pack``."""
    if not shutil.which("npm"):
        raise SystemExit("npm is not on PATH: install Node.js/npm to refresh the vendored assets")
    out = subprocess.run(
        ["npm", "pack", spec, "--json", "--pack-destination", str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    info = json.loads(out)[0]
    return workdir / info["filename"], info


def _selected(name: str, item: Vendored) -> bool:
    return any(fnmatch.fnmatchcase(name, pat) for pat in item.include) and not any(
        fnmatch.fnmatchcase(name, pat) for pat in item.exclude
    )


def licence_text(item: Vendored, tar: tarfile.TarFile) -> str:
    """Return the licence text for ``item`` (tarball, ipywidgets or the committed file)."""
    if item.licence_from == "package":
        for name in ("package/LICENSE", "package/LICENSE.txt", "package/LICENSE.md"):
            try:
                member = tar.extractfile(name)
            except KeyError:
                continue
            if member is not None:
                return member.read().decode("utf-8")
        raise SystemExit(f"no LICENSE file in the {item.package} tarball")
    if item.licence_from == "ipywidgets":
        dist = metadata.distribution("ipywidgets")
        for file in dist.files or ():
            if file.name == "LICENSE":
                return LICENCE_NOTES[item.package] + "\n\n" + file.read_text(encoding="utf-8")
        raise SystemExit("ipywidgets is not installed with its LICENSE file")
    # "committed": the npm tarball has no licence file and we cannot fetch one offline; the
    # text kept in book/_offline/LICENSES/ (copied from the upstream repository) is reused.
    path = OFFLINE / LICENSES / licence_filename(item)
    if not path.is_file():
        raise SystemExit(f"{path} is missing: restore it from git before refreshing")
    return path.read_text(encoding="utf-8")


def licence_filename(item: Vendored) -> str:
    """File name of ``item``'s licence text under ``LICENSES/``."""
    return item.package.replace("@", "").replace("/", "-") + "-LICENSE.txt"


def refresh() -> dict:
    """Replace the vendored files with fresh copies from npm and rewrite the manifest."""
    files: list[dict] = []
    packages: list[dict] = []
    licences: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        staging = Path(tmp) / "staging"
        staging.mkdir()
        for item in PACKAGES:
            tarball, info = npm_pack(f"{item.package}@{item.version}", Path(tmp))
            with tarfile.open(tarball, "r:gz") as tar:
                pkg = json.load(tar.extractfile("package/package.json"))
                if pkg["version"] != item.version:
                    raise SystemExit(f"npm gave {pkg['name']} {pkg['version']}, not {item.version}")
                licences[licence_filename(item)] = licence_text(item, tar)
                taken = 0
                for member in sorted(tar.getmembers(), key=lambda m: m.name):
                    inner = member.name.removeprefix("package/")
                    if not member.isfile() or not _selected(inner, item):
                        continue
                    rel = Path(item.dest) / inner.removeprefix(item.strip)
                    target = staging / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(tar.extractfile(member).read())
                    files.append(
                        {
                            "path": rel.as_posix(),
                            "package": item.package,
                            "version": item.version,
                            "source": inner,
                            "sha256": sha256_of(target),
                            "licence": pkg.get("license"),
                            "licence_file": f"{LICENSES}/{licence_filename(item)}",
                        }
                    )
                    taken += 1
                if taken == 0:
                    raise SystemExit(f"no file of {item.package} matched {item.include}")
            packages.append(
                {
                    "package": item.package,
                    "version": item.version,
                    "licence": pkg.get("license"),
                    "npm_integrity": info.get("integrity"),
                    "obtained_with": f"npm pack {item.package}@{item.version}",
                    "files": taken,
                }
            )
        # swap in the new copies (our own folder and nothing else is kept)
        for item in {p.dest for p in PACKAGES}:
            shutil.rmtree(OFFLINE / item, ignore_errors=True)
        for src in sorted(staging.rglob("*")):
            if src.is_file():
                dst = OFFLINE / src.relative_to(staging)
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(src, dst)
    (OFFLINE / LICENSES).mkdir(parents=True, exist_ok=True)
    for name, text in licences.items():
        (OFFLINE / LICENSES / name).write_text(text, encoding="utf-8")
    files += own_entries()
    manifest = {
        "about": (
            "Files a browser loads from the book's _static/ folder instead of a CDN. "
            "Refresh with: python scripts/vendor_offline_assets.py"
        ),
        "packages": packages,
        "files": sorted(files, key=lambda f: f["path"]),
        "licences": sorted(f"{LICENSES}/{name}" for name in licences),
    }
    (OFFLINE / MANIFEST).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def own_entries() -> list[dict]:
    """Manifest entries for this project's own files in ``book/_offline/sanclab/``."""
    return [
        {
            "path": path.relative_to(OFFLINE).as_posix(),
            "package": "sanclab (this project)",
            "version": None,
            "source": None,
            "sha256": sha256_of(path),
            "licence": "MIT",
            "licence_file": "../../LICENSE",
        }
        for path in sorted((OFFLINE / OWN_DIR).rglob("*"))
        if path.is_file()
    ]


def update_own() -> dict:
    """Rewrite only the manifest entries of our own files (after editing them; no network)."""
    path = OFFLINE / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    prefix = OWN_DIR + "/"
    kept = [f for f in manifest["files"] if not f["path"].startswith(prefix)]
    manifest["files"] = sorted(kept + own_entries(), key=lambda f: f["path"])
    path.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return manifest


def check(offline: Path = OFFLINE) -> list[str]:
    """Return a list of problems: files whose SHA-256 differs from the manifest, files missing
    from disk, or files on disk the manifest does not list (empty list = all good)."""
    manifest = json.loads((offline / MANIFEST).read_text(encoding="utf-8"))
    problems = []
    listed = {f["path"] for f in manifest["files"]} | set(manifest["licences"]) | {MANIFEST}
    for entry in manifest["files"]:
        path = offline / entry["path"]
        if not path.is_file():
            problems.append(f"missing: {entry['path']}")
        elif sha256_of(path) != entry["sha256"]:
            problems.append(f"sha256 differs: {entry['path']}")
    for path in sorted(offline.rglob("*")):
        if path.is_file() and path.relative_to(offline).as_posix() not in listed:
            problems.append(f"not in manifest: {path.relative_to(offline).as_posix()}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="verify, do not download")
    parser.add_argument(
        "--own", action="store_true",
        help="only re-hash our own files in book/_offline/sanclab/ (no download)",
    )
    args = parser.parse_args(argv)
    if args.own:
        update_own()
        return main(["--check"])
    if args.check:
        problems = check()
        for p in problems:
            print(p)
        print("ok" if not problems else f"{len(problems)} problem(s)")
        return 1 if problems else 0
    manifest = refresh()
    for pkg in manifest["packages"]:
        print(f"{pkg['package']}@{pkg['version']}: {pkg['files']} file(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
