"""今日: a rep's due and overdue calls and visits, in time order, and nothing else."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lianyi.journey import services as journey
from lianyi.journey.services import Contact, withdraw_consent
from tests.conftest import SHANGHAI, at_local, make_customer


def agenda_ids(content: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'id="agenda-(\d+)"', content)]


def test_today_lists_the_reps_due_items_in_time_order_with_address_phone_and_step(world, login):
    # given: customers at four steps, created out of order
    at_visit = make_customer(world, step=4, name="赵淑芬")
    at_first_call = make_customer(world, step=1, name="张桂兰", sex="F")
    at_second_call = make_customer(world, step=3, name="王建华", sex="M")
    at_first_visit = make_customer(world, step=2, name="刘玉梅")
    registered_only = make_customer(world, step=0, name="陈秀英")
    # when
    response = login(world.rep).get(reverse("web:today"))
    # then
    content = response.content.decode()
    assert response.status_code == 200
    assert agenda_ids(content) == [
        at_first_call.pk,
        at_first_visit.pk,
        at_second_call.pk,
        at_visit.pk,
    ]
    assert registered_only.name not in content
    assert "张阿姨" in content and "王叔叔" in content
    assert f'href="tel:{at_first_call.mobile}"' in content
    assert "第一次电话·预热" in content and "第二次家访·送函" in content
    assert "逾期" in content
    assert reverse("web:record_first_call", args=[at_first_call.pk]) in content
    assert reverse("web:record_second_visit", args=[at_visit.pk]) in content


def test_today_excludes_withdrawn_do_not_contact_and_other_reps_customers(world, login):
    mine = make_customer(world, step=1, name="张桂兰")
    withdrawn = make_customer(world, step=1, name="孙丽华")
    withdraw_consent(by=world.rep, customer_id=withdrawn.pk)
    refused = make_customer(world, step=1, name="周志强", sex="M")
    journey.record_first_call(
        by=world.rep, customer_id=refused.pk, outcome="do_not_contact", contact=Contact()
    )
    colleague = make_customer(world, owner=world.rep_same_team, step=1, name="吴桂英")
    other_team = make_customer(world, owner=world.rep_other_team, step=1, name="郑美兰")

    content = login(world.rep).get(reverse("web:today")).content.decode()

    assert agenda_ids(content) == [mine.pk]
    for name in (withdrawn.name, refused.name, colleague.name, other_team.name):
        assert name not in content


def test_today_shows_the_next_seven_days_apart_from_what_is_due(world, login):
    customer = make_customer(world, step=1, name="张桂兰")
    day = timezone.localdate() + dt.timedelta(days=3)
    journey.record_first_call(
        by=world.rep,
        customer_id=customer.pk,
        outcome="agreed",
        contact=Contact(),
        visit_slot=(at_local(day, 15), at_local(day, 16)),
    )

    client = login(world.rep)
    content = client.get(reverse("web:today")).content.decode()

    assert agenda_ids(content) == []
    assert 'id="agenda-empty"' in content
    # the day shows one item in the plan, and opening that day lists the visit
    tile = re.search(rf'id="plan-{day:%Y-%m-%d}".*?</a>', content, re.S)
    assert tile is not None and "1 项" in tile.group(0)
    day_page = client.get(reverse("web:today"), {"day": day.isoformat()}).content.decode()
    assert agenda_ids(day_page) == [customer.pk]
    assert f"{day:%m-%d} 15:00" in day_page


def test_today_shows_a_page_of_due_items_and_loads_the_rest_with_htmx(world, login, settings):
    from lianyi.web.views import today as today_view

    customers = [make_customer(world, step=1, name=f"张桂{i}") for i in range(3)]
    client = login(world.rep)
    with mock.patch.object(today_view, "PAGE_SIZE", 2):
        first = client.get(reverse("web:today")).content.decode()
        rest = client.get(
            reverse("web:today"), {"page": 2}, headers={"HX-Request": "true"}
        ).content.decode()
    assert agenda_ids(first) == [c.pk for c in customers[:2]]
    assert 'id="agenda-more"' in first and "共 3 项" in first
    assert agenda_ids(rest) == [customers[2].pk]
    assert "<html" not in rest and 'id="agenda-more"' not in rest


def test_today_warns_inside_quiet_hours_and_not_outside(world, login):
    client = login(world.rep)
    lunch = dt.datetime.combine(timezone.localdate(), dt.time(12, 0), tzinfo=SHANGHAI)
    afternoon = dt.datetime.combine(timezone.localdate(), dt.time(15, 0), tzinfo=SHANGHAI)
    with mock.patch("lianyi.web.views.today.now", return_value=lunch):
        assert 'id="quiet-banner"' in client.get(reverse("web:today")).content.decode()
    with mock.patch("lianyi.web.views.today.now", return_value=afternoon):
        assert 'id="quiet-banner"' not in client.get(reverse("web:today")).content.decode()


def count_queries(client, url: str) -> int:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def test_today_and_customer_list_queries_do_not_grow_with_rows(world, login):
    client = login(world.rep)
    for i in range(3):
        make_customer(world, step=1 + i % 4, name=f"张桂{i}")
    few = {url: count_queries(client, url) for url in (reverse("web:today"), "/customers/")}
    for i in range(27):
        make_customer(world, step=1 + i % 4, name=f"李秀{i}")
    many = {url: count_queries(client, url) for url in (reverse("web:today"), "/customers/")}
    assert many == few


def test_today_needs_a_login(client):
    response = client.get(reverse("web:today"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("web:login"))


def test_today_reads_its_page_with_the_total_and_the_user_with_the_company(world, login):
    """The list is read once for a page and its total, the next seven days' counts of calls,
    visits and after-sales tasks in one query, the user and the company in one."""
    client = login(world.rep)
    for i in range(3):
        make_customer(world, step=1 + i % 4, name=f"张桂{i}")
    client.get(reverse("web:today"))
    with CaptureQueriesContext(connection) as ctx:
        content = client.get(reverse("web:today")).content.decode()
    sqls = [q["sql"] for q in ctx.captured_queries]
    assert 'id="due-count">3<' in content
    assert sum("COUNT(*) OVER ()" in sql for sql in sqls) == 1
    assert not any(sql.startswith("SELECT COUNT(*) FROM ((SELECT") for sql in sqls)
    assert sum(" UNION ALL " in sql and 'AS "day"' in sql for sql in sqls) == 1
    assert not any(sql.startswith('SELECT "org_company"') for sql in sqls)
    user_reads = [sql for sql in sqls if sql.startswith('SELECT "org_user"."id"')]
    assert len(user_reads) == 1 and '"org_company"' in user_reads[0]
