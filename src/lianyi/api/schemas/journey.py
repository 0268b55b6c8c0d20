from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import AwareDatetime

from lianyi.api.schemas.common import LocalDatetime, UserRef
from lianyi.api.schemas.customers import CustomerListItem, JourneyFields
from lianyi.journey.selectors import is_overdue


class ContactIn(Schema):
    notes: str = ""
    occurred_at: AwareDatetime | None = None
    repeat_reason: str = ""


class StandNoteIn(ContactIn):
    desk: str


class FirstCallIn(ContactIn):
    outcome: str
    visit_slot_start: AwareDatetime | None = None
    visit_slot_end: AwareDatetime | None = None
    invite: bool = False


class LocationIn(Schema):
    latitude: float | None = None
    longitude: float | None = None
    accuracy: float | None = None


class FirstVisitIn(ContactIn, LocationIn):
    duration_minutes: int | None = None
    profile_completed: bool = False


class SecondCallIn(ContactIn):
    outcome: str
    invitation_accepted: bool | None = None
    guests: list[str] | None = None
    delivery_slot_start: AwareDatetime | None = None
    delivery_slot_end: AwareDatetime | None = None
    gathering_id: int | None = None


class SecondVisitIn(ContactIn, LocationIn):
    invitation_handed_over: bool
    duration_minutes: int | None = None


class InvitationOut(Schema):
    id: int
    state: str
    state_label: str
    gathering_id: int
    gathering_name: str
    gathering_starts_at: LocalDatetime
    guest_names: list[str]
    delivery_slot_start: LocalDatetime
    delivery_slot_end: LocalDatetime
    delivered_at: LocalDatetime | None

    @staticmethod
    def resolve_state_label(obj: Any) -> str:
        return str(obj.get_state_display())

    @staticmethod
    def resolve_gathering_name(obj: Any) -> str:
        return obj.gathering.name

    @staticmethod
    def resolve_gathering_starts_at(obj: Any) -> Any:
        return obj.gathering.starts_at


class TouchpointOut(Schema):
    id: int
    kind: str
    kind_label: str
    by: UserRef
    occurred_at: LocalDatetime
    duration_minutes: int | None
    outcome: str
    notes: str
    repeat_reason: str
    slot_start: LocalDatetime | None
    slot_end: LocalDatetime | None
    profile_completed: bool | None
    invitation_accepted: bool | None
    invitation: InvitationOut | None

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())


class JourneyStateOut(JourneyFields):
    """Where the customer stands after a write: the step and the next due action."""

    customer_id: int

    @staticmethod
    def resolve_customer_id(obj: Any) -> int:
        return int(obj.pk)


class RecordedOut(Schema):
    touchpoint: TouchpointOut
    journey: JourneyStateOut


class TimelineOut(Schema):
    customer: CustomerListItem
    journey: JourneyStateOut
    touchpoints: list[TouchpointOut]


class AgendaItem(CustomerListItem):
    overdue: bool
    tel: str

    @staticmethod
    def resolve_overdue(obj: Any) -> bool:
        return is_overdue(obj)

    @staticmethod
    def resolve_tel(obj: Any) -> str:
        number = obj.mobile or obj.landline
        return f"tel:{number}" if number else ""


class AgendaOut(Schema):
    day: str
    items: list[AgendaItem]
