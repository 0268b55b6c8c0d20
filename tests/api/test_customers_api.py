"""Customer operations through the API beyond the journey: referral, consent, reassignment,
claims and the audit trail they leave."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from tests.api.conftest import assert_error
from tests.conftest import make_customer


def test_referred_customer_enters_at_the_first_call(world, api_client_for):
    api = api_client_for(world.rep)
    referrer = make_customer(world, step=5)
    response = api.post(
        "/customers",
        {
            "name": "司马建国",
            "sex": "M",
            "phone": "010-6552 9988",
            "consent_items": ["contact", "profile"],
            "referrer_id": referrer.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["source"] == "referral" and body["referrer_id"] == referrer.pk
    assert body["polite_address"] == "司马叔叔"
    assert body["landline"] and body["mobile"] == ""  # a landline is kept as a landline
    assert body["step"] == 1 and body["next_action"] == "first_call"


def test_referrer_out_of_scope_is_refused(world, api_client_for):
    referrer = make_customer(world, owner=world.rep_other_team)
    response = api_client_for(world.rep).post(
        "/customers",
        {
            "name": "王芳",
            "sex": "F",
            "phone": "13700137000",
            "consent_items": ["contact", "profile"],
            "referrer_id": referrer.pk,
        },
    )
    assert_error(response, 400, "customers.referrer_required")


def test_withdrawn_consent_removes_from_agenda_and_refuses_contact(world, api_client_for):
    api = api_client_for(world.rep)
    customer = make_customer(world, step=1)
    assert customer.pk in [i["id"] for i in api.get("/agenda").json()["items"]]

    response = api.post(f"/customers/{customer.pk}/withdraw-consent")
    assert response.status_code == 200
    assert response.json()["contactable"] is False
    assert response.json()["next_action"] == ""

    assert customer.pk not in [i["id"] for i in api.get("/agenda").json()["items"]]
    assert_error(
        api.post(f"/customers/{customer.pk}/first-call", {"outcome": "no_answer"}),
        400,
        "customers.not_contactable",
    )


def test_reassignment_waits_for_the_protection_period(world, api_client_for):
    customer = make_customer(world, step=1)
    api = api_client_for(world.supervisor)
    payload = {"to_user_id": world.rep_same_team.pk, "reason": "调岗"}
    body = assert_error(
        api.post(f"/customers/{customer.pk}/reassign", payload), 400, "customers.protection_period"
    )
    assert "protection_ends_at" in body["extra"]

    world.company.protection_days = 0
    world.company.save(update_fields=["protection_days"])
    response = api.post(f"/customers/{customer.pk}/reassign", payload)
    assert response.status_code == 200
    assert response.json()["owner"]["id"] == world.rep_same_team.pk
    # the old owner no longer sees the customer
    assert_error(api_client_for(world.rep).get(f"/customers/{customer.pk}"), 404, "not_found")
    audit = api_client_for(world.admin).get("/audit", action="customers.customer.reassigned")
    [entry] = audit.json()
    assert entry["changes"] == {"owner": [world.rep.pk, world.rep_same_team.pk]}
    assert entry["data"] == {"reason": "调岗"}


def test_reassigning_to_someone_outside_the_team_is_refused(world, api_client_for):
    world.company.protection_days = 0
    world.company.save(update_fields=["protection_days"])
    customer = make_customer(world, step=1)
    response = api_client_for(world.supervisor).post(
        f"/customers/{customer.pk}/reassign",
        {"to_user_id": world.rep_other_team.pk, "reason": "调岗"},
    )
    assert_error(response, 400, "customers.owner_invalid")


def test_claim_is_resolved_once_by_transfer(world, api_client_for):
    customer = make_customer(world, step=1)
    duplicate = {
        "name": "张桂兰",
        "sex": "F",
        "phone": customer.mobile,
        "consent_items": ["contact", "profile"],
        "stand_id": world.stand.pk,
    }
    assert_error(
        api_client_for(world.rep_same_team).post("/customers", duplicate),
        409,
        "customers.duplicate_mobile",
    )
    supervisor = api_client_for(world.supervisor)
    [claim] = supervisor.get("/claims").json()
    assert claim["customer_id"] == customer.pk

    world.company.protection_days = 5  # the owner's last contact was 10 days ago
    world.company.save(update_fields=["protection_days"])
    response = supervisor.post(f"/claims/{claim['id']}/resolve", {"transfer": True, "note": "好"})
    assert response.status_code == 200
    assert response.json()["state"] == "transferred"
    assert supervisor.get("/claims").json() == []
    assert [c["id"] for c in supervisor.get("/claims", open_only=False).json()] == [claim["id"]]
    detail = api_client_for(world.rep_same_team).get(f"/customers/{customer.pk}")
    assert detail.status_code == 200
    assert_error(
        supervisor.post(f"/claims/{claim['id']}/resolve", {"transfer": False}),
        409,
        "customers.claim_closed",
    )


def test_health_notes_read_is_audited(world, api_client_for):
    customer = make_customer(world, step=0, health_consent=True)
    api_client_for(world.rep).post(
        f"/customers/{customer.pk}/stand-notes",
        {
            "desk": "checkup",
            "notes": "血压偏高",
            "occurred_at": (timezone.now() - dt.timedelta(hours=1)).isoformat(),
        },
    )
    assert (
        len(api_client_for(world.supervisor).get(f"/customers/{customer.pk}/health-notes").json())
        == 1
    )
    entries = api_client_for(world.admin).get(
        "/audit", action="customers.health_notes.read", object_id=customer.pk
    )
    assert [e["actor_id"] for e in entries.json()] == [world.supervisor.pk]


def test_health_note_without_separate_consent_is_refused(world, api_client_for):
    customer = make_customer(world, step=0, health_consent=False)
    response = api_client_for(world.rep).post(
        f"/customers/{customer.pk}/stand-notes", {"desk": "checkup", "notes": "血压偏高"}
    )
    assert_error(response, 400, "customers.health_consent_missing")


def test_audit_log_is_newest_first_and_filtered_by_action(world, api_client_for):
    make_customer(world, step=2)
    entries = api_client_for(world.admin).get("/audit", action="journey.").json()
    assert [e["action"] for e in entries] == [
        "journey.first_call.recorded",
        "journey.stand_note.recorded",
        "journey.stand_note.recorded",
    ]
    assert [e["id"] for e in entries] == sorted((e["id"] for e in entries), reverse=True)


def test_a_claim_transfer_inside_the_protection_period_is_refused(world, api_client_for):
    customer = make_customer(world, step=1)  # last contact 10 days ago, 30 days protection
    duplicate = {
        "name": "张桂兰",
        "sex": "F",
        "phone": customer.mobile,
        "consent_items": ["contact", "profile"],
        "stand_id": world.stand.pk,
    }
    api_client_for(world.rep_same_team).post("/customers", duplicate)
    supervisor = api_client_for(world.supervisor)
    [claim] = supervisor.get("/claims").json()
    assert claim["protection_ends_at"] is not None
    assert claim["last_contact_at"] is not None
    assert claim["owner_team"] == str(world.rep.team)
    assert claim["claimant_team"] == str(world.rep_same_team.team)

    body = assert_error(
        supervisor.post(f"/claims/{claim['id']}/resolve", {"transfer": True}),
        400,
        "customers.protection_period",
    )
    assert body["extra"]["protection_ends_at"]
    assert [c["id"] for c in supervisor.get("/claims").json()] == [claim["id"]]  # still open
    customer.refresh_from_db()
    assert customer.owner == world.rep
    kept = supervisor.post(f"/claims/{claim['id']}/resolve", {"transfer": False})
    assert kept.status_code == 200 and kept.json()["state"] == "kept"
