"""Helpers for the tests of the built site: the pages to test, a browser tab that
records what goes wrong, and failure reports that name the page and keep a screenshot.

(No __init__.py in tests/site/: pytest imports these modules by their file
names, which are therefore all prefixed to stay unique in the repository.)
"""
from __future__ import annotations

import json
import re
import sys
import time
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


def fail_with_screenshots(page_name: str, what: str, problems: list[str], found: dict, mode: str = "") -> None:
    """fail(), with screenshots of the visited page (in `mode`, else in both) in _build/site-test-failures/.

    A visit takes no screenshot (two cost about a second a page, and only a failure needs them):
    `found["screenshot"]` re-creates the state the checks saw (the page loaded, its dropdowns
    open, the colour mode) in a fresh tab of the same browser and shoots the window.
    """
    shots = []
    for each in ([mode] if mode else ["light", "dark"]):
        try:
            shots.append(found["screenshot"](each))
        except Exception as exc:  # the page may be what broke; the failure is reported regardless
            problems = [*problems, f"(no {each} screenshot: {type(exc).__name__}: {exc})"]
    fail(page_name, what, problems, shots)


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
        self.recording = True  # off while axe-core runs: its own requests are not the reader's
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self._error(f"uncaught exception: {exc}"))
        self.page.on("requestfailed", self._request_failed)
        self.page.on("response", self._response)

    def _error(self, text: str) -> None:
        if self.recording and not console_allowed(text):
            self.console_errors.append(text)

    def _console(self, message) -> None:
        if message.type == "error":
            url = (message.location or {}).get("url")
            self._error(f"console error: {message.text}" + (f" (from {url})" if url else ""))

    def _request_failed(self, request) -> None:
        if self.recording and is_local(request.url):
            self.failed_requests.append(f"{request.url}: {request.failure}")

    def _response(self, response) -> None:
        if self.recording and response.status >= 400 and is_local(response.url):
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

    def screenshot(self, path: Path, full_page: bool = True) -> Path:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def failure_screenshot(self, page_name: str, label: str) -> list[Path]:
        try:
            return [self.screenshot(FAILURES / f"{slug(page_name)}-{label}.png")]
        except Exception:  # the page may be what broke
            return []

    def close(self) -> None:
        self.context.close()


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

# Code cells whose answer-key code (check(..., expect=...)) a reader can see without opening anything.
VISIBLE_ANSWERS_JS = r"""() => [...document.querySelectorAll('div.cell_input, div.highlight, pre')]
  .filter(e => e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true})
               && /\bexpect\s*=/.test(e.textContent))
  .map(e => e.textContent.trim().slice(0, 80))"""

# The CSS filter on each content image (the theme dims images in dark mode unless told not to).
IMAGE_FILTERS_JS = r"""() => [...document.querySelectorAll('article img')]
  .map(i => ({src: i.getAttribute('src'), filter: getComputedStyle(i).filter}))"""

# axe-core (vendored in tests/site/axe-core/, injected into the page: no network), WCAG 2.1 A/AA.
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
AXE_CORE = Path(__file__).parent / "axe-core" / "axe.min.js"
AXE_CORE_VERSION = "4.14.1"
AXE_CORE_SRI = "sha256-KTSJmUUM3yhJqOcLeRL8LahahJ2jnA0NU5T1HUqe2Vw="  # axe-core's sri-history.json


# color-contrast in code blocks, by signature (CONTRIBUTING.md, "Accessibility"): axe's verdict on a
# text element is a function of its colour, font size and weight, text shadow, visibility, whether
# its text is one character, and the composited background behind it (each ancestor's background
# colour up to the first opaque one). Every Pygments token of one class shares all of these, so
# color-contrast checks one representative per signature, chosen fully inside its block's visible
# box (a scrolled-off one would only be "incomplete"), and checks one by one every element it
# cannot vouch for: a background image, opacity, filter, blending or pseudo content on the way up,
# anything drawn over it (the copy button), text that wraps over lines, non-BMP text.
CONTRAST_PLAN_JS = "(" + r"""() => {
  // Code blocks: every Pygments token is an element of its own, and all tokens of one class look alike.
  const regions = [...document.querySelectorAll('div.highlight pre')];
  const boxes = [...document.body.querySelectorAll('*')].map(e => [e, e.getBoundingClientRect()])
                  .filter(([e, r]) => r.width > 0 && r.height > 0);
  // axe's color-contrast skips text that is only punctuation, emoji or non-BMP characters.
  const bare = t => !axe.commons.text.sanitize(axe.commons.text.removeUnicode(t, {emoji: true, nonBmp: true, punctuations: true}));
  let skipped = 0;
  const rectOf = new Map();
  const styleOf = new Map();
  const cs = e => { let s = styleOf.get(e); if (!s) { s = getComputedStyle(e); styleOf.set(e, s); } return s; };
  // A pseudo element axe's color-contrast takes into account (its pseudoSizeThreshold test: shown,
  // absolutely positioned, with a background); any other it ignores, as it does here.
  const pseudo = e => ['::before', '::after'].some(p => {
    const s = getComputedStyle(e, p);
    return s.content !== 'none' && s.content !== 'normal' && s.display !== 'none' && s.visibility !== 'hidden' &&
           s.position === 'absolute' && (s.backgroundImage !== 'none' || !/^(transparent|rgba\(.*, 0\))$/.test(s.backgroundColor));
  });
  const inside = (r, c) => r.left >= c.left - 0.5 && r.right <= c.right + 0.5 && r.top >= c.top - 0.5 && r.bottom <= c.bottom + 0.5;
  const meets = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  // What of an ancestor chain decides a text's composited background: each background colour up to
  // the first opaque one; anything else (images, opacity, filters, blending, pseudo content) -> null.
  const chainKey = new Map();
  const chain = e => {
    if (!e || e === document.documentElement.parentNode) return '';
    if (chainKey.has(e)) return chainKey.get(e);
    const s = cs(e);
    let key;
    if (s.backgroundImage !== 'none' || parseFloat(s.opacity) < 1 || s.filter !== 'none' ||
        s.mixBlendMode !== 'normal' || s.backdropFilter !== 'none' || pseudo(e)) key = null;
    else {
      const up = chain(e.parentElement);
      key = up === null ? null : s.backgroundColor + '|' + up;
    }
    chainKey.set(e, key);
    return key;
  };
  const text = e => [...e.childNodes].filter(n => n.nodeType === 3).map(n => n.data).join('').replace(/\s+/g, ' ').trim();
  const groups = new Map();  // signature -> {members, rep}
  const single = [];         // checked one by one
  let elements = 0;
  for (const region of regions) {
    const rr = region.getBoundingClientRect();
    const family = new Set([region, ...region.querySelectorAll('*')]);
    for (let a = region.parentElement; a; a = a.parentElement) family.add(a);
    // Anything drawn over the block that is not part of it (e.g. the copy button).
    const over = boxes.filter(([o, r]) => meets(r, rr) && !family.has(o) && !o.contains(region)).map(([o, r]) => r);
    // The visible box: the intersection of every clipping ancestor's box.
    let clip = {left: -Infinity, top: -Infinity, right: Infinity, bottom: Infinity};
    for (let a = region; a && a !== document.documentElement; a = a.parentElement) {
      if (cs(a).overflowX !== 'visible' || cs(a).overflowY !== 'visible') {
        const r = a.getBoundingClientRect();
        clip = {left: Math.max(clip.left, r.left + a.clientLeft), top: Math.max(clip.top, r.top + a.clientTop),
                right: Math.min(clip.right, r.left + a.clientLeft + a.clientWidth),
                bottom: Math.min(clip.bottom, r.top + a.clientTop + a.clientHeight)};
      }
    }
    for (const e of family) {
      if (e !== region && !region.contains(e)) continue;
      const t = text(e);
      if (!t) continue;
      elements++;
      if (bare(t)) { skipped++; continue; }
      const r = e.getBoundingClientRect();
      const s = cs(e);
      const bg = chain(e);
      if (bg === null || /[^\u0000-\uFFFF]/u.test(t) || s.webkitTextStrokeWidth !== '0px' ||
          e.getClientRects().length > 1 || over.some(o => meets(o, r))) { single.push(e); continue; }
      const sig = [s.color, s.fontSize, s.fontWeight, s.textShadow, s.visibility, s.display,
                   e.checkVisibility({checkOpacity: true, checkVisibilityCSS: true}),
                   t.length === 1, bg].join(';');
      let g = groups.get(sig);
      if (!g) groups.set(sig, g = {members: [], rep: null});
      g.members.push(e);
      if (!g.rep && r.width > 0 && inside(r, clip)) g.rep = e;
    }
  }
  const checked = [...single];
  for (const g of groups.values()) { if (g.rep) checked.push(g.rep); else checked.push(...g.members); }
  const sameAs = new Map([...groups.values()].filter(g => g.rep).map(g => [g.rep, g.members.length]));
  const unrepresented = [...groups.values()].filter(g => !g.rep).reduce((n, g) => n + g.members.length, 0);
  return {regions, checked, sameAs, elements, skipped, unrepresented, groups: groups.size, single: single.length};
}""" + ")()"

# MathJax's visual markup during axe (CONTRIBUTING.md, "Accessibility"): each typeset formula is an
# mjx-container holding the visual rendering (mjx-math, aria-hidden="true": hundreds of mjx-*
# elements whose glyphs are CSS content, no text) and mjx-assistive-mml, the MathML that assistive
# technology reads. axe judges the visual part with no rule: the rules that skip content hidden
# from screen readers (excludeHidden) skip all of it, and the others (INERT_RULES) need text, an
# id, an aria-hidden root or an element it has none of. So, while axe runs, each mjx-math whose
# markup is proven that inert (only mjx-* elements, no text, no attribute but MathJax's own
# layout ones, no !important style) is emptied: its element stays, aria-hidden, with its box
# pinned to the same size and baseline, and its children come back after the run. The layout
# is checked unchanged (every formula's and every text block's box, to 0.5 px), and a formula
# whose markup is not inert is left for axe as it is. Any rule of the run that does not skip
# hidden content and is not in INERT_RULES fails the test: the argument must be made again.
INERT_RULES = ["area-alt", "aria-hidden-body", "aria-hidden-focus", "blink", "color-contrast",
               "duplicate-id-aria", "link-in-text-block", "marquee", "meta-refresh", "meta-viewport",
               "no-autoplay-audio"]
MATH_STANDIN_JS = "(" + r"""() => {
  const LAYOUT = new Set(['class', 'style', 'space', 'size', 'texclass', 'type', 'limits', 'justify',
                          'atop', 'delims', 'extra', 'variant', 'rspace', 'lspace', 'width', 'side']);
  const ROOT = new Set(['class', 'style', 'aria-hidden', 'display', 'width', 'breakable']);
  const inert = m => {
    if (m.getAttribute('aria-hidden') !== 'true' || [...m.attributes].some(a => !ROOT.has(a.name))) return false;
    for (const e of m.querySelectorAll('*')) {
      if (!e.localName.startsWith('mjx-')) return false;
      for (const a of e.attributes) if (!LAYOUT.has(a.name)) return false;
      if (/!\s*important/i.test(e.getAttribute('style') || '')) return false;
    }
    const w = document.createTreeWalker(m, NodeFilter.SHOW_TEXT);
    for (let t = w.nextNode(); t; t = w.nextNode()) if (t.data.trim()) return false;
    return true;
  };
  const all = [...document.querySelectorAll('mjx-container > mjx-math')];
  const chosen = all.filter(m => m.parentElement.querySelector(':scope > mjx-assistive-mml') && inert(m));
  // What must not move: every formula, and every block of text around them.
  const watched = [...document.querySelectorAll('mjx-container, p, li, dt, dd, h1, h2, h3, h4, td, th, pre, figcaption, .admonition-title')];
  const before = watched.map(e => e.getBoundingClientRect());
  // Each formula's baseline, by which it sits on its line: that of its last line box, where a
  // zero-size inline-block appended to it sits.
  const probes = chosen.map(m => { const p = document.createElement('mjx-probe');
    p.style.cssText = 'display:inline-block;width:0;height:0;margin:0;padding:0;border:0';
    m.append(p); return p; });
  const boxes = chosen.map((m, i) => [m.getBoundingClientRect(), probes[i].getBoundingClientRect().bottom, getComputedStyle(m)]);
  probes.forEach(p => p.remove());
  const saved = chosen.map((m, i) => {
    const [r, base, cs] = boxes[i];
    const kept = {style: m.getAttribute('style'), children: [...m.childNodes]};
    const fixed = `display:inline-block;box-sizing:border-box;width:${r.width}px;height:${r.height}px;` +
                  `vertical-align:${base - r.bottom}px;margin:${cs.margin};padding:0;border:0`;
    m.replaceChildren();
    m.setAttribute('style', fixed);
    return [m, kept];
  });
  const after = watched.map(e => e.getBoundingClientRect());
  let moved = 0; const movedExamples = [];
  watched.forEach((e, i) => {
    const a = before[i], b = after[i];
    const d = Math.max(Math.abs(a.left - b.left), Math.abs(a.top - b.top), Math.abs(a.width - b.width), Math.abs(a.height - b.height));
    if (d > 0.5) { moved++; if (movedExamples.length < 3) movedExamples.push(`${e.localName} "${e.textContent.trim().slice(0, 30)}" by ${d.toFixed(1)} px`); }
  });
  const restore = () => saved.forEach(([m, kept]) => {
    m.replaceChildren(...kept.children);
    if (kept.style === null) m.removeAttribute('style'); else m.setAttribute('style', kept.style);
  });
  const elements = saved.reduce((n, [, kept]) => n + kept.children.reduce((k, c) => k + 1 + (c.querySelectorAll ? c.querySelectorAll('*').length : 0), 0), 0);
  return {restore, formulas: all.length, emptied: chosen.length, elements, moved, movedExamples};
}""" + ")()"

# One visit's axe: one run of the full rule set over the whole document, in which color-contrast
# (its rule's `matches`, wrapped for the run) skips the code blocks' text elements except the
# representatives and singles. Coverage is proven, not assumed: color-contrast's check (wrapped too)
# records every element it evaluates, and each element the plan asked for must be among them.
AXE_RUN_JS = """async ([options, dedup]) => {
  if (!dedup) return {violations: (await axe.run(document, options)).violations};
  const ms = {}; let t0 = performance.now();
  const lap = k => { const t = performance.now(); ms[k] = Math.round(t - t0); t0 = t; };
  // Rules of this run that judge content hidden from screen readers and are not argued inert.
  const unargued = axe._audit.rules.filter(r => r.enabled !== false && !r.excludeHidden &&
      r.tags.some(t => options.runOnly.values.includes(t)) && !INERT.includes(r.id)).map(r => r.id);
  const math = STANDIN;
  lap('math');
  let plan, result;
  const offered = new Set(), evaluated = new Set();
  try {
    plan = PLAN;
    lap('plan');
    const code = new Set(plan.regions.flatMap(r => [r, ...r.querySelectorAll('*')]));
    const wanted = new Set(plan.checked);
    const rule = axe._audit.rules.find(r => r.id === 'color-contrast');
    const check = axe._audit.checks['color-contrast'];
    const [matches, evaluate] = [rule.matches, check.evaluate];
    rule.matches = function (node, ...rest) {
      if (code.has(node) && !wanted.has(node)) return false;
      if (wanted.has(node)) offered.add(node);
      return matches.call(this, node, ...rest);
    };
    check.evaluate = function (node, ...rest) { evaluated.add(node); return evaluate.call(this, node, ...rest); };
    try {
      result = await axe.run(document, {...options, elementRef: true});
    } finally {
      [rule.matches, check.evaluate] = [matches, evaluate];
    }
  } finally {
    math.restore();
  }
  lap('axe');
  // Missed: an element never offered to color-contrast, or a representative that axe's own
  // matching left out (its look-alikes would then go unchecked). Elements checked one by one that
  // axe's matching leaves out are left out by the full run too.
  const missed = plan.checked.filter(e => !offered.has(e) || (plan.sameAs.has(e) && !evaluated.has(e)));
  const describe = e => `${e.localName}.${[...e.classList].join('.')} "${e.textContent.trim().slice(0, 30)}"`;
  const violations = result.violations.map(v => ({...v, nodes: v.nodes.map(({element, ...n}) => {
    const same = plan.sameAs.get(element);
    if (v.id === 'color-contrast' && same > 1)
      n.failureSummary = `(one of ${same} code tokens styled alike) ` + n.failureSummary;
    return n;
  })}));
  return {violations, coverage: {ms, elements: plan.elements, skipped: plan.skipped, groups: plan.groups,
          single: plan.single, unrepresented: plan.unrepresented, checked: plan.checked.length, evaluated: plan.checked.filter(e => evaluated.has(e)).length,
          missed: missed.length, examples: missed.slice(0, 5).map(describe),
          math: {formulas: math.formulas, emptied: math.emptied, elements: math.elements, moved: math.moved,
                 movedExamples: math.movedExamples, unargued}}};
}""".replace("PLAN", CONTRAST_PLAN_JS).replace("STANDIN", MATH_STANDIN_JS).replace("INERT", json.dumps(INERT_RULES))


def run_axe(page, dedup: bool = True) -> dict:
    """axe-core's violations on the page as it is now, with its full WCAG 2.1 A/AA rule set.

    Returns {"violations": [...], "coverage": {...}}: with `dedup`, color-contrast checks one
    representative per signature inside code blocks (AXE_RUN_JS) and "coverage" says how many
    text elements there were, how many axe checked and which it was asked to check but did not
    report on (which the accessibility test fails on). axe-core is injected once per page (the
    dark-mode run reuses it).
    """
    if page.evaluate("() => !(window.axe && axe.version)"):
        page.evaluate(AXE_CORE.read_text(encoding="utf-8"))
    return page.evaluate(AXE_RUN_JS, [AXE_OPTIONS, dedup])


# Opens every collapsed thing a reader can open: toggled admonitions (solutions, hints, "show code")
# and <details> elements, so that their contents are checked too.
OPEN_DROPDOWNS_JS = """() => {
  document.querySelectorAll('.toggle-button.toggle-button-hidden').forEach(b => b.click());
  document.querySelectorAll('details:not([open])').forEach(d => { d.open = true; });
}"""


# Each solution's state in one round trip: "visible" as Playwright means it (a non-empty box, not
# visibility: hidden).
SOLUTIONS_JS = r"""() => {
  const shown = e => { const r = e.getBoundingClientRect();
                       return r.width > 0 && r.height > 0 && getComputedStyle(e).visibility !== 'hidden'; };
  return [...document.querySelectorAll('div.solution')].map((box, i) => {
    const title = box.querySelector(':scope > .admonition-title');
    const body = [...box.querySelectorAll(':scope > :not(.admonition-title)')];
    const buttons = box.querySelectorAll(':scope > .admonition-title .toggle-button');
    return {index: i, name: box.id || `solution ${i + 1}`, dropdown: box.classList.contains('dropdown'),
            title: !!title && shown(title), body: body.length, bodyShown: body.some(shown),
            firstShown: body.length > 0 && shown(body[0]), buttons: buttons.length,
            expanded: buttons.length === 1 ? buttons[0].getAttribute('aria-expanded') : null};
  });
}"""


def solution_problems(page) -> list[str]:
    """Each solution dropdown starts hidden and opens on a click of its toggle (leaves them open).

    Reads every solution's state in one evaluate, clicks each toggle (a real click, as a reader's),
    waits once for all the bodies to show, then reads every state again.
    """
    problems, clicked = [], []
    for s in page.evaluate(SOLUTIONS_JS):
        name = s["name"]
        if not s["dropdown"]:
            problems.append(f"{name}: not a dropdown (add `:class: dropdown` to its solution-start)")
            continue
        if not s["title"]:
            problems.append(f"{name}: its title is not visible")
        if s["body"] == 0:
            problems.append(f"{name}: has no body")
            continue
        if s["bodyShown"]:
            problems.append(f"{name}: its body is visible before any click")
        if s["buttons"] != 1:
            problems.append(f"{name}: has {s['buttons']} toggle buttons, expected 1")
            continue
        page.locator("div.solution").nth(s["index"]).locator(":scope > .admonition-title .toggle-button").click()
        clicked.append(s)
    if clicked:
        try:
            page.wait_for_function("""indexes => { const boxes = document.querySelectorAll('div.solution');
                return indexes.every(i => { const b = boxes[i].querySelector(':scope > :not(.admonition-title)');
                  const r = b.getBoundingClientRect();
                  return r.width > 0 && r.height > 0 && getComputedStyle(b).visibility !== 'hidden'; }); }""",
                                   arg=[s["index"] for s in clicked], timeout=3000)
        except Exception:
            pass  # the states read below say which
        after = page.evaluate(SOLUTIONS_JS)
        for s in clicked:
            now = after[s["index"]]
            if not now["firstShown"]:
                problems.append(f"{s['name']}: its body is still hidden after a click on its toggle button")
            elif now["expanded"] != "true":
                problems.append(f"{s['name']}: aria-expanded is {now['expanded']!r} once open")
    return problems


def visit_page(browser, base_url: str, page_name: str) -> dict:
    """One reader's visit of a page, feeding every browser check of tests/site/.

    In order, in one tab: load offline and wait for MathJax; read the math, the raw TeX and the
    images; check that solutions start hidden, clicking each open; open every other dropdown; run
    axe in light mode; switch to dark mode as a reader's system setting would; run axe in dark
    mode. A failing check gets its screenshots from `found["screenshot"]` (fail_with_screenshots).
    Console errors and failed
    or blocked requests are collected over the whole visit, except while axe-core itself runs. A
    step that throws is reported as that step's problem, and the visit goes on, so one failure
    never hides another.
    """
    tab = Tab(browser, base_url)
    found: dict = {"errors": {}, "axe": {}, "axe_coverage": {}, "theme": {}, "seconds": {}}

    def screenshot(mode: str) -> Path:
        """For a failure report: the page as the checks saw it in `mode`, in a fresh tab (a window's
        worth: a full-page shot resizes the viewport, after which the theme re-computes tab stops)."""
        again = Tab(browser, base_url)
        try:
            again.open(page_name)
            again.page.evaluate(OPEN_DROPDOWNS_JS)
            again.settle()
            if mode == "dark":
                again.set_dark()
            FAILURES.mkdir(parents=True, exist_ok=True)
            return again.screenshot(FAILURES / f"{slug(page_name)}-{mode}.png", full_page=False)
        finally:
            again.close()

    found["screenshot"] = screenshot

    def axe_on(page):
        # axe-core re-fetches the page's stylesheets to read their rules, resolving the theme's
        # @import against the wrong base (a 404 for /basic.css): not something a reader meets.
        tab.recording = False
        try:
            result = run_axe(page)
            return result["violations"], result["coverage"]
        finally:
            tab.recording = True

    def step(name, action):
        start = time.perf_counter()
        try:
            return action()
        except Exception as exc:  # reported by the test that owns the step
            found["errors"][name] = f"{type(exc).__name__}: {exc}"
            return None
        finally:  # where a visit's time goes, for `make bench`
            found["seconds"][name] = found["seconds"].get(name, 0) + time.perf_counter() - start

    try:
        step("load", lambda: tab.open(page_name))
        found["math_state"] = tab.math or {"script": None, "state": "page did not load"}
        found["math"] = step("math", lambda: tab.page.evaluate(MATH_JS))
        found["raw_tex"] = step("math", lambda: tab.page.evaluate(RAW_TEX_JS)) or []
        found["images"] = step("images", lambda: tab.page.evaluate(IMAGES_JS)) or []
        found["answers_visible"] = step("solutions", lambda: tab.page.evaluate(VISIBLE_ANSWERS_JS)) or []
        found["solutions"] = step("solutions", lambda: solution_problems(tab.page))
        step("dropdowns", lambda: (tab.page.evaluate(OPEN_DROPDOWNS_JS), tab.settle()))
        found["theme"]["light"] = step("axe-light", lambda: tab.page.evaluate("document.documentElement.dataset.theme"))
        found["axe"]["light"], found["axe_coverage"]["light"] = step("axe-light", lambda: axe_on(tab.page)) or (None, None)
        found["dark_theme"] = step("dark", tab.set_dark)
        found["theme"]["dark"] = found["dark_theme"]
        found["dark_filters"] = step("dark", lambda: tab.page.evaluate(IMAGE_FILTERS_JS)) or []
        found["axe"]["dark"], found["axe_coverage"]["dark"] = step("axe-dark", lambda: axe_on(tab.page)) or (None, None)
        found.update(console=list(tab.console_errors), failed=list(tab.failed_requests),
                     blocked=list(tab.blocked))
        return found
    finally:
        tab.close()

