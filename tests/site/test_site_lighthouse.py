"""Lighthouse (npm `lighthouse`, `make node_modules`) on three pages of the built site: the landing
page, a chapter and a solutions page, served over http on 127.0.0.1 and loaded by the system
Chromium, headless, with every other host unreachable (tools/site_validators.py).

Bars: accessibility >= 0.95, best practices >= 0.9, SEO >= 0.9. Performance is not gated (on a
shared 2-core machine it measures the machine): `make bench` records it. Each run's full report
is kept in _build/lighthouse/<page>.json; a failure lists the audits that cost points.

The test ids name the kind of page, not the file, so the scheduler gives each run a worker of its
own (conftest.py's `work_unit` groups tests by the page file in their id) and `make check`'s
`-k <stem>` does not select them.
"""
from __future__ import annotations

import pytest
from sitetest import BROWSER_PAGES, ROOT, fail
from tools import site_validators

BARS = {"accessibility": 0.95, "best-practices": 0.9, "seo": 0.9}
REPORTS = ROOT / "_build" / "lighthouse"


def first(prefix: str) -> str | None:
    return next((p for p in BROWSER_PAGES if p.startswith(prefix)), None)


# The landing page is intro.html: index.html only redirects to it.
PAGES = {"landing": "intro.html", "chapter": first("chapters/"), "solutions": first("solutions/")}


def shortfalls(result: dict, bars: dict = BARS) -> list[str]:
    problems = []
    for category, bar in bars.items():
        score = result["scores"].get(category)
        if score is None or score < bar:
            problems.append(f"{category}: {score} < {bar}; audits that cost points: "
                            + ("; ".join(result["failing"].get(category, [])) or "none listed"))
    return problems


@pytest.mark.parametrize("kind", list(PAGES))
def test_lighthouse_scores(kind, base_url):
    page = PAGES[kind]
    if page is None:
        pytest.skip(f"the site has no {kind} page")
    site_validators.skip_unless_available()
    result = site_validators.lighthouse(base_url + page, categories=tuple(BARS),
                                        out=REPORTS / f"{kind}.json")
    print(f"{page}: {result['scores']}")
    problems = shortfalls(result)
    if problems:
        fail(page, "Lighthouse scores below the bar", problems)


def test_lighthouse_bars_can_fail():
    """The check above can fail: a score under its bar is reported with the audits behind it."""
    result = {"scores": {"accessibility": 0.9, "best-practices": 1, "seo": 0.8},
              "failing": {"accessibility": ["image-alt (0): Image elements have [alt] attributes"],
                          "seo": ["meta-description (0): Document does not have a meta description"]}}
    assert shortfalls(result) == [
        "accessibility: 0.9 < 0.95; audits that cost points: image-alt (0): Image elements have [alt] attributes",
        "seo: 0.8 < 0.9; audits that cost points: meta-description (0): Document does not have a meta description"]
