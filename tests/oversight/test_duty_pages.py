"""The pages of the daily profiles and the work diary: who opens what, a take and an offer through
the form, a future diary day refused, out-of-scope ids answered like missing ones."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from lianyi.org.models import User
from lianyi.oversight.models import DailyProfile, DiaryEntry, ProfileState
from lianyi.oversight.services.diary import write_diary
from tests.conftest import SHANGHAI, World
from tests.oversight.duties import visited_at

NOON = dt.datetime(2026, 11, 10, 14, 0, tzinfo=SHANGHAI)
DAY = NOON.date()


def client_for(user) -> Client:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def at_noon(world: World):  # type: ignore[no-untyped-def]
    # the world's people joined a while before the day the test travels to
    User.objects.update(date_joined=NOON - dt.timedelta(days=60))
    with time_machine.travel(NOON, tick=False):
        yield world


def test_a_supervisor_picks_a_profile_on_the_page(at_noon: World) -> None:
    world = at_noon
    customer = visited_at(world, NOON - dt.timedelta(hours=2), name="王秀英")
    client = client_for(world.supervisor)
    page = client.get("/team/profiles/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-state="due"' in html and f"/team/profiles/{world.rep.pk}/{DAY}/" in html
    # a rep who visited nobody that day has nothing to pick from
    assert f"/team/profiles/{world.rep_same_team.pk}/{DAY}/" not in html
    assert 'data-role="no-visit"' in html
    take = client.get(f"/team/profiles/{world.rep.pk}/{DAY}/")
    assert "王秀英" in take.content.decode()
    answer = client.post(f"/team/profiles/{world.rep.pk}/{DAY}/", {"customer": customer.pk})
    assert answer.status_code == 302
    assert DailyProfile.objects.get().state == ProfileState.TAKEN
    assert 'data-state="taken"' in client.get("/team/profiles/").content.decode()


def test_a_refused_pick_shows_the_message(at_noon: World) -> None:
    world = at_noon
    yesterday = visited_at(world, NOON - dt.timedelta(days=1))
    client = client_for(world.supervisor)
    answer = client.post(f"/team/profiles/{world.rep.pk}/{DAY}/", {"customer": yesterday.pk})
    assert answer.status_code == 200
    assert "当天没有家访记录" in answer.content.decode()
    assert not DailyProfile.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/team/profiles/{other}/{day}/",
        "/team/profiles/999999999/{day}/",
        "/team/profiles/{rep}/2026-13-40/",
        "/team/profiles/{rep}/{tomorrow}/",
    ],
)
def test_out_of_scope_bad_or_future_is_not_found(at_noon: World, path: str) -> None:
    world = at_noon
    url = path.format(
        other=world.rep_other_team.pk,
        rep=world.rep.pk,
        day=DAY,
        tomorrow=DAY + dt.timedelta(days=1),
    )
    assert client_for(world.supervisor).get(url).status_code == 404


def test_a_rep_offers_todays_profile(at_noon: World) -> None:
    world = at_noon
    customer = visited_at(world, NOON - dt.timedelta(hours=2), name="王秀英")
    client = client_for(world.rep)
    assert client.get("/team/profiles/").url == "/team/profiles/offer/"  # type: ignore[attr-defined]
    assert "王秀英" in client.get("/team/profiles/offer/").content.decode()
    assert client.post("/team/profiles/offer/", {"customer": customer.pk}).status_code == 302
    assert DailyProfile.objects.get().state == ProfileState.OFFERED
    assert client.get(f"/team/profiles/{world.rep.pk}/{DAY}/").status_code == 404


def test_the_profiles_page_query_count_does_not_grow(at_noon: World) -> None:
    world = at_noon
    client = client_for(world.supervisor)
    client.get("/team/profiles/")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/team/profiles/").status_code == 200
        return len(ctx.captured_queries)

    few = count()
    for n in range(3):
        customer = visited_at(world, NOON - dt.timedelta(hours=n + 1), owner=world.rep_same_team)
        if n == 0:
            client.post(
                f"/team/profiles/{world.rep_same_team.pk}/{DAY}/", {"customer": customer.pk}
            )
    assert count() == few


def test_a_supervisor_writes_and_reads_the_diary(at_noon: World) -> None:
    world = at_noon
    client = client_for(world.supervisor)
    page = client.get("/team/diary/")
    assert page.status_code == 200 and f'id="diary-day-{DAY}"' in page.content.decode()
    form = client.get(f"/team/diary/write/{DAY}/").content.decode()
    assert (
        f'name="talk_{world.rep.pk}"' in form
        and f'name="talk_{world.rep_other_team.pk}"' not in form
    )
    answer = client.post(
        f"/team/diary/write/{DAY}/",
        {"plan": "陪访", "summary": "收档案", f"talk_{world.rep.pk}": "注意免打扰时段"},
    )
    assert answer.status_code == 302
    entry = client.get(f"/team/diary/{world.supervisor.pk}/{DAY}/").content.decode()
    assert "注意免打扰时段" in entry and "rep_a" in entry


def test_a_diary_for_a_future_day_is_refused_on_the_page(at_noon: World) -> None:
    world = at_noon
    client = client_for(world.supervisor)
    tomorrow = DAY + dt.timedelta(days=1)
    assert 'id="diary-future"' in client.get(f"/team/diary/write/{tomorrow}/").content.decode()
    answer = client.post(f"/team/diary/write/{tomorrow}/", {"plan": "明天的计划"})
    assert answer.status_code == 200 and "不能晚于今天" in answer.content.decode()
    assert not DiaryEntry.objects.exists()


def test_too_long_text_is_refused_next_to_its_field(at_noon: World) -> None:
    world = at_noon
    answer = client_for(world.supervisor).post(f"/team/diary/write/{DAY}/", {"plan": "计" * 2001})
    assert answer.status_code == 200 and 'id="id_plan_error"' in answer.content.decode()
    assert not DiaryEntry.objects.exists()


def test_managers_read_their_supervisors_diaries(at_noon: World) -> None:
    world = at_noon
    write_diary(by=world.supervisor, day=DAY, plan="陪访", summary="", talks={})
    manager = client_for(world.manager)
    overview = manager.get("/team/diary/").content.decode()
    assert f'data-author="{world.supervisor.pk}"' in overview
    assert manager.get(f"/team/diary/{world.supervisor.pk}/").status_code == 200
    assert "陪访" in manager.get(f"/team/diary/{world.supervisor.pk}/{DAY}/").content.decode()
    assert manager.get(f"/team/diary/write/{DAY}/").status_code == 404
    other = client_for(world.manager_other_dept)
    assert other.get(f"/team/diary/{world.supervisor.pk}/").status_code == 404
    assert other.get(f"/team/diary/{world.supervisor.pk}/{DAY}/").status_code == 404
    assert client_for(world.rep).get("/team/diary/").status_code == 404
