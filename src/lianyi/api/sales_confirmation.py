"""回访确认: customer service's queue of orders waiting for the call (oldest first, with the
deadline), and recording a call with its checklist and outcome."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.sales_confirmation import (
    ConfirmationCallIn,
    ConfirmationCallOut,
    ConfirmationQueueOut,
)
from lianyi.api.security import current_user
from lianyi.core.clock import now
from lianyi.core.fields import Id
from lianyi.org.capabilities import Capability, require_capability
from lianyi.sales.selectors import confirmation_queue, queued_calls
from lianyi.sales.services.confirmation_calls import record_confirmation_call

router = Router(tags=["sales"])

QUEUE_PAGE = 50


@router.get("/confirmation-calls", response={200: ConfirmationQueueOut, **ERRORS})
def queue(
    request: HttpRequest,
    limit: int = Query(QUEUE_PAGE, ge=1, le=200),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> dict[str, object]:
    user = current_user(request)
    require_capability(user, Capability.CONFIRMATION_CALL)
    orders = confirmation_queue(user=user)
    items = []
    for row in queued_calls(orders[offset : offset + limit], at=now()):
        order, left = row.order, row.deadline
        minutes = left.hours * 60 + left.minutes
        items.append(
            {
                "order_id": order.pk,
                "number": order.number,
                "customer": order.customer,
                "seller": order.seller,
                "total": order.total,
                "paid": order.paid,
                "due": order.due,
                "reasons": order.confirmation_reasons,
                "placed_at": order.placed_at,
                "confirmation_due_at": left.due_at,
                "overdue": left.overdue,
                "minutes_left": -minutes if left.overdue else minutes,
                "attempts": row.attempts,
                "last_call_at": row.last_call_at,
            }
        )
    return {"total": orders.count(), "items": items}


@router.post("/orders/{order_id}/confirmation-calls", response={201: ConfirmationCallOut, **ERRORS})
def record(request: HttpRequest, order_id: Id, payload: ConfirmationCallIn) -> Status:
    call = record_confirmation_call(
        by=current_user(request),
        order_id=order_id,
        outcome=payload.outcome,
        speaker_identified=payload.speaker_identified,
        order_read_back=payload.order_read_back,
        return_policy_read=payload.return_policy_read,
        customer_pressed=payload.customer_pressed,
        wants_to_proceed=payload.wants_to_proceed,
        notes=payload.notes,
        change=payload.change,
    )
    return Status(
        201,
        {
            "id": call.pk,
            "order_id": call.order_id,
            "outcome": call.outcome,
            "at": call.at,
            "by": call.by,
            "order_state": call.order.state,
        },
    )
