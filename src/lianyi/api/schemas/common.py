from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from django.utils import timezone
from ninja import Schema
from pydantic import PlainSerializer


def _local_iso(value: datetime) -> str:
    return timezone.localtime(value).isoformat()


# Answered in the company's local time with its offset: "2026-03-01T15:00:00+08:00".
LocalDatetime = Annotated[datetime, PlainSerializer(_local_iso, return_type=str)]


class ErrorOut(Schema):
    code: str
    message: str
    extra: dict[str, Any]


class UserRef(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj)


# The error answers every route may give, for the OpenAPI schema.
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}
