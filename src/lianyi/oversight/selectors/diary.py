"""Reading the work diaries: a supervisor reads their own, a manager those of the supervisors of
the department, an administrator those of the company. The last days are listed with the days
without an entry marked missing."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Max

from lianyi.core.errors import NotFound
from lianyi.core.lookup import as_id
from lianyi.org.capabilities import Capability, has_capability
from lianyi.org.models import User
from lianyi.org.scoping import managed_reps
from lianyi.oversight.days import company_today, local_day_of
from lianyi.oversight.models import DiaryEntry

MAX_DAYS_BACK = 366


def may_write_diary(user: Any) -> bool:
    return has_capability(user, Capability.DIARY_WRITE)


def diary_authors(*, user: Any) -> list[User]:
    """Whose diaries ``user`` reads: their own (a supervisor), or the supervisors in scope."""
    if may_write_diary(user):
        return [user]
    if not has_capability(user, Capability.DIARY_READ):
        return []
    return [p for p in managed_reps(user) if has_capability(p, Capability.DIARY_WRITE)]


def get_diary_author(*, user: Any, author_id: Any) -> User:
    """A supervisor whose diary ``user`` may read; NotFound otherwise (missing or not)."""
    number = as_id(author_id)
    for author in diary_authors(user=user):
        if author.pk == number:
            return author
    raise NotFound()


def diary_staff(*, user: Any) -> list[User]:
    """The staff of ``user``'s team, with whom the diary notes the talks."""
    return [p for p in managed_reps(user) if p.pk != user.pk]


def diary_days(*, author: User) -> list[dt.date]:
    """The days a diary is owed for, today first, back to the author's joining (at most a year):
    the pages of the calendar."""
    today = company_today(author.company)
    joined = local_day_of(author.company, author.date_joined)
    count = min((today - joined).days + 1, MAX_DAYS_BACK)
    return [today - dt.timedelta(days=n) for n in range(max(count, 1))]


@dataclass(frozen=True)
class DiaryDay:
    day: dt.date
    entry: DiaryEntry | None
    late: bool  # written after its day

    @property
    def missing(self) -> bool:
        return self.entry is None


def diary_calendar(*, author: User, days: list[dt.date]) -> list[DiaryDay]:
    """``days`` (newest first) with the author's entry of each, or a gap; one query."""
    if not days:
        return []
    entries = {
        e.day: e
        for e in DiaryEntry.objects.filter(
            author=author, day__gte=min(days), day__lte=max(days)
        ).only("pk", "day", "version", "created_at", "updated_at", "plan", "summary")
    }
    return [
        DiaryDay(
            day=day,
            entry=entries.get(day),
            late=day in entries and local_day_of(author.company, entries[day].created_at) > day,
        )
        for day in days
    ]


@dataclass(frozen=True)
class AuthorSummary:
    author: User
    written: int
    missing: int
    last_day: dt.date | None


def authors_overview(*, user: Any, days: int = 7) -> list[AuthorSummary]:
    """For a reader: each supervisor in scope with the entries of the last ``days`` days written
    and missing; three queries whatever the number of supervisors."""
    authors = diary_authors(user=user)
    if not authors:
        return []
    today = company_today(user.company)
    start = today - dt.timedelta(days=days - 1)
    rows = DiaryEntry.objects.filter(author__in=[a.pk for a in authors], day__lte=today)
    recent: dict[int, set[dt.date]] = {}
    for author_id, day in rows.filter(day__gte=start).values_list("author_id", "day"):
        recent.setdefault(author_id, set()).add(day)
    latest = rows.order_by().values("author_id").annotate(last=Max("day"))
    last = dict(latest.values_list("author_id", "last"))
    summaries = []
    for author in authors:
        owed = min(days, (today - local_day_of(user.company, author.date_joined)).days + 1)
        written = len(recent.get(author.pk, set()))
        summaries.append(
            AuthorSummary(
                author=author,
                written=written,
                missing=max(owed - written, 0),
                last_day=last.get(author.pk),
            )
        )
    return summaries


def diary_entry(*, author: User, day: dt.date) -> DiaryEntry | None:
    """The author's entry of ``day`` with its talks and earlier versions, or None."""
    return (
        DiaryEntry.objects.filter(author=author, day=day)
        .prefetch_related("talks__staff", "versions")
        .first()
    )
