"""The 2+2+2 steps: the agenda, a customer's timeline, and recording each contact."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Status

from lianyi.aftercare.selectors import due_tasks
from lianyi.aftercare.timeline import customer_timeline
from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.customers import profile_change
from lianyi.api.schemas.journey import (
    AgendaOut,
    CorrectionIn,
    FirstCallIn,
    FirstVisitIn,
    RecordedOut,
    SecondCallIn,
    SecondVisitIn,
    StandNoteIn,
    TimelineOut,
)
from lianyi.api.security import current_user
from lianyi.core.clock import now
from lianyi.core.fields import Day, Id
from lianyi.customers.details import KEEP
from lianyi.journey import services
from lianyi.journey.corrections import TouchpointChange, correct_touchpoint
from lianyi.journey.models import Touchpoint
from lianyi.journey.selectors import AGENDA_LIMIT
from lianyi.journey.selectors import agenda as agenda_of
from lianyi.journey.services import Contact

router = Router(tags=["journey"])


def _contact(payload: Any) -> Contact:
    return Contact(
        occurred_at=payload.occurred_at, notes=payload.notes, repeat_reason=payload.repeat_reason
    )


def _recorded(touchpoint: Touchpoint) -> Status:
    # The service's customer instance carries the journey it has just recomputed.
    return Status(201, {"touchpoint": touchpoint, "journey": touchpoint.customer})


@router.get("/agenda", response={200: AgendaOut, **ERRORS})
def agenda(request: HttpRequest, day: Day | None = None) -> dict:
    user = current_user(request)
    if user.company is None:  # a user outside every company has nothing due
        return {"day": (day or timezone.localdate()).isoformat(), "items": []}
    the_day = day or now().astimezone(user.company.quiet_hours().tz).date()
    return {
        "day": the_day.isoformat(),
        "items": list(agenda_of(user=user, day=the_day)),
        "tasks": list(due_tasks(user=user, day=the_day)[:AGENDA_LIMIT]),
    }


@router.get("/customers/{customer_id}/timeline", response={200: TimelineOut, **ERRORS})
def timeline(request: HttpRequest, customer_id: Id) -> dict:
    customer, touchpoints, merged = customer_timeline(
        user=current_user(request), customer_id=customer_id
    )
    return {
        "customer": customer,
        "journey": customer,
        "touchpoints": touchpoints,
        "entries": [_entry(row) for row in merged],
    }


def _entry(row: Any) -> Any:
    if not isinstance(row, Touchpoint):
        return row
    return {
        "source": "touchpoint",
        "id": row.pk,
        "at": row.occurred_at,
        "kind": row.kind,
        "kind_label": str(row.get_kind_display()),
        "by": row.by,
        "text": row.notes,
        "case_id": None,
        "badge": "",
    }


@router.post("/customers/{customer_id}/stand-notes", response={201: RecordedOut, **ERRORS})
def stand_note(request: HttpRequest, customer_id: Id, payload: StandNoteIn) -> Status:
    return _recorded(
        services.record_stand_note(
            by=current_user(request),
            customer_id=customer_id,
            desk=payload.desk,
            contact=_contact(payload),
        )
    )


@router.post("/customers/{customer_id}/first-call", response={201: RecordedOut, **ERRORS})
def first_call(request: HttpRequest, customer_id: Id, payload: FirstCallIn) -> Status:
    return _recorded(
        services.record_first_call(
            by=current_user(request),
            customer_id=customer_id,
            outcome=payload.outcome,
            contact=_contact(payload),
            visit_slot=(payload.visit_slot_start, payload.visit_slot_end),
            invite=payload.invite,
            call_back_at=payload.call_back_at,
        )
    )


@router.post("/customers/{customer_id}/first-visit", response={201: RecordedOut, **ERRORS})
def first_visit(request: HttpRequest, customer_id: Id, payload: FirstVisitIn) -> Status:
    return _recorded(
        services.record_first_visit(
            by=current_user(request),
            customer_id=customer_id,
            duration_minutes=payload.duration_minutes,
            profile_completed=payload.profile_completed,
            contact=_contact(payload),
            location=(payload.latitude, payload.longitude, payload.accuracy),
            profile=profile_change(payload.profile) if payload.profile else None,
        )
    )


@router.post("/customers/{customer_id}/second-call", response={201: RecordedOut, **ERRORS})
def second_call(request: HttpRequest, customer_id: Id, payload: SecondCallIn) -> Status:
    return _recorded(
        services.record_second_call(
            by=current_user(request),
            customer_id=customer_id,
            outcome=payload.outcome,
            contact=_contact(payload),
            invitation_accepted=payload.invitation_accepted,
            guests=payload.guests,
            delivery_slot=(payload.delivery_slot_start, payload.delivery_slot_end),
            gathering_id=payload.gathering_id,
            call_back_at=payload.call_back_at,
        )
    )


@router.post("/customers/{customer_id}/second-visit", response={201: RecordedOut, **ERRORS})
def second_visit(request: HttpRequest, customer_id: Id, payload: SecondVisitIn) -> Status:
    return _recorded(
        services.record_second_visit(
            by=current_user(request),
            customer_id=customer_id,
            invitation_handed_over=payload.invitation_handed_over,
            contact=_contact(payload),
            duration_minutes=payload.duration_minutes,
            location=(payload.latitude, payload.longitude, payload.accuracy),
            unprinted_confirmed=payload.unprinted_confirmed,
            profile=profile_change(payload.profile) if payload.profile else None,
        )
    )


@router.post(
    "/customers/{customer_id}/touchpoints/{touchpoint_id}/corrections",
    response={201: RecordedOut, **ERRORS},
)
def correct(
    request: HttpRequest, customer_id: Id, touchpoint_id: Id, payload: CorrectionIn
) -> Status:
    """Correct a call or visit one recorded in the last 7 days; the original is kept in the
    touchpoint's ``corrections`` and the journey is derived again."""
    sent = payload.model_dump(exclude_unset=True)
    slot_sent = "slot_start" in sent or "slot_end" in sent
    change = TouchpointChange(
        outcome=(sent["outcome"] or "") if "outcome" in sent else KEEP,
        slot=(payload.slot_start, payload.slot_end) if slot_sent else KEEP,
        duration_minutes=sent.get("duration_minutes", KEEP),
        notes=(sent["notes"] or "") if "notes" in sent else KEEP,
    )
    return _recorded(
        correct_touchpoint(
            by=current_user(request),
            customer_id=customer_id,
            touchpoint_id=touchpoint_id,
            change=change,
            reason=payload.reason,
        )
    )
