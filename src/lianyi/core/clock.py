"""Time: aware datetimes only, and the quiet hours in which nobody is called or visited."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


_HHMM = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def is_hhmm(value: object) -> bool:
    """True for a 24-hour "HH:MM" (two digits each), the only form the settings store."""
    return isinstance(value, str) and bool(_HHMM.match(value))


class QuietProblem(StrEnum):
    """What can be wrong with a contact day and its quiet windows (see :func:`quiet_problems`)."""

    BAD_TIME = "bad_time"  # not HH:MM
    DAY_ORDER = "day_order"  # the contact day ends before it starts
    WINDOW_ORDER = "window_order"  # a window ends before it starts
    WINDOW_OUTSIDE_DAY = "window_outside_day"  # a window misses the contact day altogether
    WINDOW_OVERLAP = "window_overlap"  # two windows overlap


@dataclass(frozen=True)
class QuietIssue:
    problem: QuietProblem
    field: str  # "contact_day_start", "contact_day_end" or "quiet_windows"
    window: int | None = None  # index into the windows as given


def quiet_problems(
    *, day_start: str, day_end: str, windows: list[list[str]] | list[tuple[str, str]]
) -> list[QuietIssue]:
    """Every problem of a configuration at once, empty when :class:`QuietHours` can use it.

    The rule the settings page and the services share: HH:MM times, the day starts before it
    ends, each window [start, end) starts before it ends, lies within one calendar day, reaches
    the contact day and overlaps no other window (touching is not overlapping). "Reaches": the
    default breakfast window 07:00-08:30 ends where the contact day starts, which keeps it
    quiet if the day is opened earlier; a window wholly apart from the day (21:00-22:00 when
    the day ends at 20:30) could never matter and is a typing mistake."""
    issues: list[QuietIssue] = []
    start_ok, end_ok = is_hhmm(day_start), is_hhmm(day_end)
    if not start_ok:
        issues.append(QuietIssue(QuietProblem.BAD_TIME, "contact_day_start"))
    if not end_ok:
        issues.append(QuietIssue(QuietProblem.BAD_TIME, "contact_day_end"))
    day_known = start_ok and end_ok
    if day_known and parse_hhmm(day_start) >= parse_hhmm(day_end):
        issues.append(QuietIssue(QuietProblem.DAY_ORDER, "contact_day_end"))
        day_known = False
    good: list[tuple[time, time, int]] = []
    for index, pair in enumerate(windows):
        a, b = [*list(pair), "", ""][:2] if isinstance(pair, list | tuple) else ("", "")
        if not (is_hhmm(a) and is_hhmm(b)):
            issues.append(QuietIssue(QuietProblem.BAD_TIME, "quiet_windows", index))
            continue
        start, end = parse_hhmm(a), parse_hhmm(b)
        if start >= end:
            issues.append(QuietIssue(QuietProblem.WINDOW_ORDER, "quiet_windows", index))
            continue
        if day_known and (start > parse_hhmm(day_end) or end < parse_hhmm(day_start)):
            issues.append(QuietIssue(QuietProblem.WINDOW_OUTSIDE_DAY, "quiet_windows", index))
            continue
        good.append((start, end, index))
    good.sort()
    reach: time | None = None  # the latest end among the windows that start earlier
    for start, end, index in good:
        if reach is not None and start < reach:
            issues.append(QuietIssue(QuietProblem.WINDOW_OVERLAP, "quiet_windows", index))
        reach = end if reach is None else max(reach, end)
    return issues


@dataclass(frozen=True)
class QuietHours:
    """The day a customer may be contacted, and the windows inside it that stay quiet.

    ``day_start``/``day_end`` bound the contact day (nothing before/after); each window is a
    half-open interval [start, end) in the customer's local time.
    """

    tz: ZoneInfo
    day_start: time
    day_end: time
    windows: tuple[tuple[time, time], ...]

    @classmethod
    def from_config(
        cls, *, tz: str, day_start: str, day_end: str, windows: list[list[str]]
    ) -> QuietHours:
        return cls(
            tz=ZoneInfo(tz),
            day_start=parse_hhmm(day_start),
            day_end=parse_hhmm(day_end),
            windows=tuple((parse_hhmm(a), parse_hhmm(b)) for a, b in windows),
        )

    def _open_intervals(self, day: date) -> list[tuple[datetime, datetime]]:
        """The contactable intervals of one local day, as aware datetimes."""
        cuts = sorted(self.windows)
        intervals: list[tuple[datetime, datetime]] = []
        cursor = self.day_start
        for start, end in cuts:
            if start > cursor:
                intervals.append((cursor_dt(day, cursor, self.tz), cursor_dt(day, start, self.tz)))
            cursor = max(cursor, end)
        if self.day_end > cursor:
            intervals.append(
                (cursor_dt(day, cursor, self.tz), cursor_dt(day, self.day_end, self.tz))
            )
        return intervals

    def is_quiet(self, moment: datetime) -> bool:
        """True when ``moment`` falls in a quiet window or outside the contact day."""
        local = moment.astimezone(self.tz)
        return not any(a <= local < b for a, b in self._open_intervals(local.date()))

    def slot_is_allowed(self, start: datetime, end: datetime) -> bool:
        """True when the whole slot [start, end) lies inside one contactable interval."""
        local_start = start.astimezone(self.tz)
        return any(
            a <= local_start and end <= b for a, b in self._open_intervals(local_start.date())
        )

    def next_open(self, moment: datetime) -> datetime:
        """``moment`` itself if it is contactable, else the next moment that is."""
        local = moment.astimezone(self.tz)
        for offset in range(0, 8):
            day = local.date() + timedelta(days=offset)
            for a, b in self._open_intervals(day):
                if local < b:
                    return max(a, local)
        raise ValueError("no contactable time in the next week")  # config with no open hours


def cursor_dt(day: date, at: time, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, at, tzinfo=tz)


def local_day_bounds(day: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0, 0), tzinfo=tz)
    return start, start + timedelta(days=1)
