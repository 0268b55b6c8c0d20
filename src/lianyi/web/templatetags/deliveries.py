"""The today page's 待送货 block: the user's own confirmed orders waiting for delivery. A tag,
so that the today view stays as it is and the block costs two queries (count and first rows)."""

from __future__ import annotations

from typing import Any

from django import template

from lianyi.org.capabilities import Capability, has_capability
from lianyi.sales.selectors import orders_awaiting_delivery

register = template.Library()

TODAY_ROWS = 5


@register.inclusion_tag("today/_deliveries.html", takes_context=True)
def deliveries_today(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    if not has_capability(user, Capability.DELIVERY_RECORD):
        return {"total": 0, "orders": []}
    orders = orders_awaiting_delivery(user=user, only_own=True)
    total = orders.count()
    return {"total": total, "orders": list(orders[:TODAY_ROWS]) if total else []}
