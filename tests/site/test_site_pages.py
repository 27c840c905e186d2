"""Every page of the built site, opened once in headless Chromium (offline) and checked for:

- loading clean: no console errors, no failed local request, no request that needs the internet;
- math: every math element typeset by MathJax, no TeX error or undefined macro, no raw TeX left in the text;
- figures: every image loads, and every image in the content has alt text that describes it;
- dark mode: the page switches to dark, and every content figure has an opaque background.

One visit per page (light, then dark, with a full-page screenshot of each) feeds all four
tests; a failing test copies the screenshots to _build/site-test-failures/.
"""
from __future__ import annotations

import re
import shutil
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image
from sitetest import BROWSER_PAGES, FAILURES, SITE, Tab, fail, slug

# Text nodes inside these are code, or MathJax's own output: `$` and `\(` are legitimate there.
RAW_TEX_JS = r"""() => {
  const SKIP = 'pre, code, kbd, samp, script, style, textarea, noscript, template, svg, ' +
               'mjx-container, mjx-assistive-mml, .highlight';
  const pattern = /\$|\\\(|\\\)|\\\[|\\\]|\\begin\{/;
  const hits = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(SKIP)) continue;
    const m = node.data.match(pattern);
    if (m) hits.push(node.data.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' ').trim());
  }
  return hits;
}"""

# Math elements (Sphinx writes span.math / div.math) and what MathJax made of them. A TeX error
# becomes <merror>; an undefined macro (MathJax's noundefined) a red <mtext> holding the macro.
MATH_JS = r"""() => {
  const math = [...document.querySelectorAll('.math')];
  const bare = math.filter(m => !m.querySelector('mjx-container'));
  const errors = [];
  const mj = window.MathJax;
  if (mj && mj.startup && mj.startup.document && mj.startup.toMML) {
    for (const item of mj.startup.document.math) {
      const mml = mj.startup.toMML(item.root);
      if (/<merror/.test(mml) || /<mtext[^>]*mathcolor="red"[^>]*>\\/.test(mml)) errors.push(item.math.slice(0, 80));
    }
  }
  return {count: math.length, containers: document.querySelectorAll('mjx-container').length,
          untypeset: bare.length, examples: bare.slice(0, 3).map(m => m.textContent.trim().slice(0, 80)),
          errors};
}"""

IMAGES_JS = r"""async () => {
  const imgs = [...document.images];
  imgs.forEach(i => { if (i.loading === 'lazy') i.loading = 'eager'; });
  await Promise.all(imgs.map(i => i.complete ? null : new Promise(done => {
    i.addEventListener('load', done); i.addEventListener('error', done); setTimeout(done, 5000); })));
  return imgs.map(i => ({src: i.getAttribute('src'), url: i.currentSrc || i.src, width: i.naturalWidth,
                         alt: i.getAttribute('alt'), content: !!i.closest('article.bd-article, article')}));
}"""

_visits: dict[str, dict] = {}


@pytest.fixture
def visit(chromium, base_url, tmp_path_factory):
    """visit(page) -> what one light-then-dark visit of the page found (cached per worker)."""
    def get(page_name: str) -> dict:
        if page_name not in _visits:
            _visits[page_name] = _visit(chromium, base_url, page_name, tmp_path_factory.mktemp("shots"))
        return _visits[page_name]
    return get


def _visit(browser, base_url, page_name, shots: Path) -> dict:
    tab = Tab(browser, base_url)
    try:
        tab.open(page_name)
        found = {
            "math_state": tab.math,
            "math": tab.page.evaluate(MATH_JS),
            "raw_tex": tab.page.evaluate(RAW_TEX_JS),
            "images": tab.page.evaluate(IMAGES_JS),
            "shots": [tab.screenshot(shots / f"{slug(page_name)}-light.png")],
        }
        found["dark_theme"] = tab.set_dark()
        found["shots"].append(tab.screenshot(shots / f"{slug(page_name)}-dark.png"))
        found.update(console=list(tab.console_errors), failed=list(tab.failed_requests), blocked=list(tab.blocked))
        return found
    finally:
        tab.close()


def _fail(page_name: str, what: str, problems: list[str], found: dict) -> None:
    FAILURES.mkdir(parents=True, exist_ok=True)
    kept = []
    for shot in found["shots"]:
        kept.append(Path(shutil.copy(shot, FAILURES / shot.name)))
    fail(page_name, what, problems, kept)


@pytest.mark.parametrize("page_name", BROWSER_PAGES)
def test_page_loads_offline_without_errors(visit, page_name):
    found = visit(page_name)
    problems = [*found["console"], *(f"failed request: {r}" for r in found["failed"]),
                *(f"needs the internet: {url}" for url in found["blocked"])]
    if problems:
        _fail(page_name, "errors while loading offline", problems, found)


@pytest.mark.parametrize("page_name", BROWSER_PAGES)
def test_math_is_typeset(visit, page_name):
    found = visit(page_name)
    math, state = found["math"], found["math_state"]
    problems = []
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
    problems = []
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
    problems = []
    if found["dark_theme"] != "dark":
        problems.append(f"the page did not switch to dark mode (data-theme={found['dark_theme']!r})")
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
