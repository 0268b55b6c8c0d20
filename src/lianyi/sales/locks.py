"""Row locks of sales (see ``gatherings/locks.py`` for the order across apps): after the
customer and the order, the stock levels, several in (store room, product) order, so that two
orders for the same products wait for each other instead of deadlocking."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

from django.db import IntegrityError, models, transaction
from django.db.models import QuerySet

from lianyi.core.lookup import get_by_id
from lianyi.org.scoping import of_company
from lianyi.sales.models import Order, SalesRules, StockLevel

M = TypeVar("M", bound=models.Model)


def lock_stock_level(*, store_room_id: int, product_id: int) -> StockLevel:
    """The level of a product in a store room, created at zero the first time, locked."""
    return lock_stock_levels(store_room_id=store_room_id, product_ids=[product_id])[product_id]


def lock_stock_levels(*, store_room_id: int, product_ids: Iterable[int]) -> dict[int, StockLevel]:
    """The levels of the products in a store room, locked in product order by one statement
    (the rows are locked as they are read, sorted), each created at zero the first time."""
    wanted = sorted(set(product_ids))
    levels = _locked_levels(store_room_id, wanted)
    missing = [pk for pk in wanted if pk not in levels]
    if missing:
        for product_id in missing:
            try:
                with transaction.atomic():
                    StockLevel.objects.get_or_create(
                        store_room_id=store_room_id, product_id=product_id
                    )
            except IntegrityError:
                pass  # created by a concurrent first receipt: lock that one
        levels = _locked_levels(store_room_id, wanted)
    return levels


def _locked_levels(store_room_id: int, product_ids: list[int]) -> dict[int, StockLevel]:
    rows = (
        StockLevel.objects.select_for_update()
        .filter(store_room_id=store_room_id, product_id__in=product_ids)
        .order_by("product_id")
    )
    return {level.product_id: level for level in rows}


def lock_order(order_id: int) -> Order:
    """The order row, locked (not the rows it joins): after its customer, before stock."""
    return Order.objects.select_for_update(of=("self",)).get(pk=order_id)


def lock_catalogue_row(rows: QuerySet[M], row_id: int) -> M:
    """One catalogue row (product, package, gift, store room) of ``rows`` (already limited to
    the user's company), locked; NotFound for any other id."""
    return get_by_id(rows.select_for_update(of=("self",)), row_id)


def lock_sales_rules(company_id: int) -> SalesRules:
    """The company's sales rules, created with the defaults the first time, locked."""
    try:
        with transaction.atomic():
            SalesRules.objects.get_or_create(company_id=company_id)
    except IntegrityError:
        pass  # created by a concurrent first save: lock that one
    return SalesRules.objects.select_for_update().filter(of_company(company_id)).get()
