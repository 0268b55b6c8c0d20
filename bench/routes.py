"""Delivery routes benchmark: 120 stops, 12 reps, two-hour slots, 15 minutes per stop.

Lianyi's planner (PyVRP, ``lianyi.gatherings.routing``) against OR-Tools' routing solver on the
same instance with the same time budget. The aim: a feasible plan in at most 10 seconds whose
total travel time is no worse than OR-Tools'. OR-Tools is a benchmark-only dependency
(``pip install -e ".[bench]"``), never the app's.

    .venv/bin/python bench/routes.py [--seed 1] [--seconds 10]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from lianyi.gatherings.routing import (
    LEAVE_OUT_PENALTY,
    DeliveryStop,
    Point,
    plan_routes,
    travel_seconds,
)

OFFICE = Point(30.2741, 120.1551)  # Hangzhou
DAY = (0, 11 * 3600)  # 08:30-19:30, in seconds from 08:30
SLOT_STARTS = [0, 2, 4, 6, 8]  # two-hour slots starting on the even hours of the day


def instance(seed: int, n: int = 120) -> list[DeliveryStop]:
    rng = random.Random(seed)
    stops = []
    for key in range(n):
        start = rng.choice(SLOT_STARTS) * 3600
        where = Point(OFFICE.lat + rng.uniform(-0.08, 0.08), OFFICE.lng + rng.uniform(-0.08, 0.08))
        stops.append(DeliveryStop(key, where, (start, start + 7200), 15 * 60))
    return stops


def check_feasible(plan, stops: list[DeliveryStop]) -> None:  # type: ignore[no-untyped-def]
    by_key = {s.key: s for s in stops}
    for route in plan.routes:
        for visit in route.visits:
            window = by_key[visit.key].window
            assert window[0] <= visit.arrival_s <= window[1], (visit, window)


def ortools_plan(stops: list[DeliveryStop], reps: int, seconds: int) -> tuple[int, int, float]:
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    points = [OFFICE] + [s.where for s in stops]
    matrix = [
        [0 if i == j else travel_seconds(a, b) for j, b in enumerate(points)]
        for i, a in enumerate(points)
    ]
    service = [0] + [s.service_s for s in stops]
    manager = pywrapcp.RoutingIndexManager(len(points), reps, 0)
    routing = pywrapcp.RoutingModel(manager)

    def travel(i: int, j: int) -> int:
        return matrix[manager.IndexToNode(i)][manager.IndexToNode(j)]

    def busy(i: int, j: int) -> int:
        a = manager.IndexToNode(i)
        return service[a] + matrix[a][manager.IndexToNode(j)]

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(travel))
    routing.AddDimension(routing.RegisterTransitCallback(busy), DAY[1], DAY[1], False, "time")
    clock = routing.GetDimensionOrDie("time")
    for node, stop in enumerate(stops, start=1):
        index = manager.NodeToIndex(node)
        clock.CumulVar(index).SetRange(*stop.window)
        routing.AddDisjunction([index], LEAVE_OUT_PENALTY)
    for vehicle in range(reps):
        clock.CumulVar(routing.Start(vehicle)).SetRange(*DAY)
        clock.CumulVar(routing.End(vehicle)).SetRange(*DAY)
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromSeconds(seconds)
    started = time.perf_counter()
    solution = routing.SolveWithParameters(params)
    elapsed = time.perf_counter() - started
    total, visited = 0, 0
    for vehicle in range(reps):
        index = routing.Start(vehicle)
        while not routing.IsEnd(index):
            nxt = solution.Value(routing.NextVar(index))
            total += travel(index, nxt)
            if not routing.IsStart(nxt) and not routing.IsEnd(nxt):
                visited += 1
            index = nxt
    return total, len(stops) - visited, elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--reps", type=int, default=12)
    args = parser.parse_args()
    stops = instance(args.seed)

    started = time.perf_counter()
    ours = plan_routes(stops, office=OFFICE, reps=args.reps, day=DAY, seconds=args.seconds - 1)
    our_seconds = time.perf_counter() - started
    check_feasible(ours, stops)

    try:
        theirs = ortools_plan(stops, args.reps, args.seconds)
    except ImportError:
        theirs = None
        print("OR-Tools is not installed: pip install -e '.[bench]' to compare")

    rows = [("Lianyi (PyVRP)", ours.travel_s, len(ours.left_out), our_seconds)]
    if theirs is not None:
        rows.append(("OR-Tools routing", *theirs))
    print(
        f"\n{len(stops)} stops, {args.reps} reps, two-hour slots, 15 min a stop, seed {args.seed}\n"
    )
    print("| solver | total travel (min) | left out | wall time (s) |")
    print("|---|---:|---:|---:|")
    for name, travel_s, left_out, seconds in rows:
        print(f"| {name} | {travel_s / 60:.1f} | {left_out} | {seconds:.2f} |")
    if theirs is not None:
        print(f"\nratio (ours / OR-Tools travel): {ours.travel_s / theirs[0]:.3f}")
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    (out / "routes.json").write_text(
        json.dumps(
            [{"solver": r[0], "travel_s": r[1], "left_out": r[2], "seconds": r[3]} for r in rows],
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
