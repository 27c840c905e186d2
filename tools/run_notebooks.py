"""Execute notebooks in place, top to bottom, offline, and report each one's run time.

    python tools/run_notebooks.py chapters/01_vectors.ipynb solutions/01_vectors.ipynb

This is how a notebook's stored outputs are (re)made before a commit; nbval then
checks in CI that a fresh run reproduces them. Kernels run with the network
blocked (tools/offline/sitecustomize.py). Prints one line a notebook:
``<seconds> s  <path>``.
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def offline_env() -> None:
    """Make every kernel started from this process import the offline guard."""
    guard = str(ROOT / "tools" / "offline")
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if guard not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([guard, *filter(None, paths)])


def coalesce_streams(nb) -> None:
    """Join consecutive stdout (or stderr) pieces of a cell into one output.

    A busy kernel may flush one cell's printing in several pieces; nbval and the site join them
    anyway, so storing them joined keeps re-executions byte-identical and diffs quiet.
    """
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            if (out.get("output_type") == "stream" and merged
                    and merged[-1].get("output_type") == "stream" and merged[-1]["name"] == out["name"]):
                merged[-1]["text"] += out["text"]
            else:
                merged.append(out)
        if "outputs" in cell:
            cell["outputs"] = merged


def execute(path: Path, write: bool = True) -> float:
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=300, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    seconds = time.perf_counter() - start
    coalesce_streams(nb)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata.get("language_info", {}).pop("version", None)  # keep the file independent of the patch release
    if write:
        nbformat.write(nb, path)
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--no-write", action="store_true", help="execute and time only")
    args = parser.parse_args(argv)
    offline_env()
    for path in args.notebooks:
        seconds = execute(path, write=not args.no_write)
        print(f"{seconds:6.2f} s  {path}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
