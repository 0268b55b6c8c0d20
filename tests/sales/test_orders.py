"""Placing and cancelling orders: the day's list prices, an explicit discount with its reason,
gifts chosen one by one, stock reserved and released, the confirmation call's reasons, and one
order per submission."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from lianyi.core.errors import CoreCode, DomainError, NotFound
from lianyi.core.models import AuditEntry
from lianyi.customers.codes import CustomerCode
from lianyi.journey.services import withdraw_consent
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import (
    Order,
    OrderState,
    PaymentKind,
    PaymentTerms,
    StockMovement,
)
from lianyi.sales.selectors import stock_levels
from lianyi.sales.services import catalogue, orders, stock
from lianyi.sales.services.orders import GiftRequest, LineRequest, OrderRequest
from tests.conftest import make_customer
from tests.factories import open_shop, place_test_order
from tests.gatherings.door import admit


def units(world, shop, product) -> int:
    return stock_levels(user=world.admin, store_room_id=shop.room.pk).get(product=product).quantity


def request(shop, customer, **overrides) -> OrderRequest:
    fields = {
        "customer_id": customer.pk,
        "channel": "home",
        "store_room_id": shop.room.pk,
        "payment_terms": PaymentTerms.ON_DELIVERY,
        "lines": [LineRequest(quantity=1, product_id=shop.socks.pk)],
    }
    fields.update(overrides)
    return OrderRequest(**fields)


def refused(world, req, code, by=None) -> DomainError:
    with pytest.raises(DomainError) as error:
        orders.place_order(by=by or world.rep, request=req)
    assert error.value.code == code, error.value.message
    return error.value


def test_a_home_order_takes_the_list_prices_reserves_stock_and_is_audited(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    order = place_test_order(
        shop,
        customer,
        by=world.rep,
        socks=3,
        gifts=(shop.towel,),
        terms=PaymentTerms.PAID_NOW,
        paid="204.00",
    )
    assert (order.list_total, order.discount, order.total) == (
        Decimal("204.00"),
        Decimal("0.00"),
        Decimal("204.00"),
    )
    line = order.lines.get()
    assert (line.product_id, line.quantity, line.unit_price, line.line_total) == (
        shop.socks.pk,
        3,
        Decimal("68.00"),
        Decimal("204.00"),
    )
    gift = order.gifts.get()
    assert (gift.gift_id, gift.value) == (shop.towel.pk, Decimal("12.50"))
    assert order.paid == Decimal("204.00") and order.due == Decimal("0.00")
    assert units(world, shop, shop.socks) == 47
    assert units(world, shop, shop.pillow) == 50
    # small and first: no confirmation call, confirmed when placed
    assert order.state == OrderState.CONFIRMED and not order.confirmation_required
    entry = AuditEntry.objects.get(action="sales.order.placed")
    assert entry.data["total"] == "204.00" and entry.data["paid"] == "204.00"
    assert order.number.endswith(f"{order.pk:06d}")


def test_a_package_reserves_its_contents_and_gifts_are_never_added_for_the_customer(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, packages=2, socks=0)
    assert order.total == Decimal("7960.00")
    assert units(world, shop, shop.socks) == 46  # 2 sets of 2 pairs
    assert units(world, shop, shop.pillow) == 48
    assert not order.gifts.exists()


def test_a_senior_customers_large_order_waits_for_a_confirmation_call_within_72_hours(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)  # born 1956: 70 this year
    order = place_test_order(shop, customer, by=world.rep, packages=1, socks=0)
    assert order.state == OrderState.PLACED
    assert order.confirmation_reasons == ["senior_large"]
    assert order.confirmation_due_at == order.placed_at + dt.timedelta(hours=72)
    # a second order within 30 days waits too, whatever its size
    second = place_test_order(shop, customer, by=world.rep, socks=1)
    assert second.state == OrderState.PLACED and second.confirmation_reasons == ["repeat_order"]


def test_a_second_order_after_30_days_needs_no_call(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    place_test_order(shop, customer, by=world.rep, socks=1)
    with time_machine.travel(timezone.now() + dt.timedelta(days=30, minutes=1), tick=False):
        later = place_test_order(shop, customer, by=world.rep, socks=1)
    assert later.state == OrderState.CONFIRMED and later.confirmation_reasons == []


def test_a_discount_is_explicit_with_a_reason_and_never_raises_the_price(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    order = place_test_order(
        shop, customer, by=world.rep, socks=2, discount="16.00", discount_reason="老顾客"
    )
    assert (order.list_total, order.discount, order.total) == (
        Decimal("136.00"),
        Decimal("16.00"),
        Decimal("120.00"),
    )
    lines = [LineRequest(quantity=2, product_id=shop.socks.pk)]
    refused(
        world,
        request(shop, customer, lines=lines, discount=Decimal("10")),
        SalesCode.DISCOUNT_REASON_REQUIRED,
    )
    for bad in ("-1.00", "136.00", "500.00"):
        refused(
            world,
            request(shop, customer, lines=lines, discount=Decimal(bad), discount_reason="x"),
            SalesCode.DISCOUNT_INVALID,
        )
    refused(
        world,
        request(shop, customer, lines=lines, discount=Decimal("1.005"), discount_reason="x"),
        SalesCode.AMOUNT_INVALID,
    )
    assert Order.objects.count() == 1


@pytest.mark.parametrize("quantity", [0, -1, 100, 1.5, True])
def test_bad_quantities_are_refused_and_nothing_is_written(world, quantity):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    error = refused(
        world,
        request(shop, customer, lines=[LineRequest(quantity=quantity, product_id=shop.socks.pk)]),
        SalesCode.QUANTITY_INVALID,
    )
    assert error.extra["field"] == "lines.0.quantity"
    assert not Order.objects.exists()
    assert units(world, shop, shop.socks) == 50


def test_what_is_not_in_the_catalogue_or_not_on_todays_price_list_cannot_be_ordered(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    unpriced = catalogue.create_product(by=world.admin, name="按摩椅", category="ordinary")
    other_shop = open_shop(world.outsider_admin)
    for line in (
        LineRequest(quantity=1, product_id=unpriced.pk),
        LineRequest(quantity=1, product_id=other_shop.socks.pk),
        LineRequest(quantity=1, package_id=other_shop.big_set.pk),
        LineRequest(quantity=1, product_id=999_999),
        LineRequest(quantity=1),
        LineRequest(quantity=1, product_id=shop.socks.pk, package_id=shop.big_set.pk),
    ):
        refused(world, request(shop, customer, lines=[line]), SalesCode.NOT_IN_CATALOGUE)
    for gift_id in (other_shop.thermos.pk, 999_999):
        refused(
            world,
            request(shop, customer, gifts=[GiftRequest(gift_id=gift_id)]),
            SalesCode.NOT_IN_CATALOGUE,
        )
    refused(world, request(shop, customer, lines=[]), SalesCode.ORDER_EMPTY)
    # before the price list starts, nothing is for sale
    with time_machine.travel(timezone.now() - dt.timedelta(days=11), tick=False):
        refused(world, request(shop, customer), SalesCode.NOT_IN_CATALOGUE)
    assert not Order.objects.exists()


def test_a_customer_out_of_scope_or_who_asked_not_to_be_contacted_cannot_order(world):
    shop = open_shop(world.admin)
    theirs = make_customer(world, step=1, owner=world.rep_other_team)
    with pytest.raises(NotFound):
        orders.place_order(by=world.rep, request=request(shop, theirs))
    withdrawn = make_customer(world, step=1)
    withdraw_consent(by=world.rep, customer_id=withdrawn.pk)
    refused(world, request(shop, withdrawn), CustomerCode.NOT_CONTACTABLE)
    refused(world, request(shop, withdrawn), CoreCode.FORBIDDEN, by=world.event_staff)
    assert not Order.objects.exists()


def test_at_the_gathering_only_a_guest_admitted_at_the_door_can_order(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=5)
    req = request(shop, customer, channel="gathering", gathering_id=world.gathering.pk)
    refused(world, req, SalesCode.NOT_CHECKED_IN)
    refused(world, request(shop, customer, channel="gathering"), SalesCode.NOT_CHECKED_IN)
    admit(customer, by=world.event_staff, gathering=world.gathering)
    order = orders.place_order(by=world.rep, request=req)
    assert order.gathering_id == world.gathering.pk and order.channel == "gathering"


def test_short_stock_refuses_the_whole_order_and_reserves_nothing(world):
    shop = open_shop(world.admin, stock_units=3)
    customer = make_customer(world, step=1)
    error = refused(
        world,
        request(
            shop,
            customer,
            lines=[
                LineRequest(quantity=1, product_id=shop.socks.pk),
                LineRequest(quantity=3, package_id=shop.big_set.pk),  # 6 socks, 3 pillows
            ],
        ),
        SalesCode.STOCK_SHORT,
    )
    assert error.extra == {"product": shop.socks.pk, "needed": 7, "available": 3}
    assert units(world, shop, shop.socks) == 3 and units(world, shop, shop.pillow) == 3
    assert not Order.objects.exists()
    assert not StockMovement.objects.filter(order__isnull=False).exists()


@pytest.mark.parametrize(
    ("terms", "paid"),
    [
        (PaymentTerms.PAID_NOW, "60.00"),
        (PaymentTerms.PAID_NOW, None),
        (PaymentTerms.DEPOSIT, "68.00"),
        (PaymentTerms.DEPOSIT, None),
        (PaymentTerms.ON_DELIVERY, "10.00"),
        ("barter", None),
    ],
)
def test_payment_terms_and_the_money_taken_must_agree(world, terms, paid):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    with pytest.raises(DomainError) as error:
        place_test_order(shop, customer, by=world.rep, socks=1, terms=terms, paid=paid)
    assert error.value.code == SalesCode.PAYMENT_TERMS_INVALID
    assert not Order.objects.exists()


def test_the_same_submission_twice_places_one_order(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    first = place_test_order(
        shop,
        customer,
        by=world.rep,
        socks=2,
        key="form-1",
        terms=PaymentTerms.DEPOSIT,
        paid="50.00",
    )
    again = place_test_order(
        shop,
        customer,
        by=world.rep,
        socks=2,
        key="form-1",
        terms=PaymentTerms.DEPOSIT,
        paid="50.00",
    )
    assert again.pk == first.pk
    assert Order.objects.count() == 1 and first.payments.count() == 1
    assert units(world, shop, shop.socks) == 48
    other = make_customer(world, step=1, name="王秀英")
    with pytest.raises(DomainError) as reused:
        place_test_order(shop, other, by=world.rep, socks=1, key="form-1")
    assert reused.value.code == SalesCode.SUBMISSION_REUSED


def test_cancelling_releases_the_stock_and_refunds_the_money_held(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    order = place_test_order(
        shop, customer, by=world.rep, packages=1, socks=1, terms=PaymentTerms.DEPOSIT, paid="500.00"
    )
    assert units(world, shop, shop.socks) == 47
    with pytest.raises(DomainError) as no_reason:
        orders.cancel_order(by=world.rep, order_id=order.pk, reason=" ")
    assert no_reason.value.code == CoreCode.REQUIRED
    cancelled = orders.cancel_order(by=world.rep, order_id=order.pk, reason="客户改主意")
    assert cancelled.state == OrderState.CANCELLED and cancelled.cancelled_at is not None
    assert units(world, shop, shop.socks) == 50 and units(world, shop, shop.pillow) == 50
    refund = cancelled.payments.get(kind=PaymentKind.REFUND)
    assert refund.amount == Decimal("500.00")
    cancelled.refresh_from_db()
    assert cancelled.paid == Decimal("0.00")
    with pytest.raises(DomainError) as twice:
        orders.cancel_order(by=world.rep, order_id=order.pk, reason="again")
    assert twice.value.code == SalesCode.ORDER_STATE
    with pytest.raises(NotFound):
        orders.cancel_order(by=world.rep_other_team, order_id=order.pk, reason="x")
    assert AuditEntry.objects.get(action="sales.order.cancelled").data["refunded"] == "500.00"


def test_a_delivered_order_cannot_be_cancelled_or_moved_back(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, socks=1)
    orders.advance_order(order, OrderState.DELIVERED, at=timezone.now())
    for target in (OrderState.CANCELLED, OrderState.CONFIRMED, OrderState.PLACED):
        with pytest.raises(DomainError) as error:
            orders.advance_order(order, target, at=timezone.now())
        assert error.value.code == SalesCode.ORDER_STATE


def test_fen_prices_with_a_discount_are_placed_on_every_database(world):
    # 948.86 - 864.10 is not 84.76 in floating point (SQLite compares decimals as floats)
    shop = open_shop(world.admin)
    kettle = catalogue.create_product(by=world.admin, name="养生壶", category="ordinary")
    catalogue.create_price_list(
        by=world.admin,
        name="新价目表",
        valid_from=timezone.localdate() - dt.timedelta(days=1),
        product_prices={kettle.pk: "474.43"},
    )

    stock.receive_stock(
        by=world.admin, store_room_id=shop.room.pk, product_id=kettle.pk, quantity=5
    )
    customer = make_customer(world, step=1)
    order = orders.place_order(
        by=world.rep,
        request=request(
            shop,
            customer,
            lines=[LineRequest(quantity=2, product_id=kettle.pk)],
            discount=Decimal("864.10"),
            discount_reason="清仓",
        ),
    )
    order.refresh_from_db()
    assert (order.list_total, order.total) == (Decimal("948.86"), Decimal("84.76"))
