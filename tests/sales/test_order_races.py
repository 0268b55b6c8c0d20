"""Orders and payments at the same moment, on PostgreSQL with real threads: the last unit is
sold once, the same payment or order submission sent twice at once is recorded once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from lianyi.core.errors import DomainError
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import Order, Payment, PaymentTerms
from lianyi.sales.selectors import stock_levels
from lianyi.sales.services.payments import record_payment
from tests.conftest import make_customer
from tests.factories import open_shop, place_test_order

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def race(calls: list[Callable[[], Any]]) -> list[Any]:
    """Run the calls at once (a barrier), each on its own connection; results or errors."""
    barrier = threading.Barrier(len(calls))

    def run(call: Callable[[], Any]) -> Any:
        try:
            barrier.wait()
            return call()
        except DomainError as error:
            return error
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return [f.result() for f in [pool.submit(run, call) for call in calls]]


def test_two_reps_ordering_the_last_unit_cannot_both_get_it(world):
    shop = open_shop(world.admin, stock_units=1)
    mine = make_customer(world, step=1)
    theirs = make_customer(world, step=1, owner=world.rep_same_team, name="王秀英")
    results = race(
        [
            lambda: place_test_order(shop, mine, by=world.rep, socks=1),
            lambda: place_test_order(shop, theirs, by=world.rep_same_team, socks=1),
        ]
    )
    placed = [r for r in results if isinstance(r, Order)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(placed) == 1 and len(refused) == 1
    assert refused[0].code == SalesCode.STOCK_SHORT
    level = stock_levels(user=world.admin, store_room_id=shop.room.pk).get(product=shop.socks)
    assert level.quantity == 0
    assert Order.objects.count() == 1


def test_the_same_order_form_sent_twice_at_once_places_one_order(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    results = race(
        [
            lambda: place_test_order(shop, customer, by=world.rep, socks=2, key="form-9")
            for _ in range(3)
        ]
    )
    assert all(isinstance(r, Order) for r in results), results
    assert len({r.pk for r in results}) == 1
    assert Order.objects.count() == 1
    level = stock_levels(user=world.admin, store_room_id=shop.room.pk).get(product=shop.socks)
    assert level.quantity == 48


def test_the_same_payment_sent_twice_at_once_is_recorded_once(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, socks=3, terms=PaymentTerms.ON_DELIVERY)

    def pay(key: str, amount: str) -> Any:
        return record_payment(
            by=world.rep, order_id=order.pk, amount=Decimal(amount), method="cash", key=key
        )

    same = race([lambda: pay("door", "204.00"), lambda: pay("door", "204.00")])
    assert all(isinstance(r, Payment) for r in same) and same[0].pk == same[1].pk
    order.refresh_from_db()
    assert order.paid == Decimal("204.00") and Payment.objects.count() == 1


def test_two_payments_at_once_never_exceed_what_is_due(world):
    shop = open_shop(world.admin)
    customer = make_customer(world, step=1)
    order = place_test_order(shop, customer, by=world.rep, socks=3)  # 204.00 due

    results = race(
        [
            lambda: record_payment(
                by=world.rep, order_id=order.pk, amount=Decimal("150.00"), method="cash", key="a"
            ),
            lambda: record_payment(
                by=world.rep, order_id=order.pk, amount=Decimal("150.00"), method="cash", key="b"
            ),
        ]
    )
    assert sum(isinstance(r, Payment) for r in results) == 1
    assert [r.code for r in results if isinstance(r, DomainError)] == [SalesCode.PAYMENT_ABOVE_DUE]
    order.refresh_from_db()
    assert order.paid == Decimal("150.00")
