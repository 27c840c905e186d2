"""Every decimal number stated in a notebook's prose is one its code prints or uses.

A sentence such as "the cosine similarity is 0.9746" must agree with the executed output beside
it. nbval catches an output that drifts; this test catches the prose that would then be left
behind. A number in a markdown cell passes when some number in the same notebook's code or stored
outputs rounds to it (at the number's own precision, or as a percentage). What cannot pass that
way is listed below with the reason: hand arithmetic written out step by step, and values quoted
from elsewhere. Keep the list short; prefer printing the number.
"""
import re
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p for folder in ("chapters", "appendices", "solutions") for p in (ROOT / folder).glob("*.ipynb"))
PROSE_NUMBER = re.compile(r"(?<![\w.\\{])-?\d+\.\d+(?![\w.])")
ANY_NUMBER = re.compile(r"-?\d+\.\d+(?:e[-+]?\d+)?|-?\d+")

# (notebook, number): why the code does not print it.
NOT_PRINTED = {
    ("chapters/02_matrices", "-0.8"): "entry of the covariance matrix written out in the hand inverse",
    ("chapters/02_matrices", "0.36"): "hand computation of det(Sigma) = 1 - 0.8^2",
    ("chapters/02_matrices", "6.1"): "printed in scientific notation as 6.1e+05",
    ("chapters/03_eigen_svd_pca", "17.44"): "sqrt(304), the Frobenius norm, derived by hand from the printed values",
    ("chapters/04_tensors", "0.229"): "ImageNet channel standard deviation, a published constant",
    ("chapters/04_tensors", "0.224"): "ImageNet channel standard deviation, a published constant",
    ("chapters/04_tensors", "0.225"): "ImageNet channel standard deviation, a published constant",
    ("solutions/01_vectors", "0.8"): "residual entries in the hand calculation",
    ("solutions/01_vectors", "-0.4"): "residual entries in the hand calculation",
    ("solutions/02_matrices", "100.5"): "an intermediate of the hand-solved normal equation",
    ("solutions/03_eigen_svd_pca", "2.2"): "64 / 29, the reduction factor, from two printed numbers",
}


def numbers_in_code_and_outputs(nb):
    parts = []
    for cell in nb.cells:
        if cell.cell_type == "code":
            parts.append(cell.source)
            for out in cell.outputs:
                parts += [out.get("text", ""), str(out.get("data", {}).get("text/plain", ""))]
    return [float(x) for x in ANY_NUMBER.findall("\n".join(parts))]


def matches(text, values):
    decimals = len(text.split(".")[1])
    x = float(text)
    return any(abs(round(v, decimals) - x) < 1e-9 or abs(round(100 * v, decimals) - x) < 1e-9 for v in values)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[f"{p.parent.name}/{p.stem}" for p in NOTEBOOKS])
def test_prose_numbers_come_from_the_code(path):
    nb = nbformat.read(path, as_version=4)
    values = numbers_in_code_and_outputs(nb)
    name = f"{path.parent.name}/{path.stem}"
    stray = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        for match in PROSE_NUMBER.finditer(cell.source):
            number = match[0]
            if not matches(number, values) and (name, number) not in NOT_PRINTED:
                context = cell.source[max(0, match.start() - 50):match.end() + 20].replace("\n", " ")
                stray.append(f"{number} in '...{context}...'")
    assert not stray, f"{name}: numbers in the prose that no code prints:\n  " + "\n  ".join(stray)


def test_the_allow_list_has_no_stale_entries():
    for (name, number), _reason in NOT_PRINTED.items():
        nb = nbformat.read(ROOT / f"{name}.ipynb", as_version=4)
        prose = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        assert number in PROSE_NUMBER.findall(prose), f"{name}: {number} is no longer in the prose; remove it"
