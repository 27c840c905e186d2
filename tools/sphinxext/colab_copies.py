"""Point the Colab button and the .ipynb download at the plain-Markdown copies in colab/.

Colab renders neither MyST roles nor directives, and a downloaded notebook is read outside the
site, so both get the copy that ``tools/make_colab.py`` writes (``colab/chapters/05_derivatives.ipynb``
for ``chapters/05_derivatives.ipynb``; see CONTRIBUTING.md, "The Colab copies"). sphinx-book-theme
has no option for either, so at ``html-page-context``, after the theme has made its buttons
(priority 501), this rewrites:

* the Colab launch link ``…/github/<owner>/<repo>/blob/<branch>/<page>.ipynb`` to
  ``…/blob/<branch>/colab/<page>.ipynb`` (a committed file);
* the download menu's ``.ipynb`` link from ``_sources/<page>.ipynb`` to ``colab/<page>.ipynb``,
  which ``build-finished`` copies into the site from the repository's ``colab/``.

Binder, JupyterHub and Thebe keep the real sources (Binder has jupyterlab-myst). A page with no
copy keeps the theme's links.
"""
from __future__ import annotations

import shutil
from pathlib import Path

FOLDER = "colab"


def _copy_exists(app, pagename: str) -> bool:
    return (Path(app.srcdir) / FOLDER / f"{pagename}.ipynb").is_file()


def rewrite_buttons(app, pagename, templatename, context, doctree) -> None:
    if not _copy_exists(app, pagename):
        return
    page = f"{pagename}.ipynb"
    for group in context.get("header_buttons", []):
        for button in group.get("buttons", []):
            url = button.get("url", "")
            if group.get("label") == "launch-buttons" and button.get("text") == "Colab" and url.endswith("/" + page):
                button["url"] = url[: -len(page)] + f"{FOLDER}/{page}"
            elif group.get("label") == "download-buttons" and url.endswith(".ipynb"):
                # the "source" button of a notebook page (its source is the .ipynb), or the
                # "notebook" button of a page that myst-nb turned into one
                button["url"] = f"{context['pathto'](FOLDER, 1)}/{page}"
                button["tooltip"] = "Download notebook file (plain Markdown, runs on its own)"


def copy_into_site(app, exception) -> None:
    source = Path(app.srcdir) / FOLDER
    if exception is None and app.builder.format == "html" and source.is_dir():
        shutil.copytree(source, Path(app.outdir) / FOLDER, dirs_exist_ok=True)


def setup(app):
    app.connect("html-page-context", rewrite_buttons, priority=600)
    app.connect("build-finished", copy_into_site)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
