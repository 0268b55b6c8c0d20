"""The funnel: of the customers registered in the period, how many reached each step of the
process by its end (registered -> first call -> first visit -> second call -> invitation
delivered -> attended -> bought -> referred), the conversion between steps and the median time
each step took. A step counts once every step before it was reached too, so the funnel only
narrows. One query: each cohort customer's first moment of each step."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from statistics import median
from typing import Any

from django.db.models import F, Min, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianyi.core.db import reporting_alias
from lianyi.customers.models import Customer
from lianyi.gatherings.models import CheckIn, CheckInList, Invitation
from lianyi.journey.models import Touchpoint
from lianyi.journey.steps import CallOutcome, TouchpointKind
from lianyi.oversight.selectors.dashboards import (
    Cell,
    DashboardFilter,
    Figure,
    bar_chart,
    customer_scope,
    in_period,
    percent,
)
from lianyi.sales.models import Order, OrderState

STEPS = [
    ("registered", gettext_lazy("登记")),
    ("first_call", gettext_lazy("第一次电话")),
    ("first_visit", gettext_lazy("第一次家访")),
    ("second_call", gettext_lazy("第二次电话")),
    ("delivered", gettext_lazy("邀请函送达")),
    ("attended", gettext_lazy("到场")),
    ("bought", gettext_lazy("购买")),
    ("referred", gettext_lazy("转介绍")),
]
STEP_NAMES = [name for name, _label in STEPS]
SECONDS_PER_DAY = Decimal(86400)


def _first(rows: QuerySet[Any], moment: str, key: str) -> Subquery:
    return Subquery(
        rows.filter(**{key: OuterRef("pk")})
        .order_by()
        .values(key)
        .annotate(first=Min(moment))
        .values("first")[:1]
    )


def _step_moments(f: DashboardFilter) -> dict[str, Any]:
    """Each step's first moment before the end of the period, per customer."""
    until = f.until
    touchpoints = Touchpoint.objects.filter(occurred_at__lt=until)
    return {
        "first_call": _first(
            touchpoints.filter(kind=TouchpointKind.FIRST_CALL, outcome=CallOutcome.AGREED),
            "occurred_at",
            "customer_id",
        ),
        "first_visit": _first(
            touchpoints.filter(kind=TouchpointKind.FIRST_VISIT), "occurred_at", "customer_id"
        ),
        "second_call": _first(
            touchpoints.filter(
                kind=TouchpointKind.SECOND_CALL,
                outcome=CallOutcome.AGREED,
                invitation_accepted=True,
            ),
            "occurred_at",
            "customer_id",
        ),
        "delivered": _first(
            Invitation.objects.filter(delivered_at__lt=until), "delivered_at", "customer_id"
        ),
        "attended": _first(
            CheckIn.objects.filter(list_kind=CheckInList.DOOR, at__lt=until),
            "at",
            "invitation__customer_id",
        ),
        "bought": _first(
            Order.objects.filter(placed_at__lt=until).exclude(state=OrderState.CANCELLED),
            "placed_at",
            "customer_id",
        ),
        "referred": _first(
            Customer.objects.filter(created_at__lt=until), "created_at", "referrer_id"
        ),
    }


def funnel_cohort(*, user: Any, f: DashboardFilter) -> QuerySet[Customer]:
    """The customers registered in the period, in scope, with each step's first moment."""
    return (
        Customer.objects.using(reporting_alias())
        .filter(customer_scope(user, f), in_period(f, "created_at"))
        .annotate(registered=F("created_at"), **_step_moments(f))
    )


def customers_at_step(*, user: Any, f: DashboardFilter, step: str) -> QuerySet[Customer]:
    """The cohort customers who reached ``step`` (and every step before it)."""
    reached = STEP_NAMES[: STEP_NAMES.index(step) + 1]
    return funnel_cohort(user=user, f=f).filter(
        **{f"{name}__isnull": False for name in reached[1:]}
    )


def _days(seconds: list[float]) -> Decimal | None:
    if not seconds:
        return None
    return (Decimal(median(seconds)) / SECONDS_PER_DAY).quantize(Decimal("0.1"))


def funnel(*, user: Any, f: DashboardFilter) -> Figure:
    rows = funnel_cohort(user=user, f=f).values_list(*STEP_NAMES)
    reached = [0] * len(STEPS)
    waits: list[list[float]] = [[] for _s in STEPS]
    for moments in rows:
        previous: datetime | None = None
        for index, moment in enumerate(moments):
            if moment is None:
                break
            reached[index] += 1
            if previous is not None:
                waits[index].append(max((moment - previous).total_seconds(), 0.0))
            previous = moment
    table = []
    for index, (name, label) in enumerate(STEPS):
        table.append(
            [
                str(label),
                Cell(reached[index], figure=f"funnel.{name}"),
                percent(reached[index], reached[index - 1]) if index else None,
                percent(reached[index], reached[0]),
                _days(waits[index]) if index else None,
            ]
        )
    return Figure(
        key="funnel",
        title=_("转化漏斗"),
        columns=[
            _("步骤"),
            _("客户数"),
            _("较上一步 %"),
            _("较登记 %"),
            _("中位天数"),
        ],
        rows=table,
        chart=bar_chart([str(label) for _n, label in STEPS], [(_("客户数"), reached)]),
        note=_("期间内登记的客户，到期末为止走到每一步的人数；用时为从上一步到这一步的中位天数。"),
    )
