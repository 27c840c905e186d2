"""What a reader installs: Binder's pins, JupyterLab with MyST, and the clone instructions.

- binder/requirements.txt is what Binder installs (repo2docker reads binder/ instead of the root
  files): every line is the exact pin of constraints.txt, the set is complete (every package a
  listed package requires, for Linux and this Python, is listed), and it is what
  `make binder` generates from requirements-lab.txt (tools/binder_pins.py).
- The project's environment has JupyterLab with jupyterlab-myst enabled, so `make lab` shows the
  chapters rendered (admonitions, roles, equations) instead of raw MyST.
- README.md and intro.md give the real clone URL: `repository.url` of _config.yml, plus `.git`.
"""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tools"))
import binder_pins  # noqa: E402

BINDER = ROOT / "binder" / "requirements.txt"


def pins(path: Path) -> dict[str, str]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if line and not line.startswith("-"):
            name, _, version = line.partition("==")
            assert version, f"{path.name}: {line!r} is not an exact pin"
            out[binder_pins.canonical(name)] = version
    return out


def test_binder_pins_are_the_tested_pins():
    binder, tested = pins(BINDER), pins(ROOT / "constraints.txt")
    wrong = {n: (v, tested.get(n)) for n, v in binder.items() if tested.get(n) != v}
    assert not wrong, f"binder/requirements.txt differs from constraints.txt (binder, tested): {wrong}"


def test_binder_pins_are_complete():
    binder = pins(BINDER)
    missing = binder_pins.missing_requirements(set(binder))
    assert not missing, ("binder/requirements.txt lacks packages that its packages require "
                         f"(package: required by): {missing}")


def test_binder_installs_what_the_notebooks_and_jupyterlab_need():
    binder = pins(BINDER)
    needed = set(pins(ROOT / "requirements.txt")) | set(pins(ROOT / "requirements-lab.txt"))
    assert needed <= set(binder), f"binder/requirements.txt lacks {sorted(needed - set(binder))}"
    assert "pillow" in binder, "Pillow (sklearn's load_sample_image needs it) is not in Binder's pins"


def test_binder_runtime_is_the_python_the_makefile_requires():
    # repo2docker reads only binder/ when that folder exists, so a root runtime.txt would be
    # unused and could drift: binder/runtime.txt is the one place, and it names the Python that
    # the Makefile's venv check (and so every test) requires.
    assert not (ROOT / "runtime.txt").exists(), "runtime.txt at the root is unused (Binder reads binder/)"
    required = re.search(r"sys\.version_info\[:2\] == \((\d+), (\d+)\)", (ROOT / "Makefile").read_text())
    assert required, "the Makefile no longer checks the Python version"
    assert (ROOT / "binder" / "runtime.txt").read_text().strip() == f"python-{required[1]}.{required[2]}"


def test_binder_pins_are_generated():
    assert BINDER.read_text(encoding="utf-8") == binder_pins.render(), (
        "binder/requirements.txt is out of date: run `make binder`")


def test_jupyterlab_myst_is_enabled():
    jupyter = Path(sys.executable).with_name("jupyter")
    result = subprocess.run([str(jupyter), "labextension", "list"], capture_output=True, text=True)
    listing = result.stdout + result.stderr
    line = next((l for l in listing.splitlines() if "jupyterlab-myst" in l), "")
    assert re.search(r"jupyterlab-myst v\S+ .*enabled.*OK", line), (
        f"jupyterlab-myst is not installed and enabled in JupyterLab:\n{listing}")


def test_clone_url_is_the_repository():
    url = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["repository"]["url"]
    for name in ("README.md", "intro.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        clones = re.findall(r"git clone (\S+)", text)
        assert clones, f"{name} does not say how to clone the book (git clone ...)"
        assert all(c == url.rstrip("/") + ".git" for c in clones), (
            f"{name} clones {clones}, but _config.yml's repository.url is {url}")


def test_make_lab_starts_without_the_news_prompt():
    """`make lab` installs tools/lab/overrides.json into .venv (JupyterLab's settings overrides, not
    the user's home): fetchNews "false" (no "Would you like to get notified about official Jupyter
    news?" prompt) and no update check, with values JupyterLab's own schema accepts."""
    import json

    overrides = json.loads((ROOT / "tools" / "lab" / "overrides.json").read_text())
    notification = overrides.get("@jupyterlab/apputils-extension:notification", {})
    assert notification.get("fetchNews") == "false" and notification.get("checkForUpdates") is False, notification
    schema = Path(sys.prefix) / "share/jupyter/lab/schemas/@jupyterlab/apputils-extension/notification.json"
    properties = json.loads(schema.read_text())["properties"]
    assert "false" in [choice["const"] for choice in properties["fetchNews"]["oneOf"]], properties["fetchNews"]
    assert properties["checkForUpdates"]["type"] == "boolean"
    recipe = subprocess.run(["make", "-n", "lab"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    install = recipe.index("tools/lab/overrides.json .venv/share/jupyter/lab/settings/overrides.json")
    assert install < recipe.index("jupyter lab"), recipe
