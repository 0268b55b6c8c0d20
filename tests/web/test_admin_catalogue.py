"""The catalogue administration pages: products, packages, gifts and price lists, for
administrators only; wrong input shown next to its field (an empty name, a negative price,
three decimals, dates reversed, a medical device without its registration number), taking off
sale asked first, and lists that show their total, page and cost the same queries for few or
many rows."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lianyi.core.errors import CoreCode
from lianyi.core.models import AuditEntry
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import Gift, Package, PriceList, Product, ProductCategory
from tests.factories import (
    GiftFactory,
    PackageFactory,
    ProductFactory,
    StoreRoomFactory,
    add_price_list,
)
from tests.web.conftest import field_codes

ADMIN_PAGES = [
    "/admin/catalogue/products/",
    "/admin/catalogue/products/new/",
    "/admin/catalogue/packages/",
    "/admin/catalogue/packages/new/",
    "/admin/catalogue/gifts/",
    "/admin/catalogue/gifts/new/",
    "/admin/catalogue/prices/",
    "/admin/catalogue/prices/new/",
    "/admin/catalogue/stores/",
    "/admin/catalogue/stores/new/",
]


def queries(client: Any, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return len(captured.captured_queries)


# ---- access -----------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["rep", "supervisor", "manager", "service", "event_staff"])
@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_the_catalogue_administration_is_for_administrators_only(world, login, who, path):
    assert login(getattr(world, who)).get(path).status_code == 404


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_an_administrator_opens_each_catalogue_page(world, login, path):
    assert login(world.admin).get(path).status_code == 200


def test_a_rep_can_neither_open_nor_change_a_product_an_administrator_can(world, login):
    product = ProductFactory(company=world.company, name="护膝")
    client = login(world.rep)
    assert client.get(f"/admin/catalogue/products/{product.pk}/").status_code == 404
    assert client.post(f"/admin/catalogue/products/{product.pk}/deactivate/").status_code == 404
    product.refresh_from_db()
    assert product.is_active
    # another company's administrator does not find it either
    outsider = login(world.outsider_admin)
    assert outsider.get(f"/admin/catalogue/products/{product.pk}/").status_code == 404


def test_the_administration_home_links_each_catalogue_page(world, login):
    home = login(world.admin).get("/admin/").content
    for link in ("products", "packages", "gifts", "price-lists", "store-rooms", "catalogue"):
        assert f'id="link-admin-{link}"'.encode() in home


# ---- products ---------------------------------------------------------------------------------


def product_post(**changes: Any) -> dict[str, Any]:
    data = {
        "name": "磁疗枕",
        "category": ProductCategory.MEDICAL_DEVICE,
        "registration_number": "浙械注准20232090001",
        "approval_number": "",
        "unit": "个",
    }
    data.update(changes)
    return data


def test_an_administrator_adds_a_medical_device_with_its_registration_number(world, login):
    response = login(world.admin).post("/admin/catalogue/products/new/", product_post())
    assert response.status_code == 302
    product = Product.objects.get(company=world.company)
    assert product.registration_number == "浙械注准20232090001" and product.unit == "个"
    assert AuditEntry.objects.filter(action="sales.product.created").count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": ""}, "name", CoreCode.REQUIRED),
        ({"registration_number": ""}, "registration_number", SalesCode.NUMBER_REQUIRED),
        ({"category": ProductCategory.HEALTH_FOOD}, "approval_number", SalesCode.NUMBER_REQUIRED),
        ({"category": "medicine"}, "category", "invalid_choice"),
        ({"name": "枕" * 101}, "name", CoreCode.TEXT_TOO_LONG),
    ],
)
def test_a_wrong_product_is_refused_next_to_its_field(world, login, changes, field, code):
    response = login(world.admin).post("/admin/catalogue/products/new/", product_post(**changes))
    assert response.status_code == 200
    assert field_codes(response, field) == [code]
    assert not Product.objects.exists()
    assert 'class="field__error"' in response.content.decode()


def test_a_product_is_edited_and_a_second_of_the_same_name_refused(world, login):
    ProductFactory(company=world.company, name="保暖袜")
    product = ProductFactory(company=world.company, name="护膝")
    client = login(world.admin)
    page = client.get(f"/admin/catalogue/products/{product.pk}/")
    assert page.context["form"].initial["name"] == "护膝"
    taken = client.post(
        f"/admin/catalogue/products/{product.pk}/",
        product_post(name="保暖袜", category=ProductCategory.ORDINARY, registration_number=""),
    )
    assert field_codes(taken, "name") == [SalesCode.ALREADY_EXISTS]
    saved = client.post(
        f"/admin/catalogue/products/{product.pk}/",
        product_post(name="羊毛护膝", category=ProductCategory.ORDINARY, registration_number=""),
    )
    assert saved.status_code == 302
    product.refresh_from_db()
    assert product.name == "羊毛护膝"


def test_taking_a_product_off_sale_asks_first_then_it_can_come_back(world, login):
    product = ProductFactory(company=world.company, name="护膝")
    client = login(world.admin)
    html = client.get(f"/admin/catalogue/products/{product.pk}/").content.decode()
    # the button only opens the confirmation; the action is posted from inside it
    assert 'id="product-active-open"' in html and 'id="product-active-confirm"' in html
    assert f'action="/admin/catalogue/products/{product.pk}/deactivate/"' in html
    assert client.get(f"/admin/catalogue/products/{product.pk}/deactivate/").status_code == 405
    client.post(f"/admin/catalogue/products/{product.pk}/deactivate/")
    product.refresh_from_db()
    assert not product.is_active
    html = client.get(f"/admin/catalogue/products/{product.pk}/").content.decode()
    assert 'id="product-inactive"' in html and 'id="product-active-reactivate"' in html
    client.post(f"/admin/catalogue/products/{product.pk}/reactivate/")
    product.refresh_from_db()
    assert product.is_active


def test_the_product_list_shows_its_total_pages_and_costs_the_same_for_many_rows(world, login):
    client = login(world.admin)
    for n in range(3):
        ProductFactory(company=world.company, name=f"商品{n:02d}")
    few = queries(client, "/admin/catalogue/products/")
    for n in range(3, 35):
        ProductFactory(company=world.company, name=f"商品{n:02d}")
    ProductFactory()  # another company's
    assert queries(client, "/admin/catalogue/products/") == few
    page = client.get("/admin/catalogue/products/")
    assert page.context["paged"].total == 35 and len(page.context["paged"].items) == 30
    assert 'data-total="35"' in page.content.decode()
    second = client.get("/admin/catalogue/products/?page=2")
    assert [p.name for p in second.context["paged"].items] == [f"商品{n}" for n in range(30, 35)]


# ---- packages ---------------------------------------------------------------------------------


def test_an_administrator_puts_a_package_together_from_products_and_quantities(world, login):
    pillow = ProductFactory(company=world.company, name="磁疗枕")
    socks = ProductFactory(company=world.company, name="保暖袜")
    client = login(world.admin)
    page = client.get("/admin/catalogue/packages/new/")
    assert f'name="qty_{pillow.pk}"' in page.content.decode()
    response = client.post(
        "/admin/catalogue/packages/new/",
        {"name": "大全套", "description": "", f"qty_{pillow.pk}": "1", f"qty_{socks.pk}": "3"},
    )
    assert response.status_code == 302
    package = Package.objects.get(company=world.company)
    assert {i.product_id: i.quantity for i in package.items.all()} == {pillow.pk: 1, socks.pk: 3}


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": ""}, "name", CoreCode.REQUIRED),
        ({"qty": ""}, "__all__", SalesCode.PACKAGE_EMPTY),
        ({"qty": "-1"}, "qty", "min_value"),
        ({"qty": "100"}, "qty", "max_value"),
        ({"qty": "1.5"}, "qty", "invalid"),
    ],
)
def test_a_wrong_package_is_refused_next_to_its_field(world, login, changes, field, code):
    pillow = ProductFactory(company=world.company, name="磁疗枕")
    data = {"name": "大全套", f"qty_{pillow.pk}": changes.pop("qty", "1"), **changes}
    response = login(world.admin).post("/admin/catalogue/packages/new/", data)
    assert response.status_code == 200
    assert field_codes(response, f"qty_{pillow.pk}" if field == "qty" else field) == [code]
    assert not Package.objects.exists()


def test_a_package_is_edited_and_taken_off_sale(world, login):
    pillow = ProductFactory(company=world.company, name="磁疗枕")
    socks = ProductFactory(company=world.company, name="保暖袜")
    package = PackageFactory(company=world.company, name="小全套", product=pillow)
    client = login(world.admin)
    page = client.get(f"/admin/catalogue/packages/{package.pk}/")
    assert page.context["form"].initial[f"qty_{pillow.pk}"] == 1
    response = client.post(
        f"/admin/catalogue/packages/{package.pk}/",
        {"name": "大全套", f"qty_{pillow.pk}": "2", f"qty_{socks.pk}": ""},
    )
    assert response.status_code == 302
    assert {i.product_id: i.quantity for i in package.items.all()} == {pillow.pk: 2}
    client.post(f"/admin/catalogue/packages/{package.pk}/deactivate/")
    package.refresh_from_db()
    assert package.name == "大全套" and not package.is_active


def test_the_package_list_costs_the_same_queries_for_many_packages(world, login):
    client = login(world.admin)
    PackageFactory(company=world.company)
    few = queries(client, "/admin/catalogue/packages/")
    for _n in range(12):
        PackageFactory(company=world.company)
    assert queries(client, "/admin/catalogue/packages/") == few
    assert client.get("/admin/catalogue/packages/").context["paged"].total == 13


# ---- gifts ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": ""}, "name", CoreCode.REQUIRED),
        ({"value": "-5"}, "value", CoreCode.MONEY_INVALID),
        ({"value": "12.345"}, "value", CoreCode.MONEY_PRECISION),
        ({"value": "abc"}, "value", CoreCode.MONEY_INVALID),
        ({"value": ""}, "value", CoreCode.MONEY_INVALID),
    ],
)
def test_a_wrong_gift_is_refused_next_to_its_field(world, login, changes, field, code):
    data = {"name": "围巾", "value": "38.00", **changes}
    response = login(world.admin).post("/admin/catalogue/gifts/new/", data)
    assert response.status_code == 200
    assert field_codes(response, field) == [code]
    assert not Gift.objects.exists()


def test_a_gift_is_added_with_its_value_edited_and_its_list_paged(world, login):
    client = login(world.admin)
    assert (
        client.post("/admin/catalogue/gifts/new/", {"name": "围巾", "value": "38.5"}).status_code
        == 302
    )
    gift = Gift.objects.get()
    assert gift.value == Decimal("38.50")
    client.post(f"/admin/catalogue/gifts/{gift.pk}/", {"name": "围巾", "value": "40"})
    gift.refresh_from_db()
    assert gift.value == Decimal("40.00")
    few = queries(client, "/admin/catalogue/gifts/")
    for _n in range(31):
        GiftFactory(company=world.company)
    assert queries(client, "/admin/catalogue/gifts/") == few
    assert client.get("/admin/catalogue/gifts/").context["paged"].num_pages == 2


# ---- price lists ------------------------------------------------------------------------------


@pytest.fixture
def goods(world):
    pillow = ProductFactory(company=world.company, name="磁疗枕")
    package = PackageFactory(company=world.company, name="大全套", product=pillow)
    return package, pillow


def price_post(goods, **changes: Any) -> dict[str, Any]:
    package, pillow = goods
    data = {
        "name": "2027 春季价目表",
        "valid_from": "2027-03-01",
        "valid_until": "2027-05-31",
        f"package_{package.pk}": "3980",
        f"product_{pillow.pk}": "",
    }
    data.update(changes)
    return data


def test_an_administrator_adds_a_price_list_with_a_price_per_package(world, login, goods):
    package, _pillow = goods
    response = login(world.admin).post("/admin/catalogue/prices/new/", price_post(goods))
    assert response.status_code == 302
    price_list = PriceList.objects.get(company=world.company)
    assert price_list.valid_until == dt.date(2027, 5, 31)
    assert [(e.package_id, e.price) for e in price_list.entries.all()] == [
        (package.pk, Decimal("3980.00"))
    ]
    detail = login(world.admin).get(response["Location"])
    assert "3980.00" in detail.content.decode()


@pytest.mark.parametrize(
    ("changes", "field", "code"),
    [
        ({"name": ""}, "name", CoreCode.REQUIRED),
        ({"valid_until": "2027-02-28"}, "valid_until", SalesCode.PRICE_LIST_DATES),
        ({"valid_from": ""}, "valid_from", CoreCode.REQUIRED),
        ({"valid_from": "1999-01-01"}, "valid_from", CoreCode.DATE_OUT_OF_RANGE),
        ({"package": "-3980"}, "package", CoreCode.MONEY_INVALID),
        ({"package": "3980.001"}, "package", CoreCode.MONEY_PRECISION),
        ({"package": "0"}, "package", CoreCode.MONEY_INVALID),
        ({"package": ""}, "__all__", SalesCode.PRICE_LIST_EMPTY),
    ],
)
def test_a_wrong_price_list_is_refused_next_to_its_field(world, login, goods, changes, field, code):
    package, _pillow = goods
    if "package" in changes:
        changes[f"package_{package.pk}"] = changes.pop("package")
    response = login(world.admin).post("/admin/catalogue/prices/new/", price_post(goods, **changes))
    assert response.status_code == 200
    assert field_codes(response, f"package_{package.pk}" if field == "package" else field) == [code]
    assert not PriceList.objects.exists()


def test_a_second_price_list_starting_the_same_day_is_refused(world, login, goods):
    client = login(world.admin)
    assert client.post("/admin/catalogue/prices/new/", price_post(goods)).status_code == 302
    again = client.post("/admin/catalogue/prices/new/", price_post(goods, name="另一份"))
    assert field_codes(again, "valid_from") == [SalesCode.ALREADY_EXISTS]
    assert PriceList.objects.count() == 1


def test_a_new_price_list_starts_from_todays_prices(world, login, goods):
    package, pillow = goods
    add_price_list(
        world.company,
        by=world.admin,
        valid_from=timezone.localdate() - dt.timedelta(days=10),
        prices={package: Decimal("3680.00"), pillow: Decimal("980.00")},
        name="现行价目表",
    )
    page = login(world.admin).get("/admin/catalogue/prices/new/")
    assert page.context["form"].initial == {
        f"package_{package.pk}": Decimal("3680.00"),
        f"product_{pillow.pk}": Decimal("980.00"),
    }
    assert 'id="price-list-current"' in page.content.decode()


def test_the_price_list_list_is_newest_first_and_costs_the_same_for_many(world, login, goods):
    package, _pillow = goods
    client = login(world.admin)
    start = dt.date(2027, 1, 1)
    add_price_list(world.company, by=world.admin, valid_from=start, prices={package: Decimal("1")})
    few = queries(client, "/admin/catalogue/prices/")
    for n in range(1, 12):
        add_price_list(
            world.company,
            by=world.admin,
            valid_from=start + dt.timedelta(days=n),
            prices={package: Decimal("1")},
        )
    assert queries(client, "/admin/catalogue/prices/") == few
    items = client.get("/admin/catalogue/prices/").context["paged"].items
    assert items[0].valid_from == start + dt.timedelta(days=11) and items[0].entry_count == 1


def test_a_store_room_of_another_company_is_not_found(world, login):
    room = StoreRoomFactory()
    assert login(world.admin).get(f"/admin/catalogue/stores/{room.pk}/").status_code == 404
