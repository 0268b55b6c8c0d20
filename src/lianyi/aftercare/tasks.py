"""Background work of the after-sales app: a case's escalation, scheduled for its deadline."""

from __future__ import annotations

from datetime import datetime

from django_tasks import default_task_backend, task

from lianyi.aftercare.services.cases import escalate_case


@task()
def escalate_case_task(case_id: int) -> None:
    escalate_case(case_id=case_id)


def enqueue_escalation(*, case_id: int, at: datetime) -> None:
    """Queue the escalation for ``at``. A backend that cannot defer (the tests' immediate one)
    runs it now, where it does nothing: the service escalates only a case past its deadline."""
    if default_task_backend.supports_defer:
        escalate_case_task.using(run_after=at).enqueue(case_id)
    else:
        escalate_case_task.enqueue(case_id)
