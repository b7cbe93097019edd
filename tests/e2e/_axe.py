"""axe-core accessibility checks, run from the vendored copy in ``tests/e2e/vendor/``.

The file is injected into the page with ``page.add_script_tag(path=...)``; nothing is loaded
from a CDN. Its SHA-256 is checked against ``vendor/MANIFEST.json`` (refresh both with
``python scripts/vendor_axe.py``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).resolve().parent / "vendor"
AXE_JS = VENDOR / "axe.min.js"

#: Impact levels that fail a page.
BLOCKING_IMPACTS = ("serious", "critical")

#: Rules switched off, each with the reason. Keep this empty unless a rule cannot apply.
DISABLED_RULES: dict[str, str] = {}


def verified_axe() -> Path:
    """Path of the vendored ``axe.min.js`` after checking it against the manifest.

    Raises ``RuntimeError`` if the file is missing or differs from ``MANIFEST.json``.

    >>> verified_axe().name
    'axe.min.js'
    """
    manifest = json.loads((VENDOR / "MANIFEST.json").read_text(encoding="utf-8"))
    expected = manifest["files"][AXE_JS.name]
    if not AXE_JS.is_file():
        raise RuntimeError(f"{AXE_JS} is missing: run `python scripts/vendor_axe.py`")
    actual = hashlib.sha256(AXE_JS.read_bytes()).hexdigest()
    if actual != expected:
        raise RuntimeError(f"{AXE_JS} does not match vendor/MANIFEST.json ({actual})")
    return AXE_JS


_RUN_JS = """
async (disabled) => {
  const rules = {};
  for (const id of disabled) rules[id] = {enabled: false};
  const result = await axe.run(document, {resultTypes: ['violations'], rules});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 200),
                              summary: n.failureSummary || ''})),
  }));
}
"""


def run_axe(page: Any) -> list[dict]:
    """Run axe-core on the page's current DOM; return its violations (all impacts)."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(verified_axe()))
    return page.evaluate(_RUN_JS, sorted(DISABLED_RULES))


def blocking(violations: list[dict]) -> list[dict]:
    """The violations whose impact is serious or critical.

    >>> blocking([{"id": "a", "impact": "minor"}, {"id": "b", "impact": "critical"}])
    [{'id': 'b', 'impact': 'critical'}]
    """
    return [v for v in violations if v.get("impact") in BLOCKING_IMPACTS]


def describe(page: str, violation: dict, max_nodes: int = 3) -> str:
    """A readable report line (with a few offending nodes) for one violation.

    >>> describe("a.html", {"id": "x", "impact": "serious", "help": "H",
    ...                     "nodes": [{"target": "#n", "html": "<p>", "summary": "s"}]})
    'a.html: x (serious) H\\n    #n: <p> -- s'
    """
    lines = [f"{page}: {violation['id']} ({violation['impact']}) {violation['help']}"]
    for node in violation["nodes"][:max_nodes]:
        summary = " ".join(node["summary"].split())
        lines.append(f"    {node['target']}: {node['html']} -- {summary}")
    if len(violation["nodes"]) > max_nodes:
        lines.append(f"    ... and {len(violation['nodes']) - max_nodes} more node(s)")
    return "\n".join(lines)
