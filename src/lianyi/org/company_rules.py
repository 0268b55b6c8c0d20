"""Writes on the company's rules: the contact day and its quiet windows, the protection period,
the call due days, the consent notice version and the office location. One validation for
all of it (the quiet windows through :func:`lianyi.core.clock.quiet_problems`, the same rule
``QuietHours`` relies on); every problem is reported at once."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.clock import QuietProblem, quiet_problems
from lianyi.core.errors import CoreCode, DomainError, NotFound
from lianyi.core.validation import CoordinateProblem, coordinates_problem
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.codes import OrgCode
from lianyi.org.locks import lock_company
from lianyi.org.models import (
    CHECKIN_CLOSES_MINUTES_AFTER_MAX,
    CHECKIN_OPENS_MINUTES_BEFORE_MAX,
    Company,
    User,
)

RULE_FIELDS = [
    "contact_day_start",
    "contact_day_end",
    "quiet_windows",
    "protection_days",
    "first_call_within_days",
    "second_call_min_days",
    "second_call_max_days",
    "consent_notice_version",
    "office_latitude",
    "office_longitude",
    "checkin_opens_minutes_before",
    "checkin_closes_minutes_after",
]
# The bounds of each number of days: within the column and within reason.
DAY_BOUNDS = {
    "protection_days": (1, 365),
    "first_call_within_days": (1, 30),
    "second_call_min_days": (1, 30),
    "second_call_max_days": (1, 30),
}
# How long before a gathering's start scanning opens, and how long after its end it closes.
MINUTE_BOUNDS = {
    "checkin_opens_minutes_before": (0, CHECKIN_OPENS_MINUTES_BEFORE_MAX),
    "checkin_closes_minutes_after": (0, CHECKIN_CLOSES_MINUTES_AFTER_MAX),
}
NOTICE_VERSION_MAX = Company._meta.get_field("consent_notice_version").max_length or 20

_QUIET_CODES = {
    QuietProblem.BAD_TIME: OrgCode.TIME_INVALID,
    QuietProblem.DAY_ORDER: OrgCode.CONTACT_DAY_ORDER,
    QuietProblem.WINDOW_ORDER: OrgCode.QUIET_WINDOW_ORDER,
    QuietProblem.WINDOW_OUTSIDE_DAY: OrgCode.QUIET_WINDOW_OUTSIDE_DAY,
    QuietProblem.WINDOW_OVERLAP: OrgCode.QUIET_WINDOW_OVERLAP,
}


@dataclass
class RuleError:
    field: str
    code: str
    message: str
    window: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "code": self.code,
            "message": self.message,
            "window": self.window,
        }


def _quiet_message(problem: QuietProblem, window: int | None) -> str:
    number = (window or 0) + 1
    if problem == QuietProblem.BAD_TIME:
        if window is None:
            return _("请按 HH:MM 填写时间，例如 08:30。")
        return _("第 %(number)s 个免打扰时段：请按 HH:MM 填写开始和结束。") % {"number": number}
    if problem == QuietProblem.DAY_ORDER:
        return _("最晚联系时间应晚于最早联系时间。")
    if problem == QuietProblem.WINDOW_ORDER:
        return _("第 %(number)s 个免打扰时段：结束应晚于开始。") % {"number": number}
    if problem == QuietProblem.WINDOW_OUTSIDE_DAY:
        return _("第 %(number)s 个免打扰时段完全在联系时间之外，不起作用。") % {"number": number}
    return _("第 %(number)s 个免打扰时段与其他时段重叠。") % {"number": number}


def _count_problem(name: str, value: int | None) -> list[RuleError]:
    """A number of days or minutes outside its bounds (or not given)."""
    if name in MINUTE_BOUNDS:
        low, high = MINUTE_BOUNDS[name]
        code, message = OrgCode.MINUTES_OUT_OF_RANGE, _("请填写 %(low)s 到 %(high)s 之间的分钟数。")
    else:
        low, high = DAY_BOUNDS[name]
        code, message = OrgCode.DAYS_OUT_OF_RANGE, _("请填写 %(low)s 到 %(high)s 之间的天数。")
    if value is not None and low <= value <= high:
        return []
    return [RuleError(name, code, message % {"low": low, "high": high})]


def rule_errors(
    *,
    contact_day_start: str,
    contact_day_end: str,
    quiet_windows: list[list[str]],
    protection_days: int | None,
    first_call_within_days: int | None,
    second_call_min_days: int | None,
    second_call_max_days: int | None,
    consent_notice_version: str,
    office_latitude: Any,
    office_longitude: Any,
    checkin_opens_minutes_before: int | None,
    checkin_closes_minutes_after: int | None,
) -> list[RuleError]:
    """Every problem of the rules as given, in the order of the form's fields."""
    errors: list[RuleError] = []
    for issue in quiet_problems(
        day_start=contact_day_start, day_end=contact_day_end, windows=quiet_windows
    ):
        errors.append(
            RuleError(
                issue.field,
                _QUIET_CODES[issue.problem],
                _quiet_message(issue.problem, issue.window),
                issue.window,
            )
        )
    counts = {
        "protection_days": protection_days,
        "first_call_within_days": first_call_within_days,
        "second_call_min_days": second_call_min_days,
        "second_call_max_days": second_call_max_days,
        "checkin_opens_minutes_before": checkin_opens_minutes_before,
        "checkin_closes_minutes_after": checkin_closes_minutes_after,
    }
    for name, value in counts.items():
        errors.extend(_count_problem(name, value))
    if (
        second_call_min_days is not None
        and second_call_max_days is not None
        and second_call_min_days > second_call_max_days
    ):
        errors.append(
            RuleError(
                "second_call_max_days",
                OrgCode.SECOND_CALL_RANGE,
                _("二次电话最迟天数不能小于最早天数。"),
            )
        )
    version = (consent_notice_version or "").strip()
    if not version:
        errors.append(
            RuleError(
                "consent_notice_version",
                CoreCode.REQUIRED,
                _("请填写%(label)s。") % {"label": _("告知书版本")},
            )
        )
    elif len(version) > NOTICE_VERSION_MAX:
        errors.append(
            RuleError(
                "consent_notice_version",
                CoreCode.TEXT_TOO_LONG,
                _("%(label)s不能超过 %(max)s 个字符（现在 %(length)s 个）。")
                % {"label": _("告知书版本"), "max": NOTICE_VERSION_MAX, "length": len(version)},
            )
        )
    _lat, _lng, problem = coordinates_problem(office_latitude, office_longitude)
    if problem == CoordinateProblem.INCOMPLETE:
        errors.append(
            RuleError(
                "office_latitude",
                OrgCode.LOCATION_INCOMPLETE,
                _("请同时填写纬度和经度，或都不填。"),
            )
        )
    elif problem == CoordinateProblem.INVALID:
        errors.append(
            RuleError(
                "office_latitude",
                OrgCode.LOCATION_INVALID,
                _("纬度应在 -90 到 90 之间，经度在 -180 到 180 之间，最多 6 位小数。"),
            )
        )
    return errors


def _refuse(errors: list[RuleError]) -> None:
    first = errors[0]
    raise DomainError(
        first.message,
        code=first.code,
        extra={"field": first.field, "errors": [e.as_dict() for e in errors]},
    )


def _window_pairs(windows: list[list[str]] | list[tuple[str, str]]) -> list[list[str]]:
    return sorted([str(a), str(b)] for a, b in windows)


@transaction.atomic
def update_company_rules(
    *,
    by: User,
    company_id: int,
    contact_day_start: str,
    contact_day_end: str,
    quiet_windows: list[list[str]],
    protection_days: int | None,
    first_call_within_days: int | None,
    second_call_min_days: int | None,
    second_call_max_days: int | None,
    consent_notice_version: str,
    office_latitude: Decimal | str | None = None,
    office_longitude: Decimal | str | None = None,
    checkin_opens_minutes_before: int | None,
    checkin_closes_minutes_after: int | None,
) -> Company:
    """Save the company's rules, all validated together: a refusal carries every problem in
    ``extra["errors"]`` (the first one is the error's own code, message and field)."""
    require_capability(by, Capability.COMPANY_CONFIGURE)
    if company_id != by.company_id:
        raise NotFound()
    company = lock_company(company_id)
    if company is None:
        raise NotFound()
    windows = [list(w) if isinstance(w, list | tuple) else [w] for w in quiet_windows]
    errors = rule_errors(
        contact_day_start=contact_day_start,
        contact_day_end=contact_day_end,
        quiet_windows=windows,
        protection_days=protection_days,
        first_call_within_days=first_call_within_days,
        second_call_min_days=second_call_min_days,
        second_call_max_days=second_call_max_days,
        consent_notice_version=consent_notice_version,
        office_latitude=office_latitude,
        office_longitude=office_longitude,
        checkin_opens_minutes_before=checkin_opens_minutes_before,
        checkin_closes_minutes_after=checkin_closes_minutes_after,
    )
    if errors:
        _refuse(errors)
    lat, lng, _problem = coordinates_problem(office_latitude, office_longitude)
    before = snapshot(company, RULE_FIELDS)
    company.contact_day_start = contact_day_start
    company.contact_day_end = contact_day_end
    company.quiet_windows = _window_pairs(windows)
    # Checked above: none of the numbers is None any more.
    company.protection_days = int(protection_days or 0)
    company.first_call_within_days = int(first_call_within_days or 0)
    company.second_call_min_days = int(second_call_min_days or 0)
    company.second_call_max_days = int(second_call_max_days or 0)
    company.consent_notice_version = consent_notice_version.strip()
    company.office_latitude = lat
    company.office_longitude = lng
    company.checkin_opens_minutes_before = int(checkin_opens_minutes_before or 0)
    company.checkin_closes_minutes_after = int(checkin_closes_minutes_after or 0)
    company.save(update_fields=RULE_FIELDS)
    company.refresh_from_db(fields=["office_latitude", "office_longitude"])
    audit(by, "org.company.rules_updated", company, company=company, changes=diff(before, company))
    return company
