"""Reads for planning a gathering: the company's gatherings and one gathering's plan (programme,
staff, buses with their stops and headcount against seats, tables)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet, Sum

from lianyi.core.lookup import get_by_id
from lianyi.gatherings.models import Bus, Gathering, Invitation, InvitationState, Table
from lianyi.org.models import User
from lianyi.org.scoping import company_scope, owner_scope


def visible_gatherings(*, user: Any) -> QuerySet[Gathering]:
    """Every gathering of the user's company: all staff see the plan; invitations stay scoped."""
    return Gathering.objects.filter(company_scope(user)).order_by("-starts_at", "-id")


def get_gathering(*, user: Any, gathering_id: Any) -> Gathering:
    """A gathering of the user's company; any other id answers like a missing one."""
    return get_by_id(visible_gatherings(user=user), gathering_id)


def visible_invitations(*, user: Any) -> QuerySet[Invitation]:
    """Invitations through the customers' scoping door: a rep sees their own customers', a
    supervisor their team's, a manager their department's, an administrator the company's."""
    return Invitation.objects.filter(owner_scope(user, prefix="customer__")).select_related(
        "customer", "customer__owner", "gathering", "bus", "stop"
    )


def guests_of(invitation: Invitation) -> int:
    return len(invitation.guest_names or [])


def invited_guests(gathering: Gathering, *, exclude_id: int | None = None) -> int:
    """Guests named on the gathering's invitations that still stand (not revoked)."""
    rows = Invitation.objects.filter(gathering=gathering).exclude(state=InvitationState.REVOKED)
    if exclude_id is not None:
        rows = rows.exclude(pk=exclude_id)
    return sum(len(names or []) for names in rows.values_list("guest_names", flat=True))


def bus_headcount(bus: Bus, *, exclude_id: int | None = None) -> int:
    rows = Invitation.objects.filter(bus=bus).exclude(state=InvitationState.REVOKED)
    if exclude_id is not None:
        rows = rows.exclude(pk=exclude_id)
    return sum(len(names or []) for names in rows.values_list("guest_names", flat=True))


@dataclass
class BusPlan:
    bus: Bus
    stops: list[Any]
    headcount: int
    # guests booked at each stop, by the stop's id: what removing that stop unbooks
    stop_riders: dict[int, int] = field(default_factory=dict)

    @property
    def stop_rows(self) -> list[tuple[Any, int]]:
        """Each stop with the guests booked there, for the page."""
        return [(stop, self.stop_riders.get(stop.pk, 0)) for stop in self.stops]

    @property
    def free(self) -> int:
        return max(self.bus.seats - self.headcount, 0)


@dataclass
class GatheringPlan:
    gathering: Gathering
    programme: list[Any]
    staff: list[Any]
    buses: list[BusPlan]
    tables: Sequence[Table]
    invited_guests: int
    table_seats: int
    invitations: list[Invitation] = field(default_factory=list)


def _riders_by_stop(invitations: list[Invitation]) -> dict[int, int]:
    riders: dict[int, int] = {}
    for invitation in invitations:
        if invitation.stop_id is not None:
            riders[invitation.stop_id] = riders.get(invitation.stop_id, 0) + guests_of(invitation)
    return riders


def gathering_plan(*, user: Any, gathering_id: Any) -> GatheringPlan:
    """One gathering with everything the plan page shows, in a fixed number of queries."""
    gathering = get_gathering(user=user, gathering_id=gathering_id)
    live = Invitation.objects.exclude(state=InvitationState.REVOKED).only(
        "id", "bus_id", "stop_id", "guest_names"
    )
    buses = list(
        Bus.objects.filter(gathering=gathering).prefetch_related(
            "stops", Prefetch("invitations", queryset=live, to_attr="live_invitations")
        )
    )
    # what removing a table unseats, shown before the planner confirms
    tables = list(
        Table.objects.filter(gathering=gathering).annotate(seated_guests=Sum("seated__guests"))
    )
    return GatheringPlan(
        gathering=gathering,
        programme=list(gathering.programme.all()),
        staff=list(gathering.staff.select_related("user").order_by("role", "user__username")),
        buses=[
            BusPlan(
                bus=bus,
                stops=list(bus.stops.all()),
                headcount=sum(guests_of(i) for i in bus.live_invitations),
                stop_riders=_riders_by_stop(bus.live_invitations),
            )
            for bus in buses
        ],
        tables=tables,
        invited_guests=invited_guests(gathering),
        table_seats=sum(t.seats for t in tables),
        invitations=list(
            visible_invitations(user=user)
            .filter(gathering=gathering)
            .exclude(state=InvitationState.REVOKED)
            .select_related("customer__compound")
            .order_by("customer__name", "pk")
        ),
    )


def company_staff(*, user: Any) -> QuerySet[Any]:
    """Active users of the planner's company, who can be given a role at a gathering."""
    return User.objects.filter(company_scope(user), is_active=True).order_by("username")
