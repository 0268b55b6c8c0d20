from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from lianyi.api.schemas.common import LocalDatetime, UserRef
from lianyi.core.fields import Id, Note, PositiveSmallInt, TextLimit
from lianyi.customers.names import polite_address
from lianyi.customers.phones import display_phone
from lianyi.customers.profiles import ProfileChange, family_of

# A phone as typed: digits with spaces, dashes, +86 or 0086 around them.
PHONE_INPUT_LENGTH = 40


class JourneyFields(Schema):
    """The derived journey of a customer: the step and the next due action with its window."""

    step: int
    step_label: str
    next_action: str
    next_action_label: str
    next_due_at: LocalDatetime | None
    next_due_until: LocalDatetime | None

    @staticmethod
    def resolve_step_label(obj: Any) -> str:
        return str(obj.get_step_display())

    @staticmethod
    def resolve_next_action_label(obj: Any) -> str:
        return str(obj.get_next_action_display()) if obj.next_action else ""


class CustomerListItem(JourneyFields):
    id: int
    name: str
    polite_address: str
    sex: str
    compound: str
    work_unit: str
    owner: UserRef
    mobile: str
    landline: str

    @staticmethod
    def resolve_polite_address(obj: Any) -> str:
        return polite_address(obj.name, obj.sex)

    @staticmethod
    def resolve_compound(obj: Any) -> str:
        return obj.compound.name if obj.compound_id else ""

    @staticmethod
    def resolve_work_unit(obj: Any) -> str:
        return obj.work_unit.name if obj.work_unit_id else ""

    @staticmethod
    def resolve_mobile(obj: Any) -> str:
        return display_phone(obj.mobile) if obj.mobile else ""

    @staticmethod
    def resolve_landline(obj: Any) -> str:
        return display_phone(obj.landline) if obj.landline else ""


class CustomerDetail(CustomerListItem):
    birth_year: int | None
    district: str
    building: str
    companion_name: str
    source: str
    stand_id: int | None
    referrer_id: int | None
    consent_contact: bool
    consent_health: bool
    do_not_contact: bool
    contactable: bool
    last_contact_at: LocalDatetime | None
    created_at: LocalDatetime


class RegistrationIn(Schema):
    name: Annotated[str, TextLimit(50)]
    sex: Annotated[str, TextLimit(1)]
    phone: Annotated[str, TextLimit(PHONE_INPUT_LENGTH)]
    consent_items: Annotated[list[Annotated[str, TextLimit(20)]], Field(max_length=10)]
    birth_year: PositiveSmallInt | None = None
    district: Annotated[str, TextLimit(50)] = ""
    compound: Annotated[str, TextLimit(100)] = ""
    work_unit: Annotated[str, TextLimit(100)] = ""
    building: Annotated[str, TextLimit(100)] = ""
    companion_name: Annotated[str, TextLimit(50)] = ""
    companion_sex: Annotated[str, TextLimit(1)] = ""
    stand_id: Id | None = None
    referrer_id: Id | None = None
    notice_version: Annotated[str, TextLimit(20)] = ""
    owner_id: Id | None = None
    registration_note: Note = ""


class ReassignIn(Schema):
    to_user_id: Id
    reason: Annotated[str, TextLimit(500)]


class HealthNoteOut(Schema):
    id: int
    text: str
    written_by: UserRef
    written_at: LocalDatetime


class StandOut(Schema):
    """An open data-collection stand, as registration offers it."""

    id: int
    name: str
    place: str
    held_on: date


class DetailsPatchIn(Schema):
    """Only the fields sent change; an empty string clears a text, ``null`` the birth year."""

    name: Annotated[str, TextLimit(50)] | None = None
    sex: Annotated[str, TextLimit(1)] | None = None
    birth_year: PositiveSmallInt | None = None
    mobile: Annotated[str, TextLimit(PHONE_INPUT_LENGTH)] | None = None
    landline: Annotated[str, TextLimit(PHONE_INPUT_LENGTH)] | None = None
    district: Annotated[str, TextLimit(50)] | None = None
    compound: Annotated[str, TextLimit(100)] | None = None
    work_unit: Annotated[str, TextLimit(100)] | None = None
    building: Annotated[str, TextLimit(100)] | None = None
    companion_name: Annotated[str, TextLimit(50)] | None = None
    companion_sex: Annotated[str, TextLimit(1)] | None = None


class FamilyMemberIO(Schema):
    name: Annotated[str, TextLimit(50)]
    relation: Annotated[str, TextLimit(20)] = ""


class VipProfileIn(Schema):
    """贵宾档案表: only the fields sent change. Nothing about illness, medicines, wealth or
    debts has a place here."""

    interests: Annotated[str, TextLimit(500)] | None = None
    family_members: Annotated[list[FamilyMemberIO], Field(max_length=4)] | None = None
    contact_times: Annotated[str, TextLimit(200)] | None = None
    contact_channel: Annotated[str, TextLimit(20)] | None = None
    products_owned: Annotated[str, TextLimit(500)] | None = None
    heard_from: Annotated[str, TextLimit(200)] | None = None


class VipProfileOut(Schema):
    interests: str
    family_members: list[FamilyMemberIO]
    contact_times: str
    contact_channel: str
    products_owned: str
    heard_from: str
    updated_by: UserRef
    updated_at: LocalDatetime


def profile_change(payload: VipProfileIn) -> ProfileChange:
    """The fields sent, as the service's ProfileChange (``null`` clears a text)."""
    sent = payload.model_dump(exclude_unset=True)
    values: dict[str, Any] = {k: ("" if v is None else v) for k, v in sent.items()}
    if "family_members" in values:
        values["family_members"] = family_of(values["family_members"] or [])
    return ProfileChange(**values)
