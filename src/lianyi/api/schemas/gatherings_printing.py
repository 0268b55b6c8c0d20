from __future__ import annotations

from typing import Any

from ninja import Schema

from lianyi.api.schemas.common import LocalDatetime


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
        from lianyi.gatherings.documents import short_token

        return short_token(obj.token)


class InvitationIdsIn(Schema):
    ids: list[int]


class RevokeIn(Schema):
    reason: str
