"""The interactive and draggable figures that the notebooks stored, found in one scan.

A figure made by a helper cell (``tools/sphinxext/interactive/helper_cell.py``, Plotly, or
``tools/sphinxext/draggable/helper_cell.py``, JSXGraph; CONTRIBUTING.md, "Interactive figures")
is an output whose ``text/html`` holds ``<figure class="mathai-KIND" data-name="NAME">``. The
tests of both kinds look them up here, in the chapters' and appendices' stored outputs:
tests/test_interactive.py and tests/test_draggable.py per notebook (``by_notebook``; they also
read the notebook's cells), tests/site/test_site_interactive.py and
tests/site/test_site_draggable.py per figure, with its page on the site.
"""
from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = ("chapters", "appendices")
KINDS = ("interactive", "draggable")
DRAGGABLE_DATA = re.compile(r'<script type="application/json" class="mathai-draggable-data">(.*?)</script>', re.S)


@dataclass(frozen=True)
class FigureOutput:
    path: Path  # the notebook
    notebook: dict  # the notebook as read (shared by its figures), for tests that read its cells
    data: dict  # the output's bundle: mime type -> content
    name: str | None  # data-name, e.g. "fig-eigen-drag" (None if the figure has none)

    @property
    def html(self) -> str:
        return "".join(self.data.get("text/html", ""))

    @property
    def page(self) -> str:
        """The figure's page on the site, e.g. ``chapters/03_eigen_svd_pca.html``."""
        return f"{self.path.parent.name}/{self.path.stem}.html"

    @property
    def numbers(self) -> dict:
        """A draggable figure's numbers: the JSON its helper wrote (A, eigenpairs, x0, ...)."""
        return json.loads(html.unescape(DRAGGABLE_DATA.search(self.html)[1]))


def notebooks(root: Path = ROOT) -> list[Path]:
    return sorted(p for folder in FOLDERS for p in (root / folder).glob("*.ipynb"))


def figure_outputs(kind: str, root: Path = ROOT) -> list[FigureOutput]:
    """Every stored output whose HTML is a figure of `kind` ("interactive" or "draggable"), in
    notebook order (chapters/ and appendices/, sorted by path) and then in output order."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, not {kind!r}")
    mark = f'<figure class="mathai-{kind}"'
    name = re.compile(re.escape(mark) + r' data-name="([^"]+)"')
    found = []
    for path in notebooks(root):
        nb = json.loads(path.read_text(encoding="utf-8"))
        for cell in nb["cells"]:
            for out in cell.get("outputs", []):
                text = "".join(out.get("data", {}).get("text/html", ""))
                if mark in text:
                    match = name.search(text)
                    found.append(FigureOutput(path, nb, out["data"], match[1] if match else None))
    return found


def by_notebook(figures: list[FigureOutput]) -> list[tuple[Path, dict, list[dict]]]:
    """(notebook path, notebook, the figures' output bundles) for each notebook with a figure."""
    grouped: dict[Path, tuple[Path, dict, list[dict]]] = {}
    for figure in figures:
        grouped.setdefault(figure.path, (figure.path, figure.notebook, []))[2].append(figure.data)
    return list(grouped.values())
