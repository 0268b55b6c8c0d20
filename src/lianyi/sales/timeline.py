"""A customer's orders on their timeline: each order placed, confirmed (when it waited for the
confirmation call), delivered and cancelled, each payment and refund, and each return. The
journey sits below sales and knows nothing of orders, so the pages merge these rows with the
touchpoints
(the rows have the fields of the after-sales timeline rows, so both merge the same way)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from lianyi.journey.models import Touchpoint
from lianyi.org.models import User
from lianyi.sales.models import Order, PaymentKind, Return, ReturnLine
from lianyi.sales.selectors import orders_of_customer


@dataclass(frozen=True)
class OrderEntry:
    """One step of an order, or one payment, as the timeline shows it."""

    source: str  # "order", "payment" or "return"
    id: int
    at: datetime
    kind: str  # placed / confirmed / delivered / cancelled; payment / refund; return
    kind_label: str
    by: User | None
    text: str
    order_id: int
    order_number: str
    badge: str = ""  # the amount, "3980.00 元"
    case_id: int | None = None

    # The customer page's loop tells these from touchpoints by this attribute.
    order_entry = True


def _yuan(amount: Any) -> str:
    return _("%(amount)s 元") % {"amount": amount}


def _steps(order: Order) -> list[OrderEntry]:
    def entry(kind: str, at: datetime, label: str, text: str = "", **more: Any) -> OrderEntry:
        return OrderEntry(
            source="order",
            id=order.pk,
            at=at,
            kind=kind,
            kind_label=label,
            by=more.get("by"),
            text=text,
            order_id=order.pk,
            order_number=order.number,
            badge=more.get("badge", ""),
        )

    rows = [
        entry(
            "placed",
            order.placed_at,
            _("下单"),
            _("%(channel)s · %(gathering)s")
            % {"channel": order.get_channel_display(), "gathering": order.gathering.name}
            if order.gathering is not None
            else str(order.get_channel_display()),
            by=order.seller,
            badge=_yuan(order.total),
        )
    ]
    if order.confirmation_required and order.confirmed_at is not None:
        rows.append(entry("confirmed", order.confirmed_at, _("订单已回访确认")))
    if order.delivered_at is not None:
        rows.append(entry("delivered", order.delivered_at, _("已送货上门")))
    if order.cancelled_at is not None:
        rows.append(
            entry(
                "cancelled",
                order.cancelled_at,
                _("订单已取消"),
                _("原因：%(reason)s") % {"reason": order.cancel_reason}
                if order.cancel_reason
                else "",
            )
        )
    for payment in order.payments.all():
        refund = payment.kind == PaymentKind.REFUND
        rows.append(
            OrderEntry(
                source="payment",
                id=payment.pk,
                at=payment.at,
                kind=payment.kind,
                kind_label=(_("退款") if refund else _("收款"))
                + " · "
                + str(payment.get_method_display()),
                by=payment.by,
                text=payment.note,
                order_id=order.pk,
                order_number=order.number,
                badge=_yuan(payment.amount),
            )
        )
    for ret in order.returns.all():
        rows.append(
            OrderEntry(
                source="return",
                id=ret.pk,
                at=ret.at,
                kind="return",
                kind_label=_("退货") + " · " + str(ret.get_reason_display()),
                by=ret.by,
                text=_return_text(ret),
                order_id=order.pk,
                order_number=order.number,
                badge=_yuan(ret.value),
            )
        )
    return rows


def _return_text(ret: Return) -> str:
    """What came back (“保暖袜 × 1、磁疗枕 × 1”), the refund, and the note if any."""
    items = _("、").join(
        _("%(name)s × %(quantity)s")
        % {"name": _line_name(line.order_line), "quantity": line.quantity}
        for line in ret.lines.all()
    )
    text = _("%(items)s；退款 %(refund)s 元") % {"items": items, "refund": ret.refund}
    return _("%(text)s；%(note)s") % {"text": text, "note": ret.note} if ret.note else text


def _line_name(line: Any) -> str:
    return line.package.name if line.package_id else line.product.name


def order_entries(*, user: Any, customer_id: int) -> list[OrderEntry]:
    """The timeline rows of a customer's orders the user may see, in a fixed number of
    queries."""
    orders = orders_of_customer(user=user, customer_id=customer_id).prefetch_related(
        "payments__by",
        Prefetch("returns", queryset=Return.objects.select_related("by")),
        Prefetch(
            "returns__lines",
            queryset=ReturnLine.objects.select_related(
                "order_line__package", "order_line__product"
            ),
        ),
    )
    return [row for order in orders for row in _steps(order)]


def merged(touchpoints: list[Any], entries: list[OrderEntry]) -> list[Any]:
    """Touchpoints (and any rows with an ``at``, such as the after-sales ones) and order rows
    in one list, oldest first."""
    rows: list[Any] = [*touchpoints, *entries]
    rows.sort(key=lambda r: r.occurred_at if isinstance(r, Touchpoint) else r.at)
    return rows
