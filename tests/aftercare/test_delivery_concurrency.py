"""Two submissions of the delivery form at the same moment, on PostgreSQL with real threads:
one delivery and one payment, the order delivered once."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection

from lianyi.aftercare.codes import AftercareCode
from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.sales.models import Delivery, OrderState, Payment
from tests.conftest import make_customer
from tests.factories import deliver_test_order, open_shop, place_test_order

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


def test_the_same_delivery_sent_twice_at_once_is_one_delivery_and_one_payment(world):
    shop = open_shop(world.admin)
    order = place_test_order(shop, make_customer(world, step=1), by=world.rep, socks=2)
    results = race(
        [lambda: deliver_test_order(order, by=world.rep, amount="136.00", key="same")] * 2
    )
    assert all(isinstance(r, Delivery) for r in results), results
    assert results[0].pk == results[1].pk
    assert Delivery.objects.count() == 1 and Payment.objects.count() == 1
    order.refresh_from_db()
    assert order.state == OrderState.DELIVERED and order.paid == Decimal("136.00")
    assert AuditEntry.objects.filter(action="aftercare.delivery.recorded").count() == 1


def test_two_different_delivery_submissions_at_once_deliver_once(world):
    shop = open_shop(world.admin)
    order = place_test_order(shop, make_customer(world, step=1), by=world.rep, socks=2)
    results = race(
        [
            lambda: deliver_test_order(order, by=world.rep, amount="136.00", key="a"),
            lambda: deliver_test_order(order, by=world.supervisor, amount="136.00", key="b"),
        ]
    )
    delivered = [r for r in results if isinstance(r, Delivery)]
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(delivered) == 1 and len(refused) == 1
    assert refused[0].code == AftercareCode.ALREADY_DELIVERED
    assert Delivery.objects.count() == 1 and Payment.objects.count() == 1
