"""The catalogue, maintained by administrators (``Capability.CATALOGUE_MANAGE``): products
with the number their category requires, packages with their contents, gifts with their value,
and price lists valid from a day. Every write is audited."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import Conflict, CoreCode, DomainError
from lianyi.core.fields import FieldError, check_day, check_money
from lianyi.core.validation import clean_text, require_text
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import company_id_of
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import (
    Gift,
    Package,
    PackageItem,
    PriceList,
    PriceListEntry,
    Product,
    ProductCategory,
)
from lianyi.sales.selectors import catalogue_packages, catalogue_products

MAX_PACKAGE_QUANTITY = 99


def _exists(message: str, field: str) -> Conflict:
    return Conflict(message, code=SalesCode.ALREADY_EXISTS, extra={"field": field})


def _money(value: object, *, field: str) -> Decimal:
    try:
        return check_money(value)
    except FieldError as error:
        raise DomainError(str(error), code=error.code, extra={"field": field}) from None


def product_fields(
    *, name: str, category: str, registration_number: str, approval_number: str, unit: str
) -> tuple[str, str, str, str]:
    """A product's name, numbers and unit, cleaned; the number its category requires given."""
    name = require_text(name, field="name", label=_("名称"), max_length=100)
    if category not in ProductCategory.values:
        raise DomainError(_("请选择商品类别。"), code=CoreCode.INVALID, extra={"field": "category"})
    registration_number = clean_text(
        registration_number, field="registration_number", label=_("注册证编号"), max_length=50
    )
    approval_number = clean_text(
        approval_number, field="approval_number", label=_("批准文号"), max_length=50
    )
    # What may be said of a product depends on what it is: the number is the proof.
    if category == ProductCategory.MEDICAL_DEVICE and not registration_number:
        raise DomainError(
            _("医疗器械须填写注册证编号。"),
            code=SalesCode.NUMBER_REQUIRED,
            extra={"field": "registration_number"},
        )
    if category == ProductCategory.HEALTH_FOOD and not approval_number:
        raise DomainError(
            _("保健食品须填写批准文号。"),
            code=SalesCode.NUMBER_REQUIRED,
            extra={"field": "approval_number"},
        )
    unit = require_text(unit, field="unit", label=pgettext("unit of sale", "单位"), max_length=10)
    return name, registration_number, approval_number, unit


def package_quantities(*, by: User, items: Sequence[tuple[int, int]]) -> dict[int, int]:
    """A package's contents as {product id: quantity}: at least one product, each of the
    company's catalogue, each quantity within bounds (a product named twice is added up)."""
    if not items:
        raise DomainError(
            _("套餐至少包含一种商品。"), code=SalesCode.PACKAGE_EMPTY, extra={"field": "items"}
        )
    quantities: dict[int, int] = {}
    for product_id, quantity in items:
        if not 1 <= quantity <= MAX_PACKAGE_QUANTITY:
            raise DomainError(
                _("数量须在 1 到 %(max)s 之间。") % {"max": MAX_PACKAGE_QUANTITY},
                code=SalesCode.QUANTITY_INVALID,
                extra={"field": "items"},
            )
        quantities[product_id] = quantities.get(product_id, 0) + quantity
    products = {p.pk: p for p in catalogue_products(user=by).filter(pk__in=quantities)}
    if set(products) != set(quantities):
        raise DomainError(
            _("套餐里有不在商品目录中的商品。"),
            code=SalesCode.NOT_IN_CATALOGUE,
            extra={"field": "items"},
        )
    return quantities


@transaction.atomic
def create_product(
    *,
    by: User,
    name: str,
    category: str,
    registration_number: str = "",
    approval_number: str = "",
    unit: str = "件",
    recall_signal: bool = False,
) -> Product:
    """``recall_signal`` (回访重点商品): buying it puts a customer up the call-back list."""
    require_capability(by, Capability.CATALOGUE_MANAGE)
    name, registration_number, approval_number, unit = product_fields(
        name=name,
        category=category,
        registration_number=registration_number,
        approval_number=approval_number,
        unit=unit,
    )
    try:
        with transaction.atomic():
            product = Product.objects.create(
                company_id=company_id_of(by),
                name=name,
                category=category,
                registration_number=registration_number,
                approval_number=approval_number,
                unit=unit,
                recall_signal=bool(recall_signal),
            )
    except IntegrityError:
        raise _exists(_("已有同名商品。"), "name") from None
    audit(
        by,
        "sales.product.created",
        product,
        data={
            "name": name,
            "category": category,
            "registration_number": registration_number,
            "approval_number": approval_number,
        },
    )
    return product


@transaction.atomic
def create_package(
    *, by: User, name: str, items: Sequence[tuple[int, int]], description: str = ""
) -> Package:
    """A package and its contents: (product id, quantity) pairs, each product once."""
    require_capability(by, Capability.CATALOGUE_MANAGE)
    name = require_text(name, field="name", label=_("名称"), max_length=100)
    description = clean_text(description, field="description", label=_("说明"), max_length=500)
    quantities = package_quantities(by=by, items=items)
    try:
        with transaction.atomic():
            package = Package.objects.create(
                company_id=company_id_of(by), name=name, description=description
            )
    except IntegrityError:
        raise _exists(_("已有同名套餐。"), "name") from None
    PackageItem.objects.bulk_create(
        [PackageItem(package=package, product_id=pk, quantity=n) for pk, n in quantities.items()]
    )
    audit(
        by,
        "sales.package.created",
        package,
        data={"name": name, "items": {str(pk): n for pk, n in sorted(quantities.items())}},
    )
    return package


@transaction.atomic
def create_gift(*, by: User, name: str, value: Decimal | str) -> Gift:
    require_capability(by, Capability.CATALOGUE_MANAGE)
    name = require_text(name, field="name", label=_("名称"), max_length=100)
    amount = _money(value, field="value")
    try:
        with transaction.atomic():
            gift = Gift.objects.create(company_id=company_id_of(by), name=name, value=amount)
    except IntegrityError:
        raise _exists(_("已有同名赠品。"), "name") from None
    audit(by, "sales.gift.created", gift, data={"name": name, "value": amount})
    return gift


@transaction.atomic
def create_price_list(
    *,
    by: User,
    name: str,
    valid_from: date,
    valid_until: date | None = None,
    package_prices: Mapping[int, Decimal | str] | None = None,
    product_prices: Mapping[int, Decimal | str] | None = None,
) -> PriceList:
    """A price list valid from ``valid_from`` (until ``valid_until``, or open-ended): the price
    of each package and product it names. From its first day it replaces the list before it."""
    require_capability(by, Capability.CATALOGUE_MANAGE)
    name = require_text(name, field="name", label=_("名称"), max_length=100)
    check_day(valid_from)
    if valid_until is not None:
        check_day(valid_until)
        if valid_until < valid_from:
            raise DomainError(
                _("失效日期不能早于生效日期。"),
                code=SalesCode.PRICE_LIST_DATES,
                extra={"field": "valid_until"},
            )
    package_prices = dict(package_prices or {})
    product_prices = dict(product_prices or {})
    if not package_prices and not product_prices:
        raise DomainError(
            _("价目表至少要有一个价格。"),
            code=SalesCode.PRICE_LIST_EMPTY,
            extra={"field": "entries"},
        )
    packages = set(
        catalogue_packages(user=by).filter(pk__in=package_prices).values_list("pk", flat=True)
    )
    products = set(
        catalogue_products(user=by).filter(pk__in=product_prices).values_list("pk", flat=True)
    )
    if packages != set(package_prices) or products != set(product_prices):
        raise DomainError(
            _("价目表里有不在商品目录中的套餐或商品。"),
            code=SalesCode.NOT_IN_CATALOGUE,
            extra={"field": "entries"},
        )
    entries = [
        *(PriceListEntry(package_id=pk, price=_positive(v)) for pk, v in package_prices.items()),
        *(PriceListEntry(product_id=pk, price=_positive(v)) for pk, v in product_prices.items()),
    ]
    try:
        with transaction.atomic():
            price_list = PriceList.objects.create(
                company_id=company_id_of(by),
                name=name,
                valid_from=valid_from,
                valid_until=valid_until,
                created_by=by,
                created_at=now(),
            )
    except IntegrityError:
        raise _exists(_("这一天已有一份价目表生效。"), "valid_from") from None
    for entry in entries:
        entry.price_list = price_list
    PriceListEntry.objects.bulk_create(entries)
    audit(
        by,
        "sales.price_list.created",
        price_list,
        data={
            "name": name,
            "valid_from": valid_from,
            "valid_until": valid_until,
            "packages": {str(e.package_id): e.price for e in entries if e.package_id},
            "products": {str(e.product_id): e.price for e in entries if e.product_id},
        },
    )
    return price_list


def _positive(value: object) -> Decimal:
    amount = _money(value, field="entries")
    if amount <= 0:
        raise DomainError(
            _("价格必须大于 0。"), code=CoreCode.MONEY_INVALID, extra={"field": "entries"}
        )
    return amount
