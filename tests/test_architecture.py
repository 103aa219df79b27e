"""The architecture holds: import-linter's contracts (pyproject.toml: layers ui > service >
analysis > scheduler, no cycles, a core that never imports the service package or the pages)
and mypy over all four packages with no errors. Both run as the tools themselves, so the
README's test command enforces what .ci/run checks."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=600, check=False)


def test_import_contracts_are_kept():
    done = _run(sys.executable, "-c",
                "from importlinter.cli import lint_imports_command; lint_imports_command()")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


def test_mypy_finds_no_errors_in_any_package():
    done = _run(sys.executable, "-m", "mypy")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "Success" in done.stdout
