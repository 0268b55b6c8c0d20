"""Delivery routes (送函): split the invitations to deliver among the reps available that day and
order each rep's stops so that every agreed slot is kept and total travel time is least.

Pure planning, no Django: stops in, routes out. PyVRP solves it as a vehicle-routing problem
with time windows; a stop whose slot cannot be met is left out and named, never squeezed in."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pyvrp import Model
from pyvrp.exceptions import PenaltyBoundWarning
from pyvrp.stop import MaxRuntime

URBAN_SPEED_M_PER_S = 25_000 / 3600  # 25 km/h door to door in town, parking included
DETOUR_FACTOR = 1.3  # streets are not straight lines
# Leaving a stop out must always cost more than any detour that keeps it in.
LEAVE_OUT_PENALTY = 10**9


@dataclass(frozen=True)
class Point:
    lat: float
    lng: float


@dataclass(frozen=True)
class DeliveryStop:
    """One invitation to hand over: where, and the slot agreed with the customer, in seconds
    from the start of the planning day."""

    key: int
    where: Point
    window: tuple[int, int]
    service_s: int = 15 * 60


@dataclass(frozen=True)
class Visit:
    key: int
    arrival_s: int  # when the rep starts the visit (may wait for the slot to open)


@dataclass(frozen=True)
class Route:
    rep: int  # index into the reps of the day
    visits: tuple[Visit, ...]
    travel_s: int


@dataclass(frozen=True)
class RoutePlan:
    routes: tuple[Route, ...]
    left_out: tuple[int, ...]  # keys of stops whose slot no rep can keep

    @property
    def travel_s(self) -> int:
        return sum(route.travel_s for route in self.routes)


def travel_seconds(a: Point, b: Point) -> int:
    """Town travel time between two points: great-circle distance, a detour factor, 25 km/h."""
    lat1, lat2 = math.radians(a.lat), math.radians(b.lat)
    dlat = lat2 - lat1
    dlng = math.radians(b.lng - a.lng)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlng / 2) ** 2
    metres = 2 * 6_371_000 * math.asin(math.sqrt(h))
    return round(metres * DETOUR_FACTOR / URBAN_SPEED_M_PER_S)


def plan_routes(
    stops: Sequence[DeliveryStop],
    *,
    office: Point,
    reps: int,
    day: tuple[int, int],
    seconds: float = 9.0,  # the search; with building the model, a plan within 10 s
    travel: Callable[[Point, Point], int] = travel_seconds,
    seed: int = 0,
) -> RoutePlan:
    """Routes from the office and back within ``day`` for at most ``reps`` reps.

    Minimises total travel time; every stop is visited inside its window or left out (and
    listed in ``left_out``). ``seconds`` bounds the search."""
    # A slot that cannot be reached even straight from the office is out before solving.
    reachable = [
        s
        for s in stops
        if day[0] + travel(office, s.where) <= s.window[1]
        and max(day[0] + travel(office, s.where), s.window[0])
        + s.service_s
        + travel(s.where, office)
        <= day[1]
    ]
    unreachable = tuple(s.key for s in stops if s not in reachable)
    if reps < 1 or not reachable:
        return RoutePlan((), tuple(s.key for s in stops))
    plan = _solve(
        reachable, office=office, reps=reps, day=day, seconds=seconds, travel=travel, seed=seed
    )
    return RoutePlan(plan.routes, unreachable + plan.left_out)


def _solve(
    stops: Sequence[DeliveryStop],
    *,
    office: Point,
    reps: int,
    day: tuple[int, int],
    seconds: float,
    travel: Callable[[Point, Point], int],
    seed: int,
) -> RoutePlan:
    model = Model()
    office_at = model.add_location(office.lng, office.lat)
    depot = model.add_depot(office_at, tw_early=day[0], tw_late=day[1])
    model.add_vehicle_type(
        num_available=reps,
        start_depot=depot,
        end_depot=depot,
        tw_early=day[0],
        tw_late=day[1],
        unit_distance_cost=1,
    )
    places = [office_at]
    points = [office]
    for stop in stops:
        at = model.add_location(stop.where.lng, stop.where.lat)
        places.append(at)
        points.append(stop.where)
        model.add_client(
            at,
            service_duration=stop.service_s,
            tw_early=stop.window[0],
            tw_late=stop.window[1],
            required=False,
            prize=LEAVE_OUT_PENALTY,
        )
    for i, frm in enumerate(places):
        for j, to in enumerate(places):
            seconds_ij = 0 if i == j else travel(points[i], points[j])
            # distance is what is minimised; duration is what the windows are checked against
            model.add_edge(frm, to, distance=seconds_ij, duration=seconds_ij)
    with warnings.catch_warnings():
        # PyVRP warns when a slot it cannot keep drives its penalty up; such visits are left
        # out below and named, which is the answer the warning is about.
        warnings.simplefilter("ignore", PenaltyBoundWarning)
        result = model.solve(stop=MaxRuntime(seconds), seed=seed, display=False)
    solution = result.best
    routes: list[Route] = []
    for rep, route in enumerate(solution.routes()):  # reps are interchangeable: number them
        kept = [stops[a.idx] for a in route.schedule() if a.is_client() and a.time_warp == 0]
        # The solver's windows are soft: a visit it could only make late is left out, and the
        # rest of the route re-timed (dropping a stop never makes a later arrival later).
        visits, travel_s = _timed(kept, office=office, day=day, travel=travel)
        if visits:
            routes.append(Route(rep, visits, travel_s))
    visited = {v.key for r in routes for v in r.visits}
    return RoutePlan(tuple(routes), tuple(s.key for s in stops if s.key not in visited))


def _timed(
    order: Sequence[DeliveryStop],
    *,
    office: Point,
    day: tuple[int, int],
    travel: Callable[[Point, Point], int],
) -> tuple[tuple[Visit, ...], int]:
    """Arrival times along ``order`` from the office, skipping any stop that would be late."""
    clock, place, travel_s = day[0], office, 0
    visits: list[Visit] = []
    for stop in order:
        leg = travel(place, stop.where)
        arrival = max(clock + leg, stop.window[0])
        if arrival > stop.window[1]:
            continue
        visits.append(Visit(stop.key, arrival))
        clock, place, travel_s = arrival + stop.service_s, stop.where, travel_s + leg
    if visits:
        travel_s += travel(place, office)
    return tuple(visits), travel_s
