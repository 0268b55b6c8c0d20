"""Reads of cases (工单): who may see which, the lists of the case pages and the today page, and
one case with its history. The one door is :func:`case_scope`: the customers the user may see
(a rep their own, a supervisor the team's, a manager the department's, customer service the
whole company's), plus any case the user holds now."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import F, Prefetch, Q, QuerySet

from lianyi.aftercare.models import (
    AftercareContact,
    Case,
    CaseEvent,
    CaseLevel,
    CaseState,
    ProgrammeTask,
)
from lianyi.core.clock import now
from lianyi.core.lookup import get_by_id
from lianyi.customers.models import Customer
from lianyi.org.capabilities import Capability, has_capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import NOTHING, company_scope, owner_scope

# The today page lists what the user holds, soonest deadline first; the case list has the rest.
HELD_LIMIT = 20


def case_scope(user: Any) -> Q:
    """The cases ``user`` may see: about a customer in their scope, or held by them."""
    if not getattr(user, "is_authenticated", False) or not user.pk:
        return NOTHING
    return owner_scope(user, prefix="customer__") | (company_scope(user) & Q(holder_id=user.pk))


def _cases(user: Any) -> QuerySet[Case]:
    return Case.objects.filter(case_scope(user)).select_related(
        "customer", "customer__owner", "holder", "order"
    )


def visible_cases(*, user: Any, state: str = "", level: str = "") -> QuerySet[Case]:
    """The case list: open ones first, the soonest deadline first, then the newest closed."""
    require_capability(user, Capability.CASES_HANDLE)
    rows = _cases(user)
    if state in CaseState.values:
        rows = rows.filter(state=state)
    if level in CaseLevel.values:
        rows = rows.filter(level=level)
    return rows.order_by("-state", F("deadline_at").asc(nulls_last=True), "-opened_at", "-pk")


def get_case(*, user: Any, case_id: Any) -> Case:
    """One case with its history; a missing id and one out of scope answer the same NotFound."""
    require_capability(user, Capability.CASES_HANDLE)
    rows = _cases(user).prefetch_related(
        Prefetch(
            "events",
            queryset=CaseEvent.objects.select_related("by").order_by("at", "pk"),
        )
    )
    return get_by_id(rows, case_id)


def held_cases(*, user: Any) -> QuerySet[Case]:
    """The open cases ``user`` holds (the today page), the soonest deadline first. At the
    customer-service level nobody holds a case alone: each of customer service holds them."""
    held = Q(holder_id=user.pk)
    if has_capability(user, Capability.CONFIRMATION_CALL):
        held |= Q(level=CaseLevel.SERVICE, holder__isnull=True)
    return (
        Case.objects.filter(case_scope(user), held, state=CaseState.OPEN)
        .select_related("customer")
        .order_by(F("deadline_at").asc(nulls_last=True), "pk")
    )


def customer_cases(*, customer: Customer) -> QuerySet[Case]:
    """The cases of a customer already in the user's scope (the customer page), newest first."""
    return Case.objects.filter(customer=customer).select_related("holder").order_by("-opened_at")


def customer_orders(*, customer: Customer) -> QuerySet[Any]:
    """The orders a case about ``customer`` may name (the customer is already in scope)."""
    from lianyi.sales.models import Order

    return Order.objects.filter(customer=customer).order_by("-placed_at", "-pk")


def case_confirmers(*, user: Any) -> QuerySet[User]:
    """Who may be named as having spoken with the customer: active colleagues of the company."""
    return User.objects.filter(company_scope(user), is_active=True).order_by(
        "display_name", "username", "pk"
    )


@dataclass(frozen=True)
class TimeLeft:
    """How long a level has left before the case escalates by itself."""

    deadline: datetime | None
    seconds: int  # negative once overdue

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.seconds < 0

    @property
    def hours(self) -> int:
        return abs(self.seconds) // 3600

    @property
    def minutes(self) -> int:
        return abs(self.seconds) % 3600 // 60


def time_left(case: Case, at: datetime | None = None) -> TimeLeft:
    if case.deadline_at is None:
        return TimeLeft(deadline=None, seconds=0)
    left: timedelta = case.deadline_at - (at or now())
    return TimeLeft(deadline=case.deadline_at, seconds=int(left.total_seconds()))


@dataclass(frozen=True)
class Opened:
    task: ProgrammeTask | None
    case: Case | None


def opened_by(contact: AftercareContact) -> Opened:
    """The task or case that ``record_contact`` opened from this contact's satisfaction."""
    opened = getattr(contact, "opened", {})
    task_id, case_id = opened.get("task"), opened.get("case")
    return Opened(
        task=ProgrammeTask.objects.filter(pk=task_id).first() if task_id else None,
        case=Case.objects.select_related("holder").filter(pk=case_id).first() if case_id else None,
    )
