"""Worked solutions start hidden and open on click.

Solutions are sphinx-exercise `solution-start` blocks with `:class: dropdown`
(CONTRIBUTING.md, "Exercises and solutions"); sphinx-togglebutton turns each into a
box whose title stays visible and whose body is hidden until its toggle button is clicked.
The clicks happen during the page's one visit (sitetest.visit_page, sitetest.solution_problems),
before anything else on the page is opened.
"""
from __future__ import annotations

import pytest
from sitetest import BROWSER_PAGES, SITE, fail_with_screenshots

SOLUTION_PAGES = [p for p in BROWSER_PAGES
                  if 'class="solution' in (SITE / p).read_text(encoding="utf-8", errors="replace")]


def test_some_pages_have_solutions():
    assert SOLUTION_PAGES, "no page of the built site has a solution (class=\"solution ...\")"


@pytest.mark.parametrize("page_name", SOLUTION_PAGES)
def test_solutions_start_hidden_and_open_on_click(visit, page_name):
    found = visit(page_name)
    problems = list(found["solutions"] or [])
    if "solutions" in found["errors"]:
        problems.append(f"checking the solutions failed: {found['errors']['solutions']}")
    if problems:
        fail_with_screenshots(page_name, "solutions", problems, found, "light")
