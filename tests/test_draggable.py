"""Draggable figures in the notebooks (CONTRIBUTING.md, "Interactive figures").

- A notebook that shows one defines ``show_draggable_map`` with the cell
  ``tools/sphinxext/draggable/helper_cell.py``, character for character (the notebooks must run
  alone on Colab, so they cannot import it; the file is the one source of truth).
- The numbers in the figure's JSON are the notebook's: its matrix ``A = np.array(...)`` and
  NumPy's eigenpairs of it (rounded to 6 decimals), with A v = lambda v; the output also has the
  PNG fallback (PDF, JupyterLab, Colab) and plain text.
- The vendored JSXGraph files are byte-identical to the pinned npm package in node_modules
  (required under CI, skipped with the reason on a machine without node/npm).
"""
import ast
import base64
import html
import json
import re
from pathlib import Path

import numpy as np
import pytest
from test_interactive import with_figures  # noqa: E402  (the same notebook scan)

ROOT = Path(__file__).resolve().parent.parent
HELPER = ROOT / "tools" / "sphinxext" / "draggable" / "helper_cell.py"
VENDOR = ROOT / "assets" / "static" / "vendor" / "jsxgraph"
NODE_PACKAGE = ROOT / "node_modules" / "jsxgraph"
VENDORED = {"jsxgraphcore.js": "distrib/jsxgraphcore.js", "jsxgraph.css": "distrib/jsxgraph.css",
            "LICENSE.MIT": "LICENSE.MIT", "LICENSE.LGPL": "LICENSE.LGPL"}
NOTEBOOKS = sorted(p for folder in ("chapters", "appendices") for p in (ROOT / folder).glob("*.ipynb"))
MARK = '<figure class="mathai-draggable"'
DATA = re.compile(r'<script type="application/json" class="mathai-draggable-data">(.*?)</script>', re.S)
MATRIX = re.compile(r"^A = (np\.array\((\[\[.*\]\])\))$", re.M)


WITH = with_figures(MARK)
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
