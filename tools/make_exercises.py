"""Generate the practice notebooks from the solutions notebooks.

``solutions/NN_slug.ipynb`` is the single source of truth for chapter NN's
exercises. From it this script writes:

* ``exercises/NN_slug.ipynb``: the practice notebook. It keeps every statement,
  every cell outside a solution block, and every answer check; it drops the
  worked solutions, puts a marked placeholder where each answer goes, and
  ships the answer key encoded (see ``tools/answer_check.py``).
* the checker cell (tag ``checker``) of the solutions notebook itself, copied
  from ``tools/answer_check.py``;
* the exercise-list cell (tag ``exercise-list``) of ``chapters/NN_slug.ipynb``;
* through ``tools/make_colab.py``, the plain-Markdown copies in ``colab/`` of every
  chapter, appendix, practice and solutions notebook (what Colab and the download
  button open).

Run ``make exercises`` (or ``python tools/make_exercises.py``) after editing a
solutions notebook; ``python tools/make_exercises.py --check`` exits non-zero
when any generated file is out of date, and the test suite runs it.
The conventions are described in CONTRIBUTING.md.
"""
from __future__ import annotations

import argparse
import ast
import base64
import json
import re
import sys
from pathlib import Path

import nbformat
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import make_colab  # noqa: E402 - the Colab copies, written by the same run

ROOT = Path(__file__).resolve().parent.parent
CHECKER_SOURCE = ROOT / "tools" / "answer_check.py"

EXERCISE_RE = re.compile(
    r"^```\{exercise\}[ \t]*(?P<title>[^\n]*)\n(?P<options>(?::[\w-]+:[^\n]*\n)*)\n?(?P<body>.*?)\n```[ \t]*$",
    re.S | re.M,
)
LABEL_RE = re.compile(r"^:label:\s*(\S+)", re.M)
CLASS_RE = re.compile(r"^:class:\s*([^\n]*)", re.M)
HINT_RE = re.compile(
    r"^```\{admonition\}[ \t]*Hint[ \t]+(?P<number>\d+)[ \t]*\n"
    r"(?P<options>(?::[\w-]+:[^\n]*\n)*)\n?(?P<body>.*?)\n```[ \t]*(?:\n|$)",
    re.S | re.M,
)

CHECKER_BANNER = (
    "# Answer checker: run this cell first. It is generated from tools/answer_check.py\n"
    "# by tools/make_exercises.py; edit that file, not this cell.\n"
)
PRACTICE_CHECKER_BANNER = (
    "# @title Answer checker: run this cell first\n"
    "# It loads check() and hint() and the answer key (encoded, so that the answers\n"
    "# stay hidden). You do not need to read it.\n"
)

# The first two lines of every practice check cell. A learner who runs a check (or, after it, a
# hint) before the collapsed checker cell gets this instruction instead of a NameError; running
# the checker cell then replaces both stand-ins by the real check() and hint().
CHECK_GUARD = (
    'if "check" not in dir():  # check() and hint() come from the first code cell\n'
    '    check = hint = lambda *_: print("⏳ First run the checker cell at the top.")\n'
)


class SourceError(ValueError):
    """A solutions notebook breaks the conventions in CONTRIBUTING.md."""


def checker_source() -> str:
    return CHECKER_SOURCE.read_text().strip() + "\n"


def tags(cell) -> list[str]:
    return cell.get("metadata", {}).get("tags", [])


def exercises_in(cell) -> list[dict]:
    """The exercise directives in a markdown cell: label, title and body."""
    found = []
    for match in EXERCISE_RE.finditer(cell.source):
        label = LABEL_RE.search(match["options"])
        if not label:
            raise SourceError(f"an exercise without a :label: ({match['title']!r})")
        classes = CLASS_RE.search(match["options"])
        found.append({"label": label[1], "title": match["title"].strip(), "body": match["body"].strip(),
                      "explain": bool(classes and "explain" in classes[1].split())})
    return found


def number_of(exercise: dict) -> str:
    """ex-5-4 -> "5.4"; an appendix's ex-b-2 -> "B.2" (Sphinx lower-cases labels)."""
    part, _, index = exercise["label"].removeprefix("ex-").partition("-")
    return f"{part.upper()}.{index}"


def part_of(stem: str) -> tuple[str, Path]:
    """("Chapter 5", chapters/) for 05_slug; ("Appendix B", appendices/) for b_slug."""
    prefix = stem.split("_", 1)[0]
    if re.fullmatch(r"\d\d", prefix):
        return f"Chapter {int(prefix)}", ROOT / "chapters"
    if re.fullmatch(r"[a-z]", prefix):
        return f"Appendix {prefix.upper()}", ROOT / "appendices"
    raise SourceError(f"{stem}: name a solutions notebook NN_slug (chapter) or x_slug (appendix)")


def solutions_notebooks() -> list[Path]:
    """Every solutions notebook: the chapters' (NN_slug) in order, then the appendices' (x_slug)."""
    folder = ROOT / "solutions"
    return sorted(folder.glob("[0-9][0-9]_*.ipynb")) + sorted(folder.glob("[a-z]_*.ipynb"))


def hints_in(cell_source: str, where: str) -> list[str]:
    """The bodies of the ``{admonition} Hint N`` blocks in a markdown cell, in order."""
    hints = []
    for match in HINT_RE.finditer(cell_source):
        classes = CLASS_RE.search(match["options"])
        if not classes or "dropdown" not in classes[1].split():
            raise SourceError(f"{where}: Hint {match['number']} needs ':class: hint dropdown' (hidden until opened)")
        if int(match["number"]) != len(hints) + 1:
            raise SourceError(f"{where}: hints must be numbered 1, 2, … (found Hint {match['number']})")
        hints.append(match["body"].strip())
    return hints


def without_hints(cell_source: str, number: str | None) -> str:
    """Replace an exercise's hint blocks by one line telling the learner how to ask for them."""
    count = len(HINT_RE.findall(cell_source))
    if not count:
        return cell_source
    second = f' (`hint("{number}", 2)` for a stronger one)' if count > 1 else ""
    stuck = f'*Stuck?* Run `hint("{number}")` in a code cell for a hint{second}.\n\n'
    first_replaced = HINT_RE.sub(lambda _match: stuck, cell_source, count=1)
    return HINT_RE.sub("", first_replaced).strip()


def as_plain_markdown(cell_source: str) -> str:
    """Turn exercise directives into plain Markdown that any Jupyter renders.

    Labels are dropped so that the built site defines each label once.
    """
    def plain(match):
        return f"## Exercise {match['title'].strip()}\n\n{match['body'].strip()}"
    return EXERCISE_RE.sub(plain, cell_source)


def check_calls(source: str) -> list[dict]:
    """Parse ``check("1.1", "name", expect=..., ...)`` statements in a check cell."""
    calls = []
    for node in ast.parse(source).body:
        call = node.value if isinstance(node, ast.Expr) else None
        if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "check"):
            raise SourceError(f"a check cell may only hold check(...) calls, found: {ast.unparse(node)}")
        if len(call.args) != 2 or not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in call.args):
            raise SourceError(f'write check("N.M", "variable", expect=...): {ast.unparse(call)}')
        exercise, name = (a.value for a in call.args)
        if not name.isidentifier():
            raise SourceError(f"check for {exercise}: {name!r} is not a variable name")
        keywords = {kw.arg: kw.value for kw in call.keywords}
        if "expect" not in keywords:
            raise SourceError(f"check for {exercise} has no expect=")
        namespace = {"np": np, "__builtins__": {}}
        spec = {name: eval(compile(ast.Expression(value), "<key>", "eval"), namespace)  # noqa: S307 - our own notebooks
                for name, value in keywords.items()}
        calls.append({"exercise": exercise, "name": name, "spec": spec})
    return calls


def encode_key(calls: list[dict], hints: dict[str, list[str]]) -> str:
    namespace: dict = {}
    exec(checker_source(), namespace)  # noqa: S102 - the checker's own _spec turns values into key entries
    key: dict = {"hints": hints}
    for call in calls:
        spec = dict(call["spec"])
        key[f"{call['exercise']}:{call['name']}"] = namespace["_spec"](spec.pop("expect"), **spec)
    blob = json.dumps(key, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return base64.b64encode(blob).decode("ascii")


def code(source: str, cell_tags: list[str], cell_id: str):
    cell = nbformat.v4.new_code_cell(source)
    cell.id = cell_id
    if cell_tags:
        cell.metadata["tags"] = cell_tags
    return cell


def markdown(source: str, cell_id: str, cell_tags: list[str] | None = None):
    cell = nbformat.v4.new_markdown_cell(source)
    cell.id = cell_id
    if cell_tags:
        cell.metadata["tags"] = cell_tags
    return cell


def chapter_title(chapter_path: Path) -> str:
    nb = nbformat.read(chapter_path, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            heading = re.search(r"^# (.+)$", cell.source, re.M)
            if heading:
                return heading[1].strip()
    raise SourceError(f"{chapter_path} has no '# Title' heading")


def build(solutions_path: Path) -> dict[Path, nbformat.NotebookNode]:
    """Return every notebook that the solutions notebook generates, keyed by path."""
    stem = solutions_path.stem
    part_name, folder = part_of(stem)
    chapter_path = folder / solutions_path.name
    practice_path = ROOT / "exercises" / solutions_path.name
    title = re.sub(r"^Appendix [A-Z]: ", "", chapter_title(chapter_path))  # the intro names the part

    solutions = nbformat.read(solutions_path, as_version=4)
    checker_cells = [c for c in solutions.cells if "checker" in tags(c)]
    if len(checker_cells) != 1:
        raise SourceError(f"{solutions_path}: expected exactly one cell tagged 'checker'")
    checker_cells[0].source = CHECKER_BANNER + checker_source()

    practice_cells, exercises, all_calls = [], [], []
    hints: dict[str, list[str]] = {}
    in_solution = False
    for index, cell in enumerate(solutions.cells):
        cell_id = f"practice-{index:03d}"
        if cell.cell_type == "markdown" and "{solution-start}" in cell.source:
            in_solution = True
        if in_solution:
            if cell.cell_type == "markdown" and "{solution-end}" in cell.source:
                in_solution = False
            continue
        if cell.cell_type == "markdown":
            found = exercises_in(cell)
            exercises.extend(found)
            current = number_of(exercises[-1]) if exercises else None
            cell_hints = hints_in(cell.source, f"{solutions_path.name}, exercise {current}")
            if cell_hints:
                if current is None or current in hints:
                    raise SourceError(f"{solutions_path}: hints must follow their exercise, once (near {current})")
                hints[current] = cell_hints
            if index == 0:
                practice_cells.append(markdown(practice_intro(part_name, title, solutions_path.name), cell_id))
            else:
                practice_cells.append(markdown(without_hints(as_plain_markdown(cell.source), current), cell_id))
            for exercise in found:
                if exercise["explain"]:
                    practice_cells.append(markdown(
                        f"**Your answer to Exercise {number_of(exercise)}** (double-click this cell to write "
                        "it; the worked solutions have a model answer to compare with):\n\n…",
                        f"{cell_id}-explain-{number_of(exercise).replace('.', '-')}", ["explain-answer"]))
        elif "checker" in tags(cell):
            body = PRACTICE_CHECKER_BANNER + checker_source()
            checker = code(body, ["checker", "hide-input"], cell_id)
            checker.metadata["jupyter"] = {"source_hidden": True}  # JupyterLab: collapsed
            checker.metadata["cellView"] = "form"  # Colab: a form showing only its title
            practice_cells.append(checker)
        elif "check" in tags(cell):
            calls = check_calls(cell.source)
            all_calls.extend(calls)
            exercise_names = ", ".join(sorted({c["exercise"] for c in calls}))
            lines = [f"# Exercise {exercise_names}: your answer. Replace each ... with your own code."]
            lines += [f"{c['name']} = ...  # YOUR ANSWER HERE" for c in calls]
            practice_cells.append(code("\n".join(lines), ["answer"], cell_id + "-answer"))
            practice_cells.append(code(CHECK_GUARD + "\n".join(f'check("{c["exercise"]}", "{c["name"]}")'
                                                               for c in calls), ["check"], cell_id))
        else:
            practice_cells.append(code(cell.source, tags(cell), cell_id))
    if in_solution:
        raise SourceError(f"{solutions_path}: a solution-start without its solution-end")

    checked = {c["exercise"] for c in all_calls}
    for exercise in exercises:
        number = number_of(exercise)
        if number not in checked:
            raise SourceError(f"{solutions_path}: exercise {number} has no check(\"{number}\", ...) cell")

    key_line = f'_decode_key("{encode_key(all_calls, hints)}")\n'
    checker_index = next(i for i, c in enumerate(practice_cells) if "checker" in tags(c))
    practice_cells[checker_index].source += "\n" + key_line

    practice = nbformat.v4.new_notebook()
    practice.metadata = {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"},
        "language_info": {"name": "python"},
        "mathai": {"generated_from": f"solutions/{solutions_path.name}", "generator": "tools/make_exercises.py"},
    }
    practice.cells = practice_cells

    chapter = nbformat.read(chapter_path, as_version=4)
    list_cells = [c for c in chapter.cells if "exercise-list" in tags(c)]
    if len(list_cells) != 1:
        raise SourceError(f"{chapter_path}: expected exactly one markdown cell tagged 'exercise-list'")
    list_cells[0].source = exercise_list(exercises, solutions_path.name)

    return {solutions_path: solutions, practice_path: practice, chapter_path: chapter}


def practice_intro(part_name: str, title: str, filename: str) -> str:
    return (
        f"# Practice: {title}\n\n"
        f"Practice exercises for {part_name}. Run the first code cell once (it is collapsed: it holds "
        "the answer checker). Then for each exercise replace the `...` placeholder with your answer and run "
        "the check below it. A check tells you at once whether your answer is right; when it is not, it says "
        "what form and precision it expects. Stuck? `hint(\"N.M\")` gives a first hint for Exercise N.M, "
        "and `hint(\"N.M\", 2)` a stronger one.\n\n"
        "Reading this on the website? Open it as a live notebook with the rocket icon at the top of the "
        "page (Binder or Colab), or download the `.ipynb` file with the download icon. "
        f"Worked solutions: `solutions/{filename}`."
    )


def exercise_list(exercises: list[dict], filename: str) -> str:
    lines = [
        "## Exercises",
        "",
        "Try each exercise in the practice notebook first: it checks your answer as you go. "
        "Then compare with the worked solution (on the website it is folded until you open it).",
        "",
    ]
    lines += [f"- {{ref}}`{e['label']}`: {first_sentence(e['body'])}" for e in exercises]
    lines += [
        "",
        f"Practice notebook: {{doc}}`../exercises/{Path(filename).stem}` · "
        f"Worked solutions: {{doc}}`../solutions/{Path(filename).stem}`",
        "",
        "<!-- Generated by tools/make_exercises.py from the solutions notebook; do not edit by hand. -->",
    ]
    return "\n".join(lines)


def first_sentence(body: str) -> str:
    text = " ".join(body.split())
    match = re.match(r"(.+?[.?!])(\s|$)", text)
    return match[1] if match else text


def render(nb) -> str:
    return nbformat.writes(nb) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if a generated file is out of date")
    parser.add_argument("notebooks", nargs="*", metavar="NN_slug",
                        help="only these chapters (default: every solutions notebook)")
    args = parser.parse_args(argv)
    stale = []
    every = solutions_notebooks()
    chosen = [p for p in every if not args.notebooks or p.stem in {Path(n).stem for n in args.notebooks}]
    if args.notebooks and len(chosen) != len(set(args.notebooks)):
        parser.error(f"no solutions notebook for some of {args.notebooks}")
    generated = {}
    for solutions_path in chosen:
        generated.update(build(solutions_path))
    # The plain-Markdown copies that Colab and the download button open (tools/make_colab.py),
    # made from what was just generated, so that one run (and one --check) covers everything.
    generated.update(make_colab.build_all(generated, only={p.stem for p in chosen} if args.notebooks else None))
    for path, nb in generated.items():
        text = render(nb)
        current = path.read_text() if path.exists() else None
        if text == current:
            continue
        if args.check:
            stale.append(path.relative_to(ROOT))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            print(f"wrote {path.relative_to(ROOT)}")
    for path in make_colab.stale_copies():
        if args.check:
            stale.append(f"{path.relative_to(ROOT)} (no source any more: delete it)")
        else:
            path.unlink()
            print(f"removed {path.relative_to(ROOT)}")
    if stale:
        print("Out of date (run `make exercises`):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
