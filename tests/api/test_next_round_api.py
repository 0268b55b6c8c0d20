"""The next invitation through the API (issue 8, item 10): a customer who came to the first
gathering gets an invitation call and a delivery visit for the second one, with the codes of the
journey API, and checks in there."""

from __future__ import annotations

import datetime as dt

from tests.api.conftest import assert_error
from tests.conftest import SHANGHAI, at_local, make_customer
from tests.gatherings.door import admit, in_checkin_window
from tests.journey.rounds import at, day_after, later_gathering, with_end


def test_a_guest_of_gathering_1_is_invited_to_gathering_2_and_checks_in(world, api_client_for):
    g1 = with_end(world.gathering)
    g2 = later_gathering(world, g1)
    customer = make_customer(world, step=5)
    admit(customer, by=world.event_staff, gathering=g1)
    api = api_client_for(world.rep)
    call_url = f"/customers/{customer.pk}/second-call"
    visit_url = f"/customers/{customer.pk}/second-visit"
    call_at = day_after(g1)
    slot_day = call_at.astimezone(SHANGHAI).date() + dt.timedelta(days=1)
    invitation_call = {
        "outcome": "agreed",
        "invitation_accepted": True,
        "gathering_id": g2.pk,
        "delivery_slot_start": at_local(slot_day, 15).isoformat(),
        "delivery_slot_end": at_local(slot_day, 16).isoformat(),
        "notes": "谢谢上次来参加，邀请参加冬季联谊会",
    }

    # still waiting for the first gathering: no second invitation
    before = g1.over_at - dt.timedelta(hours=1)
    with at(before):
        body = assert_error(
            api.post(call_url, {**invitation_call, "occurred_at": before.isoformat()}),
            409,
            "journey.gathering_pending",
        )
    assert body["extra"]["gathering_id"] == g1.pk

    with at(call_at):
        response = api.post(call_url, {**invitation_call, "occurred_at": call_at.isoformat()})
        assert response.status_code == 201, response.content
        journey = response.json()["journey"]
        assert (journey["step"], journey["next_action"]) == (4, "second_visit")
    assert customer.invitations.get(gathering=g2).state == "issued"

    visit_at = at_local(slot_day, 15, 10)
    with at(visit_at):
        visit = {"invitation_handed_over": True, "occurred_at": visit_at.isoformat()}
        assert_error(api.post(visit_url, visit), 400, "gatherings.invitation_not_printed")
        response = api.post(visit_url, {**visit, "unprinted_confirmed": True})
        assert response.status_code == 201, response.content
        assert response.json()["journey"]["step"] == 5
        assert_error(
            api.post(visit_url, {**visit, "unprinted_confirmed": True}),
            409,
            "journey.already_recorded",
        )

    invitation = customer.invitations.get(gathering=g2)
    staff = api_client_for(world.event_staff)
    with in_checkin_window(g2):
        response = staff.post(
            f"/gatherings/{g2.pk}/scan", {"list": "door", "token": invitation.token}
        )
    assert response.status_code == 200, response.content
    assert response.json()["answer"] == "admitted"
    states = dict(customer.invitations.values_list("gathering_id", "state"))
    assert states == {g1.pk: "checked_in", g2.pk: "checked_in"}
