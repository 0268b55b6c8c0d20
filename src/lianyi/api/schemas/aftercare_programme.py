from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema

from lianyi.api.schemas.common import LocalDatetime
from lianyi.core.clock import now
from lianyi.core.fields import Id, Note, PositiveSmallInt, TextLimit
from lianyi.customers.names import polite_address


class ContactPreferenceIn(Schema):
    max_per_month: PositiveSmallInt | None = None  # empty: no limit; 0: no after-sales contact
    channel: Annotated[str, TextLimit(10)] = "any"  # any / phone / visit
    note: Annotated[str, TextLimit(200)] = ""


class ContactPreferenceOut(Schema):
    customer_id: int
    max_per_month: int | None
    channel: str
    note: str
    updated_at: LocalDatetime


class ProgrammeTaskOut(Schema):
    id: int
    customer_id: int
    order_id: int | None
    kind: str
    sequence: int
    due_from: LocalDatetime
    due_until: LocalDatetime
    state: str
    moved_reason: str
    dropped_reason: str
    done_at: LocalDatetime | None


class AgendaTaskOut(ProgrammeTaskOut):
    """An after-sales task on the today list, with the customer as the journey's rows show them."""

    polite: str
    customer_name: str
    overdue: bool

    @staticmethod
    def resolve_polite(obj: Any) -> str:
        return polite_address(obj.customer.name, obj.customer.sex)

    @staticmethod
    def resolve_customer_name(obj: Any) -> str:
        return str(obj.customer.name)

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return bool(obj.due_until < now())


class ProgrammeTasksOut(Schema):
    customer_id: int
    preference: ContactPreferenceOut | None
    tasks: list[ProgrammeTaskOut]


class TaskDoneIn(Schema):
    # phone / visit; empty: as the task says (a visit is a visit, anything else a call)
    channel: Annotated[str, TextLimit(10)] = ""
    reached: bool = True
    satisfaction: Annotated[str, TextLimit(10)] = ""  # good / average / poor, when asked
    notes: Note = ""


class TaskDoneOut(Schema):
    task: ProgrammeTaskOut
    contact_id: Id
