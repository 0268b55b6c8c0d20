"""The attendance report (a supervisor's duty, 主管日常规定): after a gathering, the households
that came (checked in at the door) against the customers who had both home visits, per rep and
per team.
It also holds the daily profiles (每天向下属索要一份贵宾档案) taken since the previous gathering:
the process keeps them until after the next gathering to compare them with who came.

A household counts as *visited* when its customer has a first home visit and the second home
visit that handed over this gathering's invitation. Every invitation of the gathering in the
user's scope is one row: a supervisor sees the team, a manager the department, an
administrator the company; reps do not read the report. A fixed number of queries whatever
the number of rows.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Exists, OuterRef

from lianyi.gatherings.models import Gathering, Invitation
from lianyi.gatherings.selectors.engagement import door_admitted
from lianyi.gatherings.selectors.planning import get_gathering
from lianyi.journey.models import Touchpoint
from lianyi.journey.steps import TouchpointKind
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.scoping import of_company, owner_scope
from lianyi.oversight.days import local_day_of
from lianyi.oversight.selectors.profiles import taken_profiles


@dataclass(frozen=True)
class Household:
    invitation_id: int
    customer_id: int
    customer_name: str
    rep: Any
    team: Any
    visited: bool
    attended: bool
    profile_taken: bool = False


def percent(part: int, whole: int) -> Decimal | None:
    """``part / whole`` in percent with one place, or None when there is nothing to divide."""
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"))


@dataclass
class Tally:
    """Counts for one rep, one team or everyone."""

    label: str
    team_label: str = ""
    attendees: int = 0
    visited: int = 0
    visited_and_came: int = 0
    came_without_visits: list[Household] = field(default_factory=list)
    visited_not_came: list[Household] = field(default_factory=list)
    # daily profiles taken since the previous gathering, and how many of those customers came
    profiles_taken: int = 0
    profiles_came: int = 0
    households_profiled: list[Household] = field(default_factory=list)

    def add(self, household: Household) -> None:
        self.profiles_came += household.profile_taken and household.attended
        if household.profile_taken:
            self.households_profiled.append(household)
        self.attendees += household.attended
        self.visited += household.visited
        self.visited_and_came += household.visited and household.attended
        if household.attended and not household.visited:
            self.came_without_visits.append(household)
        if household.visited and not household.attended:
            self.visited_not_came.append(household)

    @property
    def attendance_rate(self) -> Decimal | None:
        """Of the households visited twice, how many came."""
        return percent(self.visited_and_came, self.visited)

    @property
    def visited_share(self) -> Decimal | None:
        """Of the households that came, how many had been visited twice."""
        return percent(self.visited_and_came, self.attendees)


@dataclass
class AttendanceReport:
    gathering: Gathering
    households: list[Household]
    reps: list[Tally]
    teams: list[Tally]
    total: Tally
    profiles_after: dt.date | None = None  # the previous gathering's day (profiles after it)
    profiles_until: dt.date | None = None  # this gathering's day


def _team_label(household: Household) -> str:
    return str(household.team or "")


def _tallies(
    households: list[Household],
    key: Callable[[Household], Any],
    label: Callable[[Household], str],
) -> dict[Any, Tally]:
    """One tally per ``key``, in the order the households come (team, rep, customer)."""
    tallies: dict[Any, Tally] = {}
    for household in households:
        k = key(household)
        if k not in tallies:
            tallies[k] = Tally(label=label(household), team_label=_team_label(household))
        tallies[k].add(household)
    return tallies


def attendance_report(*, user: Any, gathering_id: Any) -> AttendanceReport:
    require_capability(user, Capability.GATHERINGS_ATTENDANCE)
    gathering = get_gathering(user=user, gathering_id=gathering_id)
    first_visit = Touchpoint.objects.filter(
        customer_id=OuterRef("customer_id"), kind=TouchpointKind.FIRST_VISIT
    )
    second_visit = Touchpoint.objects.filter(
        invitation_id=OuterRef("pk"), kind=TouchpointKind.SECOND_VISIT
    )
    rows = (
        Invitation.objects.filter(owner_scope(user, prefix="customer__"), gathering=gathering)
        .annotate(
            attended=door_admitted(),
            first_visit=Exists(first_visit),
            second_visit=Exists(second_visit),
        )
        .select_related("customer__owner__team")
        .order_by("customer__owner__team__name", "customer__owner__display_name", "customer__name")
    )
    until = local_day_of(gathering.company, gathering.starts_at)
    previous = (
        Gathering.objects.filter(
            of_company(gathering.company_id), starts_at__lt=gathering.starts_at
        )
        .order_by("-starts_at")
        .values_list("starts_at", flat=True)
        .first()
    )
    after = local_day_of(gathering.company, previous) if previous else None
    profiles = taken_profiles(user=user, after=after, until=until)
    profiled = {p.customer_id for p in profiles}
    households = [
        Household(
            invitation_id=row.pk,
            customer_id=row.customer_id,
            customer_name=row.customer.name,
            rep=row.customer.owner,
            team=row.customer.owner.team,
            visited=bool(row.first_visit and row.second_visit),
            attended=bool(row.attended),
            profile_taken=row.customer_id in profiled,
        )
        for row in rows
    ]
    reps = _tallies(households, lambda h: h.rep.pk, lambda h: str(h.rep))
    teams = _tallies(households, lambda h: h.team.pk if h.team else None, _team_label)
    total = Tally(label="")
    for household in households:
        total.add(household)
    _count_profiles(profiles, reps=reps, teams=teams, total=total)
    return AttendanceReport(
        gathering=gathering,
        households=households,
        reps=list(reps.values()),
        teams=list(teams.values()),
        total=total,
        profiles_after=after,
        profiles_until=until,
    )


def _count_profiles(
    profiles: list[Any], *, reps: dict[Any, Tally], teams: dict[Any, Tally], total: Tally
) -> None:
    """Each profile counts for the rep who gave it and the rep's team (invited or not), when
    the report has a row for them."""
    for profile in profiles:
        total.profiles_taken += 1
        if profile.rep_id in reps:
            reps[profile.rep_id].profiles_taken += 1
        if profile.rep.team_id in teams:
            teams[profile.rep.team_id].profiles_taken += 1
