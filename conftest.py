"""Test-wide setup: every kernel that nbval starts runs with the network blocked.

The guard (tools/offline/sitecustomize.py) is put on PYTHONPATH before any
kernel starts; kernels inherit the environment and import it at start-up.
"""
import os
from pathlib import Path

OFFLINE = str(Path(__file__).parent / "tools" / "offline")


def pytest_configure(config):
    paths = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    if OFFLINE not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([OFFLINE, *paths])
