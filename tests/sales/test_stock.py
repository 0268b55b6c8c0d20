"""Stock per store room: goods received and counted corrections, each a movement with who and
why under the level's row lock; never below zero."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from lianyi.core.errors import CoreCode, DomainError, NotFound
from lianyi.core.models import AuditEntry
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import ProductCategory, StockMovement
from lianyi.sales.selectors import stock_levels
from lianyi.sales.services import catalogue, stock
from tests.factories import UserFactory


def setup(world):
    room = stock.create_store_room(by=world.admin, name="一号库房")
    product = catalogue.create_product(
        by=world.admin, name="保暖袜", category=ProductCategory.ORDINARY
    )
    return room, product


def level(world, room, product) -> int:
    return stock_levels(user=world.admin, store_room_id=room.pk).get(product=product).quantity


def test_receipts_add_up_and_each_is_a_movement_with_who_and_why(world):
    room, product = setup(world)
    stock.receive_stock(
        by=world.admin, store_room_id=room.pk, product_id=product.pk, quantity=40, note="到货"
    )
    stock.receive_stock(by=world.admin, store_room_id=room.pk, product_id=product.pk, quantity=10)
    assert level(world, room, product) == 50
    moves = list(StockMovement.objects.order_by("pk").values_list("change", "quantity_after"))
    assert moves == [(40, 40), (10, 50)]
    entries = AuditEntry.objects.filter(action="sales.stock.receipt")
    assert [e.data["quantity_after"] for e in entries.order_by("pk")] == [40, 50]


def test_a_correction_sets_the_counted_stock_with_a_reason(world):
    room, product = setup(world)
    stock.receive_stock(by=world.admin, store_room_id=room.pk, product_id=product.pk, quantity=50)
    with pytest.raises(DomainError) as no_reason:
        stock.correct_stock(
            by=world.admin, store_room_id=room.pk, product_id=product.pk, counted=47, note=""
        )
    assert no_reason.value.code == CoreCode.REQUIRED
    movement = stock.correct_stock(
        by=world.admin, store_room_id=room.pk, product_id=product.pk, counted=47, note="盘点少 3 双"
    )
    assert (movement.change, movement.quantity_after) == (-3, 47)
    assert level(world, room, product) == 47
    for counted in (-1, 47):  # below zero, or nothing to correct
        with pytest.raises(DomainError) as error:
            stock.correct_stock(
                by=world.admin,
                store_room_id=room.pk,
                product_id=product.pk,
                counted=counted,
                note="盘点",
            )
        assert error.value.code == SalesCode.QUANTITY_INVALID


def test_bad_quantities_other_companies_and_reps_are_refused(world):
    room, product = setup(world)
    for quantity in (0, -5, 100_001):
        with pytest.raises(DomainError) as error:
            stock.receive_stock(
                by=world.admin, store_room_id=room.pk, product_id=product.pk, quantity=quantity
            )
        assert error.value.code == SalesCode.QUANTITY_INVALID
    with pytest.raises(DomainError) as forbidden:
        stock.receive_stock(by=world.rep, store_room_id=room.pk, product_id=product.pk, quantity=1)
    assert forbidden.value.code == CoreCode.FORBIDDEN
    outsider = UserFactory(role="admin")
    with pytest.raises(NotFound):
        stock.receive_stock(by=outsider, store_room_id=room.pk, product_id=product.pk, quantity=1)
    assert not StockMovement.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_receipts_and_a_correction_at_the_same_moment_lose_nothing(world):
    # given a level of 10, when four receipts of 5 race a correction to 8 counted
    room, product = setup(world)
    stock.receive_stock(by=world.admin, store_room_id=room.pk, product_id=product.pk, quantity=10)
    barrier = threading.Barrier(5)

    def receive() -> None:
        try:
            barrier.wait()
            stock.receive_stock(
                by=world.admin, store_room_id=room.pk, product_id=product.pk, quantity=5
            )
        finally:
            connection.close()

    def correct() -> None:
        try:
            barrier.wait()
            stock.correct_stock(
                by=world.admin, store_room_id=room.pk, product_id=product.pk, counted=8, note="盘点"
            )
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=5) as pool:
        for future in [pool.submit(receive) for _ in range(4)] + [pool.submit(correct)]:
            future.result()
    # then the level is the sum of its movements, and each movement saw the one before it
    moves = list(StockMovement.objects.order_by("pk").values_list("change", "quantity_after"))
    running = 0
    for change, after in moves:
        running += change
        assert after == running
    assert level(world, room, product) == running
    assert len(moves) == 6
