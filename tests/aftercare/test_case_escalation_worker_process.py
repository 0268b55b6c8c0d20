"""A real worker process (``manage.py db_worker``) against PostgreSQL: opening a case queues its
escalation in the database for the deadline; once the deadline has passed the worker runs it and
the case moves from the rep to the supervisor, with the step on its history."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from lianyi.aftercare.models import Case, CaseEventKind, CaseLevel
from lianyi.aftercare.rules import aftercare_rules_of
from lianyi.aftercare.services.cases import open_case
from tests.conftest import make_customer
from tests.gatherings.test_route_worker_process import ROOT, database_url

TIMEOUT_S = 120


@pytest.mark.postgres
def test_a_real_worker_escalates_a_case_when_its_deadline_passes(
    transactional_db, world, settings, tmp_path
):
    # given a company whose reps have one hour, and the database task backend
    rules = aftercare_rules_of(world.company.pk)
    rules.case_rep_hours = 1
    rules.save()
    customer = make_customer(world)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

    # when a case is opened (autocommit: its escalation is queued for the deadline) ...
    case = open_case(by=world.rep, customer_id=customer.pk, source="complaint", summary="漏电")
    queued = DBTaskResult.objects.get()
    assert queued.run_after == case.deadline_at
    # ... and the deadline passes (moved back, as an hour would; the task is due now)
    past = timezone.now() - dt.timedelta(seconds=1)
    Case.objects.filter(pk=case.pk).update(deadline_at=past)
    DBTaskResult.objects.filter(pk=queued.pk).update(run_after=past)

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
            "test-case-worker",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        # then the worker escalates it, within a bounded time
        deadline = time.monotonic() + TIMEOUT_S
        while time.monotonic() < deadline:
            case.refresh_from_db()
            if case.level != CaseLevel.REP or worker.poll() is not None:
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
    assert case.level == CaseLevel.SUPERVISOR, output[-3000:]
    assert case.holder == world.supervisor
    assert case.events.filter(kind=CaseEventKind.ESCALATED, by=None).count() == 1
    # the supervisor's level has its own deadline and its own queued task
    assert case.deadline_at is not None and case.deadline_at > timezone.now()
    assert DBTaskResult.objects.filter(run_after=case.deadline_at).count() == 1
