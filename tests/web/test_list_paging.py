"""Every list shows its total and pages instead of stopping silently: claims (撞单), gatherings,
the attendance report's names per rep. Item 51 of 52 is reachable, a bad page number never
answers 500, and a page costs the same number of queries for few or many rows."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianyi.core.errors import DomainError
from lianyi.customers.services import Registration
from lianyi.journey.services import register_customer
from lianyi.org.models import Role
from tests.conftest import make_customer, next_mobile
from tests.factories import GatheringFactory, UserFactory
from tests.gatherings.door import admit


def _claims(world, count: int) -> None:
    """``count`` open claims: rep owns each number, rep_same_team tries to register it."""
    for n in range(count):
        phone = next_mobile()
        data = Registration(
            name=f"撞{n:02d}",
            sex="F",
            phone=phone,
            consent_items=["contact", "profile"],
            stand_id=world.stand.pk,
        )
        register_customer(by=world.rep, data=data)
        with pytest.raises(DomainError):
            register_customer(by=world.rep_same_team, data=data)


def _gatherings(world, count: int) -> list:
    return [GatheringFactory(company=world.company, name=f"联谊会{n:02d}") for n in range(count)]


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return len(captured.captured_queries)


# ---- claims ---------------------------------------------------------------------------------


def test_claims_show_the_total_and_page(world, login):
    _claims(world, 22)
    client = login(world.supervisor)
    url = reverse("web:claims")
    first = client.get(url)
    assert first.context["paged"].total == 22
    assert 'data-total="22"' in first.content.decode() and 'rel="next"' in first.content.decode()
    second = client.get(url, {"page": 2})
    # newest first: the two claims opened first are the 21st and 22nd
    assert [c.claim.customer.name for c in second.context["cards"]] == ["撞01", "撞00"]
    assert client.get(url, {"page": "abc"}).status_code == 200
    assert client.get(url, {"page": "999999"}).context["paged"].number == 2


def test_claims_cost_the_same_queries_for_few_or_many(world, login):
    client = login(world.supervisor)
    url = reverse("web:claims")
    _claims(world, 2)
    few = queries(client, url)
    _claims(world, 15)
    assert queries(client, url) == few


# ---- gatherings -----------------------------------------------------------------------------


def test_the_gatherings_list_shows_the_total_and_reaches_the_oldest(world, login):
    # all at one moment (the factory's default): the pages must still not repeat or skip one
    made = _gatherings(world, 51)  # and world.gathering: 52
    client = login(world.rep)
    url = reverse("web:gatherings")
    pages = [client.get(url, {"page": n}) for n in (1, 2, 3)]
    assert pages[0].context["paged"].total == 52
    listed = [g.pk for page in pages for g in page.context["gatherings"]]
    assert sorted(listed) == sorted([g.pk for g in made] + [world.gathering.pk])
    assert len(set(listed)) == 52
    assert client.get(url, {"page": "x"}).status_code == 200


def test_the_gatherings_list_costs_the_same_queries_for_few_or_many(world, login):
    client = login(world.supervisor)
    url = reverse("web:gatherings")
    few = queries(client, url)
    _gatherings(world, 30)
    assert queries(client, url) == few


# ---- attendance report ----------------------------------------------------------------------


def _reps_with_households(world, count: int) -> list:
    reps = []
    for n in range(count):
        rep = UserFactory(
            username=f"rep_att{n:02d}",
            display_name=f"专员{n:02d}",
            role=Role.REP,
            team=world.rep.team,
            company=world.company,
        )
        customer = make_customer(world, owner=rep, step=5, name=f"客户{n:02d}")
        if n % 2:
            admit(customer, by=world.event_staff, gathering=world.gathering)
        reps.append(rep)
    return reps


def test_the_attendance_report_counts_everyone_and_pages_the_names_by_rep(world, login):
    _reps_with_households(world, 12)
    client = login(world.supervisor)
    url = reverse("web:attendance", args=[world.gathering.pk])
    first = client.get(url)
    html = first.content.decode()
    assert 'id="attendance-total" data-total="12"' in html
    # the summary has every rep; the names come ten reps a page
    assert len(first.context["report"].reps) == 12
    assert first.context["details"].total == 12
    assert len(first.context["details"].items) == 10
    second = client.get(url, {"page": 2})
    assert [t.label for t in second.context["details"].items] == ["专员10", "专员11"]
    # 客户10 was visited twice and did not come: named under 专员10 on page two only
    assert "客户10" in second.content.decode()
    assert "客户10" not in html
    assert client.get(url, {"page": "999999"}).context["details"].number == 2


def test_the_attendance_report_costs_the_same_queries_for_few_or_many(world, login):
    client = login(world.supervisor)
    url = reverse("web:attendance", args=[world.gathering.pk])
    _reps_with_households(world, 2)
    few = queries(client, url)
    for n in range(2, 8):
        rep = UserFactory(
            username=f"rep_more{n}", role=Role.REP, team=world.rep.team, company=world.company
        )
        make_customer(world, owner=rep, step=5, name=f"更多{n}")
    assert queries(client, url) == few


# ---- a deactivated rep's customers ----------------------------------------------------------


def test_a_deactivated_reps_customers_are_all_reachable_from_the_user_page(
    world, login, monkeypatch
):
    from lianyi.org.accounts import deactivate_user
    from lianyi.web.views import admin_org

    monkeypatch.setattr(admin_org, "HANDOVER_LIMIT", 2)
    mine = [make_customer(world, step=0, name=f"交接{n}") for n in range(3)]
    deactivate_user(by=world.admin, user_id=world.rep.pk)
    client = login(world.admin)
    page = client.get(reverse("web:admin_user", args=[world.rep.pk])).content.decode()
    assert f'href="/customers/?owner={world.rep.pk}" id="handover-all"' in page
    listed = client.get(reverse("web:customers"), {"owner": world.rep.pk})
    assert listed.context["form"].errors == {}
    assert {c.pk for c in listed.context["customers"]} == {c.pk for c in mine}


# ---- engagement -----------------------------------------------------------------------------


def test_the_engagement_list_shows_its_total_and_pages(world, login, monkeypatch):
    from lianyi.web import paging

    monkeypatch.setattr(paging, "PAGE_SIZE", 2)
    monkeypatch.setattr(paging.paginate, "__kwdefaults__", {"per_page": 2})
    for n in range(3):
        admit(
            make_customer(world, step=5, name=f"来宾{n}"),
            by=world.event_staff,
            gathering=world.gathering,
        )
    client = login(world.rep)
    url = reverse("web:engagement", args=[world.gathering.pk])
    first = client.get(url)
    assert first.context["paged"].total == 3 and len(first.context["households"]) == 2
    second = client.get(url, {"page": 2})
    assert len(second.context["households"]) == 1


# ---- seating: existing customers to seat ----------------------------------------------------


def test_seating_says_how_many_existing_customers_there_are_and_a_search_reaches_the_rest(
    world, login, monkeypatch
):
    from lianyi.gatherings.models import Seat
    from lianyi.gatherings.selectors import seating as seating_selectors
    from lianyi.gatherings.services import planning
    from lianyi.web.views import gatherings_seating

    monkeypatch.setattr(seating_selectors, "CHOICES_LIMIT", 2)
    monkeypatch.setattr(gatherings_seating, "CHOICES_LIMIT", 2)
    table = planning.add_table(
        by=world.supervisor, gathering_id=world.gathering.pk, number=1, seats=10
    )
    for name in ("艾一", "艾二", "赵三"):
        make_customer(world, step=0, name=name)
    client = login(world.supervisor)
    url = reverse("web:gathering_seating", args=[world.gathering.pk])
    page = client.get(url)
    assert page.context["existing_total"] == 3 and page.context["existing_shown"] == 2
    assert 'id="seat-existing-total" data-total="3"' in page.content.decode()
    # the third by name is past the first two: a search finds it and the seat form keeps it
    found = client.get(url, {"existing_q": "赵三"})
    choices = dict(found.context["existing_form"].fields["customer_id"].choices)
    assert list(choices.values()) == ["赵三"]
    (customer_id,) = choices
    response = client.post(
        reverse("web:gathering_seat", args=[world.gathering.pk, "existing"]),
        {
            "existing_q": "赵三",
            "existing-table_id": table.pk,
            "existing-customer_id": customer_id,
            "existing-guests": 1,
        },
    )
    assert response.status_code == 302
    assert Seat.objects.filter(table=table, customer_id=customer_id).exists()
