"""GET /api/confirmation-calls, POST /api/orders/{id}/confirmation-calls, GET /api/deliveries,
POST /api/orders/{id}/delivery: the queue with its deadline, the call's outcome, delivery with
payment at the door, and the error body and codes of refusals."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.utils import timezone

from lianyi.org.models import Role
from tests.api.conftest import assert_error
from tests.conftest import make_customer
from tests.factories import UserFactory, open_shop, place_test_order

CONFIRMED = {
    "outcome": "confirmed",
    "speaker_identified": True,
    "order_read_back": True,
    "return_policy_read": True,
    "customer_pressed": False,
    "wants_to_proceed": True,
    "notes": "本人接听",
}
CHECKLIST = {
    "set_up": True,
    "use_explained": True,
    "precautions_explained": True,
    "receipt_handed_over": True,
}


def test_confirmation_call_then_delivery_with_payment_through_the_api(world, api_client_for):
    shop = open_shop(world.admin)
    placed = timezone.now().replace(microsecond=0)
    with time_machine.travel(placed, tick=False):
        order = place_test_order(
            shop, make_customer(world, step=1), by=world.rep, packages=1, socks=0
        )
    service = api_client_for(world.service)
    rep = api_client_for(world.rep)

    with time_machine.travel(placed + dt.timedelta(hours=72, minutes=1), tick=False):
        queue = service.get("/confirmation-calls").json()
    assert queue["total"] == 1
    item = queue["items"][0]
    assert item["order_id"] == order.pk and item["attempts"] == 0
    assert item["overdue"] is True and item["minutes_left"] == -1
    assert item["reasons"] == ["senior_large"]

    early = rep.post(f"/orders/{order.pk}/delivery", {**CHECKLIST, "key": "d1"})
    assert_error(early, 400, "sales.not_confirmed")

    assert_error(rep.post(f"/orders/{order.pk}/confirmation-calls", CONFIRMED), 403, "forbidden")
    pressed = service.post(
        f"/orders/{order.pk}/confirmation-calls", {**CONFIRMED, "customer_pressed": True}
    )
    body = assert_error(pressed, 400, "sales.confirmation_pressed")
    assert body["extra"]["field"] == "customer_pressed"

    called = service.post(f"/orders/{order.pk}/confirmation-calls", CONFIRMED)
    assert called.status_code == 201, called.content
    assert called.json()["order_state"] == "confirmed"
    assert service.get("/confirmation-calls").json()["total"] == 0

    waiting = rep.get("/deliveries", mine=True).json()
    assert [i["order_id"] for i in waiting["items"]] == [order.pk] and waiting["total"] == 1

    too_much = rep.post(
        f"/orders/{order.pk}/delivery",
        {**CHECKLIST, "payment_amount": "3980.01", "payment_method": "cash", "key": "d1"},
    )
    assert_error(too_much, 400, "sales.payment_above_due")
    submission = {**CHECKLIST, "payment_amount": "3980.00", "payment_method": "wechat", "key": "d1"}
    first = rep.post(f"/orders/{order.pk}/delivery", submission)
    assert first.status_code == 201, first.content
    assert first.json()["order_state"] == "delivered" and first.json()["due"] == "0.00"
    again = rep.post(f"/orders/{order.pk}/delivery", submission)
    assert again.status_code == 201 and again.json()["id"] == first.json()["id"]
    order.refresh_from_db()
    assert order.payments.count() == 1
    assert rep.get("/deliveries").json()["total"] == 0


def test_refusals_answer_the_error_body(world, api_client_for):
    shop = open_shop(world.admin)
    order = place_test_order(shop, make_customer(world, step=1), by=world.rep, packages=1, socks=0)
    service = api_client_for(world.service)
    path = f"/orders/{order.pk}/confirmation-calls"
    missing = service.post(path, {"outcome": "confirmed"})
    body = assert_error(missing, 400, "sales.confirmation_checklist")
    assert len(body["extra"]["errors"]) == 5
    assert_error(service.post(path, {"outcome": "perhaps"}), 400, "sales.confirmation_outcome")
    assert_error(service.post("/orders/999999/confirmation-calls", CONFIRMED), 404, "not_found")
    assert_error(service.post(path, {"outcome": "x" * 21}), 400, "text_too_long")
    stranger = UserFactory(
        username="svc_b", role=Role.SERVICE, company=world.outsider_admin.company
    )
    assert_error(api_client_for(stranger).post(path, CONFIRMED), 404, "not_found")
    assert api_client_for(stranger).get("/confirmation-calls").json()["total"] == 0
    assert_error(api_client_for(world.rep).get("/confirmation-calls"), 403, "forbidden")
    assert_error(service.get("/deliveries"), 403, "forbidden")

    rep = api_client_for(world.rep)
    bad_money = rep.post(
        f"/orders/{order.pk}/delivery",
        {**CHECKLIST, "payment_amount": "1.001", "payment_method": "cash", "key": "k"},
    )
    assert_error(bad_money, 422, "money_precision")
    unchecked = rep.post(f"/orders/{order.pk}/delivery", {"key": "k"})
    assert unchecked.status_code == 400  # not confirmed comes before the checklist
    assert_error(
        api_client_for(world.rep_other_team).post(f"/orders/{order.pk}/delivery", CHECKLIST),
        404,
        "not_found",
    )
