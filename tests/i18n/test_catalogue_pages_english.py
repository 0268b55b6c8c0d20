"""The catalogue pages (administration and the read-only page) and the sales and after-sales
rules in English: no Chinese but what users typed, refusals included."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from lianyi.sales.services.stock import receive_stock
from tests.factories import (
    GiftFactory,
    PackageFactory,
    ProductFactory,
    StoreRoomFactory,
    add_price_list,
)
from tests.i18n.test_pages_in_english import assert_english, english_client, user_data

TYPED = ["磁疗枕", "大全套", "围巾", "总库", "春季价目表", "浙械注准20232090001", "供货", "件"]


@pytest.fixture
def shop(world):
    pillow = ProductFactory(
        company=world.company,
        name="磁疗枕",
        category="medical_device",
        registration_number="浙械注准20232090001",
    )
    package = PackageFactory(company=world.company, name="大全套", product=pillow)
    gift = GiftFactory(company=world.company, name="围巾")
    room = StoreRoomFactory(company=world.company, name="总库")
    receive_stock(
        by=world.admin, store_room_id=room.pk, product_id=pillow.pk, quantity=5, note="供货"
    )
    prices = add_price_list(
        world.company,
        by=world.admin,
        valid_from=timezone.localdate() - dt.timedelta(days=1),
        prices={package: Decimal("3980.00"), pillow: Decimal("980.00")},
        name="春季价目表",
    )
    return {"product": pillow, "package": package, "gift": gift, "room": room, "prices": prices}


@pytest.mark.parametrize(
    ("page", "arg"),
    [
        ("web:admin_products", None),
        ("web:admin_product_new", None),
        ("web:admin_product", "product"),
        ("web:admin_packages", None),
        ("web:admin_package_new", None),
        ("web:admin_package", "package"),
        ("web:admin_gifts", None),
        ("web:admin_gift_new", None),
        ("web:admin_gift", "gift"),
        ("web:admin_price_lists", None),
        ("web:admin_price_list_new", None),
        ("web:admin_price_list", "prices"),
        ("web:admin_store_rooms", None),
        ("web:admin_store_room_new", None),
        ("web:admin_store_room", "room"),
        ("web:admin_rules", None),
        ("web:admin_home", None),
        ("web:catalogue", None),
    ],
)
def test_the_catalogue_pages_are_english(world, shop, page, arg):
    url = reverse(page, args=[shop[arg].pk] if arg else [])
    assert_english(english_client(world.admin).get(url), [*TYPED, *user_data(world)])


def test_a_rep_reads_the_catalogue_in_english(world, shop):
    assert_english(
        english_client(world.rep).get(reverse("web:catalogue")), [*TYPED, *user_data(world)]
    )


def test_refusals_on_the_catalogue_forms_are_english(world, shop):
    client = english_client(world.admin)
    data = [*TYPED, *user_data(world)]
    product = client.post(
        reverse("web:admin_product_new"),
        {"name": "", "category": "medical_device", "registration_number": "", "unit": ""},
    )
    assert "field__error" in assert_english(product, data)
    gift = client.post(reverse("web:admin_gift_new"), {"name": "围巾", "value": "1.234"})
    assert "field__error" in assert_english(gift, data)
    prices = client.post(
        reverse("web:admin_price_list_new"),
        {
            "name": "x",
            "valid_from": "2027-03-01",
            "valid_until": "2027-02-01",
            f"package_{shop['package'].pk}": "10",
        },
    )
    assert "field__error" in assert_english(prices, data)
    room = shop["room"].pk
    receipt = client.post(
        reverse("web:admin_stock_receipt", args=[room]),
        {"receipt-product": shop["product"].pk, "receipt-quantity": "0"},
    )
    assert "field__error" in assert_english(receipt, data)
    rules = client.post(
        reverse("web:admin_sales_rules"),
        {
            "senior_age": "60",
            "confirmation_min_amount": "3000",
            "confirmation_repeat_days": "30",
            "confirmation_within_hours": "72",
            "return_unopened_days": "10",
            "return_senior_days": "7",
        },
    )
    assert "field__error" in assert_english(rules, data)
    aftercare = client.post(reverse("web:admin_aftercare_rules"), {"programme_calls": "0"})
    assert "field__error" in assert_english(aftercare, data)
