"""Changes to the catalogue after it was created: a product, package or gift edited, taken off
sale (deactivated) or put back on sale, a store room renamed. Nothing is ever deleted: orders and
price lists point at these rows. Every write is audited with what changed."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.errors import DomainError
from lianyi.core.validation import clean_text, require_text
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.sales.codes import SalesCode
from lianyi.sales.locks import lock_catalogue_row
from lianyi.sales.models import Gift, Package, PackageItem, Product, StoreRoom
from lianyi.sales.selectors import (
    catalogue_gifts,
    catalogue_packages,
    catalogue_products,
    store_rooms,
)
from lianyi.sales.services.catalogue import _exists, _money, package_quantities, product_fields

PRODUCT_FIELDS = ["name", "category", "registration_number", "approval_number", "unit"]


@transaction.atomic
def update_product(
    *,
    by: User,
    product_id: int,
    name: str,
    category: str,
    registration_number: str = "",
    approval_number: str = "",
    unit: str = "件",
    recall_signal: bool | None = None,
) -> Product:
    """A product's name, category, numbers and unit; the category's number stays required.
    ``recall_signal`` unchanged when None."""
    require_capability(by, Capability.CATALOGUE_MANAGE)
    product = lock_catalogue_row(catalogue_products(user=by), product_id)
    name, registration_number, approval_number, unit = product_fields(
        name=name,
        category=category,
        registration_number=registration_number,
        approval_number=approval_number,
        unit=unit,
    )
    before = snapshot(product, PRODUCT_FIELDS)
    product.name = name
    product.category = category
    product.registration_number = registration_number
    product.approval_number = approval_number
    product.unit = unit
    if recall_signal is not None:
        product.recall_signal = bool(recall_signal)
    try:
        with transaction.atomic():
            product.save(update_fields=PRODUCT_FIELDS)
    except IntegrityError:
        raise _exists(_("已有同名商品。"), "name") from None
    audit(by, "sales.product.updated", product, changes=diff(before, product))
    return product


def _set_active(by: User, row: Product | Package | Gift, is_active: bool, action: str) -> None:
    """``action``: the audited name of this change (on sale again, or off sale)."""
    if row.is_active == is_active:
        raise DomainError(
            _("已经在售。") if is_active else _("已经停售。"),
            code=SalesCode.ALREADY_IN_STATE,
            extra={"field": "is_active"},
        )
    row.is_active = is_active
    row.save(update_fields=["is_active"])
    audit(by, action, row, data={"name": row.name})


@transaction.atomic
def set_product_active(*, by: User, product_id: int, is_active: bool) -> Product:
    """Off sale (not offered for new orders or packages' prices any more) or back on sale."""
    require_capability(by, Capability.CATALOGUE_MANAGE)
    product = lock_catalogue_row(catalogue_products(user=by), product_id)
    _set_active(
        by,
        product,
        is_active,
        "sales.product.reactivated" if is_active else "sales.product.deactivated",
    )
    return product


@transaction.atomic
def update_package(
    *, by: User, package_id: int, name: str, items: Sequence[tuple[int, int]], description: str = ""
) -> Package:
    """A package's name, description and contents (the contents replaced as given)."""
    require_capability(by, Capability.CATALOGUE_MANAGE)
    package = lock_catalogue_row(catalogue_packages(user=by), package_id)
    name = require_text(name, field="name", label=_("名称"), max_length=100)
    description = clean_text(description, field="description", label=_("说明"), max_length=500)
    quantities = package_quantities(by=by, items=items)
    before = snapshot(package, ["name", "description"])
    old_items = {str(i.product_id): i.quantity for i in package.items.all()}
    package.name = name
    package.description = description
    try:
        with transaction.atomic():
            package.save(update_fields=["name", "description"])
    except IntegrityError:
        raise _exists(_("已有同名套餐。"), "name") from None
    new_items = {str(pk): n for pk, n in sorted(quantities.items())}
    if new_items != old_items:
        PackageItem.objects.filter(package=package).delete()
        PackageItem.objects.bulk_create(
            [
                PackageItem(package=package, product_id=pk, quantity=n)
                for pk, n in quantities.items()
            ]
        )
    changes = diff(before, package)
    if new_items != old_items:
        changes["items"] = [old_items, new_items]
    audit(by, "sales.package.updated", package, changes=changes)
    return package


@transaction.atomic
def set_package_active(*, by: User, package_id: int, is_active: bool) -> Package:
    require_capability(by, Capability.CATALOGUE_MANAGE)
    package = lock_catalogue_row(catalogue_packages(user=by), package_id)
    _set_active(
        by,
        package,
        is_active,
        "sales.package.reactivated" if is_active else "sales.package.deactivated",
    )
    return package


@transaction.atomic
def update_gift(*, by: User, gift_id: int, name: str, value: Decimal | str) -> Gift:
    """A gift's name and value (orders keep the value of their day)."""
    require_capability(by, Capability.CATALOGUE_MANAGE)
    gift = lock_catalogue_row(catalogue_gifts(user=by), gift_id)
    name = require_text(name, field="name", label=_("名称"), max_length=100)
    amount = _money(value, field="value")
    before = snapshot(gift, ["name", "value"])
    gift.name = name
    gift.value = amount
    try:
        with transaction.atomic():
            gift.save(update_fields=["name", "value"])
    except IntegrityError:
        raise _exists(_("已有同名赠品。"), "name") from None
    audit(by, "sales.gift.updated", gift, changes=diff(before, gift))
    return gift


@transaction.atomic
def set_gift_active(*, by: User, gift_id: int, is_active: bool) -> Gift:
    require_capability(by, Capability.CATALOGUE_MANAGE)
    gift = lock_catalogue_row(catalogue_gifts(user=by), gift_id)
    _set_active(
        by,
        gift,
        is_active,
        "sales.gift.reactivated" if is_active else "sales.gift.deactivated",
    )
    return gift


@transaction.atomic
def rename_store_room(*, by: User, store_room_id: int, name: str) -> StoreRoom:
    require_capability(by, Capability.CATALOGUE_MANAGE)
    room = lock_catalogue_row(store_rooms(user=by), store_room_id)
    name = require_text(name, field="name", label=_("名称"), max_length=100)
    before = snapshot(room, ["name"])
    room.name = name
    try:
        with transaction.atomic():
            room.save(update_fields=["name"])
    except IntegrityError:
        raise _exists(_("已有同名库房。"), "name") from None
    audit(by, "sales.store_room.renamed", room, changes=diff(before, room))
    return room
