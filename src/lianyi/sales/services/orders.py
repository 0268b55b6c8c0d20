"""Placing and cancelling orders (订单): the day's list prices, an explicit discount with its
reason, gifts chosen one by one, stock reserved under the levels' row locks, and whether the
order waits for a confirmation call. The states move forward only (``ORDER_STATE_NEXT``).

Locks, in the order every app takes them: the customer, then the order, then the stock levels
in (store room, product) order."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit, audit_all, audit_entry
from lianyi.core.clock import now
from lianyi.core.errors import DomainError, NotFound
from lianyi.core.lookup import as_id, get_by_id
from lianyi.core.models import AuditEntry
from lianyi.core.rows import prefill_related
from lianyi.core.validation import clean_text, require_text
from lianyi.customers.locks import lock_customer, lock_visible_customer
from lianyi.customers.models import Customer
from lianyi.gatherings.selectors.planning import get_gathering
from lianyi.journey.rules import ensure_contactable
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import of_company
from lianyi.sales.codes import SalesCode
from lianyi.sales.confirmation import confirmation_reasons
from lianyi.sales.locks import lock_order, lock_stock_levels
from lianyi.sales.models import (
    ORDER_STATE_NEXT,
    Gift,
    Order,
    OrderChannel,
    OrderGift,
    OrderLine,
    OrderState,
    Package,
    PaymentKind,
    PaymentMethod,
    PaymentTerms,
    PriceList,
    PriceListEntry,
    Product,
    StockMovementKind,
    StoreRoom,
)
from lianyi.sales.rules import sales_rules_of
from lianyi.sales.selectors import (
    admitted_at_door,
    catalogue_gifts,
    catalogue_packages,
    catalogue_products,
    get_order,
    order_collectors,
    price_list_on,
    reserved_quantities,
    store_rooms,
)
from lianyi.sales.services.payments import add_payment
from lianyi.sales.services.stock import stock_moves

MAX_LINES = 20
MAX_QUANTITY = 99  # of one package or product on one order
MAX_GIFT_QUANTITY = 10
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class LineRequest:
    """One package or one product (exactly one of the ids) and how many."""

    quantity: int
    package_id: int | None = None
    product_id: int | None = None


@dataclass(frozen=True)
class GiftRequest:
    gift_id: int
    quantity: int = 1


@dataclass(frozen=True)
class PaymentRequest:
    """Money taken when the order is placed (paid now, or a deposit)."""

    amount: Decimal
    method: str


@dataclass(frozen=True)
class OrderRequest:
    customer_id: int
    channel: str
    store_room_id: int
    payment_terms: str
    lines: list[LineRequest]
    gifts: list[GiftRequest] = field(default_factory=list)
    gathering_id: int | None = None
    collector_id: int | None = None  # the seller when not named
    discount: Decimal = Decimal("0")
    discount_reason: str = ""
    payment: PaymentRequest | None = None
    # One submission of the order form: sent twice, it places one order.
    submission_key: str = ""


@dataclass
class _Line:
    package: Package | None
    product: Product | None
    quantity: int
    unit_price: Decimal

    @property
    def line_total(self) -> Decimal:
        return self.unit_price * self.quantity


# --- placing ----------------------------------------------------------------------------------


@transaction.atomic
def place_order(*, by: User, request: OrderRequest) -> Order:
    """Place an order for a customer the seller may see and may contact, at the prices of the
    price list valid today, reserving its stock. Sent again with the same ``submission_key``,
    it returns the order the first submission placed."""
    require_capability(by, Capability.ORDERS_PLACE)
    key = clean_text(request.submission_key, field="submission_key", label="key", max_length=64)
    customer = lock_visible_customer(user=by, customer_id=request.customer_id)
    if key:
        earlier = _placed_with(by, key, customer)
        if earlier is not None:
            return earlier
    ensure_contactable(customer)
    placed_at = now()
    day = placed_at.astimezone(customer.company.quiet_hours().tz).date()
    channel, gathering_id = _channel(by, request, customer)
    room = _store_room(by, request.store_room_id)
    price_list = price_list_on(user=by, day=day)
    lines = _lines(by, request.lines, price_list)
    gifts = _gifts(by, request.gifts)
    list_total = sum((line.line_total for line in lines), Decimal("0"))
    discount, discount_reason = _discount(request, list_total)
    total = list_total - discount
    terms = _terms(request, total)
    collector = _collector(by, request.collector_id)
    assert price_list is not None  # _lines refused an order without one
    rules = sales_rules_of(customer.company_id)
    reasons = confirmation_reasons(customer, total, placed_at, rules)
    order = Order(
        company_id=customer.company_id,
        customer=customer,
        seller=by,
        channel=channel,
        gathering_id=gathering_id,
        store_room=room,
        price_list=price_list,
        payment_terms=terms,
        collector=collector,
        list_total=list_total,
        discount=discount,
        discount_reason=discount_reason,
        total=total,
        confirmation_required=bool(reasons),
        confirmation_reasons=reasons,
        confirmation_due_at=(
            placed_at + timedelta(hours=rules.confirmation_within_hours) if reasons else None
        ),
        state=OrderState.PLACED if reasons else OrderState.CONFIRMED,
        confirmed_at=None if reasons else placed_at,
        submission_key=key,
        placed_at=placed_at,
    )
    try:
        with transaction.atomic():
            order.save()
    except IntegrityError:
        # The same submission, placed by a request that committed while this one waited.
        earlier = _placed_with(by, key, customer)
        if earlier is None:
            raise
        return earlier
    order_lines = OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            package=line.package,
            product=line.product,
            quantity=line.quantity,
            unit_price=line.unit_price,
            line_total=line.line_total,
        )
        for line in lines
    )
    order_gifts = OrderGift.objects.bulk_create(
        OrderGift(order=order, gift=gift, quantity=quantity, value=gift.value * quantity)
        for gift, quantity in gifts
    )
    stock_entries = _reserve(by, order, lines)
    payments = []
    if request.payment is not None:
        payment = add_payment(
            by=by,
            order=order,
            kind=PaymentKind.PAYMENT,
            amount=request.payment.amount,
            method=request.payment.method,
            key=f"order:{key}" if key else "order",
            note=_("下单时收款"),
        )
        payments.append(payment)
    order_entry = audit_entry(
        by,
        "sales.order.placed",
        order,
        company=customer.company,
        data={
            "customer": customer.pk,
            "channel": channel,
            "gathering": gathering_id,
            "list_total": str(list_total),
            "discount": str(discount),
            "discount_reason": discount_reason,
            "total": str(total),
            "payment_terms": terms,
            "paid": str(order.paid),
            "lines": [
                {
                    "package": line.package.pk if line.package else None,
                    "product": line.product.pk if line.product else None,
                    "quantity": line.quantity,
                    "unit_price": str(line.unit_price),
                }
                for line in lines
            ],
            "gifts": [{"gift": gift.pk, "quantity": quantity} for gift, quantity in gifts],
            "confirmation_reasons": reasons,
        },
    )
    audit_all([*stock_entries, order_entry])
    # The order as a reader gets it through ``get_order``, without reading it back.
    prefill_related(order, "lines", order_lines)
    prefill_related(order, "gifts", order_gifts)
    prefill_related(order, "payments", payments)
    return order


def _placed_with(by: User, key: str, customer: Customer) -> Order | None:
    earlier = Order.objects.filter(of_company(customer.company_id), submission_key=key).first()
    if earlier is not None and (earlier.customer_id != customer.pk or earlier.seller_id != by.pk):
        raise DomainError(
            _("这张订单表已经提交过，请刷新页面后重新填写。"),
            code=SalesCode.SUBMISSION_REUSED,
        )
    return earlier


def _channel(by: User, request: OrderRequest, customer: Customer) -> tuple[str, int | None]:
    if request.channel == OrderChannel.HOME:
        return OrderChannel.HOME, None
    if request.channel != OrderChannel.GATHERING:
        raise DomainError(
            _("请选择下单场合。"), code=SalesCode.PAYMENT_TERMS_INVALID, extra={"field": "channel"}
        )
    gathering_id = as_id(request.gathering_id)
    if gathering_id is None:
        raise DomainError(
            _("联谊会现场的订单须选择联谊会。"),
            code=SalesCode.NOT_CHECKED_IN,
            extra={"field": "gathering_id"},
        )
    gathering = get_gathering(user=by, gathering_id=gathering_id)
    if not admitted_at_door(customer_id=customer.pk, gathering_id=gathering.pk):
        raise DomainError(
            _("这位客户没有在本场联谊会入场签到，不能在现场下单。"),
            code=SalesCode.NOT_CHECKED_IN,
            extra={"field": "gathering_id"},
        )
    return OrderChannel.GATHERING, gathering.pk


def _store_room(by: User, store_room_id: int) -> StoreRoom:
    try:
        return get_by_id(store_rooms(user=by), store_room_id)
    except NotFound:
        raise DomainError(
            _("请选择发货库房。"), code=SalesCode.NOT_IN_CATALOGUE, extra={"field": "store_room_id"}
        ) from None


def _quantity(value: object, *, field_name: str, most: int) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= most:
        raise DomainError(
            _("数量须是 1 到 %(max)s 之间的整数。") % {"max": most},
            code=SalesCode.QUANTITY_INVALID,
            extra={"field": field_name},
        )
    return value


def _not_for_sale(field_name: str) -> DomainError:
    return DomainError(
        _("这件商品不在当天有效的价目表上，不能下单。"),
        code=SalesCode.NOT_IN_CATALOGUE,
        extra={"field": field_name},
    )


def _lines(by: User, requested: list[LineRequest], price_list: PriceList | None) -> list[_Line]:
    if not requested:
        raise DomainError(
            _("请至少选择一个套餐或一件商品。"),
            code=SalesCode.ORDER_EMPTY,
            extra={"field": "lines"},
        )
    if len(requested) > MAX_LINES:
        raise DomainError(
            _("一张订单最多 %(max)s 项。") % {"max": MAX_LINES},
            code=SalesCode.ORDER_TOO_LONG,
            extra={"field": "lines"},
        )
    if price_list is None:
        raise DomainError(
            _("今天没有有效的价目表，不能下单。"),
            code=SalesCode.NOT_IN_CATALOGUE,
            extra={"field": "lines"},
        )
    package_prices: dict[int, Decimal] = {}
    product_prices: dict[int, Decimal] = {}
    for entry in PriceListEntry.objects.filter(price_list=price_list):
        if entry.package_id is not None:
            package_prices[entry.package_id] = entry.price
        elif entry.product_id is not None:
            product_prices[entry.product_id] = entry.price
    package_ids = _ids(line.package_id for line in requested)
    product_ids = _ids(line.product_id for line in requested)
    packages = {
        p.pk: p for p in catalogue_packages(user=by).filter(is_active=True, pk__in=package_ids)
    }
    products = {
        p.pk: p for p in catalogue_products(user=by).filter(is_active=True, pk__in=product_ids)
    }
    merged: dict[tuple[str, int], _Line] = {}
    for index, line in enumerate(requested):
        where = f"lines.{index}"
        quantity = _quantity(line.quantity, field_name=f"{where}.quantity", most=MAX_QUANTITY)
        package_id, product_id = as_id(line.package_id), as_id(line.product_id)
        if (package_id is None) == (product_id is None):
            raise DomainError(
                _("每一项须是一个套餐或一件商品。"),
                code=SalesCode.NOT_IN_CATALOGUE,
                extra={"field": where},
            )
        if package_id is not None:
            package = packages.get(package_id)
            if package is None or package_id not in package_prices:
                raise _not_for_sale(where)
            slot = ("package", package_id)
            found = merged.get(slot)
            if found is None:
                merged[slot] = _Line(package, None, quantity, package_prices[package_id])
            else:
                found.quantity += quantity
        else:
            assert product_id is not None
            product = products.get(product_id)
            if product is None or product_id not in product_prices:
                raise _not_for_sale(where)
            slot = ("product", product_id)
            found = merged.get(slot)
            if found is None:
                merged[slot] = _Line(None, product, quantity, product_prices[product_id])
            else:
                found.quantity += quantity
    for merged_line in merged.values():
        _quantity(merged_line.quantity, field_name="lines", most=MAX_QUANTITY)
    return list(merged.values())


def _ids(values: Iterable[object]) -> set[int]:
    return {found for found in (as_id(v) for v in values) if found is not None}


def _gifts(by: User, requested: list[GiftRequest]) -> list[tuple[Gift, int]]:
    """The gifts the customer chose, each from the active catalogue; none is added for them."""
    ids = _ids(g.gift_id for g in requested)
    known = {g.pk: g for g in catalogue_gifts(user=by).filter(is_active=True, pk__in=ids)}
    chosen: dict[int, int] = {}
    for index, wanted in enumerate(requested):
        where = f"gifts.{index}"
        quantity = _quantity(
            wanted.quantity, field_name=f"{where}.quantity", most=MAX_GIFT_QUANTITY
        )
        gift_id = as_id(wanted.gift_id)
        if gift_id is None or gift_id not in known:
            raise DomainError(
                _("这件赠品不在赠品目录中。"),
                code=SalesCode.NOT_IN_CATALOGUE,
                extra={"field": where},
            )
        chosen[gift_id] = chosen.get(gift_id, 0) + quantity
    for quantity in chosen.values():
        _quantity(quantity, field_name="gifts", most=MAX_GIFT_QUANTITY)
    return [(known[gift_id], quantity) for gift_id, quantity in chosen.items()]


def _money(value: object, *, field_name: str) -> Decimal:
    if (
        not isinstance(value, Decimal)
        or not value.is_finite()
        or value != value.quantize(TWO_PLACES)
    ):
        raise DomainError(
            _("金额须是最多两位小数的数字。"),
            code=SalesCode.AMOUNT_INVALID,
            extra={"field": field_name},
        )
    return value.quantize(TWO_PLACES)


def _discount(request: OrderRequest, list_total: Decimal) -> tuple[Decimal, str]:
    discount = _money(request.discount, field_name="discount")
    if discount < 0 or discount >= list_total:
        raise DomainError(
            _("优惠须在 0 到原价合计（%(list_total)s 元）之间，优惠不能让价格更高。")
            % {"list_total": list_total},
            code=SalesCode.DISCOUNT_INVALID,
            extra={"field": "discount", "list_total": str(list_total)},
        )
    reason = clean_text(
        request.discount_reason, field="discount_reason", label=_("优惠原因"), max_length=200
    )
    if discount > 0 and not reason:
        raise DomainError(
            _("有优惠时须写明优惠原因。"),
            code=SalesCode.DISCOUNT_REASON_REQUIRED,
            extra={"field": "discount_reason"},
        )
    return discount, reason if discount > 0 else ""


def _terms(request: OrderRequest, total: Decimal) -> str:
    terms = request.payment_terms
    if terms not in PaymentTerms.values:
        raise DomainError(
            _("请选择付款方式。"),
            code=SalesCode.PAYMENT_TERMS_INVALID,
            extra={"field": "payment_terms"},
        )
    payment = request.payment
    if payment is not None:
        amount = _money(payment.amount, field_name="payment.amount")
        if payment.method not in PaymentMethod.values:
            raise DomainError(
                _("请选择收款方式。"),
                code=SalesCode.PAYMENT_TERMS_INVALID,
                extra={"field": "payment.method"},
            )
    else:
        amount = Decimal("0")
    fits = {
        PaymentTerms.PAID_NOW: amount == total,
        PaymentTerms.DEPOSIT: Decimal("0") < amount < total,
        PaymentTerms.ON_DELIVERY: payment is None,
    }[PaymentTerms(terms)]
    if not fits:
        message = {
            PaymentTerms.PAID_NOW: _("当场付清时，收款金额须等于应付合计 %(total)s 元。"),
            PaymentTerms.DEPOSIT: _("定金须大于 0 且少于应付合计 %(total)s 元。"),
            PaymentTerms.ON_DELIVERY: _("货到付款时下单不收款（应付合计 %(total)s 元）。"),
        }[PaymentTerms(terms)]
        raise DomainError(
            message % {"total": total},
            code=SalesCode.PAYMENT_TERMS_INVALID,
            extra={"field": "payment.amount", "total": str(total)},
        )
    return terms


def _collector(by: User, collector_id: int | None) -> User:
    if collector_id is None:
        return by
    try:
        return get_by_id(order_collectors(user=by), collector_id)
    except NotFound:
        raise DomainError(
            _("收款人须是本公司在职的员工。"),
            code=SalesCode.PAYMENT_TERMS_INVALID,
            extra={"field": "collector_id"},
        ) from None


def _needed(lines: list[_Line]) -> dict[int, tuple[Product, int]]:
    """Units of each product the lines take out of stock (a package's contents times its
    quantity)."""
    needed: dict[int, tuple[Product, int]] = {}
    for line in lines:
        if line.product is not None:
            parts = [(line.product, line.quantity)]
        else:
            assert line.package is not None
            parts = [
                (item.product, item.quantity * line.quantity) for item in line.package.items.all()
            ]
        for product, units in parts:
            _, before = needed.get(product.pk, (product, 0))
            needed[product.pk] = (product, before + units)
    return needed


def _reserve(by: User, order: Order, lines: list[_Line]) -> list[AuditEntry]:
    """Take the order's units out of its store room, locking the levels in product order so
    that two orders for the same goods wait for each other; short of any, nothing is taken.
    Returns the movements' audit entries, unsaved."""
    needed = sorted(_needed(lines).items())
    levels = lock_stock_levels(store_room_id=order.store_room_id, product_ids=dict(needed))
    for product_id, (product, units) in needed:
        level = levels[product_id]
        if level.quantity < units:
            raise DomainError(
                _("“%(product)s”库存不足：需要 %(needed)s，现有 %(available)s。")
                % {"product": product.name, "needed": units, "available": max(level.quantity, 0)},
                code=SalesCode.STOCK_SHORT,
                extra={
                    "product": product_id,
                    "needed": units,
                    "available": max(level.quantity, 0),
                },
            )
    _movements, entries = stock_moves(
        by=by,
        changes=[(levels[product_id], -units) for product_id, (_product, units) in needed],
        kind=StockMovementKind.RESERVATION,
        note=order.number,
        order=order,
    )
    return entries


# --- moving forward ---------------------------------------------------------------------------


def advance_order(order: Order, state: str, *, at: datetime) -> None:
    """Move a locked order forward; anything but the next states is refused."""
    if state not in ORDER_STATE_NEXT[order.state]:
        raise DomainError(
            _("订单当前为“%(state)s”，不能改为“%(target)s”。")
            % {"state": OrderState(order.state).label, "target": OrderState(state).label},
            code=SalesCode.ORDER_STATE,
            extra={"state": order.state, "target": state},
        )
    order.state = state
    stamp = {
        OrderState.CONFIRMED: "confirmed_at",
        OrderState.DELIVERED: "delivered_at",
        OrderState.CANCELLED: "cancelled_at",
    }[OrderState(state)]
    setattr(order, stamp, at)
    order.save(update_fields=["state", stamp])


def cancel_locked_order(*, by: User, order: Order, reason: str) -> Order:
    """Cancel an order its caller locked (after its customer): the stock it holds goes back
    and the money held is refunded, recorded as a refund. Used by the seller's side and by
    the confirmation call."""
    advance_order(order, OrderState.CANCELLED, at=now())
    order.cancel_reason = reason
    order.save(update_fields=["cancel_reason"])
    held = reserved_quantities(order=order)
    if held:
        levels = lock_stock_levels(store_room_id=order.store_room_id, product_ids=held)
        _movements, entries = stock_moves(
            by=by,
            changes=[(levels[product_id], units) for product_id, units in sorted(held.items())],
            kind=StockMovementKind.RELEASE,
            note=order.number,
            order=order,
        )
        audit_all(entries)
    refunded = order.paid
    if refunded > 0:
        last = order.payments.filter(kind=PaymentKind.PAYMENT).order_by("-at", "-pk").first()
        add_payment(
            by=by,
            order=order,
            kind=PaymentKind.REFUND,
            amount=refunded,
            method=last.method if last is not None else PaymentMethod.CASH,
            key="cancel",
            note=_("取消订单退款"),
        )
    audit(
        by,
        "sales.order.cancelled",
        order,
        data={
            "customer": order.customer_id,
            "reason": reason,
            "released": {str(k): v for k, v in sorted(held.items())},
            "refunded": str(refunded),
        },
    )
    return order


@transaction.atomic
def cancel_order(*, by: User, order_id: int, reason: str) -> Order:
    """The seller's side cancels an order before delivery, with the reason."""
    require_capability(by, Capability.ORDERS_PLACE)
    visible = get_order(user=by, order_id=order_id)
    reason = require_text(reason, field="reason", label=_("取消原因"), max_length=200)
    lock_customer(visible.customer_id)
    order = lock_order(visible.pk)
    return cancel_locked_order(by=by, order=order, reason=reason)
