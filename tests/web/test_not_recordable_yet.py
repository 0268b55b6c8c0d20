"""Item 4 of issue 7: a step that cannot be recorded yet says so when its form opens (with the
earliest local day for the second call), instead of refusing after everything is typed; the
customer page's link says it too. The page asks the rule functions the services apply."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from lianyi.journey.codes import JourneyCode
from lianyi.journey.selectors import not_recordable_yet
from lianyi.journey.services import Contact, record_first_visit
from lianyi.journey.steps import TouchpointKind
from tests.conftest import make_customer


def visited_today(world):  # type: ignore[no-untyped-def]
    """A customer whose first visit was recorded just now: the second call waits a day."""
    customer = make_customer(world, step=2)
    record_first_visit(
        by=world.rep,
        customer_id=customer.pk,
        duration_minutes=45,
        profile_completed=True,
        contact=Contact(),
    )
    customer.refresh_from_db()
    return customer


def test_the_second_call_form_says_it_is_too_early_with_the_earliest_day(world, login):
    customer = visited_today(world)
    earliest = timezone.localdate() + dt.timedelta(days=world.company.second_call_min_days)
    page = login(world.rep).get(reverse("web:record_second_call", args=[customer.pk]))
    html = page.content.decode()
    assert f'data-code="{JourneyCode.SECOND_CALL_TOO_EARLY}"' in html
    assert earliest.isoformat() in html
    assert 'id="second-call-form"' not in html  # nothing to fill in before it can be saved


def test_the_customer_page_says_why_the_next_step_waits(world, login):
    customer = visited_today(world)
    html = login(world.rep).get(reverse("web:customer", args=[customer.pk])).content.decode()
    assert 'id="record-not-yet"' in html
    assert f'data-code="{JourneyCode.SECOND_CALL_TOO_EARLY}"' in html


def test_a_step_out_of_order_says_so_when_its_form_opens(world, login):
    customer = make_customer(world, step=1)  # the first call is due, not the first visit
    html = (
        login(world.rep).get(reverse("web:record_first_visit", args=[customer.pk])).content.decode()
    )
    assert f'data-code="{JourneyCode.STEP_OUT_OF_ORDER}"' in html
    assert 'id="first-visit-form"' not in html


def test_a_due_step_opens_its_form(world, login):
    customer = make_customer(world, step=1)
    html = (
        login(world.rep).get(reverse("web:record_first_call", args=[customer.pk])).content.decode()
    )
    assert 'id="not-yet"' not in html and 'id="first-call-form"' in html
    assert not_recordable_yet(customer, TouchpointKind.FIRST_CALL) is None


def test_the_rule_opens_on_the_earliest_day(world):
    customer = visited_today(world)
    earliest = timezone.localdate() + dt.timedelta(days=world.company.second_call_min_days)
    tz = world.company.quiet_hours().tz
    on_the_day = dt.datetime.combine(earliest, dt.time(9, 0), tzinfo=tz)
    error = not_recordable_yet(customer, TouchpointKind.SECOND_CALL)
    assert error is not None and error.code == JourneyCode.SECOND_CALL_TOO_EARLY
    assert error.extra["earliest"] == earliest.isoformat()
    assert not_recordable_yet(customer, TouchpointKind.SECOND_CALL, at=on_the_day) is None
