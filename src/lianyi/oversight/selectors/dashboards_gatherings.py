"""Per gathering (those starting in the period, or the one chosen): invited, delivered,
boarded, attended, attended after both visits, bought, revenue and returns, for the customers in
the viewer's scope. Four queries whatever the number of gatherings and guests."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianyi.core.db import reporting_alias
from lianyi.customers.models import Customer
from lianyi.gatherings.models import CheckIn, CheckInList, Gathering, Invitation, InvitationState
from lianyi.journey.models import Touchpoint
from lianyi.journey.steps import TouchpointKind
from lianyi.oversight.selectors.dashboards import (
    Cell,
    DashboardFilter,
    Figure,
    bar_chart,
    customer_scope,
    dashboard_gatherings,
    in_period,
    value_rows,
)
from lianyi.sales.models import Order, OrderState, Return

METRICS = [
    ("invited", gettext_lazy("邀请")),
    ("delivered", gettext_lazy("送达")),
    ("boarded", gettext_lazy("上车")),
    ("attended", gettext_lazy("到场")),
    ("visited_attended", gettext_lazy("两次家访后到场")),
    ("bought", gettext_lazy("购买")),
]
METRIC_NAMES = [m[0] for m in METRICS]


def _checked_in(kind: str) -> Exists:
    return Exists(CheckIn.objects.filter(invitation_id=OuterRef("pk"), list_kind=kind))


def gatherings_covered(*, user: Any, f: DashboardFilter) -> QuerySet[Gathering]:
    rows = dashboard_gatherings(user=user)
    if f.gathering_id is not None:
        return rows.filter(pk=f.gathering_id)
    return rows.filter(in_period(f, "starts_at"))


def gathering_invitations(*, user: Any, f: DashboardFilter) -> QuerySet[Invitation]:
    """The invitations of the covered gatherings, in scope, with what became of each."""
    return (
        Invitation.objects.using(reporting_alias())
        .filter(
            customer_scope(user, f, prefix="customer__"),
            gathering__in=gatherings_covered(user=user, f=f),
        )
        .exclude(state=InvitationState.REVOKED)
        .annotate(
            is_boarded=_checked_in(CheckInList.BOARDING),
            is_attended=_checked_in(CheckInList.DOOR),
            first_visit=Exists(
                Touchpoint.objects.filter(
                    customer_id=OuterRef("customer_id"), kind=TouchpointKind.FIRST_VISIT
                )
            ),
            second_visit=Exists(
                Touchpoint.objects.filter(
                    invitation_id=OuterRef("pk"), kind=TouchpointKind.SECOND_VISIT
                )
            ),
        )
    )


def gathering_orders(*, user: Any, f: DashboardFilter) -> QuerySet[Order]:
    return (
        Order.objects.using(reporting_alias())
        .filter(
            customer_scope(user, f, prefix="customer__"),
            gathering__in=gatherings_covered(user=user, f=f),
        )
        .exclude(state=OrderState.CANCELLED)
    )


INVITATION_CONDITIONS = {
    "invited": Q(pk__isnull=False),
    "delivered": Q(delivered_at__isnull=False),
    "boarded": Q(is_boarded=True),
    "attended": Q(is_attended=True),
    "visited_attended": Q(is_attended=True, first_visit=True, second_visit=True),
}


def gatherings(*, user: Any, f: DashboardFilter) -> Figure:
    covered = list(gatherings_covered(user=user, f=f).order_by("starts_at", "pk"))
    invitations: dict[int, dict[str, Any]] = {
        row["gathering_id"]: row
        for row in value_rows(
            gathering_invitations(user=user, f=f)
            .order_by()
            .values("gathering_id")
            .annotate(
                **{name: Count("pk", filter=cond) for name, cond in INVITATION_CONDITIONS.items()}
            )
        )
    }
    orders: dict[int, dict[str, Any]] = {
        row["gathering_id"]: row
        for row in value_rows(
            gathering_orders(user=user, f=f)
            .order_by()
            .values("gathering_id")
            .annotate(bought=Count("customer_id", distinct=True), revenue=Sum("total"))
        )
    }
    returned = {
        row["order__gathering_id"]: row["value"]
        for row in value_rows(
            Return.objects.using(reporting_alias())
            .filter(order__in=gathering_orders(user=user, f=f))
            .order_by()
            .values("order__gathering_id")
            .annotate(value=Sum("value"))
        )
    }
    zero = Decimal("0.00")
    rows: list[list[Any]] = []
    series: dict[str, list[int]] = {name: [] for name in METRIC_NAMES}
    for gathering in covered:
        counts: dict[str, Any] = {
            **invitations.get(gathering.pk, {}),
            **orders.get(gathering.pk, {}),
        }
        narrow = {"gathering": str(gathering.pk)}
        for name in METRIC_NAMES:
            series[name].append(counts.get(name, 0))
        rows.append(
            [
                f"{gathering.name} {gathering.starts_at.astimezone(_zone(f)):%m-%d}",
                *[Cell(counts.get(name, 0), f"gathering.{name}", narrow) for name in METRIC_NAMES],
                counts.get("revenue") or zero,
                returned.get(gathering.pk) or zero,
            ]
        )
    return Figure(
        key="gatherings",
        title=_("各场联谊会"),
        columns=[
            _("联谊会"),
            *[str(label) for _n, label in METRICS],
            _("销售额（元）"),
            _("退货（元）"),
        ],
        rows=rows,
        chart={
            **bar_chart(
                [str(row[0]) for row in rows],
                [(str(label), series[name]) for name, label in METRICS],
            ),
            # Side by side: each count is part of the one before it, not an addition to it.
            "series": [
                {"type": "bar", "name": str(label), "data": series[name]} for name, label in METRICS
            ],
        },
        note=_("期间内开始的联谊会（或所选的一场），您范围内的客户。"),
    )


def _zone(f: DashboardFilter) -> ZoneInfo:
    return ZoneInfo(f.time_zone)


def gathering_customers(*, user: Any, f: DashboardFilter, metric: str) -> QuerySet[Customer]:
    """The customers behind one number of the per-gathering table."""
    if metric == "bought":
        rows: QuerySet[Any] = gathering_orders(user=user, f=f)
    elif metric in INVITATION_CONDITIONS:
        rows = gathering_invitations(user=user, f=f).filter(INVITATION_CONDITIONS[metric])
    else:
        raise ValueError(metric)
    return Customer.objects.using(reporting_alias()).filter(
        pk__in=rows.order_by().values("customer_id")
    )
