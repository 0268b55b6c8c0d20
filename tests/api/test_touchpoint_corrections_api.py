"""POST /api/customers/{id}/touchpoints/{id}/corrections: 201 with the derived journey; the
timeline lists the corrections; refusals are 4xx with their codes."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lianyi.journey import services as journey
from lianyi.journey.services import Contact
from lianyi.journey.steps import Step
from tests.api.conftest import assert_error
from tests.conftest import make_customer

pytestmark = pytest.mark.django_db


def no_answer_call(world, customer):  # type: ignore[no-untyped-def]
    return journey.record_first_call(
        by=world.rep,
        customer_id=customer.pk,
        outcome="no_answer",
        contact=Contact(occurred_at=timezone.now() - dt.timedelta(hours=1), notes="没人接"),
    )


def test_a_correction_answers_the_new_journey_and_shows_on_the_timeline(world, api_client_for):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = no_answer_call(world, customer)
    day = timezone.localdate() + dt.timedelta(days=2)
    api = api_client_for(world.rep)

    response = api.post(
        f"/customers/{customer.pk}/touchpoints/{call.pk}/corrections",
        {
            "reason": "其实接通了",
            "outcome": "agreed",
            "slot_start": f"{day.isoformat()}T15:00:00+08:00",
            "slot_end": f"{day.isoformat()}T16:00:00+08:00",
        },
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["journey"]["step"] == Step.FIRST_VISIT
    assert body["touchpoint"]["outcome"] == "agreed"
    timeline = api.get(f"/customers/{customer.pk}/timeline").json()
    [entry] = [t for t in timeline["touchpoints"] if t["id"] == call.pk]
    [correction] = entry["corrections"]
    assert correction["reason"] == "其实接通了"
    assert correction["changes"]["outcome"] == ["no_answer", "agreed"]
    assert entry["notes"] == "没人接"  # not sent, kept


def test_a_correction_by_someone_else_is_a_403_with_its_code(world, api_client_for):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = no_answer_call(world, customer)

    assert_error(
        api_client_for(world.supervisor).post(
            f"/customers/{customer.pk}/touchpoints/{call.pk}/corrections",
            {"reason": "x", "notes": "主管改"},
        ),
        403,
        "journey.correction_not_recorder",
    )


def test_a_correction_out_of_scope_is_404(world, api_client_for):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = no_answer_call(world, customer)

    assert_error(
        api_client_for(world.rep_other_team).post(
            f"/customers/{customer.pk}/touchpoints/{call.pk}/corrections",
            {"reason": "x", "notes": "x"},
        ),
        404,
        "not_found",
    )


def test_an_empty_correction_is_a_400(world, api_client_for):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = no_answer_call(world, customer)

    assert_error(
        api_client_for(world.rep).post(
            f"/customers/{customer.pk}/touchpoints/{call.pk}/corrections", {"reason": "x"}
        ),
        400,
        "journey.correction_empty",
    )
