"""Navigation as a reader uses it: the table of contents and the page contents open and close.

At phone width (390 x 844, touch), tapping the table-of-contents button shows the book's table of
contents on screen and tapping outside it closes it; the same for "Contents" (the page's own
table of contents); afterwards no tooltip is left standing (a stuck one covered the search button).
At desktop width (1280), the sidebar toggle collapses the primary sidebar and brings it back.

These broke when the theme put a second, hidden pair of sidebar toggles in the page header and
bound its handlers to those (pydata-sphinx-theme 0.17; see CONTRIBUTING.md, "The theme"). The
tests look for what a reader sees (the visible toggle, the navigation on screen), not for the
theme's markup, so they keep working whichever way the theme builds its drawers.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from sitetest import SETTLE_JS  # noqa: E402
from tools.site_browser import SITE, block_network  # noqa: E402

FAILURES = ROOT / "_build" / "site-test-failures"
# A chapter: it has the book's table of contents and a page table of contents.
PAGE = "chapters/03_eigen_svd_pca.html"
PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True,
         "device_scale_factor": 2}
DESKTOP = {"viewport": {"width": 1280, "height": 900}}

# The book's table of contents, and the page's.
BOOK_TOC = "nav.bd-docs-nav"
PAGE_TOC = "nav.page-toc"

# Where the first visible element matching the selector is, if it is on screen (at least 100 px
# of it inside the viewport, horizontally and vertically), else null.
ON_SCREEN_JS = """(selector) => {
  const vw = innerWidth, vh = innerHeight;
  for (const e of document.querySelectorAll(selector)) {
    if (!e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})) continue;
    const r = e.getBoundingClientRect();
    const w = Math.min(r.right, vw) - Math.max(r.left, 0), h = Math.min(r.bottom, vh) - Math.max(r.top, 0);
    if (w >= 100 && h >= 100) return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
  }
  return null;
}"""

# The box of the drawer (the theme's sidebar <dialog>) holding the first visible `selector`.
DRAWER_BOX_JS = """(selector) => {
  const e = [...document.querySelectorAll(selector)].find(e => e.checkVisibility());
  const d = e && e.closest('dialog');
  if (!d) return null;
  const r = d.getBoundingClientRect();
  return {left: r.left, right: r.right, top: r.top, bottom: r.bottom};
}"""

# Visible tooltips, with whether each covers a visible search button.
TOOLTIPS_JS = """() => {
  const search = [...document.querySelectorAll('.search-button, .search-button-field')]
    .filter(b => b.checkVisibility()).map(b => b.getBoundingClientRect());
  const overlaps = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  return [...document.querySelectorAll('.tooltip')].filter(t => t.checkVisibility({checkOpacity: true}))
    .map(t => ({text: t.textContent.trim(), covers_search: search.some(s => overlaps(t.getBoundingClientRect(), s))}));
}"""


@pytest.fixture
def open_page(chromium, base_url):
    """open_page(options) -> a Playwright page showing PAGE, offline, in a fresh context."""
    contexts = []

    def get(options: dict):
        context = chromium.new_context(**options)
        contexts.append(context)
        block_network(context)
        page = context.new_page()
        page.goto(base_url + PAGE, wait_until="load")  # after DOMContentLoaded: the theme's handlers are bound
        page.evaluate(SETTLE_JS)
        return page

    yield get
    for context in contexts:
        context.close()


def report(page, name: str, problems: list[str]) -> None:
    if problems:
        FAILURES.mkdir(parents=True, exist_ok=True)
        shot = FAILURES / f"navigation-{name}.png"
        page.screenshot(path=str(shot))
        pytest.fail(f"{PAGE} ({name}): {len(problems)} problem(s):\n"
                    + "\n".join(f"  - {p}" for p in problems)
                    + f"\n  screenshot: {shot.relative_to(ROOT)}", pytrace=False)


def visible_button(page, selector: str):
    """The one visible element matching `selector` (the reader's button), or None."""
    buttons = page.locator(selector).filter(visible=True)
    return buttons.first if buttons.count() else None


def wait_on_screen(page, selector: str, wanted: bool, timeout_ms: int = 3000):
    """Wait until `selector` is (wanted=True) or is not (False) on screen; returns its box or None."""
    if timeout_ms > 0:
        try:
            page.wait_for_function(f"([s, wanted]) => !!({ON_SCREEN_JS})(s) === wanted", arg=[selector, wanted],
                                   timeout=timeout_ms)
        except PlaywrightTimeout:
            pass  # the box read below says which
        page.evaluate(SETTLE_JS)  # a drawer that slides in: its box once the slide has ended
    return page.evaluate(ON_SCREEN_JS, selector)


def tap_outside(page, box: dict) -> tuple[float, float] | None:
    """Tap the page beside a drawer (as a reader closes it); None if the drawer leaves no room."""
    vw, vh = page.viewport_size["width"], page.viewport_size["height"]
    if box["right"] <= vw - 20:
        x = (box["right"] + vw) / 2
    elif box["left"] >= 20:
        x = box["left"] / 2
    else:
        return None
    page.touchscreen.tap(x, vh / 2)
    return x, vh / 2


def open_and_close_on_phone(page, toggle: str, drawer: str, what: str) -> list[str]:
    problems = []
    if wait_on_screen(page, drawer, False, 0):
        problems.append(f"{what} is on screen before any tap")
    button = visible_button(page, toggle)
    if button is None:
        return problems + [f"no visible button {toggle!r} to open {what}"]
    button.tap()
    box = wait_on_screen(page, drawer, True)
    if not box:
        return problems + [f"tapping the {toggle!r} button does not show {what} on screen"]
    # Beside the drawer itself (the theme's <dialog> holding the list, padding included), not
    # merely beside the list: a tap on the drawer's margin is a tap inside it.
    box = page.evaluate(DRAWER_BOX_JS, drawer) or box
    if tap_outside(page, box) is None:
        return problems + [f"{what} covers the whole width: there is nowhere to tap to close it"]
    if wait_on_screen(page, drawer, False):
        problems.append(f"tapping beside {what} does not close it")
    return problems


def tooltip_problems(page) -> list[str]:
    page.evaluate(SETTLE_JS)  # a tooltip fades in and out: its transition ends first
    return [f"a tooltip {t['text']!r} stays on screen"
            + (" over the search button" if t["covers_search"] else "")
            for t in page.evaluate(TOOLTIPS_JS)]


def test_phone_table_of_contents_opens_and_closes(open_page):
    page = open_page(PHONE)
    problems = open_and_close_on_phone(page, ".primary-toggle", BOOK_TOC, "the table of contents")
    problems += tooltip_problems(page)
    report(page, "phone-toc", problems)


def test_phone_page_contents_open_and_close(open_page):
    page = open_page(PHONE)
    problems = open_and_close_on_phone(page, ".secondary-toggle", PAGE_TOC, "the page contents")
    problems += tooltip_problems(page)
    report(page, "phone-contents", problems)


# What sticks out to the right of a phone's screen, outside any element that scrolls or clips.
WIDER_THAN_SCREEN_JS = """() => {
  const vw = document.documentElement.clientWidth, out = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (!e.checkVisibility({checkVisibilityCSS: false}) || e.getBoundingClientRect().right <= vw + 0.5) continue;
    let clipped = false;
    for (let a = e.parentElement; a && a !== document.body; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== 'visible') { clipped = true; break; }
    if (!clipped && getComputedStyle(e).position !== 'fixed')
      out.push(`${e.tagName.toLowerCase()} in ${e.parentElement.tagName.toLowerCase()} ` +
               `${JSON.stringify((e.parentElement.textContent || '').trim().slice(0, 50))} ends at ${Math.round(e.getBoundingClientRect().right)} px`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, innerWidth, vw, out: out.slice(0, 5)};
}"""


def test_phone_page_is_no_wider_than_the_screen(open_page):
    """At 390 px the page is exactly as wide as the screen: nothing (a long word in a heading and
    the "#" link after it, say) widens it so that it pans sideways under the reader's thumb."""
    page = open_page(PHONE)
    found = page.evaluate(WIDER_THAN_SCREEN_JS)
    problems = []
    screen = PHONE["viewport"]["width"]
    if found["innerWidth"] > screen or found["scrollWidth"] > found["vw"]:
        problems.append(f"the page is {found['scrollWidth']} px wide on a {screen} px screen (layout viewport "
                        f"{found['innerWidth']} px); sticking out: {found['out']}")
    report(page, "phone-width", problems)


def test_phone_header_has_one_search_and_one_of_each_toggle(open_page):
    """The header shows one search button and one button of each kind: no hidden duplicates
    for the theme's scripts to bind to instead of the visible ones."""
    page = open_page(PHONE)
    problems = []
    for selector in (".primary-toggle", ".secondary-toggle", ".search-button, .search-button-field"):
        total, shown = page.locator(selector).count(), page.locator(selector).filter(visible=True).count()
        if shown != 1:
            problems.append(f"{shown} visible {selector!r} buttons at phone width, expected 1")
        if selector.endswith("toggle") and total != 1:
            problems.append(f"{total} {selector!r} buttons in the page ({total - shown} hidden), expected 1")
    report(page, "phone-header", problems)


def test_desktop_sidebar_toggle_collapses_and_restores_the_sidebar(open_page):
    page = open_page(DESKTOP)
    problems = []
    if not wait_on_screen(page, BOOK_TOC, True, 0):
        problems.append("the table of contents is not on screen at 1280 px before any click")
    button = visible_button(page, ".primary-toggle")
    if button is None:
        report(page, "desktop-toggle", problems + ["no visible sidebar toggle at 1280 px"])
    button.click()
    if wait_on_screen(page, BOOK_TOC, False):
        problems.append("clicking the sidebar toggle does not collapse the sidebar")
    if page.locator("dialog[open]").count():
        problems.append("clicking the sidebar toggle opens a dialog instead of collapsing the sidebar")
        page.keyboard.press("Escape")
    button.click()
    if not wait_on_screen(page, BOOK_TOC, True):
        problems.append("a second click on the sidebar toggle does not bring the sidebar back")
    report(page, "desktop-toggle", problems)


def test_the_page_exists():
    assert (SITE / PAGE).is_file(), f"{PAGE} is not in the built site: the navigation tests need a chapter"
