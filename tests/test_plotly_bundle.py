"""The Plotly bundle the site serves (CONTRIBUTING.md, "Interactive figures"):
assets/vendor/plotly/plotly-basic-<version>.min.js, npm ``plotly.js-basic-dist-min``.

- Its plotly.js version is the one the pinned Python ``plotly`` bundles (the version the notebooks
  and JupyterLab/Colab use): a bump of the Python pin without a new bundle fails here.
- It is byte-identical to the copy that package-lock.json installs (node_modules), when
  node_modules is there (skipped with the reason otherwise, required under CI).
- Every trace type of every interactive figure is one that the bundle registers (scatter, bar,
  pie): a figure with another trace type would not draw on the site.
"""
import json
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools.sphinxext.interactive_figures import BUNDLE, BUNDLE_TRACES, BUNDLE_VERSION  # noqa: E402
from tools.site_validators import NODE_MODULES, skip_unless_available  # noqa: E402

PLOTLY_MIME = "application/vnd.plotly.v1+json"
NOTEBOOKS = sorted(p for folder in ("chapters", "appendices") for p in (ROOT / folder).glob("*.ipynb"))
HEADER = re.compile(rb"plotly\.js \(basic - minified\) v(\S+)")
VERSION = re.compile(rb'\.version="([^"]+)"')


def test_bundle_version_is_the_python_packages_plotly_js():
    import plotly.offline

    python_version = plotly.offline.get_plotlyjs_version()
    text = BUNDLE.read_bytes()
    header, versions = HEADER.search(text[:400]), set(VERSION.findall(text))
    found = {header and header[1].decode(), *(v.decode() for v in versions)}
    assert found == {python_version} == {BUNDLE_VERSION}, (
        f"{BUNDLE.relative_to(ROOT)} is plotly.js {sorted(map(str, found))} (BUNDLE_VERSION "
        f"{BUNDLE_VERSION}), the pinned Python plotly bundles plotly.js {python_version}: vendor "
        f"plotly.js-basic-dist-min@{python_version} (assets/vendor/plotly/README.md)")


def test_vendored_bundle_is_the_npm_package():
    skip_unless_available()
    package = NODE_MODULES / "plotly.js-basic-dist-min"
    installed = package / "plotly-basic.min.js"
    assert installed.is_file(), f"{installed.relative_to(ROOT)} is missing: run `make node_modules`"
    version = json.loads((package / "package.json").read_text())["version"]
    assert version == BUNDLE_VERSION, f"package-lock.json installs plotly.js-basic-dist-min {version}, the site vendors {BUNDLE_VERSION}"
    assert installed.read_bytes() == BUNDLE.read_bytes(), \
        f"{BUNDLE.relative_to(ROOT)} differs from {installed.relative_to(ROOT)}: copy it again"


def figure_traces():
    for path in NOTEBOOKS:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for out in cell.get("outputs", []):
                spec = out.get("data", {}).get(PLOTLY_MIME)
                if spec:
                    yield path.relative_to(ROOT), {t.get("type", "scatter") for t in spec["data"]}


def test_figures_use_only_the_bundles_trace_types():
    found = list(figure_traces())
    assert found, "no interactive figure found"
    missing = [f"{path}: {sorted(types - BUNDLE_TRACES)}" for path, types in found if types - BUNDLE_TRACES]
    assert not missing, (f"trace types the site's Plotly bundle ({sorted(BUNDLE_TRACES)}) does not have: "
                         f"{missing}; serve a bundle that has them (CONTRIBUTING.md, \"Interactive figures\")")
