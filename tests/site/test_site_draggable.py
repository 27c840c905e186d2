"""The book's draggable figures (JSXGraph), in headless Chromium, offline (CONTRIBUTING.md,
"Interactive figures").

The figures are found in the notebooks' stored outputs: each output whose HTML is a
``<figure class="mathai-draggable">`` carries, in a JSON script, the numbers the notebook's code
computed (the matrix A, its eigenpairs, the first x, the grid step). For each figure the page is
opened in its own offline tab (sitetest.Tab: no request leaves the machine) and
- it loads with no console error and no failed request, and the board is drawn and named;
- dragging x with the mouse to a grid point, the arrow keys on the focused point and the two
  number inputs each put x there, and the figure's ``data-ax`` is A x computed here in Python;
- at an eigenvector (2, 1) of A the figure says ``data-parallel`` and the readout gives lambda;
- the live figure is described (``aria-describedby``) by the notebook's description of the board;
- with JavaScript off, the static picture (an ``<img>`` of the SVG) shows, with its alt text.
"""
from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest
from sitetest import Tab

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
from tools.figure_outputs import figure_outputs  # noqa: E402
from tools.site_browser import block_network  # noqa: E402
# (page, name, numbers) of every draggable figure in the chapters and appendices
FIGURES = [(f.page, f.name, f.numbers) for f in figure_outputs("draggable") if f.name]
IDS = [f"{page}-{name}" for page, name, _ in FIGURES]

STATE_JS = """(name) => {
  const f = document.querySelector(`figure.mathai-draggable[data-name="${name}"]`);
  const board = f && f.querySelector('.mathai-draggable-board');
  const readout = f && f.querySelector('.mathai-draggable-readout');
  return {ready: !!f && f.classList.contains('mathai-draggable-ready'), jxg: typeof window.JXG,
          svg: !!(board && board.querySelector('svg')),
          label: board && (board.getAttribute('aria-label') || board.getAttribute('aria-labelledby')
                           || (board.querySelector('svg') || {getAttribute: () => null}).getAttribute('aria-label')),
          title: board && board.title,
          x: f && f.dataset.x, ax: f && f.dataset.ax, parallel: f && f.dataset.parallel,
          description: f && (f.getAttribute('aria-describedby') || '').split(' ').filter(Boolean)
            .map(id => (document.getElementById(id) || {textContent: ''}).textContent).join(' '),
          readout: readout && readout.textContent};
}"""

# The point x of the board: its screen position for a given (x1, x2), and its focusable node.
POINT_JS = """([name, x1, x2]) => {
  const f = document.querySelector(`figure.mathai-draggable[data-name="${name}"]`);
  const board = Object.values(JXG.boards).find(b => b.containerObj.closest('figure') === f);
  const p = board.objectsList.find(o => o.elType === 'point' && o.name === 'x');
  const r = board.containerObj.getBoundingClientRect();
  const at = (u, v) => { const c = new JXG.Coords(JXG.COORDS_BY_USER, [u, v], board);
                         return [r.left + c.scrCoords[1], r.top + c.scrCoords[2]]; };
  return {now: at(p.X(), p.Y()), target: at(x1, x2), id: p.rendNode && p.rendNode.id};
}"""


def expected(data, x):
    x = np.round(np.asarray(x, dtype=float) / data["step"]) * data["step"]
    return x, np.asarray(data["A"]) @ x


def eigenvalue_along(data, x):
    """NumPy's eigenvalue of A whose eigenvector is parallel to x."""
    values, vectors = np.linalg.eig(np.asarray(data["A"]))
    return next(float(v) for v, u in zip(values, vectors.T) if abs(u[0] * x[1] - u[1] * x[0]) < 1e-9)


def parsed(text):
    return np.array([float(v) for v in text.split(",")])


@pytest.fixture
def tab(chromium, base_url):
    tab = Tab(chromium, base_url)
    yield tab
    tab.close()


def opened(tab, page, name):
    tab.open(page)
    tab.page.wait_for_function(
        "(n) => document.querySelector(`figure.mathai-draggable[data-name=\"${n}\"].mathai-draggable-ready`)",
        arg=name, timeout=10000)
    tab.page.locator(f'figure.mathai-draggable[data-name="{name}"]').scroll_into_view_if_needed()
    return tab.page.evaluate(STATE_JS, name)


def check_state(tab, name, data, x, how):
    state = tab.page.evaluate(STATE_JS, name)
    want_x, want_ax = expected(data, x)
    got_x, got_ax = parsed(state["x"]), parsed(state["ax"])
    assert np.allclose(got_x, want_x, atol=1e-9, rtol=0), f"{name} after {how}: x = {got_x}, expected {want_x}"
    assert np.allclose(got_ax, want_ax, atol=1e-9, rtol=0), \
        f"{name} after {how}: data-ax = {got_ax}, expected A x = {want_ax} (readout: {state['readout']!r})"
    return state


def test_a_draggable_figure_exists():
    assert FIGURES, "no <figure class=\"mathai-draggable\"> in any notebook's stored outputs"


@pytest.mark.parametrize(("page", "name", "data"), FIGURES, ids=IDS)
def test_loads_offline_drawn_and_named(tab, page, name, data):
    state = opened(tab, page, name)
    assert not tab.console_errors, f"{page}: console errors: {tab.console_errors}"
    assert not tab.failed_requests, f"{page}: failed requests: {tab.failed_requests}"
    assert state["jxg"] == "object" and state["svg"], f"{name}: JSXGraph board not drawn: {state}"
    assert state["label"] or state["title"], f"{name}: the board has no accessible name: {state}"
    assert state["description"] == data.get("description"), \
        f"{name}: the live figure's description (aria-describedby) is {state['description']!r}, " \
        f"not the notebook's {data.get('description')!r}"
    check_state(tab, name, data, data["x0"], "loading")


@pytest.mark.parametrize(("page", "name", "data"), FIGURES, ids=IDS)
def test_mouse_drag_to_eigenvector(tab, page, name, data):
    opened(tab, page, name)
    target = (2.0, 1.0)
    where = tab.page.evaluate(POINT_JS, [name, *target])
    mouse = tab.page.mouse
    mouse.move(*where["now"])
    mouse.down()
    mouse.move(*where["target"], steps=12)
    mouse.up()
    state = check_state(tab, name, data, target, "a mouse drag to (2, 1)")
    # (2, 1) is along an eigenvector of A: the figure says so, and gives the eigenvalue
    lam = eigenvalue_along(data, target)
    assert state["parallel"] == "true", f"{name} at (2, 1): data-parallel = {state['parallel']!r}"
    assert f"Ax = {lam:.3f} x" in state["readout"], f"{name} at (2, 1): readout {state['readout']!r}, λ = {lam}"


@pytest.mark.parametrize(("page", "name", "data"), FIGURES, ids=IDS)
def test_keyboard_moves_x(tab, page, name, data):
    opened(tab, page, name)
    where = tab.page.evaluate(POINT_JS, [name, 0, 0])
    assert where["id"], f"{name}: the point x has no SVG node to focus"
    tab.page.focus(f"[id='{where['id']}']")
    x = list(data["x0"])
    for key, dx, dy in (("ArrowRight", 1, 0), ("ArrowRight", 1, 0), ("ArrowDown", 0, -1), ("ArrowLeft", -1, 0)):
        tab.page.keyboard.press(key)
        x = [x[0] + dx * data["step"], x[1] + dy * data["step"]]
    state = check_state(tab, name, data, x, "the arrow keys")
    assert state["parallel"] == "false", f"{name} at {x}: says parallel"


@pytest.mark.parametrize(("page", "name", "data"), FIGURES, ids=IDS)
def test_number_inputs_move_x(tab, page, name, data):
    opened(tab, page, name)
    figure = tab.page.locator(f'figure.mathai-draggable[data-name="{name}"]')
    for i, value in ((1, "-0.5"), (2, "0.5")):
        field = figure.locator(f"input.mathai-draggable-x{i}")
        label = tab.page.locator(f"label[for='{field.get_attribute('id')}']").text_content()
        assert label and "coordinate" in label, f"{name}: input {i} has no label"
        field.fill(value)
    state = check_state(tab, name, data, (-0.5, 0.5), "typing (-0.5, 0.5) into the number inputs")
    assert state["parallel"] == "true", f"{name} at (-0.5, 0.5), an eigenvector: {state['readout']!r}"
    lam = eigenvalue_along(data, (-0.5, 0.5))
    assert f"Ax = {lam:.3f} x" in state["readout"], f"{name} at (-0.5, 0.5): readout {state['readout']!r}"


@pytest.mark.parametrize(("page", "name", "data"), FIGURES, ids=IDS)
def test_a_near_miss_is_not_called_an_eigenvector(tab, page, name, data):
    """(1.5, 0.7) is within 1° of the eigen-direction (2, 1) but not on it: A x ≠ λ x."""
    opened(tab, page, name)
    figure = tab.page.locator(f'figure.mathai-draggable[data-name="{name}"]')
    target = (1.5, 0.7)
    A = np.array(data["A"])
    image = A @ np.array(target)
    assert abs(target[0] * image[1] - target[1] * image[0]) > 1e-6, "the test's point is on an eigen-direction"
    for i, value in ((1, "1.5"), (2, "0.7")):
        figure.locator(f"input.mathai-draggable-x{i}").fill(value)
    state = check_state(tab, name, data, target, "typing (1.5, 0.7) into the number inputs")
    assert state["parallel"] == "false", f"{name} at (1.5, 0.7), not an eigenvector: {state['readout']!r}"
    assert "eigenvector" not in state["readout"] and "Almost parallel" in state["readout"], state["readout"]


@pytest.mark.parametrize(("page", "name", "data"), FIGURES, ids=IDS)
def test_static_picture_without_javascript(chromium, base_url, page, name, data):
    """No JavaScript: the static picture stays, an image that loads, with its alt text."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    block_network(context)
    try:
        tab = context.new_page()
        tab.goto(base_url + page, wait_until="load")
        img = tab.locator(f'figure.mathai-draggable[data-name="{name}"] .mathai-draggable-static img')
        assert img.count() == 1, f"{name}: no static <img> in the figure"
        info = img.evaluate("i => ({w: i.naturalWidth, h: i.naturalHeight, alt: i.alt, "
                            "box: i.getBoundingClientRect().width, src: i.currentSrc.slice(0, 26)})")
        assert info["w"] and info["h"] and info["box"] > 200, f"{name}: the static picture does not show: {info}"
        assert info["src"] == "data:image/svg+xml;base64,", f"{name}: {info}"
        assert len(info["alt"].split()) >= 10, f"{name}: the static picture's alt text: {info['alt']!r}"
    finally:
        context.close()
