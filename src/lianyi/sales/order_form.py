"""What the order form offers besides the catalogue: the gatherings at whose door the customer
was admitted (an order there names one of them), newest first."""

from __future__ import annotations

from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import QuerySet

from lianyi.core.clock import now
from lianyi.customers.models import Customer
from lianyi.gatherings.models import CheckInList, Gathering
from lianyi.gatherings.selectors.planning import visible_gatherings

ADMITTED_GATHERINGS_SHOWN = 5


def admitted_gatherings(*, user: Any, customer: Customer) -> QuerySet[Gathering]:
    """The user's company's gatherings the customer was admitted at (at the door)."""
    return (
        visible_gatherings(user=user)
        .filter(
            check_ins__invitation__customer=customer,
            check_ins__list_kind=CheckInList.DOOR,
        )
        .distinct()
        .order_by("-starts_at", "-id")[:ADMITTED_GATHERINGS_SHOWN]
    )


def selling_day(customer: Customer) -> date:
    """Today in the customer's company's time zone: the day whose price list an order takes."""
    tz = ZoneInfo(customer.company.time_zone)
    return now().astimezone(tz).date()
