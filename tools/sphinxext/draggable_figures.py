"""Draggable figures (JSXGraph, vendored in assets/static/vendor/jsxgraph/), on their pages only.

A notebook displays one with ``show_draggable_map`` (the helper cell,
``tools/sphinxext/draggable/helper_cell.py``; see CONTRIBUTING.md, "Interactive figures"): a
``<figure class="mathai-draggable">`` holding the figure's numbers as JSON, a static picture (an
``<img>`` of a hand-written SVG, which JupyterLab's sanitizer keeps) and the caption
(``text/html``, what the site, JupyterLab and Colab show), and a matplotlib PNG
(``image/png``, what the PDF shows). The site's ``_static/`` already holds the vendored JSXGraph
and the driver (``html_static_path`` is ``assets/static``): this extension adds them, as scripts
and style sheets, only to the pages whose body contains such a figure, so other pages load
nothing more.
"""
from __future__ import annotations

MARK = 'class="mathai-draggable"'
JS = ["vendor/jsxgraph/jsxgraphcore.js", "mathai-draggable.js"]
CSS = ["vendor/jsxgraph/jsxgraph.css", "mathai-draggable.css"]


def add_assets(app, pagename, templatename, context, doctree) -> None:
    if doctree is None or MARK not in context.get("body", ""):
        return
    # Paths are relative to _static/; Sphinx keeps files added here for this page only.
    for k, name in enumerate(JS):
        app.add_js_file(name, priority=910 + k)
    for name in CSS:
        app.add_css_file(name, priority=910)


def setup(app):
    app.connect("html-page-context", add_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
