"""The runs of a practice notebook, and how to judge them: one module, two users.

`tests/test_exercises.py` runs every practice notebook in the book's environment, and
`tools/colab_check.py` runs the same notebooks in an environment pinned to Colab's versions.
Both prepare the notebook here (answers pasted from the worked solutions, wrong answers, hint
requests), run it alone in an empty folder, and judge what it printed here, so the two cannot
drift apart. The judges return a list of problems: empty means the run is right.

The runs:
- unanswered: as shipped, plus a request for every hint (and one too many); every check says
  "not answered yet", every hint request shows that hint (or says how many there are);
- answered: each answer cell replaced by the worked solution's code; every check passes;
- wrong (`WRONG_ANSWERS`): each placeholder `= ...` replaced by a wrong value; every check fails
  with a message that says what is wrong.
None of them may show a traceback.
"""
from __future__ import annotations

import copy
import re
import sys
from pathlib import Path

import nbformat

TOOLS = Path(__file__).resolve().parent

# The wrong answers: the value pasted into every answer cell, and the words one of which each
# check's message must contain.
WRONG_ANSWERS = {
    "wrong-type": ('"a string"', ("expected",)),
    "nan": ('float("nan")', ("NaN", "expected True or False", "expected a tuple", "expected a string",
                             "expected an array")),
}


def tags(cell) -> list[str]:
    return cell.metadata.get("tags", [])


def execute_here(path: Path, out: Path, timeout: int = 120) -> None:
    """Run the notebook at `path` in this Python's "python3" kernel, in its folder; write it to `out`."""
    from nbclient import NotebookClient

    executed = nbformat.read(path, as_version=4)
    # Once the last cell has run, its outputs are all in: the kernel is killed rather than asked to
    # shut down (nbclient's "graceful" waits 0.3 s a run for a reply nobody needs; nbval does the same).
    NotebookClient(executed, timeout=timeout, kernel_name="python3", allow_errors=True,
                   shutdown_kernel="immediate", resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(executed, out)


def run_alone(nb, folder: Path, execute=execute_here):
    """Execute a copy of nb in an empty folder; return (check lines, error outputs).

    `execute(path, out)` runs the notebook at `path` and writes the executed one to `out`
    (`practice-executed.ipynb` in the same folder, which `executed_cells` reads back).
    """
    path = Path(folder) / "practice.ipynb"
    nbformat.write(nb, path)
    execute(path, path.with_name("practice-executed.ipynb"))
    return check_lines_and_errors(executed_cells(folder))


def executed_cells(folder: Path):
    return nbformat.read(Path(folder) / "practice-executed.ipynb", as_version=4).cells


def check_lines_and_errors(cells):
    """What the check cells printed (one entry a line), and every error output of any cell."""
    lines, errors = [], []
    for cell in cells:
        for out in cell.get("outputs", []):
            if out.output_type == "error":
                errors.append(f"{out.ename}: {out.evalue}")
            elif out.output_type == "stream" and "check" in tags(cell):
                lines += out.text.strip().splitlines()
    return lines, errors


def answer_cells(nb):
    return [c for c in nb.cells if "answer" in tags(c)]


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
        elif "check" in tags(cell):
            found[f"practice-{index:03d}-answer"] = "\n\n".join(pending)
            pending = []
    return found


def expected_checks(nb):
    return sum(len(re.findall(r"^check\(", c.source, re.M)) for c in nb.cells if "check" in tags(c))


def hints_of(solutions_nb):
    """Each exercise's hints as the solutions notebook writes them: {"1.1": [text, ...]}."""
    sys.path.insert(0, str(TOOLS))
    import make_exercises

    found, current = {}, None
    for cell in solutions_nb.cells:
        if cell.cell_type != "markdown":
            continue
        for exercise in make_exercises.exercises_in(cell):
            current = make_exercises.number_of(exercise)
        hints = make_exercises.hints_in(cell.source, "test")
        if hints:
            found[current] = hints
    return found


# --- Preparing the three runs ------------------------------------------------------------------

def with_hint_requests(practice, hints):
    """A copy of practice that asks for every hint, and one too many; returns (notebook, asks)."""
    practice = copy.deepcopy(practice)
    asks = [(number, level) for number, texts in sorted(hints.items()) for level in range(1, len(texts) + 2)]
    for number, level in asks:
        cell = nbformat.v4.new_code_cell(f'hint("{number}", {level})')
        cell.metadata["tags"] = ["hint-request"]
        practice.cells.append(cell)
    return practice, asks


def answered(practice, solutions_nb):
    """A copy of practice whose answer cells hold the worked solutions' code."""
    practice = copy.deepcopy(practice)
    code = solution_code(solutions_nb)
    for cell in answer_cells(practice):
        cell.source = code[cell.id]
    return practice


def answered_wrongly(practice, wrong: str):
    """A copy of practice whose every placeholder answer is the expression `wrong`."""
    practice = copy.deepcopy(practice)
    for cell in answer_cells(practice):
        cell.source = re.sub(r"= \.\.\.  # YOUR ANSWER HERE", f"= {wrong}", cell.source)
    return practice


# --- Judging them --------------------------------------------------------------------------------

def hint_text(cell):
    return "\n".join(out.get("data", {}).get("text/markdown", out.get("text", "")) for out in cell.outputs)


def unanswered_problems(practice, lines, errors, cells, hints, asks) -> list[str]:
    """`practice` as run (with the hint requests), what it printed, and its executed cells."""
    problems = [f"tracebacks in the unanswered notebook: {errors}"] if errors else []
    if not len(lines) == expected_checks(practice) > 0:
        problems.append(f"{len(lines)} check lines for {expected_checks(practice)} checks")
    problems += [f"not 'not answered yet': {line}" for line in lines
                 if not (line.startswith("⏳") and "not answered yet" in line)]
    shown = [hint_text(c) for c in cells if "hint-request" in tags(c)]
    if len(shown) != len(asks):
        problems.append(f"{len(shown)} hint outputs for {len(asks)} requests")
    for (number, level), text in zip(asks, shown):
        if level <= len(hints[number]):
            if f"Hint {level} for Exercise {number}" not in text:
                problems.append(f"hint({number!r}, {level}) shows no hint heading: {text!r}")
            elif " ".join(hints[number][level - 1].split()[:6]) not in " ".join(text.split()):
                problems.append(f"hint({number!r}, {level}) shows another text: {text!r}")
        elif f"Exercise {number} has {len(hints[number])} hint" not in text:
            problems.append(f"hint({number!r}, {level}) does not say how many hints there are: {text!r}")
    return problems


def answered_problems(practice, lines, errors) -> list[str]:
    problems = [f"tracebacks: {errors}"] if errors else []
    if len(lines) != expected_checks(practice):
        problems.append(f"{len(lines)} check lines for {expected_checks(practice)} checks")
    return problems + [f"not passed: {line}" for line in lines if not line.startswith("✅")]


def wrong_problems(practice, lines, errors, words) -> list[str]:
    problems = [f"tracebacks: {errors}"] if errors else []
    if len(lines) != expected_checks(practice):
        problems.append(f"{len(lines)} check lines for {expected_checks(practice)} checks")
    return problems + [f"no clear failure: {line}" for line in lines
                       if not (line.startswith("❌") and any(w in line for w in words))]


if __name__ == "__main__":  # the executor, for a Python other than the caller's (tools/colab_check.py)
    execute_here(Path(sys.argv[1]), Path(sys.argv[2]), timeout=int(sys.argv[3]) if len(sys.argv) > 3 else 120)
