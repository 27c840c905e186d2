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
(sphinxext-opengraph writes it from the page's first paragraph; this extension writes one for
the pages Sphinx generates without a document, the search page and the index), and the site
has a ``robots.txt`` that lets every crawler in.
"""
from __future__ import annotations

import html
from pathlib import Path

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
    # Before sphinx-external-toc's ensure_index_file (priority 500), which writes the bare stub.
    app.connect("build-finished", write_site_files, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
