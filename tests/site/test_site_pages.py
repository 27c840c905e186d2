"""Every page of the built site, opened once in headless Chromium (offline) and checked for:

- loading clean: no console errors, no failed local request, no request that needs the internet;
- math: every math element typeset by MathJax, no TeX error or undefined macro, no raw TeX left in the text;
- figures: every image loads, and every image in the content has alt text that describes it;
- dark mode: the page switches to dark, and every content figure has an opaque background.

One visit per page (sitetest.visit_page: light, then dark) feeds these four tests and the
accessibility and solutions tests; a failing test leaves screenshots of the page as its checks
saw it in _build/site-test-failures/ (taken then, in a fresh tab: the last test here proves it).
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import numpy as np
import pytest
from PIL import Image
from sitetest import BROWSER_PAGES, SITE, fail_with_screenshots

_fail = fail_with_screenshots


@pytest.mark.parametrize("page_name", BROWSER_PAGES)
def test_page_loads_offline_without_errors(visit, page_name):
    found = visit(page_name)
    problems = [*(f"{step} failed: {why}" for step, why in found["errors"].items()
                  if step in ("load", "dropdowns")),
                *found["console"], *(f"failed request: {r}" for r in found["failed"]),
                *(f"needs the internet: {url}" for url in found["blocked"])]
    if problems:
        _fail(page_name, "errors while loading offline", problems, found)


@pytest.mark.parametrize("page_name", BROWSER_PAGES)
def test_math_is_typeset(visit, page_name):
    found = visit(page_name)
    math, state = found["math"] or {"count": 0, "untypeset": 0, "errors": []}, found["math_state"]
    problems = [f"reading the math failed: {found['errors']['math']}"] if "math" in found["errors"] else []
    if math["count"] and state["state"] != "typeset":
        problems.append(f"{math['count']} math elements but {state['state']} (script: {state['script']})")
    if state["script"] and not re.match(r"http://127\.0\.0\.1:\d+/", state["script"]):
        problems.append(f"MathJax is loaded from outside the site: {state['script']}")
    if math["untypeset"]:
        problems.append(f"{math['untypeset']} of {math['count']} math elements not typeset, e.g. {math['examples']}")
    for tex in math["errors"]:
        problems.append(f"TeX error or undefined macro in: {tex}")
    for snippet in found["raw_tex"][:5]:
        problems.append(f"raw TeX in the text: ...{snippet}...")
    if len(found["raw_tex"]) > 5:
        problems.append(f"and raw TeX in {len(found['raw_tex']) - 5} more places")
    if problems:
        _fail(page_name, "math not typeset", problems, found)


def alt_problem(alt: str | None, src: str) -> str | None:
    """Why `alt` does not describe the image, or None if it plausibly does."""
    if alt is None:
        return "no alt attribute"
    text = alt.strip()
    name = Path(unquote(urlsplit(src or "").path)).name
    if not text:
        return "empty alt text"
    if name and name in text:
        return f"alt text is the file name: {text!r}"
    if re.search(r"\.(png|jpe?g|gif|svg|webp|pdf)\b", text, re.I) or re.search(r"[\\/]", text) and " " not in text:
        return f"alt text is a file path: {text!r}"
    if re.fullmatch(r"[0-9a-f]{8,}", text, re.I):
        return f"alt text is a hash: {text!r}"
    if re.fullmatch(r"<.*>", text):
        return f"alt text is an object's repr: {text!r}"
    if len(text.split()) < 3:
        return f"alt text too short to describe a figure: {text!r}"
    return None


@pytest.mark.parametrize("page_name", BROWSER_PAGES)
def test_figures_load_and_have_alt_text(visit, page_name):
    found = visit(page_name)
    problems = [f"reading the images failed: {found['errors']['images']}"] if "images" in found["errors"] else []
    for img in found["images"]:
        if img["width"] == 0:
            problems.append(f"image does not load: {img['src']}")
        if img["content"]:
            why = alt_problem(img["alt"], img["src"])
            if why:
                problems.append(f"{img['src']}: {why}")
    if problems:
        _fail(page_name, "figure problems", problems, found)


def transparency(path: Path) -> str | None:
    """Why the image could show the page through it (so dark-mode black on black), or None."""
    with Image.open(path) as im:
        if im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info:
            alpha = im.convert("RGBA").getchannel("A")
            see_through = sum(alpha.histogram()[:255])
            if see_through:
                share = see_through / (im.width * im.height)
                return f"{share:.0%} of its pixels are transparent"
    return None


@pytest.mark.parametrize("page_name", BROWSER_PAGES)
def test_figures_legible_in_dark_mode(visit, base_url, page_name):
    found = visit(page_name)
    problems = [f"switching to dark mode failed: {found['errors']['dark']}"] if "dark" in found["errors"] else []
    if found.get("dark_theme") != "dark":
        problems.append(f"the page did not switch to dark mode (data-theme={found['dark_theme']!r})")
    for img in found.get("dark_filters", []):
        if img["filter"] not in ("none", ""):
            problems.append(f"{img['src']}: shown through the CSS filter {img['filter']!r} in dark mode "
                            "(the theme dims images; the book's figures are drawn for a white card)")
    for img in found["images"]:
        if not img["content"] or not img["url"].startswith(base_url):
            continue
        path = SITE / unquote(urlsplit(img["url"]).path).lstrip("/")
        if path.suffix.lower() == ".svg":
            problems.append(f"{img['src']}: an SVG figure; the book's figures are opaque PNGs (CONTRIBUTING.md, Figures)")
        elif path.is_file():
            why = transparency(path)
            if why:
                problems.append(f"{img['src']}: not opaque ({why}); a dark axis would vanish on the dark page")
    if problems:
        _fail(page_name, "figures not legible in dark mode", problems, found)


# The smallest page with math: the failure report's own test costs little.
REPORTED = "appendices/notation.html"


@pytest.mark.parametrize("page_name", [p for p in BROWSER_PAGES if p == REPORTED])
def test_a_failure_report_shows_the_page_in_the_failing_mode(visit, page_name):
    """A failing browser check names screenshots of the page in its mode: a visit takes none, so
    fail_with_screenshots re-creates the page's state (loaded, dropdowns open, the mode) to shoot it."""
    from sitetest import FAILURES, ROOT, slug

    found = visit(page_name)
    for mode in ("light", "dark"):
        shot = FAILURES / f"{slug(page_name)}-{mode}.png"
        shot.unlink(missing_ok=True)
        with pytest.raises(pytest.fail.Exception) as failed:
            fail_with_screenshots(page_name, "a deliberate failure", ["the problem"], found, mode)
        report = str(failed.value)
        assert "the problem" in report and f"screenshot: {shot.relative_to(ROOT)}" in report, report
        with Image.open(shot) as image:
            assert image.size == (1280, 900), f"{shot.name}: {image.size}, not the window"
            # The page's background: mostly white in light mode, mostly near-black in dark mode.
            light = float((np.asarray(image.convert("L")) > 200).mean())
        expected = light > 0.5 if mode == "light" else light < 0.2
        assert expected, f"{shot.name} does not look {mode}: {light:.0%} of it is light"
        shot.unlink()
