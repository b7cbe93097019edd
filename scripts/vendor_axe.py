"""Vendor axe-core (the accessibility engine used by the browser tests) from npm.

The end-to-end tests inject ``tests/e2e/vendor/axe.min.js`` into every page of the built
book; they never load it from a CDN.  This script refreshes that copy with the ordinary npm
client (``npm pack``, which checks the registry's integrity hash), copies the licence files
next to it and writes ``MANIFEST.json`` with the version, the licence and a SHA-256 per file.

Usage::

    python scripts/vendor_axe.py                 # refresh to the pinned version
    python scripts/vendor_axe.py --version 4.15.0
    python scripts/vendor_axe.py --check         # verify the vendored files, no network
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import tarfile
import tempfile
from pathlib import Path

# Same folder: run as a script, scripts/ is on sys.path.
from vendor_offline_assets import npm_pack

PACKAGE = "axe-core"
PINNED_VERSION = "4.14.1"
FILES = ("axe.min.js", "LICENSE", "LICENSE-3RD-PARTY.txt")
VENDOR_DIR = Path(__file__).resolve().parent.parent / "tests" / "e2e" / "vendor"
MANIFEST = "MANIFEST.json"


def sha256_of(path: Path) -> str:
    """Return the hex SHA-256 digest of the file at ``path``."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def extract(tarball: Path, dest: Path) -> dict:
    """Copy ``FILES`` and ``package.json`` out of the npm tarball into ``dest``.

    Returns the parsed ``package.json``.
    """
    with tarfile.open(tarball, "r:gz") as tar:
        pkg = json.load(tar.extractfile("package/package.json"))
        for name in FILES:
            member = tar.extractfile(f"package/{name}")
            if member is None:
                raise SystemExit(f"{name} missing from {tarball.name}")
            (dest / name).write_bytes(member.read())
    return pkg


def write_manifest(dest: Path, pkg: dict, info: dict) -> dict:
    """Write ``MANIFEST.json`` describing the vendored files and return it."""
    manifest = {
        "package": pkg["name"],
        "version": pkg["version"],
        "license": pkg.get("license"),
        "homepage": pkg.get("homepage"),
        "obtained_with": f"npm pack {pkg['name']}@{pkg['version']}",
        "npm_integrity": info.get("integrity"),
        "files": {name: sha256_of(dest / name) for name in FILES},
        "refresh": "python scripts/vendor_axe.py --version X.Y.Z",
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def check(dest: Path = VENDOR_DIR) -> list[str]:
    """Return a list of problems with the vendored files (empty when all is well)."""
    path = dest / MANIFEST
    if not path.exists():
        return [f"{path} is missing"]
    manifest = json.loads(path.read_text(encoding="utf-8"))
    problems = []
    for name, digest in manifest["files"].items():
        file = dest / name
        if not file.exists():
            problems.append(f"{file} is missing")
        elif sha256_of(file) != digest:
            problems.append(f"{file} does not match the SHA-256 in {MANIFEST}")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", default=PINNED_VERSION, help="axe-core version to vendor")
    parser.add_argument("--check", action="store_true", help="only verify the vendored files")
    args = parser.parse_args(argv)
    if args.check:
        problems = check()
        for problem in problems:
            print(problem, file=sys.stderr)
        print("ok" if not problems else f"{len(problems)} problem(s)")
        return 1 if problems else 0
    VENDOR_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        tarball, info = npm_pack(f"{PACKAGE}@{args.version}", Path(tmp))
        pkg = extract(tarball, VENDOR_DIR)
    manifest = write_manifest(VENDOR_DIR, pkg, info)
    print(f"vendored {manifest['package']} {manifest['version']} ({manifest['license']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
