"""Make the built site valid HTML and fit to publish (tests/site/test_site_validity.py,
tests/site/test_site_lighthouse.py).

The W3C Nu HTML Checker (vnu) finds three kinds of error in what the book's Sphinx extensions
write; each is fixed here at the node or page that produces it, not by filtering the report:

- myst-nb's "Show code cell source" toggle puts ``<p>`` elements inside ``<summary>``, which
  allows only phrasing content. The same markup is written with ``<span>`` elements, and
  ``publish_static/publish_html.css`` gives them the styles myst-nb's CSS gives the ``<p>``.
- sphinx-exercise gives the body of every exercise and every solution the same id
  (``exercise-content``, ``solution-content``): duplicate ids on a page. Each gets the id of its
  exercise or solution with ``-content`` appended (``ex-1-1-content``); nothing links to them.
- The ``index.html`` of a Jupyter Book (a redirect to the first page) is a bare ``<meta>`` tag, with
  no doctype and no title. This extension writes a complete HTML5 redirect page in its place
  (sphinx-external-toc writes its own only when there is none).

And for search engines (Lighthouse's SEO audits): every page has ``<meta name="description">``
and ``og:description``, and the site has a ``robots.txt`` that lets every crawler in. The
description of a page is its first paragraphs of prose, as a reader reads them (``page_description``):
sphinxext-opengraph's own, made from the doctree's leaf nodes one by one, glues and splits words
at inline markup ("pillars(linear", "notation( Appendix A"), quotes TeX ("\\mathbf x") and takes
tables in as ",,,". It is set before sphinxext-opengraph runs, which then keeps it. The pages
Sphinx generates without a document (the search page, the index) get a sentence of their own.
"""
from __future__ import annotations

import html
from pathlib import Path

import re

from docutils import nodes

HERE = Path(__file__).parent

# Pages Sphinx renders from a template, without a document to take a description from.
TEMPLATE_PAGES = {
    "search": "Search the pages of {project}.",
    "genindex": "The index of {project}: every indexed term, with the pages that use it.",
}

ROBOTS_TXT = "User-agent: *\nAllow: /\n"

REDIRECT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta http-equiv="refresh" content="0; url={target}">
<title>{title}</title>
<meta name="description" content="{description}">
<link rel="canonical" href="{target}">
</head>
<p><a href="{target}">{title}</a></p>
</html>
"""


def visit_hide_cell_input(self, node) -> None:
    """myst-nb's visit_HideCellInput, with <span> (phrasing content) in the <summary>."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n')
    self.body.append('<summary aria-label="Toggle hidden content">\n')
    self.body.append(f'<span class="collapsed admonition-title">{html.escape(node["prompt_show"])}</span>\n')
    self.body.append(f'<span class="expanded admonition-title">{html.escape(node["prompt_hide"])}</span>\n')
    self.body.append("</summary>\n")


def unique_content_ids(app, doctree, docname) -> None:
    """sphinx-exercise's `exercise-content`/`solution-content` ids, made unique per page."""
    taken = set(doctree.ids)
    for section in doctree.findall(nodes.section):
        ids = section["ids"]
        if ids not in (["exercise-content"], ["solution-content"]):
            continue
        owner = next((p for p in _ancestors(section) if p.get("ids")), None)
        base = f"{owner['ids'][0]}-content" if owner is not None else ids[0]
        new, n = base, 1
        while new in taken:
            n += 1
            new = f"{base}-{n}"
        taken.add(new)
        section["ids"] = [new]


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def template_page_description(app, pagename, templatename, context, doctree) -> None:
    text = TEMPLATE_PAGES.get(pagename)
    if doctree is None and text and 'name="description"' not in context.get("metatags", ""):
        description = html.escape(text.format(project=book_title(app)), quote=True)
        context["metatags"] = context.get("metatags", "") + f'<meta name="description" content="{description}" />\n'


# Inline TeX in a description: a few symbols as Unicode, font commands dropped, other commands
# spelled out without their backslash ("\\log" -> "log"), braces and spacing commands removed.
TEX_SYMBOLS = {
    r"\R": "ℝ", r"\in": "∈", r"\le": "≤", r"\leq": "≤", r"\ge": "≥", r"\geq": "≥", r"\ne": "≠",
    r"\neq": "≠", r"\times": "×", r"\cdot": "·", r"\to": "→", r"\infty": "∞", r"\nabla": "∇",
    r"\partial": "∂", r"\sum": "∑", r"\approx": "≈", r"\top": "ᵀ", r"\mid": "|", r"\pm": "±",
    r"\alpha": "α", r"\beta": "β", r"\gamma": "γ", r"\delta": "δ", r"\epsilon": "ε",
    r"\varepsilon": "ε", r"\eta": "η", r"\theta": "θ", r"\lambda": "λ", r"\mu": "μ", r"\pi": "π",
    r"\sigma": "σ", r"\Sigma": "Σ", r"\phi": "φ", r"\varphi": "φ", r"\ldots": "…", r"\dots": "…",
}
TEX_FONTS = re.compile(r"\\(?:mathbf|mathrm|mathit|mathcal|mathbb|boldsymbol|vect|operatorname|text|textbf|bm)\b\s*")
TEX_COMMAND = re.compile(r"\\([A-Za-z]+)")
# Where a paragraph is not prose a reader reads first: admonitions, tables, figures and their
# captions, footnotes, cell outputs, the exercise and solution boxes.
SKIP_IN = (nodes.Admonition, nodes.table, nodes.figure, nodes.caption, nodes.footnote, nodes.citation,
           nodes.sidebar, nodes.topic, nodes.literal_block, nodes.field_list)


def tex_text(tex: str) -> str:
    tex = TEX_FONTS.sub("", tex)
    tex = TEX_COMMAND.sub(lambda m: TEX_SYMBOLS.get(m.group(0), m.group(1)), tex)
    tex = re.sub(r"[{}]|\\[,;:! ]", "", tex)
    return tex.replace("^ᵀ", "ᵀ")


def inline_text(node) -> str:
    if isinstance(node, nodes.Text):
        return str(node)
    if isinstance(node, (nodes.math, nodes.math_block)):
        return tex_text(node.astext())
    if isinstance(node, (nodes.footnote_reference, nodes.citation_reference, nodes.raw, nodes.Invisible)):
        return ""
    return "".join(inline_text(child) for child in node.children)


def page_description(doctree, length: int) -> str:
    """The page's first paragraphs of prose, whole words, at most `length` characters."""
    words: list[str] = []
    for paragraph in doctree.findall(nodes.paragraph):
        if any(isinstance(a, SKIP_IN) or "cell_output" in a.get("classes", []) or
               type(a).__name__.startswith(("exercise", "solution", "CellOutput"))
               for a in _ancestors(paragraph)):
            continue
        words += inline_text(paragraph).split()
        if sum(len(w) + 1 for w in words) > length:
            break
    text = " ".join(words)
    if len(text) <= length:
        return text
    cut = text[: length - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def document_description(app, pagename, templatename, context, doctree) -> None:
    """Before sphinxext-opengraph (priority 500): it keeps a page's own description and og: fields."""
    if doctree is None or 'name="description"' in context.get("metatags", ""):
        return
    text = page_description(doctree, app.config.ogp_description_length)
    if not text:
        return
    context["meta"] = {**(context.get("meta") or {}), "og:description": html.escape(text, quote=True)}
    context["metatags"] = (context.get("metatags", "") +
                           f'<meta name="description" content="{html.escape(text, quote=True)}" />\n')


def book_title(app) -> str:
    return app.config.html_title or app.config.project


def write_site_files(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    out = Path(app.outdir)
    (out / "robots.txt").write_text(ROBOTS_TXT, encoding="utf-8")
    if app.config.root_doc != "index" and not (out / "index.html").exists():
        target = app.builder.get_target_uri(app.config.root_doc)
        title = book_title(app)
        (out / "index.html").write_text(REDIRECT.format(
            lang=html.escape(app.config.language or "en"), target=html.escape(target),
            title=html.escape(title),
            description=html.escape(f"{title}: the first page of the book.", quote=True)), encoding="utf-8")


def add_static(app, config) -> None:
    config.html_static_path.append(str(HERE / "publish_static"))


def setup(app):
    app.setup_extension("myst_nb")
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell_input, depart_HideCellInput))
    app.connect("config-inited", add_static)
    app.add_css_file("publish_html.css")
    app.connect("doctree-resolved", unique_content_ids)
    app.connect("html-page-context", template_page_description)
    app.connect("html-page-context", document_description, priority=400)
    # Before sphinx-external-toc's ensure_index_file (priority 500), which writes the bare stub.
    app.connect("build-finished", write_site_files, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
