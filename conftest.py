"""Test-wide setup: every kernel that nbval starts runs with the network blocked.

The guard (tools/offline/sitecustomize.py) is put on PYTHONPATH before any
kernel starts; kernels inherit the environment and import it at start-up.
tools/run_notebooks.py, which makes the stored outputs, does the same.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent / "tools"))
from run_notebooks import offline_env  # noqa: E402


def pytest_configure(config):
    offline_env()
