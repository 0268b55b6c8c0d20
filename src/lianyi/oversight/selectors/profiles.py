"""Reading the daily profiles: who in scope owes one (the subordinates who offer profiles), the
customers a rep home-visited on a day, and the table per day and rep (taken, offered, missing),
a few days a page, in a fixed number of queries whatever the number of reps and days."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from lianyi.core.errors import NotFound
from lianyi.core.lookup import as_id
from lianyi.customers.models import Customer
from lianyi.customers.selectors import visible_customers
from lianyi.journey.models import Touchpoint
from lianyi.journey.steps import VISIT_KINDS
from lianyi.org.capabilities import Capability, has_capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import managed_reps, owner_scope
from lianyi.oversight.days import company_today, day_bounds, local_day_of
from lianyi.oversight.models import DailyProfile, ProfileState

# How far back the table pages (a year of days).
MAX_DAYS_BACK = 366


def may_read_profiles(user: Any) -> bool:
    return has_capability(user, Capability.DAILY_PROFILE_TAKE) or has_capability(
        user, Capability.TEAM_BOARD_VIEW
    )


def subordinates(*, user: Any) -> list[User]:
    """The staff in ``user``'s scope who owe a daily profile (those who offer one), by name."""
    return [
        person
        for person in managed_reps(user)
        if person.pk != user.pk and has_capability(person, Capability.DAILY_PROFILE_OFFER)
    ]


def get_subordinate(*, user: Any, rep_id: Any) -> User:
    """A subordinate of ``user``; NotFound for a missing id and one out of scope alike."""
    number = as_id(rep_id)
    rows = managed_reps(user).exclude(pk=user.pk)
    found = None if number is None else rows.filter(pk=number).first()
    if found is None or not has_capability(found, Capability.DAILY_PROFILE_OFFER):
        raise NotFound()
    return found


def day_visit(*, customer: Customer, day: dt.date) -> Touchpoint | None:
    """The customer's first home visit on the company's local ``day``, if any."""
    start, end = day_bounds(customer.company, day)
    return (
        Touchpoint.objects.filter(
            customer=customer, kind__in=VISIT_KINDS, occurred_at__gte=start, occurred_at__lt=end
        )
        .order_by("occurred_at", "pk")
        .first()
    )


@dataclass(frozen=True)
class VisitedCustomer:
    customer: Customer
    visited_at: dt.datetime
    kind_label: str


def visited_customers(*, user: Any, rep: User, day: dt.date) -> list[VisitedCustomer]:
    """``rep``'s customers in ``user``'s scope with a home visit on ``day``, one row each."""
    start, end = day_bounds(rep.company, day)
    visits = (
        Touchpoint.objects.filter(
            customer__in=visible_customers(user=user).filter(owner=rep),
            kind__in=VISIT_KINDS,
            occurred_at__gte=start,
            occurred_at__lt=end,
        )
        .select_related("customer")
        .order_by("occurred_at", "pk")
    )
    seen: dict[int, VisitedCustomer] = {}
    for visit in visits:
        if visit.customer_id not in seen:
            seen[visit.customer_id] = VisitedCustomer(
                customer=visit.customer,
                visited_at=visit.occurred_at,
                kind_label=visit.get_kind_display(),
            )
    return list(seen.values())


def profile_of(*, rep: User, day: dt.date) -> DailyProfile | None:
    return (
        DailyProfile.objects.filter(rep=rep, day=day).select_related("customer", "taken_by").first()
    )


MISSING = "missing"
DUE = "due"  # today, not given yet: the day is not over, so not missing yet
NOT_DUE = "not_due"  # before the rep joined: nothing was owed


@dataclass(frozen=True)
class Cell:
    rep: User
    day: dt.date
    state: str  # ProfileState.TAKEN, ProfileState.OFFERED, DUE, MISSING or NOT_DUE
    profile: DailyProfile | None
    visited: bool = False  # the rep home-visited someone that day (a profile can be picked)


@dataclass
class Totals:
    rep: User | None
    taken: int = 0
    offered: int = 0
    missing: int = 0

    def add(self, state: str) -> None:
        if state == ProfileState.TAKEN:
            self.taken += 1
        elif state == ProfileState.OFFERED:
            self.offered += 1
        elif state == MISSING:
            self.missing += 1


@dataclass
class Day:
    day: dt.date
    cells: list[Cell]
    totals: Totals


@dataclass
class ProfileTable:
    today: dt.date
    reps: list[User]
    days: list[Day]
    rep_totals: list[Totals]
    total: Totals = field(default_factory=lambda: Totals(rep=None))


def table_days(*, user: Any) -> list[dt.date]:
    """The days the table can show, today first, back to the earliest joining of a subordinate
    (at most ``MAX_DAYS_BACK``): the pages of the table."""
    require_capability_to_read(user)
    today = company_today(user.company)
    reps = subordinates(user=user)
    joined = min((local_day_of(user.company, r.date_joined) for r in reps), default=today)
    count = min((today - joined).days + 1, MAX_DAYS_BACK)
    return [today - dt.timedelta(days=n) for n in range(max(count, 1))]


def require_capability_to_read(user: Any) -> None:
    if not has_capability(user, Capability.TEAM_BOARD_VIEW):
        require_capability(user, Capability.DAILY_PROFILE_TAKE)


def profile_table(*, user: Any, days: list[dt.date]) -> ProfileTable:
    """Per day (as given, newest first) and subordinate: taken, offered or missing, with the
    totals of these days per rep and overall."""
    require_capability_to_read(user)
    reps = subordinates(user=user)
    today = company_today(user.company)
    found: dict[tuple[int, dt.date], DailyProfile] = {}
    visited: set[tuple[int, dt.date]] = set()
    if days and reps:
        rows: QuerySet[DailyProfile] = DailyProfile.objects.filter(
            rep__in=[r.pk for r in reps], day__gte=min(days), day__lte=max(days)
        ).select_related("customer", "taken_by")
        found = {(p.rep_id, p.day): p for p in rows}
        visited = _visit_days(user=user, reps=reps, days=days)
    joined = {r.pk: local_day_of(user.company, r.date_joined) for r in reps}
    rep_totals = {r.pk: Totals(rep=r) for r in reps}
    table = ProfileTable(today=today, reps=reps, days=[], rep_totals=list(rep_totals.values()))
    for day in days:
        totals = Totals(rep=None)
        cells = []
        for rep in reps:
            profile = found.get((rep.pk, day))
            if profile is not None:
                state = str(profile.state)
            else:
                state = NOT_DUE if day < joined[rep.pk] or day > today else MISSING
                state = DUE if state == MISSING and day == today else state
            cells.append(
                Cell(
                    rep=rep,
                    day=day,
                    state=state,
                    profile=profile,
                    visited=(rep.pk, day) in visited,
                )
            )
            totals.add(state)
            rep_totals[rep.pk].add(state)
            table.total.add(state)
        table.days.append(Day(day=day, cells=cells, totals=totals))
    return table


def _visit_days(*, user: Any, reps: list[User], days: list[dt.date]) -> set[tuple[int, dt.date]]:
    """(rep id, local day) of each day of ``days`` on which a rep home-visited a customer."""
    start, _ = day_bounds(user.company, min(days))
    _, end = day_bounds(user.company, max(days))
    rows = Touchpoint.objects.filter(
        customer__in=visible_customers(user=user).filter(owner__in=[r.pk for r in reps]),
        kind__in=VISIT_KINDS,
        occurred_at__gte=start,
        occurred_at__lt=end,
    ).values_list("customer__owner_id", "occurred_at")
    return {(owner, local_day_of(user.company, at)) for owner, at in rows}


def taken_profiles(*, user: Any, after: dt.date | None, until: dt.date) -> list[DailyProfile]:
    """The profiles taken of customers in ``user``'s scope on a day after ``after`` (the previous
    gathering's day; None for no lower bound) up to ``until`` (this gathering's day)."""
    rows = DailyProfile.objects.filter(
        owner_scope(user, prefix="customer__"), state=ProfileState.TAKEN, day__lte=until
    )
    if after is not None:
        rows = rows.filter(day__gt=after)
    return list(rows.select_related("rep"))
