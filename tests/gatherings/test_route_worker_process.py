"""A real worker process (``manage.py db_worker``) against PostgreSQL: a route plan asked for
in one process is queued in the database, solved by the worker in another, and its job ends
done with the plan stored."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

from lianyi.core.models import JobState
from lianyi.gatherings.models import DeliveryPlan, RouteStop
from lianyi.gatherings.services.routes import request_route_plan
from tests.gatherings.test_routes_planning import delivery_day, invited  # noqa: F401

ROOT = Path(__file__).resolve().parents[2]
TIMEOUT_S = 120


def database_url() -> str:
    s = connection.settings_dict
    auth = quote(s["USER"] or "postgres")
    if s.get("PASSWORD"):
        auth += ":" + quote(s["PASSWORD"])
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.mark.postgres
def test_a_real_worker_process_plans_the_routes_of_a_queued_job(
    transactional_db,
    world,
    delivery_day,  # noqa: F811
    settings,
    tmp_path,
):
    # given the database backend (the suite runs tasks immediately) and a few stops
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    customers = [
        invited(world, delivery_day, name=name, slot=slot, where=where)
        for name, slot, where in [
            ("张桂兰", (15, 17), ("30.280000", "120.160000")),
            ("王秀英", (15, 17), ("30.290000", "120.170000")),
            ("李建国", (16, 18), ("30.250000", "120.130000")),
        ]
    ]
    # when a supervisor asks for the plan (autocommit: the task is queued in the database)
    job = request_route_plan(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk, world.rep_same_team.pk],
        seconds=1.0,
    )
    job.refresh_from_db()
    assert job.state == JobState.QUEUED and job.task_result_id
    assert not DeliveryPlan.objects.exists()

    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "DJANGO_DEBUG": "0",
        "LIANYI_TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "LIANYI_VAR_DIR": str(tmp_path),
    }
    log = (tmp_path / "worker.log").open("w+")
    worker = subprocess.Popen(
        [
            sys.executable,
            "manage.py",
            "db_worker",
            "--interval",
            "0.2",
            "--no-startup-delay",
            "--no-reload",
            "--worker-id",
            "test-worker",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # then the worker picks the job up and finishes it, within a bounded time
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if not job.is_active or worker.poll() is not None:
                break
            time.sleep(0.3)
    finally:
        worker.send_signal(signal.SIGINT)
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
        log.seek(0)
        output = log.read()
        log.close()
    assert job.state == JobState.DONE, (job.state, job.message, output[-3000:])
    plan = DeliveryPlan.objects.get()
    assert job.result_ref == str(plan.pk)
    stops = RouteStop.objects.filter(plan=plan)
    assert {s.invitation_id for s in stops} == {c.invitations.get().pk for c in customers}
    assert not plan.left_out
