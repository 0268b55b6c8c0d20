"""The delivery route planner on small instances whose optimum is known."""

from __future__ import annotations

import itertools

from lianyi.gatherings.routing import DeliveryStop, Point, plan_routes, travel_seconds

OFFICE = Point(30.2741, 120.1551)  # Hangzhou
DAY = (0, 12 * 3600)
OPEN = (0, 12 * 3600)


def east(km: float) -> Point:
    """A point ``km`` kilometres east of the office (one degree of longitude ~ 96 km here)."""
    return Point(OFFICE.lat, OFFICE.lng + km / 96.2)


def line_metric(a: Point, b: Point) -> int:
    """Exactly one minute per 0.01 degree: a metric whose optimum is easy to see."""
    return round(abs(a.lng - b.lng) * 6000 + abs(a.lat - b.lat) * 6000)


def test_one_rep_visits_stops_on_a_line_in_order_out_and_back():
    stops = [DeliveryStop(k, Point(OFFICE.lat, OFFICE.lng + 0.01 * k), OPEN, 0) for k in (3, 1, 2)]
    plan = plan_routes(stops, office=OFFICE, reps=1, day=DAY, seconds=0.5, travel=line_metric)
    assert plan.left_out == ()
    assert [v.key for v in plan.routes[0].visits] in ([1, 2, 3], [3, 2, 1])
    assert plan.travel_s == 2 * 3 * 60  # out to the furthest and back: the optimum


def test_two_reps_each_take_one_cluster():
    west_cluster = [
        DeliveryStop(k, Point(OFFICE.lat, OFFICE.lng - 0.5 - 0.01 * k), OPEN, 0) for k in range(3)
    ]
    east_cluster = [
        DeliveryStop(10 + k, Point(OFFICE.lat, OFFICE.lng + 0.5 + 0.01 * k), OPEN, 0)
        for k in range(3)
    ]
    plan = plan_routes(
        west_cluster + east_cluster, office=OFFICE, reps=2, day=DAY, seconds=0.5, travel=line_metric
    )
    groups = sorted(sorted(v.key for v in r.visits) for r in plan.routes if r.visits)
    assert groups == [[0, 1, 2], [10, 11, 12]]
    assert plan.travel_s == 2 * (2 * 52 * 60)  # each: out to 0.52 degrees and back


def test_slots_decide_the_order_even_against_distance():
    # given: the far stop must be visited first (its slot closes early)
    near = DeliveryStop(1, Point(OFFICE.lat, OFFICE.lng + 0.01), (3600, 7200), 600)
    far = DeliveryStop(2, Point(OFFICE.lat, OFFICE.lng + 0.05), (0, 1800), 600)
    plan = plan_routes([near, far], office=OFFICE, reps=1, day=DAY, seconds=0.5, travel=line_metric)
    visits = plan.routes[0].visits
    assert [v.key for v in visits] == [2, 1]
    for visit, stop in zip(visits, (far, near), strict=True):
        assert stop.window[0] <= visit.arrival_s <= stop.window[1]


def test_a_slot_nobody_can_keep_is_left_out_and_named():
    reachable = DeliveryStop(1, Point(OFFICE.lat, OFFICE.lng + 0.01), OPEN, 600)
    # 60 minutes away, but its slot closes 10 minutes after the day starts
    impossible = DeliveryStop(2, Point(OFFICE.lat, OFFICE.lng + 0.6), (0, 600), 600)
    plan = plan_routes(
        [reachable, impossible], office=OFFICE, reps=2, day=DAY, seconds=0.5, travel=line_metric
    )
    assert plan.left_out == (2,)
    assert [v.key for r in plan.routes for v in r.visits] == [1]


def test_matches_the_brute_force_optimum_with_windows():
    # given: six stops with two-hour slots and one rep; brute force over every order
    coords = [
        (0.02, 0.01),
        (-0.03, 0.02),
        (0.04, -0.02),
        (0.01, -0.04),
        (-0.02, -0.01),
        (0.03, 0.03),
    ]
    windows = [(0, 7200), (3600, 10800), (0, 7200), (7200, 14400), (3600, 10800), (7200, 14400)]
    stops = [
        DeliveryStop(k, Point(OFFICE.lat + dy, OFFICE.lng + dx), windows[k], 900)
        for k, (dx, dy) in enumerate(coords)
    ]

    def cost(order: tuple[DeliveryStop, ...]) -> int | None:
        clock, place, travel = 0, OFFICE, 0
        for stop in order:
            leg = travel_seconds(place, stop.where)
            clock = max(clock + leg, stop.window[0])
            if clock > stop.window[1]:
                return None
            clock += stop.service_s
            travel += leg
            place = stop.where
        return travel + travel_seconds(place, OFFICE)

    best = min(c for order in itertools.permutations(stops) if (c := cost(order)) is not None)
    plan = plan_routes(stops, office=OFFICE, reps=1, day=DAY, seconds=2)
    assert plan.left_out == ()
    assert plan.travel_s == best


def test_no_reps_or_no_stops():
    stop = DeliveryStop(1, east(1), OPEN)
    assert plan_routes([stop], office=OFFICE, reps=0, day=DAY).left_out == (1,)
    assert plan_routes([], office=OFFICE, reps=3, day=DAY).routes == ()
