"""Row locks of the core (background jobs), each a named helper (as Saleor's
``lock_objects.py``): the job's row is locked before its state is decided on."""

from __future__ import annotations

from lianyi.core.models import ACTIVE_JOB_STATES, Job


def lock_active_job(key: str) -> Job | None:
    """The queued or running job about ``key``, if there is one, locked with its owner read."""
    return (
        Job.objects.select_for_update()
        .filter(key=key, state__in=ACTIVE_JOB_STATES)
        .select_related("created_by")
        .first()
    )


def lock_job(job_id: int) -> Job:
    """The job, locked with its owner read."""
    return Job.objects.select_for_update().select_related("created_by").get(pk=job_id)
