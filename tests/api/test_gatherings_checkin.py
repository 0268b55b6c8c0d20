"""POST /api/gatherings/{id}/scan: admissions answer 200 with the guests, refusals the error
body whose code is the answer; GET .../headcount: the bus manifests and the door."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine

from lianyi.gatherings.models import CheckIn, GatheringState, Invitation, InvitationState
from tests.api.conftest import assert_error
from tests.conftest import make_customer
from tests.factories import GatheringFactory, add_bus, add_stop, add_table, put_on_bus, seat_at
from tests.gatherings.door import in_checkin_window


@pytest.fixture(autouse=True)
def _scanning_open(world):
    """Every test here scans inside the check-in window (its edges: tests/gatherings)."""
    with in_checkin_window(world.gathering):
        yield


@pytest.fixture
def invitation(world) -> Invitation:
    return make_customer(world, step=5, name="张桂兰").invitations.get()


def scan_path(world) -> str:
    return f"/gatherings/{world.gathering.pk}/scan"


def test_a_scan_admits_and_answers_the_guests(world, api_client_for, invitation):
    api = api_client_for(world.event_staff)

    response = api.post(
        scan_path(world), {"list": "door", "token": invitation.token, "client_nonce": "n1"}
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["answer"] == "admitted"
    assert body["list"] == "door"
    assert body["guests"] == ["张桂兰", "李建国"]
    assert body["companion"] == "李建国"
    assert body["by"] == str(world.event_staff)
    assert body["at"].endswith("+08:00")
    assert CheckIn.objects.filter(invitation=invitation).count() == 1


def test_a_second_scan_answers_already_admitted_and_a_retry_admitted(
    world, api_client_for, invitation
):
    api = api_client_for(world.event_staff)
    payload = {"list": "door", "token": invitation.token, "client_nonce": "n1"}
    first = api.post(scan_path(world), payload).json()

    retry = api.post(scan_path(world), payload)
    again = api.post(scan_path(world), payload | {"client_nonce": "n2"})

    assert retry.status_code == 200 and retry.json() == first
    assert again.status_code == 200
    assert again.json()["answer"] == "already_admitted"
    assert again.json()["at"] == first["at"]


@pytest.mark.parametrize(
    ("prepare", "status", "code"),
    [
        (lambda w, i: Invitation.objects.filter(pk=i.pk).update(state="revoked"), 409, "revoked"),
        (
            lambda w, i: (
                type(w.gathering)
                .objects.filter(pk=w.gathering.pk)
                .update(state=GatheringState.CLOSED)
            ),
            409,
            "closed",
        ),
    ],
)
def test_refusals_answer_the_error_body_with_the_answer_as_code(
    world, api_client_for, invitation, prepare, status, code
):
    prepare(world, invitation)
    response = api_client_for(world.rep).post(
        scan_path(world), {"list": "door", "token": invitation.token}
    )
    assert_error(response, status, code)
    assert not CheckIn.objects.exists()


def test_unknown_and_malformed_tokens(world, api_client_for):
    api = api_client_for(world.rep)
    assert_error(api.post(scan_path(world), {"list": "door", "token": "B" * 32}), 404, "unknown")
    assert_error(api.post(scan_path(world), {"list": "door", "token": "短"}), 400, "malformed")


def test_an_invitation_of_another_gathering(world, api_client_for, invitation):
    other = GatheringFactory(company=world.company, starts_at=world.gathering.starts_at)
    response = api_client_for(world.rep).post(
        f"/gatherings/{other.pk}/scan", {"list": "door", "token": invitation.token}
    )
    assert_error(response, 409, "other_gathering")


def test_wrong_bus_names_the_bus_the_invitation_is_assigned_to(world, api_client_for, invitation):
    first = add_bus(world.gathering, by=world.admin)
    second = add_bus(world.gathering, by=world.admin, name="2号车")
    put_on_bus(invitation, first, by=world.admin)

    response = api_client_for(world.rep).post(
        scan_path(world), {"list": "boarding", "bus_id": second.pk, "token": invitation.token}
    )

    body = assert_error(response, 409, "wrong_bus")
    assert body["extra"]["bus"] == "1号车"


def test_boarding_without_a_bus_is_a_bad_request(world, api_client_for, invitation):
    response = api_client_for(world.rep).post(
        scan_path(world), {"list": "boarding", "token": invitation.token}
    )
    assert_error(response, 400, "gatherings.scan_bus_required")


def test_manual_entry_by_mobile_tail_and_surname(world, api_client_for):
    customer = make_customer(world, step=5, name="王秀英", mobile="13912348888")
    response = api_client_for(world.rep).post(
        scan_path(world),
        {"list": "door", "mobile_tail": "8888", "surname": "王", "method": "manual"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["invitation_id"] == customer.invitations.get().pk


def test_manual_entry_by_a_rep_of_another_team_reveals_nothing(world, api_client_for):
    make_customer(world, step=5, name="王秀英", mobile="13912348888")
    response = api_client_for(world.rep_other_team).post(
        scan_path(world), {"list": "door", "mobile_tail": "8888", "surname": "王"}
    )
    body = assert_error(response, 404, "unknown")
    assert "王秀英" not in response.content.decode()
    assert body["extra"] == {}


def test_a_gathering_of_another_company_is_not_found(world, api_client_for, invitation):
    other = GatheringFactory()
    response = api_client_for(world.rep).post(
        f"/gatherings/{other.pk}/scan", {"list": "door", "token": invitation.token}
    )
    assert_error(response, 404, "not_found")


def test_a_role_without_check_in_is_forbidden(world, api_client_for, invitation):
    response = api_client_for(world.service).post(
        scan_path(world), {"list": "door", "token": invitation.token}
    )
    assert_error(response, 403, "forbidden")


def test_anonymous_scans_are_refused(world, anon_api, invitation):
    response = anon_api.post(scan_path(world), {"list": "door", "token": invitation.token})
    assert response.status_code == 401
    assert not CheckIn.objects.exists()
    assert Invitation.objects.get().state == InvitationState.DELIVERED


def test_headcount_shows_manifest_and_door(world, api_client_for, invitation):
    coach = add_bus(world.gathering, by=world.admin)
    put_on_bus(invitation, coach, by=world.admin)
    api = api_client_for(world.event_staff)
    api.post(scan_path(world), {"list": "boarding", "bus_id": coach.pk, "token": invitation.token})

    body = api.get(f"/gatherings/{world.gathering.pk}/headcount").json()

    assert body["buses"] == [
        {
            "bus_id": coach.pk,
            "name": "1号车",
            "seats": 40,
            "manifest_households": 1,
            "manifest_guests": 2,
            "boarded_households": 1,
            "boarded_guests": 2,
            "off_manifest_households": 0,
            "off_manifest_guests": 0,
            "missing_guests": 0,
        }
    ]
    assert body["door"] == {
        "expected_households": 1,
        "expected_guests": 2,
        "admitted_households": 0,
        "admitted_guests": 0,
    }


def test_a_scan_is_a_handful_of_queries_whatever_the_invitation_carries(
    world, api_client_for, invitation, django_assert_num_queries
):
    coach = add_bus(world.gathering, by=world.admin)
    stop = add_stop(coach, by=world.admin, name="北门")
    seat_at(invitation, add_table(world.gathering, by=world.admin, number=3), by=world.admin)
    put_on_bus(invitation, coach, by=world.admin, stop=stop)
    api = api_client_for(world.event_staff)
    payload = {"list": "boarding", "bus_id": coach.pk, "token": invitation.token}

    # the token and its last-used stamp, gathering, bus, savepoint, the lock (with the bus, the
    # stop and the table), insert on the constraint, state, audit, release
    with django_assert_num_queries(10):
        body = api.post(scan_path(world), payload).json()
    assert (body["answer"], body["table"], body["stop"]) == ("admitted", 3, "北门")

    # then at the door (the token stamped already): no look-up of the bus it came by
    with django_assert_num_queries(8):
        body = api.post(scan_path(world), payload | {"list": "door", "bus_id": None}).json()
    assert (body["answer"], body["bus"], body["table"]) == ("admitted", "1号车", 3)


def test_one_admitted_door_scan_is_eight_statements(
    world, api_client_for, invitation, django_assert_num_queries
):
    # given a token used a moment ago (its last-used stamp is written at most once a minute)
    api = api_client_for(world.event_staff)
    other = make_customer(world, step=5, name="王秀英").invitations.get()
    assert api.post(scan_path(world), {"list": "door", "token": other.token}).status_code == 200

    # when one invitation is admitted at the door: the token, the gathering with its company,
    # then in one transaction (a savepoint here, BEGIN and COMMIT in production) the locking
    # SELECT, INSERT ... ON CONFLICT DO NOTHING, the state and the audit entry
    with django_assert_num_queries(8):
        response = api.post(
            scan_path(world), {"list": "door", "token": invitation.token, "client_nonce": "n1"}
        )

    # then
    assert response.json()["answer"] == "admitted"
    # and a second scan meets the constraint, reads the first one's check-in, writes nothing
    with django_assert_num_queries(7):
        again = api.post(scan_path(world), {"list": "door", "token": invitation.token})
    assert again.json()["answer"] == "already_admitted"


def test_the_api_refuses_outside_the_window_with_a_stable_code(world, invitation, api_client_for):
    api = api_client_for(world.event_staff)
    path = f"/gatherings/{world.gathering.pk}/scan"

    with time_machine.travel(world.gathering.starts_at - timedelta(days=10), tick=False):
        early = api.post(path, {"list": "door", "token": invitation.token})
        headcount = api.get(f"/gatherings/{world.gathering.pk}/headcount").json()
    with time_machine.travel(world.gathering.starts_at + timedelta(hours=6), tick=False):
        late = api.post(path, {"list": "door", "token": invitation.token})

    body = assert_error(early, 409, "gatherings.checkin_not_open")
    assert set(body["extra"]) == {"opens_at", "closes_at"}
    assert_error(late, 409, "gatherings.checkin_closed")
    assert headcount["window"]["is_open"] is False
    assert headcount["window"]["opens_at"].endswith("+08:00")
    assert not CheckIn.objects.filter(invitation=invitation).exists()


def undo_path(world, invitation, list_kind="door") -> str:
    return (
        f"/gatherings/{world.gathering.pk}/invitations/{invitation.pk}/check-ins/{list_kind}/undo"
    )


def test_a_planner_undoes_a_door_check_in_with_a_reason(world, api_client_for, invitation):
    api_client_for(world.event_staff).post(
        scan_path(world), {"list": "door", "token": invitation.token}
    )

    response = api_client_for(world.supervisor).post(
        undo_path(world, invitation), {"reason": "扫错"}
    )

    assert response.status_code == 200, response.content
    assert response.json() == {"invitation_id": invitation.pk, "state": "delivered"}
    assert not CheckIn.objects.filter(invitation=invitation).exists()


def test_an_undo_without_a_reason_or_by_door_staff_is_refused(world, api_client_for, invitation):
    api_client_for(world.event_staff).post(
        scan_path(world), {"list": "door", "token": invitation.token}
    )

    no_reason = api_client_for(world.supervisor).post(undo_path(world, invitation), {"reason": " "})
    staff = api_client_for(world.event_staff).post(undo_path(world, invitation), {"reason": "扫错"})
    no_list = api_client_for(world.supervisor).post(
        undo_path(world, invitation, "boarding"), {"reason": "扫错"}
    )

    assert_error(no_reason, 400, "gatherings.check_in_undo_reason_required")
    assert_error(staff, 403, "forbidden")
    assert_error(no_list, 404, "not_found")
    assert CheckIn.objects.filter(invitation=invitation).count() == 1
