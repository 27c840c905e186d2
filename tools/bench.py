"""`make bench`: measure the book's build, tests and pages, print the figures and write them to _build/bench.json.

Each figure comes with the command that produced it:
  - cold `make html` (after removing _build/), and warm `make html` (parsed sources cached; HTML is always rewritten) (nothing changed;
    one notebook touched);
  - per-notebook execution time (`tools/run_notebooks.py --no-write`, offline);
  - for each page of the built site, in headless Chromium with the network blocked and a
    cold cache: bytes transferred, the load event, and when MathJax finished typesetting
    (median of --loads loads);
  - Lighthouse's performance score (and the three gated scores) of the landing page, a chapter and
    a solutions page (tools/site_validators.py; not gated);
  - `make check` of one chapter (its notebook touched), wall and CPU time;
  - total `make test` time, its CPU time (user + sys, both workers, and the browsers' processes,
    which outlive their parents and are adopted to be counted: adopt_orphans) against the wall clock,
    the time per test family (nbval, practice notebooks, each browser test), and where the
    browser's one visit of each page spends its time (load, solutions, axe light/dark, ...).

Measurements only: nothing here passes or fails on a time. The results file lives in
_build/ (not committed): the numbers belong to one machine and one commit.

    python tools/bench.py [--skip-test] [--loads N] [--out PATH]
"""
from __future__ import annotations

import argparse
import glob
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.site_browser import SITE, block_network, is_redirect, launch, serve, site_pages  # noqa: E402

MAKE = os.environ.get("MAKE", "make")
PAGE_JS = """async () => {
  const mj = window.MathJax;
  let typeset = null;
  if (mj && mj.startup && mj.startup.promise) { await mj.startup.promise; typeset = performance.now(); }
  const nav = performance.getEntriesByType('navigation')[0];
  const res = performance.getEntriesByType('resource');
  return {load_ms: nav.loadEventEnd, typeset_ms: typeset,
          transfer_bytes: nav.transferSize + res.reduce((a, r) => a + r.transferSize, 0),
          requests: res.length + 1, math: document.querySelectorAll('mjx-container').length};
}"""


def run(cmd: list[str], **kw) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)
    seconds = time.perf_counter() - start
    if proc.returncode:
        sys.stderr.write(proc.stdout[-3000:] + proc.stderr[-3000:])
        raise SystemExit(f"bench: `{' '.join(cmd)}` failed (exit {proc.returncode})")
    return seconds, proc


PR_SET_CHILD_SUBREAPER = 36  # linux/prctl.h


def adopt_orphans() -> bool:
    """Make this process the reaper of its orphaned descendants (Linux; False elsewhere).

    RUSAGE_CHILDREN counts a process's CPU time only once its parent has waited for it. Chromium's
    renderers are forked through its zygote and outlive their parent, so without this their CPU
    time, most of the browser tests' work, is counted by no one: `make test` looked idle (CPU 0.59 x
    wall) while both cores were busy.
    """
    import ctypes

    try:
        return ctypes.CDLL(None, use_errno=True).prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def reap_orphans(timeout: float) -> None:
    """Wait (at most `timeout` s) for the adopted orphans to end, adding their CPU time to ours."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            pid, _ = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return  # no child left
        if pid == 0:
            if time.monotonic() > deadline:
                return
            time.sleep(0.05)


def timed(cmd: list[str], reap_timeout: float = 10, **kw) -> tuple[float, float, subprocess.CompletedProcess]:
    """run(cmd), with the CPU time (user + sys) of every process it started, orphans included
    (those still running `reap_timeout` s after cmd ends are not counted)."""
    import resource

    adopt_orphans()
    reap_orphans(0)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds, proc = run(cmd, **kw)
    reap_orphans(reap_timeout)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime), proc


def say(label: str, value: str, command: str) -> None:
    print(f"{label:<46} {value:>8}   $ {command}", flush=True)


def bench_html(results: dict) -> None:
    shutil.rmtree(ROOT / "_build", ignore_errors=True)
    seconds, _ = run([MAKE, "html"])
    results["html_cold_s"] = {"value": round(seconds, 2), "command": "rm -rf _build && make html"}
    say("make html, cold", f"{seconds:.1f} s", "rm -rf _build && make html")
    seconds, _ = run([MAKE, "html"])
    results["html_warm_nothing_changed_s"] = {"value": round(seconds, 2), "command": "make html"}
    say("make html, warm (nothing changed)", f"{seconds:.1f} s", "make html")
    notebook = sorted(glob.glob(str(ROOT / "chapters" / "*.ipynb")))[0]
    rel = Path(notebook).relative_to(ROOT)
    os.utime(notebook)
    seconds, _ = run([MAKE, "html"])
    results["html_warm_one_notebook_s"] = {"value": round(seconds, 2), "command": f"touch {rel} && make html"}
    say("make html, warm (one notebook touched)", f"{seconds:.1f} s", f"touch {rel} && make html")


def bench_notebooks(results: dict) -> None:
    notebooks = [nb for folder in ("chapters", "appendices", "solutions")
                 for nb in sorted(glob.glob(f"{folder}/*.ipynb", root_dir=ROOT))]
    command = [sys.executable, "tools/run_notebooks.py", "--no-write", *notebooks]
    shown = "python tools/run_notebooks.py --no-write chapters/*.ipynb appendices/*.ipynb solutions/*.ipynb"
    _, proc = run(command)
    times = {}
    print(f"notebook execution, offline      $ {shown}")
    for line in proc.stdout.splitlines():
        m = re.match(r"\s*([\d.]+) s\s+(\S+)", line)
        if m:
            times[m[2]] = float(m[1])
            print(f"  {m[2]:<40} {float(m[1]):8.2f} s")
    results["notebook_execution_s"] = {"value": times, "command": shown}


def bench_pages(results: dict, loads: int) -> None:
    from playwright.sync_api import sync_playwright

    pages = [p for p in site_pages(SITE) if not is_redirect(SITE, p)]
    command = f"headless Chromium, offline, cold cache, median of {loads} loads (tools/bench.py)"
    rows = {}
    with sync_playwright() as playwright, serve(SITE) as base:
        browser = launch(playwright)
        results["chromium"] = browser.version
        # One throw-away load, so the first page measured does not pay for the browser's start.
        context = browser.new_context()
        block_network(context)
        context.new_page().goto(base + pages[0], wait_until="load")
        context.close()
        print(f"pages: {command}")
        print(f"  {'page':<32} {'transfer':>10} {'req':>4} {'load':>9} {'math typeset':>13} {'math':>6}")
        for name in pages:
            samples = []
            for _ in range(loads):
                context = browser.new_context()
                block_network(context)
                page = context.new_page()
                page.goto(base + name, wait_until="load")
                samples.append(page.evaluate(PAGE_JS))
                context.close()
            typeset = [s["typeset_ms"] for s in samples if s["typeset_ms"] is not None]
            row = {"transfer_kib": round(samples[0]["transfer_bytes"] / 1024),
                   "requests": samples[0]["requests"], "math_elements": samples[0]["math"],
                   "load_ms": round(statistics.median(s["load_ms"] for s in samples)),
                   "math_typeset_ms": round(statistics.median(typeset)) if typeset else None}
            rows[name] = row
            typeset = f"{row['math_typeset_ms']} ms" if row["math_typeset_ms"] is not None else "(no MathJax)"
            print(f"  {name:<32} {row['transfer_kib']:6d} KiB {row['requests']:4d} {row['load_ms']:6d} ms "
                  f"{typeset:>13} {row['math_elements']:6d}", flush=True)
        browser.close()
    results["pages"] = {"value": rows, "command": command}


# --- Lighthouse performance (the tests gate accessibility, best practices and SEO; this records
# --- performance, which is not gated: on a shared 2-core machine it measures the machine).
def bench_lighthouse(results: dict) -> None:
    sys.path.insert(0, str(ROOT / "tests" / "site"))
    from test_site_lighthouse import PAGES as LIGHTHOUSE_PAGES
    from tools.site_validators import lighthouse

    command = "lighthouse <page> --only-categories=performance,accessibility,best-practices,seo (tools/site_validators.py)"
    rows = {}
    print(f"lighthouse, headless Chromium, offline, simulated mobile throttling   $ {command}")
    with serve(SITE) as base:
        for kind, page in LIGHTHOUSE_PAGES.items():
            if page is None:
                continue
            start = time.perf_counter()
            scores = lighthouse(base + page)["scores"]
            rows[page] = {**scores, "seconds": round(time.perf_counter() - start, 1)}
            print(f"  {page:<32} " + "  ".join(f"{k} {v}" for k, v in scores.items())
                  + f"   ({rows[page]['seconds']} s)", flush=True)
    results["lighthouse"] = {"value": rows, "command": command}


def test_family(classname: str, name: str) -> str:
    """The family a test belongs to, from its JUnit classname and name."""
    if classname.startswith(("chapters.", "solutions.", "appendices.")):
        return f"nbval {classname.split('.')[0]}/"
    module = classname.rsplit(".", 1)[-1]
    if module == "test_exercises" and name.startswith("test_") and "[" in name:
        return "practice notebooks (" + name.split("[")[0].removeprefix("test_") + ")"
    if classname.startswith("tests.site."):
        return "site: " + name.split("[")[0]
    return module


def bench_test(results: dict) -> None:
    """Time `make test` (wall and CPU), then say where the time went, per test family."""
    import xml.etree.ElementTree as ET

    junit = ROOT / "_build" / "bench-junit.xml"
    timings = ROOT / "_build" / "site-timings"
    shutil.rmtree(timings, ignore_errors=True)
    env = {**os.environ, "PYTEST_ADDOPTS": f"--junitxml={junit}"}
    seconds, cpu, proc = timed([MAKE, "test"], env=env)
    summary = next((line.strip("= ") for line in reversed(proc.stdout.splitlines()) if " passed" in line), "")
    results["make_test_s"] = {"value": round(seconds, 1), "command": "make test", "summary": summary,
                              "cpu_s": round(cpu, 1), "cpu_over_wall": round(cpu / seconds, 2)}
    say("make test, total", f"{seconds:.1f} s", "make test")
    print(f"  ({summary}); CPU (user + sys) {cpu:.1f} s = {cpu / seconds:.2f} x wall")

    families: dict[str, list[float]] = {}
    for case in ET.parse(junit).iter("testcase"):
        family = test_family(case.get("classname", ""), case.get("name", ""))
        families.setdefault(family, []).append(float(case.get("time", 0)))
    print("  time per test family (summed over both workers; the first browser test of a page")
    print("  pays for the page's one visit, broken down below):")
    rows = {}
    for family, times in sorted(families.items(), key=lambda kv: -sum(kv[1])):
        rows[family] = {"tests": len(times), "seconds": round(sum(times), 1)}
        print(f"    {family:<58} {len(times):5d} tests {sum(times):8.1f} s")
    results["test_families"] = {"value": rows, "command": f"make test, with {junit.relative_to(ROOT)}"}

    steps: dict[str, float] = {}
    for worker in sorted(timings.glob("*.json")):
        for page_steps in json.loads(worker.read_text()).values():
            for step, secs in page_steps.items():
                steps[step] = steps.get(step, 0.0) + secs
    if steps:
        print("  browser visits, time per step summed over pages (tests/site/sitetest.py, visit_page):")
        for step, secs in sorted(steps.items(), key=lambda kv: -kv[1]):
            print(f"    {step:<58} {secs:8.1f} s")
        results["site_visit_steps_s"] = {"value": {k: round(v, 1) for k, v in steps.items()},
                                         "command": "make test (_build/site-timings/)"}


CHECK_NB = "chapters/05_derivatives.ipynb"


def bench_check(results: dict) -> None:
    """Time the inner loop, `make check` of one chapter, after touching its notebook (wall and CPU)."""
    os.utime(ROOT / CHECK_NB)
    command = f"touch {CHECK_NB} && make check NB={CHECK_NB}"
    seconds, cpu, proc = timed([MAKE, "check", f"NB={CHECK_NB}"])
    summary = next((line.strip("= ") for line in reversed(proc.stdout.splitlines()) if " passed" in line), "")
    results["make_check_s"] = {"value": round(seconds, 1), "command": command, "summary": summary,
                               "cpu_s": round(cpu, 1), "cpu_over_wall": round(cpu / seconds, 2)}
    say("make check, one chapter", f"{seconds:.1f} s", command)
    print(f"  ({summary}); CPU (user + sys) {cpu:.1f} s = {cpu / seconds:.2f} x wall")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-test", action="store_true", help="do not time `make test`")
    parser.add_argument("--loads", type=int, default=3, help="loads of each page (default 3)")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "bench.json")
    args = parser.parse_args(argv)
    results = {"machine": {"cores": os.cpu_count(), "python": platform.python_version(),
                           "platform": platform.platform()},
               "commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                        capture_output=True, text=True).stdout.strip()}
    print(f"== make bench: {results['machine']['cores']} cores, Python {results['machine']['python']}, "
          f"commit {results['commit']}", flush=True)
    bench_html(results)
    bench_notebooks(results)
    bench_pages(results, args.loads)
    bench_lighthouse(results)
    bench_check(results)
    if not args.skip_test:
        bench_test(results)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"== written to {args.out.relative_to(ROOT) if args.out.is_relative_to(ROOT) else args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
