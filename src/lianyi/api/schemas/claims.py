from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema

from lianyi.api.schemas.common import LocalDatetime, UserRef
from lianyi.core.fields import TextLimit


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

    @staticmethod
    def resolve_customer_name(obj: Any) -> str:
        return str(obj.customer)


class ResolveIn(Schema):
    transfer: bool
    note: Annotated[str, TextLimit(500)] = ""
