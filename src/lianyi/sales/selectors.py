"""Reads of the catalogue and the stock: the company's, through the one company scope. Everyone
of the company reads the catalogue; the price of a package or product on a day comes only from
the price list valid that day."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from lianyi.core.errors import DomainError
from lianyi.org.scoping import company_scope
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import (
    Gift,
    Package,
    PackageItem,
    PriceList,
    PriceListEntry,
    Product,
    StockLevel,
    StockMovement,
    StoreRoom,
)


def catalogue_products(*, user: Any) -> QuerySet[Product]:
    return Product.objects.filter(company_scope(user))


def catalogue_packages(*, user: Any) -> QuerySet[Package]:
    items = PackageItem.objects.select_related("product").order_by("product__name")
    return Package.objects.filter(company_scope(user)).prefetch_related(
        Prefetch("items", queryset=items)
    )


def catalogue_gifts(*, user: Any) -> QuerySet[Gift]:
    return Gift.objects.filter(company_scope(user))


def store_rooms(*, user: Any) -> QuerySet[StoreRoom]:
    return StoreRoom.objects.filter(company_scope(user))


def price_list_on(*, user: Any, day: date) -> PriceList | None:
    """The price list that applies on ``day``: of those valid that day, the one that started
    last."""
    return (
        PriceList.objects.filter(company_scope(user), valid_from__lte=day)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .order_by("-valid_from", "-pk")
        .first()
    )


@dataclass(frozen=True)
class Price:
    amount: Decimal
    price_list: PriceList


def price_on(
    *, user: Any, day: date, package_id: int | None = None, product_id: int | None = None
) -> Price:
    """The price of one package or one product on ``day``; refused (``sales.not_in_catalogue``)
    when the valid price list has none: nothing is sold at a price typed in on the spot."""
    price_list = price_list_on(user=user, day=day)
    entry = None
    entries = PriceListEntry.objects.filter(price_list=price_list)
    if price_list is not None and package_id is not None and product_id is None:
        entry = entries.filter(package_id=package_id).first()
    elif price_list is not None and product_id is not None and package_id is None:
        entry = entries.filter(product_id=product_id).first()
    if entry is None or price_list is None:
        raise DomainError(
            _("这件商品不在当天有效的价目表上。"),
            code=SalesCode.NOT_IN_CATALOGUE,
            extra={"day": day.isoformat()},
        )
    return Price(amount=entry.price, price_list=price_list)


def stock_levels(*, user: Any, store_room_id: int) -> QuerySet[StockLevel]:
    return StockLevel.objects.filter(
        company_scope(user, prefix="store_room__"), store_room_id=store_room_id
    ).select_related("product")


@dataclass(frozen=True)
class CatalogueDay:
    """What is for sale on a day, at which price: the catalogue read against the price list
    valid that day (``None`` prices: not on it, so not for sale that day)."""

    day: date
    price_list: PriceList | None
    packages: list[tuple[Package, Decimal | None]]
    products: list[tuple[Product, Decimal | None]]
    gifts: list[Gift]


def catalogue_on(*, user: Any, day: date) -> CatalogueDay:
    """The active catalogue with the prices of ``day``, in a fixed number of queries."""
    price_list = price_list_on(user=user, day=day)
    package_prices: dict[int, Decimal] = {}
    product_prices: dict[int, Decimal] = {}
    if price_list is not None:
        for entry in PriceListEntry.objects.filter(price_list=price_list):
            if entry.package_id is not None:
                package_prices[entry.package_id] = entry.price
            elif entry.product_id is not None:
                product_prices[entry.product_id] = entry.price
    return CatalogueDay(
        day=day,
        price_list=price_list,
        packages=[
            (p, package_prices.get(p.pk))
            for p in catalogue_packages(user=user).filter(is_active=True)
        ],
        products=[
            (p, product_prices.get(p.pk))
            for p in catalogue_products(user=user).filter(is_active=True)
        ],
        gifts=list(catalogue_gifts(user=user).filter(is_active=True)),
    )


# --- for the administration pages -------------------------------------------------------------


def price_lists(*, user: Any) -> QuerySet[PriceList]:
    """The company's price lists, newest first, each with its number of prices."""
    return (
        PriceList.objects.filter(company_scope(user))
        .select_related("created_by")
        .annotate(entry_count=Count("entries"))
        .order_by("-valid_from", "-pk")
    )


def price_list_entries(*, price_list: PriceList) -> QuerySet[PriceListEntry]:
    """The prices of a price list already in scope: packages first, then products, by name."""
    return (
        PriceListEntry.objects.filter(price_list=price_list)
        .select_related("package", "product")
        .order_by("product_id", "package__name", "product__name", "pk")
    )


def stock_movements(*, user: Any, store_room_id: int) -> QuerySet[StockMovement]:
    """The movements of one store room, newest first, with the product and who moved it."""
    return StockMovement.objects.filter(
        company_scope(user, prefix="store_room__"), store_room_id=store_room_id
    ).select_related("product", "by")
