"""The catalogue: products carry the number their category requires, packages their
contents, gifts their value, and a price comes only from the price list valid on the day."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.models import AuditEntry
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import ProductCategory
from lianyi.sales.selectors import catalogue_packages, catalogue_products, price_on
from lianyi.sales.services import catalogue
from tests.factories import UserFactory


def refused(call, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as error:
        call(**kwargs)
    return error.value


def pillow(world, **overrides):
    values = {
        "name": "磁疗枕",
        "category": ProductCategory.MEDICAL_DEVICE,
        "registration_number": "浙械注准20232090001",
    }
    values.update(overrides)
    return catalogue.create_product(by=world.admin, **values)


def test_a_medical_device_needs_its_registration_number_and_a_health_food_its_approval(world):
    error = refused(pillow, world=world, registration_number="")
    assert error.code == SalesCode.NUMBER_REQUIRED and error.extra == {
        "field": "registration_number"
    }
    error = refused(
        catalogue.create_product, by=world.admin, name="蜂胶", category=ProductCategory.HEALTH_FOOD
    )
    assert error.code == SalesCode.NUMBER_REQUIRED and error.extra == {"field": "approval_number"}
    product = pillow(world)
    assert product.registration_number == "浙械注准20232090001"
    entry = AuditEntry.objects.get(action="sales.product.created")
    assert entry.data["category"] == "medical_device"


def test_only_an_administrator_maintains_the_catalogue_and_names_are_unique(world):
    with pytest.raises(DomainError) as forbidden:
        catalogue.create_product(by=world.rep, name="袜子", category=ProductCategory.ORDINARY)
    assert forbidden.value.code == CoreCode.FORBIDDEN
    pillow(world)
    error = refused(pillow, world=world)
    assert error.code == SalesCode.ALREADY_EXISTS
    assert catalogue_products(user=world.rep).count() == 1  # everyone of the company reads it


def test_a_package_lists_its_contents_from_the_companys_catalogue(world):
    first = pillow(world)
    socks = catalogue.create_product(
        by=world.admin, name="保暖袜", category=ProductCategory.ORDINARY
    )
    package = catalogue.create_package(
        by=world.admin, name="大全套", items=[(first.pk, 1), (socks.pk, 2), (socks.pk, 1)]
    )
    contents = {
        i.product.name: i.quantity for i in catalogue_packages(user=world.rep).get().items.all()
    }
    assert contents == {"磁疗枕": 1, "保暖袜": 3}
    # another company's product, an empty package and a zero quantity are refused
    elsewhere = catalogue.create_product(
        by=UserFactory(role="admin"), name="别家", category=ProductCategory.ORDINARY
    )
    for items, code in (
        ([(elsewhere.pk, 1)], SalesCode.NOT_IN_CATALOGUE),
        ([], SalesCode.PACKAGE_EMPTY),
        ([(socks.pk, 0)], SalesCode.QUANTITY_INVALID),
    ):
        assert (
            refused(catalogue.create_package, by=world.admin, name="小全套", items=items).code
            == code
        )
    assert catalogue_packages(user=world.rep).get() == package


def test_a_gift_has_its_own_value_in_yuan_never_rounded(world):
    gift = catalogue.create_gift(by=world.admin, name="电饭煲", value="299.00")
    assert gift.value == Decimal("299.00")
    assert refused(catalogue.create_gift, by=world.admin, name="毛巾", value="9.999").code == (
        CoreCode.MONEY_PRECISION
    )
    assert refused(catalogue.create_gift, by=world.admin, name="毛巾", value="-1").code == (
        CoreCode.MONEY_INVALID
    )


def test_the_price_on_a_day_comes_from_the_list_valid_that_day(world):
    package = catalogue.create_package(by=world.admin, name="大全套", items=[(pillow(world).pk, 1)])
    catalogue.create_price_list(
        by=world.admin,
        name="秋季价目",
        valid_from=dt.date(2026, 10, 1),
        package_prices={package.pk: "3980.00"},
    )
    catalogue.create_price_list(
        by=world.admin,
        name="冬季价目",
        valid_from=dt.date(2026, 12, 1),
        valid_until=dt.date(2027, 2, 28),
        package_prices={package.pk: "3680.00"},
    )
    assert price_on(user=world.rep, day=dt.date(2026, 11, 30), package_id=package.pk).amount == (
        Decimal("3980.00")
    )
    assert price_on(user=world.rep, day=dt.date(2026, 12, 1), package_id=package.pk).amount == (
        Decimal("3680.00")
    )
    # after the winter list ends, the open-ended autumn list applies again
    assert price_on(user=world.rep, day=dt.date(2027, 3, 1), package_id=package.pk).amount == (
        Decimal("3980.00")
    )
    # before any list, or a product no list names: not for sale at any typed-in price
    before = refused(price_on, user=world.rep, day=dt.date(2026, 9, 30), package_id=package.pk)
    assert before.code == SalesCode.NOT_IN_CATALOGUE


def test_a_price_list_is_refused_when_its_dates_entries_or_prices_are_wrong(world):
    package = catalogue.create_package(by=world.admin, name="大全套", items=[(pillow(world).pk, 1)])
    day = dt.date(2026, 12, 1)
    cases = [
        (
            {"valid_until": day - dt.timedelta(days=1), "package_prices": {package.pk: "1"}},
            SalesCode.PRICE_LIST_DATES,
        ),
        ({}, SalesCode.PRICE_LIST_EMPTY),
        ({"package_prices": {package.pk + 1000: "1"}}, SalesCode.NOT_IN_CATALOGUE),
        ({"package_prices": {package.pk: "0"}}, CoreCode.MONEY_INVALID),
        ({"package_prices": {package.pk: "1.005"}}, CoreCode.MONEY_PRECISION),
    ]
    for extra, code in cases:
        error = refused(
            catalogue.create_price_list, by=world.admin, name="价目", valid_from=day, **extra
        )
        assert error.code == code, extra
    catalogue.create_price_list(
        by=world.admin, name="价目", valid_from=day, package_prices={package.pk: "1"}
    )
    again = refused(
        catalogue.create_price_list,
        by=world.admin,
        name="另一份",
        valid_from=day,
        package_prices={package.pk: "2"},
    )
    assert again.code == SalesCode.ALREADY_EXISTS


def test_another_companys_catalogue_and_prices_are_not_seen(world):
    package = catalogue.create_package(by=world.admin, name="大全套", items=[(pillow(world).pk, 1)])
    day = dt.date(2026, 12, 1)
    catalogue.create_price_list(
        by=world.admin, name="价目", valid_from=day, package_prices={package.pk: "3680"}
    )
    outsider = UserFactory(role="rep")  # a rep of another company
    assert catalogue_products(user=outsider).count() == 0
    assert catalogue_packages(user=outsider).count() == 0
    error = refused(price_on, user=outsider, day=day, package_id=package.pk)
    assert error.code == SalesCode.NOT_IN_CATALOGUE
