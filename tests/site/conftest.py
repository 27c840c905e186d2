"""Fixtures for the tests of the built site (_build/html), in headless Chromium.

`make test` builds the site before pytest runs. Each xdist worker serves the site
over http on 127.0.0.1 (a free port) and starts one browser, shared by its tests;
every page is opened in a fresh browser context whose requests to anything but
this machine are aborted (tools/site_browser.py), so the tests prove that the
site works offline. Helpers are in sitetest.py, tolerated upstream problems in
site_allowlist.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from sitetest import SITE, Tab
from tools.site_browser import launch, serve


@pytest.fixture(scope="session")
def site() -> Path:
    if not (SITE / "index.html").is_file():
        pytest.fail(f"The site is not built ({SITE} has no index.html): run `make html` first "
                    "(`make test` builds it before running pytest).", pytrace=False)
    return SITE


@pytest.fixture(scope="session")
def base_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def chromium(site):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def tab(chromium, base_url):
    """Factory: tab(color_scheme="light") -> Tab, closed after the test."""
    tabs: list[Tab] = []

    def make(color_scheme: str = "light") -> Tab:
        tabs.append(Tab(chromium, base_url, color_scheme))
        return tabs[-1]

    yield make
    for t in tabs:
        t.close()
