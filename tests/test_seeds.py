"""The seed readings are the untouched source files (checked by hash, and against the shared
copy when it sits beside the clone)."""

from __future__ import annotations

import hashlib

import pytest


def _manifest(repo_root):
    lines = (repo_root / "tests" / "data" / "seeds.sha256").read_text(encoding="utf-8")
    return {name: digest for digest, name in (line.split() for line in lines.splitlines())}


def test_seeds_match_manifest(repo_root, seeds_dir):
    """Every seed's sha256 equals tests/data/seeds.sha256, and the manifest lists all five."""
    manifest = _manifest(repo_root)
    found = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in seeds_dir.glob("*.txt")}
    assert len(manifest) == 5
    assert found == manifest


def test_seeds_identical_to_shared_copy(repo_root, seeds_dir):
    """seeds/ is byte-identical to ../shared/seeds/ (when that folder exists beside the repo)."""
    shared = repo_root.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip(f"{shared} not present")
    ours = sorted(p.name for p in seeds_dir.glob("*.txt"))
    theirs = sorted(p.name for p in shared.glob("*.txt"))
    assert ours == theirs
    for name in ours:
        assert (seeds_dir / name).read_bytes() == (shared / name).read_bytes(), name
