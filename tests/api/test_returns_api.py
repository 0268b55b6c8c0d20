"""GET/POST /api/orders/{id}/returns: what can still come back, the windows with their last
day, a return recorded with its refund, and the refusals' codes (outside the window: a case
instead)."""

from __future__ import annotations

import datetime as dt

import time_machine

from lianyi.sales.models import PaymentTerms
from tests.conftest import at_local, make_customer
from tests.factories import mark_delivered, open_shop, place_test_order


def delivered(world, **kwargs):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    order = place_test_order(
        shop, customer, by=world.rep, socks=3, terms=PaymentTerms.PAID_NOW, paid="204.00"
    )
    return mark_delivered(order, **kwargs)


def test_a_return_through_the_api(world, api_client_for):
    with time_machine.travel(at_local(dt.date(2026, 3, 1), 10), tick=False):
        order = delivered(world)
        line = order.lines.get()
        api = api_client_for(world.rep)
        path = f"/orders/{order.pk}/returns"

        before = api.get(path).json()
        assert [(w["reason"], w["last_day"], w["open"]) for w in before["windows"]] == [
            ("unopened", "2026-03-31", True),
            ("senior_any_reason", "2026-03-08", True),
        ]
        assert before["lines"] == [
            {"order_line_id": line.pk, "name": "保暖袜", "bought": 3, "returned": 0, "left": 3}
        ]

        created = api.post(
            path,
            {"reason": "unopened", "lines": [{"order_line_id": line.pk, "quantity": 2}]},
        )
        assert created.status_code == 201, created.content
        body = created.json()
        assert (body["value"], body["refund"]) == ("136.00", "136.00")
        assert body["lines"] == [{"order_line_id": line.pk, "name": "保暖袜", "quantity": 2}]

        after = api.get(path).json()
        assert after["returned_value"] == "136.00" and after["paid"] == "68.00"
        assert after["lines"][0]["left"] == 1 and len(after["returns"]) == 1

        too_many = api.post(
            path, {"reason": "unopened", "lines": [{"order_line_id": line.pk, "quantity": 2}]}
        )
        assert too_many.status_code == 400
        assert too_many.json()["code"] == "sales.return_quantity_invalid"

        other = api_client_for(world.rep_other_team)
        assert other.get(path).status_code == 404
        assert other.post(path, {"reason": "unopened", "lines": []}).status_code == 404


def test_outside_the_window_the_api_says_until_when_and_offers_a_case(world, api_client_for):
    with time_machine.travel(at_local(dt.date(2026, 3, 1), 10), tick=False) as clock:
        order = delivered(world)
        line = order.lines.get()
        clock.move_to(at_local(dt.date(2026, 4, 1), 9))
        api = api_client_for(world.rep)
        refused = api.post(
            f"/orders/{order.pk}/returns",
            {"reason": "unopened", "lines": [{"order_line_id": line.pk, "quantity": 1}]},
        )
        body = refused.json()
        assert refused.status_code == 400
        assert body["code"] == "sales.return_window_closed"
        assert body["extra"]["last_day"] == "2026-03-31" and body["extra"]["case_instead"]
        assert "2026-03-31" in body["message"]
        windows = api.get(f"/orders/{order.pk}/returns").json()["windows"]
        assert [w["open"] for w in windows] == [False, False]
        assert all("2026-03" in w["message"] for w in windows)


def test_bad_return_input_gets_a_4xx(world, api_client_for):
    order = delivered(world)
    line = order.lines.get()
    api = api_client_for(world.rep)
    path = f"/orders/{order.pk}/returns"
    for payload in [
        {"reason": "unopened", "lines": [{"order_line_id": line.pk, "quantity": -1}]},
        {"reason": "unopened", "lines": [{"order_line_id": line.pk, "quantity": 0}]},
        {"reason": "unopened", "lines": [{"order_line_id": 0, "quantity": 1}]},
        {"reason": "x" * 50, "lines": []},
        {"reason": "unopened", "lines": [{"order_line_id": line.pk, "quantity": 1.5}]},
        {"reason": "unopened", "lines": "all"},
    ]:
        response = api.post(path, payload)
        assert 400 <= response.status_code < 500, (payload, response.content)
    assert (
        api_client_for(world.admin)
        .post(path, {"reason": "unopened", "lines": [{"order_line_id": line.pk, "quantity": 1}]})
        .status_code
        == 403
    )
