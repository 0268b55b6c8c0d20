"""Background work of the gatherings: each task takes a job's id and calls one service."""

from __future__ import annotations

from django_tasks import task

from lianyi.gatherings.services.printing import run_invitations_pdf_job
from lianyi.gatherings.services.routes import run_route_plan_job, run_stop_move_job


@task()
def plan_routes_task(job_id: int) -> None:
    run_route_plan_job(job_id=job_id)


@task()
def move_stop_task(job_id: int) -> None:
    run_stop_move_job(job_id=job_id)


@task()
def invitations_pdf_task(job_id: int) -> None:
    run_invitations_pdf_job(job_id=job_id)
