"""A missing Chromium fails the browser tests with the command that installs it; skipping them
takes LIANYI_SKIP_BROWSER=1 and the summary says so. Runs pytest on one browser test in a
subprocess (on SQLite, so it never touches this run's PostgreSQL test database)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ONE_BROWSER_TEST = "tests/browser/test_record_first_call.py"


def pytest_run(**env: str) -> subprocess.CompletedProcess[str]:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DATABASE_URL", "LIANYI_SKIP_BROWSER", "LIANYI_CHROMIUM", "CI")
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", ONE_BROWSER_TEST, "-p", "no:cacheprovider", "-q"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_a_missing_chromium_fails_the_browser_tests_naming_the_command():
    result = pytest_run(LIANYI_CHROMIUM="/nonexistent/chromium")
    assert result.returncode == 1, result.stdout
    assert "Chromium is missing at /nonexistent/chromium" in result.stdout
    assert "make browsers" in result.stdout
    assert "skipped" not in result.stdout.splitlines()[-1]


def test_skipping_on_purpose_says_so_in_the_summary():
    result = pytest_run(LIANYI_CHROMIUM="/nonexistent/chromium", LIANYI_SKIP_BROWSER="1")
    assert result.returncode == 0, result.stdout
    assert "LIANYI_SKIP_BROWSER=1: 1 browser tests were skipped on purpose" in result.stdout
