"""Argument checks shared by the release and grading functions."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def existing_notebooks(name: str, value: str | os.PathLike[str] | Iterable) -> list[Path]:
    """``value`` (one path or several) as existing ``.ipynb`` paths.

    Raises
    ------
    ValueError
        Naming the parameter ``name`` and the first path that is not an existing notebook.

    Examples
    --------
    >>> existing_notebooks("paths", [])
    []
    >>> existing_notebooks("paths", "missing.ipynb")
    Traceback (most recent call last):
    ...
    ValueError: paths must be existing .ipynb files, got 'missing.ipynb'
    """
    if isinstance(value, (str, os.PathLike)):
        value = [value]
    paths = [Path(p) for p in value]
    for path in paths:
        if path.suffix != ".ipynb" or not path.is_file():
            raise ValueError(f"{name} must be existing .ipynb files, got {str(path)!r}")
    return paths
