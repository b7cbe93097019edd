"""Shared fixtures. Keep each fixture small; other test modules may append their own."""

from __future__ import annotations

import os
import pathlib

import pytest
from hypothesis import settings

# In CI (CI=true) property tests draw the same examples on every run: a red CI must mean a
# change broke something, not that this run happened to find an old edge case. Locally they
# explore new examples each run (and keep failures in .hypothesis/).
settings.register_profile("ci", derandomize=True, database=None, print_blob=True)
if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    settings.load_profile("ci")

REPO_ROOT = pathlib.Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def repo_root() -> pathlib.Path:
    """The repository's top folder."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def seeds_dir() -> pathlib.Path:
    """The repository's ``seeds/`` folder (the five source readings)."""
    return REPO_ROOT / "seeds"


@pytest.fixture(scope="session")
def reading_data_dir() -> pathlib.Path:
    """Small odd and malformed reading files made for the tests."""
    return REPO_ROOT / "tests" / "data" / "readings"


@pytest.fixture(scope="session")
def seeds(seeds_dir):
    """The five seed readings, parsed once per session, in lesson order."""
    from sanclab.readings import load_seeds

    return load_seeds(seeds_dir)


def pytest_collection_modifyitems(config, items):
    """Mark every nbval item (a cell of a lesson notebook) ``notebook``, so the fast
    developer target (``make test-fast``) can leave the lessons' re-execution out."""
    for item in items:
        if str(item.fspath).endswith(".ipynb"):
            item.add_marker(pytest.mark.notebook)
