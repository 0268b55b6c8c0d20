"""Quiet hours: nobody is called or visited during breakfast, the lunch rest, the evening news,
before 08:30 or after 20:30 (the customer's local time), unless the company configures otherwise.

Windows are half-open: 11:30 is the first quiet minute of the lunch rest, 14:30 the first open
one after it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lianyi.core.clock import QuietHours
from lianyi.core.errors import DomainError
from lianyi.journey.codes import JourneyCode
from lianyi.journey.models import Touchpoint
from lianyi.journey.rules import check_slot
from lianyi.journey.services import Contact, record_first_call
from lianyi.org.models import Company
from tests.conftest import make_customer

SHANGHAI = ZoneInfo("Asia/Shanghai")
UTC = dt.UTC
DAY = dt.date(2026, 3, 2)  # a Monday; the rules do not depend on the weekday


def at(hhmmss: str, day: dt.date = DAY, tz: ZoneInfo = SHANGHAI) -> dt.datetime:
    parts = [int(p) for p in hhmmss.split(":")]
    hour, minute, second = [*parts, 0, 0][:3]
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=tz)


def default_quiet() -> QuietHours:
    return Company().quiet_hours()  # the defaults of DOMAIN.md, no database needed


# ---- is_quiet at the edges of each default window ---------------------------------------


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        ("00:00", True),  # midnight
        ("07:00", True),  # breakfast starts
        ("08:29:59", True),  # last second before the contact day opens
        ("08:30", False),  # the contact day opens
        ("11:29:59", False),
        ("11:30", True),  # lunch rest starts
        ("14:29:59", True),
        ("14:30", False),  # lunch rest over
        ("18:49:59", False),
        ("18:50", True),  # evening news starts
        ("19:39:59", True),
        ("19:40", False),  # news over
        ("20:29:59", False),
        ("20:30", True),  # the contact day is over
        ("23:59:59", True),
    ],
)
def test_is_quiet_at_the_edges_of_each_default_window(moment, quiet):
    assert default_quiet().is_quiet(at(moment)) is quiet


# ---- slot_is_allowed for slots touching the edges ----------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "allowed"),
    [
        ("10:30", "11:30", True),  # ends exactly where the lunch rest starts
        ("10:31", "11:31", False),  # one minute into the lunch rest
        ("14:30", "15:30", True),  # starts exactly when the lunch rest ends
        ("14:29", "15:29", False),
        ("08:30", "09:30", True),  # starts when the day opens
        ("08:29", "09:29", False),
        ("18:00", "18:50", True),  # ends when the news starts
        ("18:00", "18:51", False),
        ("19:40", "20:30", True),  # from the end of the news to the end of the day
        ("19:39", "20:00", False),
        ("20:00", "20:31", False),  # past the end of the day
        ("11:00", "15:00", False),  # spans the whole lunch rest
        ("07:00", "08:00", False),  # inside breakfast
        ("12:00", "13:00", False),  # inside the lunch rest
    ],
)
def test_slot_is_allowed_only_when_it_lies_wholly_in_open_hours(start, end, allowed):
    assert default_quiet().slot_is_allowed(at(start), at(end)) is allowed


def test_slot_running_past_midnight_is_not_allowed():
    quiet = default_quiet()
    assert not quiet.slot_is_allowed(at("20:00"), at("09:00", DAY + dt.timedelta(days=1)))


# ---- next_open -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (at("10:00"), at("10:00")),  # already open: the moment itself
        (at("00:00"), at("08:30")),
        (at("07:00"), at("08:30")),
        (at("08:29:59"), at("08:30")),
        (at("11:30"), at("14:30")),
        (at("13:00"), at("14:30")),
        (at("18:50"), at("19:40")),
        (at("20:29:59"), at("20:29:59")),
        (at("20:30"), at("08:30", DAY + dt.timedelta(days=1))),
        (at("23:00"), at("08:30", DAY + dt.timedelta(days=1))),
    ],
)
def test_next_open_is_the_moment_itself_or_the_start_of_the_next_open_interval(moment, expected):
    assert default_quiet().next_open(moment) == expected


def test_next_open_is_never_quiet():
    quiet = default_quiet()
    for minute in range(0, 24 * 60, 7):
        moment = at("00:00") + dt.timedelta(minutes=minute)
        assert not quiet.is_quiet(quiet.next_open(moment))


# ---- a company with its own windows ---------------------------------------------------------


def custom_company() -> Company:
    return Company(
        contact_day_start="09:00",
        contact_day_end="21:00",
        quiet_windows=[["12:00", "13:00"]],
    )


@pytest.mark.parametrize(
    ("moment", "quiet"),
    [
        ("08:45", True),  # open by default, but this company starts at 09:00
        ("09:00", False),
        ("11:45", False),  # quiet by default, open here
        ("12:00", True),
        ("12:59:59", True),
        ("13:00", False),
        ("19:00", False),  # no evening-news window here
        ("20:45", False),  # this company's day ends at 21:00
        ("21:00", True),
    ],
)
def test_a_company_with_custom_windows_uses_its_own(moment, quiet):
    assert custom_company().quiet_hours().is_quiet(at(moment)) is quiet


def test_custom_windows_are_used_by_the_slot_check():
    quiet = custom_company().quiet_hours()
    assert quiet.slot_is_allowed(at("11:00"), at("12:00"))
    assert not quiet.slot_is_allowed(at("11:30"), at("12:30"))
    assert quiet.next_open(at("12:15")) == at("13:00")


def test_windows_given_out_of_order_are_sorted():
    company = Company(quiet_windows=[["18:50", "19:40"], ["11:30", "14:30"]])
    quiet = company.quiet_hours()
    assert quiet.is_quiet(at("12:00"))
    assert quiet.is_quiet(at("19:00"))
    assert not quiet.is_quiet(at("15:00"))


# ---- time zones -----------------------------------------------------------------------------


def test_a_utc_moment_is_judged_in_the_customers_time_zone():
    quiet = default_quiet()
    # 03:30 UTC is 11:30 in Shanghai: the lunch rest
    assert quiet.is_quiet(at("03:30", tz=UTC))
    assert not quiet.is_quiet(at("03:29:59", tz=UTC))
    # 00:30 UTC is 08:30 in Shanghai: the day opens
    assert not quiet.is_quiet(at("00:30", tz=UTC))
    # 10:00 UTC is 18:00 in Shanghai, open; 11:00 UTC is 19:00, the news
    assert not quiet.is_quiet(at("10:00", tz=UTC))
    assert quiet.is_quiet(at("11:00", tz=UTC))


def test_a_utc_moment_on_the_previous_utc_day_belongs_to_the_local_day():
    quiet = default_quiet()
    # 2026-03-01 23:00 UTC is 2026-03-02 07:00 in Shanghai: breakfast, not the night before
    late_utc = dt.datetime(2026, 3, 1, 23, 0, tzinfo=UTC)
    assert quiet.is_quiet(late_utc)
    assert quiet.next_open(late_utc) == at("08:30")


def test_a_utc_slot_is_checked_in_local_time():
    quiet = default_quiet()
    # 06:30–07:30 UTC = 14:30–15:30 Shanghai: allowed; 03:00–04:00 UTC = 11:00–12:00: not
    assert quiet.slot_is_allowed(at("06:30", tz=UTC), at("07:30", tz=UTC))
    assert not quiet.slot_is_allowed(at("03:00", tz=UTC), at("04:00", tz=UTC))


def test_another_time_zone_moves_the_windows():
    quiet = Company(time_zone="Asia/Urumqi").quiet_hours()  # UTC+6, two hours behind Shanghai
    # 13:00 in Shanghai is 11:00 in Urumqi: open there
    assert not quiet.is_quiet(at("13:00"))
    assert quiet.is_quiet(at("13:30"))  # 11:30 in Urumqi


# ---- check_slot: the property -----------------------------------------------------------------

FAR_PAST = dt.datetime(2000, 1, 1, tzinfo=UTC)


@settings(max_examples=300, deadline=None)
@given(
    start_minute=st.integers(min_value=0, max_value=2 * 24 * 60),
    duration=st.integers(min_value=1, max_value=240),
)
def test_check_slot_accepts_a_slot_iff_none_of_its_minutes_is_quiet(start_minute, duration):
    company = Company()
    quiet = company.quiet_hours()
    start = at("00:00") + dt.timedelta(minutes=start_minute)
    end = start + dt.timedelta(minutes=duration)
    every_minute_open = not any(
        quiet.is_quiet(start + dt.timedelta(minutes=m)) for m in range(duration)
    )
    try:
        check_slot(company, start, end, after=FAR_PAST)
        accepted = True
    except DomainError as error:
        assert error.code == JourneyCode.SLOT_IN_QUIET_HOURS
        accepted = False
    assert accepted is every_minute_open


# ---- through the services ------------------------------------------------------------------


def tomorrow_at(hhmm: str) -> dt.datetime:
    from django.utils import timezone

    return at(hhmm, timezone.localdate() + dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("start", "end"),
    [
        ("07:30", "08:00"),  # breakfast
        ("06:00", "07:00"),  # before the day opens
        ("08:00", "09:00"),  # straddles the opening
        ("12:00", "13:00"),  # lunch rest
        ("11:00", "12:00"),  # runs into the lunch rest
        ("14:00", "15:00"),  # runs out of the lunch rest
        ("19:00", "19:30"),  # evening news
        ("18:30", "19:00"),  # runs into the news
        ("20:00", "21:00"),  # runs past the end of the day
        ("20:45", "21:15"),  # after the day
    ],
)
def test_first_call_refuses_a_visit_slot_in_quiet_hours_and_writes_nothing(world, start, end):
    # given a customer waiting for the first call
    customer = make_customer(world, step=1)
    before = Touchpoint.objects.filter(customer=customer).count()
    # when the rep agrees a first visit inside a quiet window
    with pytest.raises(DomainError) as refused:
        record_first_call(
            by=world.rep,
            customer_id=customer.pk,
            outcome="agreed",
            contact=Contact(),
            visit_slot=(tomorrow_at(start), tomorrow_at(end)),
        )
    # then it is refused with the quiet-hours code, a suggestion, and nothing is written
    assert refused.value.code == JourneyCode.SLOT_IN_QUIET_HOURS
    assert not default_quiet().is_quiet(dt.datetime.fromisoformat(refused.value.extra["next_open"]))
    assert Touchpoint.objects.filter(customer=customer).count() == before


def test_first_call_accepts_a_visit_slot_touching_the_lunch_rest(world):
    customer = make_customer(world, step=1)
    touchpoint = record_first_call(
        by=world.rep,
        customer_id=customer.pk,
        outcome="agreed",
        contact=Contact(),
        visit_slot=(tomorrow_at("10:30"), tomorrow_at("11:30")),
    )
    assert touchpoint.slot_end == tomorrow_at("11:30")


def test_first_call_uses_the_companys_own_quiet_windows(world):
    # given a company that lets reps visit over lunch but not after 18:00
    world.company.quiet_windows = []
    world.company.contact_day_end = "18:00"
    world.company.save()
    customer = make_customer(world, step=1)
    # then a lunchtime visit is fine and an evening one is not
    record_first_call(
        by=world.rep,
        customer_id=customer.pk,
        outcome="agreed",
        contact=Contact(),
        visit_slot=(tomorrow_at("12:00"), tomorrow_at("13:00")),
    )
    other = make_customer(world, step=1)
    with pytest.raises(DomainError) as refused:
        record_first_call(
            by=world.rep,
            customer_id=other.pk,
            outcome="agreed",
            contact=Contact(),
            visit_slot=(tomorrow_at("17:30"), tomorrow_at("18:30")),
        )
    assert refused.value.code == JourneyCode.SLOT_IN_QUIET_HOURS
