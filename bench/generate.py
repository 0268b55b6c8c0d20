"""Generate a large company for the benchmark: N customers (default 200,000) with their
touchpoints, invitations and consents, on the database of DATABASE_URL (PostgreSQL).

    createdb -h 127.0.0.1 -U postgres lianyi_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianyi_bench .venv/bin/python bench/generate.py

Rows go in by COPY; each customer's cached journey fields are computed with
``journey.progress.derive`` from the touchpoints written for it (see lianyi.demo.generator).
Run it once per database: a second run finds the company and stops.
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# Settings refuse to start without DEBUG and a real key: a throwaway one serves a bench run.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

BENCH_COMPANY = "联谊基准测试公司"
USERNAME_PREFIX = "bench-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--customers", type=int, default=200_000)
    parser.add_argument("--departments", type=int, default=4)
    parser.add_argument("--teams", type=int, default=5, help="teams per department")
    parser.add_argument("--reps", type=int, default=10, help="reps per team")
    parser.add_argument("--stands", type=int, default=50, help="stands over the past year")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=10_000)
    parser.add_argument(
        "--allow-sqlite", action="store_true", help="generate on SQLite too (not for figures)"
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from lianyi.customers.models import Customer, Stand
    from lianyi.demo.generator import (
        BulkTarget,
        OrgSpec,
        Planner,
        create_org,
        create_places,
        gathering_start,
        local_today,
        write_bulk,
    )
    from lianyi.gatherings.models import Gathering
    from lianyi.org.models import Company

    if connection.vendor != "postgresql" and not args.allow_sqlite:
        print("bench/generate.py writes to PostgreSQL: set DATABASE_URL (or --allow-sqlite).")
        return 2
    call_command("migrate", verbosity=0)
    existing = Company.objects.filter(name=BENCH_COMPANY).first()
    if existing is not None:
        count = Customer.objects.filter(company=existing).count()
        print(f"{BENCH_COMPANY} is already here with {count:,} customers; nothing changed.")
        print("To regenerate, drop and recreate the database.")
        return 0

    started = time.monotonic()
    rng = random.Random(args.seed)
    org = create_org(
        OrgSpec(
            company=BENCH_COMPANY,
            departments=args.departments,
            teams_per_department=args.teams,
            reps_per_team=args.reps,
            username_prefix=USERNAME_PREFIX,
        ),
        rng,
    )
    today, tz = local_today(org.company)
    stand_days = [today - timedelta(days=14 + i * 7) for i in range(args.stands)]
    stands = Stand.objects.bulk_create(
        [
            Stand(
                company=org.company,
                name=f"社区健康咨询日 第{i + 1}场",
                place="社区广场",
                held_on=day,
            )
            for i, day in enumerate(stand_days)
        ]
    )
    gathering = Gathering.objects.create(
        company=org.company,
        name="健康生活联谊会",
        starts_at=gathering_start(today, tz),
        venue="杭州市文化宫三楼大厅",
        capacity=300,
    )
    target = BulkTarget(
        company=org.company,
        owners=org.reps,
        stands=stands,
        gathering=gathering,
        places=create_places(org.company),
    )
    planner = Planner(
        seed=rng.randrange(2**32),
        today=today,
        tz=tz,
        stand_days=stand_days,
        gathering=gathering.name,
        company=org.company.name,
    )

    def progress(done: int) -> None:
        rate = done / max(time.monotonic() - started, 1e-9)
        print(f"  {done:>9,} customers  ({rate:,.0f}/s)", flush=True)

    print(
        f"Generating {args.customers:,} customers for {len(org.reps)} reps "
        f"on {connection.vendor} ({connection.settings_dict['NAME']})"
    )
    counts = write_bulk(
        target,
        planner.stream(n=args.customers, owners=len(org.reps)),
        chunk=args.chunk,
        progress=progress,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    elapsed = time.monotonic() - started
    print(
        f"Done in {elapsed:.1f} s: {counts['customers']:,} customers, "
        f"{counts['touchpoints']:,} touchpoints, {counts['invitations']:,} invitations."
    )
    print(
        f"Logins (password lianyi-demo): {org.reps[0].username} (rep), "
        f"{org.supervisors[0].username} (supervisor), {org.admin.username} (admin)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
