"""Planning through the API: create, plan, and the refusals' codes."""

from __future__ import annotations

import datetime as dt

from lianyi.core.errors import CoreCode
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import Gathering
from tests.api.conftest import assert_error
from tests.conftest import make_customer


def iso(value: dt.datetime) -> str:
    return value.isoformat()


def test_a_supervisor_creates_and_plans_a_gathering(world, api_client_for):
    api = api_client_for(world.supervisor)
    start = world.gathering.starts_at + dt.timedelta(days=7)
    response = api.post(
        "/gatherings",
        {
            "name": "新春联谊会",
            "starts_at": iso(start),
            "ends_at": iso(start + dt.timedelta(hours=3)),
            "venue": "区文化馆",
            "capacity": 40,
        },
    )
    assert response.status_code == 201, response.content
    gid = response.json()["id"]
    assert Gathering.objects.get(pk=gid).venue == "区文化馆"
    bus = api.post(f"/gatherings/{gid}/buses", {"name": "1号车", "seats": 20}).json()
    stop = api.post(
        f"/gatherings/{gid}/buses/{bus['id']}/stops",
        {"position": 1, "name": "幸福里北门", "pickup_at": iso(start - dt.timedelta(hours=1))},
    )
    assert stop.status_code == 201, stop.content
    assert api.post(f"/gatherings/{gid}/tables", {"number": 1, "seats": 10}).status_code == 201
    item = api.post(
        f"/gatherings/{gid}/programme",
        {
            "kind": "talk",
            "title": "专家讲座",
            "starts_at": iso(start),
            "ends_at": iso(start + dt.timedelta(hours=1)),
        },
    )
    assert item.status_code == 201, item.content
    staff = api.post(f"/gatherings/{gid}/staff", {"user_id": world.event_staff.pk, "role": "host"})
    assert staff.status_code == 201, staff.content
    plan = api.get(f"/gatherings/{gid}").json()
    assert plan["buses"][0]["stops"][0]["name"] == "幸福里北门"
    assert plan["buses"][0]["headcount"] == 0
    assert plan["table_seats"] == 10
    assert [s["role"] for s in plan["staff"]] == ["host"]


def test_over_capacity_and_a_full_bus_answer_their_codes(world, api_client_for):
    api = api_client_for(world.admin)
    gid = world.gathering.pk
    response = api.post(f"/gatherings/{gid}/tables", {"number": 1, "seats": 600})
    assert_error(response, 400, CoreCode.INVALID)
    assert api.post(f"/gatherings/{gid}/tables", {"number": 1, "seats": 200}).status_code == 201
    response = api.post(f"/gatherings/{gid}/tables", {"number": 2, "seats": 1})
    assert_error(response, 409, GatheringCode.CAPACITY_EXCEEDED)
    bus = api.post(f"/gatherings/{gid}/buses", {"name": "1号车", "seats": 1}).json()
    invitation = make_customer(world, step=4).invitations.get()
    response = api.post(f"/invitations/{invitation.pk}/bus", {"bus_id": bus["id"]})
    assert_error(response, 409, GatheringCode.BUS_FULL)


def test_a_rep_cannot_plan_and_another_company_is_not_found(world, api_client_for):
    start = world.gathering.starts_at
    body = {
        "name": "x",
        "starts_at": iso(start),
        "ends_at": iso(start + dt.timedelta(hours=1)),
        "venue": "y",
        "capacity": 5,
    }
    assert_error(api_client_for(world.rep).post("/gatherings", body), 403, CoreCode.FORBIDDEN)
    outsider = api_client_for(world.outsider_admin)
    assert_error(outsider.get(f"/gatherings/{world.gathering.pk}"), 404, CoreCode.NOT_FOUND)
    assert outsider.get("/gatherings").json() == []


def test_removing_a_bus_a_stop_and_a_table(world, api_client_for):
    api = api_client_for(world.admin)
    gid = world.gathering.pk
    bus = api.post(f"/gatherings/{gid}/buses", {"name": "1号车", "seats": 20}).json()
    pickup = world.gathering.starts_at - dt.timedelta(hours=1)
    stop = api.post(
        f"/gatherings/{gid}/buses/{bus['id']}/stops",
        {"position": 1, "name": "北门", "pickup_at": iso(pickup)},
    ).json()
    table = api.post(f"/gatherings/{gid}/tables", {"number": 1, "seats": 10}).json()
    assert api.post(f"/gatherings/{gid}/stops/{stop['id']}/remove").status_code == 204
    assert api.post(f"/gatherings/{gid}/tables/{table['id']}/remove").status_code == 204
    assert api.post(f"/gatherings/{gid}/buses/{bus['id']}/remove").status_code == 204
    plan = api.get(f"/gatherings/{gid}").json()
    assert (plan["buses"], plan["tables"]) == ([], [])
    missing = api.post(f"/gatherings/{gid}/tables/{table['id']}/remove")
    assert_error(missing, 404, CoreCode.NOT_FOUND)


def test_tables_in_a_batch_and_a_compounds_riders_through_the_api(world, api_client_for):
    api = api_client_for(world.admin)
    gid = world.gathering.pk
    response = api.post(f"/gatherings/{gid}/tables/batch", {"count": 3, "seats": 10})
    assert response.status_code == 201
    assert [t["number"] for t in response.json()] == [1, 2, 3]
    response = api.post(
        f"/gatherings/{gid}/tables/batch", {"count": 2, "seats": 10, "first_number": 3}
    )
    assert_error(response, 409, GatheringCode.ALREADY_PLANNED)
    bus = api.post(f"/gatherings/{gid}/buses", {"name": "1号车", "seats": 30}).json()
    invitation = make_customer(world, step=4).invitations.get()
    body = {"compound_id": invitation.customer.compound_id, "bus_id": bus["id"]}
    response = api.post(f"/gatherings/{gid}/buses/by-compound", body)
    assert response.status_code == 200
    assert response.json() == [{"id": invitation.pk, "bus_id": bus["id"], "stop_id": None}]
    response = api.post(f"/gatherings/{gid}/buses/by-compound", body)
    assert_error(response, 400, GatheringCode.NOBODY_TO_ASSIGN)
