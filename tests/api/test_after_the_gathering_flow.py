"""The journey test continued, through the API only: a customer checked in at a gathering buys
there, customer service confirms by phone, the rep delivers and collects the rest, the
after-sales programme falls due on its days, a poor rating opens a case that the clock escalates
twice before it is resolved and confirmed by the customer, something comes back within the
senior's 7 days, and the customer is invited to the next gathering (invitation call, delivery
visit) and checks in again."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from lianyi.aftercare.services.cases import escalate_case
from tests.api.conftest import assert_error
from tests.conftest import SHANGHAI, at_local, make_customer
from tests.factories import open_shop
from tests.gatherings.door import in_checkin_window
from tests.journey.rounds import at, day_after, later_gathering, with_end


def local_day(value: str) -> dt.date:
    return dt.datetime.fromisoformat(value).astimezone(SHANGHAI).date()


def test_from_the_door_to_the_next_gathering_through_the_api(world, api_client_for):
    g1 = with_end(world.gathering)
    g2 = later_gathering(world, g1, days=30)
    shop = open_shop(world.admin)
    customer = make_customer(world, step=5)  # born 1956, the invitation to g1 delivered
    rep, staff = api_client_for(world.rep), api_client_for(world.event_staff)
    service, seller_boss = api_client_for(world.service), api_client_for(world.supervisor)

    # --- checked in at the door of the first gathering ---------------------------------
    invitation = customer.invitations.get(gathering=g1)
    with in_checkin_window(g1):
        scan = staff.post(f"/gatherings/{g1.pk}/scan", {"list": "door", "token": invitation.token})
    assert scan.json()["answer"] == "admitted", scan.content

    # --- the order at the gathering: bad input refused, then one order per submission ---
    sale_at = g1.starts_at + dt.timedelta(hours=2)
    order_body = {
        "customer_id": customer.pk,
        "channel": "gathering",
        "gathering_id": g1.pk,
        "store_room_id": shop.room.pk,
        "payment_terms": "deposit",
        "lines": [{"package_id": shop.big_set.pk, "quantity": 1}],
        "gifts": [{"gift_id": shop.thermos.pk, "quantity": 1}],
        "discount": "80.00",
        "discount_reason": "联谊会当天优惠",
        "payment": {"amount": "500.00", "method": "wechat"},
        "submission_key": "form-g1-1",
    }
    with at(sale_at):
        for bad, code in [
            ({"lines": [{"package_id": shop.big_set.pk, "quantity": 0}]}, "sales.quantity_invalid"),
            ({"discount_reason": ""}, "sales.discount_reason_required"),
            ({"discount": "5000.00"}, "sales.discount_invalid"),
            ({"gifts": [{"gift_id": 999_999, "quantity": 1}]}, "sales.not_in_catalogue"),
        ]:
            assert_error(rep.post("/orders", {**order_body, **bad}), 400, code)
        placed = rep.post("/orders", order_body)
        assert placed.status_code == 201, placed.content
        again = rep.post("/orders", order_body)
    order = placed.json()
    assert again.json()["id"] == order["id"]
    assert (order["list_total"], order["total"], order["paid"], order["due"]) == (
        "3980.00",
        "3900.00",
        "500.00",
        "3400.00",
    )
    assert order["state"] == "placed" and order["confirmation_required"]
    order_url = f"/orders/{order['id']}"

    # --- delivery before the confirmation call is refused; the seller's side cannot call --
    delivery = {
        "set_up": True,
        "use_explained": True,
        "precautions_explained": True,
        "receipt_handed_over": True,
        "payment_amount": "3400.00",
        "payment_method": "cash",
        "key": "door-1",
    }
    with at(sale_at + dt.timedelta(hours=1)):
        assert_error(rep.post(f"{order_url}/delivery", delivery), 400, "sales.not_confirmed")
        call = {
            "outcome": "confirmed",
            "speaker_identified": True,
            "order_read_back": True,
            "return_policy_read": True,
            "customer_pressed": False,
            "wants_to_proceed": True,
            "notes": "本人接听，确认购买",
        }
        assert seller_boss.post(f"{order_url}/confirmation-calls", call).status_code == 403

    # --- customer service confirms the next morning, within the 72 hours ---------------
    call_at = day_after(g1, hour=10)
    with at(call_at):
        queue = service.get("/confirmation-calls").json()
        assert [row["order_id"] for row in queue["items"]] == [order["id"]]
        confirmed = service.post(f"{order_url}/confirmation-calls", call)
        assert confirmed.status_code == 201, confirmed.content

    # --- delivered at home two days later, the rest paid at the door, once ---------------
    delivered_at = day_after(g1, days=2, hour=15)
    with at(delivered_at):
        over = {**delivery, "payment_amount": "3400.01", "key": "door-0"}
        assert_error(rep.post(f"{order_url}/delivery", over), 400, "sales.payment_above_due")
        first = rep.post(f"{order_url}/delivery", delivery)
        assert first.status_code == 201, first.content
        assert rep.post(f"{order_url}/delivery", delivery).status_code in (200, 201)
    after = rep.get(order_url).json()
    assert (after["state"], after["paid"], after["due"]) == ("delivered", "3900.00", "0.00")
    assert [p["amount"] for p in after["payments"]] == ["500.00", "3400.00"]
    day0 = delivered_at.astimezone(SHANGHAI).date()

    # --- the programme: 2 calls by D+3, a visit by D+6, a second visit by D+9, then monthly
    tasks = rep.get(f"/customers/{customer.pk}/programme-tasks").json()["tasks"]
    by_sequence = sorted(tasks, key=lambda t: t["sequence"])
    first_four = [(t["kind"], local_day(t["due_until"]) - day0) for t in by_sequence[:4]]
    assert first_four[0][0] == "call" and first_four[0][1] <= dt.timedelta(days=3)
    assert first_four[1] == ("call", dt.timedelta(days=3))
    assert first_four[2][0] == "visit" and first_four[2][1] <= dt.timedelta(days=6)
    assert first_four[3][0] == "visit" and first_four[3][1] <= dt.timedelta(days=9)
    assert len(tasks) >= 4 + 5 * 3 - 3  # the monthly contacts (the cap may drop a few)
    for t in tasks:  # never inside quiet hours: every window opens in contact hours
        opens = dt.datetime.fromisoformat(t["due_from"]).astimezone(SHANGHAI).time()
        assert dt.time(8, 0) <= opens <= dt.time(21, 0), t

    # --- the first after-sales call: the customer is not happy -> a case ----------------
    first_call = by_sequence[0]
    rated_at = at_local(day0 + dt.timedelta(days=1), 10)
    with at(rated_at):
        rated = rep.post(
            f"/customers/{customer.pk}/aftercare-contacts",
            {
                "channel": "phone",
                "satisfaction": "poor",
                "notes": "足浴盆加热不稳定",
                "task_id": first_call["id"],
            },
        )
        assert rated.status_code == 201, rated.content
    case_id = rated.json()["opened_case_id"]
    case_url = f"/cases/{case_id}"
    case = rep.get(case_url).json()
    assert (case["level"], case["holder"]["id"]) == ("rep", world.rep.pk)

    # --- nobody acts: the clock escalates it twice (the scheduled task at each deadline) --
    for level, holder in [("supervisor", world.supervisor), ("manager", world.manager)]:
        deadline = dt.datetime.fromisoformat(case["deadline_at"])
        with at(deadline - dt.timedelta(minutes=1)):
            assert not escalate_case(case_id=case_id)  # early: nothing moves
        with at(deadline + dt.timedelta(minutes=1)):
            assert escalate_case(case_id=case_id)
        case = api_client_for(holder).get(case_url).json()
        assert (case["level"], case["holder"]["id"]) == (level, holder.pk)

    # --- resolved by the manager; closed only with the customer's confirmation ----------
    manager = api_client_for(world.manager)
    solved_at = dt.datetime.fromisoformat(case["deadline_at"]) - dt.timedelta(hours=2)
    with at(solved_at):
        resolved = manager.post(f"{case_url}/resolve", {"resolution": "上门换了一台新的足浴盆"})
        assert resolved.status_code == 200, resolved.content
        assert_error(
            manager.post(f"{case_url}/close", {}), 400, "aftercare.case_confirmation_required"
        )
        closed = manager.post(
            f"{case_url}/close",
            {
                "confirmed_by_id": world.manager.pk,
                "confirmed_at": (solved_at - dt.timedelta(minutes=30)).isoformat(),
                "customer_said": "新的足浴盆很好用，谢谢",
            },
        )
        assert closed.status_code == 200, closed.content
    assert closed.json()["state"] == "closed"
    kinds = [e["kind"] for e in closed.json()["events"]]
    assert kinds.count("escalated") == 2 and kinds[-1] == "closed"

    # --- a return within the senior's 7 days of delivery: the price paid comes back -----
    line = after["lines"][0]
    returns_url = f"{order_url}/returns"
    body = {"reason": "senior_any_reason", "lines": [{"order_line_id": line["id"], "quantity": 1}]}
    with at(at_local(day0 + dt.timedelta(days=8), 10)):
        assert_error(rep.post(returns_url, body), 400, "sales.return_window_closed")
    with at(at_local(day0 + dt.timedelta(days=6), 10)):
        returned = rep.post(returns_url, body)
        assert returned.status_code == 201, returned.content
    assert Decimal(returned.json()["refund"]) == Decimal("3900.00")  # the gift is kept
    assert rep.get(order_url).json()["returned_value"] == "3900.00"

    # --- the next gathering: an invitation call and a delivery visit, then the door again --
    call_at = day_after(g1, days=20, hour=10)
    slot_day = call_at.astimezone(SHANGHAI).date() + dt.timedelta(days=1)
    with at(call_at):
        invited = rep.post(
            f"/customers/{customer.pk}/second-call",
            {
                "outcome": "agreed",
                "invitation_accepted": True,
                "gathering_id": g2.pk,
                "delivery_slot_start": at_local(slot_day, 15).isoformat(),
                "delivery_slot_end": at_local(slot_day, 16).isoformat(),
                "notes": "谢谢上次来参加，邀请参加冬季联谊会",
                "occurred_at": call_at.isoformat(),
            },
        )
        assert invited.status_code == 201, invited.content
    visit_at = at_local(slot_day, 15, 10)
    with at(visit_at):
        handed = rep.post(
            f"/customers/{customer.pk}/second-visit",
            {
                "invitation_handed_over": True,
                "unprinted_confirmed": True,
                "occurred_at": visit_at.isoformat(),
            },
        )
        assert handed.status_code == 201, handed.content
    second = customer.invitations.get(gathering=g2)
    with in_checkin_window(g2):
        scan = staff.post(f"/gatherings/{g2.pk}/scan", {"list": "door", "token": second.token})
    assert scan.json()["answer"] == "admitted", scan.content
    timeline = rep.get(f"/customers/{customer.pk}/timeline").json()
    assert any(e.get("source") == "case" for e in timeline["entries"])
