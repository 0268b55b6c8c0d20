"""Checks shared by every app's services: text limits, required fields, dates not in the future."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

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


class CoordinateProblem(StrEnum):
    INCOMPLETE = "incomplete"  # one of the two given without the other
    INVALID = "invalid"  # not a number, outside -90..90 / -180..180, or past 6 decimals


def _decimal(value: Any) -> Decimal | None:
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite():
        return None
    exponent = number.as_tuple().exponent
    # The columns keep six decimals (about 0.1 m): more is refused, never rounded.
    if isinstance(exponent, int) and exponent < -6:
        return None
    return number


# A coordinate as it arrives: the text of a form field, the number of a JSON body, or nothing.
CoordinateInput = Decimal | float | str | None


def coordinates_problem(
    latitude: Any, longitude: Any
) -> tuple[Decimal | None, Decimal | None, CoordinateProblem | None]:
    """A latitude/longitude pair as stored (both or neither), or the reason it cannot be."""
    lat_empty = latitude is None or str(latitude).strip() == ""
    lng_empty = longitude is None or str(longitude).strip() == ""
    if lat_empty and lng_empty:
        return None, None, None
    if lat_empty or lng_empty:
        return None, None, CoordinateProblem.INCOMPLETE
    lat, lng = _decimal(latitude), _decimal(longitude)
    if lat is None or lng is None or not (-90 <= lat <= 90 and -180 <= lng <= 180):
        return None, None, CoordinateProblem.INVALID
    return lat, lng, None
