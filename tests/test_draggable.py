"""Draggable figures in the notebooks (CONTRIBUTING.md, "Interactive figures").

- A notebook that shows one defines ``show_draggable_map`` with the cell
  ``tools/sphinxext/draggable/helper_cell.py``, character for character (the notebooks must run
  alone on Colab, so they cannot import it; the file is the one source of truth).
- The numbers in the figure's JSON are the notebook's: its matrix ``A = np.array(...)`` and
  NumPy's eigenpairs of it (rounded to 6 decimals), with A v = lambda v; the output also has the
  PNG fallback (PDF, JupyterLab, Colab) and plain text.
- Opened in JupyterLab, the stored output is untrusted and goes through JupyterLab's HTML
  sanitizer (ported in ``tools/lab_sanitizer.py``): the picture must survive it, as an ``<img>``
  of the hand-written SVG (a data: URI), and no text but the note and the caption may show.
- The static picture draws what the board draws: x and A x with a faint line through each.
- The vendored JSXGraph files are byte-identical to the pinned npm package in node_modules
  (required under CI, skipped with the reason on a machine without node/npm).
"""
import ast
import base64
import html
import json
import re
import sys
from pathlib import Path
from xml.etree import ElementTree

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
from figure_outputs import DRAGGABLE_DATA as DATA, by_notebook, figure_outputs  # noqa: E402
from lab_sanitizer import sanitize, shown  # noqa: E402
HELPER = ROOT / "tools" / "sphinxext" / "draggable" / "helper_cell.py"
VENDOR = ROOT / "assets" / "static" / "vendor" / "jsxgraph"
NODE_PACKAGE = ROOT / "node_modules" / "jsxgraph"
VENDORED = {"jsxgraphcore.js": "distrib/jsxgraphcore.js", "jsxgraph.css": "distrib/jsxgraph.css",
            "LICENSE.MIT": "LICENSE.MIT", "LICENSE.LGPL": "LICENSE.LGPL"}
MARK = '<figure class="mathai-draggable"'
MATRIX = re.compile(r"^A = (np\.array\((\[\[.*\]\])\))$", re.M)
NOTE = "Static picture: on the book's website x can be dragged."
SVG_URI = "data:image/svg+xml;base64,"
SVG = "{http://www.w3.org/2000/svg}"


WITH = by_notebook(figure_outputs("draggable"))  # (path, notebook, outputs' data) per notebook
IDS = [p.stem for p, _, _ in WITH]


def test_a_draggable_figure_exists():
    assert WITH, f"no notebook output contains {MARK}"


@pytest.mark.parametrize(("path", "nb", "figures"), WITH, ids=IDS)
def test_helper_cell_is_the_shared_one(path, nb, figures):
    helpers = [c for c in nb["cells"] if "draggable-helper" in c["metadata"].get("tags", [])]
    assert len(helpers) == 1, f"{path.name}: one cell tagged draggable-helper, found {len(helpers)}"
    assert "".join(helpers[0]["source"]) == HELPER.read_text().rstrip("\n"), \
        f"{path.name}: the helper cell differs from {HELPER.relative_to(ROOT)}: paste the file into it"


@pytest.mark.parametrize(("path", "nb", "figures"), WITH, ids=IDS)
def test_figure_numbers_are_numpys(path, nb, figures):
    sources = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]
    matrices = [m[2] for s in sources for m in MATRIX.finditer(s)]
    assert matrices, f"{path.name}: no `A = np.array([[...]])` in a code cell"
    for data in figures:
        text = "".join(data["text/html"])
        numbers = json.loads(html.unescape(DATA.search(text)[1]))
        A = np.array(numbers["A"])
        assert any(np.array_equal(A, np.array(ast.literal_eval(m), dtype=float)) for m in matrices), \
            f"{path.name}: the figure's A = {A.tolist()} is none of the notebook's {matrices}"
        values, vectors = np.linalg.eig(A)
        got_values = np.array(numbers["eigenvalues"])
        got_vectors = np.array(numbers["eigenvectors"])
        assert np.allclose(np.sort(got_values), np.sort(values), atol=1e-6, rtol=0), \
            f"{path.name}: eigenvalues {got_values}, NumPy {values}"
        for lam, v in zip(got_values, got_vectors):
            assert np.allclose(A @ v, lam * v, atol=1e-5), f"{path.name}: A v != λ v for λ={lam}, v={v}"
            i = int(np.argmin(abs(values - lam)))
            u = vectors[:, i]
            assert min(np.abs(v - u).max(), np.abs(v + u).max()) < 1e-6, \
                f"{path.name}: eigenvector {v} for λ={lam}, NumPy {u}"
        assert {"text/html", "image/png", "text/plain"} <= set(data), f"{path.name}: {sorted(data)}"
        assert base64.b64decode("".join(data["image/png"]))[:8] == b"\x89PNG\r\n\x1a\n"
        assert "<script src" not in text, f"{path.name}: the figure loads a script itself"


def static_svg(text: str) -> ElementTree.Element:
    """The figure's static picture: the SVG of its <img src="data:image/svg+xml;base64,...">."""
    src = re.search(r'<img [^>]*src="(data:image/svg\+xml;base64,[^"]+)"', text)
    assert src, f"no <img src=\"{SVG_URI}...\"> in the figure's HTML: {text[:400]}..."
    return ElementTree.fromstring(base64.b64decode(src[1][len(SVG_URI):]))


@pytest.mark.parametrize(("path", "nb", "figures"), WITH, ids=IDS)
def test_picture_survives_jupyterlabs_sanitizer(path, nb, figures):
    """JupyterLab renders a stored (untrusted) output through its sanitizer: the picture stays,
    and a reader sees the note and the caption, no stray label, description or JSON."""
    for data in figures:
        text = "".join(data["text/html"])
        clean = sanitize(text)
        visible, images = shown(clean)
        caption = html.unescape(re.search(r"<figcaption>(.*?)</figcaption>", text, re.S)[1])
        assert visible == f"{NOTE} {caption}", \
            f"{path.name}: JupyterLab shows the text {visible!r}, not only the note and the caption"
        assert len(images) == 1 and images[0].get("src", "").startswith(SVG_URI), \
            f"{path.name}: after JupyterLab's sanitizer no <img src=\"{SVG_URI}...\"> is left: {clean[:600]}"
        assert len(images[0].get("alt", "").split()) >= 10, f"{path.name}: the picture's alt text: {images[0]}"
        assert images[0]["src"] == html.unescape(re.search(r'<img [^>]*src="([^"]+)"', text)[1]), \
            f"{path.name}: the sanitizer changed the picture's src"
        assert static_svg(text).tag == f"{SVG}svg", f"{path.name}: the picture is not an SVG document (xmlns?)"


@pytest.mark.parametrize(("path", "nb", "figures"), WITH, ids=IDS)
def test_static_picture_draws_the_lines_through_x_and_ax(path, nb, figures):
    """The board draws a faint line through x and through A x; so does the static picture: a
    path of the arrow's colour through the origin (200, 200) and along the arrow."""
    for data in figures:
        text = "".join(data["text/html"])
        numbers = json.loads(html.unescape(DATA.search(text)[1]))
        A, x0 = np.array(numbers["A"]), np.array(numbers["x0"])
        paths = [(p.get("stroke"), p.get("stroke-opacity"),
                  [np.array(c.split(","), dtype=float) for c in re.findall(r"-?[\d.]+,-?[\d.]+", p.get("d", ""))])
                 for p in static_svg(text).iter(f"{SVG}path")]
        for vec, color in ((x0, "#0072B2"), (A @ x0, "#D55E00")):
            along = np.array([vec[0], -vec[1]]) / np.linalg.norm(vec)  # SVG's y points down
            lines = [ends for stroke, opacity, ends in paths if stroke == color and opacity and len(ends) == 2
                     and all(abs((e[0] - 200) * along[1] - (e[1] - 200) * along[0]) < 1.0 for e in ends)
                     and (ends[0] - 200) @ along < 0 < (ends[1] - 200) @ along]
            assert lines, f"{path.name}: no faint line of colour {color} through the origin along {vec}"


def test_vendored_jsxgraph_is_the_pinned_package():
    from tools.site_validators import skip_unless_available  # noqa: PLC0415

    skip_unless_available()
    pin = json.loads((ROOT / "package.json").read_text())["devDependencies"]["jsxgraph"]
    installed = json.loads((NODE_PACKAGE / "package.json").read_text())["version"]
    assert installed == pin, f"node_modules has jsxgraph {installed}, package.json pins {pin}: run npm ci"
    assert pin in (VENDOR / "README.md").read_text(), f"{VENDOR.relative_to(ROOT)}/README.md does not name {pin}"
    differ = [name for name, source in VENDORED.items()
              if (VENDOR / name).read_bytes() != (NODE_PACKAGE / source).read_bytes()]
    assert not differ, f"vendored JSXGraph files differ from node_modules/jsxgraph {pin}: {differ}"
