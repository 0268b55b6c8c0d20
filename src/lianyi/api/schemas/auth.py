from __future__ import annotations

from typing import Annotated

from ninja import Schema

from lianyi.api.schemas.common import LocalDatetime
from lianyi.core.fields import TextLimit


class TokenIn(Schema):
    name: Annotated[str, TextLimit(100)] = "api"


class TokenOut(Schema):
    id: int
    name: str
    created_at: LocalDatetime
    last_used_at: LocalDatetime | None


class IssuedTokenOut(TokenOut):
    key: str  # shown once


class MeOut(Schema):
    id: int
    username: str
    name: str
    role: str
    role_label: str
    company_id: int | None
    department_id: int | None
    team_id: int | None
    capabilities: list[str]
