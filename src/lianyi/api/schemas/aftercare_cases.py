"""Schemas of cases (工单) and after-sales contacts. Input is bounded by the shared field types;
the services decide (a missing confirmation, an unknown satisfaction answer with their codes)."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema

from lianyi.aftercare.case_selectors import time_left
from lianyi.api.schemas.common import LocalDatetime, UserRef
from lianyi.core.fields import Id, Moment, TextLimit

CaseText = Annotated[str, TextLimit(2000)]


class OpenCaseIn(Schema):
    source: Annotated[str, TextLimit(20)] = "complaint"  # complaint / other / ...
    summary: CaseText
    order_id: Id | None = None


class CaseNoteIn(Schema):
    note: CaseText


class ResolveCaseIn(Schema):
    resolution: CaseText


class CloseCaseIn(Schema):
    """The customer's confirmation of the outcome: who spoke with them, when, what they said."""

    confirmed_by_id: Id | None = None
    confirmed_at: Moment | None = None
    customer_said: CaseText = ""


class AftercareContactIn(Schema):
    channel: Annotated[str, TextLimit(10)]  # phone / visit
    reached: bool = True
    satisfaction: Annotated[str, TextLimit(10)] = ""  # good / average / poor, "" not asked
    notes: CaseText = ""
    task_id: Id | None = None
    at: Moment | None = None


class CaseCustomerOut(Schema):
    id: int
    name: str


class CaseEventOut(Schema):
    id: int
    kind: str
    kind_label: str
    at: LocalDatetime
    by: UserRef | None
    from_level: str
    to_level: str
    note: str

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


class CaseOut(Schema):
    id: int
    customer: CaseCustomerOut
    order_id: int | None
    source: str
    summary: str
    state: str
    level: str
    level_label: str
    holder: UserRef | None
    deadline_at: LocalDatetime | None
    seconds_left: int | None  # negative once overdue; null without a deadline
    overdue: bool
    opened_at: LocalDatetime
    resolution: str
    confirmed_by: UserRef | None
    confirmed_at: LocalDatetime | None
    customer_said: str
    closed_at: LocalDatetime | None

    @staticmethod
    def resolve_level_label(obj: Any) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_seconds_left(obj: Any) -> int | None:
        left = time_left(obj)
        return left.seconds if left.deadline else None

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return time_left(obj).overdue


class CaseDetailOut(CaseOut):
    events: list[CaseEventOut]

    @staticmethod
    def resolve_events(obj: Any) -> list[Any]:
        return list(obj.events.all())


class CasePageOut(Schema):
    total: int
    page: int
    pages: int
    items: list[CaseOut]


class AftercareContactOut(Schema):
    id: int
    customer_id: int
    channel: str
    reached: bool
    satisfaction: str
    notes: str
    at: LocalDatetime
    opened_task_id: int | None
    opened_case_id: int | None

    @staticmethod
    def resolve_opened_task_id(obj: Any) -> int | None:
        return getattr(obj, "opened", {}).get("task")

    @staticmethod
    def resolve_opened_case_id(obj: Any) -> int | None:
        return getattr(obj, "opened", {}).get("case")
