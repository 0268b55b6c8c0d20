"""今日 with the after-sales programme: the rep's due tasks in the same list as the journey's
due customers, in time order, and the pages of the programme on the customer's page."""

from __future__ import annotations

import datetime as dt
import re

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianyi.aftercare.models import ProgrammeTask, TaskState
from lianyi.aftercare.services.programme import start_programme
from lianyi.customers.selectors import get_customer
from lianyi.journey.selectors import upcoming_by_day
from tests.conftest import at_local, make_customer
from tests.factories import OrderFactory, ProgrammeTaskFactory

D = dt.date(2026, 3, 2)
NOW = at_local(D + dt.timedelta(days=1), 10)


def rows(content: str) -> list[tuple[str, int, str]]:
    """(kind, id, due iso) of each row of the today list, in page order."""
    return [
        (kind, int(pk), due)
        for kind, pk, due in re.findall(
            r'id="(agenda|task)-(\d+)".*?<time class="card__time[^"]*" datetime="([^"]+)"',
            content,
            flags=re.S,
        )
    ]


def test_due_programme_tasks_join_the_journey_items_in_one_list_in_time_order(world, login):
    with time_machine.travel(NOW, tick=False):
        journey_customer = make_customer(world, step=1, name="张桂兰", sex="F")
        bought = make_customer(world, step=5, name="王建华", sex="M")
        tasks = start_programme(by=world.rep, order=OrderFactory(customer=bought), delivered_on=D)
        other = make_customer(world, owner=world.rep_same_team, name="李秀英")
        start_programme(by=world.rep, order=OrderFactory(customer=other), delivered_on=D)
        response = login(world.rep).get(reverse("web:today"))
    content = response.content.decode()
    found = rows(content)
    kinds = {kind for kind, _pk, _due in found}
    assert kinds == {"agenda", "task"}
    assert [due for _k, _p, due in found] == sorted(due for _k, _p, due in found)
    task_ids = [pk for kind, pk, _due in found if kind == "task"]
    # only the first call is due by the end of D+1; the other rep's tasks never show
    assert task_ids == [tasks[0].pk]
    assert ("agenda", journey_customer.pk) in {(k, p) for k, p, _d in found}
    row = content[content.index(f'id="task-{tasks[0].pk}"') :]
    assert "王叔叔" in row[:1500] and "售后电话" in row[:1500]
    assert reverse("web:record_aftercare_task", args=[tasks[0].pk]) in row[:3000]


def test_today_query_count_does_not_grow_with_the_number_of_tasks(world, login):
    def count(n: int) -> int:
        ProgrammeTask.objects.all().delete()
        customer = make_customer(world, step=5)
        for i in range(n):
            ProgrammeTaskFactory(customer=customer, due_from=NOW - dt.timedelta(hours=i + 1))
        client = login(world.rep)
        with time_machine.travel(NOW, tick=False), CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse("web:today"))
        assert response.status_code == 200
        assert len(rows(response.content.decode())) >= min(n, 20)
        return len(ctx.captured_queries)

    assert count(3) == count(30)


def test_a_task_inside_quiet_hours_never_shows_before_the_window_opens(world, login):
    # a task the programme plans for D+2 starts at 08:30; at 08:00 of D+2 it is not yet due
    # on the list of D+1 but shows on D+2 from the morning
    with time_machine.travel(NOW, tick=False):
        bought = make_customer(world, step=5)
        tasks = start_programme(by=world.rep, order=OrderFactory(customer=bought), delivered_on=D)
    second = tasks[1]
    assert second.due_from == at_local(D + dt.timedelta(days=2), 8, 30)
    client = login(world.rep)
    with time_machine.travel(at_local(D + dt.timedelta(days=1), 20), tick=False):
        ids = [pk for kind, pk, _d in rows(client.get(reverse("web:today")).content.decode())]
        assert second.pk not in ids
    with time_machine.travel(at_local(D + dt.timedelta(days=2), 8), tick=False):
        ids = [pk for kind, pk, _d in rows(client.get(reverse("web:today")).content.decode())]
        assert second.pk in ids


def test_the_customer_page_shows_the_programme_and_why_a_task_moved(world, login):
    with time_machine.travel(NOW, tick=False):
        bought = make_customer(world, step=5)
        tasks = start_programme(by=world.rep, order=OrderFactory(customer=bought), delivered_on=D)
        response = login(world.rep).get(reverse("web:customer", args=[bought.pk]))
    content = response.content.decode()
    assert 'id="contact-preference-form"' in content
    assert f'id="programme-task-{tasks[3].pk}"' in content
    assert "7 天内最多联系 3 次" in content


def test_the_preference_form_saves_replans_and_shows_errors_next_to_the_field(world, login):
    with time_machine.travel(NOW, tick=False):
        bought = make_customer(world, step=5)
        start_programme(by=world.rep, order=OrderFactory(customer=bought), delivered_on=D)
        client = login(world.rep)
        url = reverse("web:contact_preference", args=[bought.pk])
        bad = client.post(url, {"max_per_month": "-3", "channel": "phone"})
        assert bad.status_code == 200
        assert bad.context["preference_form"].errors["max_per_month"]
        good = client.post(url, {"max_per_month": "", "channel": "phone", "note": "白天打电话"})
        assert good.status_code == 302
        kinds = set(
            ProgrammeTask.objects.filter(customer=bought, state=TaskState.OPEN).values_list(
                "kind", flat=True
            )
        )
        assert kinds == {"call"}
        outsider = login(world.rep_other_team).post(url, {"channel": "any"})
        assert outsider.status_code == 404


def test_recording_a_task_from_the_today_link_marks_it_done(world, login):
    with time_machine.travel(NOW, tick=False):
        bought = make_customer(world, step=5)
        tasks = start_programme(by=world.rep, order=OrderFactory(customer=bought), delivered_on=D)
        url = reverse("web:record_aftercare_task", args=[tasks[0].pk])
        client = login(world.rep)
        assert client.get(url).status_code == 200
        response = client.post(
            url, {"channel": "phone", "reached": "on", "satisfaction": "", "notes": "使用正常"}
        )
        assert response.status_code == 302
        tasks[0].refresh_from_db()
        assert tasks[0].state == TaskState.DONE
        assert login(world.rep_other_team).get(url).status_code == 404
    assert get_customer(user=world.rep, customer_id=bought.pk).aftercare_contacts.count() == 1


def test_the_next_seven_days_count_the_tasks_due_on_each_day(world, login):
    with time_machine.travel(NOW, tick=False):
        bought = make_customer(world, step=5)
        start_programme(by=world.rep, order=OrderFactory(customer=bought), delivered_on=D)
        response = login(world.rep).get(reverse("web:today"))
        journey_only = dict(upcoming_by_day(user=world.rep, days=7))
    plan = dict(response.context["plan"])
    # the second call (D+2) and the first visit (D+4) fall on the next days
    assert plan[D + dt.timedelta(days=2)] == journey_only[D + dt.timedelta(days=2)] + 1
    assert plan[D + dt.timedelta(days=4)] == journey_only[D + dt.timedelta(days=4)] + 1
    assert plan[D + dt.timedelta(days=3)] == journey_only[D + dt.timedelta(days=3)]
