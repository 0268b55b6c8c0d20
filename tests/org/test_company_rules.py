"""The company's rules: one validation for the contact day, the quiet windows, the days and
the office location, every problem reported at once, one audit entry with old and new values,
and the journey using what was saved."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from lianyi.core.clock import QuietProblem, quiet_problems
from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.models import AuditEntry
from lianyi.journey.codes import JourneyCode
from lianyi.journey.services import Contact, record_first_call
from lianyi.org.codes import OrgCode
from lianyi.org.company_rules import update_company_rules
from lianyi.org.models import Company
from tests.conftest import SHANGHAI, make_customer

DEFAULTS: dict[str, Any] = {
    "contact_day_start": "08:30",
    "contact_day_end": "20:30",
    "quiet_windows": [["07:00", "08:30"], ["11:30", "14:30"], ["18:50", "19:40"]],
    "protection_days": 30,
    "first_call_within_days": 3,
    "second_call_min_days": 1,
    "second_call_max_days": 2,
    "consent_notice_version": "2026-01",
    "office_latitude": None,
    "office_longitude": None,
    "checkin_opens_minutes_before": 180,
    "checkin_closes_minutes_after": 60,
}


def save(world: Any, by: Any = None, **changes: Any) -> Company:
    values = {**DEFAULTS, **changes}
    return update_company_rules(by=by or world.admin, company_id=world.company.pk, **values)


def refused(world: Any, **changes: Any) -> DomainError:
    with pytest.raises(DomainError) as error:
        save(world, **changes)
    return error.value


def codes(error: DomainError) -> list[tuple[str, str]]:
    return [(e["field"], e["code"]) for e in error.extra["errors"]]


# ---- the quiet-window rule itself -------------------------------------------------------


@pytest.mark.parametrize(
    ("windows", "problems"),
    [
        ([["07:00", "08:30"], ["11:30", "14:30"]], []),
        ([["11:30", "12:30"], ["12:30", "13:00"]], []),  # touching is not overlapping
        ([["12:00", "11:00"]], [QuietProblem.WINDOW_ORDER]),
        ([["12:00", "12:00"]], [QuietProblem.WINDOW_ORDER]),
        ([["11:00", "13:00"], ["12:00", "14:00"]], [QuietProblem.WINDOW_OVERLAP]),
        # the third overlaps the first, not its neighbour in start order
        (
            [["09:00", "15:00"], ["10:00", "11:00"], ["12:00", "13:00"]],
            [QuietProblem.WINDOW_OVERLAP] * 2,
        ),
        ([["20:00", "21:00"]], []),  # reaches past the end of the day: still quiet
        ([["06:00", "07:00"]], []),  # touches the start of the day (as breakfast does)
        ([["21:00", "22:00"]], [QuietProblem.WINDOW_OUTSIDE_DAY]),
        ([["05:00", "06:30"]], [QuietProblem.WINDOW_OUTSIDE_DAY]),
        ([["9:00", "10:00"]], [QuietProblem.BAD_TIME]),
        ([["24:00", "24:30"]], [QuietProblem.BAD_TIME]),
        ([["10:00"]], [QuietProblem.BAD_TIME]),
    ],
)
def test_quiet_windows_must_be_ordered_inside_the_day_and_apart(windows, problems):
    issues = quiet_problems(day_start="07:00", day_end="20:30", windows=windows)
    assert [i.problem for i in issues] == problems


def test_the_contact_day_must_start_before_it_ends():
    issues = quiet_problems(day_start="20:30", day_end="08:30", windows=[])
    assert [(i.field, i.problem) for i in issues] == [("contact_day_end", QuietProblem.DAY_ORDER)]


def test_the_default_rules_pass_the_rule():
    company = Company()
    assert (
        quiet_problems(
            day_start=company.contact_day_start,
            day_end=company.contact_day_end,
            windows=company.quiet_windows,
        )
        == []
    )


# ---- the service ------------------------------------------------------------------------


def test_saving_the_rules_stores_them_and_audits_old_and_new_values(world):
    # when the administrator changes the windows, the protection period and the office
    save(
        world,
        quiet_windows=[["12:00", "13:30"]],
        protection_days=45,
        office_latitude="39.904200",
        office_longitude="116.407400",
    )
    # then the company has them
    company = Company.objects.get(pk=world.company.pk)
    assert company.quiet_windows == [["12:00", "13:30"]]
    assert company.protection_days == 45
    assert company.office_latitude == Decimal("39.904200")
    # and one audit entry holds each change as [old, new]
    entries = AuditEntry.objects.filter(action="org.company.rules_updated")
    assert entries.count() == 1
    changes = entries.get().changes
    assert changes["protection_days"] == [30, 45]
    assert changes["quiet_windows"][1] == [["12:00", "13:30"]]
    assert changes["office_latitude"][0] is None
    assert "contact_day_start" not in changes  # unchanged fields are not listed


def test_every_problem_is_reported_at_once_and_nothing_is_saved(world):
    error = refused(
        world,
        contact_day_start="8.30",
        quiet_windows=[["11:30", "14:30"], ["14:00", "15:00"], ["16:00", "15:00"]],
        protection_days=0,
        second_call_min_days=3,
        second_call_max_days=2,
        consent_notice_version="x" * 21,
        office_latitude="39.9",
        office_longitude="",
    )
    assert codes(error) == [
        ("contact_day_start", OrgCode.TIME_INVALID),
        ("quiet_windows", OrgCode.QUIET_WINDOW_ORDER),
        ("quiet_windows", OrgCode.QUIET_WINDOW_OVERLAP),
        ("protection_days", OrgCode.DAYS_OUT_OF_RANGE),
        ("second_call_max_days", OrgCode.SECOND_CALL_RANGE),
        ("consent_notice_version", CoreCode.TEXT_TOO_LONG),
        ("office_latitude", OrgCode.LOCATION_INCOMPLETE),
    ]
    # the error itself is the first problem
    assert (error.code, error.extra["field"]) == (OrgCode.TIME_INVALID, "contact_day_start")
    company = Company.objects.get(pk=world.company.pk)
    assert company.protection_days == 30
    assert company.contact_day_start == "08:30"
    assert not AuditEntry.objects.filter(action="org.company.rules_updated").exists()


@pytest.mark.parametrize(
    ("lat", "lng", "code"),
    [
        ("91", "116", OrgCode.LOCATION_INVALID),
        ("39", "-180.5", OrgCode.LOCATION_INVALID),
        ("39.1234567", "116", OrgCode.LOCATION_INVALID),  # refused, never rounded
        ("north", "116", OrgCode.LOCATION_INVALID),
        ("NaN", "116", OrgCode.LOCATION_INVALID),
        (None, "116", OrgCode.LOCATION_INCOMPLETE),
    ],
)
def test_the_office_location_is_within_range_or_both_empty(world, lat, lng, code):
    error = refused(world, office_latitude=lat, office_longitude=lng)
    assert codes(error) == [("office_latitude", code)]


def test_both_coordinates_empty_clear_the_office_location(world):
    world.company.office_latitude = Decimal("39.9")
    world.company.office_longitude = Decimal("116.4")
    world.company.save()
    company = save(world, office_latitude="", office_longitude="")
    assert (company.office_latitude, company.office_longitude) == (None, None)


@pytest.mark.parametrize("days", [None, -1, 366, 40000])
def test_protection_days_are_bounded(world, days):
    assert codes(refused(world, protection_days=days)) == [
        ("protection_days", OrgCode.DAYS_OUT_OF_RANGE)
    ]


def test_the_consent_notice_version_is_required(world):
    assert codes(refused(world, consent_notice_version="  ")) == [
        ("consent_notice_version", CoreCode.REQUIRED)
    ]


@pytest.mark.parametrize("who", ["rep", "supervisor", "manager", "service"])
def test_only_an_administrator_changes_the_rules(world, who):
    with pytest.raises(DomainError) as error:
        save(world, by=getattr(world, who), protection_days=60)
    assert error.value.code == CoreCode.FORBIDDEN
    assert Company.objects.get(pk=world.company.pk).protection_days == 30


def test_another_companys_rules_answer_not_found(world):
    with pytest.raises(DomainError) as error:
        update_company_rules(by=world.outsider_admin, company_id=world.company.pk, **DEFAULTS)
    assert error.value.code == CoreCode.NOT_FOUND


# ---- the journey uses what was saved ----------------------------------------------------


def tomorrow_at(hhmm: str) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=1)
    hour, minute = (int(p) for p in hhmm.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def test_a_slot_in_a_newly_saved_quiet_window_is_refused_by_the_journey(world):
    first, second = make_customer(world, step=1), make_customer(world, step=1)
    slot = (tomorrow_at("16:00"), tomorrow_at("17:00"))
    # given 16:00-17:00 is open under the default rules
    record_first_call(
        by=world.rep, customer_id=first.pk, outcome="agreed", contact=Contact(), visit_slot=slot
    )
    # when the administrator adds a quiet window over it
    save(world, quiet_windows=[*DEFAULTS["quiet_windows"], ["15:30", "17:30"]])
    # then the same slot is refused for the next customer
    with pytest.raises(DomainError) as error:
        record_first_call(
            by=world.rep,
            customer_id=second.pk,
            outcome="agreed",
            contact=Contact(),
            visit_slot=slot,
        )
    assert error.value.code == JourneyCode.SLOT_IN_QUIET_HOURS


def test_a_later_end_of_the_contact_day_opens_the_evening_to_the_journey(world):
    customer = make_customer(world, step=1)
    save(world, contact_day_end="21:30")
    touchpoint = record_first_call(
        by=world.rep,
        customer_id=customer.pk,
        outcome="agreed",
        contact=Contact(),
        visit_slot=(tomorrow_at("20:30"), tomorrow_at("21:30")),
    )
    assert touchpoint.slot_end == tomorrow_at("21:30")


def test_the_checkin_window_is_saved_and_bounded(world):
    # when
    company = save(world, checkin_opens_minutes_before=90, checkin_closes_minutes_after=30)
    # then
    assert (company.checkin_opens_minutes_before, company.checkin_closes_minutes_after) == (90, 30)
    error = refused(
        world, checkin_opens_minutes_before=24 * 60 + 1, checkin_closes_minutes_after=None
    )
    fields = {e["field"]: e["code"] for e in error.extra["errors"]}
    assert fields == {
        "checkin_opens_minutes_before": "org.minutes_out_of_range",
        "checkin_closes_minutes_after": "org.minutes_out_of_range",
    }
