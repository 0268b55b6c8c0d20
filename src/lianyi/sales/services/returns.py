"""Returns (退货): goods taken back within their window (``sales.return_windows``), at the price
paid for them, the stock put back, the money held above what the kept goods cost refunded.

The value of what comes back is the price paid for it: the lines' list prices, less the
order's discount apportioned in proportion to the list prices (an order of 1,000 yuan at list
with a 100-yuan discount returns 90% of a line's list price). It is computed on everything
returned so far and the earlier returns' value subtracted, so that the rounding to fen never
drifts and an order returned whole comes back at exactly its total. Gifts never enter it: a
kept gift never reduces a refund.

The refund is ``max(0, paid - (total - returned value))``: the money held above what the
goods kept cost. A customer who paid a deposit and returns a little gets nothing back yet, and
owes less; one who paid in full gets the value back.

Locks, in the order every app takes them: the customer, the order, then the stock levels in
product order (one store room per order)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.core.lookup import as_id
from lianyi.core.validation import clean_text
from lianyi.customers.locks import lock_customer
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.sales.codes import SalesCode
from lianyi.sales.locks import lock_order, lock_stock_level
from lianyi.sales.models import (
    Order,
    OrderLine,
    PackageItem,
    PaymentKind,
    PaymentMethod,
    Return,
    ReturnLine,
    ReturnReason,
    StockMovementKind,
)
from lianyi.sales.return_windows import return_windows
from lianyi.sales.rules import sales_rules_of
from lianyi.sales.selectors import get_order
from lianyi.sales.services.payments import add_payment
from lianyi.sales.services.stock import move_stock

TWO_PLACES = Decimal("0.01")
MAX_RETURN_LINES = 20


def paid_value(order: Order, list_value: Decimal) -> Decimal:
    """What ``list_value`` of the order's goods (at list price) cost after its discount."""
    if order.discount == 0:
        return list_value
    return (list_value * order.total / order.list_total).quantize(TWO_PLACES, ROUND_HALF_UP)


@transaction.atomic
def record_return(
    *,
    by: User,
    order_id: int,
    reason: str,
    lines: Sequence[tuple[int, int]],
    note: str = "",
    refund_method: str = PaymentMethod.CASH,
) -> Return:
    """Take back ``lines`` ((order line id, quantity) pairs) of an order for ``reason``."""
    require_capability(by, Capability.RETURNS_RECORD)
    visible = get_order(user=by, order_id=order_id)
    if reason not in ReturnReason.values:
        raise DomainError(
            _("请选择退货类型。"), code=SalesCode.RETURN_REASON_INVALID, extra={"field": "reason"}
        )
    if refund_method not in PaymentMethod.values:
        raise DomainError(
            _("请选择退款方式。"),
            code=SalesCode.PAYMENT_TERMS_INVALID,
            extra={"field": "refund_method"},
        )
    note = clean_text(note, field="note", label=_("说明"), max_length=500)
    customer = lock_customer(visible.customer_id)
    order = lock_order(visible.pk)
    at = now()
    rules = sales_rules_of(customer.company_id)
    window = return_windows(order, customer, rules, at=at)[ReturnReason(reason)]
    if window.refusal is not None:
        message, code = window.refusal
        raise DomainError(
            message,
            code=code,
            extra={
                "field": "reason",
                "reason": reason,
                "days": window.days,
                "last_day": window.last_day.isoformat() if window.last_day else None,
                "case_instead": code == SalesCode.RETURN_WINDOW_CLOSED,
            },
        )
    order_lines = {line.pk: line for line in OrderLine.objects.filter(order=order)}
    wanted = _wanted(lines, order_lines)

    list_before = _returned_list_value(order_lines.values())
    for line_id, quantity in wanted.items():
        order_lines[line_id].returned_quantity += quantity
    list_after = _returned_list_value(order_lines.values())
    value_after = (
        order.total
        if all(line.returned_quantity == line.quantity for line in order_lines.values())
        else paid_value(order, list_after)
    )
    value = value_after - order.returned_value
    refund = max(Decimal("0.00"), order.paid - (order.total - value_after))
    assert list_after > list_before and value > 0

    ret = Return.objects.create(
        order=order, reason=reason, note=note, value=value, refund=refund, by=by, at=at
    )
    ReturnLine.objects.bulk_create(
        ReturnLine(ret=ret, order_line_id=line_id, quantity=quantity)
        for line_id, quantity in wanted.items()
    )
    for line_id in wanted:
        order_lines[line_id].save(update_fields=["returned_quantity"])
    back = _units(order_lines, wanted)
    for product_id in sorted(back):
        level = lock_stock_level(store_room_id=order.store_room_id, product_id=product_id)
        move_stock(
            by=by,
            level=level,
            kind=StockMovementKind.RETURN,
            change=back[product_id],
            note=order.number,
            order=order,
        )
    # The refund before the returned value: the order never holds more than it is owed.
    if refund > 0:
        add_payment(
            by=by,
            order=order,
            kind=PaymentKind.REFUND,
            amount=refund,
            method=refund_method,
            key=f"return:{ret.pk}",
            note=_("退货退款"),
        )
    order.returned_value = value_after
    order.save(update_fields=["returned_value"])
    audit(
        by,
        "sales.return.recorded",
        ret,
        company=customer.company,
        data={
            "order": order.pk,
            "customer": customer.pk,
            "reason": reason,
            "lines": [{"line": k, "quantity": v} for k, v in wanted.items()],
            "value": str(value),
            "refund": str(refund),
            "refund_method": refund_method if refund > 0 else None,
            "returned_value": str(value_after),
            "last_day": window.last_day.isoformat() if window.last_day else None,
        },
    )
    return ret


def _wanted(
    requested: Sequence[tuple[int, int]], order_lines: dict[int, OrderLine]
) -> dict[int, int]:
    """The quantities asked for per order line, each 1..(bought - returned), merged."""
    if not requested:
        raise DomainError(
            _("请至少选择一件要退的商品。"), code=SalesCode.RETURN_EMPTY, extra={"field": "lines"}
        )
    if len(requested) > MAX_RETURN_LINES:
        raise DomainError(
            _("一次最多退 %(max)s 项。") % {"max": MAX_RETURN_LINES},
            code=SalesCode.RETURN_QUANTITY_INVALID,
            extra={"field": "lines"},
        )
    wanted: dict[int, int] = {}
    for index, pair in enumerate(requested):
        where = f"lines.{index}"
        line_id, quantity = pair
        line = order_lines.get(as_id(line_id) or 0)
        if line is None:
            raise DomainError(
                _("这一项不在这张订单上。"),
                code=SalesCode.RETURN_QUANTITY_INVALID,
                extra={"field": where},
            )
        if not isinstance(quantity, int) or isinstance(quantity, bool) or quantity < 1:
            wanted[line.pk] = 0  # refused below, whatever was asked before
        else:
            wanted[line.pk] = wanted.get(line.pk, 0) + quantity
        left = line.quantity - line.returned_quantity
        if not 1 <= wanted[line.pk] <= left:
            raise DomainError(
                _("这一项最多还能退 %(left)s，请填写 1 到 %(left)s 之间的整数。") % {"left": left}
                if left
                else _("这一项已经全部退回，不能再退。"),
                code=SalesCode.RETURN_QUANTITY_INVALID,
                extra={"field": where, "line": line.pk, "left": left},
            )
    return wanted


def _returned_list_value(lines: Iterable[OrderLine]) -> Decimal:
    return sum((line.unit_price * line.returned_quantity for line in lines), Decimal("0.00"))


def _units(order_lines: dict[int, OrderLine], wanted: dict[int, int]) -> dict[int, int]:
    """The product units coming back: a product's quantity, a package's contents."""
    units: dict[int, int] = {}
    package_ids = {
        package_id for k in wanted if (package_id := order_lines[k].package_id) is not None
    }
    contents: dict[int, list[tuple[int, int]]] = {}
    for item in PackageItem.objects.filter(package_id__in=package_ids):
        contents.setdefault(item.package_id, []).append((item.product_id, item.quantity))
    for line_id, quantity in wanted.items():
        line = order_lines[line_id]
        if line.product_id is not None:
            units[line.product_id] = units.get(line.product_id, 0) + quantity
        elif line.package_id is not None:
            for product_id, each in contents.get(line.package_id, []):
                units[product_id] = units.get(product_id, 0) + each * quantity
    return units
