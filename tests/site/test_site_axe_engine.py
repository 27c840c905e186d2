"""The accessibility tests run the vendored axe-core (tests/site/axe-core/), intact."""
from __future__ import annotations

import base64
import hashlib

from sitetest import AXE_CORE, AXE_CORE_SRI, AXE_CORE_VERSION, run_axe


def test_vendored_axe_core_is_the_published_file():
    digest = base64.b64encode(hashlib.sha256(AXE_CORE.read_bytes()).digest()).decode()
    assert f"sha256-{digest}" == AXE_CORE_SRI, f"{AXE_CORE} is not axe-core {AXE_CORE_VERSION} as published"


def test_run_axe_runs_the_vendored_axe_core(chromium):
    page = chromium.new_page()
    try:
        page.set_content("<!doctype html><html lang='en'><title>t</title><main><img src='x.png'></main></html>")
        violations = run_axe(page)["violations"]
        assert page.evaluate("axe.version") == AXE_CORE_VERSION
        assert "image-alt" in {v["id"] for v in violations}, "axe-core missed an image without alt text"
    finally:
        page.close()
