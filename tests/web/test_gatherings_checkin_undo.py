"""撤销签到 on the page: the scan answer links a planner to it; a confirmation with the reason
field, the error next to it, and the scanner again once undone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lianyi.gatherings.models import CheckIn, Invitation, InvitationState
from tests.conftest import make_customer
from tests.gatherings.door import admit, in_checkin_window


@pytest.fixture(autouse=True)
def _scanning_open(world):
    with in_checkin_window(world.gathering):
        yield


@pytest.fixture
def invitation(world) -> Invitation:
    customer = make_customer(world, step=5, name="张桂兰")
    return admit(customer, by=world.event_staff, gathering=world.gathering)


def undo_url(world, invitation) -> str:
    return reverse("web:checkin_undo", args=[world.gathering.pk, invitation.pk, "door"])


def test_a_planner_scanning_an_admitted_guest_is_offered_the_undo(login, world, invitation):
    scan = reverse("web:checkin_scan", args=[world.gathering.pk])
    data = {"list": "door", "token": invitation.token}

    planner = login(world.supervisor).post(scan, data, headers={"HX-Request": "true"})
    staff = login(world.event_staff).post(scan, data, headers={"HX-Request": "true"})

    assert undo_url(world, invitation) in planner.content.decode()
    assert 'id="undo-open"' not in staff.content.decode()


def test_the_undo_page_asks_for_a_reason_before_anything_changes(login, world, invitation):
    client = login(world.supervisor)

    page = client.get(undo_url(world, invitation))
    refused = client.post(undo_url(world, invitation), {"reason": ""})

    assert page.status_code == 200
    assert 'id="undo-confirm"' in page.content.decode() and "张桂兰" in page.content.decode()
    assert refused.status_code == 400
    assert refused.context["form"].has_error("reason")
    assert CheckIn.objects.filter(invitation=invitation).exists()


def test_confirming_with_a_reason_undoes_and_returns_to_the_scanner(login, world, invitation):
    response = login(world.supervisor).post(undo_url(world, invitation), {"reason": "扫错了"})

    assert response.status_code == 302
    assert response.url == reverse("web:checkin_scanner", args=[world.gathering.pk]) + "?list=door"
    assert not CheckIn.objects.filter(invitation=invitation).exists()
    invitation.refresh_from_db()
    assert invitation.state == InvitationState.DELIVERED


def test_the_undo_page_is_not_found_for_door_staff_and_other_teams(login, world, invitation):
    assert login(world.event_staff).get(undo_url(world, invitation)).status_code == 404
    assert login(world.supervisor_other_team).get(undo_url(world, invitation)).status_code == 404
    missing = reverse("web:checkin_undo", args=[world.gathering.pk, invitation.pk, "boarding"])
    assert login(world.supervisor).get(missing).status_code == 404
