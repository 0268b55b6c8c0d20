"""The check-in window (issue 6, point 11): boarding and the door open the company's
``checkin_opens_minutes_before`` (default 3 hours) before the start and close its
``checkin_closes_minutes_after`` (default 1 hour) after the end; outside it a scan is refused
before anything is written."""

from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from lianyi.core.models import AuditEntry
from lianyi.gatherings.models import CheckIn, CheckInList, Invitation, InvitationState
from lianyi.gatherings.services.checkin import ScanAnswer, check_in
from lianyi.org.models import Company
from tests.conftest import make_customer
from tests.factories import add_bus

DOOR = CheckInList.DOOR
MINUTE = timedelta(minutes=1)
SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def invitation(world) -> Invitation:
    """A delivered invitation to a gathering from 09:30 to 11:30 in Shanghai (01:30 UTC)."""
    gathering = world.gathering
    gathering.ends_at = gathering.starts_at + timedelta(hours=2)
    gathering.save(update_fields=["ends_at"])
    return make_customer(world, step=5, name="张桂兰", mobile="13900004321").invitations.get()


def scan_at(world, invitation, moment, **kwargs):
    kwargs.setdefault("token", invitation.token)
    kwargs.setdefault("list_kind", DOOR)
    with time_machine.travel(moment, tick=False):
        return check_in(by=world.event_staff, gathering_id=world.gathering.pk, **kwargs)


def nothing_written(invitation: Invitation) -> bool:
    invitation.refresh_from_db()
    return (
        not CheckIn.objects.filter(invitation=invitation).exists()
        and invitation.state == InvitationState.DELIVERED
        and not AuditEntry.objects.filter(action="gatherings.invitation.admitted").exists()
    )


def test_ten_days_before_the_gathering_the_door_refuses_and_writes_nothing(world, invitation):
    result = scan_at(world, invitation, world.gathering.starts_at - timedelta(days=10))

    assert result.answer == ScanAnswer.NOT_OPEN
    assert nothing_written(invitation)


def test_one_minute_before_opening_is_refused_naming_when_it_opens(world, invitation):
    opens = world.gathering.starts_at - timedelta(hours=3)

    result = scan_at(world, invitation, opens - MINUTE)

    assert result.answer == ScanAnswer.NOT_OPEN
    assert result.answer == "gatherings.checkin_not_open"
    assert result.data["opens_at"] == opens.isoformat()
    # the gathering starts at 09:30 in Shanghai: the message names the local day and 06:30
    assert f"{opens.astimezone(SHANGHAI):%m-%d} 06:30" in result.message
    assert nothing_written(invitation)


def test_at_opening_the_door_admits(world, invitation):
    result = scan_at(world, invitation, world.gathering.starts_at - timedelta(hours=3))

    assert result.answer == ScanAnswer.ADMITTED


def test_at_the_end_of_the_grace_after_the_end_the_door_still_admits(world, invitation):
    result = scan_at(world, invitation, world.gathering.ends_at + timedelta(hours=1))

    assert result.answer == ScanAnswer.ADMITTED


def test_one_minute_after_the_window_closed_is_refused_naming_when_it_closed(world, invitation):
    closes = world.gathering.ends_at + timedelta(hours=1)

    result = scan_at(world, invitation, closes + MINUTE)

    assert result.answer == ScanAnswer.WINDOW_CLOSED
    assert result.answer == "gatherings.checkin_closed"
    assert result.data["closes_at"] == closes.isoformat()
    assert nothing_written(invitation)


def test_boarding_and_manual_entry_keep_the_same_window(world, invitation):
    bus = add_bus(world.gathering, by=world.admin)
    early = world.gathering.starts_at - timedelta(hours=5)

    boarding = scan_at(world, invitation, early, list_kind=CheckInList.BOARDING, bus_id=bus.pk)
    manual = scan_at(world, invitation, early, token="", mobile_tail="4321", surname="张")

    assert boarding.answer == ScanAnswer.NOT_OPEN
    assert manual.answer == ScanAnswer.NOT_OPEN
    assert nothing_written(invitation)


def test_the_company_sets_how_early_scanning_opens_and_how_long_it_stays_open(world, invitation):
    Company.objects.filter(pk=world.company.pk).update(
        checkin_opens_minutes_before=30, checkin_closes_minutes_after=0
    )
    start, end = world.gathering.starts_at, world.gathering.ends_at

    assert scan_at(world, invitation, start - timedelta(minutes=31)).answer == ScanAnswer.NOT_OPEN
    assert scan_at(world, invitation, end + MINUTE).answer == ScanAnswer.WINDOW_CLOSED
    assert scan_at(world, invitation, start - timedelta(minutes=30)).answer == ScanAnswer.ADMITTED


def test_a_gathering_without_an_end_time_is_taken_as_four_hours_long(world):
    invitation = make_customer(world, step=5).invitations.get()
    start = world.gathering.starts_at
    assert world.gathering.ends_at is None

    late = scan_at(world, invitation, start + timedelta(hours=5) + MINUTE)
    in_time = scan_at(world, invitation, start + timedelta(hours=5))

    assert late.answer == ScanAnswer.WINDOW_CLOSED
    assert in_time.answer == ScanAnswer.ADMITTED


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("checkin_opens_minutes_before", 24 * 60 + 1),
        ("checkin_closes_minutes_after", 12 * 60 + 1),
        ("checkin_opens_minutes_before", -1),
    ],
)
def test_the_window_settings_are_bounded(world, field, value):
    company = Company.objects.get(pk=world.company.pk)
    setattr(company, field, value)

    with pytest.raises(ValidationError) as excinfo:
        company.full_clean()

    assert field in excinfo.value.error_dict
