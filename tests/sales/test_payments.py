"""Payments: each submission counts once, never above what is due, and only for a live order."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lianyi.core.errors import CoreCode, DomainError, NotFound
from lianyi.core.models import AuditEntry
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import Payment, PaymentTerms
from lianyi.sales.services import orders
from lianyi.sales.services.payments import record_payment
from tests.conftest import make_customer
from tests.factories import open_shop, place_test_order


@pytest.fixture
def order(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    return place_test_order(shop, customer, by=world.rep, socks=3)  # 204.00 on delivery


def pay(world, order, amount, key="door-1", method="cash", by=None):
    return record_payment(
        by=by or world.rep, order_id=order.pk, amount=Decimal(amount), method=method, key=key
    )


def test_a_payment_lowers_what_is_due_and_is_audited(world, order):
    pay(world, order, "100.00", key="a")
    pay(world, order, "104.00", key="b", method="wechat")
    order.refresh_from_db()
    assert order.paid == Decimal("204.00") and order.due == Decimal("0.00")
    entries = AuditEntry.objects.filter(action="sales.payment.recorded").order_by("pk")
    assert [e.data["due"] for e in entries] == ["104.00", "0.00"]


def test_the_same_submission_twice_records_one_payment(world, order):
    first = pay(world, order, "100.00")
    again = pay(world, order, "100.00")
    assert again.pk == first.pk and Payment.objects.count() == 1
    with pytest.raises(DomainError) as other_amount:
        pay(world, order, "90.00")
    assert other_amount.value.code == SalesCode.PAYMENT_KEY_REUSED
    order.refresh_from_db()
    assert order.paid == Decimal("100.00")


@pytest.mark.parametrize("amount", ["0", "-5", "204.01", "0.001", "NaN"])
def test_a_payment_of_nothing_or_above_what_is_due_is_refused(world, order, amount):
    with pytest.raises(DomainError) as error:
        pay(world, order, amount)
    assert error.value.code in (SalesCode.AMOUNT_INVALID, SalesCode.PAYMENT_ABOVE_DUE)
    if amount == "204.01":
        assert error.value.code == SalesCode.PAYMENT_ABOVE_DUE
        assert error.value.extra["due"] == "204.00"
    assert not Payment.objects.exists()


def test_payments_need_a_method_a_key_a_live_order_and_the_customers_scope(world, order):
    with pytest.raises(DomainError) as method:
        pay(world, order, "10.00", method="gold")
    assert method.value.code == SalesCode.PAYMENT_TERMS_INVALID
    with pytest.raises(DomainError) as key:
        pay(world, order, "10.00", key="")
    assert key.value.code == CoreCode.REQUIRED
    with pytest.raises(NotFound):
        pay(world, order, "10.00", by=world.rep_other_team)
    with pytest.raises(DomainError) as forbidden:
        pay(world, order, "10.00", by=world.event_staff)
    assert forbidden.value.code == CoreCode.FORBIDDEN
    orders.cancel_order(by=world.rep, order_id=order.pk, reason="不要了")
    with pytest.raises(DomainError) as cancelled:
        pay(world, order, "10.00")
    assert cancelled.value.code == SalesCode.ORDER_STATE
    assert not Payment.objects.exists()


def test_a_deposit_leaves_the_rest_due(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    order = place_test_order(
        shop, customer, by=world.rep, socks=3, terms=PaymentTerms.DEPOSIT, paid="50.00"
    )
    assert order.due == Decimal("154.00")
    with pytest.raises(DomainError) as above:
        pay(world, order, "154.50")
    assert above.value.code == SalesCode.PAYMENT_ABOVE_DUE
