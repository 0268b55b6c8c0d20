from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from lianyi.core.fields import TextLimit


class EngagementIn(Schema):
    signals: Annotated[list[Annotated[str, TextLimit(50)]], Field(max_length=50)]


class HouseholdOut(Schema):
    invitation_id: int
    customer_id: int
    customer_name: str
    guest_names: list[str]
    signals: Annotated[list[Annotated[str, TextLimit(50)]], Field(max_length=50)]

    @staticmethod
    def resolve_invitation_id(obj: Any) -> int:
        return int(obj.invitation.pk)

    @staticmethod
    def resolve_customer_id(obj: Any) -> int:
        return int(obj.invitation.customer_id)

    @staticmethod
    def resolve_customer_name(obj: Any) -> str:
        return str(obj.invitation.customer.name)

    @staticmethod
    def resolve_guest_names(obj: Any) -> list[str]:
        return list(obj.invitation.guest_names)

    @staticmethod
    def resolve_signals(obj: Any) -> list[str]:
        return [s for group in obj.toggles for s, _label, on in group[1] if on]
