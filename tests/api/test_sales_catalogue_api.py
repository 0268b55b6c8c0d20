"""GET /api/catalogue: what is for sale on a day at which price, for everyone of the company."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianyi.sales.models import ProductCategory
from lianyi.sales.services import catalogue
from tests.api.conftest import assert_error
from tests.factories import UserFactory


def stock_the_catalogue(world) -> dict[str, int]:
    pillow = catalogue.create_product(
        by=world.admin,
        name="磁疗枕",
        category=ProductCategory.MEDICAL_DEVICE,
        registration_number="浙械注准20232090118",
    )
    socks = catalogue.create_product(
        by=world.admin, name="保暖袜", category=ProductCategory.ORDINARY
    )
    package = catalogue.create_package(
        by=world.admin, name="小全套", items=[(pillow.pk, 1), (socks.pk, 2)]
    )
    catalogue.create_gift(by=world.admin, name="保温杯", value="59.00")
    catalogue.create_price_list(
        by=world.admin,
        name="冬季价目表",
        valid_from=dt.date(2026, 12, 1),
        package_prices={package.pk: "1280.00"},
        product_prices={pillow.pk: "680.00"},
    )
    return {"pillow": pillow.pk, "socks": socks.pk, "package": package.pk}


def test_a_rep_reads_the_catalogue_with_the_days_prices(world, api_client_for):
    ids = stock_the_catalogue(world)
    body = api_client_for(world.rep).get("/catalogue?day=2026-12-02").json()
    assert body["day"] == "2026-12-02" and body["price_list"]["name"] == "冬季价目表"
    (package,) = body["packages"]
    assert package["price"] == "1280.00"
    assert {(i["name"], i["quantity"]) for i in package["items"]} == {("磁疗枕", 1), ("保暖袜", 2)}
    products = {p["id"]: p for p in body["products"]}
    assert products[ids["pillow"]]["registration_number"] == "浙械注准20232090118"
    assert products[ids["pillow"]]["price"] == "680.00"
    assert products[ids["socks"]]["price"] is None  # not on the list: not for sale that day
    assert body["gifts"] == [{"id": body["gifts"][0]["id"], "name": "保温杯", "value": "59.00"}]


def test_before_any_price_list_nothing_has_a_price(world, api_client_for):
    stock_the_catalogue(world)
    body = api_client_for(world.rep).get("/catalogue?day=2026-11-30").json()
    assert body["price_list"] is None
    assert all(p["price"] is None for p in body["packages"] + body["products"])


def test_a_bad_day_is_a_4xx_and_another_company_sees_nothing(world, api_client_for):
    stock_the_catalogue(world)
    assert_error(api_client_for(world.rep).get("/catalogue?day=2026-13-01"), 422, "invalid")
    body = api_client_for(UserFactory(role="rep")).get("/catalogue?day=2026-12-02").json()
    assert body["packages"] == [] and body["products"] == [] and body["gifts"] == []


def test_the_catalogue_costs_the_same_queries_for_one_package_or_many(world, api_client_for):
    api = api_client_for(world.rep)
    ids = stock_the_catalogue(world)
    api.get("/catalogue?day=2026-12-02")  # the token's first use writes its last_used_at
    with CaptureQueriesContext(connection) as few:
        api.get("/catalogue?day=2026-12-02")
    for n in range(5):
        catalogue.create_package(by=world.admin, name=f"套餐{n}", items=[(ids["socks"], n + 1)])
    with CaptureQueriesContext(connection) as many:
        api.get("/catalogue?day=2026-12-02")
    assert len(many.captured_queries) == len(few.captured_queries)
