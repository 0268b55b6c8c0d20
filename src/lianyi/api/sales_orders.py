"""Orders (订单): placing one for a customer in scope (at home, or at a gathering for a guest
admitted at its door), reading it, a customer's orders, recording a payment, cancelling, and the
receipt (售货凭证) as a PDF. Refusals answer the error body with the sales codes
(``sales.quantity_invalid``, ``sales.not_in_catalogue``, ``sales.stock_short`` 409 ...); an
order or customer out of scope answers 404 like a missing one.

An order body sent again with the same ``submission_key`` answers the order the first one
placed; a payment sent again with the same ``key`` records one payment."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Query, Router, Status

from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.sales_orders import (
    CancelIn,
    OrderIn,
    OrderListItem,
    OrderOut,
    PaymentRecordedOut,
    RecordPaymentIn,
)
from lianyi.api.security import current_user
from lianyi.core.fields import Id
from lianyi.customers.selectors import get_customer
from lianyi.sales.receipts import render_receipt_pdf
from lianyi.sales.selectors import get_order, orders_of_customer
from lianyi.sales.services.orders import (
    GiftRequest,
    LineRequest,
    OrderRequest,
    PaymentRequest,
    cancel_order,
    place_order,
)
from lianyi.sales.services.payments import record_payment

router = Router(tags=["sales"])

ORDERS_PAGE = 50


def _order_request(payload: OrderIn) -> OrderRequest:
    payment = payload.payment
    return OrderRequest(
        customer_id=payload.customer_id,
        channel=payload.channel.value,
        gathering_id=payload.gathering_id,
        store_room_id=payload.store_room_id,
        payment_terms=payload.payment_terms.value,
        lines=[
            LineRequest(quantity=li.quantity, package_id=li.package_id, product_id=li.product_id)
            for li in payload.lines
        ],
        gifts=[GiftRequest(gift_id=g.gift_id, quantity=g.quantity) for g in payload.gifts],
        collector_id=payload.collector_id,
        discount=payload.discount,
        discount_reason=payload.discount_reason,
        payment=(
            PaymentRequest(amount=payment.amount, method=payment.method.value)
            if payment is not None
            else None
        ),
        submission_key=payload.submission_key,
    )


@router.post("/orders", response={201: OrderOut, **ERRORS})
def place(request: HttpRequest, payload: OrderIn) -> Status:
    user = current_user(request)
    # The order comes back with its lines, gifts and payments as placed (the same answer as
    # GET /orders/{id}, without reading it back).
    return Status(201, place_order(by=user, request=_order_request(payload)))


@router.get("/orders/{order_id}", response={200: OrderOut, **ERRORS})
def order_detail(request: HttpRequest, order_id: Id) -> object:
    return get_order(user=current_user(request), order_id=order_id)


@router.get("/customers/{customer_id}/orders", response={200: list[OrderListItem], **ERRORS})
def customer_orders(
    request: HttpRequest,
    customer_id: Id,
    limit: int = Query(ORDERS_PAGE, ge=1, le=200),
    offset: int = Query(0, ge=0, le=1_000_000),
) -> list:
    """The customer's orders, newest first, ``limit`` from ``offset``."""
    user = current_user(request)
    customer = get_customer(user=user, customer_id=customer_id)
    rows = orders_of_customer(user=user, customer_id=customer.pk).prefetch_related(None)
    return list(rows[offset : offset + limit])


@router.post("/orders/{order_id}/payments", response={201: PaymentRecordedOut, **ERRORS})
def add_payment(request: HttpRequest, order_id: Id, payload: RecordPaymentIn) -> Status:
    user = current_user(request)
    payment = record_payment(
        by=user,
        order_id=order_id,
        amount=payload.amount,
        method=payload.method.value,
        key=payload.key,
        note=payload.note,
    )
    return Status(201, {"payment": payment, "order": get_order(user=user, order_id=order_id)})


@router.post("/orders/{order_id}/cancel", response={200: OrderOut, **ERRORS})
def cancel(request: HttpRequest, order_id: Id, payload: CancelIn) -> object:
    user = current_user(request)
    cancel_order(by=user, order_id=order_id, reason=payload.reason)
    return get_order(user=user, order_id=order_id)


@router.get("/orders/{order_id}/receipt.pdf", response={200: None, **ERRORS, 503: ERRORS[400]})
def receipt_pdf(request: HttpRequest, order_id: Id) -> HttpResponse:
    order = get_order(user=current_user(request), order_id=order_id)
    response = HttpResponse(render_receipt_pdf(order), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{order.number}.pdf"'
    return response
