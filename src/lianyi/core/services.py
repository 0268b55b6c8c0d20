"""Writes of the background-job record (:class:`~lianyi.core.models.Job`).

A job is bookkeeping for work someone else asked for: the domain service that asks for the
work creates the job inside its own transaction and writes the audit entry for the request,
and the domain service that does the work audits what it changed. So these functions write no
audit entry of their own; progress is not an action of a person."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianyi.core.clock import now
from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.locks import lock_active_job, lock_job
from lianyi.core.models import Job, JobState

log = logging.getLogger(__name__)

# A job still queued or running after this long has lost its worker (stopped, crashed); it
# no longer holds its key, so the work can be asked for again.
STALE_AFTER = timedelta(minutes=15)


def create_job(
    *, by: Any, kind: str, key: str = "", params: dict[str, Any] | None = None, total: int = 0
) -> tuple[Job, bool]:
    """A new queued job, or ``(the active job with this key, False)`` when there is one.

    Call it inside the transaction that asks for the work, then :func:`enqueue_on_commit`."""
    with transaction.atomic():
        if key:
            running = lock_active_job(key)
            if running is not None and running.created_at >= now() - STALE_AFTER:
                return running, False
            if running is not None:
                _finish(
                    running,
                    JobState.FAILED,
                    message=_("任务超时，请重新提交。"),
                    code=CoreCode.JOB_STALE,
                )
        try:
            with transaction.atomic():
                job = Job.objects.create(
                    company_id=by.company_id,
                    created_by=by,
                    kind=kind,
                    key=key,
                    params=params or {},
                    total=total,
                )
        except IntegrityError:
            # Another request made the job for this key between our look and our insert.
            running = lock_active_job(key) if key else None
            if running is None:
                raise
            return running, False
    return job, True


def enqueue_on_commit(job: Job, task: Any) -> None:
    """Enqueue ``task(job.pk)`` once the transaction that made the job commits, and keep the
    task's result id on the job (the worker's record of it)."""
    job_id = job.pk

    def send() -> None:
        result = task.enqueue(job_id)
        Job.objects.filter(pk=job_id).update(task_result_id=str(result.id)[:64])

    transaction.on_commit(send)


def start_job(*, job_id: int) -> Job:
    """Marks the job running; refuses a job that is not queued (run twice, or already over)."""
    with transaction.atomic():
        job = lock_job(job_id)
        if job.state != JobState.QUEUED:
            raise DomainError(
                _("该任务已经开始或已结束。"), code=CoreCode.JOB_NOT_QUEUED, extra={"job": job_id}
            )
        job.state = JobState.RUNNING
        job.started_at = now()
        job.save(update_fields=["state", "started_at"])
    return job


def advance_job(*, job_id: int, done: int, total: int | None = None, message: str = "") -> None:
    """Records progress: ``done`` of ``total`` (counts of what the job works through)."""
    fields: dict[str, Any] = {"done": done}
    if total is not None:
        fields["total"] = total
    if message:
        fields["message"] = message[:200]
    Job.objects.filter(pk=job_id, state=JobState.RUNNING).update(**fields)


def _finish(job: Job, state: str, *, message: str = "", code: str = "", ref: str = "") -> Job:
    job.state = state
    job.finished_at = now()
    job.message = message[:200]
    job.error_code = code[:80]
    job.result_ref = ref[:300]
    if state == JobState.DONE and job.total:
        job.done = job.total
    job.save(update_fields=["state", "finished_at", "message", "error_code", "result_ref", "done"])
    return job


def finish_job(*, job_id: int, result_ref: str, message: str = "") -> Job:
    """Marks the job done with a reference to what it made (an object id, a file path)."""
    with transaction.atomic():
        job = lock_job(job_id)
        return _finish(job, JobState.DONE, message=message, ref=result_ref)


def fail_job(*, job_id: int, message: str, code: str = "") -> Job:
    """Marks the job failed with the message its owner sees (in their language)."""
    with transaction.atomic():
        job = lock_job(job_id)
        return _finish(job, JobState.FAILED, message=message, code=code)


def run_job(*, job_id: int, work: Callable[[Job], str]) -> Job:
    """Runs ``work(job)`` for a queued job: running, then done with the reference ``work``
    returns, or failed with the refusal's message. An unexpected error fails the job with a
    general message and is raised again, so the worker keeps its traceback."""
    job = start_job(job_id=job_id)
    try:
        ref = work(job)
    except DomainError as error:
        return fail_job(job_id=job_id, message=error.message, code=error.code)
    except Exception:
        log.exception("job %s (%s) failed", job_id, job.kind)
        fail_job(job_id=job_id, message=_("后台任务出错了，请稍后重试。"), code=CoreCode.JOB_ERROR)
        raise
    return finish_job(job_id=job_id, result_ref=ref)


def count_progress(job_id: int) -> Callable[[int, int], None]:
    """A callback ``(done, total)`` that records the job's progress."""

    def report(done: int, total: int) -> None:
        advance_job(job_id=job_id, done=done, total=total)

    return report


def private_dir() -> Path:
    """Files made for one person (a job's PDF): under the var directory, never served as
    static or media; downloaded through a view that checks whose job it was."""
    return Path(settings.VAR_DIR) / "private"


def store_job_file(*, job_id: int, data: bytes, suffix: str) -> str:
    """Writes a job's file and answers its reference (a path inside :func:`private_dir`)."""
    ref = f"jobs/{job_id}-{secrets.token_hex(8)}{suffix}"
    path = private_dir() / ref
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(path.suffix + ".part")
    partial.write_bytes(data)
    partial.replace(path)
    return ref
