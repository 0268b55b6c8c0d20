"""Background jobs: one active job per key, progress, done and failed, and a job seen only by
the person who asked for it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django_tasks import task

from lianyi.core.errors import CoreCode, DomainError, NotFound
from lianyi.core.models import Job, JobState
from lianyi.core.selectors import get_job, job_file
from lianyi.core.services import (
    STALE_AFTER,
    advance_job,
    create_job,
    enqueue_on_commit,
    run_job,
    start_job,
    store_job_file,
)


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path):  # type: ignore[no-untyped-def]
    settings.VAR_DIR = tmp_path
    return tmp_path


ran: list[int] = []


@task()
def remember_task(job_id: int) -> None:
    ran.append(job_id)


def test_a_second_job_with_the_same_key_answers_the_active_one(world):
    first, created = create_job(by=world.supervisor, kind="k", key="routes:1:2026-12-03")
    again, created_again = create_job(by=world.rep, kind="k", key="routes:1:2026-12-03")
    assert created and not created_again
    assert again.pk == first.pk
    assert Job.objects.count() == 1


def test_a_key_is_free_again_once_its_job_is_over(world):
    first, _ = create_job(by=world.supervisor, kind="k", key="routes:1")
    run_job(job_id=first.pk, work=lambda job: "7")
    second, created = create_job(by=world.supervisor, kind="k", key="routes:1")
    assert created and second.pk != first.pk


def test_the_database_holds_one_active_job_per_key(world):
    create_job(by=world.supervisor, kind="k", key="routes:1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Job.objects.create(company=world.company, created_by=world.rep, kind="k", key="routes:1")


def test_a_job_that_lost_its_worker_gives_up_its_key(world):
    stale, _ = create_job(by=world.supervisor, kind="k", key="routes:1")
    Job.objects.filter(pk=stale.pk).update(
        created_at=stale.created_at - STALE_AFTER - dt.timedelta(minutes=1)
    )
    fresh, created = create_job(by=world.supervisor, kind="k", key="routes:1")
    stale.refresh_from_db()
    assert created and fresh.pk != stale.pk
    assert stale.state == JobState.FAILED and stale.error_code == CoreCode.JOB_STALE


def test_a_job_runs_once_records_progress_and_keeps_its_result(world):
    job, _ = create_job(by=world.rep, kind="k", total=4)

    def work(j: Job) -> str:
        advance_job(job_id=j.pk, done=3)
        assert Job.objects.get(pk=j.pk).done == 3
        assert Job.objects.get(pk=j.pk).state == JobState.RUNNING
        return "plan:12"

    run_job(job_id=job.pk, work=work)
    job.refresh_from_db()
    assert (job.state, job.done, job.result_ref) == (JobState.DONE, 4, "plan:12")
    assert job.started_at and job.finished_at
    with pytest.raises(DomainError) as again:
        start_job(job_id=job.pk)
    assert again.value.code == CoreCode.JOB_NOT_QUEUED


def test_a_refusal_fails_the_job_with_its_message_and_code(world):
    job, _ = create_job(by=world.rep, kind="k")

    def work(j: Job) -> str:
        raise DomainError("这一天没有约好送达的邀请函。", code="gatherings.x")

    run_job(job_id=job.pk, work=work)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert (job.error_code, job.message) == ("gatherings.x", "这一天没有约好送达的邀请函。")


def test_an_unexpected_error_fails_the_job_and_is_raised_for_the_worker(world):
    job, _ = create_job(by=world.rep, kind="k")

    def work(j: Job) -> str:
        raise ZeroDivisionError

    with pytest.raises(ZeroDivisionError):
        run_job(job_id=job.pk, work=work)
    job.refresh_from_db()
    assert job.state == JobState.FAILED and job.error_code == CoreCode.JOB_ERROR
    assert job.message  # a message in Chinese, never the traceback


def test_the_task_is_enqueued_only_when_the_transaction_commits(
    world, django_capture_on_commit_callbacks
):
    ran.clear()
    with django_capture_on_commit_callbacks(execute=True):
        job, _ = create_job(by=world.rep, kind="k")
        enqueue_on_commit(job, remember_task)
        assert ran == []
    assert ran == [job.pk]
    job.refresh_from_db()
    assert job.task_result_id


def test_another_users_job_is_not_found_like_a_missing_one(world):
    job, _ = create_job(by=world.rep, kind="k")
    assert get_job(user=world.rep, job_id=job.pk) == job
    for other in (world.rep_same_team, world.supervisor, world.admin, world.outsider_admin):
        with pytest.raises(NotFound):
            get_job(user=other, job_id=job.pk)
    with pytest.raises(NotFound):
        get_job(user=world.rep, job_id=job.pk + 1000)


def test_a_jobs_file_is_found_only_for_its_owner_once_done(world, private_files):
    job, _ = create_job(by=world.rep, kind="k")
    ref = store_job_file(job_id=job.pk, data=b"%PDF-1.7", suffix=".pdf")
    with pytest.raises(NotFound):  # not done yet
        job_file(user=world.rep, job_id=job.pk)
    run_job(job_id=job.pk, work=lambda j: ref)
    found, path = job_file(user=world.rep, job_id=job.pk)
    assert found.pk == job.pk
    assert path.read_bytes() == b"%PDF-1.7"
    assert private_files in path.parents
    with pytest.raises(NotFound):
        job_file(user=world.supervisor, job_id=job.pk)
