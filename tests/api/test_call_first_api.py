"""GET /api/call-first: the ranked existing customers with their reasons, paged, scoped."""

from __future__ import annotations

import datetime as dt

import time_machine

from tests.conftest import at_local, make_customer
from tests.factories import open_shop, place_test_order


def test_call_first_through_the_api(world, api_client_for):
    with time_machine.travel(at_local(dt.date(2026, 6, 1), 10), tick=False) as clock:
        shop = open_shop(world.admin)
        first = make_customer(world, name="一个月前")
        later = make_customer(world, name="刚买")
        place_test_order(shop, first, by=world.rep, socks=5)
        clock.move_to(at_local(dt.date(2026, 6, 28), 10))
        place_test_order(shop, later, by=world.rep, socks=1)
        clock.move_to(at_local(dt.date(2026, 7, 1), 10))
        body = api_client_for(world.rep).get("/call-first").json()
    assert body["total"] == 2 and body["page"] == 1
    top = body["customers"][0]
    assert (top["name"], top["score"], top["spent"]) == ("一个月前", 5, "340.00")
    assert [r["code"] for r in top["reasons"]] == ["month", "spent"]
    assert top["reasons"][0]["label"] == "约一个月前购买"
    assert body["customers"][1]["score"] == 0 and body["customers"][1]["reasons"] == []
    assert api_client_for(world.rep_other_team).get("/call-first").json()["total"] == 0
    assert api_client_for(world.admin).get("/call-first").status_code == 403
    assert api_client_for(world.rep).get("/call-first", page="abc").status_code == 422
