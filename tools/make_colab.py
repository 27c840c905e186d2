"""Write the plain-Markdown copies of the book's notebooks that Colab and the download button open.

Colab renders neither MyST roles nor directives, and a notebook opened there (or downloaded) is
alone: ``../assets/mathai.mplstyle`` is not beside it. For every notebook of the book
(``chapters/``, ``appendices/``, ``exercises/``, ``solutions/``) this writes ``colab/<same path>``:

* markdown cells in plain Markdown: ``{eq}`` becomes the equation's number, ``{numref}`` "Fig. N.M",
  ``{ref}`` the target's title and ``{doc}`` the page's title, each a link to that place on the
  published site; ``{cite}`` becomes "[Author, year]" linking to the bibliography; admonitions
  become block quotes with a bold title; exercises become ``## Exercise N.M: Topic`` headings and a
  solution opens with a "Solution" heading; ``$$ … $$ (label)`` gets ``\\tag{N.M}`` and
  ``(label)=`` targets are dropped; the TeX macros of ``_config.yml`` (``\\R``, ``\\vect``) are
  expanded, since Colab's MathJax does not know them;
* a caption line (markdown) after each figure cell, which myst-nb shows on the site;
* code cells and their stored outputs unchanged, except the setup cell's two style lines, which
  become the book's figure style inlined (``plt.rcParams.update({...})``, generated from
  ``assets/mathai.mplstyle``), so a notebook opened alone draws like the book.

Equation and figure numbers follow Sphinx's rules (labelled equations and captioned figures
counted in order within a chapter, prefixed by its number; the unnumbered pages, appendices
among them, share one running count in the order of ``_toc.yml``);
``tests/test_colab_copies.py`` compares every one with the built site.

It is run by ``tools/make_exercises.py`` (``make exercises``), whose ``--check`` also fails when
a copy is out of date or stale. Usable on its own: ``build_all()`` returns ``{path: notebook}``.
"""
from __future__ import annotations

import copy
import re
import sys
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "colab"
FOLDERS = ("chapters", "appendices", "exercises", "solutions")
STYLE_FILE = ROOT / "assets" / "mathai.mplstyle"
STYLE_LINES = (
    'style = Path("../assets/mathai.mplstyle")  # the book\'s shared figure style\n'
    'plt.style.use(style if style.exists() else "default")'
)

ROLE_RE = re.compile(r"\{(?P<name>[\w:-]+)\}`(?P<content>[^`]*)`")
OPEN_RE = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<args>.*)$")
PLAIN_FENCE_RE = re.compile(r"^(?P<fence>`{3,}|~{3,})")
OPTION_RE = re.compile(r"^:(?P<key>[\w-]+):[ \t]*(?P<value>.*)$")
TARGET_RE = re.compile(r"^\((?P<label>[\w-]+)\)=[ \t]*\n", re.M)
EQ_LABEL_RE = re.compile(r"\$\$[ \t]*\((?P<label>[\w-]+)\)[ \t]*$", re.M)
HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*$", re.M)
EXERCISE_RE = re.compile(r"^`{3,}\{exercise\}[ \t]*(?P<title>[^\n]*)\n(?P<options>(?::[\w-]+:[^\n]*\n)*)", re.M)


class ColabError(ValueError):
    """A source uses MyST markup this generator does not know how to turn into plain Markdown."""


# ---------------------------------------------------------------------------------------------
# The book: its config, its pages, and every label a reference can point at.
# ---------------------------------------------------------------------------------------------

def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def site_url(cfg: dict | None = None) -> str:
    """https://<owner>.github.io/<repo>/, derived from repository.url in _config.yml."""
    owner, repo = urlsplit((cfg or config())["repository"]["url"]).path.strip("/").removesuffix(".git").split("/")
    return f"https://{owner}.github.io/{repo}/"


def sources() -> list[Path]:
    """Every notebook that gets a copy, as a path relative to the repository."""
    return sorted(p.relative_to(ROOT) for folder in FOLDERS for p in (ROOT / folder).glob("*.ipynb"))


def colab_path(source: Path) -> Path:
    return OUT / source


def chapter_numbers() -> dict[str, str]:
    """{docname: "5"} for the numbered chapters of _toc.yml (numbering runs across parts)."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    numbers, n = {}, 0
    for part in toc.get("parts", []):
        for entry in part.get("chapters", []):
            if part.get("numbered") and "file" in entry:
                n += 1
                numbers[entry["file"]] = str(n)
    return numbers


def toc_docs() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]]
    for part in toc.get("parts", []):
        docs += [e["file"] for e in part.get("chapters", []) if "file" in e]
    return docs


def _markdown_of(path: Path, overrides: dict) -> list[tuple[str, dict]]:
    """The cells of a page as (markdown text or "", code-cell metadata) pairs."""
    if path.suffix == ".md":
        return [(path.read_text(encoding="utf-8"), {})]
    nb = overrides.get(ROOT / path) or nbformat.read(ROOT / path, as_version=4)
    return [(c.source if c.cell_type == "markdown" else "", c.metadata if c.cell_type == "code" else {})
            for c in nb.cells]


def plain_title(text: str) -> str:
    """A heading's text without Markdown emphasis or code marks."""
    return re.sub(r"[*_`]", "", text).strip()


def build_index(overrides: dict | None = None) -> dict:
    """Every page's title and every label's page, kind, number and text."""
    overrides = overrides or {}
    chapters = chapter_numbers()
    pages, labels = {}, {}
    # Sphinx numbers equations and figures per chapter; the unnumbered pages (appendices,
    # practice, solutions) share one running count, in the order of _toc.yml.
    counts: dict = {}
    for doc in toc_docs():
        path = next((Path(doc + s) for s in (".ipynb", ".md") if (ROOT / (doc + s)).is_file()), None)
        if path is None:
            continue
        prefix = chapters.get(doc)
        count = counts.setdefault(prefix, {"equations": 0, "figures": 0})
        title = None
        for text, meta in _markdown_of(path, overrides):
            if text:
                if title is None and (h := re.search(r"^# (.+)$", text, re.M)):
                    title = plain_title(h[1])
                for target in TARGET_RE.finditer(text):
                    heading = HEADING_RE.search(text, target.end())
                    labels[target["label"]] = {"doc": doc, "kind": "section",
                                               "text": plain_title(heading[2]) if heading else target["label"]}
                for match in EQ_LABEL_RE.finditer(text):
                    count["equations"] += 1
                    n = count["equations"]
                    labels[match["label"]] = {"doc": doc, "kind": "equation",
                                              "number": f"{prefix}.{n}" if prefix else str(n)}
                for match in EXERCISE_RE.finditer(text):
                    label = re.search(r"^:label:[ \t]*(\S+)", match["options"], re.M)
                    if label:
                        labels[label[1]] = {"doc": doc, "kind": "exercise",
                                            "text": f"Exercise {match['title'].strip()}"}
            figure = meta.get("mystnb", {}).get("figure", {})
            if figure.get("name"):
                count["figures"] += 1
                n = count["figures"]
                labels[figure["name"]] = {"doc": doc, "kind": "figure", "caption": figure.get("caption", ""),
                                          "number": f"{prefix}.{n}" if prefix else str(n)}
        pages[doc] = {"title": title or doc, "number": prefix}
    return {"pages": pages, "labels": labels, "site": site_url(), "bib": bibliography()}


def bibliography() -> dict[str, str]:
    """{key: "Strang, 2016"} from assets/references.bib (author_year style, as the site cites)."""
    text = (ROOT / "assets" / "references.bib").read_text(encoding="utf-8")
    entries = {}
    for match in re.finditer(r"@\w+\{(?P<key>[^,\s]+),(?P<body>.*?)\n\}", text, re.S):
        def field(name):
            found = re.search(rf"^\s*{name}\s*=\s*\{{(.*?)\}},?\s*$", match["body"], re.M | re.I)
            return found[1] if found else ""
        authors = [a.strip() for a in re.split(r"\s+and\s+", field("author")) if a.strip()]
        surnames = [a.split(",")[0] if "," in a else a.split()[-1] for a in authors]
        surnames = [re.sub(r"[{}]", "", s) for s in surnames]
        if len(surnames) > 2:
            who = f"{surnames[0]} et al."
        else:
            who = " and ".join(surnames) or field("title")
        entries[match["key"]] = f"{who}, {field('year')}"
    return entries


# ---------------------------------------------------------------------------------------------
# Markdown: roles, directives, labels, macros.
# ---------------------------------------------------------------------------------------------

def page_url(index: dict, doc: str, fragment: str = "") -> str:
    return f"{index['site']}{doc}.html" + (f"#{fragment}" if fragment else "")


def relative_doc(target: str, doc: str) -> str:
    """Resolve a {doc} target written relative to the page (``../chapters/05_derivatives``)."""
    parts = list(Path(doc).parent.parts) if not target.startswith("/") else []
    for part in target.lstrip("/").split("/"):
        if part == "..":
            parts.pop()
        elif part != ".":
            parts.append(part)
    return "/".join(parts)


def html_id(label: str) -> str:
    """The id docutils gives a label (lower case, runs of other characters become '-')."""
    return re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")


def role(match, doc: str, index: dict) -> str:
    name, content = match["name"], match["content"]
    explicit = re.fullmatch(r"(?P<text>.*?)\s*<(?P<target>[^<>]+)>", content, re.S)
    text, target = (explicit["text"], explicit["target"]) if explicit else (None, content)
    labels = index["labels"]
    if name == "math":
        return f"${content}$"
    if name == "doc":
        page = relative_doc(target, doc)
        if page not in index["pages"]:
            raise ColabError(f"{doc}: {{doc}} to a page that is not in _toc.yml: {target}")
        return f"[{text or index['pages'][page]['title']}]({page_url(index, page)})"
    if name in ("cite", "cite:p", "cite:t", "cite:ps"):
        cited = []
        for key in (k.strip() for k in target.split(",")):
            if key not in index["bib"]:
                raise ColabError(f"{doc}: {{cite}} of a key not in references.bib: {key}")
            cited.append(f"[{index['bib'][key]}]({page_url(index, 'bibliography')})")
        return "[" + "; ".join(cited) + "]"  # as the site shows it: [Strang, 2016]
    if name in ("eq", "numref", "ref"):
        found = labels.get(target) or labels.get(target.lower())
        if found is None:
            raise ColabError(f"{doc}: {{{name}}} to an unknown label: {target}")
        if name == "eq":
            anchor = f"equation-{html_id(target)}"
            return f"[({found['number']})]({page_url(index, found['doc'], anchor)})"
        if name == "numref":
            if found["kind"] != "figure":
                raise ColabError(f"{doc}: {{numref}} of {target}, which is not a figure")
            shown = (text or "Fig. %s").replace("%s", found["number"]).replace("{number}", found["number"])
            return f"[{shown}]({page_url(index, found['doc'], html_id(target))})"
        shown = text or found.get("text") or (f"Fig. {found['number']}" if found["kind"] == "figure" else target)
        return f"[{shown}]({page_url(index, found['doc'], html_id(target))})"
    raise ColabError(f"{doc}: the role {{{name}}} has no plain-Markdown form yet (tools/make_colab.py)")


def quote(text: str) -> str:
    return "\n".join(f"> {line}" if line.strip() else ">" for line in text.strip("\n").split("\n"))


def directive(name: str, args: str, options: dict, body: str, doc: str, index: dict) -> str:
    if name == "admonition" or name in ("note", "tip", "hint", "warning", "important", "caution", "attention",
                                        "danger", "error", "seealso"):
        title = args.strip() or name.capitalize()
        return quote(f"**{title}**\n\n{body.strip()}") if body.strip() else quote(f"**{title}**")
    if name == "exercise":
        return f"## Exercise {args.strip()}\n\n{body.strip()}"
    if name == "solution-start":
        found = index["labels"].get(args.strip(), {})
        return f"### Solution to {found.get('text', args.strip())}\n\n{body.strip()}".strip()
    if name == "solution-end":
        return body.strip()
    if name == "math":
        return f"$$\n{body.strip()}\n$$"
    raise ColabError(f"{doc}: the directive {{{name}}} has no plain-Markdown form yet (tools/make_colab.py)")


def directives(text: str, doc: str, index: dict) -> str:
    """Replace every MyST directive fence by its plain-Markdown form (nested ones too)."""
    lines, out, i = text.split("\n"), [], 0
    while i < len(lines):
        line = lines[i]
        opened = OPEN_RE.match(line)
        if not opened:
            plain = PLAIN_FENCE_RE.match(line)
            out.append(line)
            i += 1
            if plain:  # a code block: copy it untouched up to its closing fence
                while i < len(lines):
                    out.append(lines[i])
                    i += 1
                    if lines[i - 1].strip() == plain["fence"]:
                        break
            continue
        fence, i = opened["fence"], i + 1
        options = {}
        while i < len(lines) and (option := OPTION_RE.match(lines[i])):
            options[option["key"]] = option["value"].strip()
            i += 1
        body, depth = [], 0
        while i < len(lines):
            inner = OPEN_RE.match(lines[i])
            if inner and inner["fence"] == fence:
                depth += 1
            elif lines[i].strip() == fence:
                if depth == 0:
                    break
                depth -= 1
            body.append(lines[i])
            i += 1
        else:
            raise ColabError(f"{doc}: a {{{opened['name']}}} directive is never closed")
        i += 1
        converted = directives("\n".join(body), doc, index)
        out += [directive(opened["name"], opened["args"], options, converted, doc, index), ""]
    return "\n".join(out)


def tex_macros(cfg: dict) -> list[tuple[re.Pattern, str]]:
    """The MathJax macros of _config.yml as substitutions Colab needs (it does not load them)."""
    macros = cfg["sphinx"]["config"].get("mathjax3_config", {}).get("tex", {}).get("macros", {})
    subs = []
    for name, value in macros.items():
        if isinstance(value, str):
            subs.append((re.compile(rf"\\{name}(?![A-Za-z])"), value))
        elif len(value) == 2 and value[1] == 1 and re.fullmatch(r"\\[A-Za-z]+\{#1\}", value[0]):
            subs.append((re.compile(rf"\\{name}(?![A-Za-z])"), value[0].removesuffix("{#1}")))
        else:
            raise ColabError(f"the macro \\{name} of _config.yml has no plain form yet (tools/make_colab.py)")
    return subs


def plain_markdown(text: str, doc: str, index: dict, macros) -> str:
    labels = index["labels"]

    def tagged(match):
        found = labels.get(match["label"])
        return f"\\tag{{{found['number']}}}$$" if found else "$$"

    text = TARGET_RE.sub("", text)
    text = EQ_LABEL_RE.sub(tagged, text)
    text = directives(text, doc, index)
    text = ROLE_RE.sub(lambda m: role(m, doc, index), text)
    for pattern, replacement in macros:
        text = pattern.sub(lambda _m, r=replacement: r, text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


# ---------------------------------------------------------------------------------------------
# Code: the setup cell's style, inlined.
# ---------------------------------------------------------------------------------------------

def style_code() -> str:
    """assets/mathai.mplstyle as a plt.rcParams.update({...}) call (values as matplotlib parses them)."""
    import matplotlib

    parsed = matplotlib.rc_params_from_file(STYLE_FILE, use_default_template=False)
    lines = ["# The book's figure style (assets/mathai.mplstyle), inlined so that this",
             "# notebook draws like the book when it is opened on its own.",
             "plt.rcParams.update({"]
    in_file = [line.split(":", 1)[0].strip() for line in STYLE_FILE.read_text(encoding="utf-8").splitlines()
               if ":" in line and not line.lstrip().startswith("#")]
    for key in in_file:  # the file's order, so that the inlined block reads like the file
        value = parsed[key]
        if key == "axes.prop_cycle":
            by_key = value.by_key()
            if list(by_key) != ["color"]:
                raise ColabError("axes.prop_cycle: only a colour cycle is inlined")
            lines.append('    "axes.prop_cycle": plt.cycler(color=[')
            colours = [f'"{c}"' for c in by_key["color"]]
            for start in range(0, len(colours), 4):
                lines.append("        " + ", ".join(colours[start:start + 4]) + ",")
            lines.append("    ]),")
        else:
            lines.append(f"    {key!r}: {value!r},".replace("'", '"'))
    lines.append("})")
    return "\n".join(lines)


def code_source(source: str, path: Path) -> str:
    if STYLE_LINES in source:
        return source.replace(STYLE_LINES, style_code())
    if "mathai.mplstyle" in source:
        raise ColabError(f"{path}: a setup cell loads the style differently from CONTRIBUTING.md's setup cell")
    return source


# ---------------------------------------------------------------------------------------------
# Notebooks.
# ---------------------------------------------------------------------------------------------

def copy_of(path: Path, nb, index: dict, macros) -> nbformat.NotebookNode:
    doc = path.with_suffix("").as_posix()
    cells = []
    for cell in nb.cells:
        cell = copy.deepcopy(cell)
        if cell.cell_type == "markdown":
            cell.source = plain_markdown(cell.source, doc, index, macros)
            if not cell.source:
                continue  # e.g. a cell that only closed a solution
            cells.append(cell)
            continue
        if cell.cell_type == "code":
            cell.source = code_source(cell.source, path)
        cells.append(cell)
        figure = cell.metadata.get("mystnb", {}).get("figure", {}) if cell.cell_type == "code" else {}
        if figure.get("name"):
            number = index["labels"][figure["name"]]["number"]
            caption = plain_markdown(figure.get("caption", ""), doc, index, macros)
            link = page_url(index, doc, html_id(figure["name"]))
            note = nbformat.v4.new_markdown_cell(f"*[Fig. {number}]({link}):* {caption}")
            note.id = f"{cell.id}-caption"[:64]
            note.metadata["tags"] = ["figure-caption"]
            cells.append(note)
    out = nbformat.v4.new_notebook()
    out.metadata = copy.deepcopy(nb.metadata)
    out.metadata.pop("jupytext", None)
    out.metadata["mathai"] = {**out.metadata.get("mathai", {}), "colab_copy_of": path.as_posix(),
                              "colab_generator": "tools/make_colab.py", "site": page_url(index, doc)}
    out.nbformat, out.nbformat_minor = nb.nbformat, nb.nbformat_minor
    out.cells = cells
    return out


def build_all(overrides: dict | None = None, only: set[str] | None = None) -> dict[Path, nbformat.NotebookNode]:
    """{colab/<path>: copy} for every notebook (only those whose stem is in ``only``, if given).

    ``overrides`` maps absolute source paths to notebooks to use instead of the files (the
    generator passes the practice notebooks and exercise lists it has just built).
    """
    overrides = overrides or {}
    cfg = config()
    index = build_index(overrides)
    macros = tex_macros(cfg)
    built = {}
    for path in sources():
        if only is not None and path.stem not in only:
            continue
        nb = overrides.get(ROOT / path) or nbformat.read(ROOT / path, as_version=4)
        built[colab_path(path)] = copy_of(path, nb, index, macros)
    return built


def stale_copies() -> list[Path]:
    """Files in colab/ that no source generates any more."""
    wanted = {colab_path(p) for p in sources()}
    return sorted(p for p in OUT.rglob("*") if p.is_file() and p not in wanted)


if __name__ == "__main__":
    sys.exit("run `make exercises` (tools/make_exercises.py), which writes the Colab copies too")
