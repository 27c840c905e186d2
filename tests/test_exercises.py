"""Practice notebooks: generated from the solutions, self-contained, and helpful to a learner.

Each practice notebook is copied alone into an empty folder (as a learner would download it, or
open it on Colab) and run there three ways: as shipped (every check says "not answered yet"),
with the worked solutions pasted into the answer cells (every check passes), and with wrong
answers of the wrong type and NaN (every check says what is wrong). None of the runs may show a
traceback. The runs and their judges live in tools/practice_runs.py, which tools/colab_check.py
shares (the same runs in Colab's versions).
"""
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import make_exercises  # noqa: E402
from practice_runs import (WRONG_ANSWERS, answered, answered_problems, answered_wrongly,  # noqa: E402
                           executed_cells, hints_of, run_alone, unanswered_problems,
                           with_hint_requests, wrong_problems)

SOLUTIONS = make_exercises.solutions_notebooks()
IDS = [p.stem for p in SOLUTIONS]


def test_generated_files_are_current():
    assert make_exercises.main(["--check"]) == 0, "run `make exercises` and commit the result"


def test_every_solutions_notebook_has_a_practice_notebook_and_chapter():
    assert SOLUTIONS, "no solutions notebooks found"
    for path in SOLUTIONS:
        assert (ROOT / "exercises" / path.name).exists()
        assert (make_exercises.part_of(path.stem)[1] / path.name).exists()


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
    """Also asks for every hint, as a stuck learner would, and for one hint too many."""
    hints = hints_of(nbformat.read(path, as_version=4))
    practice, asks = with_hint_requests(nbformat.read(ROOT / "exercises" / path.name, as_version=4), hints)
    lines, errors = run_alone(practice, tmp_path)
    problems = unanswered_problems(practice, lines, errors, executed_cells(tmp_path), hints, asks)
    assert not problems, f"{path.name}: {problems}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_every_exercise_has_hints(path):
    solutions = nbformat.read(path, as_version=4)
    numbers = [make_exercises.number_of(e) for c in solutions.cells if c.cell_type == "markdown"
               for e in make_exercises.exercises_in(c)]
    hints = hints_of(solutions)
    missing = [n for n in numbers if not 1 <= len(hints.get(n, [])) <= 3]
    assert not missing, f"{path.name}: exercises without one to three hints: {missing}"


@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_practice_notebook_leaves_hints_and_explanations_to_the_learner(path):
    """Hint text is not printed in the practice notebook; "explain" exercises get an answer cell."""
    practice = nbformat.read(ROOT / "exercises" / path.name, as_version=4)
    prose = "\n".join(c.source for c in practice.cells if c.cell_type == "markdown")
    assert "{admonition} Hint" not in prose
    solutions = nbformat.read(path, as_version=4)
    explain = [make_exercises.number_of(e) for c in solutions.cells if c.cell_type == "markdown"
               for e in make_exercises.exercises_in(c) if e["explain"]]
    cells = [c for c in practice.cells if "explain-answer" in c.metadata.get("tags", [])]
    assert [re.search(r"Exercise (\S+)\*\*", c.source)[1] for c in cells] == explain
    checker = next(c for c in practice.cells if "checker" in c.metadata.get("tags", []))
    assert checker.metadata["jupyter"]["source_hidden"] and checker.metadata["cellView"] == "form"
    assert checker.source.startswith("# @title Answer checker: run this cell first")
    assert "make exercises" not in prose, "maintainer notes stay out of the learner's copy"


@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_worked_solutions_pass_every_check(path, tmp_path):
    practice = answered(nbformat.read(ROOT / "exercises" / path.name, as_version=4),
                        nbformat.read(path, as_version=4))
    lines, errors = run_alone(practice, tmp_path)
    problems = answered_problems(practice, lines, errors)
    assert not problems, f"{path.name}: {problems}"


@pytest.mark.parametrize("wrong, words", list(WRONG_ANSWERS.values()), ids=list(WRONG_ANSWERS))
@pytest.mark.parametrize("path", SOLUTIONS, ids=IDS)
def test_wrong_answers_get_a_clear_message(path, wrong, words, tmp_path):
    practice = answered_wrongly(nbformat.read(ROOT / "exercises" / path.name, as_version=4), wrong)
    lines, errors = run_alone(practice, tmp_path)
    problems = wrong_problems(practice, lines, errors, words)
    assert not problems, f"{path.name}: {problems}"


STATEMENT = """```{exercise} 9.4: A conceptual one
:label: ex-9-4
:class: explain
:nonumber:

Explain why the sky is blue, then store the wavelength in `nm`.
```

```{admonition} Hint 1
:class: hint dropdown

Think about *scattering*: $I \\propto \\lambda^{-4}$.
```

```{admonition} Hint 2
:class: hint dropdown

Rayleigh.
```
"""


def test_the_generator_lifts_hints_and_marks_explain_exercises():
    cell = nbformat.v4.new_markdown_cell(STATEMENT)
    [exercise] = make_exercises.exercises_in(cell)
    assert exercise["explain"] and make_exercises.number_of(exercise) == "9.4"
    hints = make_exercises.hints_in(STATEMENT, "test")
    assert hints == ["Think about *scattering*: $I \\propto \\lambda^{-4}$.", "Rayleigh."]
    plain = make_exercises.without_hints(make_exercises.as_plain_markdown(STATEMENT), "9.4")
    assert "Rayleigh" not in plain and "scattering" not in plain and "admonition" not in plain
    assert 'hint("9.4")' in plain and 'hint("9.4", 2)' in plain and plain.startswith("## Exercise 9.4")


@pytest.mark.parametrize("bad, words", [
    (STATEMENT.replace(":class: hint dropdown", ":class: hint", 1), "hidden until opened"),
    (STATEMENT.replace("Hint 2", "Hint 3"), "numbered 1, 2"),
])
def test_the_generator_rejects_visible_or_misnumbered_hints(bad, words):
    with pytest.raises(make_exercises.SourceError, match=words):
        make_exercises.hints_in(bad, "test")


def test_appendix_exercises_are_lettered():
    assert make_exercises.number_of({"label": "ex-b-2"}) == "B.2"
    assert make_exercises.number_of({"label": "ex-12-3"}) == "12.3"
    assert make_exercises.part_of("g_logarithms")[0] == "Appendix G"
    assert make_exercises.part_of("05_derivatives")[0] == "Chapter 5"
    with pytest.raises(make_exercises.SourceError):
        make_exercises.part_of("ch5_derivatives")


@pytest.mark.parametrize("path", SOLUTIONS[:1] + SOLUTIONS[-1:], ids=[SOLUTIONS[0].stem, SOLUTIONS[-1].stem])
def test_a_check_run_before_the_checker_says_which_cell_to_run(path, tmp_path):
    """A learner who skips the collapsed checker cell gets an instruction, not a NameError: the
    first check cell run alone, then a hint asked for after it."""
    practice = nbformat.read(ROOT / "exercises" / path.name, as_version=4)
    first_check = next(c for c in practice.cells if "check" in c.metadata.get("tags", []))
    number = re.search(r'check\("([^"]+)"', first_check.source)[1]
    ask = nbformat.v4.new_code_cell(f'hint("{number}")')
    ask.metadata["tags"] = ["check"]  # so that run_alone collects what it prints
    practice.cells = [first_check, ask]
    lines, errors = run_alone(practice, tmp_path)
    assert not errors, f"{path.name}: a check before the checker shows a traceback: {errors}"
    assert lines and all("run the checker cell at the top" in line.lower() for line in lines), lines
    guard = [line for line in first_check.source.splitlines() if not line.startswith("check(")]
    assert len(guard) <= 2, f"the guard is at most two lines: {guard}"


# Only the website folds the worked solutions (sphinx-exercise's dropdowns): the PDF prints them,
# and JupyterLab and Colab show the cells as they are. A sentence that says a solution is hidden
# or folded must say that this is on the website, so that it is true wherever it is read.
HIDDEN_CLAIM = re.compile(r"\b(hidden|folded|collapsed)\b[^.;]*\buntil\b|\buntil you open\b", re.I)
READER_NOTEBOOKS = sorted(p for folder in ("chapters", "appendices", "solutions", "exercises", "colab")
                          for p in (ROOT / folder).rglob("*.ipynb"))


def test_no_sentence_says_solutions_are_hidden_except_on_the_website():
    wrong = []
    for path in READER_NOTEBOOKS:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type != "markdown":
                continue
            for sentence in re.split(r"(?<=[.;])\s+", " ".join(cell.source.split())):
                if HIDDEN_CLAIM.search(sentence) and "website" not in sentence.lower():
                    wrong.append(f"{path.relative_to(ROOT)}: {sentence}")
    assert not wrong, f"{len(wrong)} sentences claim a hidden solution in every medium:\n" + "\n".join(wrong[:6])
