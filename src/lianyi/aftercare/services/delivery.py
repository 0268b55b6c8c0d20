"""Delivery and set-up at home (送货上门): the rep delivers a confirmed order, ticks the
checklist (set up, use explained, precautions explained, receipt handed over), may collect
money at the door, and the delivery day starts the after-sales programme.

An order waiting for its confirmation call is refused (``sales.not_confirmed``), as is a
cancelled or already delivered one. Money at the door is recorded with the submission's key, so
the same form sent twice records one payment and one delivery (the second answer is the first
delivery); it is never above what is due. Locks: the customer, then the order."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.aftercare.codes import AftercareCode
from lianyi.aftercare.services.programme import start_programme
from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import DomainError, InvalidInput
from lianyi.core.validation import clean_text
from lianyi.customers.locks import lock_customer
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.sales.codes import SalesCode
from lianyi.sales.locks import lock_order
from lianyi.sales.models import Delivery, OrderState, PaymentKind, PaymentMethod
from lianyi.sales.selectors import get_order
from lianyi.sales.services.orders import advance_order
from lianyi.sales.services.payments import add_payment

MAX_DELIVERY_NOTES = 2000
# The payment's key is "delivery:<key>" and a payment key holds 64 characters.
MAX_KEY = 50
TWO_PLACES = Decimal("0.01")


def _checklist(
    *, set_up: bool, use_explained: bool, precautions_explained: bool, receipt_handed_over: bool
) -> list[DomainError]:
    items = [
        ("set_up", set_up, _("还没有安装调试好商品。")),
        ("use_explained", use_explained, _("还没有向客户讲解使用方法。")),
        ("precautions_explained", precautions_explained, _("还没有向客户讲解注意事项。")),
        ("receipt_handed_over", receipt_handed_over, _("还没有把售货凭证交给客户。")),
    ]
    return [
        DomainError(message, code=AftercareCode.DELIVERY_CHECKLIST, extra={"field": field})
        for field, done, message in items
        if not done
    ]


def _amount(value: Decimal | None) -> Decimal | None:
    if value is None:
        return None
    if (
        not isinstance(value, Decimal)
        or not value.is_finite()
        or value <= 0
        or value != value.quantize(TWO_PLACES)
    ):
        raise DomainError(
            _("金额须大于 0，最多两位小数。"),
            code=SalesCode.AMOUNT_INVALID,
            extra={"field": "payment_amount"},
        )
    return value.quantize(TWO_PLACES)


@transaction.atomic
def record_delivery(
    *,
    by: User,
    order_id: int,
    set_up: bool,
    use_explained: bool,
    precautions_explained: bool,
    receipt_handed_over: bool,
    notes: str,
    payment_amount: Decimal | None = None,
    payment_method: str = "",
    payment_key: str = "",
) -> Delivery:
    """Deliver a confirmed order in the user's scope. ``payment_key`` is the submission's key:
    it keys the money collected at the door (required with ``payment_amount``) and, sent again,
    answers the delivery it recorded."""
    require_capability(by, Capability.DELIVERY_RECORD)
    visible = get_order(user=by, order_id=order_id)
    notes = clean_text(notes, field="notes", label=_("记录"), max_length=MAX_DELIVERY_NOTES)
    key = clean_text(payment_key, field="payment_key", label=_("提交编号"), max_length=MAX_KEY)
    amount = _amount(payment_amount)
    if amount is not None:
        if payment_method not in PaymentMethod.values:
            raise DomainError(
                _("请选择收款方式。"),
                code=SalesCode.PAYMENT_TERMS_INVALID,
                extra={"field": "payment_method"},
            )
        if not key:
            raise DomainError(
                _("收款须带提交编号，以免同一笔钱记两次。请刷新页面后重试。"),
                code=AftercareCode.DELIVERY_KEY_REQUIRED,
                extra={"field": "payment_key"},
            )
    lock_customer(visible.customer_id)
    order = lock_order(visible.pk)
    earlier = Delivery.objects.filter(order=order).first()
    if earlier is not None:
        if key and earlier.submission_key == key:
            return earlier  # the same submission again: what it recorded
        raise DomainError(
            _("这张订单已经送过货了（%(at)s）。") % {"at": f"{earlier.at:%Y-%m-%d}"},
            code=AftercareCode.ALREADY_DELIVERED,
            status=409,
        )
    if order.state == OrderState.PLACED:
        raise DomainError(
            _("订单还没有回访确认，不能送货。请等客户服务部回访确认后再送。"),
            code=SalesCode.NOT_CONFIRMED,
            extra={"state": order.state},
        )
    if order.state != OrderState.CONFIRMED:
        raise DomainError(
            _("订单当前为“%(state)s”，不能送货。") % {"state": OrderState(order.state).label},
            code=SalesCode.ORDER_STATE,
            extra={"state": order.state},
        )
    missing = _checklist(
        set_up=set_up,
        use_explained=use_explained,
        precautions_explained=precautions_explained,
        receipt_handed_over=receipt_handed_over,
    )
    if missing:
        raise InvalidInput(missing)
    payment = None
    if amount is not None:
        payment = add_payment(
            by=by,
            order=order,
            kind=PaymentKind.PAYMENT,
            amount=amount,
            method=payment_method,
            key=f"delivery:{key}",
            note=_("送货时收款"),
        )
    at = now()
    delivery = Delivery.objects.create(
        order=order,
        by=by,
        at=at,
        set_up=set_up,
        use_explained=use_explained,
        precautions_explained=precautions_explained,
        receipt_handed_over=receipt_handed_over,
        notes=notes,
        submission_key=key,
    )
    advance_order(order, OrderState.DELIVERED, at=at)
    company = visible.customer.company
    delivered_on = at.astimezone(company.quiet_hours().tz).date()
    tasks = start_programme(by=by, order=order, delivered_on=delivered_on)
    audit(
        by,
        "aftercare.delivery.recorded",
        delivery,
        company=company,
        data={
            "order": order.pk,
            "customer": order.customer_id,
            "payment": str(payment.amount) if payment is not None else None,
            "method": payment_method if payment is not None else "",
            "paid": str(order.paid),
            "due": str(order.due),
            "programme_tasks": len(tasks),
        },
    )
    return delivery
