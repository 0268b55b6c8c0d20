"""The 重点客户 page: ranked with reasons, scoped, with its total, paged, and a query count that
does not grow with the customers."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.conftest import at_local, make_customer
from tests.factories import open_shop, place_test_order

DAY = dt.date(2026, 6, 1)


def test_the_page_ranks_with_reasons_and_costs_the_same_queries(world, login):
    with time_machine.travel(at_local(DAY, 10), tick=False) as clock:
        shop = open_shop(world.admin, stock_units=500)
        first = make_customer(world, name="第一位")
        place_test_order(shop, first, by=world.rep, socks=5)
        clock.move_to(at_local(DAY + dt.timedelta(days=30), 10))
        client = login(world.rep)
        url = reverse("web:call_first")
        with CaptureQueriesContext(connection) as few:
            response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200
        assert "第一位" in html and "约一个月前购买 +3" in html and "5 分" in html
        assert 'id="call-first-total" data-total="1"' in html
        for n in range(55):
            place_test_order(shop, make_customer(world, name=f"客户{n}"), by=world.rep, socks=1)
        with CaptureQueriesContext(connection) as many:
            response = client.get(url)
        assert len(many.captured_queries) == len(few.captured_queries)
        assert response.context["paged"].total == 56 and len(response.context["rows"]) == 50
        assert response.context["rows"][0].customer == first
        assert len(client.get(url, {"page": 2}).context["rows"]) == 6
    assert "第一位" not in login(world.rep_other_team).get(url).content.decode()
    assert "第一位" in login(world.supervisor).get(url).content.decode()
    assert login(world.admin).get(url).status_code == 404
    assert reverse("web:call_first") in login(world.rep).get(reverse("web:more")).content.decode()
