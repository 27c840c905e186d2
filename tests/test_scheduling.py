"""The test scheduler keeps together what must run together, and spreads everything else.

conftest.py's work_unit decides what xdist sends to one worker as a unit: a notebook's cells (they
share one kernel, in order), a site page's browser tests (they share one visit of the page).
"""
import importlib.util
from pathlib import Path

# Load the root conftest.py by path: "conftest" in sys.modules may be tests/site/conftest.py.
_spec = importlib.util.spec_from_file_location("root_conftest", Path(__file__).resolve().parent.parent / "conftest.py")
_root_conftest = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_root_conftest)
work_unit = _root_conftest.work_unit


def test_a_notebooks_cells_are_one_unit_in_either_spelling():
    units = {work_unit(f"chapters/01_vectors.ipynb::Cell {i}") for i in range(3)}
    units |= {work_unit(f"chapters/01_vectors::ipynb::Cell {i}") for i in range(3)}  # pytest 9's spelling
    assert len(units) == 1
    assert work_unit("solutions/01_vectors.ipynb::Cell 0") not in units


def test_a_pages_browser_tests_are_one_unit():
    page = "chapters/05_derivatives.html"
    ids = [f"tests/site/test_site_pages.py::test_math_is_typeset[{page}]",
           f"tests/site/test_site_accessibility.py::test_accessibility[{page}-dark]",
           f"tests/site/test_site_accessibility.py::test_accessibility[{page}-light]",
           f"tests/site/test_site_solutions.py::test_solutions_start_hidden_and_open_on_click[{page}]"]
    assert {work_unit(i) for i in ids} == {f"page:{page}"}
    assert work_unit("tests/site/test_site_pages.py::test_math_is_typeset[intro.html]") == "page:intro.html"


def test_everything_else_is_scheduled_on_its_own():
    ids = ["tests/test_exercises.py::test_worked_solutions_pass_every_check[01_vectors]",
           "tests/test_exercises.py::test_worked_solutions_pass_every_check[02_matrices]",
           "tests/site/test_site_links.py::test_some_pages_exist",
           "tests/test_answer_check.py::test_booleans"]
    assert len({work_unit(i) for i in ids}) == len(ids)


def test_the_heaviest_pages_start_first():
    """A page's visit is the longest unit (axe-core twice): the heaviest start first, so that none is
    left for the end, when the other worker would wait; then notebooks, most cells first."""
    units = {"chapters/05_derivatives.ipynb": 40, "solutions/05_derivatives.ipynb": 60,
             "page:exercises/05_derivatives.html": 5, "page:chapters/05_derivatives.html": 5,
             "page:solutions/05_derivatives.html": 7,
             "tests/test_exercises.py::test_worked_solutions_pass_every_check[05_derivatives]": 1}
    size = {"exercises/05_derivatives.html": 100, "chapters/05_derivatives.html": 300,
            "solutions/05_derivatives.html": 200}
    assert _root_conftest.schedule_order(units, size.get) == [
        "page:chapters/05_derivatives.html", "page:solutions/05_derivatives.html",
        "page:exercises/05_derivatives.html", "solutions/05_derivatives.ipynb",
        "chapters/05_derivatives.ipynb",
        "tests/test_exercises.py::test_worked_solutions_pass_every_check[05_derivatives]"]
