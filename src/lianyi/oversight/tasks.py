"""Background work of oversight: each task takes a job's id and calls one service."""

from __future__ import annotations

from django_tasks import task

from lianyi.oversight.services.directory import run_directory_pdf_job


@task()
def directory_pdf_task(job_id: int) -> None:
    run_directory_pdf_job(job_id=job_id)
