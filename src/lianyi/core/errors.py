"""The one error type of the domain. Every refusal carries a stable code; pages show the
message, the API answers ``{"code", "message", "extra"}``."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext


class CoreCode(StrEnum):
    NOT_FOUND = "not_found"
    FORBIDDEN = "forbidden"
    INVALID = "invalid"
    TEXT_TOO_LONG = "text_too_long"
    REQUIRED = "required"
    IN_FUTURE = "in_future"
    JOB_NOT_QUEUED = "job_not_queued"
    JOB_ERROR = "job_error"
    JOB_STALE = "job_stale"
    # input refused where it enters (lianyi.core.fields)
    INVALID_CHARACTERS = "invalid_characters"
    DATE_OUT_OF_RANGE = "date_out_of_range"
    TIMESTAMP_REFUSED = "timestamp_refused"
    MONEY_INVALID = "money_invalid"
    MONEY_PRECISION = "money_precision"
    REQUEST_TOO_LARGE = "request_too_large"


class DomainError(Exception):
    """A refusal the user can act on. ``status`` is the HTTP status the API answers with."""

    status = 400

    def __init__(
        self,
        message: str,
        *,
        code: str,
        extra: dict[str, Any] | None = None,
        status: int | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = str(message)
        self.code = str(code)
        self.extra = extra or {}
        if status is not None:
            self.status = status

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "extra": self.extra}


class NotFound(DomainError):
    """Raised for a missing id and for a forbidden one alike, so the two cannot be told apart."""

    status = 404

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or gettext("找不到该记录。"), code=CoreCode.NOT_FOUND)


class Conflict(DomainError):
    status = 409


class InvalidInput(DomainError):
    """Several refusals of one submitted form at once, so that a page can show every problem
    next to its field in one round trip. Reads as the first one (message, code, field); the API
    answers all of them in ``extra["errors"]``."""

    def __init__(self, errors: list[DomainError]) -> None:
        first = errors[0]
        super().__init__(
            first.message,
            code=first.code,
            extra={**first.extra, "errors": [error.as_dict() for error in errors]},
            status=first.status,
        )
        self.errors = list(errors)


class Problems:
    """Collects the refusals of independent checks instead of stopping at the first::

        problems = Problems()
        with problems.check():
            name = require_text(...)
        ...
        problems.raise_any()

    A value computed inside a failed ``check`` is never used: ``raise_any`` comes first.
    A missing or forbidden id (404) is not collected: it stops at once, as before."""

    def __init__(self) -> None:
        self.errors: list[DomainError] = []

    @contextmanager
    def check(self) -> Iterator[None]:
        try:
            yield
        except DomainError as error:
            if error.status == 404 or error.code == CoreCode.FORBIDDEN:
                raise
            self.errors.extend(error.errors if isinstance(error, InvalidInput) else [error])

    def __bool__(self) -> bool:
        return bool(self.errors)

    def raise_any(self) -> None:
        if self.errors:
            raise InvalidInput(self.errors)
