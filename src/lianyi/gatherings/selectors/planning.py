"""Reads for planning a gathering: the company's gatherings and one gathering's plan (programme,
staff, buses with their stops and headcount against seats, tables)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet

from lianyi.core.errors import NotFound
from lianyi.gatherings.models import Bus, Gathering, Invitation, InvitationState, Table
from lianyi.org.scoping import owner_scope


def visible_gatherings(*, user: Any) -> QuerySet[Gathering]:
    """Every gathering of the user's company: all staff see the plan; invitations stay scoped."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "company_id", None):
        return Gathering.objects.none()
    return Gathering.objects.filter(company_id=user.company_id).order_by("-starts_at", "-id")


def get_gathering(*, user: Any, gathering_id: Any) -> Gathering:
    try:
        pk = int(gathering_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    gathering = visible_gatherings(user=user).filter(pk=pk).first()
    if gathering is None:
        raise NotFound()
    return gathering


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

    @property
    def free(self) -> int:
        return max(self.bus.seats - self.headcount, 0)


@dataclass
class GatheringPlan:
    gathering: Gathering
    programme: list[Any]
    staff: list[Any]
    buses: list[BusPlan]
    tables: list[Table]
    invited_guests: int
    table_seats: int
    invitations: list[Invitation] = field(default_factory=list)


def gathering_plan(*, user: Any, gathering_id: Any) -> GatheringPlan:
    """One gathering with everything the plan page shows, in a fixed number of queries."""
    gathering = get_gathering(user=user, gathering_id=gathering_id)
    live = Invitation.objects.exclude(state=InvitationState.REVOKED).only(
        "id", "bus_id", "guest_names"
    )
    buses = list(
        Bus.objects.filter(gathering=gathering).prefetch_related(
            "stops", Prefetch("invitations", queryset=live, to_attr="live_invitations")
        )
    )
    tables = list(Table.objects.filter(gathering=gathering))
    return GatheringPlan(
        gathering=gathering,
        programme=list(gathering.programme.all()),
        staff=list(gathering.staff.select_related("user").order_by("role", "user__username")),
        buses=[
            BusPlan(
                bus=bus,
                stops=list(bus.stops.all()),
                headcount=sum(guests_of(i) for i in bus.live_invitations),
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
            .order_by("customer__name", "pk")
        ),
    )


def company_staff(*, user: Any) -> QuerySet[Any]:
    """Active users of the planner's company, who can be given a role at a gathering."""
    from lianyi.org.models import User

    if not getattr(user, "company_id", None):
        return User.objects.none()
    return User.objects.filter(company_id=user.company_id, is_active=True).order_by("username")
