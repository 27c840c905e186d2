"""Fixtures for the tests of the built site (_build/html), in headless Chromium.

`make test` builds the site before pytest runs. Each xdist worker serves the site
over http on 127.0.0.1 (a free port) and starts one browser, shared by its tests;
every page is opened in a fresh browser context whose requests to anything but
this machine are aborted (tools/site_browser.py), so the tests prove that the
site works offline. A page is visited once per worker (`visit`): that visit
feeds every browser check of the page, and the root conftest.py keeps all the
tests of one page on one worker (xdist group "page:<name>"). Helpers are in sitetest.py, tolerated upstream problems in
site_allowlist.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest
from sitetest import SITE, visit_page
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


_visits: dict[str, dict] = {}
TIMINGS = Path(__file__).resolve().parents[2] / "_build" / "site-timings"


@pytest.fixture(scope="session", autouse=True)
def _record_visit_timings(worker_id):
    """Leave each visit's time per step in _build/site-timings/ (read by `make bench`)."""
    yield
    if _visits:
        import json

        TIMINGS.mkdir(parents=True, exist_ok=True)
        (TIMINGS / f"{worker_id}.json").write_text(json.dumps(
            {page: found["seconds"] for page, found in _visits.items()}, indent=1, sort_keys=True))


@pytest.fixture
def visit(chromium, base_url):
    """visit(page) -> what one reader's visit of the page found (sitetest.visit_page; cached)."""
    def get(page_name: str) -> dict:
        if page_name not in _visits:
            _visits[page_name] = visit_page(chromium, base_url, page_name)
        return _visits[page_name]
    return get
