"""Interactive figures served by the site itself: Plotly's basic bundle, vendored, no CDN.

A notebook displays an interactive figure with ``show_interactive`` (the helper cell,
``tools/sphinxext/interactive/helper_cell.py``; see CONTRIBUTING.md, "Interactive figures"): one
output with three representations. MyST-NB renders its ``text/html`` on the site: a
``<figure class="mathai-interactive">`` holding Plotly's div and call (stable ``div_id``, no
plotly.js inside), a ``<noscript>`` fallback image and the caption. JupyterLab and Colab render
the ``application/vnd.plotly.v1+json`` one; the PDF takes the ``image/png``.

This extension
- copies Plotly's basic bundle (``assets/vendor/plotly/``: npm ``plotly.js-basic-dist-min`` at the
  plotly.js version of the pinned Python ``plotly``; scatter, bar and pie, a quarter of the full
  bundle's size) as ``plotly.min.js``, the slider script and its CSS into ``_build/interactive-static/``
  and adds that folder to ``html_extra_path``, so the site has ``_interactive/`` at its root (not a
  ``_static/`` folder: Jupyter Book adds every .js file under ``_static/`` to every page);
- writes each interactive figure's PNG fallback, taken from the notebook's stored output, to
  ``_interactive/<name>.png`` (the ``<noscript>`` image);
- adds plotly.min.js (first of all scripts, so that it sets ``window.Plotly`` before any AMD
  loader exists), the slider script and the CSS only to the pages that contain such a figure.
"""
from __future__ import annotations

import base64
import json
import re
import shutil
from pathlib import Path

HERE = Path(__file__).parent / "interactive"
FILES = ["mathai-interactive.js", "mathai-interactive.css"]
MARK = 'class="mathai-interactive"'
NAME = re.compile(r'<figure class="mathai-interactive" data-name="([^"]+)"')
SKIP = {"_build", ".venv", ".ipynb_checkpoints", "exercises"}


# The vendored bundle (assets/vendor/plotly/README.md) and the trace types it registers: a figure
# with any other trace type would not draw on the site (tests/test_plotly_bundle.py checks both).
BUNDLE_VERSION = "2.35.2"
BUNDLE = Path(__file__).resolve().parents[2] / "assets" / "vendor" / "plotly" / f"plotly-basic-{BUNDLE_VERSION}.min.js"
BUNDLE_TRACES = frozenset({"bar", "pie", "scatter"})


def plotly_js() -> Path:
    if not BUNDLE.is_file():
        raise RuntimeError(f"Plotly's bundle not found at {BUNDLE} (assets/vendor/plotly/README.md)")
    return BUNDLE


def fallback_pngs(srcdir: Path):
    """(name, png bytes) of every interactive figure stored in the book's notebooks."""
    for nb_path in sorted(srcdir.rglob("*.ipynb")):
        if SKIP & set(nb_path.relative_to(srcdir).parts):
            continue
        text = nb_path.read_text(encoding="utf-8")
        if "mathai-interactive" not in text:
            continue
        for cell in json.loads(text)["cells"]:
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                match = NAME.search("".join(data.get("text/html", "")))
                if match and "image/png" in data:
                    yield match[1], base64.b64decode(data["image/png"])


def configure(app, config) -> None:
    stage = Path(app.outdir).parent / "interactive-static"
    folder = stage / "_interactive"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    shutil.copyfile(plotly_js(), folder / "plotly.min.js")
    for name in FILES:
        shutil.copyfile(HERE / name, folder / name)
    for name, png in fallback_pngs(Path(app.srcdir)):
        (folder / f"{name}.png").write_bytes(png)
    config.html_extra_path = [*config.html_extra_path, str(stage)]


def add_assets(app, pagename, templatename, context, doctree) -> None:
    if doctree is None or MARK not in context.get("body", ""):
        return
    # Paths are relative to _static/; Sphinx keeps files added here for this page only.
    app.add_js_file("../_interactive/plotly.min.js", priority=1)
    app.add_js_file("../_interactive/mathai-interactive.js", priority=900)
    app.add_css_file("../_interactive/mathai-interactive.css", priority=900)


PLOTLY_MIME = "application/vnd.plotly.v1+json"


def skip_plotly_json() -> None:
    """MyST-NB renders every representation of an output, then keeps the preferred one
    (text/html here); for Plotly's JSON it has no renderer and warns "skipping unknown output
    mime type" on every build. That representation is for JupyterLab and Colab, so render it as
    nothing, silently; every other unknown type still warns."""
    from myst_nb.core.render import NbElementRenderer

    for method in ("render_mime_type", "render_mime_type_inline"):
        original = getattr(NbElementRenderer, method)
        if getattr(original, "skips_plotly_json", False):
            continue

        def render(self, data, *args, _original=original, **kwargs):
            return [] if data.mime_type == PLOTLY_MIME else _original(self, data, *args, **kwargs)

        render.skips_plotly_json = True
        setattr(NbElementRenderer, method, render)


def setup(app):
    skip_plotly_json()
    app.connect("config-inited", configure, priority=400)
    app.connect("html-page-context", add_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
