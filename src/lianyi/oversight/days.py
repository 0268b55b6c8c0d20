"""The company's calendar day: duties are per local day (Asia/Shanghai by default), never per UTC
day, and a day to come has no profile and no diary yet."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from lianyi.core.clock import local_day_bounds, now
from lianyi.core.errors import DomainError
from lianyi.core.fields import FieldError, check_day
from lianyi.org.models import Company
from lianyi.oversight.codes import OversightCode


def company_zone(company: Company | None) -> ZoneInfo:
    return ZoneInfo(company.time_zone if company else timezone.get_current_timezone_name())


def company_today(company: Company | None) -> dt.date:
    return now().astimezone(company_zone(company)).date()


def day_bounds(company: Company | None, day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    return local_day_bounds(day, company_zone(company))


def local_day_of(company: Company | None, moment: dt.datetime) -> dt.date:
    return moment.astimezone(company_zone(company)).date()


def require_past_or_today(company: Company | None, day: dt.date) -> dt.date:
    """``day`` if it has begun in the company's time zone; refused for a day to come."""
    try:
        check_day(day)
    except FieldError as error:
        raise DomainError(error.message, code=error.code, extra={"field": "day"}) from None
    if day > company_today(company):
        raise DomainError(
            _("日期不能晚于今天。"), code=OversightCode.DAY_IN_FUTURE, extra={"field": "day"}
        )
    return day
