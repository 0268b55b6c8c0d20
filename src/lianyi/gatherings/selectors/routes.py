"""Reads of delivery routes: where each customer is, the latest plan of a day, a rep's stops."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any
from urllib.parse import quote

from django.db.models import Q, QuerySet

from lianyi.customers.models import Customer
from lianyi.gatherings.models import DeliveryPlan, Gathering, Invitation, InvitationState, RouteStop
from lianyi.gatherings.selectors.planning import visible_invitations
from lianyi.org.capabilities import Capability, has_capability
from lianyi.org.scoping import owner_scope

UNDELIVERED = (InvitationState.ISSUED, InvitationState.PRINTED)


def undelivered_invitations(*, user: Any, gathering: Gathering) -> QuerySet[Invitation]:
    """Invitations still to hand over, for customers in the user's scope."""
    return (
        visible_invitations(user=user)
        .filter(gathering=gathering, state__in=UNDELIVERED)
        .select_related("customer", "customer__compound", "customer__owner")
        .order_by("delivery_slot_start", "id")
    )


def customer_locations(customers: list[Customer]) -> dict[int, tuple[Decimal, Decimal]]:
    """Where to deliver: the location the rep recorded on the latest visit that recorded one
    (kept on the customer by the journey), else the compound's coordinates. Customers with
    neither are absent from the answer."""
    found: dict[int, tuple[Decimal, Decimal]] = {}
    for c in customers:
        if c.visit_latitude is not None and c.visit_longitude is not None:
            found[c.pk] = (c.visit_latitude, c.visit_longitude)
            continue
        place = c.compound
        if place is not None and place.latitude is not None and place.longitude is not None:
            found[c.pk] = (place.latitude, place.longitude)
    return found


def amap_link(latitude: Decimal, longitude: Decimal, name: str) -> str:
    """A map link that opens Amap (高德地图) at the stop; needs no API key."""
    return (
        f"https://uri.amap.com/marker?position={longitude},{latitude}"
        f"&name={quote(name)}&coordinate=gaode&callnative=1"
    )


@dataclass(frozen=True)
class RepRoute:
    rep: Any
    stops: list[RouteStop]


def latest_plan(*, user: Any, gathering: Gathering, day: date) -> DeliveryPlan | None:
    return DeliveryPlan.objects.filter(gathering=gathering, day=day).first()


def route_days(*, user: Any, gathering: Gathering) -> list[date]:
    """The days of the gathering that have routes, in order: every planned day for a planner,
    the days with a stop of their own for a rep."""
    latest: dict[date, int] = {}  # each day's latest plan, the one the page shows
    plans = DeliveryPlan.objects.filter(gathering=gathering).order_by("-planned_at", "-id")
    for pk, day in plans.values_list("pk", "day"):
        latest.setdefault(day, pk)
    if not has_capability(user, Capability.GATHERINGS_PLAN):
        own = set(
            RouteStop.objects.filter(
                plan_id__in=latest.values(), rep_id=getattr(user, "pk", None)
            ).values_list("plan_id", flat=True)
        )
        latest = {day: pk for day, pk in latest.items() if pk in own}
    return sorted(latest)


def default_route_day(days: list[date], *, today: date) -> date | None:
    """Today if it has a route, else the next day with one (None when no day lies ahead)."""
    return next((d for d in days if d >= today), None)


def routes_of(*, user: Any, plan: DeliveryPlan) -> list[RepRoute]:
    """The plan's routes the user may see: planners see every route of the plan whose
    customers are in their scope; a rep sees their own route only."""
    stops = (
        RouteStop.objects.filter(plan=plan)
        .filter(owner_scope(user, prefix="invitation__customer__") | _own_route(user))
        .select_related(
            "rep", "invitation", "invitation__customer", "invitation__customer__compound"
        )
        .order_by("rep_id", "position")
    )
    if not has_capability(user, Capability.GATHERINGS_PLAN):
        stops = stops.filter(rep=user)
    routes: dict[int, RepRoute] = {}
    for stop in stops:
        routes.setdefault(stop.rep_id, RepRoute(stop.rep, [])).stops.append(stop)
    return list(routes.values())


def _own_route(user: Any) -> Q:
    return Q(rep_id=getattr(user, "pk", None))
