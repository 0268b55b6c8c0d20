"""The read-only catalogue page: everyone who sees customers reads what is on sale today at
today's price (a rep included), nobody changes anything there, and it costs the same queries
for a large catalogue."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.factories import GiftFactory, PackageFactory, ProductFactory, add_price_list


def test_a_rep_reads_todays_packages_products_and_gifts_with_their_prices(world, login):
    pillow = ProductFactory(
        company=world.company,
        name="磁疗枕",
        category="medical_device",
        registration_number="浙械注准20232090001",
    )
    package = PackageFactory(company=world.company, name="大全套", product=pillow)
    ProductFactory(company=world.company, name="旧款护膝", is_active=False)
    GiftFactory(company=world.company, name="围巾", value=Decimal("38.00"))
    today = timezone.localdate()
    add_price_list(
        world.company,
        by=world.admin,
        valid_from=today - dt.timedelta(days=30),
        prices={package: Decimal("3000.00")},
        name="旧价",
    )
    add_price_list(
        world.company,
        by=world.admin,
        valid_from=today,
        prices={package: Decimal("3980.00"), pillow: Decimal("980.00")},
        name="今日价目表",
    )
    page = login(world.rep).get("/catalogue/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "今日价目表" in html and "3980.00" in html and "980.00" in html
    assert "3000.00" not in html  # yesterday's list no longer applies
    assert "浙械注准20232090001" in html and "围巾" in html
    assert "旧款护膝" not in html  # off sale
    assert 'id="catalogue-manage"' not in html  # a rep reads, never manages


def test_without_a_valid_price_list_the_page_says_nothing_can_be_sold_today(world, login):
    PackageFactory(company=world.company, name="大全套")
    page = login(world.rep).get("/catalogue/")
    assert page.context["today"].price_list is None
    assert page.context["today"].packages[0][1] is None


def test_the_catalogue_page_is_not_for_event_staff_and_is_linked_from_more(world, login):
    assert login(world.event_staff).get("/catalogue/").status_code == 404
    assert b'id="link-catalogue"' in login(world.rep).get("/more/").content
    assert b'id="catalogue-manage"' in login(world.admin).get("/catalogue/").content


def test_the_catalogue_page_costs_the_same_queries_for_a_large_catalogue(world, login):
    client = login(world.rep)
    PackageFactory(company=world.company)
    GiftFactory(company=world.company)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/catalogue/").status_code == 200
        return len(captured.captured_queries)

    few = count()
    packages = [PackageFactory(company=world.company) for _n in range(15)]
    for _n in range(10):
        GiftFactory(company=world.company)
    add_price_list(
        world.company,
        by=world.admin,
        valid_from=timezone.localdate(),
        prices={p: Decimal("100.00") for p in packages},
    )
    assert count() == few + 1  # the entries of the valid price list, read once
