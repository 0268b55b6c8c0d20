"""主管工作日志: a supervisor writes a plan, a summary and the main points of the talks with each
staff member per day; no diary for a day to come; an edit after the day keeps the text it
replaced; managers read their supervisors' diaries, a missing day shows as missing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.oversight.models import DiaryEntry, DiaryVersion
from lianyi.oversight.selectors.diary import (
    authors_overview,
    diary_authors,
    diary_calendar,
    diary_days,
    diary_entry,
    get_diary_author,
)
from lianyi.oversight.services.diary import write_diary
from tests.conftest import SHANGHAI, World

EVENING = dt.datetime(2026, 11, 10, 21, 0, tzinfo=SHANGHAI)
DAY = EVENING.date()


def write(world: World, day: dt.date = DAY, **fields):  # type: ignore[no-untyped-def]
    values = {"plan": "上午陪访", "summary": "收了两份档案", "talks": {}} | fields
    return write_diary(by=world.supervisor, day=day, **values)


def test_a_supervisor_writes_the_days_plan_summary_and_talks(world: World) -> None:
    with time_machine.travel(EVENING, tick=False):
        entry = write(
            world, talks={world.rep.pk: "二次电话要在两天内打", world.rep_same_team.pk: ""}
        )
    entry = diary_entry(author=world.supervisor, day=DAY)
    assert entry is not None and (entry.plan, entry.summary) == ("上午陪访", "收了两份档案")
    assert [(t.staff_id, t.points) for t in entry.talks.all()] == [
        (world.rep.pk, "二次电话要在两天内打")
    ]
    audit = AuditEntry.objects.get(action="oversight.diary.written")
    assert audit.actor == world.supervisor and audit.data["talks"] == [world.rep.pk]


def test_no_diary_for_a_day_to_come(world: World) -> None:
    with time_machine.travel(dt.datetime(2026, 11, 10, 23, 59, tzinfo=SHANGHAI), tick=False):
        with pytest.raises(DomainError) as excinfo:
            write(world, day=dt.date(2026, 11, 11))
        assert excinfo.value.code == "oversight.day_in_future"
    # a minute later (Shanghai's midnight, 16:00 UTC) the 11th has begun
    with time_machine.travel(dt.datetime(2026, 11, 11, 0, 0, tzinfo=SHANGHAI), tick=False):
        assert write(world, day=dt.date(2026, 11, 11)).day == dt.date(2026, 11, 11)
    assert not DiaryVersion.objects.exists()


def test_edits_on_the_day_overwrite_and_edits_after_it_keep_versions(world: World) -> None:
    with time_machine.travel(EVENING, tick=False):
        write(world, summary="初稿")
        write(world, summary="当天改过", talks={world.rep.pk: "鼓励"})
    assert not DiaryVersion.objects.exists()
    with time_machine.travel(EVENING + dt.timedelta(days=1), tick=False):
        entry = write(world, summary="第二天补充", talks={world.rep.pk: "鼓励，约定周五陪访"})
    assert entry.version == 2
    version = DiaryVersion.objects.get()
    assert (version.version, version.summary) == (1, "当天改过")
    assert version.talks == [{"staff_id": world.rep.pk, "staff": "rep_a", "points": "鼓励"}]
    assert version.replaced_by == world.supervisor
    edits = AuditEntry.objects.filter(action="oversight.diary.edited").order_by("pk")
    assert [e.data["late"] for e in edits] == [False, True]
    assert edits.last().changes == {"summary": ["当天改过", "第二天补充"]}  # type: ignore[union-attr]


def test_an_unchanged_save_writes_nothing(world: World) -> None:
    with time_machine.travel(EVENING + dt.timedelta(days=1), tick=False):
        write(world, day=DAY)
        write(world, day=DAY)
    assert DiaryEntry.objects.get().version == 1
    assert not AuditEntry.objects.filter(action="oversight.diary.edited").exists()


def test_a_stale_edit_is_refused(world: World) -> None:
    with time_machine.travel(EVENING + dt.timedelta(days=1), tick=False):
        write(world)
        write(world, summary="另一个标签页", expected_version=1)
        with pytest.raises(DomainError) as excinfo:
            write(world, summary="旧的标签页", expected_version=1)
    assert excinfo.value.code == "oversight.diary_stale"


def test_text_is_bounded(world: World) -> None:
    with time_machine.travel(EVENING, tick=False), pytest.raises(DomainError) as excinfo:
        write(world, plan="计" * 2001, talks={world.rep.pk: "谈" * 1001})
    assert excinfo.value.code == "text_too_long"
    fields = [e["extra"]["field"] for e in excinfo.value.extra["errors"]]
    assert fields == ["plan", f"talk_{world.rep.pk}"]
    assert not DiaryEntry.objects.exists()


@pytest.mark.parametrize("staff", ["rep_other_team", "rep_other_dept", "supervisor_other_team"])
def test_talks_only_with_the_teams_staff(world: World, staff: str) -> None:
    with time_machine.travel(EVENING, tick=False), pytest.raises(DomainError) as excinfo:
        write(world, talks={getattr(world, staff).pk: "不在本组"})
    assert excinfo.value.code == "not_found"


@pytest.mark.parametrize("who", ["rep", "manager", "admin", "service"])
def test_only_supervisors_write_a_diary(world: World, who: str) -> None:
    with pytest.raises(DomainError) as excinfo:
        write_diary(by=getattr(world, who), day=DAY, plan="x", summary="", talks={})
    assert excinfo.value.code == "forbidden"


def test_who_reads_whose_diary(world: World) -> None:
    readers = {
        "supervisor": {"sup_a"},
        "supervisor_other_team": {"sup_b"},
        "manager": {"sup_a", "sup_b"},
        "manager_other_dept": set(),
        "admin": {"sup_a", "sup_b"},
        "rep": set(),
        "service": set(),
        "outsider_admin": set(),
    }
    for who, names in readers.items():
        assert {str(a) for a in diary_authors(user=getattr(world, who))} == names, who
    with pytest.raises(DomainError) as excinfo:
        get_diary_author(user=world.manager_other_dept, author_id=world.supervisor.pk)
    assert excinfo.value.code == "not_found"
    with pytest.raises(DomainError):
        get_diary_author(user=world.supervisor_other_team, author_id=world.supervisor.pk)


def test_missing_days_show_as_gaps(world: World) -> None:
    world.supervisor.date_joined = EVENING - dt.timedelta(days=30)
    world.supervisor.save(update_fields=["date_joined"])
    with time_machine.travel(EVENING - dt.timedelta(days=2), tick=False):
        write(world, day=DAY - dt.timedelta(days=2))
    with time_machine.travel(EVENING, tick=False):
        write(world, day=DAY)
        write(world, day=DAY - dt.timedelta(days=3))  # written late
        days = diary_days(author=world.supervisor)[:5]
        calendar = diary_calendar(author=world.supervisor, days=days)
        overview = authors_overview(user=world.manager, days=7)
    assert [d.day for d in calendar] == [DAY - dt.timedelta(days=n) for n in range(5)]
    assert [d.missing for d in calendar] == [False, True, False, False, True]
    assert [d.late for d in calendar] == [False, False, False, True, False]
    mine = next(s for s in overview if s.author == world.supervisor)
    assert (mine.written, mine.missing, mine.last_day) == (3, 4, DAY)
    other = next(s for s in overview if s.author == world.supervisor_other_team)
    assert other.written == 0 and other.last_day is None


def test_the_calendar_and_overview_query_counts_do_not_grow(world: World) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            diary_calendar(author=world.supervisor, days=diary_days(author=world.supervisor)[:14])
            authors_overview(user=world.admin)
        return len(ctx.captured_queries)

    with time_machine.travel(EVENING, tick=False):
        few = count()
        for n in range(4):
            write(world, day=DAY - dt.timedelta(days=n))
        many = count()
    assert many == few
