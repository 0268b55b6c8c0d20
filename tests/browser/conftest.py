"""A real headless Chromium (Debian's package), driven by Playwright. Never `playwright install`:
the browser comes from the system, so the suite runs with no download."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("LIANYI_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"

# Playwright's sync API keeps an event loop in this thread; the ORM calls the tests make
# around it are ordinary synchronous calls, so Django's async guard does not apply here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# LIANYI_SKIP_BROWSER=1 skips the browser tests on purpose (and the summary says so); without it
# a missing Chromium fails them with the command that installs it, never a silent skip.
SKIP_BROWSER = os.environ.get("LIANYI_SKIP_BROWSER") == "1"


def missing_chromium_message() -> str:
    return (
        f"Chromium is missing at {CHROMIUM}: the browser tests need Debian's chromium. "
        "Run `make browsers` (or `sudo apt-get install chromium fonts-noto-cjk`), "
        "or set LIANYI_SKIP_BROWSER=1 to skip the browser tests on purpose."
    )


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if SKIP_BROWSER:
        pytest.skip("LIANYI_SKIP_BROWSER=1")
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(missing_chromium_message(), pytrace=False)
    from playwright.sync_api import sync_playwright

    try:
        playwright = sync_playwright().start()
    except Exception as exc:  # the driver's own libraries (libatomic) missing, for one
        pytest.fail(
            f"Playwright's driver did not start ({exc}); see its error above. "
            "Run `bash .ci/system-packages test`, which names what the machine lacks.",
            pytrace=False,
        )
    try:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def phone_page(browser):  # type: ignore[no-untyped-def]
    """A fresh context per test: a 360x740 phone in Chinese."""
    context = browser.new_context(viewport=PHONE, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if SKIP_BROWSER:
        skipped = [r for r in terminalreporter.stats.get("skipped", []) if "browser" in r.nodeid]
        terminalreporter.write_line(
            f"LIANYI_SKIP_BROWSER=1: {len(skipped)} browser tests were skipped on purpose "
            "(Chromium not used).",
            yellow=True,
            bold=True,
        )
