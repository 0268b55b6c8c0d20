"""One customer, from the stand to the delivered invitation, through the API only: every rule
of the process refused with its code, and the due window of each next step."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.api.conftest import assert_error
from tests.conftest import at_local

NEXT_YEAR = timezone.localdate().year + 1
HTML = "<script>alert('x')</script><b>喜欢太极</b> & 广场舞"


def iso(moment: dt.datetime) -> str:
    return moment.isoformat()


def parse(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def assert_due(journey: dict, step: int, action: str, start, until) -> None:
    assert journey["step"] == step, journey
    assert journey["next_action"] == action, journey
    assert parse(journey["next_due_at"]) == start, journey
    assert parse(journey["next_due_until"]) == until, journey
    for key in ("next_due_at", "next_due_until"):
        if journey[key]:
            assert journey[key].endswith("+08:00")  # ISO 8601 with the local offset


def test_customer_goes_from_stand_to_delivered_invitation_through_the_api(world, api_client_for):
    api = api_client_for(world.rep)
    day0 = timezone.localdate() - dt.timedelta(days=10)  # the stand

    def day(n: int) -> dt.date:
        return day0 + dt.timedelta(days=n)

    # --- registration at the stand: bad input refused, nothing half-written -------------
    registration = {
        "name": "张桂兰",
        "sex": "F",
        "phone": "138 0013 8000",
        "birth_year": 1956,
        "district": "朝阳区",
        "compound": "幸福里小区",
        "building": "3号楼2单元501",
        "companion_name": "李建国",
        "stand_id": world.stand.pk,
        "consent_items": ["contact", "profile", "health_remarks"],
    }
    assert_error(
        api.post("/customers", {**registration, "phone": "12345"}), 400, "customers.mobile_invalid"
    )
    for year in (1899, NEXT_YEAR):
        assert_error(
            api.post("/customers", {**registration, "birth_year": year}),
            400,
            "customers.birth_year_invalid",
        )
    assert_error(api.post("/customers", {**registration, "name": "  "}), 400, "required")
    assert api.get("/customers").json() == []

    response = api.post("/customers", registration)
    assert response.status_code == 201, response.content
    customer = response.json()
    cid = customer["id"]
    assert customer["polite_address"] == "张阿姨"
    assert customer["consent_health"] is True
    assert customer["mobile"] == "138 0013 8000"
    assert_due(customer, 0, "", None, None)  # nothing due until both stand notes

    # out of scope answers like a missing id
    other = api_client_for(world.rep_other_team)
    assert_error(other.get(f"/customers/{cid}"), 404, "not_found")
    assert_error(other.get(f"/customers/{cid}/timeline"), 404, "not_found")

    # --- steps 0a and 0b: the two stand notes -------------------------------------------
    stand = f"/customers/{cid}/stand-notes"
    future = timezone.now() + dt.timedelta(days=1)
    assert_error(
        api.post(stand, {"desk": "checkup", "notes": "x", "occurred_at": iso(future)}),
        400,
        "in_future",
    )
    assert_error(
        api.post(
            stand,
            {"desk": "checkup", "notes": "长" * 10_001, "occurred_at": iso(at_local(day0, 10))},
        ),
        400,
        "text_too_long",
    )
    naive = api.post(stand, {"desk": "checkup", "occurred_at": "2026-01-05T10:00:00"})
    body = assert_error(naive, 422, "naive_datetime")
    assert body["extra"]["fields"][0]["field"] == "occurred_at"

    response = api.post(
        stand,
        {"desk": "checkup", "notes": "血压<偏高>", "occurred_at": iso(at_local(day0, 10))},
    )
    assert response.status_code == 201, response.content
    assert_due(response.json()["journey"], 0, "", None, None)

    response = api.post(
        stand,
        {"desk": "registration", "notes": HTML, "occurred_at": iso(at_local(day0, 10, 30))},
    )
    assert response.status_code == 201, response.content
    assert response.json()["touchpoint"]["notes"] == HTML  # stored and answered as typed
    # the first call is due from the next day's first open moment, within 3 days
    assert_due(
        response.json()["journey"],
        1,
        "first_call",
        at_local(day(1), 8, 30),
        at_local(day(3), 20, 30),
    )
    assert_error(
        api.post(stand, {"desk": "registration", "occurred_at": iso(at_local(day0, 11))}),
        409,
        "journey.already_recorded",
    )

    # --- step 1: the first call -----------------------------------------------------------
    first_visit_url = f"/customers/{cid}/first-visit"
    visit = {
        "duration_minutes": 45,
        "profile_completed": True,
        "notes": "一起填了贵宾档案",
        "latitude": 39.9219,
        "longitude": 116.4436,
        "accuracy": 25,
    }
    assert_error(
        api.post(first_visit_url, {**visit, "occurred_at": iso(at_local(day(1), 15))}),
        400,
        "journey.step_out_of_order",
    )

    call_url = f"/customers/{cid}/first-call"
    agreed = {
        "outcome": "agreed",
        "notes": "介绍了公司和号码来源",
        "occurred_at": iso(at_local(day(1), 9)),
        "visit_slot_start": iso(at_local(day(2), 15)),
        "visit_slot_end": iso(at_local(day(2), 16)),
    }
    assert_error(
        api.post(call_url, {**agreed, "invite": True}), 400, "journey.no_invite_on_first_call"
    )
    quiet_slots = [
        ((6, 0), (6, 30)),  # before the contact day
        ((7, 30), (8, 0)),  # breakfast
        ((8, 0), (9, 0)),  # reaching into breakfast
        ((12, 0), (13, 0)),  # lunch rest
        ((14, 0), (15, 0)),  # starting inside the lunch rest
        ((19, 0), (19, 30)),  # evening news
        ((18, 30), (19, 0)),  # running into the evening news
        ((20, 0), (21, 0)),  # past the end of the contact day
    ]
    for (h1, m1), (h2, m2) in quiet_slots:
        assert_error(
            api.post(
                call_url,
                {
                    **agreed,
                    "visit_slot_start": iso(at_local(day(2), h1, m1)),
                    "visit_slot_end": iso(at_local(day(2), h2, m2)),
                },
            ),
            400,
            "journey.slot_in_quiet_hours",
        )

    response = api.post(call_url, {"outcome": "no_answer", "occurred_at": iso(at_local(day(1), 9))})
    assert response.status_code == 201, response.content
    # not reached: try again the next day
    assert_due(
        response.json()["journey"],
        1,
        "first_call",
        at_local(day(2), 8, 30),
        at_local(day(2), 20, 30),
    )

    # the same day's second attempt after no answer needs no reason (one may still be given)
    again = {**agreed, "occurred_at": iso(at_local(day(1), 16))}
    response = api.post(call_url, {**again, "repeat_reason": "上午未接通"})
    assert response.status_code == 201, response.content
    assert response.json()["touchpoint"]["repeat_reason"] == "上午未接通"
    # the first visit is due at the agreed slot
    assert_due(
        response.json()["journey"],
        2,
        "first_visit",
        at_local(day(2), 15),
        at_local(day(2), 16),
    )

    # --- step 2: the first visit -----------------------------------------------------------
    response = api.post(first_visit_url, {**visit, "occurred_at": iso(at_local(day(2), 15, 5))})
    assert response.status_code == 201, response.content
    assert response.json()["touchpoint"]["duration_minutes"] == 45
    # the second call is due 1–2 days after the first visit
    assert_due(
        response.json()["journey"],
        3,
        "second_call",
        at_local(day(3), 8, 30),
        at_local(day(4), 20, 30),
    )
    assert_error(
        api.post(first_visit_url, {**visit, "occurred_at": iso(at_local(day(2), 16))}),
        409,
        "journey.already_recorded",
    )

    # --- step 3: the second call, the invitation -----------------------------------------
    second_call_url = f"/customers/{cid}/second-call"
    invite = {
        "outcome": "agreed",
        "invitation_accepted": True,
        "guests": ["张桂兰", "李建国"],
        "delivery_slot_start": iso(at_local(day(4), 15)),
        "delivery_slot_end": iso(at_local(day(4), 16)),
        "gathering_id": world.gathering.pk,
        "notes": "邀请参加金秋联谊会",
    }
    assert_error(
        api.post(second_call_url, {**invite, "occurred_at": iso(at_local(day(2), 18))}),
        400,
        "journey.second_call_too_early",
    )
    assert_error(
        api.post(
            second_call_url,
            {
                **invite,
                "occurred_at": iso(at_local(day(3), 10)),
                "delivery_slot_start": iso(at_local(day(4), 12)),
                "delivery_slot_end": iso(at_local(day(4), 12, 30)),
            },
        ),
        400,
        "journey.slot_in_quiet_hours",
    )
    response = api.post(second_call_url, {**invite, "occurred_at": iso(at_local(day(3), 10))})
    assert response.status_code == 201, response.content
    invitation = response.json()["touchpoint"]["invitation"]
    assert invitation["state"] == "issued"
    assert invitation["guest_names"] == ["张桂兰", "李建国"]
    # the second visit is due at the agreed delivery slot
    assert_due(
        response.json()["journey"],
        4,
        "second_visit",
        at_local(day(4), 15),
        at_local(day(4), 16),
    )
    agenda = api.get("/agenda").json()
    [item] = [i for i in agenda["items"] if i["id"] == cid]
    assert item["next_action"] == "second_visit"
    assert item["overdue"] is True
    assert item["tel"] == "tel:+8613800138000"
    assert item["compound"] == "幸福里小区"

    # --- step 4: the second visit, the invitation printed and handed over ----------------
    second_visit_url = f"/customers/{cid}/second-visit"
    assert invitation["printed_at"] is None
    assert_error(
        api.post(
            second_visit_url,
            {"invitation_handed_over": True, "occurred_at": iso(at_local(day(4), 15, 10))},
        ),
        400,
        "gatherings.invitation_not_printed",
    )
    printed = api.post("/invitations/printed", {"ids": [invitation["id"]]})
    assert printed.status_code == 200, printed.content
    response = api.post(
        second_visit_url,
        {"invitation_handed_over": True, "occurred_at": iso(at_local(day(4), 15, 10))},
    )
    assert response.status_code == 201, response.content
    assert response.json()["touchpoint"]["invitation"]["state"] == "delivered"
    assert_due(response.json()["journey"], 5, "", None, None)  # nothing more to chase
    assert_error(
        api.post(
            second_visit_url,
            {"invitation_handed_over": True, "occurred_at": iso(at_local(day(4), 15, 30))},
        ),
        409,
        "journey.already_recorded",
    )
    assert cid not in [i["id"] for i in api.get("/agenda").json()["items"]]

    # --- the timeline tells the whole story, as typed ------------------------------------
    timeline = api.get(f"/customers/{cid}/timeline").json()
    assert [t["kind"] for t in timeline["touchpoints"]] == [
        "stand_checkup",
        "stand_registration",
        "first_call",
        "first_call",
        "first_visit",
        "second_call",
        "second_visit",
    ]
    assert timeline["touchpoints"][1]["notes"] == HTML
    assert timeline["touchpoints"][-1]["invitation"]["state"] == "delivered"
    assert_due(timeline["journey"], 5, "", None, None)
    notes = api.get(f"/customers/{cid}/health-notes").json()
    assert [n["text"] for n in notes] == ["血压<偏高>"]
