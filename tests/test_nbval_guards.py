"""The checks that guard the stored outputs can fail.

1. nbval reports a notebook whose stored output no longer matches what its code prints: a copy
   of Chapter 1 with one stored number edited must fail, and the report must show the number.
2. Kernels run offline: the guard on PYTHONPATH (tools/offline/sitecustomize.py) refuses a
   connection to the internet, while data sets that ship with scikit-learn still load.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
CHAPTER = ROOT / "chapters" / "01_vectors.ipynb"


def nbval(notebook: Path) -> subprocess.CompletedProcess:
    """Run nbval alone on one notebook, outside this repository's pytest.ini."""
    return subprocess.run(
        [sys.executable, "-m", "pytest", "--nbval", "--nbval-current-env", "-p", "no:cacheprovider",
         "-p", "no:xdist", "-c", os.devnull, "--rootdir", str(notebook.parent), str(notebook)],
        capture_output=True, text=True, timeout=300, cwd=notebook.parent,
    )


def copy_book(tmp_path: Path) -> Path:
    """A copy of the chapter with the assets it reads, laid out as in the repository."""
    (tmp_path / "chapters").mkdir()
    shutil.copytree(ROOT / "assets", tmp_path / "assets")
    return Path(shutil.copy(CHAPTER, tmp_path / "chapters" / CHAPTER.name))


def test_nbval_passes_on_an_untouched_copy(tmp_path):
    result = nbval(copy_book(tmp_path))
    assert result.returncode == 0, result.stdout[-3000:]


def test_nbval_fails_when_one_stored_number_is_edited(tmp_path):
    copy = copy_book(tmp_path)
    nb = nbformat.read(copy, as_version=4)
    target = next(out for cell in nb.cells if cell.cell_type == "code" for out in cell.outputs
                  if out.output_type == "stream" and "user1 · user2 = 44" in out.text)
    target.text = target.text.replace("= 44", "= 45")
    nbformat.write(nb, copy)

    result = nbval(copy)
    assert result.returncode != 0, "nbval accepted an edited output"
    assert re.search(r"1 failed", result.stdout), result.stdout[-3000:]
    assert "45" in result.stdout and "44" in result.stdout, "the report should show both numbers"


def test_kernels_cannot_reach_the_internet_but_packaged_data_loads(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell(
            "import socket\n"
            "try:\n"
            "    socket.create_connection(('93.184.216.34', 80), timeout=5)\n"
            "    print('CONNECTED')\n"
            "except OSError as error:\n"
            "    print('BLOCKED', error)"),
        nbformat.v4.new_code_cell(
            "from sklearn.datasets import load_iris\nprint('iris', load_iris().data.shape)"),
    ]
    assert str(ROOT / "tools" / "offline") in os.environ["PYTHONPATH"], "conftest.py installs the guard"
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    blocked, iris = (cell.outputs[0].text for cell in nb.cells)
    assert blocked.startswith("BLOCKED") and "network access is disabled" in blocked, blocked
    assert iris.strip() == "iris (150, 4)"
