"""axe-core (WCAG 2.1 A and AA rules) finds no serious or critical violation on any page,
in light or dark mode, with every dropdown (solutions, code) opened so their contents count too.

axe-core is bundled with axe-playwright-python and injected into the page: it needs no
network. Upstream problems that cannot be fixed here are in site_allowlist.py, each with its reason.
"""
from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from site_allowlist import axe_allowed
from sitetest import BROWSER_PAGES, fail

AXE = Axe()
OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
           "resultTypes": ["violations"]}
BLOCKING = {"serious", "critical"}

OPEN_DROPDOWNS_JS = """() => {
  document.querySelectorAll('.toggle-button.toggle-button-hidden').forEach(b => b.click());
  document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; });
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_name", BROWSER_PAGES)
def test_accessibility(tab, page_name, mode):
    t = tab(mode)
    t.open(page_name)
    t.page.evaluate(OPEN_DROPDOWNS_JS)
    t.settle()
    theme = t.page.evaluate("document.documentElement.dataset.theme")
    assert theme == mode, f"{page_name}: expected the {mode} theme, the page shows {theme!r}"
    results = AXE.run(t.page, options=OPTIONS).response
    problems = []
    for violation in results["violations"]:
        if violation["impact"] not in BLOCKING:
            continue
        nodes = [n for n in violation["nodes"] if not axe_allowed(violation["id"], ", ".join(n["target"]))]
        for node in nodes[:5]:
            summary = " ".join(node.get("failureSummary", "").split())
            problems.append(f"{violation['id']} ({violation['impact']}): {violation['help']} "
                            f"at {', '.join(node['target'])}: {summary[:300]}")
        if len(nodes) > 5:
            problems.append(f"{violation['id']}: and {len(nodes) - 5} more elements")
    if problems:
        fail(f"{page_name} [{mode}]", "accessibility violations (axe-core, WCAG 2.1 AA)", problems,
             t.failure_screenshot(page_name, f"axe-{mode}"))
