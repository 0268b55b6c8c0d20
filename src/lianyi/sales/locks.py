"""Row locks of sales (see ``gatherings/locks.py`` for the order across apps): after the
customer and the order, the stock levels, several in (store room, product) order, so that two
orders for the same products wait for each other instead of deadlocking."""

from __future__ import annotations

from django.db import IntegrityError, transaction

from lianyi.sales.models import Order, StockLevel


def lock_stock_level(*, store_room_id: int, product_id: int) -> StockLevel:
    """The level of a product in a store room, created at zero the first time, locked."""
    try:
        with transaction.atomic():
            StockLevel.objects.get_or_create(store_room_id=store_room_id, product_id=product_id)
    except IntegrityError:
        pass  # created by a concurrent first receipt: lock that one
    return StockLevel.objects.select_for_update().get(
        store_room_id=store_room_id, product_id=product_id
    )


def lock_order(order_id: int) -> Order:
    """The order row, locked (not the rows it joins): after its customer, before stock."""
    return Order.objects.select_for_update(of=("self",)).get(pk=order_id)
