"""The Colab check's own logic (tools/colab_check.py), fast: the full run is `make colab-check`.

The pins and the known-differences file are well formed, the comparison is nbval's and flags
what it must (a changed output, an exception, a stale entry), and the interpreter search falls
back in the documented order.
"""
import ast
import copy
import inspect
import re
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tools"))
import colab_check  # noqa: E402
import practice_runs  # noqa: E402

CHAPTER = "chapters/01_vectors.ipynb"


def test_known_differences_file_parses_and_every_entry_is_reviewed():
    entries = colab_check.load_known()  # raises on a missing reason, bad key or duplicate
    for entry in entries:
        assert (ROOT / entry["notebook"]).exists(), entry
        cells = {c.get("id") for c in nbformat.read(ROOT / entry["notebook"], as_version=4).cells}
        assert entry["cell"] in cells, entry


@pytest.mark.parametrize("text, words", [
    ('[[difference]]\nnotebook = "chapters/01_vectors.ipynb"\ncell = "x"\nstored = "a"\ncolab = "b"\n', "keys"),
    ('[[difference]]\nnotebook = "chapters/01_vectors.ipynb"\ncell = "x"\nstored = "a"\ncolab = "b"\n'
     'reason = "numpy"\n', "reason"),
    ('[[difference]]\nnotebook = "chapters/01_vectors.ipynb"\ncell = "x"\nstored = "a"\ncolab = "a"\n'
     'reason = "numpy 2.1 prints it so"\n', "stored"),
    (2 * ('[[difference]]\nnotebook = "chapters/01_vectors.ipynb"\ncell = "x"\nstored = "a"\ncolab = "b"\n'
          'reason = "numpy 2.1 prints it so"\n'), "duplicate"),
])
def test_a_malformed_known_difference_is_rejected(tmp_path, text, words):
    path = tmp_path / "known.toml"
    path.write_text(text)
    with pytest.raises(colab_check.CheckError, match=words):
        colab_check.load_known(path)


def test_the_pins_come_from_a_recorded_snapshot_and_cover_every_requirement():
    pins = colab_check.read_pins()
    header = pins["header"]
    assert re.fullmatch(r"[0-9a-f]{40}", header["commit"]), header
    assert re.match(r"\d{4}-\d\d-\d\d ", header["date"]), header
    assert re.fullmatch(r"3\.\d+\.\d+", pins["python"]), header
    missing = [n for n in colab_check.top_level_names() if n not in pins["pins"]]
    assert not missing, f"not pinned to Colab's versions (run --update-pins): {missing}"
    assert all(re.fullmatch(r"[\w.-]+==[\w.+-]+", line) for line in pins["pins"].values())


def test_skip_compare_is_the_one_nbval_uses():
    """nbval sets skip_compare in IPyNbFile.__init__ (plus the images without --nbdime): same keys here."""
    source = inspect.getsource(colab_check.nbval_plugin().IPyNbFile.__init__)
    tuples = [node for node in ast.walk(ast.parse(inspect.cleandoc("\n" + source)))
              if isinstance(node, ast.Tuple) and all(isinstance(e, ast.Constant) for e in node.elts)]
    keys = {e.value for t in tuples for e in t.elts}
    assert set(colab_check.SKIP_COMPARE) == keys


def executed_copy():
    reference = nbformat.read(ROOT / CHAPTER, as_version=4)
    return reference, copy.deepcopy(reference)


def first_text_output(nb):
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            if out.output_type == "stream" and out.text.strip():
                return cell, out
    raise AssertionError("no stream output")


def test_identical_outputs_pass():
    reference, produced = executed_copy()
    result = colab_check.compare_notebook(reference, produced, [])
    assert result.differences == [] and result.stale == []


def test_a_changed_output_is_a_difference():
    reference, produced = executed_copy()
    cell, out = first_text_output(produced)
    out.text = out.text.replace(out.text.strip()[-1], "#", 1)
    result = colab_check.compare_notebook(reference, produced, [])
    assert len(result.differences) == 1 and cell.id in result.differences[0], result.differences


def test_a_figure_size_change_is_a_difference_but_png_bytes_are_not():
    reference, produced = executed_copy()
    figures = [o for c in produced.cells for o in c.get("outputs", []) if "image/png" in o.get("data", {})]
    figures[0]["data"]["image/png"] = "iVBORw0KGgo="  # other pixels: nbval does not compare them
    assert colab_check.compare_notebook(reference, produced, []).differences == []
    figures[0]["data"]["text/plain"] = "<Figure size 640x480 with 1 Axes>"
    assert len(colab_check.compare_notebook(reference, produced, []).differences) == 1


def test_an_exception_is_a_difference():
    reference, produced = executed_copy()
    cell = next(c for c in produced.cells if c.cell_type == "code")
    cell.outputs.append(nbformat.v4.new_output("error", ename="ValueError", evalue="boom", traceback=[]))
    [difference] = colab_check.compare_notebook(reference, produced, []).differences
    assert "ValueError: boom" in difference


def test_a_listed_difference_passes_and_a_stale_one_fails():
    reference, produced = executed_copy()
    cell, out = first_text_output(produced)
    stored = out.text.strip().splitlines()[0]
    out.text = out.text.replace(stored, stored + " (Colab)")
    entry = {"notebook": CHAPTER, "cell": cell.id, "stored": stored, "colab": stored + " (Colab)",
             "reason": "a library prints it otherwise"}
    result = colab_check.compare_notebook(reference, produced, [entry])
    assert result.differences == [] and result.stale == [] and result.known == [entry]
    again = colab_check.compare_notebook(reference, copy.deepcopy(reference), [entry])
    assert again.differences == [] and len(again.stale) == 1 and "no longer differs" in again.stale[0]
    gone = dict(entry, stored="text that is in no output")
    assert "not in its outputs" in colab_check.compare_notebook(reference, produced, [gone]).stale[0]
    nowhere = dict(entry, cell="no-such-cell")
    assert "no such code cell" in colab_check.compare_notebook(reference, reference, [nowhere]).stale[0]


def test_the_interpreter_search_falls_back_to_312_then_311(monkeypatch):
    have = {"3.12": "/opt/py/python3.12", "3.11": "/opt/py/python3.11"}
    monkeypatch.setattr(colab_check, "candidates", lambda minor: [have[minor]] if minor in have else [])
    monkeypatch.setattr(colab_check, "python_version", lambda p: {"/opt/py/python3.12": "3.12.1",
                                                                  "/opt/py/python3.11": "3.11.7"}[p])
    path, version, why = colab_check.find_python("3.13.15")
    assert (path, version) == ("/opt/py/python3.12", "3.12.1") and "lacks" in why
    del have["3.12"]
    assert colab_check.find_python("3.13.15")[:2] == ("/opt/py/python3.11", "3.11.7")
    have.clear()
    with pytest.raises(colab_check.CheckError, match="no Python"):
        colab_check.find_python("3.13.15")


def test_every_notebook_gets_its_runs():
    jobs = colab_check.jobs_for(ROOT, None)
    runs = {}
    for job in jobs:
        runs.setdefault(job.relative, []).append(job.run)
    assert runs["exercises/01_vectors.ipynb"] == ["unanswered", "answered", "wrong-type", "nan"]
    assert runs[CHAPTER] == ["outputs"] and runs["solutions/01_vectors.ipynb"] == ["outputs"]
    expected = {f"{d}/{p.name}" for d in colab_check.FOLDERS for p in (ROOT / d).glob("*.ipynb")}
    assert set(runs) == expected


def test_the_judges_fail_a_wrong_verdict():
    practice = nbformat.read(ROOT / "exercises" / "01_vectors.ipynb", as_version=4)
    n = practice_runs.expected_checks(practice)
    assert practice_runs.answered_problems(practice, ["✅ 1.1 correct"] * n, []) == []
    assert practice_runs.answered_problems(practice, ["❌ 1.1 wrong"] + ["✅"] * (n - 1), [])
    assert practice_runs.answered_problems(practice, ["✅"] * (n - 1), [])
    assert practice_runs.wrong_problems(practice, ["✅ 1.1 correct"] * n, [], ("expected",))
    assert practice_runs.wrong_problems(practice, ["❌ expected a float"] * n, ["NameError: x"], ("expected",))
