"""sanclab: a computational course on economic sanctions.

The public API is re-exported here by name. Heavy modules (matplotlib, ipywidgets, the
spelling dictionary) are imported only when first used, so ``import sanclab`` stays fast.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_EXPORTS = {
    "Quote": "sanclab.readings",
    "QuoteNotFoundError": "sanclab.readings",
    "Reading": "sanclab.readings",
    "ReadingFormatError": "sanclab.readings",
    "get_seed": "sanclab.readings",
    "load_reading": "sanclab.readings",
    "load_readings": "sanclab.readings",
    "load_seeds": "sanclab.readings",
    "load_glossary": "sanclab.glossary",
    "annotate": "sanclab.annotate",
    "concept_matrix": "sanclab.annotate",
    "related_readings": "sanclab.annotate",
    "errata": "sanclab.errata",
    "render_html": "sanclab.render",
    "Feedback": "sanclab.exercises",
    "check": "sanclab.exercises",
    "reset_hints": "sanclab.exercises",
}

__all__ = sorted(_EXPORTS) + ["__version__"]


def __getattr__(name: str):
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'sanclab' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__():
    return __all__
