"""Checks shared by every app's services: text limits, required fields, dates not in the future."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils.translation import gettext as _

from lianyi.core.clock import now
from lianyi.core.errors import CoreCode, DomainError

MAX_NOTE_LENGTH = 10_000
# A phone's clock may run a little ahead of the server's; a minute is not "the future".
CLOCK_SKEW = timedelta(minutes=2)


def clean_text(
    value: str | None, *, field: str, label: str, max_length: int = MAX_NOTE_LENGTH
) -> str:
    """Stored as typed (escaping is the template's job), but bounded."""
    text = (value or "").strip()
    if len(text) > max_length:
        raise DomainError(
            _("%(label)s不能超过 %(max)s 个字符（现在 %(length)s 个）。")
            % {"label": label, "max": max_length, "length": len(text)},
            code=CoreCode.TEXT_TOO_LONG,
            extra={"field": field, "max_length": max_length, "length": len(text)},
        )
    return text


def require_text(value: str | None, *, field: str, label: str, max_length: int) -> str:
    text = clean_text(value, field=field, label=label, max_length=max_length)
    if not text:
        raise DomainError(
            _("请填写%(label)s。") % {"label": label},
            code=CoreCode.REQUIRED,
            extra={"field": field},
        )
    return text


def not_in_future(moment: datetime, *, field: str) -> datetime:
    if moment > now() + CLOCK_SKEW:
        raise DomainError(_("时间不能晚于现在。"), code=CoreCode.IN_FUTURE, extra={"field": field})
    return moment
