from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema

from lianyi.api.schemas.common import LocalDatetime, UserRef
from lianyi.core.fields import TextLimit
from lianyi.customers.selectors import protection_ends_at


class ClaimOut(Schema):
    id: int
    customer_id: int
    customer_name: str
    claimant: UserRef
    owner_at_claim: UserRef
    submitted_name: str
    state: str
    created_at: LocalDatetime
    resolved_at: LocalDatetime | None
    resolution_note: str
    last_contact_at: LocalDatetime | None
    protection_ends_at: LocalDatetime
    claimant_team: str | None
    owner_team: str | None

    @staticmethod
    def resolve_customer_name(obj: Any) -> str:
        return str(obj.customer)

    @staticmethod
    def resolve_last_contact_at(obj: Any) -> Any:
        return obj.customer.last_contact_at

    @staticmethod
    def resolve_protection_ends_at(obj: Any) -> Any:
        return protection_ends_at(obj.customer)

    @staticmethod
    def resolve_claimant_team(obj: Any) -> str | None:
        return str(obj.claimant.team) if obj.claimant.team_id else None

    @staticmethod
    def resolve_owner_team(obj: Any) -> str | None:
        return str(obj.owner_at_claim.team) if obj.owner_at_claim.team_id else None


class ResolveIn(Schema):
    transfer: bool
    note: Annotated[str, TextLimit(500)] = ""
