"""Serve MathJax 3 from the book's own site, so its math renders with no network.

Sphinx loads MathJax from a CDN by default; a reader who is offline (or behind a
firewall) then sees raw TeX. The PyPI package ``django-static-mathjax`` (pinned
in requirements-dev.txt; no dependencies, and importing it needs no Django)
ships MathJax's browser build, ``es5/``. This extension copies what the site
uses (one combined component plus the folders MathJax loads on demand: fonts,
TeX extensions, accessibility, menu) into ``_build/mathjax-offline/mathjax/``
and adds that folder to ``html_extra_path``, so every build puts ``mathjax/`` at
the root of the site and ``mathjax_path`` points at it. It is not put in a
``_static/`` folder: Jupyter Book adds every .js file under a book's
``_static/`` to every page.

Config (``sphinx: config:`` in _config.yml):
  ``mathjax_offline_component``: the combined component to load, default
  ``tex-chtml.js`` (TeX input, HTML+CSS output; see CONTRIBUTING.md, "Browser
  tests", for the measurements behind the choice).
An explicit ``mathjax_path`` in the config wins: this extension then does nothing.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from sphinx.ext.mathjax import MATHJAX_URL

# The combined components at the top of es5/; only the configured one is copied.
COMPONENTS = {
    "tex-chtml.js", "tex-chtml-full.js", "tex-chtml-full-speech.js", "tex-mml-chtml.js",
    "tex-svg.js", "tex-svg-full.js", "tex-mml-svg.js", "mml-chtml.js", "mml-svg.js",
}


def mathjax_es5() -> Path:
    import mathjax  # the django-static-mathjax package

    es5 = Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"
    if not (es5 / "tex-chtml.js").is_file():
        raise RuntimeError(f"MathJax's es5/ build was not found at {es5}: reinstall django-static-mathjax")
    return es5


def _sync(src: Path, dest: Path, component: str) -> None:
    """Copy src to dest, skipping the other combined components and files already current."""
    for path in src.rglob("*"):
        rel = path.relative_to(src)
        if path.is_dir() or (len(rel.parts) == 1 and path.suffix == ".js" and path.name != component):
            continue
        target = dest / rel
        stat = path.stat()
        if target.is_file():
            tstat = target.stat()
            if (tstat.st_size, tstat.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns):
                continue
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def configure(app, config) -> None:
    if config.mathjax_path != MATHJAX_URL:
        return  # the book chose its own MathJax
    component = config.mathjax_offline_component
    if component not in COMPONENTS:
        raise ValueError(f"mathjax_offline_component must be one of {sorted(COMPONENTS)}, not {component!r}")
    stage = Path(app.outdir).parent / "mathjax-offline"
    _sync(mathjax_es5(), stage / "mathjax", component)
    config.html_extra_path = [*config.html_extra_path, str(stage)]
    # mathjax_path is relative to the site's _static/ folder.
    config.mathjax_path = f"../mathjax/{component}"


def setup(app):
    app.add_config_value("mathjax_offline_component", "tex-chtml.js", "html")
    # Before Sphinx validates html_extra_path (priority 800), which drops missing folders.
    app.connect("config-inited", configure, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
