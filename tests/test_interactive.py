"""Interactive figures in the notebooks (CONTRIBUTING.md, "Interactive figures").

- Every chapter or appendix that shows one defines the helper with the cell
  ``tools/sphinxext/interactive/helper_cell.py``, character for character (the notebooks must
  run alone on Colab, so they cannot import it; the file is the one source of truth).
- Each figure's output has the three representations (site HTML, Plotly JSON for JupyterLab and
  Colab, PNG for the PDF), a stable div id derived from its name, and no random id.
- Executing the helper twice on the same figure gives byte-identical output (nbval then
  compares the stored HTML and JSON like any other output).
"""
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from figure_outputs import by_notebook, figure_outputs  # noqa: E402  (the notebook scan, shared)
HELPER = ROOT / "tools" / "sphinxext" / "interactive" / "helper_cell.py"
MARK = '<figure class="mathai-interactive"'
UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")

WITH = by_notebook(figure_outputs("interactive"))  # (path, notebook, outputs' data) per notebook


@pytest.mark.parametrize(("path", "nb", "figures"), WITH, ids=[p.stem for p, _, _ in WITH])
def test_helper_cell_is_the_shared_one(path, nb, figures):
    helpers = [c for c in nb["cells"] if "interactive-helper" in c["metadata"].get("tags", [])]
    assert len(helpers) == 1, f"{path.name}: one cell tagged interactive-helper, found {len(helpers)}"
    assert "".join(helpers[0]["source"]) == HELPER.read_text().rstrip("\n"), \
        f"{path.name}: the helper cell differs from {HELPER.relative_to(ROOT)}: paste the file into it"
    first = next(i for i, c in enumerate(nb["cells"]) if any(
        MARK in "".join(o.get("data", {}).get("text/html", "")) for o in c.get("outputs", [])))
    assert nb["cells"].index(helpers[0]) < first, f"{path.name}: the helper cell must come first"


@pytest.mark.parametrize(("path", "nb", "figures"), WITH, ids=[p.stem for p, _, _ in WITH])
def test_outputs_are_complete_and_stable(path, nb, figures):
    for data in figures:
        html = "".join(data["text/html"])
        name = re.search(r'data-name="([^"]+)"', html)[1]
        assert name.startswith("fig-"), f"{path.name}: name {name!r} must start with fig-"
        assert f'<div id="{name}" class="plotly-graph-div"' in html, f"{name}: div id is not the name"
        assert not UUID.search(html), f"{name}: a random id in the HTML: {UUID.search(html)[0]}"
        assert "cdn.plot.ly" not in html and "<script src" not in html, f"{name}: loads a script itself"
        assert {"text/html", "image/png", "application/vnd.plotly.v1+json", "text/plain"} <= set(data)
        alt = re.search(rf'aria-describedby="{name}-alt">.*<p id="{name}-alt" class="visually-hidden">([^<]{{20,}})</p>', html, re.S)
        assert alt and "<figcaption>" in html, f"{name}: a description (aria-describedby) and a caption"


def test_helper_output_is_byte_identical_across_runs():
    """Run the helper on one figure in two fresh interpreters: the same bytes."""
    import subprocess

    script = (
        "import json, sys, numpy as np, matplotlib; matplotlib.use('Agg')\n"
        "import matplotlib.pyplot as plt\n"
        "import IPython.display\n"
        "out = []\n"
        f"g = {{'np': np, 'plt': plt}}\nexec(open({str(HELPER)!r}).read(), g)\n"
        "g['display'] = lambda b, raw=False: out.append(b)\n"
        "go = g['go']\n"
        "xs = np.linspace(0, 1, 7)\n"
        "states = [({'y': [(xs ** p).tolist()]}, {'title.text': f'p = {p}'}, [0])"
        " for p in (1, 2, 3)]\n"
        "fig = go.Figure([go.Scatter(x=xs, y=xs / 3, mode='lines')],"
        " layout=dict(title=dict(text='p = 1'), xaxis=dict(title=dict(text='x')),"
        " yaxis=dict(title=dict(text='y')), template='none'))\n"
        "fig.update_layout(sliders=g['state_slider'](states, ['1', '2', '3'], 'p = '))\n"
        "g['show_interactive'](fig, 'fig-test', 'A caption for the test.', 'Three words or more.')\n"
        "sys.stdout.write(json.dumps(out[0], sort_keys=True))\n")
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
            for _ in range(2)]
    assert runs[0] == runs[1], "the helper's output differs between two runs"
    assert 'id=\\"fig-test' in runs[0] and "0.333333" in runs[0] and "0.3333333" not in runs[0], \
        "floats are not rounded to 6 decimals"


def test_png_fallback_is_self_explanatory():
    """The PNG (the PDF, a page without JavaScript) has no slider and no figcaption beside it in
    the PDF: it writes the caption and the state shown under the plot, puts the legend below the
    axes (not over the data), and draws Plotly's star marker as a star."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    closed = []

    class RecordingPlt:  # the helper's plt: records the figure it closes
        subplots = staticmethod(plt.subplots)

        @staticmethod
        def close(fig):
            closed.append(fig)

    g = {"np": np, "plt": RecordingPlt()}
    exec(HELPER.read_text(), g)
    g["display"] = lambda bundle, raw=False: None
    go = g["go"]
    fig = go.Figure([go.Scatter(x=[0, 1], y=[0, 1], mode="lines", name="a line"),
                     go.Scatter(x=[0], y=[0], mode="markers", name="minimum",
                                marker=dict(symbol="star"))],
                    layout=dict(title=dict(text="t"), xaxis=dict(title=dict(text="x")), template="none"))
    fig.update_layout(sliders=g["state_slider"]([({}, {}, [0]), ({}, {}, [0])], ["1", "2"], "p = ", active=1))
    g["show_interactive"](fig, "fig-test", "A caption for the test.", "Three words or more.")
    (png,) = closed
    ax, renderer = png.axes[0], png.canvas.get_renderer()
    text = " ".join(t.get_text() for t in png.texts).replace("\n", " ")
    assert "A caption for the test." in text and "p = 2" in text, f"the PNG's text: {text!r}"
    legend, axes = ax.get_legend().get_window_extent(renderer), ax.get_window_extent(renderer)
    assert legend.y1 <= axes.y0, f"the legend {legend} overlaps the axes {axes}"
    note = png.texts[-1].get_window_extent(renderer)
    assert note.y1 <= legend.y0, f"the caption {note} overlaps the legend {legend}"
    assert "*" in [line.get_marker() for line in ax.lines], "the star marker is not drawn as a star"
