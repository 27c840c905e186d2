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


BREAK_TWO_SOLUTIONS_JS = """() => {
  const [shown, dead] = document.querySelectorAll('div.solution');
  const style = document.createElement('style');  // the first one's body shows before any click
  style.textContent = `[id="${shown.id}"] > :not(.admonition-title) {height: auto !important; opacity: 1 !important; visibility: visible !important}`;
  document.head.append(style);
  const title = dead.querySelector(':scope > .admonition-title');
  title.replaceWith(title.cloneNode(true));  // the second one's title and toggle lost their listeners: a click does nothing
  return [shown.id, dead.id];
}"""


def test_solution_check_reports_a_visible_body_and_a_dead_toggle(chromium, base_url):
    """sitetest.solution_problems reports both ways a solution dropdown can break, and only those."""
    from sitetest import Tab, solution_problems

    page_name = next(p for p in SOLUTION_PAGES if p.startswith("solutions/"))
    tab = Tab(chromium, base_url)
    try:
        tab.open(page_name)
        count = tab.page.evaluate("document.querySelectorAll('div.solution').length")
        assert count >= 3, f"{page_name} has {count} solutions; this test needs three"
        shown, dead = tab.page.evaluate(BREAK_TWO_SOLUTIONS_JS)
        problems = solution_problems(tab.page)
    finally:
        tab.close()
    assert problems == [f"{shown}: its body is visible before any click",
                        f"{dead}: its body is still hidden after a click on its toggle button"], problems
