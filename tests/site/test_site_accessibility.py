"""axe-core (WCAG 2.1 A and AA rules) finds no serious or critical violation on any page,
in light or dark mode, with every dropdown (solutions, hints, code) opened so their contents count too.

axe-core (vendored in tests/site/axe-core/) is injected into the page: it needs no
network. It runs with its full rule set over the whole page (sitetest.run_axe), during the one
visit of the page that feeds every browser check (sitetest.visit_page); inside code blocks,
color-contrast checks one token per distinct style (sitetest.CONTRAST_PLAN_JS), and the test fails
if axe did not evaluate each of them; MathJax's visual markup, which no rule can judge, is emptied
while axe runs (sitetest.MATH_STANDIN_JS: its assistive MathML stands in), and the test fails if
that moved anything on the page or if a rule of the run is not argued inert for it. Upstream problems that
cannot be fixed here are in site_allowlist.py, each with its reason.
"""
from __future__ import annotations

import pytest
from site_allowlist import axe_allowed
from sitetest import BROWSER_PAGES, fail, fail_with_screenshots

BLOCKING = {"serious", "critical"}


@pytest.mark.parametrize("mode", ["light", "dark"])
@pytest.mark.parametrize("page_name", BROWSER_PAGES)
def test_accessibility(visit, page_name, mode):
    found = visit(page_name)
    if f"axe-{mode}" in found["errors"]:
        fail(f"{page_name} [{mode}]", "axe-core could not run", [found["errors"][f"axe-{mode}"]])
    theme = found["theme"][mode]
    assert theme == mode, f"{page_name}: expected the {mode} theme, the page shows {theme!r}"
    problems = []
    coverage = found["axe_coverage"][mode]
    if coverage["missed"]:  # a code-block element color-contrast was to check and did not
        problems.append(f"color-contrast did not check {coverage['missed']} of the {coverage['checked']} code-block "
                        f"elements standing for the {coverage['elements']} in code blocks: {coverage['examples']}")
    math = coverage["math"]  # MathJax's visual markup, emptied while axe ran (sitetest.MATH_STANDIN_JS)
    if math["unargued"]:
        problems.append(f"axe rules {math['unargued']} judge content hidden from screen readers and are not among "
                        "sitetest.INERT_RULES: check that MathJax's emptied visual markup could not concern them, "
                        "then add them")
    if math["moved"]:
        problems.append(f"emptying MathJax's visual markup for axe moved {math['moved']} boxes of the page: "
                        f"{math['movedExamples']}")
    for violation in found["axe"][mode]:
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
        fail_with_screenshots(f"{page_name} [{mode}]", "accessibility violations (axe-core, WCAG 2.1 AA)",
                              problems, found, mode)
