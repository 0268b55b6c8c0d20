"""The customer list shows its total and pages (no silent stop at 50), filters by step, overdue,
owner (supervisors and up), compound and source, keeps the filters across pages, and answers a
bad page or filter value with the first page or a message, never a 500."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianyi.customers.services import Registration
from lianyi.journey.services import register_customer
from lianyi.journey.steps import Step
from lianyi.web.paging import PAGE_SIZE
from tests.conftest import make_customer, next_mobile

URL = reverse("web:customers")


def register(world, *, owner=None, name="王桂兰", compound="幸福里小区", referrer=None):
    owner = owner or world.rep
    return register_customer(
        by=owner,
        data=Registration(
            name=name,
            sex="F",
            phone=next_mobile(),
            consent_items=["contact", "profile"],
            compound=compound,
            district="朝阳区",
            stand_id=None if referrer else world.stand.pk,
            referrer_id=referrer.pk if referrer else None,
        ),
    )


@pytest.fixture
def fifty_two(world):
    return [register(world, name=f"王{n:02d}") for n in range(52)]


def listed(response) -> list[int]:
    return [c.pk for c in response.context["customers"]]


def test_a_rep_with_52_customers_sees_the_total_and_reaches_the_last_two(world, login, fifty_two):
    client = login(world.rep)
    first = client.get(URL)
    assert first.status_code == 200
    assert first.context["paged"].total == 52
    assert len(listed(first)) == PAGE_SIZE
    assert 'data-total="52"' in first.content.decode()
    assert 'rel="next"' in first.content.decode()
    second = client.get(URL, {"page": 2})
    # newest first: item 51 and 52 of the list are the two registered first
    assert listed(second) == [fifty_two[1].pk, fifty_two[0].pk]
    assert set(listed(first)) | set(listed(second)) == {c.pk for c in fifty_two}


def test_a_search_pages_too_and_keeps_its_query_in_the_links(world, login, fifty_two):
    client = login(world.rep)
    first = client.get(URL, {"q": "王"})
    assert first.context["paged"].total == 52
    assert first.context["paged"].next_query == "?q=%E7%8E%8B&page=2"
    second = client.get(URL, {"q": "王", "page": 2})
    # by name: 王50 and 王51 are the 51st and 52nd
    assert [c.name for c in second.context["customers"]] == ["王50", "王51"]


@pytest.mark.parametrize("page", ["abc", "999999", "-1", "0", "1" * 5000, "２", ""])
def test_a_bad_page_number_is_the_first_or_last_page_never_an_error(world, login, fifty_two, page):
    response = login(world.rep).get(URL, {"page": page})
    assert response.status_code == 200
    assert response.context["paged"].number in (1, 2)


def test_the_list_costs_the_same_queries_for_3_or_52_customers(world, login):
    client = login(world.supervisor)
    for n in range(3):
        register(world, name=f"李{n}")
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for n in range(49):
        register(world, name=f"赵{n}", owner=world.rep_same_team)
    with CaptureQueriesContext(connection) as many:
        response = client.get(URL)
    assert response.context["paged"].total == 52
    assert len(many.captured_queries) == len(few.captured_queries)


def test_filters_by_step_overdue_compound_and_source(world, login):
    at_stand = register(world, name="甲")
    elsewhere = register(world, name="乙", compound="阳光花园")
    called = make_customer(world, step=2, name="丙")
    referred = register(world, name="丁", referrer=at_stand)
    client = login(world.rep)
    assert listed(client.get(URL, {"step": Step.FIRST_VISIT})) == [called.pk]
    compound = elsewhere.compound
    assert listed(client.get(URL, {"compound": compound.pk})) == [elsewhere.pk]
    assert listed(client.get(URL, {"source": "referral"})) == [referred.pk]
    # make_customer's history lies ten days back: its first visit is overdue
    assert called.pk in listed(client.get(URL, {"overdue": "1"}))
    assert at_stand.pk not in listed(client.get(URL, {"overdue": "1"}))


def test_filters_stay_in_the_page_links_and_on_the_page(world, login):
    for n in range(52):
        register(world, name=f"周{n:02d}", compound="阳光花园")
    register(world, name="不在此小区")
    client = login(world.rep)
    compound_id = client.get(URL, {"q": "周00"}).context["customers"][0].compound_id
    first = client.get(URL, {"compound": compound_id, "source": "stand"})
    assert first.context["paged"].total == 52
    query = first.context["paged"].next_query
    assert f"compound={compound_id}" in query and "source=stand" in query
    assert "阳光花园" in first.content.decode()  # the filter in force is shown
    second = client.get(URL + query)
    assert len(listed(second)) == 2


def test_a_supervisor_filters_by_owner_within_the_team(world, login):
    mine = register(world, name="一号")
    colleague = register(world, name="二号", owner=world.rep_same_team)
    client = login(world.supervisor)
    response = client.get(URL, {"owner": world.rep_same_team.pk})
    assert listed(response) == [colleague.pk]
    assert mine.pk not in listed(response)


def test_an_owner_outside_the_scope_is_refused_with_a_message(world, login):
    register(world, name="一号")
    outside = register(world, name="外组", owner=world.rep_other_team)
    response = login(world.supervisor).get(URL, {"owner": world.rep_other_team.pk})
    assert response.status_code == 200
    assert response.context["form"].errors["owner"]
    assert outside.pk not in listed(response)
    assert 'id="id_owner_error"' in response.content.decode()


def test_a_rep_is_offered_no_owner_filter_and_an_owner_parameter_changes_nothing(world, login):
    mine = register(world, name="一号")
    response = login(world.rep).get(URL, {"owner": world.rep_same_team.pk})
    assert "owner" not in response.context["form"].fields
    assert listed(response) == [mine.pk]


@pytest.mark.parametrize(
    "params",
    [
        {"step": "9"},
        {"step": "abc"},
        {"overdue": "yes"},
        {"compound": "99999999999999999999"},
        {"source": "<script>"},
        {"q": "x\x00y"},
    ],
)
def test_a_bad_filter_value_gives_a_message_next_to_the_field_not_a_500(world, login, params):
    register(world, name="一号")
    response = login(world.supervisor).get(URL, params)
    assert response.status_code == 200
    (name,) = params
    assert response.context["form"].errors[name]
    assert f'id="id_{name}_error"' in response.content.decode()
