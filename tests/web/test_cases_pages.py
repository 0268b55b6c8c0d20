"""工单 pages: the list each role sees (with its filters, total, pages and a query count that does
not grow), one case with its deadline, history and the holder's forms, closing refused without
the customer's confirmation, opening a case and recording an after-sales contact from the
customer's page, the case steps on the customer's timeline, and 我的投诉/问题 on the today page."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from lianyi.aftercare.models import Case, CaseEventKind, CaseLevel, CaseState, TaskKind
from lianyi.aftercare.services.cases import escalate_case, open_case, resolve_case
from tests.conftest import make_customer

pytestmark = pytest.mark.django_db


def _case(world, owner=None, summary="血压计不准", customer=None):
    customer = customer or make_customer(world, owner=owner or world.rep)
    return open_case(
        by=customer.owner, customer_id=customer.pk, source="complaint", summary=summary
    )


def _queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


def _listed(client, params=None) -> set[int]:
    response = client.get(reverse("web:cases"), params or {})
    assert response.status_code == 200
    return {row["case"].pk for row in response.context["rows"]}


def test_each_role_lists_the_cases_of_its_scope(world, login):
    mine = _case(world)
    team = _case(world, owner=world.rep_same_team)
    department = _case(world, owner=world.rep_other_team)
    elsewhere = _case(world, owner=world.rep_other_dept)
    everything = {mine.pk, team.pk, department.pk, elsewhere.pk}

    assert _listed(login(world.rep)) == {mine.pk}
    assert _listed(login(world.supervisor)) == {mine.pk, team.pk}
    assert _listed(login(world.manager)) == {mine.pk, team.pk, department.pk}
    assert _listed(login(world.service)) == everything
    # an administrator configures; cases are not theirs to handle
    assert login(world.admin).get(reverse("web:cases")).status_code == 404


def test_a_case_held_by_its_supervisor_after_escalation_is_listed_for_them(world, login):
    case = _case(world, owner=world.rep_other_team)
    with time_machine.travel(case.deadline_at + dt.timedelta(minutes=1)):
        assert escalate_case(case_id=case.pk)
    assert _listed(login(world.supervisor_other_team)) == {case.pk}
    assert _listed(login(world.supervisor)) == set()


def test_the_list_filters_by_state_and_level_and_shows_the_total(world, login):
    open_one = _case(world)
    closed_one = _case(world)
    Case.objects.filter(pk=closed_one.pk).update(
        state=CaseState.CLOSED,
        confirmed_by=world.rep,
        confirmed_at=timezone.now(),
        customer_said="好了",
    )
    up = _case(world)
    with time_machine.travel(up.deadline_at + dt.timedelta(minutes=1)):
        escalate_case(case_id=up.pk)
    client = login(world.service)
    assert _listed(client) == {open_one.pk, up.pk}  # open ones by default
    assert _listed(client, {"state": "closed"}) == {closed_one.pk}
    assert _listed(client, {"state": "all"}) == {open_one.pk, closed_one.pk, up.pk}
    assert _listed(client, {"level": CaseLevel.SUPERVISOR}) == {up.pk}
    assert _listed(client, {"level": "nonsense", "state": "nonsense"}) == {open_one.pk, up.pk}
    page = client.get(reverse("web:cases"))
    assert 'data-total="2"' in page.content.decode()


def test_the_list_pages_and_costs_the_same_queries_for_few_or_many_cases(world, login):
    client = login(world.service)
    for n in range(2):
        _case(world, summary=f"问题{n}")
    few = _queries(client, reverse("web:cases"))
    for n in range(23):
        _case(world, owner=[world.rep, world.rep_other_dept][n % 2], summary=f"问题{n}")
    many = _queries(client, reverse("web:cases"))
    assert many == few
    first = client.get(reverse("web:cases"))
    assert first.context["paged"].total == 25 and first.context["paged"].num_pages == 2
    second = client.get(reverse("web:cases"), {"page": 2})
    assert len(second.context["rows"]) == 5
    assert client.get(reverse("web:cases"), {"page": "abc"}).status_code == 200


def test_the_case_page_shows_the_customer_level_holder_and_time_left(world, login):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        case = _case(world)
    with time_machine.travel(start + dt.timedelta(hours=20), tick=False):
        page = login(world.rep).get(reverse("web:case", args=[case.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert case.customer.name in html and "血压计不准" in html
    assert "还剩 4 小时 0 分" in html
    assert 'id="case-holder">rep_a' in html
    assert 'id="case-close-form"' in html and 'id="case-hand-up-form"' in html


def test_an_overdue_case_says_so(world, login):
    case = _case(world)
    with time_machine.travel(case.deadline_at + dt.timedelta(hours=2, minutes=5), tick=False):
        html = login(world.rep).get(reverse("web:case", args=[case.pk])).content.decode()
    assert "已超时 2 小时 5 分" in html


def test_the_holder_adds_a_note_resolves_and_closes_with_the_confirmation(world, login):
    case = _case(world)
    client = login(world.rep)
    url = reverse("web:case", args=[case.pk])

    response = client.post(reverse("web:case_note", args=[case.pk]), {"note": "已电话安抚"})
    assert response.status_code == 302 and response.url == url
    client.post(reverse("web:case_resolve", args=[case.pk]), {"resolution": "上门换新"})
    refused = client.post(
        reverse("web:case_close", args=[case.pk]),
        {"confirmed_by": "", "confirmed_at": "", "customer_said": ""},
    )
    assert refused.status_code == 400
    form = refused.context["close_form"]
    codes = {f: [e.code for e in form.errors[f].as_data()] for f in form.errors}
    assert codes == {
        "confirmed_by": ["aftercare.case_confirmation_required"],
        "confirmed_at": ["aftercare.case_confirmation_required"],
        "customer_said": ["aftercare.case_confirmation_required"],
    }
    assert "请记录客户怎么说的。" in refused.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.OPEN

    at = timezone.localtime() - dt.timedelta(minutes=10)
    closed = client.post(
        reverse("web:case_close", args=[case.pk]),
        {
            "confirmed_by": world.rep.pk,
            "confirmed_at": at.strftime("%Y-%m-%dT%H:%M"),
            "customer_said": "换了新的，满意",
        },
    )
    assert closed.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.customer_said == "换了新的，满意"
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds == [
        CaseEventKind.OPENED,
        CaseEventKind.NOTE,
        CaseEventKind.RESOLVED,
        CaseEventKind.CLOSED,
    ]
    html = client.get(url).content.decode()
    assert 'id="case-close-form"' not in html and "换了新的，满意" in html


def test_a_note_that_is_empty_or_too_long_is_refused_next_to_the_field(world, login):
    case = _case(world)
    client = login(world.rep)
    empty = client.post(reverse("web:case_note", args=[case.pk]), {"note": " "})
    assert empty.status_code == 400 and "note" in empty.context["note_form"].errors
    long = client.post(reverse("web:case_note", args=[case.pk]), {"note": "话" * 2001})
    assert long.status_code == 400 and "note" in long.context["note_form"].errors
    assert case.events.count() == 1


def test_the_holder_hands_the_case_up_and_then_only_adds_notes(world, login):
    case = _case(world)
    client = login(world.rep)
    response = client.post(reverse("web:case_hand_up", args=[case.pk]), {"note": "需要主管出面"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.level == CaseLevel.SUPERVISOR and case.holder == world.supervisor
    html = client.get(reverse("web:case", args=[case.pk])).content.decode()
    assert 'id="case-not-holder"' in html and 'id="case-note-form"' in html
    refused = client.post(reverse("web:case_resolve", args=[case.pk]), {"resolution": "换新"})
    assert refused.status_code == 400
    errors = refused.context["resolve_form"].non_field_errors().as_data()
    assert [e.code for e in errors] == ["aftercare.case_not_holder"]


def test_a_rep_of_another_team_gets_404_for_the_page_and_every_action(world, login):
    case = _case(world)
    client = login(world.rep_other_team)
    assert client.get(reverse("web:case", args=[case.pk])).status_code == 404
    assert client.get(reverse("web:case", args=[999_999])).status_code == 404
    for name, data in [
        ("case_note", {"note": "x"}),
        ("case_hand_up", {"note": "x"}),
        ("case_resolve", {"resolution": "x"}),
        ("case_close", {"customer_said": "x"}),
    ]:
        assert client.post(reverse(f"web:{name}", args=[case.pk]), data).status_code == 404
    assert case.events.count() == 1


def test_a_case_is_opened_from_the_customers_page(world, login):
    customer = make_customer(world)
    client = login(world.rep)
    detail = client.get(reverse("web:customer", args=[customer.pk])).content.decode()
    assert reverse("web:open_case", args=[customer.pk]) in detail
    url = reverse("web:open_case", args=[customer.pk])
    assert client.get(url).status_code == 200
    empty = client.post(url, {"source": "complaint", "summary": ""})
    assert "summary" in empty.context["form"].errors
    response = client.post(url, {"source": "complaint", "summary": "送货晚了三天"})
    case = Case.objects.get(customer=customer)
    assert response.status_code == 302 and response.url == reverse("web:case", args=[case.pk])
    assert case.holder == world.rep and case.source == "complaint"
    assert login(world.rep_other_team).get(url).status_code == 404


@pytest.mark.parametrize(
    ("satisfaction", "notes", "says"),
    [
        ("good", "", "询问转介绍"),
        ("average", "说效果一般", "跟进沟通"),
        ("poor", "用了不舒服", "已创建工单"),
    ],
)
def test_an_aftercare_contact_says_what_its_satisfaction_opened(
    world, login, satisfaction, notes, says
):
    customer = make_customer(world)
    client = login(world.rep)
    url = reverse("web:record_aftercare_contact", args=[customer.pk])
    response = client.post(
        url,
        {"channel": "phone", "reached": "1", "satisfaction": satisfaction, "notes": notes},
        follow=True,
    )
    html = response.content.decode()
    assert says in html
    if satisfaction == "poor":
        assert customer.cases.get().summary == "用了不舒服"
    else:
        kind = TaskKind.REFERRAL_ASK if satisfaction == "good" else TaskKind.FOLLOW_UP
        assert customer.aftercare_tasks.get().kind == kind


def test_an_aftercare_contact_refuses_a_rating_without_reaching_the_customer(world, login):
    customer = make_customer(world)
    client = login(world.rep)
    url = reverse("web:record_aftercare_contact", args=[customer.pk])
    response = client.post(url, {"channel": "visit", "reached": "0", "satisfaction": "good"})
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["satisfaction"]] == ["aftercare.satisfaction_without_contact"]
    poor = client.post(url, {"channel": "phone", "reached": "1", "satisfaction": "poor"})
    assert [e.code for e in poor.context["form"].errors.as_data()["notes"]] == [
        "aftercare.text_required"
    ]
    assert not customer.aftercare_contacts.exists()


def test_every_case_step_and_contact_is_on_the_customers_timeline(world, login):
    customer = make_customer(world)
    client = login(world.rep)
    client.post(
        reverse("web:record_aftercare_contact", args=[customer.pk]),
        {"channel": "phone", "reached": "1", "satisfaction": "poor", "notes": "漏气"},
    )
    case = customer.cases.get()
    client.post(reverse("web:case_note", args=[case.pk]), {"note": "约好周六上门"})
    client.post(reverse("web:case_hand_up", args=[case.pk]), {"note": "要换货"})
    login(world.supervisor)
    client.post(reverse("web:case_resolve", args=[case.pk]), {"resolution": "换货"})
    client.post(
        reverse("web:case_close", args=[case.pk]),
        {
            "confirmed_by": world.supervisor.pk,
            "confirmed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
            "customer_said": "收到新的了",
        },
    )
    page = login(world.rep).get(reverse("web:customer", args=[customer.pk]))
    html = page.content.decode()
    kinds = [
        getattr(row, "source", "touchpoint") + ":" + row.kind for row in page.context["timeline"]
    ]
    aftercare = [k for k in kinds if not k.startswith("touchpoint")]
    assert aftercare == [
        "aftercare_contact:phone",
        "case:opened",
        "case:note",
        "case:handed_up",
        "case:resolved",
        "case:closed",
    ]
    assert kinds.index("aftercare_contact:phone") > kinds.index("touchpoint:stand_checkup")
    for text in ("漏气", "约好周六上门", "要换货", "收到新的了"):
        assert text in html
    assert 'id="customer-case-' in html


def test_an_escalation_by_the_clock_is_on_the_timeline(world, login):
    case = _case(world)
    with time_machine.travel(case.deadline_at + dt.timedelta(minutes=1)):
        escalate_case(case_id=case.pk)
    page = login(world.rep).get(reverse("web:customer", args=[case.customer_id]))
    rows = [r for r in page.context["timeline"] if getattr(r, "source", "") == "case"]
    assert [r.kind for r in rows] == ["opened", "escalated"]
    assert "系统（到期自动）" in page.content.decode()


def test_the_customer_page_costs_the_same_queries_with_more_case_steps(world, login):
    customer = make_customer(world)
    client = login(world.rep)
    url = reverse("web:customer", args=[customer.pk])
    case = _case(world, customer=customer)
    few = _queries(client, url)
    for n in range(5):
        client.post(reverse("web:case_note", args=[case.pk]), {"note": f"记录{n}"})
    _case(world, customer=customer, summary="又一个问题")
    assert _queries(client, url) == few


def test_today_lists_the_cases_the_user_holds_with_time_left(world, login):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        soon = _case(world, summary="快到期")
        _case(world, owner=world.rep_other_team, summary="别人的")
    late = _case(world, summary="已经超时")
    Case.objects.filter(pk=late.pk).update(deadline_at=start - dt.timedelta(hours=1))
    with time_machine.travel(start + dt.timedelta(hours=23), tick=False):
        page = login(world.rep).get(reverse("web:today"))
    html = page.content.decode()
    assert [r["case"].pk for r in page.context["held_cases"]] == [late.pk, soon.pk]
    assert "我的投诉/问题" in html and "快到期" in html and "别人的" not in html
    assert "已超时 24 小时 0 分" in html and "还剩 1 小时 0 分" in html


def test_customer_service_holds_the_cases_at_its_level_on_today(world, login):
    case = _case(world)
    Case.objects.filter(pk=case.pk).update(level=CaseLevel.SERVICE, holder=None, deadline_at=None)
    page = login(world.service).get(reverse("web:today"))
    assert [r["case"].pk for r in page.context["held_cases"]] == [case.pk]
    assert "无期限" in page.content.decode()


def test_the_today_block_costs_the_same_queries_for_few_or_many_cases(world, login):
    client = login(world.rep)
    _case(world)
    few = _queries(client, reverse("web:today"))
    for n in range(6):
        _case(world, summary=f"问题{n}")
    assert _queries(client, reverse("web:today")) == few


def test_resolve_form_prefills_and_the_outcome_shows(world, login):
    case = _case(world)
    resolve_case(by=world.rep, case_id=case.pk, resolution="退款")
    html = login(world.rep).get(reverse("web:case", args=[case.pk])).content.decode()
    assert 'id="case-resolution">退款' in html
