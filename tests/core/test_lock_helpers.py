"""Row locks go through the named helpers of each app's ``locks.py`` (one place per app that
says what is locked and in which order), never through a query written on the spot."""

from __future__ import annotations

from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "lianyi"
# The door scan's lock is written-out SQL for its CPU cost (see its docstring); it is the named
# helper ``locked_invitation`` and ``gatherings/locks.py`` points to it.
WRITTEN_OUT = {SRC / "gatherings" / "services" / "checkin" / "lookup.py"}


def test_rows_are_locked_only_in_the_apps_lock_modules():
    offenders = [
        f"{path.relative_to(SRC)}:{number}"
        for path in sorted(SRC.rglob("*.py"))
        if path.name != "locks.py" and "migrations" not in path.parts and path not in WRITTEN_OUT
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "select_for_update" in line or "FOR UPDATE" in line
    ]
    assert offenders == []


def test_every_app_that_locks_rows_documents_its_lock_order():
    for app in ("core", "org", "customers", "gatherings"):
        text = (SRC / app / "locks.py").read_text(encoding="utf-8")
        assert text.startswith('"""') and "lock" in text.split('"""')[1]
    order = (SRC / "gatherings" / "locks.py").read_text(encoding="utf-8")
    assert order.index("the customer") < order.index("the invitation")
