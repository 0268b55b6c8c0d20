from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from ninja import Schema

from lianyi.api.schemas.common import LocalDatetime, UserRef
from lianyi.core.fields import Note, TextLimit


class CustomerRef(Schema):
    id: int
    name: str


class QueuedOrderOut(Schema):
    """An order waiting for its confirmation call: the deadline, time left (negative minutes:
    overdue by that much) and the attempts so far."""

    order_id: int
    number: str
    customer: CustomerRef
    seller: UserRef
    total: Decimal
    paid: Decimal
    due: Decimal
    reasons: list[str]
    placed_at: LocalDatetime
    confirmation_due_at: LocalDatetime
    overdue: bool
    minutes_left: int
    attempts: int
    last_call_at: LocalDatetime | None


class ConfirmationQueueOut(Schema):
    total: int
    items: list[QueuedOrderOut]


class ConfirmationCallIn(Schema):
    outcome: Annotated[str, TextLimit(20)]  # confirmed / changed / cancelled / not_reached
    speaker_identified: bool = False
    order_read_back: bool = False
    return_policy_read: bool = False
    customer_pressed: bool | None = None
    wants_to_proceed: bool | None = None
    notes: Note = ""
    change: Annotated[str, TextLimit(150)] = ""  # what the customer wants instead (changed)


class ConfirmationCallOut(Schema):
    id: int
    order_id: int
    outcome: str
    at: LocalDatetime
    by: UserRef
    order_state: str
