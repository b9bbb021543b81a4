"""Static checks are part of the test run: mypy --strict and ruff must stay clean."""

from __future__ import annotations

import subprocess
import sys

from .conftest import REPO


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=600)


def test_mypy_strict() -> None:
    result = _run("mypy", "--strict", "checklists")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff() -> None:
    result = _run("ruff", "check", "checklists", "tests", "benchmarks", "scripts")
    assert result.returncode == 0, result.stdout + result.stderr
