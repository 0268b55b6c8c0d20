"""Reads of the journey: a user's agenda (今日) and a customer's timeline."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncDate

from lianyi.core.clock import local_day_bounds, now
from lianyi.core.errors import DomainError
from lianyi.core.lookup import get_by_id
from lianyi.customers.models import Customer, Place
from lianyi.customers.selectors import get_customer, visible_customers
from lianyi.journey import rules
from lianyi.journey.models import Touchpoint, TouchpointCorrection
from lianyi.journey.progress import RETRY_OUTCOMES
from lianyi.journey.rounds import ensure_no_gathering_pending, round_now, state_now
from lianyi.journey.steps import VISIT_KINDS, Step, TouchpointKind
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.scoping import company_scope

AGENDA_LIMIT = 200


STEP_OF_KIND = {
    TouchpointKind.FIRST_CALL: Step.FIRST_CALL,
    TouchpointKind.FIRST_VISIT: Step.FIRST_VISIT,
    TouchpointKind.SECOND_CALL: Step.SECOND_CALL,
    TouchpointKind.SECOND_VISIT: Step.SECOND_VISIT,
}


def not_recordable_yet(
    customer: Customer, kind: str, *, at: datetime | None = None
) -> DomainError | None:
    """Why a step of the journey cannot be recorded now, before anything is typed: the same
    rule functions the recording services apply (contactable, the step order, a visit already
    recorded, the second call's earliest day), so the record form can say so when it opens."""
    at = at or now()
    try:
        rules.ensure_contactable(customer)
        # derived afresh: a gathering over by now has opened the next round
        step = state_now(customer, at=at).step
        if kind == TouchpointKind.FIRST_VISIT and (
            Touchpoint.objects.filter(customer=customer, kind=kind).exists()
        ):
            return None  # the service's "already recorded" refusal says it better on submit
        if kind == TouchpointKind.SECOND_VISIT and step == Step.GATHERING:
            return None  # this round's visit is recorded: the service says so on submit
        if kind == TouchpointKind.SECOND_CALL:
            ensure_no_gathering_pending(customer, step, at=at)
        rules.ensure_in_step(step, STEP_OF_KIND[TouchpointKind(kind)])
        if kind == TouchpointKind.SECOND_CALL:
            opened_at = round_now(customer, at=at).opened_at
            if opened_at is not None:
                rules.ensure_second_call_not_early(
                    customer.company, opened_at, at, after_gathering=True
                )
                return None
            first_visit = (
                Touchpoint.objects.filter(customer=customer, kind=TouchpointKind.FIRST_VISIT)
                .order_by("-occurred_at")
                .first()
            )
            if first_visit is not None:
                rules.ensure_second_call_not_early(customer.company, first_visit.occurred_at, at)
    except DomainError as error:
        return error
    return None


def repeat_reason_required(customer: Customer, kind: str) -> bool:
    """A call recorded again needs a typed reason, except the retry the process itself asks
    for: after 未接通 or 约好再联系 (the same day or later) the next attempt needs none. Only
    this round's calls count: the first invitation call for a later gathering is no repeat."""
    calls = Touchpoint.objects.filter(customer=customer, kind=kind)
    if kind == TouchpointKind.SECOND_CALL:
        opened_at = round_now(customer).opened_at
        if opened_at is not None:
            calls = calls.filter(occurred_at__gte=opened_at)
    last = calls.order_by("-occurred_at").first()
    return last is not None and last.outcome not in RETRY_OUTCOMES


def _due(qs: QuerySet[Customer]) -> QuerySet[Customer]:
    """Only customers with an action due who may be contacted."""
    return qs.filter(consent_contact=True, do_not_contact=False).exclude(next_action="")


def agenda(
    *,
    user: Any,
    day: date | None = None,
    only_own: bool = True,
    limit: int | None = AGENDA_LIMIT,
) -> QuerySet[Customer]:
    """The calls and visits due on ``day`` or overdue, in time order. A customer who withdrew
    consent or asked not to be contacted has no due action and so never appears.
    ``limit=None`` leaves paging to the caller."""
    company = user.company
    tz = company.quiet_hours().tz
    local_today = now().astimezone(tz).date()
    _start, end = local_day_bounds(day or local_today, tz)
    qs = visible_customers(user=user)
    if only_own:
        qs = qs.filter(owner=user)
    ordered = _due(qs.filter(next_due_at__lt=end)).order_by("next_due_at", "id")
    return ordered if limit is None else ordered[:limit]


def _own_due_between(user: Any, start: datetime, end: datetime) -> QuerySet[Customer]:
    """The user's own customers with an action due in [start, end)."""
    return _due(
        visible_customers(user=user).filter(owner=user, next_due_at__gte=start, next_due_at__lt=end)
    )


def due_on(*, user: Any, day: date) -> QuerySet[Customer]:
    """What falls due on one (later) day, without the overdue: for planning ahead."""
    start, end = local_day_bounds(day, user.company.quiet_hours().tz)
    return _own_due_between(user, start, end).order_by("next_due_at", "id")


def upcoming_by_day(*, user: Any, days: int = 7) -> list[tuple[date, int]]:
    """How many actions fall due on each of the next ``days`` days after today (one query)."""
    today, rows = upcoming_counts(user=user, days=days)
    counts = dict(rows)
    return [
        (today + timedelta(days=n), counts.get(today + timedelta(days=n), 0))
        for n in range(1, days + 1)
    ]


def upcoming_counts(*, user: Any, days: int = 7) -> tuple[date, QuerySet[Any]]:
    """Today, and (day, count) rows of the actions due on the next ``days`` days, not yet read:
    a query that others' counts can join by a union."""
    tz = user.company.quiet_hours().tz
    today = now().astimezone(tz).date()
    _s, end_today = local_day_bounds(today, tz)
    rows = (
        _own_due_between(user, end_today, end_today + timedelta(days=days))
        .annotate(day=TruncDate("next_due_at", tzinfo=tz))
        .values("day")
        .annotate(count=Count("id"))
        .order_by()
        .values_list("day", "count")
    )
    return today, rows


def upcoming(*, user: Any, days: int = 7) -> QuerySet[Customer]:
    """What falls due in the next ``days`` days after today, for planning ahead."""
    tz = user.company.quiet_hours().tz
    _s, end_today = local_day_bounds(now().astimezone(tz).date(), tz)
    return _own_due_between(user, end_today, end_today + timedelta(days=days)).order_by(
        "next_due_at", "id"
    )[:AGENDA_LIMIT]


def timeline(*, user: Any, customer_id: Any) -> tuple[Customer, QuerySet[Touchpoint]]:
    customer = get_customer(user=user, customer_id=customer_id)
    return customer, (
        Touchpoint.objects.filter(customer=customer)
        .select_related("by", "invitation", "invitation__gathering")
        .prefetch_related(
            Prefetch(
                "corrections",
                queryset=TouchpointCorrection.objects.select_related("corrected_by"),
            )
        )
        .order_by("occurred_at", "id")
    )


def is_overdue(customer: Customer, at: datetime | None = None) -> bool:
    moment = at or now()
    return customer.next_due_until is not None and customer.next_due_until < moment


VISIT_LOCATION_LIMIT = 20


def _visit_locations(user: Any, place: Place) -> QuerySet[Touchpoint]:
    require_capability(user, Capability.COMPANY_CONFIGURE)
    return (
        Touchpoint.objects.filter(company_scope(user), kind__in=VISIT_KINDS)
        .filter(Q(customer__compound_id=place.pk) | Q(customer__work_unit_id=place.pk))
        .filter(latitude__isnull=False, longitude__isnull=False)
        .select_related("customer", "by")
        .order_by("-occurred_at", "-id")
    )


def visit_locations(*, user: Any, place: Place) -> QuerySet[Touchpoint]:
    """The locations reps recorded at home visits to customers of ``place``, newest first: what
    an administrator may pick a place's coordinates from."""
    return _visit_locations(user, place)[:VISIT_LOCATION_LIMIT]


def visit_location(*, user: Any, place: Place, touchpoint_id: Any) -> Touchpoint:
    """One of those locations; any other touchpoint id answers NotFound."""
    return get_by_id(_visit_locations(user, place), touchpoint_id)
