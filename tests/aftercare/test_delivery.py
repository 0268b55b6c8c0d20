"""Delivery and set-up at home (送货上门): only after the confirmation call, the whole
checklist, money at the door recorded once and never above what is due, one delivery per
order, and the rep's list of orders waiting for delivery."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from lianyi.aftercare.codes import AftercareCode
from lianyi.aftercare.services.delivery import record_delivery
from lianyi.core.errors import CoreCode, DomainError, InvalidInput, NotFound
from lianyi.core.models import AuditEntry
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import Delivery, OrderState, Payment, PaymentTerms
from lianyi.sales.selectors import orders_awaiting_delivery
from lianyi.sales.services.orders import cancel_order
from tests.conftest import make_customer
from tests.factories import confirm_test_order, deliver_test_order, open_shop, place_test_order

pytestmark = pytest.mark.django_db


def deliver(world, order, by=None, **overrides):
    fields = {
        "set_up": True,
        "use_explained": True,
        "precautions_explained": True,
        "receipt_handed_over": True,
        "notes": "",
    }
    fields.update(overrides)
    return record_delivery(by=by or world.rep, order_id=order.pk, **fields)


def refused(world, order, code, **overrides) -> DomainError:
    with pytest.raises(DomainError) as error:
        deliver(world, order, **overrides)
    assert error.value.code == code, error.value.message
    return error.value


def socks_order(world, shop, **kwargs):
    """A small order: confirmed when placed (no call needed)."""
    order = place_test_order(shop, make_customer(world, step=1), by=world.rep, socks=2, **kwargs)
    assert order.state == OrderState.CONFIRMED
    return order


def test_a_delivery_with_payment_at_the_door_delivers_the_order(world):
    shop = open_shop(world.admin)
    order = socks_order(world, shop)
    delivery = deliver_test_order(order, by=world.rep, amount="136.00")
    order.refresh_from_db()
    assert order.state == OrderState.DELIVERED and order.delivered_at == delivery.at
    assert order.paid == Decimal("136.00") and order.due == Decimal("0.00")
    entry = AuditEntry.objects.get(action="aftercare.delivery.recorded")
    assert entry.data["payment"] == "136.00" and entry.data["due"] == "0.00"


def test_delivery_before_the_confirmation_call_is_refused_and_allowed_after(world):
    shop = open_shop(world.admin)
    order = place_test_order(shop, make_customer(world, step=1), by=world.rep, packages=1, socks=0)
    error = refused(world, order, SalesCode.NOT_CONFIRMED)
    assert "回访确认" in error.message
    confirm_test_order(order, by=world.service)
    deliver(world, order)
    order.refresh_from_db()
    assert order.state == OrderState.DELIVERED


def test_a_cancelled_order_cannot_be_delivered(world):
    shop = open_shop(world.admin)
    order = socks_order(world, shop)
    cancel_order(by=world.rep, order_id=order.pk, reason="客户不要了")
    refused(world, order, SalesCode.ORDER_STATE)
    assert not Delivery.objects.exists()


def test_every_item_of_the_checklist_is_required_and_named(world):
    shop = open_shop(world.admin)
    order = socks_order(world, shop)
    with pytest.raises(InvalidInput) as error:
        deliver(world, order, set_up=False, receipt_handed_over=False)
    fields = [e["extra"]["field"] for e in error.value.extra["errors"]]
    assert fields == ["set_up", "receipt_handed_over"]
    assert error.value.code == AftercareCode.DELIVERY_CHECKLIST
    order.refresh_from_db()
    assert order.state == OrderState.CONFIRMED


def test_the_same_submission_twice_is_one_delivery_and_one_payment(world):
    shop = open_shop(world.admin)
    order = socks_order(world, shop)
    first = deliver_test_order(order, by=world.rep, amount="100.00", key="k1")
    again = deliver_test_order(order, by=world.rep, amount="100.00", key="k1")
    assert again.pk == first.pk
    assert Delivery.objects.count() == 1 and Payment.objects.count() == 1
    order.refresh_from_db()
    assert order.paid == Decimal("100.00")
    # Another submission on a delivered order is refused.
    error = refused(world, order, AftercareCode.ALREADY_DELIVERED, payment_key="k2")
    assert error.status == 409


def test_payment_above_what_is_due_is_refused_and_nothing_is_recorded(world):
    shop = open_shop(world.admin)
    order = socks_order(world, shop, terms=PaymentTerms.DEPOSIT, paid="36.00")
    refused(
        world,
        order,
        SalesCode.PAYMENT_ABOVE_DUE,
        payment_amount=Decimal("100.01"),
        payment_method="cash",
        payment_key="k",
    )
    order.refresh_from_db()
    assert order.state == OrderState.CONFIRMED and order.paid == Decimal("36.00")
    assert not Delivery.objects.exists()


def test_bad_money_and_a_payment_without_key_or_method_are_refused(world):
    shop = open_shop(world.admin)
    order = socks_order(world, shop)
    for amount in (Decimal("0"), Decimal("-1"), Decimal("1.005")):
        refused(
            world,
            order,
            SalesCode.AMOUNT_INVALID,
            payment_amount=amount,
            payment_method="cash",
            payment_key="k",
        )
    refused(
        world,
        order,
        SalesCode.PAYMENT_TERMS_INVALID,
        payment_amount=Decimal("1"),
        payment_method="gold",
        payment_key="k",
    )
    refused(
        world,
        order,
        AftercareCode.DELIVERY_KEY_REQUIRED,
        payment_amount=Decimal("1"),
        payment_method="cash",
    )


def test_delivery_is_scoped_and_needs_the_capability(world):
    shop = open_shop(world.admin)
    order = socks_order(world, shop)
    with pytest.raises(NotFound):
        deliver(world, order, by=world.rep_other_team)
    with pytest.raises(DomainError) as error:
        deliver(world, order, by=world.service)
    assert error.value.code == CoreCode.FORBIDDEN
    # The rep's supervisor may deliver for the team.
    deliver(world, order, by=world.supervisor)


def test_the_reps_orders_awaiting_delivery_are_theirs_and_oldest_first(world):
    shop = open_shop(world.admin)
    with time_machine.travel(timezone.now() - dt.timedelta(days=2), tick=False):
        old = socks_order(world, shop)
    new = socks_order(world, shop)
    waiting_call = place_test_order(
        shop, make_customer(world, step=1), by=world.rep, packages=1, socks=0
    )
    theirs = place_test_order(
        shop, make_customer(world, step=1, owner=world.rep_same_team), by=world.rep_same_team
    )
    assert list(orders_awaiting_delivery(user=world.rep, only_own=True)) == [old, new]
    assert waiting_call not in orders_awaiting_delivery(user=world.supervisor)
    assert theirs in orders_awaiting_delivery(user=world.supervisor)
    assert theirs not in orders_awaiting_delivery(user=world.supervisor, only_own=True)
    deliver_test_order(old, by=world.rep)
    assert list(orders_awaiting_delivery(user=world.rep, only_own=True)) == [new]
