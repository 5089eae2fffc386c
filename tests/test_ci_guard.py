"""No test is skipped in CI: under CI=true a skip, however raised, fails with its reason."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

SKIPPING = """
import pytest

def test_runs():
    pass

def test_skips_when_a_tool_is_missing():
    pytest.skip("the frobnicator is missing")

@pytest.mark.skipif(True, reason="needs a second core")
def test_skips_by_marker():
    pass
"""

PYTEST_ARGS = ("-q", "-rA", "-p", "no:cacheprovider", "-p", "ci_guard", "test_x.py")


def run(folder: Path, ci: str | None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "PYTEST_ADDOPTS")}
    if ci is not None:
        env["CI"] = ci
    env["PYTHONPATH"] = str(ROOT / "tests")
    return subprocess.run(
        [sys.executable, "-m", "pytest", *PYTEST_ARGS],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "test_x.py").write_text(SKIPPING, encoding="utf-8")
    return tmp_path


def test_under_ci_every_skip_fails_naming_its_reason(folder: Path) -> None:
    done = run(folder, "true")
    assert done.returncode == 1, done.stdout
    # A skip in a test's body fails it; one at setup (a skipif marker, a fixture) is an error.
    assert "1 failed, 1 passed, 1 error" in done.stdout, done.stdout
    assert "skipped under CI=true, where every test must run: the frobnicator is missing" in done.stdout
    assert "skipped under CI=true, where every test must run: needs a second core" in done.stdout


def test_outside_ci_a_skip_stays_a_skip(folder: Path) -> None:
    done = run(folder, None)
    assert done.returncode == 0, done.stdout
    assert "1 passed, 2 skipped" in done.stdout, done.stdout


def test_the_guard_is_loaded_by_the_test_suite(pytestconfig: pytest.Config) -> None:
    assert pytestconfig.pluginmanager.has_plugin("ci_guard")
