"""Helpers for the tests of the built site: the pages to test, a browser tab that
records what goes wrong, and failure reports that name the page and keep a screenshot.

(No __init__.py in tests/site/: pytest imports these modules by their file
names, which are therefore all prefixed to stay unique in the repository.)
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from site_allowlist import console_allowed  # noqa: E402
from tools.site_browser import SITE, block_network, is_local, is_redirect, site_pages  # noqa: E402

FAILURES = ROOT / "_build" / "site-test-failures"

# Collected once, at import: the parametrisation of the tests.
PAGES = site_pages(SITE) if SITE.is_dir() else []
BROWSER_PAGES = [p for p in PAGES if not is_redirect(SITE, p)]


def slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", text).strip("_")


def fail(page_name: str, what: str, problems: list[str], screenshots: list[Path] = ()) -> None:
    """Fail the test with one line per problem, naming the page and any screenshot."""
    lines = [f"{page_name}: {what} ({len(problems)}):"] + [f"  - {p}" for p in problems]
    for shot in screenshots:
        lines.append(f"  screenshot: {shot.relative_to(ROOT)}")
    pytest.fail("\n".join(lines), pytrace=False)


# Waits for MathJax's first typesetting when the page loads MathJax; never throws.
WAIT_FOR_MATH_JS = """async (timeout) => {
  const script = [...document.scripts].find(s => /mathjax/i.test(s.src));
  if (!script) return {script: null, state: 'no MathJax script'};
  // Called after the load event: a defer/async script has run by then, or failed to load.
  const t0 = performance.now();
  while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
    if (performance.now() - t0 > 1000) return {script: script.src, state: 'MathJax never started'};
    await new Promise(r => setTimeout(r, 50));
  }
  const state = await Promise.race([
    MathJax.startup.promise.then(() => 'typeset', e => 'MathJax failed: ' + e),
    new Promise(r => setTimeout(() => r('MathJax timed out'), timeout))]);
  return {script: script.src, state};
}"""

# Waits (at most 2 s) for finite CSS transitions/animations, e.g. the theme's fade between modes.
SETTLE_JS = """async () => {
  const finite = document.getAnimations().filter(a => {
    const t = a.effect && a.effect.getComputedTiming();
    return t && Number.isFinite(t.endTime);
  });
  await Promise.race([Promise.all(finite.map(a => a.finished.catch(() => null))),
                      new Promise(r => setTimeout(r, 2000))]);
}"""


class Tab:
    """One page in a fresh offline browser context, recording what went wrong while it loaded."""

    def __init__(self, browser, base_url: str, color_scheme: str = "light"):
        self.base_url = base_url
        self.context = browser.new_context(color_scheme=color_scheme, viewport={"width": 1280, "height": 900})
        self.blocked = block_network(self.context)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.failed_requests: list[str] = []
        self.math: dict = {}
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self._error(f"uncaught exception: {exc}"))
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)

    def _error(self, text: str) -> None:
        if not console_allowed(text):
            self.console_errors.append(text)

    def _console(self, message) -> None:
        if message.type == "error":
            url = (message.location or {}).get("url")
            self._error(f"console error: {message.text}" + (f" (from {url})" if url else ""))

    def _request_failed(self, request) -> None:
        if is_local(request.url):
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def _response(self, response) -> None:
        if response.status >= 400 and is_local(response.url):
            self.failed_requests.append(f"{response.url}: HTTP {response.status}")

    def open(self, page_name: str) -> None:
        """Load the page, wait for MathJax's typesetting and for CSS transitions to end."""
        self.page.goto(self.base_url + page_name, wait_until="load")
        self.math = self.page.evaluate(WAIT_FOR_MATH_JS, 15000)
        self.settle()

    def settle(self) -> None:
        self.page.evaluate(SETTLE_JS)

    def set_dark(self) -> str:
        """Switch the page to dark mode as a reader's system setting would; returns the theme shown."""
        self.page.emulate_media(color_scheme="dark")
        try:
            self.page.wait_for_function("document.documentElement.dataset.theme === 'dark'", timeout=5000)
        except Exception:
            pass  # the caller checks the returned theme
        self.settle()
        return self.page.evaluate("document.documentElement.dataset.theme")

    def screenshot(self, path: Path) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=True)
        return path

    def failure_screenshot(self, page_name: str, label: str) -> list[Path]:
        try:
            return [self.screenshot(FAILURES / f"{slug(page_name)}-{label}.png")]
        except Exception:  # the page may be what broke
            return []

    def close(self) -> None:
        self.context.close()
