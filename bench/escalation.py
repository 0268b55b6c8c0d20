"""Case escalation at scale: N open cases (100,000 and 10,000), each with its escalation task
queued for its deadline as ``open_case`` leaves it, of which K (100 and 1,000) have a deadline
that passed; a real ``manage.py db_worker`` escalates them. The time per escalated case must
not grow with the number of open cases.

    psql -h 127.0.0.1 -U postgres -c 'create database lianyi_bench_escalation'
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/lianyi_bench_escalation \\
        .venv/bin/python bench/escalation.py [--runs 100000:100,100000:1000,...] [--rounds 2]

The database is the benchmark's own: each run empties the cases, their events and the task
queue (TRUNCATE), then writes N cases with COPY (a company of its own: one department with a
manager, two teams with a supervisor each, 20 reps, 2,000 customers), N ``OPENED`` events, and
N queued ``escalate_case_task`` rows, each ``run_after`` its case's deadline: N - K deadlines in
the next 1-23 hours, K in the past 1-1,380 minutes, the K spread at random over the ids. The
task rows are copied from one that ``enqueue_escalation`` itself wrote (path, arguments, queue,
backend, priority), so the worker sees exactly what the app queues. ANALYZE, then:

``manage.py db_worker --batch --no-startup-delay`` (DEBUG off, ``DATABASE_CONN_MAX_AGE=60`` as
in ``deploy/lianyi.env.example``) runs until no task is ready and exits. Timed two ways: the
worker's wall time (its start-up, ~1-2 s, included) and the span from the first escalation
task's ``started_at`` to the last one's ``finished_at`` (the worker's own stamps: what the K
escalations took, claiming each task included). Checked after: exactly K cases at the
supervisor with a deadline 48 h on, N - K untouched at the rep, K ``ESCALATED`` events, K new
tasks queued for the new deadlines and none ready, none failed.

Then the worker's claim query as an idle worker runs it every second (nothing ready, the N
queued tasks waiting for their deadlines), timed in this process. Last, one more escalation in
this process with its SQL captured (``CaptureQueriesContext``):
its statement count does not depend on N either. Bounded: at most 200,000 cases per run, loopback
database only. Prints a markdown table and writes bench/results/escalation.json (git-ignored).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import secrets
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "src"), str(ROOT / "bench")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))

import run as bench_run  # noqa: E402  (bench/run.py: git_commit)

RESULTS = ROOT / "bench" / "results"
DEFAULT_RUNS = "10000:100,100000:100,10000:1000,100000:1000"
CUSTOMERS = 2000
REPS = 20
MAX_CASES = 200_000


def setup_org() -> dict:
    """A company of its own for this run: department, manager, two teams with a supervisor,
    reps and customers."""
    from lianyi.customers.models import Customer, Source
    from lianyi.org.models import Company, Department, Role, Team, User

    tag = datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    company = Company.objects.create(name=f"工单压测 {tag}")
    department = Department.objects.create(company=company, name="压测部")
    User.objects.create_user(
        username=f"bench-esc-mgr-{tag}",
        password="x",
        company=company,
        department=department,
        role=Role.MANAGER,
    )
    teams = [Team.objects.create(department=department, name=f"压测{i}组") for i in (1, 2)]
    for i, team in enumerate(teams):
        User.objects.create_user(
            username=f"bench-esc-sup{i}-{tag}",
            password="x",
            company=company,
            team=team,
            role=Role.SUPERVISOR,
        )
    reps = [
        User.objects.create_user(
            username=f"bench-esc-rep{i:02}-{tag}",
            password="x",
            company=company,
            team=teams[i % 2],
            role=Role.REP,
        )
        for i in range(REPS)
    ]
    customers = Customer.objects.bulk_create(
        Customer(
            company=company,
            owner=reps[i % REPS],
            created_by=reps[i % REPS],
            name=f"客户{i}",
            sex="F",
            source=Source.STAND,
        )
        for i in range(CUSTOMERS)
    )
    return {
        "company_id": company.pk,
        "customers": [(c.pk, c.owner_id) for c in customers],
    }


def task_template() -> dict:
    """The row ``enqueue_escalation`` writes, as the worker reads it."""
    from django_tasks_db.models import DBTaskResult

    from lianyi.aftercare.tasks import enqueue_escalation

    enqueue_escalation(case_id=0, at=datetime.now(UTC) + timedelta(days=365))
    row = DBTaskResult.objects.get()
    template = {
        "task_path": row.task_path,
        "args_kwargs": row.args_kwargs,
        "queue_name": row.queue_name,
        "backend_name": row.backend_name,
        "priority": row.priority,
        "status": row.status,
    }
    row.delete()
    if template["args_kwargs"] != {"args": [0], "kwargs": {}}:
        raise SystemExit(f"unexpected task arguments: {template['args_kwargs']}")
    return template


def reset() -> None:
    from django.db import connection
    from django_tasks_db.models import DBTaskResult

    from lianyi.aftercare.models import Case, CaseEvent

    tables = ", ".join(
        connection.ops.quote_name(m._meta.db_table) for m in (CaseEvent, Case, DBTaskResult)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables}")


def write_cases(org: dict, n_open: int, k_passed: int, template: dict, rng: random.Random) -> dict:
    """N open cases at the rep, their OPENED events and their queued escalation tasks."""
    from django.core.management.color import no_style
    from django.db import connection, transaction

    from lianyi.aftercare.models import Case, CaseEvent, CaseEventKind, CaseLevel, CaseSource
    from lianyi.demo.generator import insert_rows

    now = datetime.now(UTC)
    passed = set(rng.sample(range(1, n_open + 1), k_passed))
    cases, events, tasks = [], [], []
    for case_id in range(1, n_open + 1):
        customer_id, owner_id = org["customers"][rng.randrange(len(org["customers"]))]
        if case_id in passed:
            deadline = now - timedelta(minutes=rng.randint(1, 23 * 60))
        else:
            deadline = now + timedelta(minutes=rng.randint(60, 23 * 60))
        opened = deadline - timedelta(hours=24)
        cases.append(
            {
                "id": case_id,
                "company_id": org["company_id"],
                "customer_id": customer_id,
                "source": CaseSource.COMPLAINT,
                "summary": "压测工单：产品使用问题",
                "opened_by_id": owner_id,
                "opened_at": opened,
                "level": CaseLevel.REP,
                "holder_id": owner_id,
                "deadline_at": deadline,
                "state": "open",
            }
        )
        events.append(
            {
                "id": case_id,
                "case_id": case_id,
                "kind": CaseEventKind.OPENED,
                "at": opened,
                "by_id": owner_id,
                "to_level": CaseLevel.REP,
                "note": "压测工单：产品使用问题",
            }
        )
        tasks.append(
            {
                "id": uuid.uuid4(),
                "status": template["status"],
                "enqueued_at": opened,
                "args_kwargs": {"args": [case_id], "kwargs": {}},
                "priority": template["priority"],
                "task_path": template["task_path"],
                "worker_ids": [],
                "queue_name": template["queue_name"],
                "backend_name": template["backend_name"],
                "run_after": deadline,
                "return_value": None,
                "exception_class_path": "",
                "traceback": "",
                "started_at": None,
                "finished_at": None,
            }
        )
    from django_tasks_db.models import DBTaskResult

    t0 = time.perf_counter()
    with transaction.atomic():
        insert_rows(Case, cases)
        insert_rows(CaseEvent, events)
        insert_rows(DBTaskResult, tasks)
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [Case, CaseEvent]):
            cursor.execute(sql)
        for model in (Case, CaseEvent, DBTaskResult):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return {"passed_ids": sorted(passed), "write_s": round(time.perf_counter() - t0, 1)}


def run_worker(log: Path) -> float:
    env = dict(os.environ)
    env.update(DJANGO_DEBUG="0", DATABASE_CONN_MAX_AGE="60", PYTHONUNBUFFERED="1")
    t0 = time.perf_counter()
    with log.open("w") as out:
        proc = subprocess.run(
            [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=600,
        )
    if proc.returncode != 0:
        raise SystemExit(f"db_worker exited {proc.returncode}; see {log}")
    return time.perf_counter() - t0


def check(n_open: int, k_passed: int, passed_ids: list[int], template: dict) -> dict:
    from django.db.models import Max, Min
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    from lianyi.aftercare.models import Case, CaseEvent, CaseEventKind, CaseLevel

    now = timezone.now()
    tasks = DBTaskResult.objects.filter(task_path=template["task_path"])
    done = tasks.filter(status="SUCCESSFUL")
    span = done.aggregate(first=Min("started_at"), last=Max("finished_at"))
    escalated = Case.objects.filter(level=CaseLevel.SUPERVISOR)
    at_rep = Case.objects.filter(level=CaseLevel.REP).count()
    new_deadlines_ok = not escalated.exclude(
        deadline_at__range=(now + timedelta(hours=47), now + timedelta(hours=48))
    ).exists()
    escalated_ids = sorted(escalated.values_list("pk", flat=True))
    result = {
        "escalated": len(escalated_ids),
        "still_at_rep": at_rep,
        "events_escalated": CaseEvent.objects.filter(kind=CaseEventKind.ESCALATED).count(),
        "tasks_done": done.count(),
        "tasks_failed": tasks.filter(status="FAILED").count(),
        "tasks_ready_now": tasks.ready().count(),
        "tasks_queued": tasks.filter(status="READY").count(),
        "span_s": (span["last"] - span["first"]).total_seconds() if span["first"] else None,
    }
    result["ok"] = (
        escalated_ids == passed_ids
        and at_rep == n_open - k_passed
        and result["events_escalated"] == k_passed
        and result["tasks_done"] == k_passed
        and result["tasks_failed"] == 0
        and result["tasks_ready_now"] == 0
        and result["tasks_queued"] == n_open  # N - K untouched + K for the next level
        and new_deadlines_ok
    )
    return result


def idle_poll_ms(template: dict, times: int = 5) -> float:
    """The worker's claim query (``db_worker``'s own queryset) when no task is ready, as it
    runs every ``--interval`` seconds while idle: the median of a few, in milliseconds."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    tasks = DBTaskResult.objects.ready().filter(
        backend_name=template["backend_name"], queue_name__in=[template["queue_name"]]
    )
    samples = []
    for _ in range(times):
        with transaction.atomic():
            t0 = time.perf_counter()
            found = tasks.get_locked()
            samples.append((time.perf_counter() - t0) * 1000)
        if found is not None:
            raise SystemExit("a task is still ready after the worker's batch")
    return round(sorted(samples)[len(samples) // 2], 1)


def statements_per_escalation() -> dict:
    """One more escalation in this process, its SQL captured: a case of the last run put back
    past its deadline (the task it left for the next level does nothing then: not yet due)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from lianyi.aftercare.models import Case, CaseLevel
    from lianyi.aftercare.tasks import escalate_case_task

    case = Case.objects.filter(level=CaseLevel.SUPERVISOR).order_by("pk").first()
    if case is None:
        return {"statements": None, "sql": []}
    Case.objects.filter(pk=case.pk).update(deadline_at=timezone.now() - timedelta(minutes=1))
    with CaptureQueriesContext(connection) as queries:
        escalate_case_task.call(case.pk)
    level = Case.objects.values_list("level", flat=True).get(pk=case.pk)
    return {
        "escalated_to": level,
        "statements": len(queries.captured_queries),
        "sql": [q["sql"][:140] for q in queries.captured_queries],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--runs", default=DEFAULT_RUNS, help=f"N:K pairs, comma-separated ({DEFAULT_RUNS})"
    )
    parser.add_argument("--rounds", type=int, default=1, help="repeat the whole list")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    runs = []
    for pair in args.runs.split(","):
        n, _, k = pair.partition(":")
        runs.append((int(n), int(k)))
    if not all(0 < k <= n <= MAX_CASES for n, k in runs) or not 0 < args.rounds <= 5:
        parser.error(f"each run N:K with 0 < K <= N <= {MAX_CASES}; --rounds 1 to 5")

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print("bench/escalation.py measures PostgreSQL: set DATABASE_URL.")
        return 2
    call_command("migrate", verbosity=0)
    RESULTS.mkdir(parents=True, exist_ok=True)
    reset()
    template = task_template()
    org = setup_org()
    rng = random.Random(args.seed)
    measured: list[dict[str, Any]] = []
    for round_no in range(args.rounds):
        for n_open, k_passed in runs:
            reset()
            written = write_cases(org, n_open, k_passed, template, rng)
            connection.close()  # the worker's own connection only, while it runs
            wall = run_worker(RESULTS / "escalation-worker.log")
            checked = check(n_open, k_passed, written["passed_ids"], template)
            checked["idle_poll_ms"] = idle_poll_ms(template)
            row = {
                "round": round_no + 1,
                "open_cases": n_open,
                "passed": k_passed,
                "write_s": written["write_s"],
                "worker_wall_s": round(wall, 2),
                **checked,
            }
            if checked["span_s"] is not None:
                row["ms_per_case"] = round(checked["span_s"] * 1000 / k_passed, 2)
                row["wall_ms_per_case"] = round(wall * 1000 / k_passed, 2)
            measured.append(row)
            print(
                f"  N={n_open:,} K={k_passed:,}: worker {wall:.1f} s, "
                f"{row.get('ms_per_case')} ms per case, ok={checked['ok']}",
                flush=True,
            )
    statements = statements_per_escalation()
    result = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": bench_run.git_commit(),
        "database": connection.vendor,
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "runs": measured,
        "statements_per_escalation": statements,
    }
    (RESULTS / "escalation.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(report(result))
    return 0 if all(row["ok"] for row in measured) else 1


def report(result: dict) -> str:
    lines = [
        f"commit {result['commit']}, {result['when']}, {result['database']}, {result['cpus']} CPUs",
        "",
        "| open cases | deadline passed | escalated | worker wall s | escalations span s "
        "| ms per escalated case | wall ms per case | idle poll ms | checks |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for row in result["runs"]:
        lines.append(
            f"| {row['open_cases']:,} | {row['passed']:,} | {row['escalated']:,} "
            f"| {row['worker_wall_s']} | {row['span_s']:.2f} | **{row.get('ms_per_case')}** "
            f"| {row.get('wall_ms_per_case')} | {row['idle_poll_ms']} "
            f"| {'ok' if row['ok'] else 'FAILED'} |"
        )
    statements = result["statements_per_escalation"]
    lines.append("")
    lines.append(f"SQL statements per escalation (in-process): {statements['statements']}")
    lines.extend(f"  {sql}" for sql in statements["sql"])
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
