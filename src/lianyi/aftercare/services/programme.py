"""The after-sales programme (售后计划), generated from the delivery day D: calls by D+3, a visit
by D+6, a second visit by D+9, then contacts each month for some months (the company's
``AftercareRules``). Each task is due over whole contact days, from the first contactable moment
of its first day to the last of its last day, so it never falls in quiet hours.

The customer's own preference (how often a month, which channel) and the company's cap of
contacts in any 7 days always win: a task that would break them is moved to the next day that
breaks nothing (``moved_reason``) or, when the programme has no such day left, dropped
(``dropped_reason``). A customer who withdrew consent or asked not to be contacted gets no open
task at all."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.aftercare.codes import AftercareCode
from lianyi.aftercare.models import (
    AftercareRules,
    ContactChannel,
    ContactPreference,
    ProgrammeTask,
    TaskKind,
    TaskState,
)
from lianyi.aftercare.rules import aftercare_rules_of
from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.clock import QuietHours, cursor_dt, now
from lianyi.core.errors import DomainError, InvalidInput
from lianyi.core.validation import clean_text
from lianyi.customers.locks import lock_customer
from lianyi.customers.models import Customer
from lianyi.customers.selectors import get_customer
from lianyi.journey.services import withdraw_consent as journey_withdraw_consent
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.sales.models import Order

DAYS_PER_MONTH = 30
WEEK_DAYS = 7
# A preference above this is no limit at all (the programme never asks more than daily).
MAX_PER_MONTH = 31
MAX_PREFERENCE_NOTE = 200
REASON_LENGTH = 200


@dataclass(frozen=True)
class Planned:
    """One task as the programme plans it: its kind and its first and last local day."""

    sequence: int
    kind: str
    first: date
    last: date


@dataclass
class Placement:
    planned: Planned
    kind: str
    first: date | None = None
    last: date | None = None
    moved: list[str] = field(default_factory=list)
    dropped: str = ""


def programme_plan(rules: AftercareRules, delivered_on: date) -> list[Planned]:
    """The tasks of a programme from the delivery day, before any preference or cap: the calls
    share days D+1 .. D+calls_by evenly, each visit has the days up to its deadline, and each
    30-day month after the second visit is shared evenly by its contacts."""
    plan: list[Planned] = []

    def add(kind: str, first: int, last: int) -> None:
        first = max(first, 1)
        plan.append(
            Planned(
                sequence=len(plan) + 1,
                kind=kind,
                first=delivered_on + timedelta(days=first),
                last=delivered_on + timedelta(days=max(last, first)),
            )
        )

    calls, calls_by = rules.programme_calls, rules.programme_calls_by_days
    for i in range(calls):
        add(TaskKind.CALL, 1 + i * calls_by // calls, (i + 1) * calls_by // calls)
    first_visit_by = max(rules.programme_first_visit_by_days, calls_by)
    add(TaskKind.VISIT, calls_by + 1, first_visit_by)
    second_visit_by = max(rules.programme_second_visit_by_days, first_visit_by)
    add(TaskKind.VISIT, first_visit_by + 1, second_visit_by)
    per_month = rules.programme_monthly_contacts
    for month in range(rules.programme_months):
        start = second_visit_by + month * DAYS_PER_MONTH
        for j in range(per_month):
            add(
                TaskKind.CONTACT,
                start + 1 + j * DAYS_PER_MONTH // per_month,
                start + (j + 1) * DAYS_PER_MONTH // per_month,
            )
    return plan


def programme_end(rules: AftercareRules, delivered_on: date) -> date:
    """The last day of the programme: nothing is moved past it."""
    last = max(
        rules.programme_calls_by_days,
        rules.programme_first_visit_by_days,
        rules.programme_second_visit_by_days,
    )
    return delivered_on + timedelta(days=last + rules.programme_months * DAYS_PER_MONTH)


class _Calendar:
    """The days on which the customer already has an after-sales contact, and the limits."""

    def __init__(self, days: Iterable[date], *, weekly: int, monthly: int | None) -> None:
        self.days = sorted(days)
        self.weekly = weekly
        self.monthly = monthly

    def _count(self, first: date, last: date) -> int:
        return bisect_right(self.days, last) - bisect_left(self.days, first)

    def _full(self, day: date, span: int, limit: int) -> bool:
        """True when some ``span``-day window holding ``day`` already has ``limit`` contacts."""
        return any(
            self._count(start, start + timedelta(days=span - 1)) >= limit
            for start in (day - timedelta(days=back) for back in range(span))
        )

    def blocked_by(self, day: date) -> str:
        """ "monthly" or "weekly" when a contact on ``day`` would break that limit, else ""."""
        if self.monthly is not None and self._full(day, DAYS_PER_MONTH, self.monthly):
            return "monthly"
        if self._full(day, WEEK_DAYS, self.weekly):
            return "weekly"
        return ""

    def take(self, day: date) -> None:
        self.days.insert(bisect_right(self.days, day), day)


def _channel_kind(kind: str, channel: str) -> tuple[str, str]:
    """The kind the customer's channel allows, and why it changed (or "")."""
    if channel == ContactChannel.PHONE and kind in (TaskKind.VISIT, TaskKind.CONTACT):
        reason = (
            _("客户只接受电话联系，上门回访改为电话。")
            if kind == TaskKind.VISIT
            else _("客户只接受电话联系，这次联系打电话。")
        )
        return TaskKind.CALL, reason
    if channel == ContactChannel.VISIT and kind in (TaskKind.CALL, TaskKind.CONTACT):
        reason = (
            _("客户只接受上门，电话改为上门回访。")
            if kind == TaskKind.CALL
            else _("客户只接受上门，这次联系上门。")
        )
        return TaskKind.VISIT, reason
    return kind, ""


def _stop_reason(customer: Customer) -> str:
    """Why nobody may contact the customer at all, or ""."""
    if not customer.consent_contact:
        return _("客户已撤回同意，不再联系，售后任务已取消。")
    if customer.do_not_contact:
        return _("客户要求不再联系，售后任务已取消。")
    return ""


def place(
    plan: list[Planned],
    *,
    calendar: _Calendar,
    end: date,
    channel: str,
    not_before: date | None = None,
    stop_reason: str = "",
) -> list[Placement]:
    """Each planned task on the first day from its own that breaks no limit, in the plan's
    order (a task never comes before the one planned before it); dropped when no day is left
    up to ``end``."""
    placements: list[Placement] = []
    previous: date | None = None
    for planned in plan:
        kind, channel_reason = _channel_kind(planned.kind, channel)
        placement = Placement(planned=planned, kind=kind)
        placements.append(placement)
        if stop_reason:
            placement.dropped = stop_reason
            continue
        if channel_reason:
            placement.moved.append(channel_reason)
        start = max(d for d in (planned.first, previous, not_before) if d is not None)
        day, blocked = start, ""
        while day <= end:
            why = calendar.blocked_by(day)
            if not why:
                break
            blocked = blocked or why
            day += timedelta(days=1)
        if day > end:
            placement.dropped = _limit_reason(blocked, calendar, dropped=True)
            continue
        calendar.take(day)
        prior, previous = previous, day
        if day > planned.first:
            if blocked:
                placement.moved.append(_limit_reason(blocked, calendar, day=day))
            elif prior is not None and prior > planned.first:
                placement.moved.append(
                    _("前一项售后联系已顺延，这一项随之顺延到 %(day)s。") % {"day": day.isoformat()}
                )
            else:
                placement.moved.append(
                    _("原定的日子已过，改到 %(day)s。") % {"day": day.isoformat()}
                )
        width = planned.last - planned.first
        placement.first = day
        placement.last = planned.last if day <= planned.last else day + width
    return placements


def _limit_reason(
    blocked: str, calendar: _Calendar, *, day: date | None = None, dropped: bool = False
) -> str:
    values: dict[str, Any] = {
        "cap": calendar.weekly,
        "max": calendar.monthly,
        "day": day.isoformat() if day else "",
    }
    if blocked == "monthly":
        if dropped:
            return (
                _("客户希望每月最多联系 %(max)s 次，本期售后计划内已没有可安排的日子，此项取消。")
                % values
            )
        return _("客户希望每月最多联系 %(max)s 次，顺延到 %(day)s。") % values
    if dropped:
        return (
            _("公司规定 7 天内最多联系 %(cap)s 次，本期售后计划内已没有可安排的日子，此项取消。")
            % values
        )
    return _("公司规定 7 天内最多联系 %(cap)s 次，顺延到 %(day)s。") % values


def _open_bounds(quiet: QuietHours, first: date, last: date) -> tuple[datetime, datetime]:
    """From the first contactable moment of ``first`` to the end of the last contactable
    interval of ``last``."""
    due_from = quiet.next_open(cursor_dt(first, time(0, 0), quiet.tz))
    intervals = quiet._open_intervals(last)
    due_until = intervals[-1][1] if intervals else cursor_dt(last, quiet.day_end, quiet.tz)
    return due_from, max(due_until, due_from)


def _day_of(moment: datetime, quiet: QuietHours) -> date:
    return moment.astimezone(quiet.tz).date()


def _preference(customer: Customer) -> tuple[int | None, str]:
    found = ContactPreference.objects.filter(customer=customer).first()
    if found is None:
        return None, ContactChannel.ANY
    return found.max_per_month, found.channel


def _taken_days(
    customer: Customer, quiet: QuietHours, *, exclude: Iterable[int] = ()
) -> list[date]:
    """The days of the customer's after-sales contacts that stay where they are: done ones on
    the day they were done, open ones on their first due day."""
    rows = (
        ProgrammeTask.objects.filter(customer=customer)
        .exclude(state=TaskState.DROPPED)
        .exclude(pk__in=list(exclude))
        .values_list("state", "due_from", "done_at")
    )
    return [
        _day_of(done_at if state == TaskState.DONE and done_at else due_from, quiet)
        for state, due_from, done_at in rows
    ]


def _reason(parts: list[str]) -> str:
    return " ".join(parts)[:REASON_LENGTH]


@transaction.atomic
def start_programme(*, by: User, order: Order, delivered_on: date) -> list[ProgrammeTask]:
    """The programme of a delivered order, for the customer's owner. Starting it again for the
    same order returns the tasks it already has (the customer's row lock makes the check
    safe; the unique (order, sequence) constraint holds it anyway)."""
    customer = lock_customer(order.customer_id)
    existing = list(ProgrammeTask.objects.filter(order=order).order_by("sequence"))
    if existing:
        return existing
    company = customer.company
    quiet = company.quiet_hours()
    rules = aftercare_rules_of(company.pk)
    max_per_month, channel = _preference(customer)
    plan = programme_plan(rules, delivered_on)
    calendar = _Calendar(
        _taken_days(customer, quiet), weekly=rules.contact_cap_per_week, monthly=max_per_month
    )
    placements = place(
        plan,
        calendar=calendar,
        end=programme_end(rules, delivered_on),
        channel=channel,
        stop_reason=_stop_reason(customer),
    )
    at = now()
    tasks = []
    for p in placements:
        planned_from, planned_until = _open_bounds(quiet, p.planned.first, p.planned.last)
        due_from, due_until = (
            _open_bounds(quiet, p.first, p.last)
            if p.first is not None and p.last is not None
            else (planned_from, planned_until)
        )
        tasks.append(
            ProgrammeTask(
                company_id=company.pk,
                customer=customer,
                order=order,
                assigned_to_id=customer.owner_id,
                kind=p.kind,
                sequence=p.planned.sequence,
                planned_kind=p.planned.kind,
                planned_from=planned_from,
                planned_until=planned_until,
                due_from=due_from,
                due_until=due_until,
                state=TaskState.DROPPED if p.dropped else TaskState.OPEN,
                dropped_reason=p.dropped[:REASON_LENGTH],
                moved_reason="" if p.dropped else _reason(p.moved),
                created_at=at,
            )
        )
    created = ProgrammeTask.objects.bulk_create(tasks)
    audit(
        by,
        "aftercare.programme.started",
        order,
        data={
            "customer": customer.pk,
            "delivered_on": delivered_on.isoformat(),
            "tasks": len(created),
            "moved": sum(1 for t in created if t.moved_reason),
            "dropped": sum(1 for t in created if t.state == TaskState.DROPPED),
        },
    )
    return created


def replan_customer(customer: Customer, *, at: datetime | None = None) -> list[ProgrammeTask]:
    """Re-place the customer's open programme tasks not yet due, from where the programme
    first put them, under the customer's current preference and the company's cap. The
    customer row is locked by the caller. Returns the tasks that changed."""
    at = at or now()
    company = customer.company
    quiet = company.quiet_hours()
    rules = aftercare_rules_of(company.pk)
    max_per_month, channel = _preference(customer)
    future = list(
        ProgrammeTask.objects.filter(
            customer=customer,
            order__isnull=False,
            state=TaskState.OPEN,
            due_from__gt=at,
            planned_from__isnull=False,
            planned_until__isnull=False,
        ).order_by("order_id", "sequence")
    )
    if not future:
        return []
    calendar = _Calendar(
        _taken_days(customer, quiet, exclude=[t.pk for t in future]),
        weekly=rules.contact_cap_per_week,
        monthly=max_per_month,
    )
    ends = _programme_ends(customer, quiet)
    stop = _stop_reason(customer)
    today = _day_of(at, quiet)
    changed: list[ProgrammeTask] = []
    by_order: dict[int, list[ProgrammeTask]] = {}
    for task in future:
        by_order.setdefault(task.order_id or 0, []).append(task)
    for order_id, tasks in by_order.items():
        plan = [
            Planned(
                sequence=t.sequence,
                kind=t.planned_kind or t.kind,
                first=_day_of(t.planned_from or t.due_from, quiet),
                last=_day_of(t.planned_until or t.due_until, quiet),
            )
            for t in tasks
        ]
        placements = place(
            plan,
            calendar=calendar,
            end=max(ends.get(order_id, today), today),
            channel=channel,
            not_before=today,
            stop_reason=stop,
        )
        for task, p in zip(tasks, placements, strict=True):
            if _apply(task, p, quiet):
                changed.append(task)
    return changed


def _programme_ends(customer: Customer, quiet: QuietHours) -> dict[int, date]:
    """Each order's last planned day, the end of its programme."""
    ends: dict[int, date] = {}
    for order_id, until in ProgrammeTask.objects.filter(
        customer=customer, order__isnull=False, planned_until__isnull=False
    ).values_list("order_id", "planned_until"):
        if until is None or order_id is None:
            continue
        day = _day_of(until, quiet)
        ends[order_id] = max(ends.get(order_id, day), day)
    return ends


def _apply(task: ProgrammeTask, p: Placement, quiet: QuietHours) -> bool:
    before = (task.kind, task.due_from, task.due_until, task.state, task.moved_reason)
    if p.dropped:
        task.state = TaskState.DROPPED
        task.dropped_reason = p.dropped[:REASON_LENGTH]
    elif p.first is not None and p.last is not None:
        task.kind = p.kind
        task.due_from, task.due_until = _open_bounds(quiet, p.first, p.last)
        task.moved_reason = _reason(p.moved)
    after = (task.kind, task.due_from, task.due_until, task.state, task.moved_reason)
    if before == after:
        return False
    task.save(
        update_fields=["kind", "due_from", "due_until", "state", "moved_reason", "dropped_reason"]
    )
    return True


def _clean_preference(max_per_month: Any, channel: Any, note: Any) -> tuple[int | None, str, str]:
    problems: list[DomainError] = []
    limit: int | None = None
    if max_per_month is not None and max_per_month != "":
        if (
            isinstance(max_per_month, bool)
            or not isinstance(max_per_month, int)
            or not 0 <= max_per_month <= MAX_PER_MONTH
        ):
            problems.append(
                DomainError(
                    _("每月最多联系次数应在 0 到 %(max)s 之间，不限请留空。")
                    % {"max": MAX_PER_MONTH},
                    code=AftercareCode.PREFERENCE_INVALID,
                    extra={"field": "max_per_month"},
                )
            )
        else:
            limit = max_per_month
    if channel not in ContactChannel.values:
        problems.append(
            DomainError(
                _("请选择联系方式：电话或上门、只打电话、只上门。"),
                code=AftercareCode.CHANNEL_INVALID,
                extra={"field": "channel"},
            )
        )
    text = ""
    try:
        text = clean_text(note or "", field="note", label=_("说明"), max_length=MAX_PREFERENCE_NOTE)
    except DomainError as error:
        problems.append(error)
    if problems:
        raise InvalidInput(problems)
    return limit, str(channel), text


@transaction.atomic
def set_contact_preference(
    *, by: User, customer_id: int, max_per_month: int | None, channel: str, note: str
) -> ContactPreference:
    """The customer's own wish for after-sales contact: how often a month (empty: no limit) and
    which channel. Re-plans their open programme tasks not yet due at once."""
    require_capability(by, Capability.AFTERCARE_RECORD)
    customer = lock_customer(get_customer(user=by, customer_id=customer_id).pk)
    limit, kind, text = _clean_preference(max_per_month, channel, note)
    preference = ContactPreference.objects.filter(customer=customer).first()
    fields = ["max_per_month", "channel", "note"]
    if preference is None:
        preference = ContactPreference(customer=customer)
        before: dict[str, Any] = dict.fromkeys(fields)
    else:
        before = snapshot(preference, fields)
    preference.max_per_month = limit
    preference.channel = kind
    preference.note = text
    preference.updated_by = by
    preference.updated_at = now()
    preference.save()
    changed = replan_customer(customer)
    audit(
        by,
        "aftercare.preference.set",
        customer,
        changes=diff(before, preference),
        data={
            "replanned": [t.pk for t in changed],
            "dropped": [t.pk for t in changed if t.state == TaskState.DROPPED],
        },
    )
    return preference


def drop_open_tasks_locked(customer: Customer, *, reason: str) -> list[int]:
    """Drop every open after-sales task of the (locked) customer with ``reason``."""
    ids = list(
        ProgrammeTask.objects.filter(customer=customer, state=TaskState.OPEN).values_list(
            "pk", flat=True
        )
    )
    ProgrammeTask.objects.filter(pk__in=ids).update(
        state=TaskState.DROPPED, dropped_reason=reason[:REASON_LENGTH]
    )
    return ids


@transaction.atomic
def drop_tasks_for_withdrawn_consent(*, by: User, customer_id: int) -> list[int]:
    """A customer who withdrew consent (or asked not to be contacted) keeps no open task:
    each is dropped with the reason. Returns the dropped ids."""
    customer = lock_customer(get_customer(user=by, customer_id=customer_id).pk)
    reason = _stop_reason(customer)
    if not reason:
        return []
    ids = drop_open_tasks_locked(customer, reason=reason)
    if ids:
        audit(
            by,
            "aftercare.tasks.dropped_for_consent",
            customer,
            data={"tasks": ids, "reason": reason},
        )
    return ids


@transaction.atomic
def withdraw_consent(*, by: User, customer_id: int) -> Customer:
    """The journey's consent withdrawal and, in the same transaction, the after-sales tasks it
    ends: the entry point of the pages and the API (the journey cannot reach up to here)."""
    customer = journey_withdraw_consent(by=by, customer_id=customer_id)
    drop_tasks_for_withdrawn_consent(by=by, customer_id=customer.pk)
    return customer
