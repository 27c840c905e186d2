"""Worked solutions start hidden and open on click.

Solutions are sphinx-exercise `solution-start` blocks with `:class: dropdown`
(CONTRIBUTING.md, "Exercises and solutions"); sphinx-togglebutton turns each into a
box whose title stays visible and whose body is hidden until its toggle button is clicked.
"""
from __future__ import annotations

import pytest
from sitetest import BROWSER_PAGES, SITE, fail

SOLUTION_PAGES = [p for p in BROWSER_PAGES
                  if 'class="solution' in (SITE / p).read_text(encoding="utf-8", errors="replace")]


def test_some_pages_have_solutions():
    assert SOLUTION_PAGES, "no page of the built site has a solution (class=\"solution ...\")"


@pytest.mark.parametrize("page_name", SOLUTION_PAGES)
def test_solutions_start_hidden_and_open_on_click(tab, page_name):
    t = tab()
    t.open(page_name)
    solutions = t.page.locator("div.solution")
    problems = []
    for i in range(solutions.count()):
        box = solutions.nth(i)
        name = box.get_attribute("id") or f"solution {i + 1}"
        title = box.locator(":scope > .admonition-title")
        body = box.locator(":scope > :not(.admonition-title)")
        if "dropdown" not in (box.get_attribute("class") or "").split():
            problems.append(f"{name}: not a dropdown (add `:class: dropdown` to its solution-start)")
            continue
        if not title.is_visible():
            problems.append(f"{name}: its title is not visible")
        if body.count() == 0:
            problems.append(f"{name}: has no body")
            continue
        shown = [j for j in range(body.count()) if body.nth(j).is_visible()]
        if shown:
            problems.append(f"{name}: its body is visible before any click")
        button = box.locator(":scope > .admonition-title .toggle-button")
        if button.count() != 1:
            problems.append(f"{name}: has {button.count()} toggle buttons, expected 1")
            continue
        button.click()
        try:
            body.first.wait_for(state="visible", timeout=3000)
        except Exception:
            problems.append(f"{name}: its body is still hidden after a click on its toggle button")
            continue
        if button.get_attribute("aria-expanded") != "true":
            problems.append(f"{name}: aria-expanded is {button.get_attribute('aria-expanded')!r} once open")
    if problems:
        fail(page_name, "solutions", problems, t.failure_screenshot(page_name, "solutions"))
