from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from lianyi.api.schemas.common import LocalDatetime, UserRef
from lianyi.core.fields import INT_MAX, Id, MoneyLimit, TextLimit
from lianyi.sales.models import OrderChannel, PaymentMethod, PaymentTerms

# A quantity as sent: the service refuses zero, negative and too many with
# ``sales.quantity_invalid``; a fraction is not an integer (422 ``invalid``).
Quantity = Annotated[int, Field(ge=-INT_MAX, le=INT_MAX)]
Money = Annotated[Decimal, MoneyLimit()]


class LineIn(Schema):
    """A package or a product (exactly one of the ids) and how many."""

    package_id: Id | None = None
    product_id: Id | None = None
    quantity: Quantity


class GiftIn(Schema):
    gift_id: Id
    quantity: Quantity = 1


class PaymentIn(Schema):
    amount: Money
    method: PaymentMethod


class OrderIn(Schema):
    customer_id: Id
    channel: OrderChannel
    gathering_id: Id | None = None  # required for channel "gathering"
    store_room_id: Id
    payment_terms: PaymentTerms
    lines: Annotated[list[LineIn], Field(max_length=100)]
    gifts: Annotated[list[GiftIn], Field(max_length=100)] = []
    discount: Money = Decimal("0")
    discount_reason: Annotated[str, TextLimit(200)] = ""
    collector_id: Id | None = None  # the seller when not named
    payment: PaymentIn | None = None  # money taken now (paid now, or a deposit)
    # One submission of the order form: sent again, it answers the order the first one placed.
    submission_key: Annotated[str, TextLimit(64), Field(min_length=1)]


class RecordPaymentIn(Schema):
    amount: Money
    method: PaymentMethod
    key: Annotated[str, TextLimit(64), Field(min_length=1)]
    note: Annotated[str, TextLimit(200)] = ""


class CancelIn(Schema):
    reason: Annotated[str, TextLimit(200)]


class OrderLineOut(Schema):
    id: int
    package_id: int | None
    product_id: int | None
    name: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    returned_quantity: int

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.package.name if obj.package_id else obj.product.name


class OrderGiftOut(Schema):
    gift_id: int
    name: str
    quantity: int
    value: Decimal  # the gift's value times its quantity

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return obj.gift.name


class PaymentOut(Schema):
    id: int
    kind: str  # payment / refund
    amount: Decimal
    method: str
    note: str
    at: LocalDatetime
    by: UserRef


class OrderOut(Schema):
    id: int
    number: str
    state: str
    channel: str
    customer_id: int
    gathering_id: int | None
    store_room_id: int
    seller: UserRef
    collector: UserRef
    payment_terms: str
    lines: list[OrderLineOut]
    gifts: list[OrderGiftOut]
    list_total: Decimal
    discount: Decimal
    discount_reason: str
    total: Decimal
    paid: Decimal
    returned_value: Decimal
    due: Decimal
    confirmation_required: bool
    confirmation_reasons: list[str]
    confirmation_due_at: LocalDatetime | None
    placed_at: LocalDatetime
    confirmed_at: LocalDatetime | None
    delivered_at: LocalDatetime | None
    cancelled_at: LocalDatetime | None
    cancel_reason: str
    payments: list[PaymentOut]

    @staticmethod
    def resolve_lines(obj: Any) -> list[Any]:
        return list(obj.lines.all())

    @staticmethod
    def resolve_gifts(obj: Any) -> list[Any]:
        return list(obj.gifts.all())

    @staticmethod
    def resolve_payments(obj: Any) -> list[Any]:
        return list(obj.payments.all())


class OrderListItem(Schema):
    id: int
    number: str
    state: str
    channel: str
    seller: UserRef
    total: Decimal
    paid: Decimal
    due: Decimal
    confirmation_required: bool
    confirmation_due_at: LocalDatetime | None
    placed_at: LocalDatetime


class PaymentRecordedOut(Schema):
    payment: PaymentOut
    order: OrderOut
