"""The checks every journey service applies before it writes: contactable, in order, slots out
of quiet hours, sane durations and locations."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from lianyi.core.clock import cursor_dt
from lianyi.core.errors import DomainError
from lianyi.customers.codes import CustomerCode
from lianyi.journey.codes import JourneyCode
from lianyi.journey.steps import Step

MAX_SLOT = timedelta(hours=4)
# How far ahead a rep may note the time a customer asked to be called back at.
MAX_CALL_BACK = timedelta(days=14)
MAX_VISIT_MINUTES = 600
# A browser's accuracy circle wider than this is no location at all (and must fit the column).
MAX_ACCURACY_M = 1_000_000


def ensure_contactable(customer: Any) -> None:
    if not customer.contactable:
        raise DomainError(
            _("客户已撤回同意或要求不再联系，不能记录新的联系。"),
            code=CustomerCode.NOT_CONTACTABLE,
        )


def ensure_step(customer: Any, *expected: Step) -> None:
    ensure_in_step(Step(customer.step), *expected)


def ensure_in_step(step: Step, *expected: Step) -> None:
    if step not in expected:
        raise DomainError(
            _("客户当前处于“%(current)s”，请先完成这一步。") % {"current": Step(step).label},
            code=JourneyCode.STEP_OUT_OF_ORDER,
            extra={"current_step": int(step)},
        )


def earliest_second_call_day(company: Any, first_visit_at: datetime) -> date:
    """The local day from which the second call may be recorded: ``second_call_min_days``
    after the first visit's local day."""
    tz = company.quiet_hours().tz
    return first_visit_at.astimezone(tz).date() + timedelta(days=company.second_call_min_days)


def ensure_second_call_not_early(
    company: Any, since: datetime, at: datetime, *, after_gathering: bool = False
) -> None:
    """The invitation call comes ``second_call_min_days`` after the first visit (``since``), or
    in a later round after the end of the last gathering (``after_gathering``), never before it."""
    earliest_day = earliest_second_call_day(company, since)
    if at.astimezone(company.quiet_hours().tz).date() < earliest_day or at < since:
        message = (
            _("邀请下一场联谊会的电话应在上一场结束后 %(min)s 至 %(max)s 天内打，最早 %(date)s。")
            if after_gathering
            else _("第二次电话应在第一次家访后 %(min)s 至 %(max)s 天内打，最早 %(date)s。")
        )
        raise DomainError(
            message
            % {
                "min": company.second_call_min_days,
                "max": company.second_call_max_days,
                "date": earliest_day.isoformat(),
            },
            code=JourneyCode.SECOND_CALL_TOO_EARLY,
            extra={"earliest": earliest_day.isoformat()},
        )


def check_slot(
    company: Any, start: datetime | None, end: datetime | None, *, after: datetime
) -> tuple[datetime, datetime]:
    """An agreed slot: both ends, in order, after ``after``, at most 4 hours, and wholly inside
    contactable hours (never in a quiet window)."""
    if start is None or end is None:
        raise DomainError(
            _("请填写约定的时间段。"), code=JourneyCode.SLOT_REQUIRED, extra={"field": "slot_start"}
        )
    if end <= start or end - start > MAX_SLOT:
        raise DomainError(
            _("时间段的结束应晚于开始，且不超过 4 小时。"),
            code=JourneyCode.SLOT_INVALID,
            extra={"field": "slot_end"},
        )
    if start < after:
        raise DomainError(
            _("约定的时间已经过去。"), code=JourneyCode.SLOT_IN_PAST, extra={"field": "slot_start"}
        )
    quiet = company.quiet_hours()
    if not quiet.slot_is_allowed(start, end):
        suggestion = quiet.next_open(start)
        raise DomainError(
            _("该时间段在免打扰时间内（早餐、午休、新闻联播时段，或 %(start)s 前、%(end)s 后）。")
            % {"start": company.contact_day_start, "end": company.contact_day_end},
            code=JourneyCode.SLOT_IN_QUIET_HOURS,
            extra={"field": "slot_start", "next_open": suggestion.isoformat()},
        )
    return start, end


def check_call_back(
    company: Any, moment: datetime, *, after: datetime
) -> tuple[datetime, datetime]:
    """The time a customer asked to be called back at (after 未接通 or 约好再联系): later than
    ``after``, within ``MAX_CALL_BACK``, and a contactable moment under the company's quiet
    hours. Returns the due window: from that time to the end of that contact day."""
    if moment.tzinfo is None:
        raise DomainError(
            _("时间需带时区。"), code=JourneyCode.SLOT_INVALID, extra={"field": "call_back_at"}
        )
    if moment <= after:
        raise DomainError(
            _("回电时间已经过去，请选择以后的时间。"),
            code=JourneyCode.CALL_BACK_IN_PAST,
            extra={"field": "call_back_at"},
        )
    if moment - after > MAX_CALL_BACK:
        raise DomainError(
            _("回电时间最多定在 %(days)s 天以内。") % {"days": MAX_CALL_BACK.days},
            code=JourneyCode.CALL_BACK_TOO_FAR,
            extra={"field": "call_back_at"},
        )
    quiet = company.quiet_hours()
    if quiet.is_quiet(moment):
        suggestion = quiet.next_open(moment)
        raise DomainError(
            _(
                "回电时间在免打扰时间内（早餐、午休、新闻联播时段，或 %(start)s 前、%(end)s 后），"
                "最近可联系的时间是 %(next)s。"
            )
            % {
                "start": company.contact_day_start,
                "end": company.contact_day_end,
                "next": suggestion.astimezone(quiet.tz).strftime("%Y-%m-%d %H:%M"),
            },
            code=JourneyCode.CALL_BACK_IN_QUIET_HOURS,
            extra={"field": "call_back_at", "next_open": suggestion.isoformat()},
        )
    local = moment.astimezone(quiet.tz)
    return moment, max(cursor_dt(local.date(), quiet.day_end, quiet.tz), moment)


def check_duration(minutes: int | None, *, required: bool) -> int | None:
    if minutes is None and not required:
        return None
    if minutes is None or not 1 <= int(minutes) <= MAX_VISIT_MINUTES:
        raise DomainError(
            _("请填写 1 到 600 之间的时长（分钟）。"),
            code=JourneyCode.DURATION_INVALID,
            extra={"field": "duration_minutes"},
        )
    return int(minutes)


def check_location(
    latitude: Any, longitude: Any, accuracy: Any
) -> tuple[Decimal | None, Decimal | None, int | None]:
    """Location is optional (the rep decides whether the browser shares it), but if given,
    it must be a real place."""
    if latitude in (None, "") and longitude in (None, ""):
        return None, None, None
    lat: Decimal | None = None
    lng: Decimal | None = None
    acc: int | None = None
    try:
        lat = Decimal(str(latitude)).quantize(Decimal("0.000001"))
        lng = Decimal(str(longitude)).quantize(Decimal("0.000001"))
        acc = None if accuracy in (None, "") else max(0, int(float(accuracy)))
    except (InvalidOperation, ValueError, TypeError, OverflowError):
        lat = lng = None
    if (
        lat is None
        or lng is None
        or not (-90 <= lat <= 90 and -180 <= lng <= 180)
        or (acc is not None and acc > MAX_ACCURACY_M)
    ):
        raise DomainError(
            _("位置信息无效。"), code=JourneyCode.LOCATION_INVALID, extra={"field": "latitude"}
        )
    return lat, lng, acc
