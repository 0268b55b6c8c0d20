"""Orders under load on the production server (gunicorn): 20 concurrent clients placing orders
through the JSON API against the empty logged-in view of the same server in the same run, then
1,000 concurrent orders for a package of which only 50 are in stock.

    psql -h 127.0.0.1 -U postgres -c 'create database lianyi_bench_orders'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianyi_bench_orders \\
        .venv/bin/python bench/orders.py [--workers 5] [--requests 1000] [--storm 1000]

It migrates the database and creates a company of its own for each run, through the sales
services (``catalogue``, ``stock``, as ``tests/factories.py::open_shop`` does): an administrator,
one store room, socks and a magnetic pillow (a medical device with its registration number) in
a 大全套 package (2 socks + 1 pillow, 3,980 yuan) with 20,000 units of each in stock, a 限量套
package of one 限量磁疗枕 of which 50 are in stock, a price list valid today; one team of 20
reps, each with an API token (one rep per client) and customers of their own: every order is
for a customer nobody else orders for in the run, so no order waits on another's customer lock
or becomes a "second order within 30 days", but every order takes the same stock rows (as at a
gathering, where everyone sells the same packages).

The server: ``gunicorn config.wsgi:application -w WORKERS`` (sync workers, ``--backlog 2048``),
``DATABASE_CONN_MAX_AGE=600``, DEBUG off, ``LIANYI_BENCH=1`` (the empty view ``/bench/ping``), on
a free port of 127.0.0.1 (bench/checkin.py's ``GunicornServer``). Then, 20 client threads
released at once:

1. ``--requests`` GETs of the empty view (session cookie of a rep), then ``--requests`` orders
   ``POST /api/orders`` (bearer token) of one 大全套, on delivery, each with its own
   ``submission_key``: throughput, p50/p99, CPU per request of the app's processes and of the
   PostgreSQL backends its workers hold open (bench/checkin.py's /proc reading); the ratio is
   orders/s over empty views/s (aim: at least 0.5);
   then, as a diagnostic, ``--requests`` orders where each rep sells a one-product package of
   their own (单品套, 20,000 in stock each), so that no two orders share a stock row: what the
   shared rows' locks cost on top of the order's own work;
2. ``--storm`` orders (default 1,000; 50 clients x 20) of one 限量套 each, for different
   customers: exactly 50 placed, every other answer ``sales.stock_short``; the pillow's level 0
   (the database refuses a negative one), its movements summing to the level (receipt +50,
   50 reservations of -1), 50 orders holding the package.

Bounded: at most a few thousand requests, loopback only, each request times out after 60 s.
Prints markdown tables and writes bench/results/orders.json (git-ignored); exits 1 if any
check fails.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import secrets
import sys
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

import checkin  # noqa: E402  (bench/checkin.py: GunicornServer, load, summary, CPU from /proc)
import run as bench_run  # noqa: E402  (bench/run.py: request, free_port, session_for)

RESULTS = ROOT / "bench" / "results"
CLIENTS = 20
STORM_CLIENTS = 50
STORM_STOCK = 50
BIG_STOCK = 20_000
REPS = 20


def setup(customers_needed: int) -> dict:
    from django.core.management import call_command
    from django.utils import timezone

    from lianyi.customers.models import Customer, Source
    from lianyi.org.models import Company, Department, Role, Team, User
    from lianyi.org.services import issue_api_token
    from lianyi.sales.models import ProductCategory
    from lianyi.sales.services import catalogue, stock

    call_command("migrate", verbosity=0)
    tag = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    company = Company.objects.create(name=f"订单压测 {tag}")
    team = Team.objects.create(
        department=Department.objects.create(company=company, name="压测部"), name="压测组"
    )
    admin = User.objects.create_user(
        username=f"bench-orders-admin-{tag}", password="x", company=company, role=Role.ADMIN
    )
    reps = [
        User.objects.create_user(
            username=f"bench-orders-rep{i:02}-{tag}",
            password="x",
            company=company,
            team=team,
            role=Role.REP,
        )
        for i in range(REPS)
    ]
    keys = {rep.pk: issue_api_token(by=rep, name="bench")[1] for rep in reps}
    room = stock.create_store_room(by=admin, name="压测库房")
    socks = catalogue.create_product(by=admin, name="保暖袜", category=ProductCategory.ORDINARY)
    pillow = catalogue.create_product(
        by=admin,
        name="磁疗枕",
        category=ProductCategory.MEDICAL_DEVICE,
        registration_number="浙械注准20212090001",
    )
    scarce = catalogue.create_product(
        by=admin,
        name="限量磁疗枕",
        category=ProductCategory.MEDICAL_DEVICE,
        registration_number="浙械注准20212090002",
    )
    big_set = catalogue.create_package(
        by=admin, name="大全套", items=[(socks.pk, 2), (pillow.pk, 1)]
    )
    limited = catalogue.create_package(by=admin, name="限量套", items=[(scarce.pk, 1)])
    # The diagnostic phase: each rep sells a package of their own, so no two orders share a
    # stock row (what the shared rows' locks cost).
    own_products = [
        catalogue.create_product(by=admin, name=f"单品{i}", category=ProductCategory.ORDINARY)
        for i in range(REPS)
    ]
    own_packages = [
        catalogue.create_package(by=admin, name=f"单品套{i}", items=[(p.pk, 1)])
        for i, p in enumerate(own_products)
    ]
    catalogue.create_price_list(
        by=admin,
        name="压测价目表",
        valid_from=timezone.localdate() - timedelta(days=1),
        package_prices={big_set.pk: "3980.00", limited.pk: "1680.00"}
        | {p.pk: "398.00" for p in own_packages},
        product_prices={socks.pk: "68.00", pillow.pk: "1280.00", scarce.pk: "1280.00"}
        | {p.pk: "398.00" for p in own_products},
    )
    for product, units in (
        (socks, 2 * BIG_STOCK),
        (pillow, BIG_STOCK),
        (scarce, STORM_STOCK),
        *((p, BIG_STOCK) for p in own_products),
    ):
        stock.receive_stock(by=admin, store_room_id=room.pk, product_id=product.pk, quantity=units)
    customers = Customer.objects.bulk_create(
        Customer(
            company=company,
            owner=reps[i % REPS],
            created_by=reps[i % REPS],
            name=f"客户{i}",
            sex="F",
            source=Source.STAND,
            consent_contact=True,  # the flag a consent taken at the stand sets
        )
        for i in range(customers_needed)
    )
    return {
        "rep": reps[0].username,
        "room_id": room.pk,
        "big_set_id": big_set.pk,
        "limited_id": limited.pk,
        "scarce_id": scarce.pk,
        "own_package": {keys[rep.pk]: own_packages[i].pk for i, rep in enumerate(reps)},
        # one job per customer: (the owner's key, the customer)
        "jobs": [(keys[c.owner_id], c.pk) for c in customers],
    }


class Jobs:
    """Hands out each customer once."""

    def __init__(self, jobs: list[tuple[str, int]]) -> None:
        self.jobs = list(jobs)

    def take(self, n: int) -> list[tuple[str, int]]:
        if n > len(self.jobs):
            raise SystemExit("not enough customers for this run")
        taken, self.jobs = self.jobs[:n], self.jobs[n:]
        return taken


def order_body(data: dict, customer_id: int, package_id: int) -> dict:
    return {
        "customer_id": customer_id,
        "channel": "home",
        "store_room_id": data["room_id"],
        "payment_terms": "on_delivery",
        "lines": [{"package_id": package_id, "quantity": 1}],
        "gifts": [],
        "discount": "0",
        "discount_reason": "",
        "submission_key": uuid.uuid4().hex,
    }


def placer(port: int, data: dict, package_id: int | None):  # type: ignore[no-untyped-def]
    """Places one package per job (``None``: the rep's own package)."""

    def place(job: tuple[str, int]) -> str:
        key, customer_id = job
        package = package_id if package_id is not None else data["own_package"][key]
        status, body = checkin.post_json(
            port, "/api/orders", key, order_body(data, customer_id, package)
        )
        if status in (200, 201):
            return "placed"
        return str(body.get("code") or status)

    return place


def measure(server: Any, data: dict, jobs: Jobs, args: argparse.Namespace) -> dict:
    from django.conf import settings

    port = server.port
    cookies = {settings.SESSION_COOKIE_NAME: bench_run.session_for(data["rep"])}

    def ping(_job: int) -> Any:
        status, _h, _b = bench_run.request(port, "GET", bench_run.PING, cookies=cookies)
        return status

    place_big = placer(port, data, data["big_set_id"])
    # warm-up: every worker imports, connects and answers both endpoints
    checkin.load(list(range(args.warmup)), ping, clients=CLIENTS)
    _w, _l, warm = checkin.load(jobs.take(args.warmup), place_big, clients=CLIENTS)
    if Counter(warm).get("placed", 0) == 0:
        raise SystemExit(f"no order placed in the warm-up: {dict(Counter(warm))}")

    app0 = checkin.cpu_seconds(server.pids())
    wall, lat, statuses = checkin.load(list(range(args.requests)), ping, clients=CLIENTS)
    app1 = checkin.cpu_seconds(server.pids())
    empty = checkin.summary("empty view (GET /bench/ping)", wall, lat) | {
        "answers": dict(Counter(statuses)),
        "app_cpu_ms_per_request": round((app1 - app0) * 1000 / len(lat), 2),
    }

    backends = checkin.backend_pids()
    db0 = checkin.cpu_seconds(backends)
    app0 = checkin.cpu_seconds(server.pids())
    wall, lat, answers = checkin.load(jobs.take(args.requests), place_big, clients=CLIENTS)
    app1 = checkin.cpu_seconds(server.pids())
    db1 = checkin.cpu_seconds(backends)
    placed = Counter(answers).get("placed", 0)
    orders = checkin.summary("order (POST /api/orders), one 大全套", wall, lat) | {
        "answers": dict(Counter(answers)),
        "app_cpu_ms_per_order": round((app1 - app0) * 1000 / max(placed, 1), 2),
        "db_cpu_ms_per_order": round((db1 - db0) * 1000 / max(placed, 1), 2),
        "db_backends": len(backends),
    }
    ratio = round(orders["throughput_rps"] / empty["throughput_rps"], 2)

    db0 = checkin.cpu_seconds(backends)
    app0 = checkin.cpu_seconds(server.pids())
    wall, lat, answers = checkin.load(
        jobs.take(args.requests), placer(port, data, None), clients=CLIENTS
    )
    app1 = checkin.cpu_seconds(server.pids())
    db1 = checkin.cpu_seconds(backends)
    placed = Counter(answers).get("placed", 0)
    own = checkin.summary("order, each rep a package of their own (diagnostic)", wall, lat) | {
        "answers": dict(Counter(answers)),
        "app_cpu_ms_per_order": round((app1 - app0) * 1000 / max(placed, 1), 2),
        "db_cpu_ms_per_order": round((db1 - db0) * 1000 / max(placed, 1), 2),
    }

    place_limited = placer(port, data, data["limited_id"])
    wall, lat, answers = checkin.load(
        jobs.take(args.storm), place_limited, clients=args.storm_clients
    )
    storm = checkin.summary(
        f"{args.storm} orders of 限量套 ({STORM_STOCK} in stock), {args.storm_clients} clients",
        wall,
        lat,
    )
    storm |= storm_check(Counter(answers), data, args.storm)
    return {
        "server": server.label,
        "empty": empty,
        "orders": orders,
        "throughput_ratio": ratio,
        "orders_own_stock": own,
        "own_stock_ratio": round(own["throughput_rps"] / empty["throughput_rps"], 2),
        "storm": storm,
    }


def storm_check(answers: Counter, data: dict, storm: int) -> dict:
    from django.db.models import Count, Sum

    from lianyi.sales.models import OrderLine, StockLevel, StockMovement, StockMovementKind

    level = StockLevel.objects.get(store_room_id=data["room_id"], product_id=data["scarce_id"])
    movements = StockMovement.objects.filter(
        store_room_id=data["room_id"], product_id=data["scarce_id"]
    )
    by_kind = dict(
        movements.values("kind").annotate(n=Count("id"), s=Sum("change")).values_list("kind", "n")
    )
    total = movements.aggregate(s=Sum("change"))["s"] or 0
    negative = movements.filter(quantity_after__lt=0).count()
    lines = OrderLine.objects.filter(package_id=data["limited_id"])
    stock_short = answers.get("sales.stock_short", 0)
    return {
        "answers": dict(answers),
        "placed": answers.get("placed", 0),
        "stock_short": stock_short,
        "level_after": level.quantity,
        "movements": by_kind,
        "movements_sum": total,
        "movements_below_zero": negative,
        "orders_with_package": lines.values("order_id").distinct().count(),
        "ok": answers.get("placed", 0) == STORM_STOCK
        and stock_short == storm - STORM_STOCK
        and level.quantity == 0
        and total == level.quantity
        and negative == 0
        and by_kind.get(StockMovementKind.RESERVATION) == STORM_STOCK
        and lines.values("order_id").distinct().count() == STORM_STOCK,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "5") or 5)
    )
    parser.add_argument("--requests", type=int, default=1000, help="per endpoint in part 1")
    parser.add_argument("--storm", type=int, default=1000, help="orders of the 50 in part 2")
    parser.add_argument("--storm-clients", type=int, default=STORM_CLIENTS)
    parser.add_argument("--warmup", type=int, default=40)
    args = parser.parse_args()
    if not (0 < args.requests <= 5000 and STORM_STOCK < args.storm <= 5000):
        parser.error(f"bounded: --requests up to 5000, --storm between {STORM_STOCK + 1} and 5000")
    if not 0 < args.storm_clients <= 200:
        parser.error("--storm-clients between 1 and 200")

    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; the official figures are taken on PostgreSQL")
    data = setup(args.warmup + 2 * args.requests + args.storm)
    jobs = Jobs(data["jobs"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    server = checkin.GunicornServer(
        bench_run.free_port(), RESULTS / "orders-gunicorn.log", args.workers
    )
    try:
        server.wait()
        measured = measure(server, data, jobs, args)
    finally:
        server.stop()
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": bench_run.git_commit(),
        "database": connection.vendor,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "clients": CLIENTS,
        **measured,
    }
    (RESULTS / "orders.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(report(result))
    ok = (
        result["storm"]["ok"]
        and set(result["orders"]["answers"]) == {"placed"}
        and set(result["orders_own_stock"]["answers"]) == {"placed"}
    )
    return 0 if ok else 1


def report(result: dict) -> str:
    empty, orders, storm = result["empty"], result["orders"], result["storm"]
    own = result["orders_own_stock"]
    lines = [
        f"commit {result['commit']}, {result['when']}, {result['database']}, "
        f"{result['cpus']} CPUs; {result['server']}",
        "",
        f"| {result['clients']} clients | requests | req/s | p50 ms | p99 ms | app CPU ms "
        "| db CPU ms |",
        "|---|---:|---:|---:|---:|---:|---:|",
        f"| {empty['name']} | {empty['requests']} | {empty['throughput_rps']} "
        f"| {empty['p50_ms']} | {empty['p99_ms']} | {empty['app_cpu_ms_per_request']} | |",
        f"| {orders['name']} | {orders['requests']} | {orders['throughput_rps']} "
        f"| {orders['p50_ms']} | {orders['p99_ms']} | {orders['app_cpu_ms_per_order']} "
        f"| {orders['db_cpu_ms_per_order']} |",
        f"| {own['name']} | {own['requests']} | {own['throughput_rps']} "
        f"| {own['p50_ms']} | {own['p99_ms']} | {own['app_cpu_ms_per_order']} "
        f"| {own['db_cpu_ms_per_order']} |",
        "",
        f"ratio orders / empty view: **{result['throughput_ratio']}** (aim >= 0.5); "
        f"answers {orders['answers']}; each rep's own package: {result['own_stock_ratio']} "
        f"{own['answers']}",
        f"{storm['name']}: ok={storm['ok']}, {storm['placed']} placed, "
        f"{storm['stock_short']} sales.stock_short, answers {storm['answers']}; level after "
        f"{storm['level_after']}, movements {storm['movements']} summing to "
        f"{storm['movements_sum']}, {storm['movements_below_zero']} below zero, "
        f"{storm['orders_with_package']} orders hold the package; p50 {storm['p50_ms']} ms, "
        f"p99 {storm['p99_ms']} ms",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
