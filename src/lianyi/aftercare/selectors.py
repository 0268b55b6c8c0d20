"""Reads of the after-sales app: a customer's programme tasks, and the today page's one list of
the journey's due customers and the rep's due after-sales tasks, in time order."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, F, IntegerField, QuerySet, Value
from django.db.models.functions import TruncDate

from lianyi.aftercare.models import ContactPreference, ProgrammeTask, TaskState
from lianyi.core.clock import local_day_bounds, now
from lianyi.core.lookup import get_by_id
from lianyi.customers.models import Customer
from lianyi.customers.selectors import get_customer, visible_customers
from lianyi.journey.selectors import agenda, due_on, upcoming_counts

# What a row of the merged today list is: a customer of the journey or an after-sales task.
JOURNEY_ROW = 0
TASK_ROW = 1
CUSTOMER_TASK_LIMIT = 200


def _tasks(user: Any) -> QuerySet[ProgrammeTask]:
    """The tasks of customers ``user`` may see (the one customer door)."""
    return ProgrammeTask.objects.filter(
        customer__in=visible_customers(user=user).values("pk")
    ).select_related("customer", "customer__compound", "customer__work_unit")


def _open_own(user: Any) -> QuerySet[ProgrammeTask]:
    """The user's own open tasks of customers who may be contacted."""
    return _tasks(user).filter(
        assigned_to=user,
        state=TaskState.OPEN,
        customer__consent_contact=True,
        customer__do_not_contact=False,
    )


def customer_tasks(*, user: Any, customer_id: Any) -> tuple[Customer, list[ProgrammeTask]]:
    """A customer's after-sales tasks, every state, in time order (moved and dropped ones keep
    why)."""
    customer = get_customer(user=user, customer_id=customer_id)
    tasks = list(
        ProgrammeTask.objects.filter(customer=customer)
        .select_related("assigned_to")
        .order_by("due_from", "pk")[:CUSTOMER_TASK_LIMIT]
    )
    return customer, tasks


def contact_preference_of(*, customer: Customer) -> ContactPreference | None:
    """The customer's contact preference; the caller came through the customer door."""
    return ContactPreference.objects.filter(customer=customer).first()


def get_task(*, user: Any, task_id: Any) -> ProgrammeTask:
    """A task of a customer ``user`` may see, or NotFound (missing and forbidden alike)."""
    return get_by_id(_tasks(user), task_id)


def due_tasks(*, user: Any, day: date | None = None) -> QuerySet[ProgrammeTask]:
    """The user's open after-sales tasks due by the end of ``day`` (today), overdue ones too,
    in time order."""
    tz = user.company.quiet_hours().tz
    _start, end = local_day_bounds(day or now().astimezone(tz).date(), tz)
    return _open_own(user).filter(due_from__lt=end).order_by("due_from", "pk")


def tasks_due_on(*, user: Any, day: date) -> QuerySet[ProgrammeTask]:
    """The tasks that fall due on one later day, without the overdue: for planning ahead."""
    start, end = local_day_bounds(day, user.company.quiet_hours().tz)
    return _open_own(user).filter(due_from__gte=start, due_from__lt=end).order_by("due_from", "pk")


def upcoming_plan(*, user: Any, days: int = 7) -> list[tuple[date, int]]:
    """How many calls, visits and after-sales tasks fall due on each of the next ``days`` days
    after today, the journey's and the programme's together (one query)."""
    today, journey = upcoming_counts(user=user, days=days)
    counts: dict[date, int] = {}
    for day, count in journey.union(_upcoming_task_counts(user, days), all=True):
        counts[day] = counts.get(day, 0) + count
    return [
        (today + timedelta(days=n), counts.get(today + timedelta(days=n), 0))
        for n in range(1, days + 1)
    ]


def _upcoming_task_counts(user: Any, days: int) -> QuerySet[Any]:
    tz = user.company.quiet_hours().tz
    _s, end_today = local_day_bounds(now().astimezone(tz).date(), tz)
    return (
        _open_own(user)
        .filter(due_from__gte=end_today, due_from__lt=end_today + timedelta(days=days))
        .annotate(day=TruncDate("due_from", tzinfo=tz))
        .values("day")
        .annotate(count=Count("id"))
        .order_by()
        .values_list("day", "count")
    )


def _keys(qs: QuerySet[Any], kind: int, due: str) -> QuerySet[Any]:
    return (
        qs.order_by()
        .annotate(row_kind=Value(kind, output_field=IntegerField()), row_due=F(due))
        .values_list("row_kind", "id", "row_due")
    )


def merged_agenda(*, user: Any, day: date | None = None, today: bool = True) -> QuerySet[Any]:
    """One list of (row kind, id, due) for the today page: the journey's due customers and the
    user's due after-sales tasks, in time order. Counting it and slicing a page of it are one
    query each, however many rows there are; :func:`agenda_items` loads a page's rows."""
    if today:
        customers = agenda(user=user, day=day, limit=None)
        tasks = due_tasks(user=user, day=day)
    else:
        assert day is not None
        customers = due_on(user=user, day=day)
        tasks = tasks_due_on(user=user, day=day)
    return (
        _keys(customers, JOURNEY_ROW, "next_due_at")
        .union(_keys(tasks, TASK_ROW, "due_from"), all=True)
        .order_by("row_due", "row_kind", "id")
    )


def agenda_items(*, user: Any, keys: Sequence[tuple[int, int, datetime]]) -> list[Any]:
    """The customers and tasks of a page of :func:`merged_agenda`, in its order (two queries)."""
    customer_ids = [pk for kind, pk, _due in keys if kind == JOURNEY_ROW]
    task_ids = [pk for kind, pk, _due in keys if kind == TASK_ROW]
    customers = (
        {c.pk: c for c in visible_customers(user=user).filter(pk__in=customer_ids)}
        if customer_ids
        else {}
    )
    tasks = {t.pk: t for t in _tasks(user).filter(pk__in=task_ids)} if task_ids else {}
    found = [customers.get(pk) if kind == JOURNEY_ROW else tasks.get(pk) for kind, pk, _due in keys]
    return [item for item in found if item is not None]
