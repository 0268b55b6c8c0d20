"""The 转介绍 page and the customer page's referrals: in Chinese, scoped, paged, linked."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import make_customer
from tests.customers.test_referrals import refer


def test_the_referrals_page_shows_the_trees_in_chinese(world, login):
    wang = make_customer(world, name="王秀英", step=0)
    li = refer(world, wang, "李淑珍")
    refer(world, li, "孙玉兰")
    response = login(world.rep).get(reverse("web:referrals"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "转介绍" in html and "直接介绍 1 位，共 2 位" in html
    assert f'href="{reverse("web:customer", args=[li.pk])}"' in html
    assert 'id="referred-total" data-total="2"' in html
    assert response.context["paged"].total == 1
    # 孙玉兰 referred no one: her line carries no "0 位" counts
    assert html.count("data-direct=") == 2 and "直接介绍 0 位" not in html


def test_the_referrals_page_names_only_customers_in_scope(world, login):
    wang = make_customer(world, name="王秀英", step=0)
    refer(world, wang, "李淑珍", by=world.supervisor, owner=world.rep_same_team)
    html = login(world.rep).get(reverse("web:referrals")).content.decode()
    assert "王秀英" in html and "李淑珍" not in html
    assert 'data-hidden="1"' in html


def test_the_referrals_page_pages_by_root_and_costs_the_same_queries(world, login):
    client = login(world.rep)
    url = reverse("web:referrals")
    refer(world, make_customer(world, name="根0", step=0), "子0")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for n in range(1, 22):
        refer(world, make_customer(world, name=f"根{n}", step=0), f"子{n}")
    with CaptureQueriesContext(connection) as many:
        first = client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)
    assert first.context["paged"].total == 22 and len(first.context["trees"]) == 20
    assert len(client.get(url, {"page": 2}).context["trees"]) == 2


def test_the_referrals_page_is_linked_from_more(world, login):
    html = login(world.rep).get(reverse("web:more")).content.decode()
    assert reverse("web:referrals") in html


def test_the_customer_page_links_whom_they_referred_and_counts_the_others(world, login):
    wang = make_customer(world, name="王秀英", step=0)
    zhao = refer(world, wang, "赵桂芳")
    refer(world, wang, "李淑珍", by=world.supervisor, owner=world.rep_same_team)
    client = login(world.rep)
    html = client.get(reverse("web:customer", args=[wang.pk])).content.decode()
    assert f'href="{reverse("web:customer", args=[zhao.pk])}"' in html
    assert "赵桂芳" in html and "李淑珍" not in html
    assert 'data-hidden="1"' in html and 'data-total="2"' in html
    # and the referred customer's page links back to its referrer
    html = client.get(reverse("web:customer", args=[zhao.pk])).content.decode()
    assert f'href="{reverse("web:customer", args=[wang.pk])}"' in html


def test_the_referrals_page_speaks_english_when_asked(world, login):
    wang = make_customer(world, name="王秀英", step=0)
    refer(world, wang, "李淑珍")
    html = (
        login(world.rep).get(reverse("web:referrals"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    assert "Referrals" in html and "referred 1 directly, 1 in all" in html
    assert "1 customer referred in all" in html
