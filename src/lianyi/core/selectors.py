"""Reads of a person's own background jobs (the audit log's reader is ``org.audit_log``: it
checks a capability, which the organisation defines)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lianyi.core.errors import NotFound
from lianyi.core.lookup import get_by_id
from lianyi.core.models import ACTIVE_JOB_STATES, Job, JobState
from lianyi.core.services import private_dir


def get_job(*, user: Any, job_id: int) -> Job:
    """The user's own job; another user's answers :class:`NotFound` exactly like a missing one
    (a job's progress and result belong to the person who asked for it)."""
    return get_by_id(Job.objects.filter(created_by_id=getattr(user, "pk", None)), job_id)


def active_job(*, user: Any, key: str) -> Job | None:
    """The user's own queued or running job about ``key``, if there is one."""
    return Job.objects.filter(
        key=key, state__in=ACTIVE_JOB_STATES, created_by_id=getattr(user, "pk", None)
    ).first()


def job_file(*, user: Any, job_id: int) -> tuple[Job, Path]:
    """The file a finished job of ``user``'s made; NotFound when there is none (or it is gone,
    or the job is someone else's)."""
    job = get_job(user=user, job_id=job_id)
    if job.state != JobState.DONE or not job.result_ref.startswith("jobs/"):
        raise NotFound()
    root = private_dir().resolve()
    path = (root / job.result_ref).resolve()
    if root not in path.parents or not path.is_file():
        raise NotFound()
    return job, path
