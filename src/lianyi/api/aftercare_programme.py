"""售后计划: a customer's contact preference (it re-plans their tasks), their programme tasks
with why each was moved or dropped, and marking a task done by recording its contact."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from lianyi.aftercare.models import ContactChannel, TaskKind
from lianyi.aftercare.selectors import contact_preference_of, customer_tasks, get_task
from lianyi.aftercare.services.contacts import record_contact
from lianyi.aftercare.services.programme import set_contact_preference
from lianyi.api.schemas.aftercare_programme import (
    ContactPreferenceIn,
    ContactPreferenceOut,
    ProgrammeTasksOut,
    TaskDoneIn,
    TaskDoneOut,
)
from lianyi.api.schemas.common import ERRORS
from lianyi.api.security import current_user
from lianyi.core.fields import Id
from lianyi.org.capabilities import Capability, require_capability

router = Router(tags=["aftercare"])


@router.put(
    "/customers/{customer_id}/contact-preference",
    response={200: ContactPreferenceOut, **ERRORS},
)
def put_contact_preference(
    request: HttpRequest, customer_id: Id, payload: ContactPreferenceIn
) -> object:
    return set_contact_preference(
        by=current_user(request),
        customer_id=customer_id,
        max_per_month=payload.max_per_month,
        channel=payload.channel,
        note=payload.note,
    )


@router.get("/customers/{customer_id}/programme-tasks", response={200: ProgrammeTasksOut, **ERRORS})
def programme_tasks(request: HttpRequest, customer_id: Id) -> dict[str, object]:
    customer, tasks = customer_tasks(user=current_user(request), customer_id=customer_id)
    return {
        "customer_id": customer.pk,
        "preference": contact_preference_of(customer=customer),
        "tasks": tasks,
    }


@router.post("/programme-tasks/{task_id}/done", response={201: TaskDoneOut, **ERRORS})
def task_done(request: HttpRequest, task_id: Id, payload: TaskDoneIn) -> Status:
    """Done means its contact is recorded (and reached): the same service as any after-sales
    contact, so satisfaction asked on the way opens its follow-up."""
    user = current_user(request)
    require_capability(user, Capability.AFTERCARE_RECORD)
    task = get_task(user=user, task_id=task_id)
    channel = payload.channel or (
        ContactChannel.VISIT if task.kind == TaskKind.VISIT else ContactChannel.PHONE
    )
    contact = record_contact(
        by=user,
        customer_id=task.customer_id,
        task_id=task.pk,
        channel=channel,
        reached=payload.reached,
        satisfaction=payload.satisfaction,
        notes=payload.notes,
    )
    task.refresh_from_db()
    return Status(201, {"task": task, "contact_id": contact.pk})
