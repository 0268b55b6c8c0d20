from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from lianyi.api.schemas.aftercare_programme import AgendaTaskOut
from lianyi.api.schemas.common import LocalDatetime, UserRef
from lianyi.api.schemas.customers import CustomerListItem, JourneyFields, VipProfileIn
from lianyi.core.fields import Id, Moment, Note, PositiveSmallInt, TextLimit
from lianyi.journey.selectors import is_overdue


class ContactIn(Schema):
    notes: Note = ""
    occurred_at: Moment | None = None
    repeat_reason: Annotated[str, TextLimit(200)] = ""


class StandNoteIn(ContactIn):
    desk: Annotated[str, TextLimit(20)]


class FirstCallIn(ContactIn):
    outcome: Annotated[str, TextLimit(20)]
    visit_slot_start: Moment | None = None
    visit_slot_end: Moment | None = None
    invite: bool = False
    call_back_at: Moment | None = None  # after no_answer / call_back: when to call again


class LocationIn(Schema):
    latitude: float | None = None
    longitude: float | None = None
    accuracy: float | None = None


class FirstVisitIn(ContactIn, LocationIn):
    duration_minutes: PositiveSmallInt | None = None
    profile_completed: bool = False  # set too when ``profile`` has content
    profile: VipProfileIn | None = None


class SecondCallIn(ContactIn):
    outcome: Annotated[str, TextLimit(20)]
    invitation_accepted: bool | None = None
    guests: Annotated[list[Annotated[str, TextLimit(50)]], Field(max_length=10)] | None = None
    delivery_slot_start: Moment | None = None
    delivery_slot_end: Moment | None = None
    gathering_id: Id | None = None
    call_back_at: Moment | None = None  # after no_answer / call_back: when to call again


class SecondVisitIn(ContactIn, LocationIn):
    invitation_handed_over: bool
    # Required true when the invitation was never printed (400 gatherings.invitation_not_printed).
    unprinted_confirmed: bool = False
    duration_minutes: PositiveSmallInt | None = None
    profile: VipProfileIn | None = None


class CorrectionIn(Schema):
    """Only the fields sent are corrected; ``reason`` is required."""

    reason: Annotated[str, TextLimit(500)]
    outcome: Annotated[str, TextLimit(20)] | None = None
    slot_start: Moment | None = None
    slot_end: Moment | None = None
    duration_minutes: PositiveSmallInt | None = None
    notes: Note | None = None


class CorrectionOut(Schema):
    id: int
    corrected_by: UserRef
    corrected_at: LocalDatetime
    reason: str
    changes: dict[str, list[Any]]


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
    printed_at: LocalDatetime | None  # None: delivering it needs unprinted_confirmed
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
    referral_answer: str  # 转介绍: gave_contact / will_think / declined, "" for other kinds
    invitation: InvitationOut | None
    corrections: list[CorrectionOut]

    @staticmethod
    def resolve_kind_label(obj: Any) -> str:
        return str(obj.get_kind_display())

    @staticmethod
    def resolve_corrections(obj: Any) -> list[Any]:
        return list(obj.corrections.all())


class JourneyStateOut(JourneyFields):
    """Where the customer stands after a write: the step and the next due action."""

    customer_id: int

    @staticmethod
    def resolve_customer_id(obj: Any) -> int:
        return int(obj.pk)


class RecordedOut(Schema):
    touchpoint: TouchpointOut
    journey: JourneyStateOut


class TimelineEntryOut(Schema):
    """One line of the whole timeline: a touchpoint, a case step or an after-sales contact."""

    source: str  # touchpoint / case / aftercare_contact
    id: int
    at: LocalDatetime
    kind: str
    kind_label: str
    by: UserRef | None
    text: str
    case_id: int | None
    badge: str  # the satisfaction, or the level a case moved to


class TimelineOut(Schema):
    customer: CustomerListItem
    journey: JourneyStateOut
    touchpoints: list[TouchpointOut]
    # touchpoints, case steps and after-sales contacts together, oldest first
    entries: list[TimelineEntryOut]


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
    # the rep's after-sales tasks due by the end of the day, in time order
    tasks: list[AgendaTaskOut] = []
