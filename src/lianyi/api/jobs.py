"""Background jobs: the state and progress of a job the caller asked for (a large PDF). Another
user's job answers 404 like a missing one."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Router, Status

from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.jobs import JobOut, JobQueuedOut
from lianyi.api.security import current_user
from lianyi.core.fields import Id
from lianyi.core.models import Job
from lianyi.core.selectors import get_job

router = Router(tags=["jobs"])


def queued(job: Job) -> Status:
    """The 202 answer of an endpoint that queued ``job``."""
    url = reverse("api:job", kwargs={"job_id": job.pk})
    return Status(202, JobQueuedOut(job=job.pk, state=job.state, status_url=url))


@router.get("/jobs/{job_id}", response={200: JobOut, **ERRORS}, url_name="job")
def job(request: HttpRequest, job_id: Id) -> Job:
    return get_job(user=current_user(request), job_id=job_id)
