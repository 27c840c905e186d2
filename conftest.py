"""Test-wide setup: every kernel that nbval starts runs with the network blocked,
and the tests are grouped so that both xdist workers stay busy.

The guard (tools/offline/sitecustomize.py) is put on PYTHONPATH before any
kernel starts; kernels inherit the environment and import it at start-up.
tools/run_notebooks.py, which makes the stored outputs, does the same.

pytest.ini runs `--dist loadgroup`: a test is scheduled on its own unless it is
in an xdist group. The cells of a notebook (nbval) must run in order in one
kernel, so each notebook is one group; the browser tests of one site page share
a single visit of that page (tests/site/conftest.py), so each page is one group.
Everything else (each practice-notebook run, each file test) is spread singly.
"""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "tools"))
from run_notebooks import offline_env  # noqa: E402


def pytest_configure(config):
    offline_env()


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook turns the marks into node ids
def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath))
        if path.suffix == ".ipynb":
            item.add_marker(pytest.mark.xdist_group(f"notebook:{path.name}:{path.parent.name}"))
        elif path.parent.name == "site" and "page_name" in getattr(getattr(item, "callspec", None), "params", {}):
            item.add_marker(pytest.mark.xdist_group(f"page:{item.callspec.params['page_name']}"))
