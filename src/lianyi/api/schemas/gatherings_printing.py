from __future__ import annotations

from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from lianyi.api.schemas.common import LocalDatetime
from lianyi.core.fields import Id, TextLimit
from lianyi.gatherings.documents import short_token

# A batch of invitations to mark or print: a gathering's worth, with room.
MAX_IDS = 5_000


class PrintableInvitationOut(Schema):
    id: int
    gathering_id: int
    customer_id: int
    guest_names: list[str]
    state: str
    short_token: str
    bus_id: int | None
    stop_id: int | None
    printed_at: LocalDatetime | None
    revoked_at: LocalDatetime | None
    revoke_reason: str

    @staticmethod
    def resolve_short_token(obj: Any) -> str:
        return short_token(obj.token)


class InvitationIdsIn(Schema):
    ids: Annotated[list[Id], Field(max_length=MAX_IDS)]


class RevokeIn(Schema):
    reason: Annotated[str, TextLimit(200)]
