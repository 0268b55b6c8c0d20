"""The customer page's orders: the latest orders with whether the user may order
(customers/_orders.html), and the timeline with the orders and payments merged in."""

from __future__ import annotations

from typing import Any

from lianyi.customers.models import Customer
from lianyi.org.capabilities import Capability, has_capability
from lianyi.sales.selectors import orders_of_customer
from lianyi.sales.timeline import merged, order_entries

CUSTOMER_ORDERS_SHOWN = 10


def customer_orders_context(user: Any, customer: Customer) -> dict[str, Any]:
    """What customers/_orders.html shows: the latest orders and whether the user may order."""
    rows = orders_of_customer(user=user, customer_id=customer.pk).prefetch_related(None)
    return {
        "orders": list(rows[:CUSTOMER_ORDERS_SHOWN]),
        "orders_total": rows.count(),
        "can_order": has_capability(user, Capability.ORDERS_PLACE) and customer.contactable,
    }


def customer_timeline_rows(user: Any, customer: Customer, touchpoints: list[Any]) -> list[Any]:
    """The touchpoints with the customer's orders and payments, oldest first."""
    return merged(touchpoints, order_entries(user=user, customer_id=customer.pk))
