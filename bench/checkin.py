"""Check-in under load: the scan endpoint against an empty logged-in view of the same server in
the same run, then 1,000 concurrent scans of 50 invitations.

    createdb -h 127.0.0.1 -U postgres lianyi_bench_checkin
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianyi_bench_checkin \\
        .venv/bin/python bench/checkin.py

It migrates the database, creates a company of its own for the run (a rep, an event staff
member with an API token, a gathering with its invitations), starts ``manage.py runserver``
*with threads* (concurrent requests are the point) on a free port, DEBUG off, and:

1. throughput and p50/p99 latency of 20 concurrent clients, first on the empty view
   (``/bench/ping``, session) then on ``POST /api/gatherings/{id}/scan`` (bearer token), each
   scan admitting a different invitation; the ratio is scan throughput / empty-view throughput
   (aim: at least 0.5);
2. 1,000 scans of 50 two-guest invitations by 20 concurrent clients, each with its own nonce:
   exactly 50 admitted (100 guests), every other answer already_admitted, one check-in row per
   invitation.

Prints a markdown table and writes bench/results/checkin.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
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

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import run as bench_run  # noqa: E402  (bench/run.py: request, free_port, session_for)

RESULTS = ROOT / "bench" / "results"
CLIENTS = 20


def setup(invitations: int, storm: int) -> dict:
    """A company of its own for this run, with ``invitations + storm`` invitations."""
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
    gathering = Gathering.objects.create(
        company=company,
        name="压测联谊会",
        starts_at=now + timedelta(hours=2),
        venue="压测会场",
        capacity=100_000,
    )
    total = invitations + storm
    customers = Customer.objects.bulk_create(
        Customer(
            company=company,
            owner=rep,
            created_by=rep,
            name=f"客户{i}",
            sex="F",
            source=Source.STAND,
        )
        for i in range(total)
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
    tokens = [row.token for row in rows]
    return {
        "gathering_id": gathering.pk,
        "key": key,
        "staff": staff.username,
        "tokens": tokens[:invitations],
        "storm_tokens": tokens[invitations:],
        "storm_ids": [row.pk for row in rows[invitations:]],
    }


class ThreadedServer(bench_run.Server):
    """bench/run.py's server, but with runserver's threads: scans must really overlap."""

    def __init__(self, port: int, log: Path) -> None:
        env = dict(os.environ)
        env.update(
            DJANGO_DEBUG="0", LIANYI_BENCH="1", DATABASE_CONN_MAX_AGE="0", PYTHONUNBUFFERED="1"
        )
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
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )


def post_json(port: int, path: str, key: str, payload: dict) -> tuple[int, dict]:
    import http.client

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


def load(jobs: list, run_one) -> tuple[float, list[float], list]:  # type: ignore[no-untyped-def]
    """Run ``jobs`` on CLIENTS threads, all released at once; wall time, latencies, answers."""
    start = threading.Barrier(CLIENTS)
    per_client = [jobs[i::CLIENTS] for i in range(CLIENTS)]
    latencies: list[float] = []
    answers: list = []
    lock = threading.Lock()

    def client(mine: list) -> None:
        start.wait()
        for job in mine:
            t0 = time.perf_counter()
            answer = run_one(job)
            elapsed = (time.perf_counter() - t0) * 1000
            with lock:
                latencies.append(elapsed)
                answers.append(answer)

    t0 = time.perf_counter()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        list(pool.map(client, per_client))
    return time.perf_counter() - t0, latencies, answers


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def summary(name: str, wall: float, latencies: list[float]) -> dict:
    return {
        "name": name,
        "requests": len(latencies),
        "throughput_rps": round(len(latencies) / wall, 1),
        "p50_ms": round(statistics.median(latencies), 1),
        "p99_ms": round(percentile(latencies, 0.99), 1),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=1000, help="per endpoint in part 1")
    parser.add_argument("--storm", type=int, default=1000, help="scans of the 50 in part 2")
    parser.add_argument("--warmup", type=int, default=40)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    if connection.vendor != "postgresql":
        print("warning: not PostgreSQL; the official figures are taken on PostgreSQL")
    data = setup(args.requests + args.warmup, 50)
    RESULTS.mkdir(parents=True, exist_ok=True)
    port = bench_run.free_port()
    server = ThreadedServer(port, RESULTS / "checkin-server.log")
    try:
        server.wait()
        cookies = {"sessionid": bench_run.session_for(data["staff"])}
        from django.conf import settings

        cookies = {settings.SESSION_COOKIE_NAME: cookies["sessionid"]}
        scan_path = f"/api/gatherings/{data['gathering_id']}/scan"

        def ping(_job: int) -> int:
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

        warm, tokens = data["tokens"][: args.warmup], data["tokens"][args.warmup :]
        load(list(range(args.warmup)), ping)
        load(warm, scan)
        wall, lat, statuses = load(list(range(args.requests)), ping)
        empty = summary("empty view (GET /bench/ping)", wall, lat)
        assert set(statuses) == {204}, Counter(statuses)
        wall, lat, answers = load(tokens, scan)
        scans = summary("scan (POST /api/gatherings/{id}/scan), each admits", wall, lat)
        scan_answers = Counter(answers)
        ratio = round(scans["throughput_rps"] / empty["throughput_rps"], 2)

        storm_jobs = [data["storm_tokens"][i % 50] for i in range(args.storm)]
        random.shuffle(storm_jobs)
        wall, lat, answers = load(storm_jobs, scan)
        storm = summary(f"{args.storm} scans of 50 invitations", wall, lat)
        storm_answers = Counter(answers)
    finally:
        server.stop()

    from django.db.models import Count, Sum

    from lianyi.gatherings.models import CheckIn

    rows = CheckIn.objects.filter(invitation_id__in=data["storm_ids"])
    per_invitation = rows.values("invitation_id").annotate(n=Count("id"))
    doubles = sum(1 for row in per_invitation if row["n"] > 1)
    storm_check = {
        "answers": dict(storm_answers),
        "check_in_rows": rows.count(),
        "guests_admitted": rows.aggregate(total=Sum("guests"))["total"] or 0,
        "doubles": doubles,
        "ok": storm_answers.get("admitted") == 50
        and rows.count() == 50
        and doubles == 0
        and set(storm_answers) == {"admitted", "already_admitted"},
    }
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": bench_run.git_commit(),
        "database": connection.vendor,
        "python": platform.python_version(),
        "server": "manage.py runserver --noreload (threaded), DEBUG off",
        "clients": CLIENTS,
        "empty": empty,
        "scan": scans | {"answers": dict(scan_answers)},
        "throughput_ratio": ratio,
        "storm": storm | storm_check,
    }
    (RESULTS / "checkin.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"| {CLIENTS} clients | requests | req/s | p50 ms | p99 ms |")
    print("|---|---:|---:|---:|---:|")
    for row in (empty, scans, storm):
        print(
            f"| {row['name']} | {row['requests']} | {row['throughput_rps']} | {row['p50_ms']} "
            f"| {row['p99_ms']} |"
        )
    print(
        f"\nthroughput ratio scan / empty view: {ratio} (aim >= 0.5); scan answers {scan_answers}"
    )
    print(f"storm: {storm_check}")
    return 0 if storm_check["ok"] and set(scan_answers) == {"admitted"} else 1


if __name__ == "__main__":
    sys.exit(main())
