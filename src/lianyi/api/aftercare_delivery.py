"""送货上门: the orders waiting for delivery (the user's scope, or ``mine``: their own
customers'), and recording a delivery with its checklist and the money collected at the door."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Query, Router, Status

from lianyi.aftercare.services.delivery import record_delivery
from lianyi.api.schemas.aftercare_delivery import AwaitingDeliveriesOut, DeliveryIn, DeliveryOut
from lianyi.api.schemas.common import ERRORS
from lianyi.api.security import current_user
from lianyi.core.fields import Id
from lianyi.org.capabilities import Capability, require_capability
from lianyi.sales.selectors import orders_awaiting_delivery

router = Router(tags=["aftercare"])

DELIVERIES_PAGE = 50


@router.get("/deliveries", response={200: AwaitingDeliveriesOut, **ERRORS})
def awaiting(
    request: HttpRequest,
    mine: bool = False,
    limit: int = Query(DELIVERIES_PAGE, ge=1, le=200),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> dict[str, object]:
    user = current_user(request)
    require_capability(user, Capability.DELIVERY_RECORD)
    orders = orders_awaiting_delivery(user=user, only_own=mine)
    items = [
        {
            "order_id": order.pk,
            "number": order.number,
            "customer": order.customer,
            "seller": order.seller,
            "total": order.total,
            "paid": order.paid,
            "due": order.due,
            "confirmed_at": order.confirmed_at,
        }
        for order in orders[offset : offset + limit]
    ]
    return {"total": orders.count(), "items": items}


@router.post("/orders/{order_id}/delivery", response={201: DeliveryOut, **ERRORS})
def deliver(request: HttpRequest, order_id: Id, payload: DeliveryIn) -> Status:
    delivery = record_delivery(
        by=current_user(request),
        order_id=order_id,
        set_up=payload.set_up,
        use_explained=payload.use_explained,
        precautions_explained=payload.precautions_explained,
        receipt_handed_over=payload.receipt_handed_over,
        notes=payload.notes,
        payment_amount=payload.payment_amount,
        payment_method=payload.payment_method,
        payment_key=payload.key,
    )
    order = delivery.order
    return Status(
        201,
        {
            "id": delivery.pk,
            "order_id": order.pk,
            "at": delivery.at,
            "by": delivery.by,
            "order_state": order.state,
            "paid": order.paid,
            "due": order.due,
        },
    )
