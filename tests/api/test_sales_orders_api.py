"""The orders' API: placing an order (one per submission key), reading it and a customer's
orders, recording a payment (one per key), cancelling, and the receipt PDF; bad input answers a
4xx with a stable code, and nothing is written."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from pypdf import PdfReader

from lianyi.core.errors import CoreCode
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import Order, OrderState, Payment
from lianyi.sales.selectors import stock_levels
from tests.api.conftest import assert_error
from tests.conftest import make_customer
from tests.factories import open_shop, place_test_order, set_sales_rules
from tests.gatherings.door import admit


def body(shop, customer, **overrides):
    data = {
        "customer_id": customer.pk,
        "channel": "home",
        "store_room_id": shop.room.pk,
        "payment_terms": "on_delivery",
        "lines": [{"product_id": shop.socks.pk, "quantity": 2}],
        "gifts": [],
        "discount": "0",
        "discount_reason": "",
        "submission_key": "k-1",
    }
    data.update(overrides)
    return data


def socks_left(world, shop) -> int:
    levels = stock_levels(user=world.admin, store_room_id=shop.room.pk)
    return levels.get(product=shop.socks).quantity


@pytest.fixture
def shop(world):
    return open_shop(world.admin)


def test_a_rep_places_an_order_and_gets_it_back_with_prices_gifts_and_money(
    world, shop, api_client_for
):
    customer = make_customer(world, step=1)
    api = api_client_for(world.rep)
    response = api.post(
        "/orders",
        body(
            shop,
            customer,
            lines=[
                {"package_id": shop.big_set.pk, "quantity": 1},
                {"product_id": shop.socks.pk, "quantity": 2},
            ],
            gifts=[{"gift_id": shop.thermos.pk, "quantity": 1}],
            discount="36.00",
            discount_reason="老顾客",
            payment_terms="deposit",
            payment={"amount": "1000.00", "method": "wechat"},
            collector_id=world.rep_same_team.pk,
        ),
    )
    assert response.status_code == 201, response.content
    order = response.json()
    assert order["number"].endswith(f"{order['id']:06d}")
    assert (order["list_total"], order["discount"], order["total"]) == (
        "4116.00",
        "36.00",
        "4080.00",
    )
    assert (order["paid"], order["due"]) == ("1000.00", "3080.00")
    assert {(li["name"], li["quantity"], li["unit_price"]) for li in order["lines"]} == {
        ("大全套", 1, "3980.00"),
        ("保暖袜", 2, "68.00"),
    }
    assert order["gifts"] == [
        {"gift_id": shop.thermos.pk, "name": "保温杯", "quantity": 1, "value": "39.00"}
    ]
    # born 1956 and above 3,000 yuan: waits for the confirmation call, 72 hours
    assert order["state"] == "placed" and order["confirmation_required"] is True
    assert order["confirmation_reasons"] == ["senior_large"]
    assert order["confirmation_due_at"].endswith("+08:00")
    assert order["collector"]["id"] == world.rep_same_team.pk
    assert [p["amount"] for p in order["payments"]] == ["1000.00"]
    assert socks_left(world, shop) == 50 - 2 - 2
    # and read back
    again = api.get(f"/orders/{order['id']}").json()
    assert again == order


def test_the_same_submission_key_twice_places_one_order(world, shop, api_client_for):
    customer = make_customer(world, step=1)
    api = api_client_for(world.rep)
    first = api.post("/orders", body(shop, customer, submission_key="tap-twice"))
    second = api.post("/orders", body(shop, customer, submission_key="tap-twice"))
    assert first.status_code == second.status_code == 201
    assert first.json()["id"] == second.json()["id"]
    assert Order.objects.count() == 1
    assert socks_left(world, shop) == 48


def test_the_submission_key_is_required(world, shop, api_client_for):
    customer = make_customer(world, step=1)
    api = api_client_for(world.rep)
    data = body(shop, customer)
    del data["submission_key"]
    assert_error(api.post("/orders", data), 422, CoreCode.INVALID)
    assert_error(api.post("/orders", body(shop, customer, submission_key="")), 422, "invalid")
    assert not Order.objects.exists()


@pytest.mark.parametrize("quantity", [0, -1, 100])
def test_zero_negative_or_too_many_units_are_refused(world, shop, api_client_for, quantity):
    customer = make_customer(world, step=1)
    lines = [{"product_id": shop.socks.pk, "quantity": quantity}]
    response = api_client_for(world.rep).post("/orders", body(shop, customer, lines=lines))
    error = assert_error(response, 400, SalesCode.QUANTITY_INVALID)
    assert error["extra"]["field"] == "lines.0.quantity"
    assert not Order.objects.exists() and socks_left(world, shop) == 50


@pytest.mark.parametrize("quantity", [1.5, "1.5", "两"])
def test_a_fractional_quantity_is_refused_at_the_door(world, shop, api_client_for, quantity):
    customer = make_customer(world, step=1)
    lines = [{"product_id": shop.socks.pk, "quantity": quantity}]
    response = api_client_for(world.rep).post("/orders", body(shop, customer, lines=lines))
    error = assert_error(response, 422, CoreCode.INVALID)
    assert [f["field"] for f in error["extra"]["fields"]] == ["lines.0.quantity"]
    assert not Order.objects.exists()


def test_a_gift_quantity_of_zero_is_refused(world, shop, api_client_for):
    customer = make_customer(world, step=1)
    gifts = [{"gift_id": shop.towel.pk, "quantity": 0}]
    response = api_client_for(world.rep).post("/orders", body(shop, customer, gifts=gifts))
    assert assert_error(response, 400, SalesCode.QUANTITY_INVALID)["extra"]["field"] == (
        "gifts.0.quantity"
    )


@pytest.mark.parametrize("field", ["discount", "payment"])
def test_money_with_three_decimals_is_refused_never_rounded(world, shop, api_client_for, field):
    customer = make_customer(world, step=1)
    extra = (
        {"discount": "1.005", "discount_reason": "老顾客"}
        if field == "discount"
        else {"payment_terms": "paid_now", "payment": {"amount": "136.005", "method": "cash"}}
    )
    response = api_client_for(world.rep).post("/orders", body(shop, customer, **extra))
    assert_error(response, 422, CoreCode.MONEY_PRECISION)
    assert not Order.objects.exists()


def test_a_discount_needs_its_reason_and_never_raises_the_price(world, shop, api_client_for):
    customer = make_customer(world, step=1)
    api = api_client_for(world.rep)
    assert_error(
        api.post("/orders", body(shop, customer, discount="10")),
        400,
        SalesCode.DISCOUNT_REASON_REQUIRED,
    )
    assert_error(
        api.post("/orders", body(shop, customer, discount="-10", discount_reason="x")),
        422,
        CoreCode.MONEY_INVALID,
    )
    assert_error(
        api.post("/orders", body(shop, customer, discount="500", discount_reason="x")),
        400,
        SalesCode.DISCOUNT_INVALID,
    )
    assert not Order.objects.exists()


def test_an_unknown_product_package_or_gift_is_not_in_the_catalogue(world, shop, api_client_for):
    customer = make_customer(world, step=1)
    other = open_shop(world.outsider_admin)
    api = api_client_for(world.rep)
    for lines, gifts in (
        ([{"product_id": 999_999, "quantity": 1}], []),
        ([{"package_id": other.big_set.pk, "quantity": 1}], []),
        ([{"quantity": 1}], []),
        ([{"product_id": shop.socks.pk, "quantity": 1}], [{"gift_id": other.thermos.pk}]),
    ):
        response = api.post("/orders", body(shop, customer, lines=lines, gifts=gifts))
        assert_error(response, 400, SalesCode.NOT_IN_CATALOGUE)
    assert_error(api.post("/orders", body(shop, customer, lines=[])), 400, SalesCode.ORDER_EMPTY)
    assert_error(api.post("/orders", body(shop, customer, channel="shop")), 422, CoreCode.INVALID)
    assert not Order.objects.exists()


def test_a_customer_out_of_scope_answers_like_a_missing_one(world, shop, api_client_for):
    theirs = make_customer(world, step=1, owner=world.rep_other_team)
    api = api_client_for(world.rep)
    forbidden = api.post("/orders", body(shop, theirs))
    missing = api.post("/orders", body(shop, theirs, customer_id=999_999))
    assert_error(forbidden, 404, CoreCode.NOT_FOUND)
    assert forbidden.json() == missing.json()
    assert api.get(f"/customers/{theirs.pk}/orders").json() == missing.json()
    # their order too
    order = place_test_order(shop, theirs, by=world.rep_other_team)
    for path in (f"/orders/{order.pk}", "/orders/999999"):
        assert api.get(path).json() == missing.json()
    assert_error(
        api.post(f"/orders/{order.pk}/payments", {"amount": "1", "method": "cash", "key": "a"}),
        404,
        CoreCode.NOT_FOUND,
    )
    assert_error(api.post(f"/orders/{order.pk}/cancel", {"reason": "x"}), 404, "not_found")
    assert_error(api.get(f"/orders/{order.pk}/receipt.pdf"), 404, CoreCode.NOT_FOUND)
    assert not Payment.objects.exists()
    assert Order.objects.get().state == OrderState.CONFIRMED


def test_a_gathering_order_is_only_for_a_guest_admitted_at_the_door(world, shop, api_client_for):
    customer = make_customer(world, step=5)
    api = api_client_for(world.rep)
    at_gathering = {"channel": "gathering", "gathering_id": world.gathering.pk}
    refused = api.post("/orders", body(shop, customer, **at_gathering))
    assert_error(refused, 400, SalesCode.NOT_CHECKED_IN)
    admit(customer, by=world.event_staff, gathering=world.gathering)
    placed = api.post("/orders", body(shop, customer, **at_gathering, submission_key="k-2"))
    assert placed.status_code == 201, placed.content
    assert placed.json()["channel"] == "gathering"
    assert placed.json()["gathering_id"] == world.gathering.pk


def test_a_customers_orders_are_listed_newest_first_and_paged(world, shop, api_client_for):
    customer = make_customer(world, step=1)
    placed = [place_test_order(shop, customer, by=world.rep, socks=n) for n in (1, 2, 3)]
    api = api_client_for(world.rep)
    rows = api.get(f"/customers/{customer.pk}/orders").json()
    assert [r["id"] for r in rows] == [o.pk for o in reversed(placed)]
    assert rows[0]["total"] == "204.00" and rows[0]["seller"]["name"] == "rep_a"
    page = api.get(f"/customers/{customer.pk}/orders", limit=2, offset=2).json()
    assert [r["id"] for r in page] == [placed[0].pk]
    assert_error(api.get(f"/customers/{customer.pk}/orders", limit=0), 422, CoreCode.INVALID)


def test_a_payment_sent_twice_with_the_same_key_is_recorded_once(world, shop, api_client_for):
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, socks=2)  # 136.00 on delivery
    api = api_client_for(world.rep)
    payment = {"amount": "100.00", "method": "cash", "key": "door-1", "note": "上门收款"}
    first = api.post(f"/orders/{order.pk}/payments", payment)
    second = api.post(f"/orders/{order.pk}/payments", payment)
    assert first.status_code == second.status_code == 201, first.content
    assert first.json()["payment"]["id"] == second.json()["payment"]["id"]
    assert second.json()["order"]["paid"] == "100.00"
    assert second.json()["order"]["due"] == "36.00"
    assert Payment.objects.filter(order=order).count() == 1
    # the same key with another amount is refused; above what is due too
    reused = api.post(f"/orders/{order.pk}/payments", {**payment, "amount": "36.00"})
    assert_error(reused, 400, SalesCode.PAYMENT_KEY_REUSED)
    above = api.post(f"/orders/{order.pk}/payments", {**payment, "key": "door-2"})
    assert_error(above, 400, SalesCode.PAYMENT_ABOVE_DUE)


@pytest.mark.parametrize(
    ("amount", "status", "code"),
    [
        ("0", 400, SalesCode.AMOUNT_INVALID),
        ("-5", 422, CoreCode.MONEY_INVALID),
        ("10.005", 422, CoreCode.MONEY_PRECISION),
        ("abc", 422, CoreCode.MONEY_INVALID),
    ],
)
def test_a_bad_payment_amount_is_refused(world, shop, api_client_for, amount, status, code):
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep)
    response = api_client_for(world.rep).post(
        f"/orders/{order.pk}/payments", {"amount": amount, "method": "cash", "key": "k"}
    )
    assert_error(response, status, code)
    assert not Payment.objects.exists()


def test_cancelling_releases_the_stock_and_refunds_what_was_paid(world, shop, api_client_for):
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, socks=2, terms="paid_now", paid="136.00")
    api = api_client_for(world.rep)
    assert_error(api.post(f"/orders/{order.pk}/cancel", {"reason": ""}), 400, CoreCode.REQUIRED)
    response = api.post(f"/orders/{order.pk}/cancel", {"reason": "家人不同意"})
    assert response.status_code == 200, response.content
    cancelled = response.json()
    assert cancelled["state"] == "cancelled" and cancelled["cancel_reason"] == "家人不同意"
    assert cancelled["paid"] == "0.00"
    assert [(p["kind"], p["amount"]) for p in cancelled["payments"]] == [
        ("payment", "136.00"),
        ("refund", "136.00"),
    ]
    assert socks_left(world, shop) == 50
    again = api.post(f"/orders/{order.pk}/cancel", {"reason": "再取消"})
    assert_error(again, 400, SalesCode.ORDER_STATE)


def test_the_receipt_pdf_shows_the_prices_the_gifts_and_the_return_policy(
    world, shop, api_client_for, cjk_font
):
    set_sales_rules(
        world.company,
        return_unopened_days=30,
        return_senior_days=7,
        service_address="杭州市西湖区文三路 90 号",
        service_phone="0571-88886666",
    )
    customer = make_customer(world, step=1)
    order = place_test_order(
        shop,
        customer,
        by=world.rep,
        packages=1,
        socks=2,
        gifts=(shop.thermos,),
        terms="deposit",
        paid="500.00",
    )
    response = api_client_for(world.rep).get(f"/orders/{order.pk}/receipt.pdf")
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    flat = "".join(text.split())
    for expected in (
        "售货凭证",
        order.number,
        "大全套",
        "3980.00",
        "保暖袜",
        "68.00",
        "136.00",
        "4116.00",  # the total
        "500.00",  # paid
        "3616.00",  # due
        "保温杯",
        "赠品",
        "39.00",
        "30天内可以退货",
        "60周岁及以上",
        "7天内可以无理由退货",
        "rep_a",
        "文三路90号",
        "0571-88886666",
    ):
        assert expected in flat, (expected, text)
    assert Decimal(order.total) == Decimal("4116.00")


def test_a_customers_orders_take_the_same_queries_however_many(world, shop, api_client_for):
    customer = make_customer(world, step=1)
    api = api_client_for(world.rep)
    api.get("/me")  # the token's last use is stamped once
    place_test_order(shop, customer, by=world.rep)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert api.get(f"/customers/{customer.pk}/orders").status_code == 200
        return len(ctx.captured_queries)

    few = queries()
    for _ in range(3):
        place_test_order(shop, customer, by=world.rep)
    assert queries() == few


def test_an_order_takes_the_same_statements_however_many_products_it_reserves(
    world, shop, api_client_for
):
    """The stock levels are locked, updated and their movements and audit entries written a
    statement each for all the order's products, and the answer is not read back."""
    api = api_client_for(world.rep)

    def statements(key: str, lines: list[dict]) -> int:
        customer = make_customer(world, step=1)
        with CaptureQueriesContext(connection) as ctx:
            response = api.post("/orders", body(shop, customer, lines=lines, submission_key=key))
        assert response.status_code == 201, response.content
        return len(ctx.captured_queries)

    statements("k-0", [{"product_id": shop.socks.pk, "quantity": 1}])  # the token's last use
    one_product = statements("k-a", [{"product_id": shop.socks.pk, "quantity": 1}])
    two_products = statements(
        "k-b",
        [
            {"product_id": shop.socks.pk, "quantity": 1},
            {"product_id": shop.pillow.pk, "quantity": 1},
        ],
    )
    assert two_products == one_product
    assert one_product <= 20
