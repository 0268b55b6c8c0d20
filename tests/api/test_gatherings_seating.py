"""Seating through the API."""

from __future__ import annotations

from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.services import planning
from tests.api.conftest import assert_error
from tests.conftest import make_customer


def test_seating_households_and_existing_customers(world, api_client_for):
    gid = world.gathering.pk
    table = planning.add_table(by=world.admin, gathering_id=gid, number=1, seats=3)
    invitation = make_customer(world, step=4).invitations.get()
    regular = make_customer(world, step=1, name="刘老师")
    other = make_customer(world, step=4, name="王秀英").invitations.get()
    api = api_client_for(world.supervisor)
    seated = api.post(
        f"/gatherings/{gid}/tables/{table.pk}/households", {"invitation_id": invitation.pk}
    )
    assert seated.status_code == 201, seated.content
    assert seated.json()["names"] == ["张桂兰", "李建国"]
    existing = api.post(
        f"/gatherings/{gid}/tables/{table.pk}/existing-customers", {"customer_id": regular.pk}
    )
    assert existing.json()["existing_customer"] is True
    full = api.post(f"/gatherings/{gid}/tables/{table.pk}/households", {"invitation_id": other.pk})
    assert_error(full, 409, GatheringCode.TABLE_FULL)
    tables = api.get(f"/gatherings/{gid}/seating").json()
    assert [(t["number"], t["taken"]) for t in tables] == [(1, 3)]
