"""Accessibility scans with axe-core (installed from npm by `make test`) in a Playwright page.

`violations(page)` runs the WCAG 2.0/2.1 A and AA rules on the page as it is now and returns
what fails; `report(...)` turns them into an assertion message a person can act on.
"""
from pathlib import Path

AXE = Path(__file__).resolve().parent.parent / "node_modules" / "axe-core" / "axe.min.js"
#: the rules we hold every page to: WCAG 2.0 and 2.1, levels A and AA
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN = """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                           resultTypes: ['violations']}).then(result =>
  result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
  })))"""


def violations(page) -> list[dict]:
    """The axe-core WCAG A/AA violations of the page now loaded: each with its rule id,
    impact, help text and the offending nodes' selectors and failure summaries."""
    if not AXE.exists():
        raise RuntimeError(f"{AXE} is missing: run `npm ci` (make test does)")
    # A page loaded since the last scan has lost the script; add it once per document.
    # Evaluated through the DevTools protocol, not as a <script> tag: the site's
    # Content-Security-Policy (web/security_headers.py) rightly refuses inline scripts.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE.read_text(encoding="utf-8") + "\n;undefined")
    return page.evaluate(_RUN, WCAG_TAGS)


def report(found: dict[str, list[dict]]) -> str:
    """A readable list of the violations found on each page ({label: violations})."""
    lines = []
    for label, page_violations in found.items():
        for violation in page_violations:
            lines.append(f"{label}: {violation['id']} ({violation['impact']}) "
                         f"{violation['help']}")
            for node in violation["nodes"][:5]:
                summary = " ".join(node["summary"].split())
                lines.append(f"    {node['target']}: {summary[:300]}")
            if len(violation["nodes"]) > 5:
                lines.append(f"    ... and {len(violation['nodes']) - 5} more")
    return "\n".join(lines)
