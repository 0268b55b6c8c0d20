from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Schema

from lianyi.api.schemas.common import LocalDatetime, UserRef
from lianyi.api.schemas.sales_confirmation import CustomerRef
from lianyi.core.fields import MoneyLimit, Note, TextLimit


class DeliveryIn(Schema):
    set_up: bool = False
    use_explained: bool = False
    precautions_explained: bool = False
    receipt_handed_over: bool = False
    notes: Note = ""
    payment_amount: Annotated[Decimal, MoneyLimit()] | None = None
    payment_method: Annotated[str, TextLimit(20)] = ""  # cash / wechat / alipay / card / transfer
    # The submission's key: the same delivery sent twice records one delivery and one payment.
    key: Annotated[str, TextLimit(50)] = ""


class DeliveryOut(Schema):
    id: int
    order_id: int
    at: LocalDatetime
    by: UserRef
    order_state: str
    paid: Decimal
    due: Decimal


class AwaitingOrderOut(Schema):
    order_id: int
    number: str
    customer: CustomerRef
    seller: UserRef
    total: Decimal
    paid: Decimal
    due: Decimal
    confirmed_at: LocalDatetime | None


class AwaitingDeliveriesOut(Schema):
    total: int
    items: list[AwaitingOrderOut]
