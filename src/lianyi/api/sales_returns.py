"""Returns (退货) of an order: what can still come back, both windows with their last day, the
returns so far, and recording one. A return outside its window answers
``sales.return_window_closed`` with ``extra.case_instead``: open a case instead
(POST /api/customers/{id}/cases, source ``return_refused``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router, Status

from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.sales_returns import OrderReturnsOut, ReturnIn, ReturnOut
from lianyi.api.security import current_user
from lianyi.core.clock import now
from lianyi.core.fields import Id
from lianyi.org.capabilities import Capability, require_capability
from lianyi.sales.models import OrderLine, Return
from lianyi.sales.selectors import get_order, order_return_windows, returns_of_order
from lianyi.sales.services.returns import record_return

router = Router(tags=["sales"])


def line_name(line: OrderLine) -> str:
    return str(line.package or line.product)


def return_out(ret: Return) -> dict[str, Any]:
    return {
        "id": ret.pk,
        "order_id": ret.order_id,
        "reason": ret.reason,
        "note": ret.note,
        "value": ret.value,
        "refund": ret.refund,
        "by": ret.by,
        "at": ret.at,
        "lines": [
            {
                "order_line_id": rl.order_line_id,
                "name": line_name(rl.order_line),
                "quantity": rl.quantity,
            }
            for rl in ret.lines.all()
        ],
    }


@router.get("/orders/{order_id}/returns", response={200: OrderReturnsOut, **ERRORS})
def order_returns(request: HttpRequest, order_id: Id) -> dict[str, Any]:
    user = current_user(request)
    require_capability(user, Capability.CUSTOMERS_VIEW)
    order = get_order(user=user, order_id=order_id)
    windows = order_return_windows(order=order, at=now())
    return {
        "order_id": order.pk,
        "total": order.total,
        "paid": order.paid,
        "returned_value": order.returned_value,
        "windows": [
            {
                "reason": w.reason.value,
                "label": w.label,
                "days": w.days,
                "last_day": w.last_day,
                "open": w.open,
                "message": w.refusal[0] if w.refusal else "",
            }
            for w in windows.values()
        ],
        "lines": [
            {
                "order_line_id": line.pk,
                "name": line_name(line),
                "bought": line.quantity,
                "returned": line.returned_quantity,
                "left": line.quantity - line.returned_quantity,
            }
            for line in order.lines.all()
        ],
        "returns": [return_out(r) for r in returns_of_order(user=user, order_id=order.pk)],
    }


@router.post("/orders/{order_id}/returns", response={201: ReturnOut, **ERRORS})
def create_return(request: HttpRequest, order_id: Id, payload: ReturnIn) -> Status:
    user = current_user(request)
    ret = record_return(
        by=user,
        order_id=order_id,
        reason=payload.reason,
        lines=[(line.order_line_id, line.quantity) for line in payload.lines],
        note=payload.note,
        refund_method=payload.refund_method,
    )
    found = returns_of_order(user=user, order_id=ret.order_id).get(pk=ret.pk)
    return Status(201, return_out(found))
