"""A rep's today page with the after-sales programme merged in, on bench/generate.py's
200,000-customer company with 50,000 delivered orders and their programme tasks: the median
latency as a ratio to the empty logged-in view of the same server in the same run (aim: at most
5x), and the page's SQL query count for a rep with 3 and with 30 tasks due (it must not grow).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianyi_bench .venv/bin/python bench/generate.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianyi_bench \\
        .venv/bin/python bench/today_aftercare.py [--orders 50000] [--requests 100]

The first run adds to the generated company (once; a later run finds the orders and goes on to
measure): a catalogue through the sales services (bench-admin: a store room, socks and a
magnetic pillow in a 大全套 package, a price list valid for the past year), then by COPY
50,000 delivered orders of one 大全套 each (distinct customers picked at random among those who
may be contacted, sold by their owner, delivered over the past 100 days) and 5-15 open
``ProgrammeTask`` rows per order for the customer's owner, each due on a day from yesterday
to 90 days on (a call, a visit or a contact, due between 09:00 and 17:00 local time, two
days to do it): about 250 orders and
2,500 open tasks per rep, some 25 due each day and yesterday's overdue with them. Two reps
are added to the first team with 30 delivered customers of their own and no journey items
due: ``bench-aftercare-rep3`` with 3 tasks due today and ``bench-aftercare-rep30`` with 30
(and 10 later ones each).

Measured: ``gunicorn config.wsgi:application -w 2`` (bench/checkin.py's ``GunicornServer``:
DEBUG off, ``DATABASE_CONN_MAX_AGE=600``, ``LIANYI_BENCH=1``) after ``collectstatic``; each rep
logs in through the login page; 10 warm-up rounds then ``--requests`` rounds, each requesting
every endpoint once in a shuffled order, one request at a time (bench/run.py's ``measure``).
The ratio is each endpoint's median over the median of the empty view as ``bench-rep001``.
Then the query count of ``/`` for each rep in this process (Django's test client,
``CaptureQueriesContext``). Prints markdown tables and writes
bench/results/today_aftercare.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import statistics
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

import checkin  # noqa: E402  (bench/checkin.py: GunicornServer)
import run as bench_run  # noqa: E402  (bench/run.py: login, measure, Result, git_commit)

RESULTS = ROOT / "bench" / "results"
BENCH_COMPANY = "联谊基准测试公司"  # bench/generate.py's
MAIN_REP = "bench-rep001"
FEW, MANY = "bench-aftercare-rep3", "bench-aftercare-rep30"
PRICE = Decimal("3980.00")


def company_and_admin() -> tuple[Any, Any]:
    from lianyi.org.models import Company, User

    company = Company.objects.filter(name=BENCH_COMPANY).first()
    if company is None:
        raise SystemExit("no benchmark company here: run bench/generate.py on this database first")
    return company, User.objects.get(username="bench-admin")


def catalogue(admin: Any, today: Any) -> dict:
    from lianyi.sales.models import ProductCategory
    from lianyi.sales.services import catalogue, stock

    room = stock.create_store_room(by=admin, name="基准库房")
    socks = catalogue.create_product(by=admin, name="保暖袜", category=ProductCategory.ORDINARY)
    pillow = catalogue.create_product(
        by=admin,
        name="磁疗枕",
        category=ProductCategory.MEDICAL_DEVICE,
        registration_number="浙械注准20212090001",
    )
    big_set = catalogue.create_package(
        by=admin, name="大全套", items=[(socks.pk, 2), (pillow.pk, 1)]
    )
    price_list = catalogue.create_price_list(
        by=admin,
        name="基准价目表",
        valid_from=today - timedelta(days=365),
        package_prices={big_set.pk: str(PRICE)},
        product_prices={socks.pk: "68.00", pillow.pk: "1280.00"},
    )
    return {"room": room.pk, "package": big_set.pk, "price_list": price_list.pk}


class Ids:
    def __init__(self, model: Any) -> None:
        from django.db.models import Max

        self.next = (model.objects.aggregate(m=Max("pk"))["m"] or 0) + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


def order_rows(
    shop: dict, company_id: int, customer: tuple[int, int], delivered: datetime, ids: Ids
) -> dict:
    from lianyi.sales.models import OrderChannel, OrderState, PaymentTerms

    customer_id, owner_id = customer
    placed = delivered - timedelta(days=2)
    return {
        "id": ids.take(),
        "company_id": company_id,
        "customer_id": customer_id,
        "seller_id": owner_id,
        "channel": OrderChannel.HOME,
        "gathering_id": None,
        "store_room_id": shop["room"],
        "price_list_id": shop["price_list"],
        "state": OrderState.DELIVERED,
        "payment_terms": PaymentTerms.ON_DELIVERY,
        "collector_id": owner_id,
        "list_total": PRICE,
        "discount": Decimal("0"),
        "discount_reason": "",
        "total": PRICE,
        "paid": Decimal("0"),
        "returned_value": Decimal("0"),
        "confirmation_required": False,
        "confirmation_reasons": [],
        "confirmation_due_at": None,
        "submission_key": "",
        "placed_at": placed,
        "confirmed_at": placed,
        "delivered_at": delivered,
        "cancelled_at": None,
        "cancel_reason": "",
    }


def task_row(
    company_id: int, order: dict, sequence: int, due_from: datetime, ids: Ids, kind: str
) -> dict:
    return {
        "id": ids.take(),
        "company_id": company_id,
        "customer_id": order["customer_id"],
        "order_id": order["id"],
        "assigned_to_id": order["seller_id"],
        "kind": kind,
        "sequence": sequence,
        "due_from": due_from,
        "due_until": due_from + timedelta(days=2),
        "state": "open",
        "moved_reason": "",
        "dropped_reason": "",
        "done_at": None,
        "created_at": order["delivered_at"],
    }


def seed(n_orders: int, seed_value: int) -> dict:
    """The orders and programmes, once."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from lianyi.aftercare.models import ProgrammeTask, TaskKind
    from lianyi.customers.models import Customer, Source
    from lianyi.demo.generator import insert_rows
    from lianyi.org.models import Role, User
    from lianyi.sales.models import Order, OrderLine

    company, admin = company_and_admin()
    if Order.objects.filter(company=company).exists():
        return {"seeded": False}
    started = time.monotonic()
    tz = company.quiet_hours().tz
    local_now = datetime.now(UTC).astimezone(tz)
    today = local_now.date()
    rng = random.Random(seed_value)
    shop = catalogue(admin, today)
    kinds = [TaskKind.CALL, TaskKind.VISIT, TaskKind.CONTACT]

    def at_local(day: Any, hour: int, minute: int = 0) -> datetime:
        return datetime(day.year, day.month, day.day, hour, minute, tzinfo=tz)

    def due_day(offset: int) -> datetime:
        return at_local(today + timedelta(days=offset), rng.randint(9, 16), rng.choice([0, 30]))

    # Customers who may be contacted: the app drops the open tasks of one who withdraws.
    customers = list(
        Customer.objects.filter(company=company, consent_contact=True, do_not_contact=False)
        .order_by("pk")
        .values_list("pk", "owner_id")
    )
    chosen = rng.sample(customers, n_orders)
    order_ids, line_ids, task_ids = Ids(Order), Ids(OrderLine), Ids(ProgrammeTask)
    orders, lines, tasks = [], [], []
    for customer in chosen:
        delivered = at_local(today - timedelta(days=rng.randint(1, 100)), rng.randint(9, 17))
        order = order_rows(shop, company.pk, customer, delivered, order_ids)
        orders.append(order)
        lines.append(line_row(order, shop, line_ids))
        for sequence in range(rng.randint(5, 15)):
            tasks.append(
                task_row(
                    company.pk,
                    order,
                    sequence,
                    due_day(rng.randint(-1, 90)),
                    task_ids,
                    rng.choice(kinds),
                )
            )

    # Two reps of the first team with only programme tasks due: 3 and 30 of them today.
    first_rep = User.objects.get(username=MAIN_REP)
    special = {}
    for username, due_today in ((FEW, 3), (MANY, 30)):
        rep = User.objects.create_user(
            username=username,
            password=bench_run.PASSWORD,
            company=company,
            team=first_rep.team,
            role=Role.REP,
            display_name=username,
        )
        own = Customer.objects.bulk_create(
            Customer(
                company=company,
                owner=rep,
                created_by=rep,
                name=f"售后客户{i}",
                sex="F",
                source=Source.STAND,
                consent_contact=True,  # the flag a consent taken at the stand sets
            )
            for i in range(30)
        )
        for i, customer in enumerate(own):
            delivered = at_local(today - timedelta(days=1 + i % 5), 10)
            order = order_rows(shop, company.pk, (customer.pk, rep.pk), delivered, order_ids)
            orders.append(order)
            lines.append(line_row(order, shop, line_ids))
            if i < due_today:
                tasks.append(
                    task_row(company.pk, order, 0, at_local(today, 9 + i % 8), task_ids, "call")
                )
            if i < 10:
                tasks.append(
                    task_row(company.pk, order, 1, due_day(rng.randint(3, 60)), task_ids, "visit")
                )
        special[username] = due_today

    with transaction.atomic():
        insert_rows(Order, orders)
        insert_rows(OrderLine, lines)
        insert_rows(ProgrammeTask, tasks)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Order, OrderLine, ProgrammeTask]):
            cursor.execute(sql)
        for model in (Order, OrderLine, ProgrammeTask):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return {
        "seeded": True,
        "orders": len(orders),
        "tasks": len(tasks),
        "special_reps": special,
        "seconds": round(time.monotonic() - started, 1),
    }


def line_row(order: dict, shop: dict, ids: Ids) -> dict:
    return {
        "id": ids.take(),
        "order_id": order["id"],
        "package_id": shop["package"],
        "product_id": None,
        "quantity": 1,
        "unit_price": PRICE,
        "line_total": PRICE,
        "returned_quantity": 0,
    }


def data_facts() -> dict:
    from django.db.models import Count
    from django.utils import timezone

    from lianyi.aftercare.models import ProgrammeTask
    from lianyi.core.clock import local_day_bounds
    from lianyi.customers.models import Customer
    from lianyi.sales.models import Order

    company, _admin = company_and_admin()
    tz = company.quiet_hours().tz
    _start, end = local_day_bounds(timezone.now().astimezone(tz).date(), tz)
    open_tasks = ProgrammeTask.objects.filter(company=company, state="open")
    due = dict(
        open_tasks.filter(due_from__lt=end, assigned_to__username__in=[MAIN_REP, FEW, MANY])
        .values("assigned_to__username")
        .annotate(n=Count("id"))
        .values_list("assigned_to__username", "n")
    )
    return {
        "customers": Customer.objects.filter(company=company).count(),
        "delivered_orders": Order.objects.filter(company=company, state="delivered").count(),
        "open_tasks": open_tasks.count(),
        "open_tasks_of_main_rep": open_tasks.filter(assigned_to__username=MAIN_REP).count(),
        "tasks_due_by_tonight": due,
    }


def query_counts() -> dict:
    """``/`` for each rep through the whole stack in this process, its SQL captured."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from lianyi.org.models import User

    counts = {}
    for username in (FEW, MANY, MAIN_REP):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(User.objects.get(username=username))
        client.get("/")  # warm: the session's last-login update and caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        counts[username] = {
            "status": response.status_code,
            "queries": len(queries.captured_queries),
            "bytes": len(response.content),
        }
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=50_000, help="delivered orders (first run)")
    parser.add_argument("--requests", type=int, default=100, help="measured rounds")
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not (0 < args.orders <= 150_000 and 0 < args.requests <= 1000):
        parser.error("bounded: --orders up to 150000, --requests up to 1000")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print("bench/today_aftercare.py measures PostgreSQL: set DATABASE_URL.")
        return 2
    call_command("migrate", verbosity=0)
    seeded = seed(args.orders, args.seed)
    if seeded["seeded"]:
        print(f"seeded: {seeded}")
    facts = data_facts()
    call_command("collectstatic", interactive=False, verbosity=0)
    counts = query_counts()
    connection.close()

    users = {"rep": MAIN_REP, "rep3": FEW, "rep30": MANY}
    endpoints = [
        bench_run.Result("empty view", "rep", bench_run.PING),
        bench_run.Result("today page", "rep", "/"),
        bench_run.Result("today page", "rep3", "/"),
        bench_run.Result("today page", "rep30", "/"),
    ]
    RESULTS.mkdir(parents=True, exist_ok=True)
    server = checkin.GunicornServer(
        bench_run.free_port(), RESULTS / "today-aftercare-gunicorn.log", args.workers
    )
    try:
        server.wait()
        jars, how = {}, {}
        for who, username in users.items():
            jars[who], how[who] = bench_run.login(server.port, username)
        bench_run.measure(server.port, endpoints, jars, args.requests, args.warmup)
    finally:
        server.stop()
    baseline = statistics.median(endpoints[0].samples_ms)
    for r in endpoints:
        if r.samples_ms:
            r.median_ms = round(statistics.median(r.samples_ms), 2)
            r.p90_ms = round(statistics.quantiles(r.samples_ms, n=10)[-1], 2)
            r.ratio = round(r.median_ms / baseline, 2)

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": bench_run.git_commit(),
        "database": connection.vendor,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "server": server.label,
        "data": facts,
        "logins": {who: {"username": users[who], "how": how[who]} for who in users},
        "requests": args.requests,
        "results": [{k: v for k, v in vars(r).items() if k != "samples_ms"} for r in endpoints],
        "query_counts": counts,
    }
    (RESULTS / "today_aftercare.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(report(result, endpoints))
    worst = max((r.ratio or 0) for r in endpoints)
    same = counts[FEW]["queries"] == counts[MANY]["queries"]
    return 0 if worst <= 5 and same else 1


def report(result: dict, endpoints: list) -> str:
    facts, counts = result["data"], result["query_counts"]
    due = facts["tasks_due_by_tonight"]
    lines = [
        f"commit {result['commit']}, {result['when']}, {result['database']}, "
        f"{result['cpus']} CPUs; {result['server']}",
        f"{facts['customers']:,} customers, {facts['delivered_orders']:,} delivered orders, "
        f"{facts['open_tasks']:,} open programme tasks ({facts['open_tasks_of_main_rep']:,} of "
        f"{MAIN_REP}); tasks due by tonight: {due}",
        "",
        "| endpoint | as | tasks due | median ms | p90 ms | × empty view | queries | KB |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in endpoints:
        username = result["logins"][r.who]["username"]
        count = counts.get(username, {}) if r.path == "/" else {}
        if r.status != "ok":
            lines.append(f"| {r.name} | {username} | | {r.status} | | | | |")
            continue
        lines.append(
            f"| {r.name} | {username} | {due.get(username, '') if r.path == '/' else ''} "
            f"| {r.median_ms:.1f} | {r.p90_ms:.1f} | **{r.ratio:.2f}** "
            f"| {count.get('queries', '')} | {r.body_bytes / 1024:.0f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
