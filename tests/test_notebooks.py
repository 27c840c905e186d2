"""Static checks of every committed notebook: hygiene, chapter anatomy, figures and the TOC.

nbval (run over chapters/ and solutions/ by the same pytest session) proves the stored outputs
are what the code produces; these tests prove the notebooks are shaped the way CONTRIBUTING.md
says, which nbval cannot see: figure metadata and images, labels, the chapter anatomy, and that
the table of contents lists every notebook.
"""
import base64
import io
import re
from pathlib import Path

import nbformat
import numpy as np
import pytest
import yaml
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
CHAPTERS = sorted((ROOT / "chapters").glob("*.ipynb"))
APPENDICES = sorted((ROOT / "appendices").glob("*.ipynb"))
EXECUTED = CHAPTERS + APPENDICES + sorted((ROOT / "solutions").glob("*.ipynb"))
ALL = EXECUTED + sorted((ROOT / "exercises").glob("*.ipynb"))


def ids(paths):
    return [f"{p.parent.name}/{p.stem}" for p in paths]


def read(path):
    return nbformat.read(path, as_version=4)


def code_cells(nb):
    return [c for c in nb.cells if c.cell_type == "code"]


def markdown(nb):
    return "\n\n".join(c.source for c in nb.cells if c.cell_type == "markdown")


def test_names_explain_themselves():
    for path in ALL:
        pattern = r"[a-z]_[a-z0-9_]+\.ipynb" if path.parent.name == "appendices" else r"(\d\d|[a-z])_[a-z0-9_]+\.ipynb"
        assert re.fullmatch(pattern, path.name), f"{path}: name it NN_slug.ipynb (a chapter) or x_slug.ipynb (appendix x)"


@pytest.mark.parametrize("path", ALL, ids=ids(ALL))
def test_hygiene(path):
    nb = read(path)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    for cell in code_cells(nb):
        source = cell.source
        assert source.strip(), f"{path.name}: an empty code cell"
        assert not re.search(r";\s*$", source, re.M), \
            f"{path.name}: a line ends in ';' (under nbval it does not hide output): {source[:60]!r}"
        assert not re.search(r"^\s*(%debug|breakpoint\(\)|import pdb)", source, re.M), f"{path.name}: debug code"
        if "checker" not in cell.metadata.get("tags", []):
            long = [line for line in source.splitlines() if len(line) > 79]
            assert not long, f"{path.name}: code lines over 79 characters scroll on the page: {long[0]!r}"
        assert "np.random.seed" not in source and not re.search(r"np\.random\.(rand|randn|randint|normal|uniform)\(", source), \
            f"{path.name}: use rng = np.random.default_rng(0), not the global NumPy random state"


@pytest.mark.parametrize("path", EXECUTED, ids=ids(EXECUTED))
def test_executed_in_order_without_errors(path):
    counts = [c.execution_count for c in code_cells(read(path))]
    assert counts == list(range(1, len(counts) + 1)), \
        f"{path.name}: execution counts {counts}; run `make execute NB={path.relative_to(ROOT)}`"
    for cell in code_cells(read(path)):
        for out in cell.outputs:
            assert out.output_type != "error", f"{path.name}: stored error {out.get('ename')}"
            text = out.get("text", "") + str(out.get("data", {}).get("text/plain", ""))
            assert "np.float64(" not in text and "np.int64(" not in text, \
                f"{path.name}: a bare NumPy scalar repr in an output (format it): {text[:80]!r}"


def figure_cells(nb):
    return [c for c in code_cells(nb) if "figure" in c.metadata.get("mystnb", {})]


@pytest.mark.parametrize("path", CHAPTERS + APPENDICES, ids=ids(CHAPTERS + APPENDICES))
def test_chapter_has_three_documented_figures(path):
    """Chapters have at least three figures; appendices have them where they teach. All are documented."""
    figures = figure_cells(read(path))
    if path.parent.name == "chapters":
        assert len(figures) >= 3, f"{path.name}: {len(figures)} figures, a chapter needs at least 3"
    for cell in figures:
        meta = cell.metadata["mystnb"]
        name = meta["figure"].get("name", "")
        assert name.startswith("fig-"), f"{path.name}: figure label {name!r} must start with fig-"
        assert len(meta["figure"].get("caption", "")) > 20, f"{path.name}: {name} needs a caption"
        alt = meta.get("image", {}).get("alt", "")
        assert len(alt) > 30 and not re.search(r"\.(png|svg|jpg)\b|^[0-9a-f]{16,}$", alt), \
            f"{path.name}: {name} needs alt text that describes the figure"
        assert "hide-input" in cell.metadata.get("tags", []), f"{path.name}: tag figure cell {name} hide-input"
        pngs = [o.data["image/png"] for o in cell.outputs if "image/png" in o.get("data", {})]
        assert len(pngs) == 1, f"{path.name}: figure {name} must produce exactly one image (got {len(pngs)})"
        image = Image.open(io.BytesIO(base64.b64decode(pngs[0])))
        assert image.width >= 300 and image.height >= 200, f"{path.name}: {name} is too small to read"
        if "A" in image.getbands():
            alpha = np.asarray(image.getchannel("A"))
            assert alpha.min() == 255, f"{path.name}: {name} has a transparent background (unreadable in dark mode)"


@pytest.mark.parametrize("path", CHAPTERS, ids=ids(CHAPTERS))
def test_chapter_anatomy(path):
    nb = read(path)
    text = markdown(nb)
    first = nb.cells[0]
    assert first.cell_type == "markdown" and re.match(r"# \S", first.source), f"{path.name}: starts with '# Title'"
    assert "```{admonition} Learning objectives" in text, f"{path.name}: learning objectives"
    assert "```{admonition} Why this matters in AI" in text, f"{path.name}: a 'Why this matters in AI' box"
    assert re.search(r"^## Summary$", text, re.M), f"{path.name}: a '## Summary' section"
    lists = [c for c in nb.cells if "exercise-list" in c.metadata.get("tags", [])]
    assert len(lists) == 1 and lists[0] is nb.cells[-1], f"{path.name}: ends with the generated exercise list"
    assert len(re.findall(r"\{ref\}`ex-", lists[0].source)) >= 6, f"{path.name}: at least 6 exercises"
    assert not re.search(r"Exercises?\s+\{ref\}`ex-", text), \
        f"{path.name}: a reference to an exercise already reads 'Exercise N.M: Topic'; drop the word"
    setup = code_cells(nb)[0].source
    assert "mathai.mplstyle" in setup and "set_printoptions" in setup, f"{path.name}: the standard setup cell"


@pytest.mark.parametrize("path", APPENDICES, ids=ids(APPENDICES))
def test_appendix_anatomy(path):
    """An appendix notebook: '# Appendix X: Title' (its file's letter), the setup cell, and, when
    it has exercises, the generated exercise list at its end, like a chapter."""
    nb = read(path)
    letter = path.name[0].upper()
    assert re.match(rf"(\(appendix-[\w-]+\)=\n)?# Appendix {letter}: \S", nb.cells[0].source), \
        f"{path.name}: starts with '# Appendix {letter}: Title'"
    setup = code_cells(nb)[0].source
    assert "mathai.mplstyle" in setup and "set_printoptions" in setup, f"{path.name}: the standard setup cell"
    if (ROOT / "solutions" / path.name).exists():
        lists = [c for c in nb.cells if "exercise-list" in c.metadata.get("tags", [])]
        assert len(lists) == 1 and lists[0] is nb.cells[-1], f"{path.name}: ends with the generated exercise list"


# Inline math that wraps onto a line Markdown reads as a block ("+ x$", "- 1$", "> 0$") is split by
# the Markdown parser before MathJax sees it, and the page shows raw TeX (the browser test's raw-TeX
# check catches it on the site; this catches it in the notebook).
MATH_WRAP_BLOCK = re.compile(r"^\s*([+\-*>]\s|\d+[.)]\s)")
def math_wrap_problems(text):
    out = []; inline = False; stack = []; display = False
    for line in text.split("\n"):
        s = line.strip()
        if s.startswith("```"):
            if s.startswith("```{"): stack.append("directive")
            elif s == "```" and stack: stack.pop()
            else: stack.append("code")
            inline = False; continue
        if "code" in stack: continue
        if s.startswith(":") and stack and stack[-1] == "directive": continue  # directive options
        if s.startswith("$$"):
            display = not display if s.count("$$") == 1 else display; inline = False; continue
        if display: continue
        if not s: inline = False; continue
        if inline and MATH_WRAP_BLOCK.match(line): out.append(line[:60])
        body = re.sub(r"`[^`]*`", "", line.replace("\\$", ""))
        if body.count("$") % 2: inline = not inline
    return out


@pytest.mark.parametrize("path", EXECUTED, ids=ids(EXECUTED))
def test_inline_math_never_wraps_onto_a_list_or_quote_line(path):
    bad = [line for c in read(path).cells if c.cell_type == "markdown" for line in math_wrap_problems(c.source)]
    assert not bad, f"{path.name}: a line inside $...$ starts like a list item or quote (end the previous line with it): {bad}"


def labels(nb, pattern):
    return re.findall(pattern, markdown(nb), re.M)


def test_labels_are_unique_across_the_book():
    seen = {}
    for path in ALL:
        nb = read(path)
        found = labels(nb, r"^:label:\s*(\S+)") + labels(nb, r"^\$\$ \((eq-[\w-]+)\)")
        found += [c.metadata["mystnb"]["figure"]["name"] for c in figure_cells(nb)]
        for label in found:
            assert label not in seen, f"label {label} in both {seen.get(label)} and {path.name}"
            seen[label] = path.name


def test_exercise_labels_match_their_chapter():
    for path in sorted((ROOT / "solutions").glob("*.ipynb")):
        prefix = path.name.split("_", 1)[0]
        part = str(int(prefix)) if prefix.isdigit() else prefix  # ex-5-1, or ex-b-1 in appendix B
        for label in labels(read(path), r"^:label:\s*(ex-\S+)"):
            assert re.fullmatch(rf"ex-{part}-\d+", label), f"{path.name}: exercise label {label}"


def toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    files = [toc["root"]]
    for part in toc["parts"]:
        files += [entry["file"] for entry in part["chapters"]]
    return files


def test_toc_lists_every_notebook_and_only_existing_files():
    files = toc_files()
    for path in ALL:
        assert f"{path.parent.name}/{path.stem}" in files, f"{path} is missing from _toc.yml"
    for entry in files:
        assert any((ROOT / f"{entry}{ext}").exists() for ext in (".md", ".ipynb")), f"_toc.yml lists missing {entry}"
    chapters = [f for f in files if f.startswith("chapters/")]
    assert chapters == sorted(chapters), "chapters are listed in order"
    lettered = [f for f in files if f.startswith("appendices/") and re.match(r"appendices/[a-z]_", f)]
    assert lettered == sorted(lettered), "appendices are listed in letter order"
