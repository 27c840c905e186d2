"""Test-wide setup: every kernel that nbval starts runs with the network blocked,
and the tests are grouped so that both xdist workers stay busy.

The guard (tools/offline/sitecustomize.py) is put on PYTHONPATH before any
kernel starts; kernels inherit the environment and import it at start-up.
tools/run_notebooks.py, which makes the stored outputs, does the same.

The tests are scheduled so that both xdist workers stay busy (`make_scheduler` below): the
cells of a notebook (nbval) must run in order in one kernel, so a notebook is one unit of work;
the browser tests of one site page share a single visit of that page (tests/site/conftest.py), so
a page is one unit; every other test (each practice-notebook run, each file test) is a unit of its
own. (xdist's own --dist loadgroup cannot do this under pytest 9: it renames node ids through an
attribute that pytest 9 no longer reads, so its groups silently split.)
"""
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tools"))
from run_notebooks import offline_env  # noqa: E402


def pytest_configure(config):
    offline_env()


PAGE = re.compile(r"\[([^\]]*?\.html)")


def work_unit(nodeid: str) -> str:
    """What must run on one worker, in order, with `nodeid`."""
    if ".ipynb" in nodeid or "::ipynb" in nodeid:  # nbval: the notebook (pytest 9 spells it a::ipynb)
        return nodeid.replace("::ipynb", ".ipynb").split("::Cell", 1)[0]
    page = PAGE.search(nodeid) if nodeid.startswith("tests/site/") else None
    if page:
        return f"page:{page[1]}"
    return nodeid


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkUnit(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

    return ByWorkUnit(config, log)
