"""Reads of the audit log (for administrators) and of a person's own background jobs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from django.db.models import Q, QuerySet

from lianyi.core.errors import NotFound
from lianyi.core.models import ACTIVE_JOB_STATES, AuditEntry, Job, JobState
from lianyi.org.capabilities import Capability, require_capability

AUDIT_PAGE = 100
# The label of the customer model: entries about a customer name it as their object.
CUSTOMER_TYPE = "customers.customer"


def audit_entries(
    *,
    user: Any,
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    actor_id: int | None = None,
    customer_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = AUDIT_PAGE,
) -> QuerySet[AuditEntry]:
    """The company's audit entries, newest first; ``action`` matches a dotted prefix
    ("journey." or "journey.first_call.recorded"). ``customer_id`` finds the entries about the
    customer and about the touchpoints recorded for them; ``since``/``until`` bound the time
    (``until`` excluded). ``limit=None`` leaves slicing to a paginator, which then counts and
    pages the whole log."""
    require_capability(user, Capability.AUDIT_VIEW)
    if not user.company_id:
        return AuditEntry.objects.none()
    qs = AuditEntry.objects.filter(company_id=user.company_id).select_related("actor")
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=str(object_id))
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    if customer_id is not None:
        qs = qs.filter(
            Q(object_type=CUSTOMER_TYPE, object_id=str(customer_id)) | Q(data__customer=customer_id)
        )
    if since is not None:
        qs = qs.filter(at__gte=since)
    if until is not None:
        qs = qs.filter(at__lt=until)
    qs = qs.order_by("-at", "-id")
    return qs if limit is None else qs[:limit]


def get_job(*, user: Any, job_id: int) -> Job:
    """The user's own job; another user's answers :class:`NotFound` exactly like a missing one
    (a job's progress and result belong to the person who asked for it)."""
    job = Job.objects.filter(pk=job_id, created_by_id=getattr(user, "pk", None)).first()
    if job is None:
        raise NotFound()
    return job


def active_job(*, user: Any, key: str) -> Job | None:
    """The user's own queued or running job about ``key``, if there is one."""
    return Job.objects.filter(
        key=key, state__in=ACTIVE_JOB_STATES, created_by_id=getattr(user, "pk", None)
    ).first()


def job_file(*, user: Any, job_id: int) -> tuple[Job, Path]:
    """The file a finished job of ``user``'s made; NotFound when there is none (or it is gone,
    or the job is someone else's)."""
    from lianyi.core.services import private_dir

    job = get_job(user=user, job_id=job_id)
    if job.state != JobState.DONE or not job.result_ref.startswith("jobs/"):
        raise NotFound()
    root = private_dir().resolve()
    path = (root / job.result_ref).resolve()
    if root not in path.parents or not path.is_file():
        raise NotFound()
    return job, path
