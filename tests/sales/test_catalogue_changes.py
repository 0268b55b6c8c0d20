"""Changing the catalogue: a product, package or gift edited or taken off sale and back, a store
room renamed. The category's number stays required, names stay unique, nothing of another
company can be touched, and every change is audited with what changed."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from lianyi.core.errors import CoreCode, DomainError, NotFound
from lianyi.core.models import AuditEntry
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import PackageItem, ProductCategory
from lianyi.sales.selectors import catalogue_on
from lianyi.sales.services import catalogue_changes as changes
from tests.factories import GiftFactory, PackageFactory, ProductFactory, StoreRoomFactory


def refused(call, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as error:
        call(**kwargs)
    return error.value


def test_editing_a_product_keeps_the_number_its_category_requires_and_audits_the_change(world):
    product = ProductFactory(company=world.company, name="磁疗枕")
    error = refused(
        changes.update_product,
        by=world.admin,
        product_id=product.pk,
        name="磁疗枕",
        category=ProductCategory.MEDICAL_DEVICE,
    )
    assert error.code == SalesCode.NUMBER_REQUIRED
    assert error.extra["field"] == "registration_number"
    error = refused(
        changes.update_product,
        by=world.admin,
        product_id=product.pk,
        name="蜂胶",
        category=ProductCategory.HEALTH_FOOD,
        registration_number="x",
    )
    assert error.extra["field"] == "approval_number"
    changed = changes.update_product(
        by=world.admin,
        product_id=product.pk,
        name="磁疗枕",
        category=ProductCategory.MEDICAL_DEVICE,
        registration_number="浙械注准20232090001",
        unit="个",
    )
    product.refresh_from_db()
    assert changed.pk == product.pk and product.category == ProductCategory.MEDICAL_DEVICE
    entry = AuditEntry.objects.get(action="sales.product.updated")
    assert entry.changes["category"] == ["ordinary", "medical_device"]
    assert entry.changes["unit"] == ["件", "个"]
    assert "name" not in entry.changes


def test_a_product_name_stays_unique_and_another_companys_product_is_not_found(world):
    first = ProductFactory(company=world.company, name="保暖袜")
    second = ProductFactory(company=world.company, name="护膝")
    error = refused(
        changes.update_product,
        by=world.admin,
        product_id=second.pk,
        name="保暖袜",
        category=ProductCategory.ORDINARY,
    )
    assert error.code == SalesCode.ALREADY_EXISTS and error.extra["field"] == "name"
    with pytest.raises(NotFound):
        changes.update_product(
            by=world.outsider_admin,
            product_id=first.pk,
            name="别家改名",
            category=ProductCategory.ORDINARY,
        )
    with pytest.raises(DomainError) as forbidden:
        changes.set_product_active(by=world.rep, product_id=first.pk, is_active=False)
    assert forbidden.value.code == CoreCode.FORBIDDEN


def test_a_product_taken_off_sale_leaves_todays_catalogue_and_comes_back(world):
    product = ProductFactory(company=world.company, name="护膝")
    changes.set_product_active(by=world.admin, product_id=product.pk, is_active=False)
    assert [
        p for p, _price in catalogue_on(user=world.rep, day=timezone.localdate()).products
    ] == []
    error = refused(
        changes.set_product_active, by=world.admin, product_id=product.pk, is_active=False
    )
    assert error.code == SalesCode.ALREADY_IN_STATE
    changes.set_product_active(by=world.admin, product_id=product.pk, is_active=True)
    actions = list(
        AuditEntry.objects.filter(action__startswith="sales.product.").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["sales.product.deactivated", "sales.product.reactivated"]


def test_editing_a_package_replaces_its_contents_and_audits_old_and_new(world):
    pillow = ProductFactory(company=world.company, name="磁疗枕")
    socks = ProductFactory(company=world.company, name="保暖袜")
    package = PackageFactory(company=world.company, name="小全套", product=pillow)
    changes.update_package(
        by=world.admin,
        package_id=package.pk,
        name="大全套",
        items=[(pillow.pk, 1), (socks.pk, 3)],
        description="枕头加袜子",
    )
    contents = dict(
        PackageItem.objects.filter(package=package).values_list("product_id", "quantity")
    )
    assert contents == {pillow.pk: 1, socks.pk: 3}
    entry = AuditEntry.objects.get(action="sales.package.updated")
    assert entry.changes["name"] == ["小全套", "大全套"]
    assert entry.changes["items"] == [{str(pillow.pk): 1}, {str(pillow.pk): 1, str(socks.pk): 3}]


def test_a_package_edit_is_refused_empty_with_a_zero_quantity_or_a_foreign_product(world):
    package = PackageFactory(company=world.company, name="大全套")
    foreign = ProductFactory()  # another company's
    for items, code in (
        ([], SalesCode.PACKAGE_EMPTY),
        ([(package.items.get().product_id, 0)], SalesCode.QUANTITY_INVALID),
        ([(foreign.pk, 1)], SalesCode.NOT_IN_CATALOGUE),
    ):
        error = refused(
            changes.update_package,
            by=world.admin,
            package_id=package.pk,
            name="大全套",
            items=items,
        )
        assert error.code == code
    assert package.items.count() == 1  # unchanged


def test_a_gift_edit_refuses_a_negative_or_three_decimal_value_and_deactivates(world):
    gift = GiftFactory(company=world.company, name="围巾")
    for value, code in (("-1", CoreCode.MONEY_INVALID), ("1.005", CoreCode.MONEY_PRECISION)):
        error = refused(
            changes.update_gift, by=world.admin, gift_id=gift.pk, name="围巾", value=value
        )
        assert error.code == code and error.extra["field"] == "value"
    changes.update_gift(by=world.admin, gift_id=gift.pk, name="羊毛围巾", value="58.50")
    gift.refresh_from_db()
    assert gift.value == Decimal("58.50") and gift.name == "羊毛围巾"
    changes.set_gift_active(by=world.admin, gift_id=gift.pk, is_active=False)
    gift.refresh_from_db()
    assert not gift.is_active
    assert AuditEntry.objects.filter(action="sales.gift.deactivated").count() == 1


def test_a_store_room_is_renamed_once_per_name(world):
    room = StoreRoomFactory(company=world.company, name="一号库房")
    StoreRoomFactory(company=world.company, name="二号库房")
    error = refused(
        changes.rename_store_room, by=world.admin, store_room_id=room.pk, name="二号库房"
    )
    assert error.code == SalesCode.ALREADY_EXISTS
    error = refused(changes.rename_store_room, by=world.admin, store_room_id=room.pk, name="  ")
    assert error.code == CoreCode.REQUIRED
    changes.rename_store_room(by=world.admin, store_room_id=room.pk, name="总库")
    room.refresh_from_db()
    assert room.name == "总库"
    assert AuditEntry.objects.get(action="sales.store_room.renamed").changes == {
        "name": ["一号库房", "总库"]
    }
