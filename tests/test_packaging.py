"""The package as a user installs it: a regular (non-editable) wheel holds every data file.

Every other test runs on the editable install, where ``src/sanclab/data/`` is read in place, so
a data file missing from ``package-data`` would only show up for users of a wheel.
"""

from __future__ import annotations

import fnmatch
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "src" / "sanclab" / "data"


def _package_data_globs() -> list[str]:
    tomllib = pytest.importorskip("tomllib")
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return config["tool"]["setuptools"]["package-data"]["sanclab"]


def _data_files() -> list[str]:
    return sorted(p.relative_to(DATA.parent).as_posix() for p in DATA.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def test_package_data_globs_cover_every_data_file():
    """Each file in src/sanclab/data/ matches a package-data pattern of pyproject.toml."""
    globs = _package_data_globs()
    missed = [f for f in _data_files() if not any(fnmatch.fnmatch(f, g) for g in globs)]
    assert missed == []


@pytest.mark.slow
def test_wheel_holds_every_data_file_and_loads_the_glossary(tmp_path):
    """Build the wheel from a copy of the sources, check every data file is inside, install it
    into a bare folder and load the glossary (which reads references.bib), the lesson registry
    and the allies table from there."""
    source = tmp_path / "source"
    source.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy2(ROOT / name, source / name)
    shutil.copytree(ROOT / "src", source / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    wheels = tmp_path / "wheels"
    pip = [sys.executable, "-m", "pip"]
    subprocess.run([*pip, "wheel", "-q", "--no-deps", "-w", str(wheels), str(source)],
                   check=True, capture_output=True, text=True)
    (wheel,) = wheels.glob("sanclab-*.whl")
    with zipfile.ZipFile(wheel) as archive:
        inside = set(archive.namelist())
    assert [f for f in _data_files() if f"sanclab/{f}" not in inside] == []

    target = tmp_path / "site"
    subprocess.run([*pip, "install", "-q", "--no-deps", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, text=True)
    probe = "\n".join([
        "import sys",
        f"sys.path.insert(0, {str(target)!r})",
        "import sanclab, sanclab.glossary as g, sanclab.lessons as l, sanclab.models as m",
        f"assert sanclab.__file__.startswith({str(target)!r}), sanclab.__file__",
        "print(len(g.load_glossary()), len(l.lessons()), len(m.load_allies()))",
    ])
    out = subprocess.run([sys.executable, "-I", "-c", probe], cwd=tmp_path, check=True,
                         capture_output=True, text=True).stdout
    glossary, lessons, allies = (int(x) for x in out.split())
    assert glossary > 100 and lessons == 5 and allies > 1
