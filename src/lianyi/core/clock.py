"""Time: aware datetimes only, and the quiet hours in which nobody is called or visited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone


def now() -> datetime:
    return timezone.now()


def parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


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
