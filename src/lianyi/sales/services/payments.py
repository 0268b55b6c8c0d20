"""Money for an order: a payment collected (at the gathering, at the door) or a refund. Each
submission carries a key, so that the same payment sent twice is recorded once, and a payment
is never above what is due; the order row is locked before either is decided."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.core.validation import clean_text, require_text
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.sales.codes import SalesCode
from lianyi.sales.locks import lock_order
from lianyi.sales.models import Order, OrderState, Payment, PaymentKind, PaymentMethod
from lianyi.sales.selectors import get_order

TWO_PLACES = Decimal("0.01")


def add_payment(
    *, by: User, order: Order, kind: str, amount: Decimal, method: str, key: str, note: str = ""
) -> Payment:
    """Record money on an order its caller locked, keeping ``order.paid`` the money held."""
    if kind == PaymentKind.PAYMENT and amount > order.due:
        raise DomainError(
            _("收款金额 %(amount)s 元超过了待付金额 %(due)s 元。")
            % {"amount": amount, "due": order.due},
            code=SalesCode.PAYMENT_ABOVE_DUE,
            extra={"field": "amount", "due": str(order.due)},
        )
    if kind == PaymentKind.REFUND and amount > order.paid:
        raise DomainError(
            _("退款金额 %(amount)s 元超过了已收金额 %(paid)s 元。")
            % {"amount": amount, "paid": order.paid},
            code=SalesCode.PAYMENT_ABOVE_DUE,
            extra={"field": "amount", "paid": str(order.paid)},
        )
    payment = Payment.objects.create(
        order=order, kind=kind, amount=amount, method=method, key=key, note=note, by=by, at=now()
    )
    order.paid += amount if kind == PaymentKind.PAYMENT else -amount
    order.save(update_fields=["paid"])
    return payment


@transaction.atomic
def record_payment(
    *, by: User, order_id: int, amount: Decimal, method: str, key: str, note: str = ""
) -> Payment:
    """Money collected for an order (at the door, or later). The same ``key`` again returns
    the payment it recorded; with another amount it is refused."""
    require_capability(by, Capability.PAYMENTS_RECORD)
    visible = get_order(user=by, order_id=order_id)
    key = require_text(key, field="key", label=_("提交编号"), max_length=64)
    note = clean_text(note, field="note", label=_("说明"), max_length=200)
    if (
        not isinstance(amount, Decimal)
        or not amount.is_finite()
        or amount <= 0
        or amount != amount.quantize(TWO_PLACES)
    ):
        raise DomainError(
            _("金额须大于 0，最多两位小数。"),
            code=SalesCode.AMOUNT_INVALID,
            extra={"field": "amount"},
        )
    if method not in PaymentMethod.values:
        raise DomainError(
            _("请选择收款方式。"), code=SalesCode.PAYMENT_TERMS_INVALID, extra={"field": "method"}
        )
    order = lock_order(visible.pk)
    earlier = order.payments.filter(key=key).first()
    if earlier is not None:
        if earlier.amount != amount or earlier.kind != PaymentKind.PAYMENT:
            raise DomainError(
                _("这笔收款已经用另一个金额提交过，请刷新页面核对。"),
                code=SalesCode.PAYMENT_KEY_REUSED,
                extra={"field": "amount", "recorded": str(earlier.amount)},
            )
        return earlier
    if order.state == OrderState.CANCELLED:
        raise DomainError(
            _("订单已取消，不能收款。"), code=SalesCode.ORDER_STATE, extra={"state": order.state}
        )
    payment = add_payment(
        by=by,
        order=order,
        kind=PaymentKind.PAYMENT,
        amount=amount.quantize(TWO_PLACES),
        method=method,
        key=key,
        note=note,
    )
    audit(
        by,
        "sales.payment.recorded",
        payment,
        company=visible.customer.company,
        data={
            "order": order.pk,
            "customer": order.customer_id,
            "amount": str(payment.amount),
            "method": method,
            "paid": str(order.paid),
            "due": str(order.due),
        },
    )
    return payment
