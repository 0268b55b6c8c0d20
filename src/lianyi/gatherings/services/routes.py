"""Planning a day's invitation deliveries (送函): the undelivered invitations with their agreed
slots are split among the reps available that day and ordered into routes from the office
(``gatherings.routing``). Solving takes seconds, so it runs in the worker (a job the page polls)
and outside the transaction that stores the plan; every plan is kept, and re-planning makes a
new one."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import cursor_dt, now
from lianyi.core.errors import Conflict, DomainError, NotFound
from lianyi.core.models import Job
from lianyi.core.services import create_job, enqueue_on_commit, run_job
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import DeliveryPlan, Gathering, Invitation, RouteStop
from lianyi.gatherings.routing import DeliveryStop, Point, plan_routes, travel_seconds
from lianyi.gatherings.selectors.planning import get_gathering, visible_invitations
from lianyi.gatherings.selectors.routes import customer_locations, undelivered_invitations
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import company_scope, managed_reps

VISIT_SECONDS = 15 * 60
SEARCH_SECONDS = 9.0


def _reps(by: User, rep_ids: Sequence[int]) -> list[User]:
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


@dataclass(frozen=True)
class _Problem:
    gathering: Gathering
    office: Point
    reps: list[User]
    day_start: datetime
    day_end: datetime
    stops: list[DeliveryStop]
    without: list[int]


def _problem(*, by: User, gathering_id: int, day: date, rep_ids: Sequence[int]) -> _Problem:
    """Everything the solver needs, or the refusal a person can act on (checked again by the
    worker: the day may have changed since it was asked for)."""
    require_capability(by, Capability.GATHERINGS_PLAN)
    gathering = get_gathering(user=by, gathering_id=gathering_id)
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
    return _Problem(gathering, office, reps, day_start, day_end, stops, without)


def plan_deliveries(
    *,
    by: User,
    gathering_id: int,
    day: date,
    rep_ids: Sequence[int],
    seconds: float | None = None,
) -> DeliveryPlan:
    """Plan ``day``'s deliveries of the invitations in ``by``'s scope among ``rep_ids``.
    Solving takes seconds: pages and the API ask for it with :func:`request_route_plan`,
    and the worker runs it."""
    problem = _problem(by=by, gathering_id=gathering_id, day=day, rep_ids=rep_ids)
    gathering, company = problem.gathering, problem.gathering.company
    reps, stops, without = problem.reps, problem.stops, problem.without
    day_start = problem.day_start
    result = plan_routes(
        stops,
        office=problem.office,
        reps=len(reps),
        day=(0, int((problem.day_end - day_start).total_seconds())),
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


def _move(
    *, by: User, plan_id: int, invitation_id: int, to_rep_id: int
) -> tuple[DeliveryPlan, list[RouteStop], RouteStop, User]:
    require_capability(by, Capability.GATHERINGS_PLAN)
    old = (
        DeliveryPlan.objects.filter(company_scope(by, prefix="gathering__"), pk=plan_id)
        .select_related("gathering__company")
        .first()
    )
    if old is None:
        raise NotFound()
    stops = list(old.stops.select_related("rep", "invitation"))
    moved = next((s for s in stops if s.invitation_id == invitation_id), None)
    # Only a stop whose customer is in the planner's scope can be moved: another team's
    # supervisor answers as if the stop did not exist.
    if moved is None or not visible_invitations(user=by).filter(pk=invitation_id).exists():
        raise NotFound()
    return old, stops, moved, _reps(by, [to_rep_id])[0]


def move_stop(
    *, by: User, plan_id: int, invitation_id: int, to_rep_id: int, seconds: float = 2.0
) -> DeliveryPlan:
    """Give one stop to another rep and re-plan: a new plan in which the two reps' routes are
    ordered again and every other route stays as it was."""
    old, stops, moved, target = _move(
        by=by, plan_id=plan_id, invitation_id=invitation_id, to_rep_id=to_rep_id
    )
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


# -- in the background ---------------------------------------------------------------------
# The page and the API ask for a plan (or a move) and get a job at once; the worker solves.

PLAN_JOB = "gatherings.routes.plan"
MOVE_JOB = "gatherings.routes.move"


def route_job_key(gathering_id: int, day: date) -> str:
    """One plan or move at a time per gathering and day: two would make two plans of it."""
    return f"gatherings.routes:{gathering_id}:{day.isoformat()}"


def _ask(*, by: User, kind: str, key: str, params: dict[str, Any], task: Any) -> tuple[Job, bool]:
    """The new job, or ``(the running one, True)`` when this request joins it."""
    job, created = create_job(by=by, kind=kind, key=key, params=params)
    if created:
        enqueue_on_commit(job, task)
        return job, False
    # The same request from the same person joins the one running; anything else would
    # overwrite it with another plan of the same day, so it waits until that one is done.
    if job.created_by_id == by.pk and job.kind == kind and job.params == params:
        return job, True
    raise Conflict(
        _("这一天的送函路线正在规划中（%(by)s 提交），请等它完成后再试。") % {"by": job.created_by},
        code=GatheringCode.ROUTES_PLANNING_RUNNING,
        extra={"job": job.pk if job.created_by_id == by.pk else None},
    )


@transaction.atomic
def request_route_plan(
    *,
    by: User,
    gathering_id: int,
    day: date,
    rep_ids: Sequence[int],
    seconds: float | None = None,
) -> Job:
    """Checks what can be checked at once (refusals go next to the field) and queues the plan
    of ``day``; the job's result is the new plan's id. ``seconds`` shortens the search."""
    # Imported when queued: gatherings.tasks imports this module for the services its tasks
    # run, so a module-level import here would be circular.
    from lianyi.gatherings.tasks import plan_routes_task

    problem = _problem(by=by, gathering_id=gathering_id, day=day, rep_ids=rep_ids)
    params: dict[str, Any] = {
        "gathering": problem.gathering.pk,
        "day": day.isoformat(),
        "reps": [u.pk for u in problem.reps],
    }
    if seconds is not None:
        params["seconds"] = seconds
    key = route_job_key(problem.gathering.pk, day)
    job, joined = _ask(by=by, kind=PLAN_JOB, key=key, params=params, task=plan_routes_task)
    audit(
        by,
        "gatherings.routes.plan_requested",
        job,
        company=problem.gathering.company,
        data={**params, "stops": len(problem.stops), "joined": joined},
    )
    return job


@transaction.atomic
def request_stop_move(*, by: User, plan_id: int, invitation_id: int, to_rep_id: int) -> Job:
    """Checks the move at once and queues it; the job's result is the new plan's id."""
    # Imported when queued: gatherings.tasks imports this module for the services its tasks
    # run, so a module-level import here would be circular.
    from lianyi.gatherings.tasks import move_stop_task

    old, _stops, moved, target = _move(
        by=by, plan_id=plan_id, invitation_id=invitation_id, to_rep_id=to_rep_id
    )
    params = {
        "plan": old.pk,
        "invitation": invitation_id,
        "to_rep": target.pk,
        "gathering": old.gathering_id,
        "day": old.day.isoformat(),
    }
    key = route_job_key(old.gathering_id, old.day)
    job, joined = _ask(by=by, kind=MOVE_JOB, key=key, params=params, task=move_stop_task)
    audit(
        by,
        "gatherings.routes.move_requested",
        job,
        company=old.gathering.company,
        changes={"rep": [moved.rep_id, target.pk]},
        data={**params, "joined": joined},
    )
    return job


def run_route_plan_job(*, job_id: int) -> Job:
    """The worker's side of :func:`request_route_plan`."""

    def work(job: Job) -> str:
        p = job.params
        plan = plan_deliveries(
            by=job.created_by,
            gathering_id=int(p["gathering"]),
            day=date.fromisoformat(p["day"]),
            rep_ids=[int(r) for r in p["reps"]],
            seconds=p.get("seconds"),
        )
        return str(plan.pk)

    return run_job(job_id=job_id, work=work)


def run_stop_move_job(*, job_id: int) -> Job:
    """The worker's side of :func:`request_stop_move`."""

    def work(job: Job) -> str:
        p = job.params
        plan = move_stop(
            by=job.created_by,
            plan_id=int(p["plan"]),
            invitation_id=int(p["invitation"]),
            to_rep_id=int(p["to_rep"]),
        )
        return str(plan.pk)

    return run_job(job_id=job_id, work=work)
