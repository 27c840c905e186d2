"""The Colab check: run every notebook alone in an environment pinned to Colab's versions.

    python tools/colab_check.py                 # what `make colab-check` runs
    python tools/colab_check.py --only "05_derivatives|b_activation" --jobs 1
    python tools/colab_check.py --update-pins /path/to/a/clone/of/googlecolab/backend-info

Colab opens each notebook as a single file, in its own Python and library versions. This tool
builds `.venv-colab/` from `tools/colab/colab-pins.txt` (a subset of the pip freeze Colab
publishes), on the Python Colab uses where this machine has it (`python3.13`, else 3.12, else
3.11: it prints which), and runs, two at a time, each notebook alone in a fresh empty folder
(no `../assets`, no `tools/`) with the network blocked (tools/offline/sitecustomize.py):

- chapters, appendices and solutions: every stored text output must come out again exactly,
  compared with nbval's own comparison (the one `make test` applies). A difference is accepted
  only when `tools/colab/known_differences.toml` lists it with its reason; a listed difference
  that no longer occurs fails too (stale);
- practice notebooks: the runs of tests/test_exercises.py (tools/practice_runs.py): unanswered,
  answered from the worked solutions, answered wrongly (a wrong type, NaN), each judged the same way.

The notebooks come from `colab/` (the copies Colab opens) when it exists, else from the sources
(`--notebooks DIR` chooses); the stored outputs, worked solutions and hints always come from the
sources. Prints a table and exits 1 on any failure; `_build/colab-check/` keeps report.json and
each failing run's executed notebook.
"""
from __future__ import annotations

import argparse
import concurrent.futures
import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import nbformat

ROOT = Path(__file__).resolve().parent.parent
TOOLS = ROOT / "tools"
PINS = TOOLS / "colab" / "colab-pins.txt"
KNOWN = TOOLS / "colab" / "known_differences.toml"
VENV = ROOT / ".venv-colab"
STAMP = VENV / ".installed"
OUT = ROOT / "_build" / "colab-check"
FOLDERS = ("chapters", "appendices", "exercises", "solutions")
PIP_FLAGS = ["--progress-bar", "off", "--disable-pip-version-check"]

sys.path.insert(0, str(TOOLS))
import practice_runs  # noqa: E402

# What the notebooks need besides requirements.txt: the executor (nbclient, nbformat) and plotly
# (interactive figures). --update-pins resolves these and their dependencies in Colab's freeze.
EXTRA_TOP_LEVEL = ("nbclient", "nbformat", "plotly")


class CheckError(Exception):
    """Something that stops the check before any notebook runs."""


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


# --- The pins --------------------------------------------------------------------------------------

def read_pins(path: Path = PINS) -> dict:
    """{"pins": {canonical name: "name==version"}, "python": "3.13.15", "absent": [...], "header": {...}}"""
    pins, header = {}, {}
    for line in path.read_text().splitlines():
        if line.startswith("# ") and ": " in line and not line.startswith("#  "):
            key, _, value = line[2:].partition(": ")
            header[key.strip()] = value.strip()
        elif line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            if not version:
                raise CheckError(f"{path}: not an exact pin: {line!r}")
            pins[canonical(name)] = line.strip()
    python = header.get("python", "").split()[0] if header.get("python") else ""
    absent = [canonical(n) for n in header.get("absent", "").split(",") if n.strip() and n.strip() != "none"]
    return {"pins": pins, "python": python, "absent": absent, "header": header}


def top_level_names() -> list[str]:
    names = [re.split(r"[=<>!~\[ ;]", line, maxsplit=1)[0]
             for line in (ROOT / "requirements.txt").read_text().splitlines()
             if line.strip() and not line.startswith(("#", "-"))]
    return sorted({canonical(n) for n in [*names, *EXTRA_TOP_LEVEL]})


def update_pins(repo: Path, python: str) -> int:
    """Write PINS from the newest pip-freeze.txt of a clone of googlecolab/backend-info."""
    git = ["git", "-C", str(repo)]
    commit, date, subject = subprocess.run(
        [*git, "log", "-1", "--format=%H%n%cs%n%s", "--", "pip-freeze.txt"],
        check=True, capture_output=True, text=True).stdout.splitlines()[:3]
    freeze = subprocess.run([*git, "show", f"{commit}:pip-freeze.txt"], check=True, capture_output=True,
                            text=True).stdout
    os_info = subprocess.run([*git, "show", f"{commit}:os-info.txt"], check=True, capture_output=True,
                             text=True).stdout
    colab_python = re.search(r"^Python (\S+)", os_info, re.M)[1]
    lines = {canonical(line.split("==")[0]): line.strip() for line in freeze.splitlines()
             if "==" in line and not line.startswith("#")}
    with tempfile.TemporaryDirectory() as tmp:
        constraints = Path(tmp) / "colab-freeze.txt"
        constraints.write_text("\n".join(lines.values()) + "\n")
        report = Path(tmp) / "report.json"
        subprocess.run([python, "-m", "pip", "install", *PIP_FLAGS, "-q", "--dry-run", "--ignore-installed",
                        "--only-binary", ":all:", "--report", str(report), "-c", str(constraints),
                        *top_level_names()], check=True)
        resolved = {canonical(i["metadata"]["name"]): i["metadata"]["version"]
                    for i in json.loads(report.read_text())["install"]}
    missing_top = [n for n in top_level_names() if n not in lines]
    if missing_top:
        raise CheckError(f"Colab's freeze has no {', '.join(missing_top)}: a notebook would need a pip install")
    absent = sorted(n for n in resolved if n not in lines)
    version = subprocess.run([python, "-c", "import platform; print(platform.python_version())"],
                             check=True, capture_output=True, text=True).stdout.strip()
    text = [
        "# Colab's package versions: the part of the pip freeze Colab publishes that the notebooks need.",
        "# Written by `python tools/colab_check.py --update-pins CLONE` (see CONTRIBUTING.md, \"The Colab",
        "# check\"); do not edit by hand. tools/colab_check.py installs exactly these, with --no-deps.",
        "# source: the GitHub repository googlecolab/backend-info, file pip-freeze.txt",
        f"# commit: {commit}",
        f"# date: {date} ({subject})",
        f"# python: {colab_python} (its os-info.txt)",
        f"# resolved for: {', '.join(top_level_names())}",
        f"# resolved with: Python {version}, wheels only",
        "# absent: " + (", ".join(absent) or "none"),
        "#   (a dependency some pin declares but Colab's freeze does not have: Colab runs without it, so does this)",
        *sorted((lines[n] for n in resolved if n in lines), key=str.lower),
    ]
    PINS.parent.mkdir(parents=True, exist_ok=True)
    PINS.write_text("\n".join(text) + "\n")
    print(f"==> {PINS.relative_to(ROOT)}: {len(resolved) - len(absent)} pins from {commit[:12]} ({date});"
          f" absent from Colab: {', '.join(absent) or 'none'}")
    return 0


# --- The interpreter and the environment --------------------------------------------------------------

def python_version(python: str) -> str | None:
    try:
        done = subprocess.run([python, "-c", "import platform, venv; print(platform.python_version())"],
                              capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def candidates(minor: str):
    """Where a python<minor> may be: on PATH, then pyenv's versions (newest first)."""
    on_path = shutil.which(f"python{minor}")
    if on_path:
        yield on_path
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    found = sorted(pyenv.glob(f"{minor}.*/bin/python{minor}"),
                   key=lambda p: [int(x) if x.isdigit() else -1 for x in re.split(r"[.]", p.parts[-3])],
                   reverse=True)
    yield from (str(p) for p in found)


def find_python(colab_python: str, explicit: str | None = None) -> tuple[str, str, str]:
    """(path, version, why): Colab's Python if this machine has it, else 3.12, else 3.11."""
    if explicit:
        version = python_version(explicit)
        if not version:
            raise CheckError(f"--python {explicit} does not run")
        return explicit, version, "given with --python"
    wanted = ".".join(colab_python.split(".")[:2])
    order = [wanted] + [m for m in ("3.13", "3.12", "3.11") if m != wanted and m < wanted]
    tried = []
    for minor in order:
        for path in candidates(minor):
            version = python_version(path)
            tried.append(f"{path} ({version or 'does not run'})")
            if version and version.startswith(minor + "."):
                why = ("Colab's Python" if minor == wanted
                       else f"Colab uses Python {colab_python}, which this machine lacks: the nearest older one")
                return path, version, why
    raise CheckError("no Python 3.13, 3.12 or 3.11 found; tried: " + "; ".join(tried or ["nothing"]))


def stamp_text(python: str, version: str) -> str:
    return json.dumps({"python": python, "version": version,
                       "pins": hashlib.sha256(PINS.read_bytes()).hexdigest()}, sort_keys=True)


def ensure_venv(python: str, version: str, absent: list[str]) -> float:
    """Build .venv-colab unless its stamp says it holds these pins on this Python; return seconds."""
    if STAMP.exists() and STAMP.read_text() == stamp_text(python, version):
        print(f"==> {VENV.name}/ is current (its stamp matches {PINS.relative_to(ROOT)} and Python {version})")
        return 0.0
    start = time.perf_counter()
    print(f"==> Creating {VENV.name}/ with {python} (Python {version}) from {PINS.relative_to(ROOT)}", flush=True)
    shutil.rmtree(VENV, ignore_errors=True)
    subprocess.run([python, "-m", "venv", str(VENV)], check=True)
    vpy = str(VENV / "bin" / "python")
    # --no-deps: exactly the pins, nothing else; `pip check` then proves the set complete.
    subprocess.run([vpy, "-m", "pip", "install", *PIP_FLAGS, "-q", "--no-deps", "--only-binary", ":all:",
                    "-r", str(PINS)], check=True)
    check = subprocess.run([vpy, "-m", "pip", "check"], capture_output=True, text=True)
    unmet = [line for line in check.stdout.splitlines()
             if line.strip() and not any(re.search(rf"requires {re.escape(n)},? which is not installed", line, re.I)
                                         or re.search(rf"requires {re.escape(n)}\b.*not installed", line, re.I)
                                         for n in absent)]
    if check.returncode and unmet:
        raise CheckError(f"{VENV.name}: pip check: " + "; ".join(unmet))
    # The kernel the executor starts is this environment's own (JUPYTER_PATH points here).
    subprocess.run([vpy, "-m", "ipykernel", "install", "--sys-prefix", "--name", "python3"], check=True,
                   capture_output=True)
    STAMP.write_text(stamp_text(python, version))
    seconds = time.perf_counter() - start
    print(f"==> {VENV.name}/ built in {seconds:.0f} s", flush=True)
    return seconds


def installed_versions() -> dict[str, str]:
    code = ("import importlib.metadata as m, json, sys; "
            "print(json.dumps({d.metadata['Name']: d.version for d in m.distributions()}))")
    done = subprocess.run([str(VENV / "bin" / "python"), "-c", code], check=True, capture_output=True, text=True)
    return json.loads(done.stdout)


# --- Known differences -------------------------------------------------------------------------------

ENTRY_KEYS = {"notebook", "cell", "stored", "colab", "reason"}


def load_known(path: Path = KNOWN) -> list[dict]:
    """The reviewed list; raises CheckError on a malformed or duplicate entry."""
    data = tomllib.loads(path.read_text())
    if set(data) - {"difference"}:
        raise CheckError(f"{path.name}: unexpected keys {sorted(set(data) - {'difference'})}")
    entries = data.get("difference", [])
    seen = set()
    for number, entry in enumerate(entries, 1):
        where = f"{path.name}, difference {number}"
        if set(entry) != ENTRY_KEYS:
            raise CheckError(f"{where}: needs exactly the keys {sorted(ENTRY_KEYS)}, has {sorted(entry)}")
        if not all(isinstance(entry[k], str) for k in ENTRY_KEYS):
            raise CheckError(f"{where}: every value is a string")
        if len(entry["reason"].split()) < 4:
            raise CheckError(f"{where}: give the reason (which library version prints what, and why)")
        if not entry["stored"] or entry["stored"] == entry["colab"]:
            raise CheckError(f"{where}: 'stored' must be the stored text and 'colab' what Colab prints instead")
        if not re.fullmatch(r"(chapters|appendices|solutions)/[\w.-]+\.ipynb", entry["notebook"]):
            raise CheckError(f"{where}: notebook is a path such as chapters/05_derivatives.ipynb")
        key = (entry["notebook"], entry["cell"], entry["stored"])
        if key in seen:
            raise CheckError(f"{where}: duplicate of an earlier entry")
        seen.add(key)
    return entries


# --- Comparing outputs, with nbval's own code ------------------------------------------------------------

def nbval_plugin():
    from nbval import plugin
    return plugin


# IPyNbFile.skip_compare as nbval 0.11.0 sets it without --nbdime (images are not compared):
# tests/test_colab_check.py checks this against nbval's source.
SKIP_COMPARE = ("metadata", "traceback", "prompt_number", "output_type", "name", "execution_count",
                "application/vnd.jupyter.widget-view+json", "image/png", "image/jpeg")


class _NbvalComparison:
    """Just enough of an nbval cell for nbval's IPyNbCell.compare_outputs to run unchanged."""

    def __init__(self):
        plugin = nbval_plugin()
        self.parent = SimpleNamespace(skip_compare=SKIP_COMPARE, sanitize_patterns={})
        self.colors = plugin.nocolors
        self.mismatch = None
        self._compare = plugin.IPyNbCell.compare_outputs
        self._sanitize = plugin.IPyNbCell.sanitize

    def sanitize(self, s):
        return self._sanitize(self, s)

    def format_output_compare(self, key, left, right):
        self.mismatch = (key, left, right)

    def __call__(self, test, ref) -> str | None:
        """None when nbval finds test (produced) equal to ref (stored), else what differs."""
        self.mismatch = None
        if self._compare(self, test, ref):
            return None
        if self.mismatch:
            key, left, right = self.mismatch
            return f"{key}: stored {left!r}, Colab {right!r}"
        return " ".join(self.comparison_traceback)


def nbval_options(cell) -> dict:
    plugin = nbval_plugin()
    options = {"check": True, "check_exception": False, "skip": False}
    options.update(plugin.find_comment_markers(cell.source))
    options.update(plugin.find_metadata_tags(cell.metadata))
    return options


def with_known(outputs, entries):
    """A copy of the stored outputs with each entry's stored text replaced by what Colab prints."""
    outputs = copy.deepcopy(outputs)
    found = set()
    for out in outputs:
        for index, entry in enumerate(entries):
            for holder, key in ([(out, "text")] if out.get("output_type") == "stream" else
                                [(out, "evalue")] if out.get("output_type") == "error" else
                                [(out["data"], k) for k in out.get("data", {})]):
                if isinstance(holder.get(key), str) and entry["stored"] in holder[key]:
                    holder[key] = holder[key].replace(entry["stored"], entry["colab"])
                    found.add(index)
    return outputs, found


@dataclass
class Comparison:
    differences: list[str] = field(default_factory=list)
    known: list[dict] = field(default_factory=list)  # entries that explained a difference
    stale: list[str] = field(default_factory=list)


def compare_notebook(reference, produced, entries: list[dict]) -> Comparison:
    """Compare every code cell's outputs as nbval does; `entries` are this notebook's known differences."""
    plugin = nbval_plugin()
    compare = _NbvalComparison()
    result = Comparison()
    ref_cells = [c for c in reference.cells if c.cell_type == "code"]
    new_cells = [c for c in produced.cells if c.cell_type == "code"]
    if len(ref_cells) != len(new_cells):
        result.differences.append(f"{len(new_cells)} code cells where the source has {len(ref_cells)}")
        return result
    ids = {c.get("id") for c in ref_cells}
    result.stale += [f"cell {e['cell']}: no such code cell" for e in entries if e["cell"] not in ids]
    for number, (ref, new) in enumerate(zip(ref_cells, new_cells)):
        options = nbval_options(ref)
        where = f"cell {ref.get('id')} (code cell {number})"
        mine = [e for e in entries if e["cell"] == ref.get("id")]
        if options["skip"]:
            continue
        produced_outputs = plugin.coalesce_streams(copy.deepcopy(new.get("outputs", [])))
        error = next((o for o in produced_outputs if o.get("output_type") == "error"), None)
        if error and not options["check_exception"]:
            result.differences.append(f"{where}: raised {error['ename']}: {error['evalue']}")
            continue
        if ref.execution_count is None or not options["check"]:
            continue
        stored = plugin.coalesce_streams(copy.deepcopy(ref.get("outputs", [])))
        expected, found = with_known(stored, mine)
        result.stale += [f"{where}: the stored text {mine[i]['stored']!r} is not in its outputs"
                         for i in range(len(mine)) if i not in found]
        difference = compare(produced_outputs, expected)
        if difference and mine and compare(produced_outputs, stored) is None:
            result.stale += [f"{where}: {e['stored']!r} no longer differs" for e in mine]
            continue
        if difference:
            result.differences.append(f"{where}: {difference}")
            continue
        for index, entry in enumerate(mine):
            without, _ = with_known(stored, [e for i, e in enumerate(mine) if i != index])
            if index in found and compare(produced_outputs, without) is None:
                result.stale.append(f"{where}: {entry['stored']!r} no longer differs")
            elif index in found:
                result.known.append(entry)
    return result


# --- Running ---------------------------------------------------------------------------------------

@dataclass
class Job:
    notebook: Path  # the file Colab opens
    relative: str  # chapters/05_derivatives.ipynb: where the sources keep it
    run: str  # outputs, unanswered, answered, wrong-type, nan
    status: str = "?"
    seconds: float = 0.0
    details: list[str] = field(default_factory=list)
    known: list[dict] = field(default_factory=list)


def kernel_env(tmp: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONHOME")}
    env.update({
        "PYTHONPATH": str(TOOLS / "offline"),  # the network guard, imported by every kernel at start
        "JUPYTER_PATH": str(VENV / "share" / "jupyter"),  # so "python3" is this environment's kernel
        "IPYTHONDIR": str(tmp / ".ipython"),  # no profile or start-up file of this machine's
        "MPLCONFIGDIR": str(tmp / ".matplotlib"),  # no matplotlibrc or style of this machine's
        "PATH": os.pathsep.join([str(VENV / "bin"), env.get("PATH", "")]),
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    return env


def colab_executor(tmp: Path, timeout: int, expected_python: str):
    """An `execute(path, out)` for practice_runs.run_alone that runs in .venv-colab's kernel."""
    def execute(path: Path, out: Path) -> None:
        done = subprocess.run([str(VENV / "bin" / "python"), str(TOOLS / "practice_runs.py"), str(path),
                               str(out), str(timeout)], env=kernel_env(tmp), cwd=str(path.parent),
                              capture_output=True, text=True, timeout=30 * timeout)
        if done.returncode:
            raise CheckError(f"the executor failed: {done.stderr.strip().splitlines()[-1:]}")
        kernel = nbformat.read(out, as_version=4).metadata.get("language_info", {}).get("version")
        if kernel != expected_python:
            raise CheckError(f"the kernel ran Python {kernel}, not {VENV.name}'s {expected_python}")
    return execute


def run_job(job: Job, python_version: str, known: list[dict]) -> Job:
    start = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="colab-check-"))
    folder = tmp / "notebook"
    folder.mkdir()  # holds the notebook alone
    try:
        execute = colab_executor(tmp, 300 if job.run == "outputs" else 120, python_version)
        if job.run == "outputs":
            target = folder / job.notebook.name
            shutil.copyfile(job.notebook, target)
            executed_path = folder.parent / "executed.ipynb"
            execute(target, executed_path)
            reference = nbformat.read(ROOT / job.relative, as_version=4)
            result = compare_notebook(reference, nbformat.read(executed_path, as_version=4),
                                      [e for e in known if e["notebook"] == job.relative])
            job.details = result.differences + [f"stale known difference: {s}" for s in result.stale]
            job.known = result.known
        else:
            practice = nbformat.read(job.notebook, as_version=4)
            solutions = nbformat.read(ROOT / "solutions" / job.notebook.name, as_version=4)
            if job.run == "unanswered":
                hints = practice_runs.hints_of(solutions)
                practice, asks = practice_runs.with_hint_requests(practice, hints)
                lines, errors = practice_runs.run_alone(practice, folder, execute)
                job.details = practice_runs.unanswered_problems(practice, lines, errors,
                                                                practice_runs.executed_cells(folder), hints, asks)
            elif job.run == "answered":
                practice = practice_runs.answered(practice, solutions)
                lines, errors = practice_runs.run_alone(practice, folder, execute)
                job.details = practice_runs.answered_problems(practice, lines, errors)
            else:
                wrong, words = practice_runs.WRONG_ANSWERS[job.run]
                practice = practice_runs.answered_wrongly(practice, wrong)
                lines, errors = practice_runs.run_alone(practice, folder, execute)
                job.details = practice_runs.wrong_problems(practice, lines, errors, words)
            executed_path = folder / "practice-executed.ipynb"
    except (CheckError, KeyError, subprocess.TimeoutExpired, OSError) as exc:
        job.details = [f"{type(exc).__name__}: {exc}"]
        executed_path = None
    job.status = "FAIL" if job.details else ("pass, known differences" if job.known else "pass")
    if job.details and executed_path and executed_path.exists():
        keep = OUT / job.relative.replace("/", "__").replace(".ipynb", f".{job.run}.ipynb")
        keep.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(executed_path, keep)
    shutil.rmtree(tmp, ignore_errors=True)
    job.seconds = time.perf_counter() - start
    return job


def default_notebooks_dir() -> Path:
    return ROOT / "colab" if (ROOT / "colab").is_dir() else ROOT


def jobs_for(directory: Path, only: str | None) -> list[Job]:
    jobs = []
    for folder in FOLDERS:
        for path in sorted((directory / folder).glob("*.ipynb")):
            if only and not re.search(only, path.stem):
                continue
            relative = f"{folder}/{path.name}"
            runs = (["unanswered", "answered", *practice_runs.WRONG_ANSWERS] if folder == "exercises"
                    else ["outputs"])
            jobs += [Job(path, relative, run) for run in runs]
    return jobs


def table(jobs: list[Job]) -> str:
    rows = [("notebook", "run", "result", "s")]
    rows += [(j.relative, j.run, j.status, f"{j.seconds:.1f}") for j in jobs]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join(c.ljust(w) if i < 3 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths)))
             for r in rows]
    return "\n".join([lines[0], "  ".join("-" * w for w in widths), *lines[1:]])


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notebooks", type=Path, default=None,
                        help="folder holding chapters/, appendices/, exercises/, solutions/ (default: colab/ "
                             "if it exists, else the sources)")
    parser.add_argument("--python", help="the interpreter for .venv-colab (default: searched, see above)")
    parser.add_argument("--jobs", type=int, default=2, help="notebooks run at once (default 2)")
    parser.add_argument("--only", help="run only the notebooks whose name matches this regular expression")
    parser.add_argument("--update-pins", type=Path, metavar="CLONE",
                        help="rewrite tools/colab/colab-pins.txt from a clone of googlecolab/backend-info")
    args = parser.parse_args(argv)
    try:
        if args.update_pins:
            colab_python = re.search(r"^Python (\S+)", subprocess.run(
                ["git", "-C", str(args.update_pins), "show", "HEAD:os-info.txt"], check=True,
                capture_output=True, text=True).stdout, re.M)[1]
            python, version, why = find_python(colab_python, args.python)
            print(f"==> Resolving with {python} (Python {version}: {why})")
            return update_pins(args.update_pins, python)
        return check(args)
    except CheckError as exc:
        print(f"colab-check: {exc}", file=sys.stderr)
        return 1


def check(args) -> int:
    begin = time.perf_counter()
    pins = read_pins()
    known = load_known()
    header = pins["header"]
    print(f"==> Colab snapshot: googlecolab/backend-info {header.get('commit', '?')[:12]}, {header.get('date')}")
    python, version, why = find_python(pins["python"], args.python)
    print(f"==> Python: {python} ({version}; {why})")
    build_seconds = ensure_venv(python, version, pins["absent"])
    versions = installed_versions()
    shown = ["numpy", "scipy", "matplotlib", "scikit-learn", "sympy", "cvxpy", "plotly", "ipykernel", "ipython",
             "nbclient"]
    print("==> Versions: " + ", ".join(f"{n} {versions.get(n, versions.get(n.replace('-', '_'), '-'))}"
                                      for n in shown))
    directory = (args.notebooks or default_notebooks_dir()).resolve()
    jobs = jobs_for(directory, args.only)
    if not jobs:
        raise CheckError(f"no notebooks under {directory}")
    label = directory.relative_to(ROOT) if directory.is_relative_to(ROOT) else directory
    print(f"==> Running {len(jobs)} runs of the notebooks in {str(label) if str(label) != '.' else 'the sources'}"
          f" ({', '.join(FOLDERS)}), {args.jobs} at a time, each alone in an empty folder, offline", flush=True)
    shutil.rmtree(OUT, ignore_errors=True)
    OUT.mkdir(parents=True)
    done = []
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(run_job, job, version, known) for job in jobs]
        for future in concurrent.futures.as_completed(futures):
            job = future.result()
            done.append(job)
            print(f"  {job.status:<24} {job.seconds:6.1f} s  {job.relative} [{job.run}]", flush=True)
            for detail in job.details:
                print(f"      {detail}", flush=True)
    total = time.perf_counter() - begin
    checked = {(j.relative, j.run) for j in done}
    if not args.only:  # an entry for a notebook that was not run at all is stale too
        for entry in known:
            if (entry["notebook"], "outputs") not in checked:
                done.append(Job(ROOT / entry["notebook"], entry["notebook"], "outputs", "FAIL",
                                details=["stale known difference: no such notebook"]))
    done.sort(key=lambda j: (FOLDERS.index(j.relative.split("/")[0]), j.relative, j.run))
    print("\n" + table(done))
    failed = [j for j in done if j.status == "FAIL"]
    used = [e for j in done for e in j.known]
    for entry in used:
        print(f"  known difference: {entry['notebook']} cell {entry['cell']}: {entry['reason']}")
    (OUT / "report.json").write_text(json.dumps({
        "snapshot": header, "python": {"path": python, "version": version, "why": why},
        "versions": versions, "venv_build_seconds": round(build_seconds, 1), "total_seconds": round(total, 1),
        "runs": [{"notebook": j.relative, "run": j.run, "status": j.status, "seconds": round(j.seconds, 1),
                  "details": j.details} for j in done]}, indent=1) + "\n")
    print(f"\n==> Colab check on Python {version}: {len(used)} known differences; venv build"
          f" {build_seconds:.0f} s; total {total:.0f} s")
    print(f"colab-check: {len(done) - len(failed)} passed, {len(failed)} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
