"""Returns: unopened goods within 30 days of purchase, a senior's any-reason return within 7
days of delivery (both to the last day's midnight, the start day not counted), quantities up
to what is left, the value at the price paid (the discount apportioned), the refund of what is
held above the kept goods' cost, never reduced by a kept gift, and the stock put back."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from lianyi.core.errors import CoreCode, DomainError, NotFound
from lianyi.core.models import AuditEntry
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import (
    Order,
    OrderLine,
    PaymentKind,
    PaymentTerms,
    Return,
    ReturnReason,
    StockMovement,
    StockMovementKind,
)
from lianyi.sales.selectors import returns_of_order, stock_levels
from lianyi.sales.services.orders import cancel_order
from lianyi.sales.services.returns import record_return
from tests.conftest import at_local, make_customer
from tests.factories import mark_delivered, open_shop, place_test_order, sales_rules

UNOPENED = ReturnReason.UNOPENED
SENIOR = ReturnReason.SENIOR_ANY_REASON


def units(world, shop, product) -> int:
    return stock_levels(user=world.admin, store_room_id=shop.room.pk).get(product=product).quantity


def give_back(world, order: Order, quantity: int = 1, *, reason=UNOPENED, by=None, line=None):
    line = line or order.lines.first()
    return record_return(
        by=by or world.rep,
        order_id=order.pk,
        reason=reason,
        lines=[(line.pk, quantity)],
        note="",
        refund_method="cash",
    )


def refused(world, order, code, quantity=1, **kwargs) -> DomainError:
    before = (Return.objects.count(), StockMovement.objects.count())
    with pytest.raises(DomainError) as error:
        give_back(world, order, quantity, **kwargs)
    assert error.value.code == code, error.value.message
    assert (Return.objects.count(), StockMovement.objects.count()) == before
    return error.value


@pytest.fixture
def shop(world):
    return open_shop(world.admin)


def delivered_order(world, shop, *, socks=3, paid="204.00", **kwargs) -> Order:
    customer = make_customer(world, step=1)
    order = place_test_order(
        shop, customer, by=world.rep, socks=socks, terms=PaymentTerms.PAID_NOW, paid=paid, **kwargs
    )
    return mark_delivered(order)


def test_unopened_goods_come_back_with_the_money_and_the_stock_and_are_audited(world, shop):
    order = delivered_order(world, shop)
    before = units(world, shop, shop.socks)

    ret = give_back(world, order, 1)

    assert (ret.value, ret.refund, ret.reason) == (Decimal("68.00"), Decimal("68.00"), UNOPENED)
    order.refresh_from_db()
    assert (order.returned_value, order.paid, order.due) == (
        Decimal("68.00"),
        Decimal("136.00"),
        Decimal("0.00"),
    )
    assert order.lines.get().returned_quantity == 1
    refund = order.payments.get(kind=PaymentKind.REFUND)
    assert (refund.amount, refund.method) == (Decimal("68.00"), "cash")
    assert units(world, shop, shop.socks) == before + 1
    movement = StockMovement.objects.get(kind=StockMovementKind.RETURN)
    assert (movement.change, movement.order_id) == (1, order.pk)
    entry = AuditEntry.objects.get(action="sales.return.recorded")
    assert entry.data["value"] == "68.00" and entry.data["refund"] == "68.00"
    assert list(returns_of_order(user=world.rep, order_id=order.pk)) == [ret]


def test_unopened_window_ends_at_midnight_of_the_thirtieth_day_after_purchase(world):
    placed = at_local(dt.date(2026, 3, 1), 23, 50)
    with time_machine.travel(placed, tick=False) as clock:
        shop = open_shop(world.admin, stock_units=10)
        order = delivered_order(world, shop)
        clock.move_to(at_local(dt.date(2026, 3, 31), 23, 59))
        give_back(world, order, 1)
        clock.move_to(at_local(dt.date(2026, 4, 1), 0, 0))
        error = refused(world, order, SalesCode.RETURN_WINDOW_CLOSED)
    assert error.extra["last_day"] == "2026-03-31" and error.extra["case_instead"] is True
    assert "2026-03-31" in error.message and "30" in error.message


def test_senior_any_reason_window_ends_at_midnight_of_the_seventh_day_after_delivery(world):
    with time_machine.travel(at_local(dt.date(2026, 5, 1), 10), tick=False) as clock:
        shop = open_shop(world.admin, stock_units=10)
        customer = make_customer(world, step=1)  # born 1956: 70 by birth year
        order = place_test_order(
            shop, customer, by=world.rep, socks=3, paid="204.00", terms=PaymentTerms.PAID_NOW
        )
        clock.move_to(at_local(dt.date(2026, 5, 20), 8))
        mark_delivered(order)
        clock.move_to(at_local(dt.date(2026, 5, 27), 23, 59))
        ret = give_back(world, order, 1, reason=SENIOR)
        assert ret.reason == SENIOR
        clock.move_to(at_local(dt.date(2026, 5, 28), 0, 0))
        error = refused(world, order, SalesCode.RETURN_WINDOW_CLOSED, reason=SENIOR)
        assert error.extra["last_day"] == "2026-05-27"
        # 27 days after purchase: past the senior window, the unopened one still takes it back
        assert give_back(world, order, 1).reason == UNOPENED


def test_before_delivery_a_return_is_refused_and_points_to_cancelling(world, shop):
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, socks=2)
    for reason in (SENIOR, UNOPENED):
        error = refused(world, order, SalesCode.RETURN_BEFORE_DELIVERY, reason=reason)
        assert "取消订单" in error.message


def test_any_reason_needs_the_senior_age_by_birth_year(world, shop):
    order = delivered_order(world, shop)
    year = timezone.localdate().year
    order.customer.birth_year = year - 59
    order.customer.save(update_fields=["birth_year"])
    refused(world, order, SalesCode.RETURN_NOT_SENIOR, reason=SENIOR)
    order.customer.birth_year = year - 60
    order.customer.save(update_fields=["birth_year"])
    assert give_back(world, order, 1, reason=SENIOR).reason == SENIOR
    order.customer.birth_year = None
    order.customer.save(update_fields=["birth_year"])
    refused(world, order, SalesCode.RETURN_NOT_SENIOR, reason=SENIOR)


def test_the_windows_follow_the_company_rules(world):
    with time_machine.travel(at_local(dt.date(2026, 3, 1), 10), tick=False) as clock:
        shop = open_shop(world.admin, stock_units=10)
        sales_rules(world.company, return_unopened_days=45)
        order = delivered_order(world, shop)
        clock.move_to(at_local(dt.date(2026, 4, 15), 20))
        give_back(world, order, 1)
        clock.move_to(at_local(dt.date(2026, 4, 16), 0, 1))
        refused(world, order, SalesCode.RETURN_WINDOW_CLOSED)


@pytest.mark.parametrize("quantity", [0, -1, 4, True, "1"])
def test_a_quantity_outside_one_to_what_was_bought_is_refused(world, shop, quantity):
    order = delivered_order(world, shop)
    refused(world, order, SalesCode.RETURN_QUANTITY_INVALID, quantity=quantity)


def test_what_was_returned_already_cannot_come_back_again(world, shop):
    order = delivered_order(world, shop)
    give_back(world, order, 2)
    error = refused(world, order, SalesCode.RETURN_QUANTITY_INVALID, quantity=2)
    assert error.extra["left"] == 1
    give_back(world, order, 1)
    refused(world, order, SalesCode.RETURN_QUANTITY_INVALID, quantity=1)
    line = order.lines.get()
    line.refresh_from_db()
    assert line.returned_quantity == 3


def test_the_same_line_twice_in_one_return_counts_together(world, shop):
    order = delivered_order(world, shop)
    line = order.lines.get()
    with pytest.raises(DomainError) as error:
        record_return(
            by=world.rep, order_id=order.pk, reason=UNOPENED, lines=[(line.pk, 2), (line.pk, 2)]
        )
    assert error.value.code == SalesCode.RETURN_QUANTITY_INVALID


def test_a_line_of_another_order_and_an_empty_return_are_refused(world, shop):
    order = delivered_order(world, shop)
    other = delivered_order(world, shop)
    refused(world, order, SalesCode.RETURN_QUANTITY_INVALID, line=other.lines.get())
    with pytest.raises(DomainError) as error:
        record_return(by=world.rep, order_id=order.pk, reason=UNOPENED, lines=[])
    assert error.value.code == SalesCode.RETURN_EMPTY


def test_an_unknown_reason_or_refund_method_is_refused(world, shop):
    order = delivered_order(world, shop)
    line = order.lines.get()
    with pytest.raises(DomainError) as error:
        record_return(by=world.rep, order_id=order.pk, reason="changed_mind", lines=[(line.pk, 1)])
    assert error.value.code == SalesCode.RETURN_REASON_INVALID
    with pytest.raises(DomainError) as error:
        record_return(
            by=world.rep,
            order_id=order.pk,
            reason=UNOPENED,
            lines=[(line.pk, 1)],
            refund_method="gold",
        )
    assert error.value.code == SalesCode.PAYMENT_TERMS_INVALID


def test_a_discount_is_apportioned_and_the_whole_order_comes_back_at_its_total(world, shop):
    # 3 x 68.00 = 204.00 less 10.00: each sock cost 64.666...
    order = delivered_order(world, shop, paid="194.00", discount="10.00", discount_reason="老顾客")
    values = [give_back(world, order, 1).value for _ in range(3)]
    assert values == [Decimal("64.67"), Decimal("64.66"), Decimal("64.67")]
    order.refresh_from_db()
    assert (order.returned_value, order.paid) == (Decimal("194.00"), Decimal("0.00"))


def test_with_a_deposit_the_refund_is_only_what_is_held_above_the_kept_goods(world, shop):
    customer = make_customer(world, step=1)
    order = place_test_order(
        shop, customer, by=world.rep, socks=3, terms=PaymentTerms.DEPOSIT, paid="100.00"
    )
    order = mark_delivered(order)
    first = give_back(world, order, 1)  # keeps 136.00 of goods, holds 100.00
    assert (first.value, first.refund) == (Decimal("68.00"), Decimal("0.00"))
    order.refresh_from_db()
    assert order.due == Decimal("36.00")
    second = give_back(world, order, 1)  # keeps 68.00, holds 100.00: 32.00 back
    assert (second.value, second.refund) == (Decimal("68.00"), Decimal("32.00"))
    order.refresh_from_db()
    assert (order.paid, order.due) == (Decimal("68.00"), Decimal("0.00"))


def test_a_kept_gift_never_reduces_the_refund(world, shop):
    order = delivered_order(world, shop, gifts=(shop.thermos, shop.towel))
    ret = give_back(world, order, 3)
    assert (ret.value, ret.refund) == (Decimal("204.00"), Decimal("204.00"))


def test_a_package_comes_back_as_its_contents(world, shop):
    customer = make_customer(world, step=1)
    order = place_test_order(
        shop,
        customer,
        by=world.rep,
        packages=2,
        socks=0,
        terms=PaymentTerms.PAID_NOW,
        paid="7960.00",
    )
    order = mark_delivered(order)  # 70 years old and 7,960 yuan: confirmed by the helper
    socks, pillows = units(world, shop, shop.socks), units(world, shop, shop.pillow)
    ret = give_back(world, order, 1)
    assert (ret.value, ret.refund) == (Decimal("3980.00"), Decimal("3980.00"))
    assert units(world, shop, shop.socks) == socks + 2
    assert units(world, shop, shop.pillow) == pillows + 1


def test_a_cancelled_order_has_nothing_to_return(world, shop):
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, socks=2)
    cancel_order(by=world.rep, order_id=order.pk, reason="客户不要了")
    refused(world, order, SalesCode.ORDER_STATE)


def test_returns_are_scoped_and_need_the_capability(world, shop):
    order = delivered_order(world, shop)
    with pytest.raises(NotFound):
        give_back(world, order, 1, by=world.rep_other_team)
    for outsider in (world.admin, world.event_staff, world.manager):
        with pytest.raises(DomainError) as error:
            give_back(world, order, 1, by=outsider)
        assert error.value.code == CoreCode.FORBIDDEN
    assert give_back(world, order, 1, by=world.service).by == world.service
    assert give_back(world, order, 1, by=world.supervisor).by == world.supervisor
    assert OrderLine.objects.get(order=order).returned_quantity == 2
