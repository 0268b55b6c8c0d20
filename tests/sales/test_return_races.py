"""Two returns of the last unit of a line at the same moment, on PostgreSQL with real threads:
the order's row lock lets one through; the other sees nothing left and is refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lianyi.core.errors import DomainError
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import PaymentKind, PaymentTerms, Return, ReturnReason
from lianyi.sales.selectors import stock_levels
from lianyi.sales.services.returns import record_return
from tests.conftest import make_customer
from tests.factories import mark_delivered, open_shop, place_test_order
from tests.sales.test_order_races import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_returns_of_the_last_unit_at_once_take_it_back_once(world):
    shop = open_shop(world.admin, stock_units=5)
    customer = make_customer(world, step=1)
    order = place_test_order(
        shop, customer, by=world.rep, socks=1, terms=PaymentTerms.PAID_NOW, paid="68.00"
    )
    mark_delivered(order)
    line = order.lines.get()

    def give_back(by):  # type: ignore[no-untyped-def]
        return lambda: record_return(
            by=by,
            order_id=order.pk,
            reason=ReturnReason.UNOPENED,
            lines=[(line.pk, 1)],
            refund_method="cash",
        )

    results = race([give_back(world.rep), give_back(world.service)])

    assert sum(isinstance(r, Return) for r in results) == 1
    assert [r.code for r in results if isinstance(r, DomainError)] == [
        SalesCode.RETURN_QUANTITY_INVALID
    ]
    order.refresh_from_db()
    assert (order.returned_value, order.paid) == (Decimal("68.00"), Decimal("0.00"))
    assert order.payments.filter(kind=PaymentKind.REFUND).count() == 1
    level = stock_levels(user=world.admin, store_room_id=shop.room.pk).get(product=shop.socks)
    assert level.quantity == 5
