"""Check-in under load, on the development server and on the production server (gunicorn):
the scan endpoint against an empty logged-in view of the same server in the same run, 200
concurrent scans, 1,000 concurrent scans of 50 invitations, and what an admitted scan costs in
CPU (the app's processes and the PostgreSQL backends serving them) and in SQL statements.

    psql -h 127.0.0.1 -U postgres -c 'create database lianyi_bench_checkin'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianyi_bench_checkin \\
        .venv/bin/python bench/checkin.py [--server both|runserver|gunicorn] [--workers 5]

It migrates the database, creates a company of its own for the run (a rep, an event staff
member with an API token, a gathering starting in two hours with its invitations), and for
each server:

- ``runserver``: ``manage.py runserver --noreload`` *with threads* (concurrent requests are the
  point), one database connection per request, as the development server runs;
- ``gunicorn``: ``gunicorn config.wsgi:application -w WORKERS`` (``--workers``, default
  ``WEB_CONCURRENCY`` or 5; sync workers), persistent database connections
  (``DATABASE_CONN_MAX_AGE=600``), as in production;

both with DEBUG off, ``LIANYI_BENCH=1`` (the empty view ``/bench/ping``) and a throwaway
``DJANGO_SECRET_KEY``, on a free port of 127.0.0.1. Then:

1. throughput and p50/p99 latency of 20 concurrent clients, first on the empty view (session)
   then on ``POST /api/gatherings/{id}/scan`` (bearer token), each scan admitting a different
   invitation; the ratio is scan throughput / empty-view throughput (aim: at least 0.5). The
   CPU time of the server's processes (utime+stime from /proc) over each phase, per request;
   on gunicorn also the CPU time of the PostgreSQL backends its workers hold open (found in
   ``pg_stat_activity``, read from /proc: the same machine), per admitted scan;
2. 200 clients released at once, one scan each, ``--bursts`` times: connection resets and other
   errors are counted, every scan must admit;
3. 1,000 scans of 50 two-guest invitations by 20 concurrent clients, each with its own nonce:
   exactly 50 admitted (100 guests), every other answer already_admitted, one check-in row per
   invitation.

Finally one admitted scan in this process through Django's test client, counting its SQL
statements (CaptureQueriesContext; BEGIN and COMMIT are not counted).

Bounded: at most a few thousand requests per server, loopback only, each request times out
after 60 s. Prints markdown tables and writes bench/results/checkin.json (git-ignored).
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import secrets
import statistics
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import run as bench_run  # noqa: E402  (bench/run.py: request, free_port, session_for)

RESULTS = ROOT / "bench" / "results"
CLIENTS = 20
BURST_CLIENTS = 200
STORM_INVITATIONS = 50
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def setup(invitations: int) -> dict:
    """A company of its own for this run, with ``invitations`` invitations."""
    from django.core.management import call_command
    from django.utils import timezone

    from lianyi.customers.models import Customer, Source
    from lianyi.gatherings.models import Gathering, Invitation, InvitationState
    from lianyi.org.models import Company, Department, Role, Team, User
    from lianyi.org.services import issue_api_token

    call_command("migrate", verbosity=0)
    tag = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    company = Company.objects.create(name=f"签到压测 {tag}")
    team = Team.objects.create(
        department=Department.objects.create(company=company, name="压测部"), name="压测组"
    )
    rep = User.objects.create_user(
        username=f"bench-checkin-rep-{tag}", password="x", company=company, team=team, role=Role.REP
    )
    staff = User.objects.create_user(
        username=f"bench-checkin-staff-{tag}",
        password="x",
        company=company,
        role=Role.EVENT_STAFF,
        display_name="压测签到员",
    )
    _token, key = issue_api_token(by=staff, name="bench")
    now = timezone.now()
    # Starts in two hours: inside the check-in window (opens three hours before by default).
    gathering = Gathering.objects.create(
        company=company,
        name="压测联谊会",
        starts_at=now + timedelta(hours=2),
        ends_at=now + timedelta(hours=5),
        venue="压测会场",
        capacity=100_000,
    )
    customers = Customer.objects.bulk_create(
        Customer(
            company=company,
            owner=rep,
            created_by=rep,
            name=f"客户{i}",
            sex="F",
            source=Source.STAND,
        )
        for i in range(invitations)
    )
    rows = Invitation.objects.bulk_create(
        Invitation(
            company=company,
            gathering=gathering,
            customer=customer,
            guest_names=[customer.name, "同伴"],
            state=InvitationState.DELIVERED,
            delivery_slot_start=now - timedelta(days=2),
            delivery_slot_end=now - timedelta(days=2, hours=-1),
            issued_by=rep,
            issued_at=now - timedelta(days=3),
            delivered_at=now - timedelta(days=2),
        )
        for customer in customers
    )
    return {
        "gathering_id": gathering.pk,
        "key": key,
        "staff": staff.username,
        "tokens": [row.token for row in rows],
        "ids": [row.pk for row in rows],
    }


def server_env(conn_max_age: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DJANGO_DEBUG="0",
        LIANYI_BENCH="1",
        DATABASE_CONN_MAX_AGE=conn_max_age,
        PYTHONUNBUFFERED="1",
        DJANGO_SECRET_KEY=env.get("DJANGO_SECRET_KEY") or secrets.token_urlsafe(50),
    )
    return env


class ThreadedServer(bench_run.Server):
    """bench/run.py's server, but with runserver's threads: scans must really overlap."""

    name = "runserver"
    label = "manage.py runserver --noreload (threaded), DEBUG off, CONN_MAX_AGE=0"

    def __init__(self, port: int, log: Path) -> None:
        self.port = port
        self.log = log.open("w")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "runserver",
                f"127.0.0.1:{port}",
                "--noreload",
                "--skip-checks",
            ],
            cwd=ROOT,
            env=server_env("0"),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def pids(self) -> list[int]:
        return [self.proc.pid]


class GunicornServer(bench_run.Server):
    """The production server: gunicorn's sync workers, persistent database connections."""

    name = "gunicorn"

    def __init__(self, port: int, log: Path, workers: int) -> None:
        self.port = port
        self.workers = workers
        self.label = f"gunicorn -w {workers} (sync), DEBUG off, CONN_MAX_AGE=600"
        self.log = log.open("w")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        self.proc = subprocess.Popen(
            [
                str(gunicorn),
                "config.wsgi:application",
                "-w",
                str(workers),
                "-b",
                f"127.0.0.1:{port}",
                "--backlog",
                "2048",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=server_env("600"),
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def pids(self) -> list[int]:
        """The master and its workers."""
        return [self.proc.pid, *children(self.proc.pid)]


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(child) for child in text)
    return found


def cpu_seconds(pids: list[int]) -> float:
    """utime + stime of these processes (their threads included), in seconds."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue  # gone: counted up to its last sample
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / CLOCK_TICKS


def backend_pids() -> list[int]:
    """The PostgreSQL backends connected to this database, but this process's own."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        return [row[0] for row in cursor.fetchall()]


def post_json(port: int, path: str, key: str, payload: dict) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(
            "POST",
            path,
            body=json.dumps(payload),
            headers={
                "Connection": "close",
                "Content-Type": "application/json",
                "Authorization": f"Bearer {key}",
            },
        )
        response = conn.getresponse()
        return response.status, json.loads(response.read() or b"{}")
    finally:
        conn.close()


def load(jobs: list, run_one, clients: int | None = None) -> tuple[float, list[float], list]:  # type: ignore[no-untyped-def]
    """Run ``jobs`` on ``clients`` threads, all released at once; wall time, latencies, answers.
    A request that fails (reset, refused, timed out) answers its exception's name."""
    clients = clients or CLIENTS
    start = threading.Barrier(clients)
    per_client = [jobs[i::clients] for i in range(clients)]
    latencies: list[float] = []
    answers: list = []
    lock = threading.Lock()

    def client(mine: list) -> None:
        start.wait()
        for job in mine:
            t0 = time.perf_counter()
            try:
                answer = run_one(job)
            except OSError as error:  # ConnectionResetError, BrokenPipe, timeouts...
                answer = type(error).__name__
            except http.client.HTTPException as error:  # RemoteDisconnected, BadStatusLine
                answer = type(error).__name__
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                answers.append(answer)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        list(pool.map(client, per_client))
    return time.perf_counter() - t0, latencies, answers


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(name: str, wall: float, latencies: list[float]) -> dict:
    if not latencies:
        return {"name": name, "requests": 0, "throughput_rps": 0, "p50_ms": 0, "p99_ms": 0}
    return {
        "name": name,
        "requests": len(latencies),
        "throughput_rps": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
    }


class Tokens:
    """Hands out each invitation once."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = list(tokens)

    def take(self, n: int) -> list[str]:
        if n > len(self.tokens):
            raise SystemExit("not enough invitations for this run")
        taken, self.tokens = self.tokens[:n], self.tokens[n:]
        return taken


def measure_server(server: Any, data: dict, tokens: Tokens, args: argparse.Namespace) -> dict:
    from django.conf import settings

    port = server.port
    cookies = {settings.SESSION_COOKIE_NAME: bench_run.session_for(data["staff"])}
    scan_path = f"/api/gatherings/{data['gathering_id']}/scan"
    persistent = server.name == "gunicorn"

    def ping(_job: int) -> Any:
        status, _h, _b = bench_run.request(port, "GET", bench_run.PING, cookies=cookies)
        return status

    def scan(token: str) -> str:
        status, body = post_json(
            port,
            scan_path,
            data["key"],
            {"list": "door", "token": token, "client_nonce": uuid.uuid4().hex},
        )
        return body.get("answer") or body.get("code") or str(status)

    # warm-up: every worker imports, connects and answers both endpoints
    load(list(range(args.warmup)), ping)
    load(tokens.take(args.warmup), scan)

    app0 = cpu_seconds(server.pids())
    wall, lat, statuses = load(list(range(args.requests)), ping)
    app1 = cpu_seconds(server.pids())
    empty = summary("empty view (GET /bench/ping)", wall, lat) | {
        "answers": dict(Counter(statuses)),
        "app_cpu_ms_per_request": round((app1 - app0) * 1000 / len(lat), 2),
    }

    backends = backend_pids() if persistent else []
    db0 = cpu_seconds(backends)
    app0 = cpu_seconds(server.pids())
    wall, lat, answers = load(tokens.take(args.requests), scan)
    app1 = cpu_seconds(server.pids())
    db1 = cpu_seconds(backends)
    admitted = Counter(answers).get("admitted", 0)
    scans = summary("scan (POST /api/gatherings/{id}/scan), each admits", wall, lat) | {
        "answers": dict(Counter(answers)),
        "app_cpu_ms_per_admitted": round((app1 - app0) * 1000 / max(admitted, 1), 2),
        "db_cpu_ms_per_admitted": (
            round((db1 - db0) * 1000 / max(admitted, 1), 2) if persistent else None
        ),
        "db_backends": len(backends),
    }
    ratio = round(scans["throughput_rps"] / empty["throughput_rps"], 2)

    burst_answers: Counter = Counter()
    burst_lat: list[float] = []
    burst_wall = 0.0
    for _round in range(args.bursts):
        wall, lat, answers = load(tokens.take(BURST_CLIENTS), scan, clients=BURST_CLIENTS)
        burst_wall += wall
        burst_lat += lat
        burst_answers.update(answers)
    burst = summary(f"{BURST_CLIENTS} concurrent scans x {args.bursts}", burst_wall, burst_lat)
    burst |= {
        "answers": dict(burst_answers),
        "errors": sum(n for answer, n in burst_answers.items() if answer != "admitted"),
    }

    storm_tokens = tokens.take(STORM_INVITATIONS)
    storm_jobs = [storm_tokens[i % STORM_INVITATIONS] for i in range(args.storm)]
    random.shuffle(storm_jobs)
    wall, lat, answers = load(storm_jobs, scan)
    storm = summary(f"{args.storm} scans of {STORM_INVITATIONS} invitations", wall, lat)
    storm |= storm_check(Counter(answers), data, storm_tokens)
    return {
        "server": server.label,
        "empty": empty,
        "scan": scans,
        "throughput_ratio": ratio,
        "burst": burst,
        "storm": storm,
    }


def storm_check(answers: Counter, data: dict, storm_tokens: list[str]) -> dict:
    from django.db.models import Count, Sum

    from lianyi.gatherings.models import CheckIn

    rows = CheckIn.objects.filter(invitation__token__in=storm_tokens)
    per_invitation = rows.values("invitation_id").annotate(n=Count("id"))
    doubles = sum(1 for row in per_invitation if row["n"] > 1)
    return {
        "answers": dict(answers),
        "check_in_rows": rows.count(),
        "guests_admitted": rows.aggregate(total=Sum("guests"))["total"] or 0,
        "doubles": doubles,
        "ok": answers.get("admitted") == STORM_INVITATIONS
        and rows.count() == STORM_INVITATIONS
        and doubles == 0
        and set(answers) == {"admitted", "already_admitted"},
    }


def statements_per_scan(data: dict, tokens: list[str]) -> dict:
    """One admitted door scan in this process, through the whole stack (middleware, bearer
    auth, the route), with its SQL statements captured."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1", HTTP_AUTHORIZATION=f"Bearer {data['key']}")
    path = f"/api/gatherings/{data['gathering_id']}/scan"
    warm, token = tokens
    # the token's last-used stamp (an UPDATE at most once a minute) falls on this one
    client.post(path, {"list": "door", "token": warm}, content_type="application/json")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            path,
            {"list": "door", "token": token, "client_nonce": uuid.uuid4().hex},
            content_type="application/json",
        )
    answer = response.json().get("answer")
    return {
        "answer": answer,
        "statements": len(queries.captured_queries),
        "sql": [q["sql"][:160] for q in queries.captured_queries],
    }


def main() -> int:
    global CLIENTS
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--server", choices=["both", "runserver", "gunicorn"], default="both")
    parser.add_argument(
        "--workers", type=int, default=int(os.environ.get("WEB_CONCURRENCY", "5") or 5)
    )
    parser.add_argument("--requests", type=int, default=1000, help="per endpoint in part 1")
    parser.add_argument("--bursts", type=int, default=3, help="rounds of 200 concurrent scans")
    parser.add_argument("--storm", type=int, default=1000, help="scans of the 50 in part 3")
    parser.add_argument("--warmup", type=int, default=40)
    parser.add_argument("--clients", type=int, default=CLIENTS, help="concurrent, parts 1 and 3")
    args = parser.parse_args()
    if not (0 < args.requests <= 5000 and 0 <= args.bursts <= 10 and 0 < args.storm <= 5000):
        parser.error("bounded: --requests and --storm at most 5000, --bursts at most 10")
    if not 0 < args.clients <= BURST_CLIENTS:
        parser.error(f"--clients between 1 and {BURST_CLIENTS}")
    CLIENTS = args.clients

    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; the official figures are taken on PostgreSQL")
    servers = ["runserver", "gunicorn"] if args.server == "both" else [args.server]
    per_server = args.warmup + args.requests + BURST_CLIENTS * args.bursts + STORM_INVITATIONS
    data = setup(per_server * len(servers) + 2)
    tokens = Tokens(data["tokens"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    runs = {}
    for name in servers:
        port = bench_run.free_port()
        log = RESULTS / f"checkin-{name}.log"
        server = (
            GunicornServer(port, log, args.workers)
            if name == "gunicorn"
            else ThreadedServer(port, log)
        )
        try:
            server.wait()
            runs[name] = measure_server(server, data, tokens, args)
        finally:
            server.stop()
    statements = statements_per_scan(data, tokens.take(2))

    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": bench_run.git_commit(),
        "database": connection.vendor,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "clients": CLIENTS,
        "runs": runs,
        "statements_per_admitted_scan": statements,
    }
    (RESULTS / "checkin.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(report(result))
    ok = statements["answer"] == "admitted" and all(
        run["storm"]["ok"] and set(run["scan"]["answers"]) == {"admitted"} for run in runs.values()
    )
    return 0 if ok else 1


def report(result: dict) -> str:
    lines = [
        f"commit {result['commit']}, {result['when']}, {result['database']}, {result['cpus']} CPUs",
        "",
        f"| server | {CLIENTS} clients | requests | req/s | p50 ms | p99 ms "
        "| app CPU ms | db CPU ms |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, run in result["runs"].items():
        empty, scans = run["empty"], run["scan"]
        db = scans["db_cpu_ms_per_admitted"]
        lines.append(
            f"| {name} | {empty['name']} | {empty['requests']} | {empty['throughput_rps']} "
            f"| {empty['p50_ms']} | {empty['p99_ms']} | {empty['app_cpu_ms_per_request']} | |"
        )
        lines.append(
            f"| {name} | scan, each admits | {scans['requests']} | {scans['throughput_rps']} "
            f"| {scans['p50_ms']} | {scans['p99_ms']} | {scans['app_cpu_ms_per_admitted']} "
            f"| {'n/a' if db is None else db} |"
        )
    lines.append("")
    for name, run in result["runs"].items():
        burst, storm = run["burst"], run["storm"]
        lines.append(
            f"{name}: ratio scan / empty view {run['throughput_ratio']} (aim >= 0.5); "
            f"{burst['name']}: {burst['errors']} errors {burst['answers']}, "
            f"p99 {burst['p99_ms']} ms; storm ok={storm['ok']} {storm['answers']}, "
            f"{storm['check_in_rows']} rows, {storm['doubles']} doubles"
        )
    statements = result["statements_per_admitted_scan"]
    lines.append(f"SQL statements per admitted scan: {statements['statements']}")
    lines.extend(f"  {sql}" for sql in statements["sql"])
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
