"""The book's interactive figures, in headless Chromium, offline (CONTRIBUTING.md, "Interactive
figures").

The figures are found in the notebooks' stored outputs, not in the site: each output whose HTML
is a ``<figure class="mathai-interactive">`` carries, in its Plotly JSON representation, every
precomputed state (slider step k: the trace data and title the notebook's code computed). For
each figure the page is opened in its own offline tab and
- loads with no console error, no failed request and no request outside the site, with Plotly
  set up before any AMD loader (``window.Plotly`` exists and the figure is drawn);
- its slider is a labelled native range input, and moving it with the keyboard (End, Home, then
  ArrowRight step by step) puts exactly the notebook's state k into the plotted data;
- with JavaScript off, the PNG fallback loads and is opaque.
The page-wide checks (axe in light and dark mode, images, math) run on these pages with every
other page (test_site_pages.py, test_site_accessibility.py).
"""
from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from PIL import Image
from site_allowlist import console_allowed
from sitetest import SETTLE_JS, SITE, fail, slug

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools.figure_outputs import figure_outputs  # noqa: E402
from tools.site_browser import block_network, is_local  # noqa: E402

PLOTLY_MIME = "application/vnd.plotly.v1+json"
PART = {"I": range(1, 5), "II": range(5, 8), "III": range(8, 11), "IV": range(11, 14)}
SHOTS = ROOT / "_build" / "site-interactive"


# (page, name, Plotly spec) of every interactive figure in the chapters and appendices
FIGURES = [(f.page, f.name, f.data.get(PLOTLY_MIME)) for f in figure_outputs("interactive") if f.name]
IDS = [f"{page}-{name}" for page, name, _ in FIGURES]


def test_one_interactive_figure_per_part():
    chapters = {int(page[9:11]) for page, _, _ in FIGURES if page.startswith("chapters/")}
    missing = [part for part, numbers in PART.items() if not chapters & set(numbers)]
    assert not missing, f"no interactive figure in Part {', '.join(missing)} (figures: {IDS})"


@pytest.mark.parametrize(("page", "name", "spec"), FIGURES, ids=IDS)
def test_figure_output_is_complete(page, name, spec):
    """The notebook stored all three representations, and the states are well formed."""
    assert spec is not None, f"{page} {name}: no {PLOTLY_MIME} representation"
    steps = spec["layout"]["sliders"][0]["steps"]
    assert len(steps) >= 2, f"{name}: a slider needs at least two states"
    assert all(step["method"] == "update" and len(step["args"]) == 3 for step in steps), \
        f"{name}: every step is an update with (traces, layout, trace indices)"
    assert (SITE / "_interactive" / f"{name}.png").is_file(), f"{name}: no PNG fallback in the site"


READ_FIGURE_JS = """(name) => {
  const figure = document.querySelector(`figure.mathai-interactive[data-name="${name}"]`);
  const gd = figure && figure.querySelector('.plotly-graph-div');
  const input = figure && figure.querySelector('input[type=range]');
  const label = input && document.querySelector(`label[for="${input.id}"]`);
  return {
    figure: !!figure, plotly: typeof window.Plotly, drawn: !!(gd && gd._fullLayout && gd.querySelector('svg')),
    input: input && {value: input.value, min: input.min, max: input.max,
                     valuetext: input.getAttribute('aria-valuetext')},
    label: label && label.textContent, caption: figure && figure.querySelector('figcaption')?.textContent,
    // The description: the element the figure's aria-describedby names.
    imgLabel: figure && document.getElementById(figure.getAttribute('aria-describedby'))?.textContent,
    title: gd && gd.layout && gd.layout.title && gd.layout.title.text,
    data: gd && gd.data ? gd.data.map(t => ({x: Array.from(t.x), y: Array.from(t.y)})) : null,
    // The first script that runs as it is parsed (the theme's deferred ones run after it).
    firstScript: [...document.scripts].find(s => s.src && !s.defer && !s.async)?.src,
  };
}"""


PLOT_WIDTH_JS = """(name) => {
  const gd = document.querySelector(`figure.mathai-interactive[data-name="${name}"] .plotly-graph-div`);
  return [Math.round(gd._fullLayout._size.w), gd.clientWidth];
}"""


# Waits until the theme's transitions have ended (sitetest.SETTLE_JS) and Plotly has laid the figure out anew for its
# width (mathai-interactive.js: a ResizeObserver, then Plotly.Plots.resize, then the margins for a
# phone below 600 px or the figure's own above), the same for three frames in a row; at most 15 s
# (generous for a loaded machine, and paid only when it fails).
RELAID_OUT_JS = """async ([name, wide]) => {
  const gd = document.querySelector(`figure.mathai-interactive[data-name="${name}"] .plotly-graph-div`);
  const frame = () => new Promise(r => requestAnimationFrame(() => r()));
  const t0 = performance.now();
  const settled = () => {
    const fl = gd._fullLayout, w = gd.clientWidth;
    if (!fl || Math.round(fl.width) !== w) return null;
    const ok = w < 600 ? fl.margin.l <= 45 && fl.margin.r <= 15 : fl.margin.l === wide[0] && fl.margin.r === wide[1];
    return ok ? [w, fl.margin.l, fl.margin.r].join() : null;
  };
  let last = null, same = 0;
  while (performance.now() - t0 < 15000) {
    await (SETTLE)();
    const now = settled();
    same = now !== null && now === last ? same + 1 : 0;
    last = now;
    if (same >= 3) return true;
    await frame();
  }
  return false;
}""".replace("SETTLE", SETTLE_JS)


def wide_margins(spec: dict) -> list[int]:
    """The plot's side margins above 600 px: the figure's own, else Plotly's default 80 px."""
    margin = spec["layout"].get("margin", {})
    return [margin.get("l", 80), margin.get("r", 80)]


def open_tab(chromium, base_url, page, **context_options):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, **context_options)
    blocked = block_network(context)
    tab = context.new_page()
    problems: list[str] = []
    def error(text):
        if not console_allowed(text):
            problems.append(text)

    tab.on("console", lambda m: m.type == "error" and error(f"console error: {m.text}"))
    tab.on("pageerror", lambda exc: error(f"uncaught exception: {exc}"))
    if context_options.get("java_script_enabled", True):  # else Chromium cancels the scripts
        tab.on("requestfailed", lambda r: is_local(r.url) and problems.append(f"failed request: {r.url}"))
    tab.on("response", lambda r: r.status >= 400 and problems.append(f"HTTP {r.status}: {r.url}"))
    tab.goto(base_url + page, wait_until="load")
    return context, tab, blocked, problems


def state_problems(found, step, k):
    """How the plotted data differ from the notebook's state k (empty when they agree)."""
    traces, layout, indices = step["args"]
    problems = []
    for j, index in enumerate(indices):
        for axis in ("x", "y"):
            want, got = traces[axis][j], found["data"][index][axis]
            same = len(want) == len(got) and all(
                (a is None and b is None) or (a is not None and b is not None and abs(a - b) <= 1e-9 * max(1, abs(a)))
                for a, b in zip(want, got))
            if not same:
                problems.append(f"state {k}: trace {index} {axis} = {got[:4]}... but the notebook computed {want[:4]}...")
    if "title.text" in layout and found["title"] != layout["title.text"]:
        problems.append(f"state {k}: title {found['title']!r}, the notebook's is {layout['title.text']!r}")
    return problems


@pytest.mark.parametrize(("page", "name", "spec"), FIGURES, ids=IDS)
def test_slider_moves_by_keyboard_to_each_precomputed_state(chromium, base_url, page, name, spec):
    context, tab, blocked, problems = open_tab(chromium, base_url, page)
    try:
        tab.wait_for_selector(f'figure[data-name="{name}"] input[type=range]', timeout=10000)
        found = tab.evaluate(READ_FIGURE_JS, name)
        slider = spec["layout"]["sliders"][0]
        steps = slider["steps"]
        if found["plotly"] != "object" or not found["drawn"]:
            problems.append(f"Plotly {found['plotly']}, figure drawn: {found['drawn']}")
        if "/_interactive/plotly.min.js" not in (found["firstScript"] or ""):
            problems.append(f"plotly.min.js is not the page's first script (first: {found['firstScript']})")
        if not found["label"] or not found["label"].strip():
            problems.append("the slider has no label")
        if (found["input"]["min"], found["input"]["max"]) != ("0", str(len(steps) - 1)):
            problems.append(f"slider range {found['input']}, expected 0..{len(steps) - 1}")
        if not found["imgLabel"] or len(found["imgLabel"].split()) < 3 or not found["caption"]:
            problems.append("the figure needs a description (aria-describedby) and a caption")
        active = slider.get("active", 0)
        if found["input"]["value"] != str(active):
            problems.append(f"the slider starts at {found['input']['value']}, the figure at state {active}")
        problems += state_problems(found, steps[active], active)
        handle = tab.locator(f'figure[data-name="{name}"] input[type=range]')
        handle.focus()
        for key, k in [("End", len(steps) - 1), ("Home", 0)] + [("ArrowRight", k) for k in range(1, len(steps))]:
            handle.press(key)
            found = tab.evaluate(READ_FIGURE_JS, name)
            if found["input"]["value"] != str(k):
                problems.append(f"after {key} the slider is at {found['input']['value']}, expected {k}")
            elif found["input"]["valuetext"] != slider["currentvalue"]["prefix"] + steps[k]["label"]:
                problems.append(f"after {key}: aria-valuetext {found['input']['valuetext']!r}")
            problems += state_problems(found, steps[k], k)
        # Screenshots to look at (not compared): both widths, both themes.
        for mode in ("light", "dark"):
            tab.emulate_media(color_scheme=mode)
            for width in (1280, 390):
                tab.set_viewport_size({"width": width, "height": 900})
                if not tab.evaluate(RELAID_OUT_JS, [name, wide_margins(spec)]):
                    problems.append(f"at {width} px ({mode}) Plotly did not lay the plot out to the figure's width "
                                    "within 15 s")
                tab.locator(f'figure[data-name="{name}"]').screenshot(
                    path=str(SHOTS / f"{slug(name)}-{width}-{mode}.png"))
                # On a phone the plot keeps most of the figure's width (not Plotly's 80 px margins).
                plot, total = tab.evaluate(PLOT_WIDTH_JS, name)
                if width == 390 and plot < 0.75 * total:
                    problems.append(f"at {width} px the plot is {plot} of {total} px wide")
        problems += [f"needs the internet: {url}" for url in blocked]
    finally:
        context.close()
    if problems:
        fail(page, f"interactive figure {name}", problems)


@pytest.mark.parametrize(("page", "name", "spec"), FIGURES, ids=IDS)
def test_static_fallback_without_javascript(chromium, base_url, page, name, spec):
    context, tab, blocked, problems = open_tab(chromium, base_url, page, java_script_enabled=False)
    try:
        img = tab.locator(f'figure[data-name="{name}"] noscript img, figure[data-name="{name}"] img').first
        info = img.evaluate("i => ({w: i.naturalWidth, alt: i.alt, src: i.currentSrc})") if img.count() else None
        if not info or not info["w"]:
            problems.append(f"the fallback image did not load: {info}")
        else:
            png = Image.open(io.BytesIO((SITE / "_interactive" / f"{name}.png").read_bytes())).convert("RGBA")
            if png.getextrema()[3][0] < 255:
                problems.append("the fallback PNG is not opaque")
    finally:
        context.close()
    if problems:
        fail(page, f"static fallback of {name}", problems)
