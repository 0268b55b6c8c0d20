"""Planning a day's invitation deliveries (送函): the undelivered invitations with their agreed
slots are split among the reps available that day and ordered into routes from the office
(``gatherings.routing``). Solving takes seconds, so it runs outside the transaction that
stores the plan; every plan is kept, and re-planning makes a new one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import cursor_dt, now
from lianyi.core.errors import DomainError, NotFound
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import DeliveryPlan, Invitation, RouteStop
from lianyi.gatherings.routing import DeliveryStop, Point, plan_routes
from lianyi.gatherings.selectors.routes import (
    company_gathering,
    customer_locations,
    undelivered_invitations,
    visible_invitations,
)
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import managed_reps

VISIT_SECONDS = 15 * 60
SEARCH_SECONDS = 9.0


def _reps(by: Any, rep_ids: Sequence[int]) -> list[User]:
    reps = list(managed_reps(by).filter(pk__in=list(rep_ids)))
    if not reps:
        raise DomainError(
            _("请选择当天能送函的专员。"),
            code=GatheringCode.ROUTES_NO_REPS,
            extra={"field": "reps"},
        )
    return sorted(reps, key=lambda u: u.pk)


def _office(company: Any) -> Point:
    if company.office_latitude is None or company.office_longitude is None:
        raise DomainError(
            _("请管理员先设置公司地址的坐标：送函路线从公司出发。"),
            code=GatheringCode.OFFICE_LOCATION_MISSING,
        )
    return Point(float(company.office_latitude), float(company.office_longitude))


def _stop(invitation: Invitation, where: Point, day_start: datetime) -> DeliveryStop:
    """Arrive inside the agreed slot, early enough to finish the visit before it ends."""
    start = int((invitation.delivery_slot_start - day_start).total_seconds())
    end = int((invitation.delivery_slot_end - day_start).total_seconds())
    return DeliveryStop(
        invitation.pk, where, (start, max(start, end - VISIT_SECONDS)), VISIT_SECONDS
    )


def plan_deliveries(
    *,
    by: Any,
    gathering_id: int,
    day: date,
    rep_ids: Sequence[int],
    seconds: float | None = None,
) -> DeliveryPlan:
    """Plan ``day``'s deliveries of the invitations in ``by``'s scope among ``rep_ids``."""
    require_capability(by, Capability.GATHERINGS_PLAN)
    gathering = company_gathering(user=by, gathering_id=gathering_id)
    company = gathering.company
    if not (gathering.delivery_from or day) <= day < gathering.starts_at.date():
        raise DomainError(
            _("送函日期应在联谊会之前的送函期内。"),
            code=GatheringCode.ROUTES_DAY_INVALID,
            extra={"field": "day"},
        )
    office = _office(company)
    reps = _reps(by, rep_ids)
    quiet = company.quiet_hours()
    day_start = cursor_dt(day, quiet.day_start, quiet.tz)
    day_end = cursor_dt(day, quiet.day_end, quiet.tz)
    invitations = [
        inv
        for inv in undelivered_invitations(user=by, gathering=gathering)
        if inv.delivery_slot_start.astimezone(quiet.tz).date() == day
    ]
    if not invitations:
        raise DomainError(
            _("这一天没有约好送达的邀请函。"),
            code=GatheringCode.ROUTES_NOTHING_TO_DELIVER,
            extra={"field": "day"},
        )
    located = customer_locations([inv.customer for inv in invitations])
    stops, without = [], []
    for inv in invitations:
        if inv.customer_id in located:
            lat, lng = located[inv.customer_id]
            stops.append(_stop(inv, Point(float(lat), float(lng)), day_start))
        else:
            without.append(inv.pk)
    result = plan_routes(
        stops,
        office=office,
        reps=len(reps),
        day=(0, int((day_end - day_start).total_seconds())),
        seconds=SEARCH_SECONDS if seconds is None else seconds,
    )
    points = {s.key: s.where for s in stops}
    with transaction.atomic():
        plan = DeliveryPlan.objects.create(
            gathering=gathering,
            day=day,
            planned_at=now(),
            planned_by=by,
            travel_seconds=result.travel_s,
            left_out=list(result.left_out),
            without_location=without,
        )
        RouteStop.objects.bulk_create(
            RouteStop(
                plan=plan,
                rep=reps[route.rep],
                invitation_id=visit.key,
                position=position,
                eta=day_start + timedelta(seconds=visit.arrival_s),
                latitude=round(points[visit.key].lat, 6),
                longitude=round(points[visit.key].lng, 6),
            )
            for route in result.routes
            for position, visit in enumerate(route.visits, start=1)
        )
        audit(
            by,
            "gatherings.routes.planned",
            plan,
            company=company,
            data={
                "reps": [u.pk for u in reps],
                "stops": len(stops),
                "left_out": list(result.left_out),
                "without_location": without,
                "travel_seconds": result.travel_s,
            },
        )
    return plan


def move_stop(
    *, by: Any, plan_id: int, invitation_id: int, to_rep_id: int, seconds: float = 2.0
) -> DeliveryPlan:
    """Give one stop to another rep and re-plan: a new plan in which the two reps' routes are
    ordered again and every other route stays as it was."""
    require_capability(by, Capability.GATHERINGS_PLAN)
    old = DeliveryPlan.objects.filter(pk=plan_id, gathering__company_id=by.company_id).first()
    if old is None:
        raise NotFound()
    stops = list(old.stops.select_related("rep", "invitation"))
    moved = next((s for s in stops if s.invitation_id == invitation_id), None)
    # Only a stop whose customer is in the planner's scope can be moved: another team's
    # supervisor answers as if the stop did not exist.
    if moved is None or not visible_invitations(user=by).filter(pk=invitation_id).exists():
        raise NotFound()
    target = _reps(by, [to_rep_id])[0]
    quiet = old.gathering.company.quiet_hours()
    day_start = cursor_dt(old.day, quiet.day_start, quiet.tz)
    day = (0, int((cursor_dt(old.day, quiet.day_end, quiet.tz) - day_start).total_seconds()))
    office = _office(old.gathering.company)
    affected = {moved.rep_id, target.pk}
    by_rep: dict[int, list[RouteStop]] = {}
    for s in stops:
        rep_id = target.pk if s is moved else s.rep_id
        by_rep.setdefault(rep_id, []).append(s)
    reps = {s.rep_id: s.rep for s in stops} | {target.pk: target}
    new_rows: list[tuple[int, int, int, float, float]] = []  # rep, invitation, eta, lat, lng
    left_out = list(old.left_out)
    travel = 0
    for rep_id, rep_stops in by_rep.items():
        points = {s.invitation_id: Point(float(s.latitude), float(s.longitude)) for s in rep_stops}
        if rep_id not in affected:
            for s in rep_stops:
                eta = int((s.eta - day_start).total_seconds())
                new_rows.append(
                    (
                        rep_id,
                        s.invitation_id,
                        eta,
                        points[s.invitation_id].lat,
                        points[s.invitation_id].lng,
                    )
                )
            continue
        result = plan_routes(
            [_stop(s.invitation, points[s.invitation_id], day_start) for s in rep_stops],
            office=office,
            reps=1,
            day=day,
            seconds=seconds,
        )
        left_out.extend(result.left_out)
        travel += result.travel_s
        for route in result.routes:
            for visit in route.visits:
                p = points[visit.key]
                new_rows.append((rep_id, visit.key, visit.arrival_s, p.lat, p.lng))
    unchanged = {s.rep_id for s in stops} - affected
    travel += _unchanged_travel(old, unchanged)
    with transaction.atomic():
        plan = DeliveryPlan.objects.create(
            gathering=old.gathering,
            day=old.day,
            planned_at=now(),
            planned_by=by,
            travel_seconds=travel,
            left_out=left_out,
            without_location=list(old.without_location),
        )
        positions: dict[int, int] = {}
        rows = []
        for rep_id, inv_id, eta, lat, lng in sorted(new_rows, key=lambda r: (r[0], r[2])):
            positions[rep_id] = positions.get(rep_id, 0) + 1
            rows.append(
                RouteStop(
                    plan=plan,
                    rep=reps[rep_id],
                    invitation_id=inv_id,
                    position=positions[rep_id],
                    eta=day_start + timedelta(seconds=eta),
                    latitude=round(lat, 6),
                    longitude=round(lng, 6),
                )
            )
        RouteStop.objects.bulk_create(rows)
        audit(
            by,
            "gatherings.routes.stop_moved",
            plan,
            company=old.gathering.company,
            changes={"rep": [moved.rep_id, target.pk]},
            data={"from_plan": old.pk, "invitation": invitation_id},
        )
    return plan


def _unchanged_travel(plan: DeliveryPlan, rep_ids: set[int]) -> int:
    """Travel of the routes a move leaves alone, measured along their stored order."""
    from lianyi.gatherings.routing import travel_seconds

    office = _office(plan.gathering.company)
    total = 0
    for rep_id in rep_ids:
        place = office
        for s in plan.stops.filter(rep_id=rep_id).order_by("position"):
            here = Point(float(s.latitude), float(s.longitude))
            total += travel_seconds(place, here)
            place = here
        total += travel_seconds(place, office)
    return total
