"""Reads of the journey: a user's agenda (今日) and a customer's timeline."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import QuerySet

from lianyi.core.clock import local_day_bounds, now
from lianyi.customers.models import Customer
from lianyi.customers.selectors import get_customer, visible_customers
from lianyi.journey.models import Touchpoint

AGENDA_LIMIT = 200


def agenda(*, user: Any, day: date | None = None, only_own: bool = True) -> QuerySet[Customer]:
    """The calls and visits due on ``day`` or overdue, in time order. A customer who withdrew
    consent or asked not to be contacted has no due action and so never appears."""
    company = user.company
    tz = company.quiet_hours().tz
    local_today = now().astimezone(tz).date()
    _start, end = local_day_bounds(day or local_today, tz)
    qs = visible_customers(user=user)
    if only_own:
        qs = qs.filter(owner=user)
    return (
        qs.filter(
            next_due_at__lt=end,
            consent_contact=True,
            do_not_contact=False,
        )
        .exclude(next_action="")
        .order_by("next_due_at", "id")[:AGENDA_LIMIT]
    )


def upcoming(*, user: Any, days: int = 7) -> QuerySet[Customer]:
    """What falls due in the next ``days`` days after today, for planning ahead."""
    tz = user.company.quiet_hours().tz
    _s, end_today = local_day_bounds(now().astimezone(tz).date(), tz)
    return (
        visible_customers(user=user)
        .filter(
            owner=user,
            next_due_at__gte=end_today,
            next_due_at__lt=end_today + timedelta(days=days),
            consent_contact=True,
            do_not_contact=False,
        )
        .exclude(next_action="")
        .order_by("next_due_at", "id")[:AGENDA_LIMIT]
    )


def timeline(*, user: Any, customer_id: Any) -> tuple[Customer, QuerySet[Touchpoint]]:
    customer = get_customer(user=user, customer_id=customer_id)
    return customer, (
        Touchpoint.objects.filter(customer=customer)
        .select_related("by", "invitation", "invitation__gathering")
        .order_by("occurred_at", "id")
    )


def is_overdue(customer: Customer, at: datetime | None = None) -> bool:
    moment = at or now()
    return customer.next_due_until is not None and customer.next_due_until < moment
