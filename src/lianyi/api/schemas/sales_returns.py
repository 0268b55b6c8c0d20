from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from ninja import Schema
from pydantic import Field

from lianyi.api.schemas.common import LocalDatetime, UserRef
from lianyi.core.fields import Id, PositiveSmallInt, TextLimit


class ReturnLineIn(Schema):
    order_line_id: Id
    quantity: PositiveSmallInt


class ReturnIn(Schema):
    reason: Annotated[str, TextLimit(20)]  # unopened / senior_any_reason
    lines: Annotated[list[ReturnLineIn], Field(max_length=20)]
    note: Annotated[str, TextLimit(500)] = ""
    refund_method: Annotated[str, TextLimit(20)] = "cash"


class ReturnLineOut(Schema):
    order_line_id: int
    name: str
    quantity: int


class ReturnOut(Schema):
    id: int
    order_id: int
    reason: str
    note: str
    value: Decimal
    refund: Decimal
    by: UserRef
    at: LocalDatetime
    lines: list[ReturnLineOut]


class ReturnWindowOut(Schema):
    reason: str
    label: str
    days: int
    last_day: date | None
    open: bool
    message: str  # why a return for this reason is refused now; empty when open


class ReturnableLineOut(Schema):
    order_line_id: int
    name: str
    bought: int
    returned: int
    left: int


class OrderReturnsOut(Schema):
    order_id: int
    total: Decimal
    paid: Decimal
    returned_value: Decimal
    windows: list[ReturnWindowOut]
    lines: list[ReturnableLineOut]
    returns: list[ReturnOut]
