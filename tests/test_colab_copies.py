"""The copies in colab/ that Colab and the download button open: plain Markdown, the tested code.

Colab renders no MyST, and a notebook opened there (or downloaded) has no ../assets beside it.
These tests check what a reader gets: every notebook of the book has a current copy and no copy
is stale; no markdown cell holds raw MyST (roles, directive fences, targets, equation labels,
directive options) or a TeX macro only the site defines; every code cell and its stored outputs
are the source's, except the setup cell's style lines, which are the book's style inlined, and
that inlined style sets exactly what assets/mathai.mplstyle sets. When the site is built
(_build/html), every link into the site must land on a page and an id that exist, and every
equation and figure number must be the one the site prints.
"""
from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_colab  # noqa: E402

SOURCES = make_colab.sources()
IDS = [p.as_posix() for p in SOURCES]
SITE = ROOT / "_build" / "html"
SITE_URL = make_colab.site_url()
STYLE_BLOCK_RE = re.compile(r"# The book's figure style .*?\nplt\.rcParams\.update\(\{\n.*?\n\}\)", re.S)

RAW_MYST = {
    "a role": re.compile(r"\{[\w:-]+\}`"),
    "a directive fence": re.compile(r"^\s*(`{3,}|:{3,})\s*\{", re.M),
    "a (label)= target": re.compile(r"^\([\w-]+\)=", re.M),
    "an equation label": re.compile(r"\$\$[ \t]*\([\w-]+\)[ \t]*$", re.M),
    "a directive option": re.compile(r"^:(label|class|nonumber|name|width|align|alt):", re.M),
    "a site-only TeX macro": re.compile(r"\\(R|vect)(?![A-Za-z])"),
}


def read(path: Path):
    return nbformat.read(path, as_version=4)


def copy_of(source: Path):
    return read(make_colab.colab_path(source))


def test_every_notebook_has_a_copy_and_no_copy_is_stale():
    assert SOURCES, "no notebooks found"
    missing = [p.as_posix() for p in SOURCES if not make_colab.colab_path(p).is_file()]
    assert not missing, f"no copy in colab/ (run `make exercises`): {missing}"
    stale = [p.relative_to(ROOT).as_posix() for p in make_colab.stale_copies()]
    assert not stale, f"copies in colab/ of notebooks that no longer exist: {stale}"


@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_copy_has_no_raw_myst(source):
    problems = []
    for index, cell in enumerate(copy_of(source).cells):
        if cell.cell_type != "markdown":
            continue
        for what, pattern in RAW_MYST.items():
            for match in pattern.finditer(cell.source):
                start = max(0, match.start() - 30)
                problems.append(f"cell {index}: {what}: …{cell.source[start:match.end() + 30]!r}…")
    assert not problems, f"colab/{source}: raw MyST that Colab shows as text:\n" + "\n".join(problems[:20])


@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_copy_runs_the_tested_code(source):
    """Code cells and outputs are the source's, in order; only the setup cell's style differs."""
    original = [c for c in read(ROOT / source).cells if c.cell_type == "code"]
    copied = [c for c in copy_of(source).cells if c.cell_type == "code"]
    assert len(copied) == len(original), f"{source}: {len(original)} code cells, the copy has {len(copied)}"
    substituted = 0
    for number, (mine, theirs) in enumerate(zip(copied, original)):
        code = mine.source
        if STYLE_BLOCK_RE.search(code):
            code = STYLE_BLOCK_RE.sub(make_colab.STYLE_LINES.replace("\\", "\\\\"), code, count=1)
            substituted += 1
        assert code == theirs.source, f"{source}: code cell {number} differs from the source"
        assert mine.get("outputs") == theirs.get("outputs"), f"{source}: code cell {number}'s outputs differ"
    assert "mathai.mplstyle\")" not in "".join(c.source for c in copied), f"{source}: still loads ../assets"
    loads_style = any(make_colab.STYLE_LINES in c.source for c in original)
    assert substituted == (1 if loads_style else 0), f"{source}: {substituted} inlined styles"


def inlined_style(source: Path) -> str:
    for cell in copy_of(source).cells:
        found = STYLE_BLOCK_RE.search(cell.source)
        if found:
            return found[0]
    raise AssertionError(f"{source}: no inlined style")


@pytest.mark.parametrize("source", [p for p in SOURCES if p.parts[0] in ("chapters", "appendices")][:1]
                         + [p for p in SOURCES if p.parts[0] in ("chapters", "appendices")][-1:])
def test_inlined_style_is_the_books_style(source):
    from_file = matplotlib.rc_params_from_file(make_colab.STYLE_FILE, use_default_template=False)
    assert len(from_file) > 20
    with matplotlib.rc_context():
        matplotlib.rcdefaults()
        exec(inlined_style(source), {"plt": plt})  # noqa: S102 - our own generated code
        differ = {key: (plt.rcParams[key], value) for key, value in from_file.items() if plt.rcParams[key] != value}
    assert not differ, f"colab/{source}: the inlined style differs from assets/mathai.mplstyle: {differ}"


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.eqno: dict[str, str] = {}
        self.fignum: dict[str, str] = {}
        self._open: list[tuple[str, str]] = []  # (kind, id) of the equation/figure being read

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.ids.add(attrs["id"])
            if attrs["id"].startswith("equation-"):
                self._open.append(("eq", attrs["id"]))
            elif tag == "figure":
                self._open.append(("fig", attrs["id"]))
        classes = (attrs.get("class") or "").split()
        if self._open and ("eqno" in classes or "caption-number" in classes):
            self._capture = self._open[-1]
        else:
            self._capture = None

    def handle_data(self, data):
        capture = getattr(self, "_capture", None)
        if capture and data.strip():
            kind, ident = capture
            (self.eqno if kind == "eq" else self.fignum)[ident] = data.strip()
            self._open.remove(capture)
            self._capture = None


_PAGES: dict[str, _Ids] = {}


def site_page(page: str) -> _Ids | None:
    if page not in _PAGES:
        path = SITE / page
        if not path.is_file():
            return None
        parser = _Ids()
        parser.feed(path.read_text(encoding="utf-8"))
        _PAGES[page] = parser
    return _PAGES[page]


LINK_RE = re.compile(r"\[(?P<text>[^\[\]]*)\]\((?P<url>[^)\s]+)\)")


@pytest.mark.skipif(not (SITE / "index.html").is_file(), reason="the site is not built (make html)")
@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_links_to_the_site_land_and_numbers_match_it(source):
    problems = []
    for cell in copy_of(source).cells:
        if cell.cell_type != "markdown":
            continue
        for link in LINK_RE.finditer(cell.source):
            url = link["url"]
            if not url.startswith(SITE_URL):
                continue
            page, _, fragment = url.removeprefix(SITE_URL).partition("#")
            found = site_page(page)
            if found is None:
                problems.append(f"{url}: no page {page} in the built site")
                continue
            if fragment and fragment not in found.ids:
                problems.append(f"{url}: the page has no id {fragment!r}")
                continue
            if page == "bibliography.html":  # a citation reads as on the page it comes from
                cited_on = (SITE / source).with_suffix(".html")
                if f">{link['text']}</a>" not in re.sub(r"</?em>", "", cited_on.read_text(encoding="utf-8")):
                    problems.append(f"citation {link['text']!r}: {cited_on.name} cites it differently")
                continue
            number = re.fullmatch(r"\((?P<n>[\w.]+)\)|Fig\. (?P<f>[\w.]+)", link["text"])
            if number and number["n"] and found.eqno.get(fragment) != f"({number['n']})":
                problems.append(f"{url}: the copy says ({number['n']}), the site {found.eqno.get(fragment)}")
            if number and number["f"] and found.fignum.get(fragment, "").rstrip(":. ") != f"Fig. {number['f']}":
                problems.append(f"{url}: the copy says Fig. {number['f']}, the site {found.fignum.get(fragment)!r}")
    assert not problems, f"colab/{source}:\n" + "\n".join(problems[:20])


SAMPLE = """(sec-sample)=
## A section

```{admonition} Why this matters in AI
:class: tip

See {eq}`eq-derivatives-limit`, {numref}`fig-derivatives-secants` and {cite}`strang2016`.
```

$$
\\vect{x} \\in \\R^n
$$ (eq-derivatives-limit)
"""


def test_the_generator_turns_myst_into_plain_markdown():
    index = make_colab.build_index()
    macros = make_colab.tex_macros(make_colab.config())
    plain = make_colab.plain_markdown(SAMPLE, "chapters/05_derivatives", index, macros)
    assert plain.startswith("## A section\n\n> **Why this matters in AI**\n>\n> See [(5.1)](")
    assert f"({SITE_URL}chapters/05_derivatives.html#equation-eq-derivatives-limit)" in plain
    assert f"[Fig. 5.1]({SITE_URL}chapters/05_derivatives.html#fig-derivatives-secants)" in plain
    assert f"[[Strang, 2016]({SITE_URL}bibliography.html)]" in plain
    assert "$$\n\\mathbf{x} \\in \\mathbb{R}^n\n\\tag{5.1}$$" in plain


@pytest.mark.parametrize("markup", ["{term}`gradient`", "```{figure} x.png\n```", "{ref}`no-such-label`"])
def test_the_generator_refuses_markup_it_cannot_render(markup):
    index = make_colab.build_index()
    with pytest.raises(make_colab.ColabError):
        make_colab.plain_markdown(markup, "chapters/05_derivatives", index, [])
