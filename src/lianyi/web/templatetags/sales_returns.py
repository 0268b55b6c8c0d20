"""The customer page's 退货 block: the customer's orders that were delivered, each with what
came back so far and a link to its return page (for those who record returns)."""

from __future__ import annotations

from typing import Any

from django import template

from lianyi.org.capabilities import Capability, has_capability
from lianyi.sales.models import OrderState
from lianyi.sales.selectors import orders_of_customer

register = template.Library()


@register.inclusion_tag("customers/_returns.html", takes_context=True)
def customer_returns(context: dict[str, Any], customer: Any) -> dict[str, Any]:
    user = context["request"].user
    if not has_capability(user, Capability.RETURNS_RECORD):
        return {"orders": []}
    delivered = (
        orders_of_customer(user=user, customer_id=customer.pk)
        .filter(state=OrderState.DELIVERED)
        .prefetch_related(None)
        .order_by("-placed_at", "-pk")
    )
    return {"orders": list(delivered[:20])}
