"""After-sales figures: programme tasks done on time, the satisfaction mix, open cases by level
and age, confirmation calls by outcome and returns. Each figure is one aggregate query over the
customers in the viewer's scope (through the order for calls and returns)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianyi.aftercare.models import (
    AftercareContact,
    Case,
    CaseLevel,
    CaseState,
    ProgrammeTask,
    Satisfaction,
    TaskState,
)
from lianyi.core.clock import now
from lianyi.core.db import reporting_alias
from lianyi.customers.models import Customer
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
from lianyi.oversight.selectors.dashboards_adherence import AGE_BUCKETS, BUCKET_NAMES, _age
from lianyi.sales.models import ConfirmationCall, ConfirmationOutcome, Return, ReturnReason


def _task_states() -> list[tuple[str, Any, Q]]:
    at = now()
    done = Q(state=TaskState.DONE)
    return [
        ("on_time", gettext_lazy("按时完成"), done & Q(done_at__lte=F("due_until"))),
        ("late", gettext_lazy("延后完成"), done & Q(done_at__gt=F("due_until"))),
        ("overdue", gettext_lazy("逾期未做"), Q(state=TaskState.OPEN, due_until__lt=at)),
        ("open", gettext_lazy("未到期"), Q(state=TaskState.OPEN, due_until__gte=at)),
        ("dropped", gettext_lazy("已取消"), Q(state=TaskState.DROPPED)),
    ]


TASK_STATE_NAMES = ["on_time", "late", "overdue", "open", "dropped"]


def period_tasks(*, user: Any, f: DashboardFilter) -> QuerySet[ProgrammeTask]:
    """After-sales programme tasks due (by their latest moment) in the period, in scope."""
    return ProgrammeTask.objects.using(reporting_alias()).filter(
        customer_scope(user, f, prefix="customer__"), in_period(f, "due_until")
    )


def task_state_condition(name: str) -> Q:
    for state, _label, condition in _task_states():
        if state == name:
            return condition
    raise ValueError(name)


def programme_tasks(*, user: Any, f: DashboardFilter) -> Figure:
    labels = rep_labels(user=user)
    states = _task_states()
    counts = value_rows(
        period_tasks(user=user, f=f)
        .order_by()
        .values("customer__owner_id")
        .annotate(**{name: Count("pk", filter=condition) for name, _l, condition in states})
    )
    per_rep = sorted(
        ((labels.get(c["customer__owner_id"], ""), c) for c in counts), key=lambda r: r[0]
    )
    rows = []
    for name, c in per_rep:
        owner = {"rep": str(c["customer__owner_id"])}
        due = c["on_time"] + c["late"] + c["overdue"]
        rows.append(
            [
                name,
                *[Cell(c[s], f"tasks.{s}", owner) for s in TASK_STATE_NAMES],
                percent(c["on_time"], due),
            ]
        )
    return Figure(
        key="tasks",
        title=_("售后计划任务按时完成"),
        columns=[_("服务专员"), *[str(label) for _n, label, _c in states], _("按时完成率 %")],
        rows=rows,
        chart=bar_chart(
            [name for name, _c in per_rep],
            [(str(label), [c[s] for _n, c in per_rep]) for s, label, _c in states],
        ),
        note=_(
            "最迟完成时间在期间内的售后任务；按时完成率 = 按时完成 ÷（按时 + 延后 + 逾期未做）。"
        ),
    )


def period_contacts(*, user: Any, f: DashboardFilter) -> QuerySet[AftercareContact]:
    return (
        AftercareContact.objects.using(reporting_alias())
        .filter(customer_scope(user, f, prefix="customer__"), in_period(f, "at"))
        .exclude(satisfaction="")
    )


def satisfaction(*, user: Any, f: DashboardFilter) -> Figure:
    counts = period_contacts(user=user, f=f).aggregate(
        **{s.value: Count("pk", filter=Q(satisfaction=s.value)) for s in Satisfaction}
    )
    total = sum(counts.values())
    return Figure(
        key="satisfaction",
        title=_("满意度分布"),
        columns=[_("满意度"), _("次数"), _("占比 %")],
        rows=[
            [
                str(s.label),
                Cell(counts[s.value], f"satisfaction.{s.value}"),
                percent(counts[s.value], total),
            ]
            for s in Satisfaction
        ],
        chart=bar_chart(
            [str(s.label) for s in Satisfaction],
            [(_("次数"), [counts[s.value] for s in Satisfaction])],
        ),
        note=_("期间内记录了满意度的售后联系。"),
    )


def open_cases(*, user: Any, f: DashboardFilter) -> QuerySet[Case]:
    return Case.objects.using(reporting_alias()).filter(
        customer_scope(user, f, prefix="customer__"), state=CaseState.OPEN
    )


def cases(*, user: Any, f: DashboardFilter) -> Figure:
    counts = value_rows(
        open_cases(user=user, f=f)
        .order_by()
        .values("level")
        .annotate(**{b: Count("pk", filter=_age("opened_at", b)) for b in BUCKET_NAMES})
    )
    by_level: dict[str, dict[str, Any]] = {row["level"]: row for row in counts}
    rows = []
    for level in CaseLevel:
        row = by_level.get(level.value, {})
        rows.append(
            [
                str(level.label),
                *[Cell(row.get(b, 0), f"cases.{level.value}.{b}") for b in BUCKET_NAMES],
                sum(row.get(b, 0) for b in BUCKET_NAMES),
            ]
        )
    return Figure(
        key="cases",
        title=_("未结工单（按处理级别和时长）"),
        columns=[_("处理级别"), *[str(b[1]) for b in AGE_BUCKETS], _("合计")],
        rows=rows,
        chart=bar_chart(
            [str(level.label) for level in CaseLevel],
            [
                (str(b[1]), [by_level.get(level.value, {}).get(b[0], 0) for level in CaseLevel])
                for b in AGE_BUCKETS
            ],
        ),
        note=_("当前未结的工单，按创建至今的时长（不随时间段变化）。"),
    )


def period_confirmation_calls(*, user: Any, f: DashboardFilter) -> QuerySet[ConfirmationCall]:
    return ConfirmationCall.objects.using(reporting_alias()).filter(
        customer_scope(user, f, prefix="order__customer__"), in_period(f, "at")
    )


def confirmation_calls(*, user: Any, f: DashboardFilter) -> Figure:
    counts = period_confirmation_calls(user=user, f=f).aggregate(
        **{o.value: Count("pk", filter=Q(outcome=o.value)) for o in ConfirmationOutcome}
    )
    total = sum(counts.values())
    return Figure(
        key="confirmations",
        title=_("回访确认结果"),
        columns=[_("结果"), _("次数"), _("占比 %")],
        rows=[
            [
                str(o.label),
                Cell(counts[o.value], f"confirmations.{o.value}"),
                percent(counts[o.value], total),
            ]
            for o in ConfirmationOutcome
        ],
        chart=bar_chart(
            [str(o.label) for o in ConfirmationOutcome],
            [(_("次数"), [counts[o.value] for o in ConfirmationOutcome])],
        ),
    )


def period_returns(*, user: Any, f: DashboardFilter) -> QuerySet[Return]:
    return Return.objects.using(reporting_alias()).filter(
        customer_scope(user, f, prefix="order__customer__"), in_period(f, "at")
    )


def returns(*, user: Any, f: DashboardFilter) -> Figure:
    counts = value_rows(
        period_returns(user=user, f=f)
        .order_by()
        .values("reason")
        .annotate(n=Count("pk"), value=Sum("value"), refund=Sum("refund"))
    )
    by_reason: dict[str, dict[str, Any]] = {row["reason"]: row for row in counts}
    zero = Decimal("0.00")
    rows = []
    for reason in ReturnReason:
        row = by_reason.get(reason.value, {})
        rows.append(
            [
                str(reason.label),
                Cell(row.get("n", 0), f"returns.{reason.value}"),
                row.get("value") or zero,
                row.get("refund") or zero,
            ]
        )
    return Figure(
        key="returns",
        title=_("退货"),
        columns=[_("退货类型"), _("次数"), _("退货金额（元）"), _("退款（元）")],
        rows=rows,
        chart=bar_chart(
            [str(r.label) for r in ReturnReason],
            [
                (
                    _("退货金额（元）"),
                    [by_reason.get(r.value, {}).get("value") or zero for r in ReturnReason],
                )
            ],
        ),
    )


def aftercare_customers(*, user: Any, f: DashboardFilter, figure: str) -> QuerySet[Customer]:
    """The customers behind one after-sales number (``tasks.on_time``, ``cases.rep.1_3d``...)."""
    group, _dot, rest = figure.partition(".")
    rows: QuerySet[Any]
    if group == "tasks" and rest in TASK_STATE_NAMES:
        rows = period_tasks(user=user, f=f).filter(task_state_condition(rest))
    elif group == "satisfaction" and rest in Satisfaction.values:
        rows = period_contacts(user=user, f=f).filter(satisfaction=rest)
    elif group == "cases" and rest.partition(".")[0] in CaseLevel.values:
        level, _dot, bucket = rest.partition(".")
        rows = open_cases(user=user, f=f).filter(level=level)
        if bucket in BUCKET_NAMES:
            rows = rows.filter(_age("opened_at", bucket))
        elif bucket:
            raise ValueError(figure)
    elif group == "confirmations" and rest in ConfirmationOutcome.values:
        return _customers(
            period_confirmation_calls(user=user, f=f).filter(outcome=rest), "order__customer_id"
        )
    elif group == "returns" and rest in ReturnReason.values:
        return _customers(period_returns(user=user, f=f).filter(reason=rest), "order__customer_id")
    else:
        raise ValueError(figure)
    return _customers(rows, "customer_id")


def _customers(rows: QuerySet[Any], field_name: str) -> QuerySet[Customer]:
    return Customer.objects.using(reporting_alias()).filter(
        pk__in=rows.order_by().values(field_name)
    )
