"""/api/cases and /api/customers/{id}/aftercare-contacts: the list in scope and paged, one case
with its history, each step of a case, the satisfaction's consequences, and the codes of bad
input (empty or too long text, an unknown satisfaction, closing without the customer's
confirmation, a case out of scope answering exactly like a missing one)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from lianyi.aftercare.models import CaseLevel
from lianyi.aftercare.services.cases import escalate_case, open_case
from tests.api.conftest import assert_error
from tests.conftest import make_customer

pytestmark = pytest.mark.django_db


def _case(world, owner=None, summary="血压计不准"):
    customer = make_customer(world, owner=owner or world.rep)
    return open_case(
        by=customer.owner, customer_id=customer.pk, source="complaint", summary=summary
    )


def test_a_case_is_opened_worked_and_closed_through_the_api(world, api_client_for):
    customer = make_customer(world)
    api = api_client_for(world.rep)

    opened = api.post(f"/customers/{customer.pk}/cases", {"summary": "按摩椅异响"})
    assert opened.status_code == 201, opened.content
    body = opened.json()
    case_id = body["id"]
    assert body["level"] == "rep" and body["holder"]["id"] == world.rep.pk
    assert body["state"] == "open" and 0 < body["seconds_left"] <= 24 * 3600
    assert [e["kind"] for e in body["events"]] == ["opened"]

    note = api.post(f"/cases/{case_id}/notes", {"note": "约了明天上门"})
    assert note.status_code == 201 and note.json()["events"][-1]["note"] == "约了明天上门"
    resolved = api.post(f"/cases/{case_id}/resolve", {"resolution": "更换电机"})
    assert resolved.status_code == 200 and resolved.json()["resolution"] == "更换电机"

    refused = api.post(f"/cases/{case_id}/close", {})
    body = assert_error(refused, 400, "aftercare.case_confirmation_required")
    fields = {e["extra"]["field"] for e in body["extra"]["errors"]}
    assert fields == {"confirmed_by", "confirmed_at", "customer_said"}
    assert api.get(f"/cases/{case_id}").json()["state"] == "open"

    at = (timezone.now() - dt.timedelta(minutes=5)).isoformat()
    closed = api.post(
        f"/cases/{case_id}/close",
        {"confirmed_by_id": world.rep.pk, "confirmed_at": at, "customer_said": "修好了"},
    )
    assert closed.status_code == 200, closed.content
    body = closed.json()
    assert body["state"] == "closed" and body["customer_said"] == "修好了"
    assert body["confirmed_by"]["id"] == world.rep.pk and body["seconds_left"] is None
    assert [e["kind"] for e in body["events"]] == ["opened", "note", "resolved", "closed"]
    assert_error(
        api.post(f"/cases/{case_id}/notes", {"note": "再记一笔"}), 400, "aftercare.case_closed"
    )


def test_the_timeline_carries_the_case_steps(world, api_client_for):
    case = _case(world)
    api = api_client_for(world.rep)
    api.post(f"/cases/{case.pk}/notes", {"note": "已联系厂家"})
    entries = api.get(f"/customers/{case.customer_id}/timeline").json()["entries"]
    sources = [(e["source"], e["kind"]) for e in entries]
    assert sources[-2:] == [("case", "opened"), ("case", "note")]
    assert entries[-1]["text"] == "已联系厂家" and entries[-1]["case_id"] == case.pk
    assert entries[0]["source"] == "touchpoint"


def test_the_holder_hands_a_case_up_and_may_then_only_add_notes(world, api_client_for):
    case = _case(world)
    api = api_client_for(world.rep)
    up = api.post(f"/cases/{case.pk}/escalate", {"note": "客户要求主管处理"})
    assert up.status_code == 200, up.content
    assert up.json()["level"] == "supervisor" and up.json()["holder"]["id"] == world.supervisor.pk
    assert_error(
        api.post(f"/cases/{case.pk}/resolve", {"resolution": "换新"}),
        400,
        "aftercare.case_not_holder",
    )
    assert api.post(f"/cases/{case.pk}/notes", {"note": "我也跟进"}).status_code == 201


def test_customer_service_cannot_hand_up_beyond_the_last_level(world, api_client_for):
    case = _case(world)
    for _ in range(3):
        with time_machine.travel(
            case.__class__.objects.get(pk=case.pk).deadline_at + dt.timedelta(minutes=1)
        ):
            assert escalate_case(case_id=case.pk)
    api = api_client_for(world.service)
    body = api.get(f"/cases/{case.pk}").json()
    assert body["level"] == CaseLevel.SERVICE and body["holder"] is None
    refused = api.post(f"/cases/{case.pk}/escalate", {"note": "再往上"})
    assert_error(refused, 400, "aftercare.case_at_last_level")
    assert api.post(f"/cases/{case.pk}/resolve", {"resolution": "退款"}).status_code == 200


def test_the_list_is_scoped_and_paged(world, api_client_for):
    mine = [_case(world, summary=f"问题{n}") for n in range(3)]
    other = _case(world, owner=world.rep_other_team)
    rep = api_client_for(world.rep)
    body = rep.get("/cases", page_size=2).json()
    assert body["total"] == 3 and body["pages"] == 2 and len(body["items"]) == 2
    second = rep.get("/cases", page_size=2, page=2).json()
    ids = {i["id"] for i in body["items"]} | {i["id"] for i in second["items"]}
    assert ids == {c.pk for c in mine}
    assert rep.get("/cases", page_size=2, page=999).json()["page"] == 2
    service = api_client_for(world.service).get("/cases").json()
    assert service["total"] == 4 and other.pk in {i["id"] for i in service["items"]}
    assert api_client_for(world.manager).get("/cases", level="rep").json()["total"] == 4
    assert api_client_for(world.manager).get("/cases", level="manager").json()["total"] == 0
    assert_error(api_client_for(world.admin).get("/cases"), 403, "forbidden")


def test_a_case_out_of_scope_answers_like_a_missing_one(world, api_client_for):
    case = _case(world)
    other = api_client_for(world.rep_other_team)
    missing = other.get("/cases/999999")
    forbidden = other.get(f"/cases/{case.pk}")
    assert forbidden.status_code == missing.status_code == 404
    assert forbidden.json() == missing.json()
    for path, data in [
        ("notes", {"note": "x"}),
        ("escalate", {"note": "x"}),
        ("resolve", {"resolution": "x"}),
        ("close", {"customer_said": "x"}),
    ]:
        refused = other.post(f"/cases/{case.pk}/{path}", data)
        assert refused.status_code == 404 and refused.json() == missing.json()
    opened = other.post(f"/customers/{case.customer_id}/cases", {"summary": "x"})
    assert opened.status_code == 404
    contact = other.post(f"/customers/{case.customer_id}/aftercare-contacts", {"channel": "phone"})
    assert contact.status_code == 404
    assert case.events.count() == 1


def test_bad_case_input_answers_its_code(world, api_client_for):
    case = _case(world)
    api = api_client_for(world.rep)
    assert_error(api.post(f"/cases/{case.pk}/notes", {"note": "  "}), 400, "required")
    long = api.post(f"/cases/{case.pk}/notes", {"note": "话" * 2001})
    assert_error(long, 400, "text_too_long")
    assert_error(
        api.post(f"/customers/{case.customer_id}/cases", {"summary": "x", "source": "gossip"}),
        400,
        "aftercare.case_source_invalid",
    )
    assert_error(api.post(f"/customers/{case.customer_id}/cases", {"summary": ""}), 400, "required")
    future = (timezone.now() + dt.timedelta(days=1)).isoformat()
    api.post(f"/cases/{case.pk}/resolve", {"resolution": "换新"})
    refused = api.post(
        f"/cases/{case.pk}/close",
        {"confirmed_by_id": world.rep.pk, "confirmed_at": future, "customer_said": "好"},
    )
    assert_error(refused, 400, "in_future")
    outsider = api.post(
        f"/cases/{case.pk}/close",
        {
            "confirmed_by_id": world.outsider_admin.pk,
            "confirmed_at": timezone.now().isoformat(),
            "customer_said": "好",
        },
    )
    assert_error(outsider, 400, "aftercare.case_confirmation_required")
    assert case.events.count() == 2


def test_closing_before_an_outcome_is_refused(world, api_client_for):
    case = _case(world)
    refused = api_client_for(world.rep).post(
        f"/cases/{case.pk}/close",
        {
            "confirmed_by_id": world.rep.pk,
            "confirmed_at": timezone.now().isoformat(),
            "customer_said": "好",
        },
    )
    assert_error(refused, 400, "aftercare.case_not_resolved")


@pytest.mark.parametrize(
    ("satisfaction", "notes", "opens"),
    [("good", "", "task"), ("average", "", "task"), ("poor", "很失望", "case"), ("", "", None)],
)
def test_an_aftercare_contact_answers_what_it_opened(
    world, api_client_for, satisfaction, notes, opens
):
    customer = make_customer(world)
    response = api_client_for(world.rep).post(
        f"/customers/{customer.pk}/aftercare-contacts",
        {"channel": "visit", "reached": True, "satisfaction": satisfaction, "notes": notes},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["satisfaction"] == satisfaction
    if opens == "case":
        assert body["opened_case_id"] == customer.cases.get().pk and body["opened_task_id"] is None
    elif opens == "task":
        assert body["opened_task_id"] == customer.aftercare_tasks.get().pk
    else:
        assert body["opened_task_id"] is None and body["opened_case_id"] is None


def test_bad_aftercare_contact_input_answers_its_code(world, api_client_for):
    customer = make_customer(world)
    api = api_client_for(world.rep)
    path = f"/customers/{customer.pk}/aftercare-contacts"
    assert_error(
        api.post(path, {"channel": "phone", "satisfaction": "ecstatic"}),
        400,
        "aftercare.satisfaction_invalid",
    )
    assert_error(api.post(path, {"channel": "fax"}), 400, "aftercare.channel_invalid")
    assert_error(api.post(path, {"channel": "any"}), 400, "aftercare.channel_invalid")
    assert_error(
        api.post(path, {"channel": "phone", "reached": False, "satisfaction": "good"}),
        400,
        "aftercare.satisfaction_without_contact",
    )
    assert_error(
        api.post(path, {"channel": "phone", "satisfaction": "poor"}),
        400,
        "aftercare.text_required",
    )
    assert_error(api.post(path, {"channel": "phone", "notes": "话" * 2001}), 400, "text_too_long")
    assert not customer.aftercare_contacts.exists()
