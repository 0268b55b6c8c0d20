"""2+2+2 adherence and the overdue work, per rep.

- Invitations issued in the period whose delivery time has come (delivered, or the agreed slot
  is over) without both calls and both visits: the first call, the first visit, the second
  (invitation) call and the second visit that handed this invitation over.
- Second calls of the period made outside the company's window after the first visit (by
  default the next day or the one after, in local days).
- Overdue items by age: customers whose next step is past its latest moment and open
  after-sales tasks past theirs (current, whatever the period)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianyi.aftercare.models import ProgrammeTask, TaskState
from lianyi.core.clock import now
from lianyi.core.db import reporting_alias
from lianyi.customers.models import Customer
from lianyi.gatherings.models import Invitation, InvitationState
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
    rep_labels,
    value_rows,
)

# (name, label, at least, less than) of how long ago an item fell due.
AGE_BUCKETS = [
    ("under_1d", gettext_lazy("1天内"), timedelta(0), timedelta(days=1)),
    ("1_3d", gettext_lazy("1-3天"), timedelta(days=1), timedelta(days=3)),
    ("3_7d", gettext_lazy("3-7天"), timedelta(days=3), timedelta(days=7)),
    ("over_7d", gettext_lazy("7天以上"), timedelta(days=7), None),
]
BUCKET_NAMES = [b[0] for b in AGE_BUCKETS]


def _rep_name(labels: dict[int, str], rep_id: int | None) -> str:
    return labels.get(rep_id or 0) or _("（范围外）")


def _touched(kind: str, **extra: Any) -> Exists:
    return Exists(
        Touchpoint.objects.filter(customer_id=OuterRef("customer_id"), kind=kind, **extra)
    )


def due_invitations(*, user: Any, f: DashboardFilter) -> QuerySet[Invitation]:
    """Invitations issued in the period, in scope, whose delivery is due, each marked with
    whether the whole 2+2+2 led to it (``complete``)."""
    at = now()
    return (
        Invitation.objects.using(reporting_alias())
        .filter(customer_scope(user, f, prefix="customer__"), in_period(f, "issued_at"))
        .exclude(state=InvitationState.REVOKED)
        .filter(Q(delivered_at__isnull=False) | Q(delivery_slot_end__lt=at))
        .annotate(
            first_call=_touched(TouchpointKind.FIRST_CALL, outcome=CallOutcome.AGREED),
            first_visit=_touched(TouchpointKind.FIRST_VISIT),
            second_call=_touched(TouchpointKind.SECOND_CALL, outcome=CallOutcome.AGREED),
            second_visit=Exists(
                Touchpoint.objects.filter(
                    invitation_id=OuterRef("pk"), kind=TouchpointKind.SECOND_VISIT
                )
            ),
        )
    )


COMPLETE = Q(first_call=True, first_visit=True, second_call=True, second_visit=True)


def adherence(*, user: Any, f: DashboardFilter) -> Figure:
    labels = rep_labels(user=user)
    counts = value_rows(
        due_invitations(user=user, f=f)
        .order_by()
        .values("customer__owner_id")
        .annotate(issued=Count("pk"), incomplete=Count("pk", filter=~COMPLETE))
    )
    per_rep = sorted(
        ((_rep_name(labels, c["customer__owner_id"]), c) for c in counts), key=lambda r: r[0]
    )
    rows = [
        [
            name,
            Cell(c["issued"], "adherence.due", {"rep": str(c["customer__owner_id"])}),
            Cell(c["incomplete"], "adherence.incomplete", {"rep": str(c["customer__owner_id"])}),
            percent(c["incomplete"], c["issued"]),
        ]
        for name, c in per_rep
    ]
    return Figure(
        key="adherence",
        title=_("2+2+2 执行：缺少电话或家访的邀请函"),
        columns=[_("服务专员"), _("应送邀请函"), _("流程不全"), _("占比 %")],
        rows=rows,
        chart=bar_chart(
            [name for name, _c in per_rep],
            [
                (_("流程完整"), [c["issued"] - c["incomplete"] for _n, c in per_rep]),
                (_("缺少电话或家访"), [c["incomplete"] for _n, c in per_rep]),
            ],
        ),
        note=_(
            "期间内开具、已到送函时间的邀请函中，缺少第一次电话、第一次家访、第二次电话或送函家访的。"
        ),
    )


def second_calls(*, user: Any, f: DashboardFilter) -> QuerySet[Touchpoint]:
    """The second calls of the period, in scope, with the first visit's moment."""
    first_visit = Touchpoint.objects.filter(
        customer_id=OuterRef("customer_id"), kind=TouchpointKind.FIRST_VISIT
    ).values("occurred_at")[:1]
    return (
        Touchpoint.objects.using(reporting_alias())
        .filter(
            customer_scope(user, f, prefix="customer__"),
            in_period(f, "occurred_at"),
            kind=TouchpointKind.SECOND_CALL,
        )
        .annotate(first_visit_at=Subquery(first_visit))
    )


def _outside_window(user: Any, f: DashboardFilter) -> list[tuple[int, int, bool]]:
    """(owner id, customer id, outside the window) of each second call of the period."""
    company = user.company
    zone = ZoneInfo(f.time_zone)
    rows: list[tuple[Any, ...]] = list(
        second_calls(user=user, f=f).values_list(  # type: ignore[misc]
            "customer__owner_id", "customer_id", "occurred_at", "first_visit_at"
        )
    )
    found = []
    for owner_id, customer_id, called_at, visited_at in rows:
        if visited_at is None:
            outside = True
        else:
            days = (called_at.astimezone(zone).date() - visited_at.astimezone(zone).date()).days
            outside = not company.second_call_min_days <= days <= company.second_call_max_days
        found.append((owner_id, customer_id, outside))
    return found


def late_second_call_customers(*, user: Any, f: DashboardFilter) -> list[int]:
    return sorted({customer for _o, customer, outside in _outside_window(user, f) if outside})


def second_call_window(*, user: Any, f: DashboardFilter) -> Figure:
    labels = rep_labels(user=user)
    tally: dict[int, list[int]] = {}
    for owner_id, _customer, outside in _outside_window(user, f):
        counts = tally.setdefault(owner_id, [0, 0])
        counts[0] += 1
        counts[1] += outside
    per_rep = sorted(((_rep_name(labels, k), k, v) for k, v in tally.items()), key=lambda r: r[0])
    company = user.company
    return Figure(
        key="second_calls",
        title=_("第二次电话不在家访后 %(min)s-%(max)s 天内")
        % {"min": company.second_call_min_days, "max": company.second_call_max_days},
        columns=[_("服务专员"), _("第二次电话"), _("不在时间窗内"), _("占比 %")],
        rows=[
            [
                name,
                counts[0],
                Cell(counts[1], "adherence.late_second_call", {"rep": str(owner)}),
                percent(counts[1], counts[0]),
            ]
            for name, owner, counts in per_rep
        ],
        chart=bar_chart(
            [name for name, _o, _c in per_rep],
            [
                (_("按时"), [c[0] - c[1] for _n, _o, c in per_rep]),
                (_("不在时间窗内"), [c[1] for _n, _o, c in per_rep]),
            ],
        ),
    )


def _age(field_name: str, bucket: str) -> Q:
    at = now()
    for name, _label, least, less_than in AGE_BUCKETS:
        if name == bucket:
            condition = Q(**{f"{field_name}__lte": at - least})
            if less_than is not None:
                condition &= Q(**{f"{field_name}__gt": at - less_than})
            return condition
    raise ValueError(bucket)


def overdue_customers(*, user: Any, f: DashboardFilter, bucket: str) -> QuerySet[Customer]:
    """Customers in scope whose next step, or one of whose after-sales tasks, is overdue by
    the bucket's age."""
    tasks = ProgrammeTask.objects.filter(_age("due_until", bucket), state=TaskState.OPEN)
    return Customer.objects.using(reporting_alias()).filter(
        customer_scope(user, f),
        _age("next_due_until", bucket) | Q(pk__in=tasks.values("customer_id")),
    )


def overdue(*, user: Any, f: DashboardFilter) -> Figure:
    labels = rep_labels(user=user)
    journey = value_rows(
        Customer.objects.using(reporting_alias())
        .filter(customer_scope(user, f), next_due_until__lt=now())
        .order_by()
        .values("owner_id")
        .annotate(**{b: Count("pk", filter=_age("next_due_until", b)) for b in BUCKET_NAMES})
    )
    tasks = value_rows(
        ProgrammeTask.objects.using(reporting_alias())
        .filter(customer_scope(user, f, prefix="customer__"), state=TaskState.OPEN)
        .filter(due_until__lt=now())
        .order_by()
        .values("customer__owner_id")
        .annotate(**{b: Count("pk", filter=_age("due_until", b)) for b in BUCKET_NAMES})
    )
    tally: dict[int, list[int]] = {}
    for row in journey:
        tally.setdefault(row["owner_id"], [0] * len(BUCKET_NAMES))
        for i, b in enumerate(BUCKET_NAMES):
            tally[row["owner_id"]][i] += row[b]
    for row in tasks:
        counts = tally.setdefault(row["customer__owner_id"], [0] * len(BUCKET_NAMES))
        for i, b in enumerate(BUCKET_NAMES):
            counts[i] += row[b]
    per_rep = sorted(((_rep_name(labels, k), k, v) for k, v in tally.items()), key=lambda r: r[0])
    return Figure(
        key="overdue",
        title=_("逾期事项（按逾期时长）"),
        columns=[_("服务专员"), *[str(b[1]) for b in AGE_BUCKETS], _("合计")],
        rows=[
            [
                name,
                *[
                    Cell(counts[i], f"overdue.{b}", {"rep": str(owner)})
                    for i, b in enumerate(BUCKET_NAMES)
                ],
                sum(counts),
            ]
            for name, owner, counts in per_rep
        ],
        chart=bar_chart(
            [name for name, _o, _c in per_rep],
            [(str(b[1]), [c[i] for _n, _o, c in per_rep]) for i, b in enumerate(AGE_BUCKETS)],
        ),
        note=_("当前逾期的跟进步骤和售后任务（不随时间段变化）。"),
    )
