"""Item 5 of issue 7: after 未接通 or 约好再联系 the rep may give the time the customer asked to be
called back at (checked against the company's quiet hours, not past, not too far); without it
the retry is due the next contact day as before; a retry after no answer needs no reason."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lianyi.journey.codes import JourneyCode
from lianyi.journey.models import Touchpoint
from lianyi.journey.rules import MAX_CALL_BACK
from lianyi.journey.steps import NextAction
from tests.conftest import at_local, make_customer
from tests.journey.test_journey_rules import first_call, refused, second_call, tomorrow


def in_days(days: int, hour: int, minute: int = 0) -> dt.datetime:
    return at_local(timezone.localdate() + dt.timedelta(days=days), hour, minute)


def test_no_answer_with_a_call_back_time_is_due_then_until_the_end_of_that_day(world):
    customer = make_customer(world, step=1)
    first_call(world, customer, outcome="no_answer", call_back_at=tomorrow(15, 30))
    customer.refresh_from_db()
    assert customer.next_action == NextAction.FIRST_CALL
    assert customer.next_due_at == tomorrow(15, 30)
    assert customer.next_due_until == tomorrow(20, 30)


def test_without_a_call_back_time_the_retry_stays_the_next_day_at_the_start(world):
    customer = make_customer(world, step=1)
    first_call(world, customer, outcome="call_back")
    customer.refresh_from_db()
    assert customer.next_due_at == tomorrow(8, 30)


def test_the_second_call_takes_a_call_back_time_too(world):
    customer = make_customer(world, step=3)
    # the first visit was two days ago (make_customer dates history in the past)
    second_call(world, customer, outcome="call_back", call_back_at=in_days(2, 10))
    customer.refresh_from_db()
    assert customer.next_action == NextAction.SECOND_CALL
    assert customer.next_due_at == in_days(2, 10)


@pytest.mark.parametrize(("hour", "minute"), [(8, 30), (20, 29)])
def test_the_first_and_last_contactable_minutes_are_accepted(world, hour, minute):
    customer = make_customer(world, step=1)
    first_call(world, customer, outcome="no_answer", call_back_at=tomorrow(hour, minute))
    customer.refresh_from_db()
    assert customer.next_due_at == tomorrow(hour, minute)


@pytest.mark.parametrize(("hour", "minute"), [(8, 29), (20, 30), (23, 0)])
def test_a_call_back_time_in_quiet_hours_is_refused_with_the_next_open_time(world, hour, minute):
    customer = make_customer(world, step=1)
    error = refused(
        first_call,
        world=world,
        customer=customer,
        outcome="no_answer",
        call_back_at=tomorrow(hour, minute),
    )
    assert error.code == JourneyCode.CALL_BACK_IN_QUIET_HOURS
    assert error.extra["field"] == "call_back_at"
    assert dt.datetime.fromisoformat(error.extra["next_open"]) > tomorrow(hour, minute)
    assert not Touchpoint.objects.filter(customer=customer, kind="first_call").exists()


def test_a_past_call_back_time_is_refused(world):
    customer = make_customer(world, step=1)
    past = timezone.now() - dt.timedelta(minutes=1)
    error = refused(first_call, world=world, customer=customer, outcome="no_answer",
                    call_back_at=past)  # fmt: skip
    assert error.code == JourneyCode.CALL_BACK_IN_PAST


def test_a_call_back_time_too_far_ahead_is_refused(world):
    customer = make_customer(world, step=1)
    days = MAX_CALL_BACK.days
    error = refused(first_call, world=world, customer=customer, outcome="no_answer",
                    call_back_at=in_days(days + 1, 10))  # fmt: skip
    assert error.code == JourneyCode.CALL_BACK_TOO_FAR
    first_call(world, customer, outcome="no_answer", call_back_at=in_days(days - 1, 10))


def test_a_call_back_time_with_an_agreed_call_is_refused(world):
    customer = make_customer(world, step=1)
    error = refused(first_call, world=world, customer=customer, outcome="agreed",
                    call_back_at=tomorrow(10))  # fmt: skip
    assert error.code == JourneyCode.CALL_BACK_NOT_EXPECTED


def test_a_same_day_second_attempt_after_no_answer_needs_no_reason(world):
    customer = make_customer(world, step=1)
    first_call(world, customer, outcome="no_answer")
    again = first_call(world, customer, outcome="no_answer")
    assert again.repeat_reason == ""
    assert Touchpoint.objects.filter(customer=customer, kind="first_call").count() == 2
