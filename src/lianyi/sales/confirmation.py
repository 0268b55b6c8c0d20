"""Whether an order waits for a confirmation call (回访确认), and why: a senior customer (by
birth year) buying at least the company's amount, or a second order within the company's days.
The reasons are codes, shown to customer service next to the call."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from lianyi.customers.models import Customer
from lianyi.sales.models import Order, OrderState, SalesRules

SENIOR_LARGE = "senior_large"
REPEAT_ORDER = "repeat_order"


def confirmation_reasons(
    customer: Customer, total: Decimal, placed_at: datetime, rules: SalesRules
) -> list[str]:
    reasons: list[str] = []
    year = placed_at.year
    if (
        customer.birth_year is not None
        and year - customer.birth_year >= rules.senior_age
        and total >= rules.confirmation_min_amount
    ):
        reasons.append(SENIOR_LARGE)
    since = placed_at - timedelta(days=rules.confirmation_repeat_days)
    recent = (
        Order.objects.filter(customer=customer, placed_at__gte=since, placed_at__lte=placed_at)
        .exclude(state=OrderState.CANCELLED)
        .exists()
    )
    if recent:
        reasons.append(REPEAT_ORDER)
    return reasons
