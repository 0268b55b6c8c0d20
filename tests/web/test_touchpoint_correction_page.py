"""更正 from the timeline: offered to the recorder within 7 days, shown as 已更正 with what
changed, refusals next to their field."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from lianyi.core.errors import CoreCode
from lianyi.journey import services as journey
from lianyi.journey.codes import JourneyCode
from lianyi.journey.services import Contact
from lianyi.journey.steps import Step
from tests.conftest import at_local, make_customer
from tests.web.conftest import field_codes

pytestmark = pytest.mark.django_db


def agreed_call(world, customer):  # type: ignore[no-untyped-def]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    return journey.record_first_call(
        by=world.rep,
        customer_id=customer.pk,
        outcome="agreed",
        contact=Contact(occurred_at=timezone.now() - dt.timedelta(hours=1), notes="约好了"),
        visit_slot=(at_local(tomorrow, 15), at_local(tomorrow, 16)),
    )


def test_the_recorder_sees_a_correct_link_and_others_do_not(world, login):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = agreed_call(world, customer)

    mine = login(world.rep).get(f"/customers/{customer.pk}/").content.decode()
    assert f'id="correct-{call.pk}"' in mine
    theirs = login(world.supervisor).get(f"/customers/{customer.pk}/").content.decode()
    assert f'id="correct-{call.pk}"' not in theirs

    with time_machine.travel(call.created_at + dt.timedelta(days=8), tick=False):
        late = login(world.rep).get(f"/customers/{customer.pk}/").content.decode()
    assert f'id="correct-{call.pk}"' not in late


def test_a_correction_shows_on_the_timeline_with_the_previous_value(world, login):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = agreed_call(world, customer)
    client = login(world.rep)

    response = client.post(
        f"/customers/{customer.pk}/touchpoints/{call.pk}/correct/",
        {"outcome": "no_answer", "notes": "约好了", "reason": "点错了"},
    )

    assert response.status_code == 302
    page = client.get(f"/customers/{customer.pk}/").content.decode()
    assert "已更正" in page
    assert "接通，已约定 → 未接通" in page
    assert "点错了" in page
    customer.refresh_from_db()
    assert customer.step == Step.FIRST_CALL


def test_a_correction_without_a_reason_is_refused_next_to_the_field(world, login):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = agreed_call(world, customer)

    response = login(world.rep).post(
        f"/customers/{customer.pk}/touchpoints/{call.pk}/correct/",
        {"outcome": "no_answer", "notes": "改了", "reason": ""},
    )

    assert response.status_code == 200
    assert field_codes(response, "reason") == [CoreCode.REQUIRED]
    assert response.context["form"]["notes"].value() == "改了"


def test_someone_elses_correction_is_refused_at_the_top(world, login):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = agreed_call(world, customer)

    response = login(world.supervisor).post(
        f"/customers/{customer.pk}/touchpoints/{call.pk}/correct/",
        {"outcome": "no_answer", "notes": "x", "reason": "x"},
    )

    assert response.status_code == 200
    assert field_codes(response, "__all__") == [JourneyCode.CORRECTION_NOT_RECORDER]


def test_a_touchpoint_of_another_reps_customer_is_404(world, login):
    customer = make_customer(world, owner=world.rep_same_team, step=Step.FIRST_CALL)
    call = journey.record_first_call(
        by=world.rep_same_team,
        customer_id=customer.pk,
        outcome="no_answer",
        contact=Contact(occurred_at=timezone.now() - dt.timedelta(hours=1)),
    )

    client = login(world.rep)
    assert client.get(f"/customers/{customer.pk}/touchpoints/{call.pk}/correct/").status_code == 404
    assert client.get(f"/customers/{customer.pk}/touchpoints/999999/correct/").status_code == 404


def test_the_correction_page_says_at_once_when_it_cannot_be_corrected(world, login):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = agreed_call(world, customer)
    url = f"/customers/{customer.pk}/touchpoints/{call.pk}/correct/"

    theirs = login(world.supervisor).get(url).content.decode()
    assert 'id="correct-refused"' in theirs and 'id="correct-form"' not in theirs
    with time_machine.travel(call.created_at + dt.timedelta(days=8), tick=False):
        late = login(world.rep).get(url).content.decode()
    assert 'id="correct-refused"' in late and "7" in late
    mine = login(world.rep).get(url).content.decode()
    assert 'id="correct-form"' in mine and 'id="correct-refused"' not in mine
