"""The suite's speed machinery measures what it claims: `make check` builds incrementally, and
`make bench` counts the CPU time of every process a command starts, Chromium's renderers included.
"""
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_make_check_rewrites_only_what_changed():
    """`make check` keeps the built pages (Sphinx rewrites outdated ones), but not _static/ or mathjax/."""
    out = subprocess.run(["make", "-n", "check", "NB=chapters/05_derivatives.ipynb"], cwd=ROOT,
                         capture_output=True, text=True, check=True).stdout
    assert "jupyter-book build" in out, out
    assert "rm -rf _build/html &&" not in out, "make check deletes the whole built site before building"
    removed = next(line for line in out.splitlines() if "rm -rf _build/html/_static" in line)
    # Sphinx copies _static/ only when it writes a page: the stem's pages are always rewritten.
    for part in ("_build/html/mathjax", "_build/html/$f/$stem.html", "chapters appendices solutions exercises"):
        assert part in removed, f"make check does not remove {part} before building: {removed}"


# A command that, like Chromium's zygote, leaves behind a process that is no longer its child:
# the grandchild burns about a second of CPU after its parent has exited.
ORPHAN_MAKER = """
import os, time
if os.fork() == 0:
    start = time.process_time()
    while time.process_time() - start < 1.0:
        pass
    os._exit(0)
"""


def test_bench_counts_the_cpu_of_orphaned_descendants():
    # In a process of its own: tools/bench.py adopts orphans (a subreaper) and reaps them.
    probe = ("import sys; sys.path.insert(0, 'tools'); import bench; "
             f"print(bench.timed([sys.executable, '-c', {ORPHAN_MAKER!r}], reap_timeout=120)[1])")
    out = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True)
    cpu = float(out.stdout.split()[-1])
    assert cpu >= 0.8, f"bench.timed counted {cpu:.2f} s of CPU for a command that used about 1 s"
