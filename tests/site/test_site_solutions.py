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


@pytest.mark.parametrize("page_name", SOLUTION_PAGES)
def test_no_answer_is_visible_before_its_solution_opens(visit, page_name):
    """A check cell's code is the answer key (expect=...): on the page, only its verdict shows."""
    found = visit(page_name)
    if found["answers_visible"]:
        fail_with_screenshots(page_name, "answers visible before any solution is opened",
                              [f"visible answer-key code: {text!r}" for text in found["answers_visible"][:5]],
                              found, "light")
