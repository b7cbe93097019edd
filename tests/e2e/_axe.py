"""axe-core accessibility checks, run from the vendored copy in ``tests/e2e/vendor/``.

The file is injected into the page with ``page.add_script_tag(path=...)``; nothing is loaded
from a CDN. Its SHA-256 is checked against ``vendor/MANIFEST.json`` (refresh both with
``python scripts/vendor_axe.py``).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VENDOR = Path(__file__).resolve().parent / "vendor"
AXE_JS = VENDOR / "axe.min.js"

#: Impact levels that fail a page.
BLOCKING_IMPACTS = ("serious", "critical")

#: Rules switched off, each with the reason. Keep this empty unless a rule cannot apply.
DISABLED_RULES: dict[str, str] = {}

#: Tolerated violations on particular elements, each with owner and reason.
KNOWN_ISSUES_FILE = Path(__file__).resolve().parent / "axe_known_issues.yaml"


@dataclass(frozen=True)
class KnownIssue:
    """A tolerated violation: ``rule`` on nodes whose target or HTML contains ``match``."""

    rule: str
    match: str
    owner: str
    reason: str

    def covers(self, rule: str, node: dict) -> bool:
        """True if this entry tolerates ``node`` of a violation of ``rule``.

        >>> issue = KnownIssue("image-alt", "sanclab-figure", "widgets", "no alt yet")
        >>> issue.covers("image-alt", {"target": "img", "html": '<img class="sanclab-figure">'})
        True
        >>> issue.covers("image-alt", {"target": "img", "html": '<img class="other">'})
        False
        """
        return rule == self.rule and (self.match in node["target"] or self.match in node["html"])


def known_issues(path: Path = KNOWN_ISSUES_FILE) -> list[KnownIssue]:
    """The tolerated violations listed in ``axe_known_issues.yaml`` (validated).

    >>> all(issue.reason and issue.owner for issue in known_issues())
    True
    """
    import yaml

    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    issues = []
    for index, entry in enumerate(data.get("known") or []):
        missing = [k for k in ("rule", "match", "owner", "reason") if not entry.get(k)]
        if missing:
            raise ValueError(f"{path.name}: entry {index} lacks {missing}")
        issues.append(KnownIssue(**{k: str(entry[k]) for k in ("rule", "match", "owner",
                                                                "reason")}))
    return issues


def split_known(
    violations: list[dict], issues: list[KnownIssue]
) -> tuple[list[dict], set[KnownIssue]]:
    """Remove the nodes that known issues tolerate.

    Returns the violations that still have untolerated nodes (with only those nodes) and
    the set of known issues that matched something.

    >>> issue = KnownIssue("image-alt", "sanclab-figure", "widgets", "no alt yet")
    >>> v = {"id": "image-alt", "impact": "critical", "help": "H", "nodes": [
    ...     {"target": "img.sanclab-figure", "html": "<img>", "summary": ""},
    ...     {"target": "img.photo", "html": "<img>", "summary": ""}]}
    >>> left, used = split_known([v], [issue])
    >>> [n["target"] for n in left[0]["nodes"]], used == {issue}
    (['img.photo'], True)
    """
    left, used = [], set()
    for violation in violations:
        nodes = []
        for node in violation["nodes"]:
            hits = [i for i in issues if i.covers(violation["id"], node)]
            used.update(hits)
            if not hits:
                nodes.append(node)
        if nodes:
            left.append({**violation, "nodes": nodes})
    return left, used


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
