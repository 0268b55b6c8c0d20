from __future__ import annotations

from typing import Any

from ninja import Schema

from lianyi.api.schemas.common import LocalDatetime


class AuditEntryOut(Schema):
    id: int
    at: LocalDatetime
    actor_id: int | None
    actor_name: str
    action: str
    object_type: str
    object_id: str
    object_repr: str
    changes: dict[str, Any]
    data: dict[str, Any]

    @staticmethod
    def resolve_actor_name(obj: Any) -> str:
        return str(obj.actor) if obj.actor_id else ""
