"""Test-wide setup: every kernel that nbval starts runs with the network blocked,
and the tests are grouped so that both xdist workers stay busy.

The guard (tools/offline/sitecustomize.py) is put on PYTHONPATH before any
kernel starts; kernels inherit the environment and import it at start-up.
tools/run_notebooks.py, which makes the stored outputs, does the same.

The tests are scheduled so that both xdist workers stay busy (`make_scheduler` below): the
cells of a notebook (nbval) must run in order in one kernel, so a notebook is one unit of work;
the browser tests of one site page share a single visit of that page (tests/site/conftest.py), so
a page is one unit; every other test (each practice-notebook run, each file test) is a unit of its
own. Units are handed out longest first (`schedule_order`): site pages, the largest first, then
the rest, most tests first, so that short units fill the end. (xdist's own --dist loadgroup cannot do this under pytest 9: it renames node ids through an
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


def schedule_order(units: dict[str, int], page_size) -> list[str]:
    """The order in which to hand out `units` (unit -> its number of tests): longest first.

    A site page is the longest kind of unit (its visit runs axe-core twice, in proportion to the
    page's size: `page_size(page)` gives its bytes), so pages go first, the largest first; then
    the rest, most tests first (xdist's own order), so that the short ones fill the end.
    """
    def key(unit: str):
        if unit.startswith("page:"):
            return (0, -(page_size(unit[5:]) or 0))
        return (1, -units[unit])

    return sorted(units, key=key)


def _page_size(page: str) -> int | None:
    path = Path(__file__).parent / "_build" / "html" / page
    return path.stat().st_size if path.is_file() else None


def pytest_xdist_make_scheduler(config, log):
    from xdist.scheduler import LoadScopeScheduling

    class ByWorkUnit(LoadScopeScheduling):
        ordered = False

        def _split_scope(self, nodeid: str) -> str:
            return work_unit(nodeid)

        def _assign_work_unit(self, node) -> None:
            if not self.ordered:  # the first assignment: the work queue is complete
                self.ordered = True
                order = schedule_order({unit: len(ids) for unit, ids in self.workqueue.items()}, _page_size)
                units = {unit: self.workqueue[unit] for unit in order}
                self.workqueue.clear()
                self.workqueue.update(units)
            super()._assign_work_unit(node)

    return ByWorkUnit(config, log)
