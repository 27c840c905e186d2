"""Practice notebooks: generated from the solutions, self-contained, and helpful to a learner.

Each practice notebook is copied alone into an empty folder (as a learner would download it, or
open it on Colab) and run there three ways: as shipped (every check says "not answered yet"),
with the worked solutions pasted into the answer cells (every check passes), and with wrong
answers of the wrong type and NaN (every check says what is wrong). None of the runs may show a
traceback.
"""
import copy
import re
import sys
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_exercises  # noqa: E402

SOLUTIONS = sorted((ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))
IDS = [p.stem for p in SOLUTIONS]


def test_generated_files_are_current():
    assert make_exercises.main(["--check"]) == 0, "run `make exercises` and commit the result"


def test_every_solutions_notebook_has_a_practice_notebook_and_chapter():
    assert SOLUTIONS, "no solutions notebooks found"
    for path in SOLUTIONS:
        assert (ROOT / "exercises" / path.name).exists()
        assert (ROOT / "chapters" / path.name).exists()


def run_alone(nb, tmp_path):
    """Execute a copy of nb in an empty folder; return (check lines, error outputs)."""
    path = tmp_path / "practice.ipynb"
    nbformat.write(nb, path)
    executed = nbformat.read(path, as_version=4)
    NotebookClient(executed, timeout=120, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    lines, errors = [], []
    for cell in executed.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                errors.append(f"{out.ename}: {out.evalue}")
            elif out.output_type == "stream" and "check" in cell.metadata.get("tags", []):
                lines += out.text.strip().splitlines()
    return lines, errors


def answer_cells(nb):
    return [c for c in nb.cells if "answer" in c.metadata.get("tags", [])]


def solution_code(solutions_nb):
    """Map each check cell's practice id to the solution code that precedes it."""
    found, pending, inside = {}, [], False
    for index, cell in enumerate(solutions_nb.cells):
        if cell.cell_type == "markdown" and "{solution-start}" in cell.source:
            inside = True
        elif cell.cell_type == "markdown" and "{solution-end}" in cell.source:
            inside = False
        elif cell.cell_type == "code" and inside:
            pending.append(cell.source)
        elif "check" in cell.metadata.get("tags", []):
            found[f"practice-{index:03d}-answer"] = "\n\n".join(pending)
            pending = []
    return found


def expected_checks(nb):
    return sum(len(re.findall(r"^check\(", c.source, re.M)) for c in nb.cells if "check" in c.metadata.get("tags", []))


@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_practice_notebook_is_self_contained(path):
    practice = nbformat.read(ROOT / "exercises" / path.name, as_version=4)
    text = "\n".join(c.source for c in practice.cells if c.cell_type == "code")
    local_import = re.search(r"^\s*(import|from)\s+(tools|answer_check|make_exercises)\b|sys\.path\.", text, re.M)
    assert not local_import, f"{path.name}: practice notebook depends on the repository ({local_import[0]})"
    assert all(c.get("outputs", []) == [] for c in practice.cells if c.cell_type == "code"), "ship without outputs"
    assert not re.search(r":label:", "\n".join(c.source for c in practice.cells)), "labels belong to the solutions"


@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_unanswered_practice_notebook_says_not_answered_yet(path, tmp_path):
    practice = nbformat.read(ROOT / "exercises" / path.name, as_version=4)
    lines, errors = run_alone(practice, tmp_path)
    assert not errors, f"{path.name}: tracebacks in the unanswered notebook: {errors}"
    assert len(lines) == expected_checks(practice) > 0
    assert all(line.startswith("⏳") and "not answered yet" in line for line in lines), lines


@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_worked_solutions_pass_every_check(path, tmp_path):
    practice = nbformat.read(ROOT / "exercises" / path.name, as_version=4)
    code = solution_code(nbformat.read(path, as_version=4))
    for cell in answer_cells(practice):
        cell.source = code[cell.id]
    lines, errors = run_alone(practice, tmp_path)
    assert not errors, f"{path.name}: {errors}"
    assert len(lines) == expected_checks(practice)
    assert all(line.startswith("✅") for line in lines), [line for line in lines if not line.startswith("✅")]


@pytest.mark.parametrize("wrong, words", [
    ('"a string"', ("expected",)),
    ('float("nan")', ("NaN", "expected True or False", "expected a tuple", "expected a string", "expected an array")),
], ids=["wrong-type", "nan"])
@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_wrong_answers_get_a_clear_message(path, wrong, words, tmp_path):
    practice = copy.deepcopy(nbformat.read(ROOT / "exercises" / path.name, as_version=4))
    for cell in answer_cells(practice):
        cell.source = re.sub(r"= \.\.\.  # YOUR ANSWER HERE", f"= {wrong}", cell.source)
    lines, errors = run_alone(practice, tmp_path)
    assert not errors, f"{path.name}: {errors}"
    assert len(lines) == expected_checks(practice)
    for line in lines:
        assert line.startswith("❌") and any(w in line for w in words), line
