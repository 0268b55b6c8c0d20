"""Test data is made through the services or tests/factories.py (issue 7, item 20): a test that
writes `Model.objects.create(...)` can build a state the services would refuse (a stop picking up
after the start, a household seated with fewer guests than it has) and so test nothing real.
The few that must write a row directly are listed here, each with why."""

from __future__ import annotations

import re
from pathlib import Path

TESTS = Path(__file__).resolve().parent.parent
DIRECT_WRITE = re.compile(
    r"\b(\w+)\.objects\.(create|bulk_create|get_or_create|update_or_create)\("
)

# (file under tests/, model): why this test writes the row itself.
ALLOWED = {
    ("org/test_one_door.py", "Stand"): (
        "not a write: the text of a module fed to the company-filter check, as an example"
    ),
    ("journey/test_journey_rules.py", "Touchpoint"): (
        "the database's own unique constraint, under a row the service would refuse"
    ),
    ("core/test_jobs.py", "Job"): (
        "the database's own one-active-job-per-key constraint, under a row the service refuses"
    ),
    ("oversight/test_daily_profiles.py", "DailyProfile"): (
        "the database's own one-profile-per-rep-per-day constraint, under a row the service refuses"
    ),
    ("demo/test_generator.py", "Customer"): (
        "a plain insert after the bulk writer: the id sequence is under test, not registration"
    ),
}
# Where the factories themselves and this check live.
EXEMPT = {"factories.py", "platform/test_test_data.py"}


def direct_writes() -> dict[tuple[str, str], list[int]]:
    found: dict[tuple[str, str], list[int]] = {}
    for path in sorted(TESTS.rglob("*.py")):
        name = path.relative_to(TESTS).as_posix()
        if name in EXEMPT:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for match in DIRECT_WRITE.finditer(line):
                found.setdefault((name, match.group(1)), []).append(number)
    return found


def test_tests_make_their_records_through_services_or_factories():
    unlisted = {key: lines for key, lines in direct_writes().items() if key not in ALLOWED}
    assert unlisted == {}, (
        "make these records through a service or a tests/factories.py helper "
        "(or list the file and model in ALLOWED with why): "
        + "; ".join(f"{file}:{lines} {model}.objects" for (file, model), lines in unlisted.items())
    )


def test_every_allowed_direct_write_is_still_there():
    # An entry whose write was replaced is removed, so the list stays short and true.
    assert set(ALLOWED) <= set(direct_writes())


def test_the_check_sees_a_direct_write():
    assert DIRECT_WRITE.search("    Seat.objects.create(table=table, guests=1)")
    assert DIRECT_WRITE.search("Place.objects.get_or_create(name=name)")
    assert not DIRECT_WRITE.search("add_bus(world.gathering, by=world.admin)")
