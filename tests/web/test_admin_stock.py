"""Store rooms and their stock on the pages: goods received, the counted stock corrected with
its reason, the history of movements (paged, the same queries for many), wrong input next to
its field; for administrators only."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from lianyi.core.errors import CoreCode
from lianyi.core.models import AuditEntry
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import StockLevel, StockMovement, StockMovementKind, StoreRoom
from lianyi.sales.services.stock import receive_stock
from tests.factories import ProductFactory, StoreRoomFactory
from tests.web.conftest import field_codes


@pytest.fixture
def room(world):
    return StoreRoomFactory(company=world.company, name="总库")


@pytest.fixture
def pillow(world):
    return ProductFactory(company=world.company, name="磁疗枕")


def codes(response: Any, form: str, field: str) -> list[str]:
    return [e.code for e in response.context[form].errors.as_data().get(field, [])]


def test_an_administrator_adds_a_store_room_and_a_second_of_the_name_is_refused(world, login):
    client = login(world.admin)
    response = client.post("/admin/catalogue/stores/new/", {"name": "总库"})
    room = StoreRoom.objects.get(company=world.company)
    assert response["Location"] == f"/admin/catalogue/stores/{room.pk}/"
    again = client.post("/admin/catalogue/stores/new/", {"name": "总库"})
    assert field_codes(again, "name") == [SalesCode.ALREADY_EXISTS]
    empty = client.post("/admin/catalogue/stores/new/", {"name": ""})
    assert field_codes(empty, "name") == [CoreCode.REQUIRED]


def test_goods_received_raise_the_stock_and_show_in_the_history(world, login, room, pillow):
    client = login(world.admin)
    response = client.post(
        f"/admin/catalogue/stores/{room.pk}/receipt/",
        {"receipt-product": pillow.pk, "receipt-quantity": "20", "receipt-note": "供货单 A-17"},
    )
    assert response.status_code == 302
    assert StockLevel.objects.get(store_room=room, product=pillow).quantity == 20
    html = client.get(f"/admin/catalogue/stores/{room.pk}/").content.decode()
    assert f'id="level-{pillow.pk}"' in html and "供货单 A-17" in html
    assert AuditEntry.objects.filter(action="sales.stock.receipt").count() == 1


@pytest.mark.parametrize(
    ("data", "field", "code"),
    [
        ({"receipt-quantity": "0"}, "quantity", SalesCode.QUANTITY_INVALID),
        ({"receipt-quantity": "-3"}, "quantity", "min_value"),
        ({"receipt-quantity": "2.5"}, "quantity", "invalid"),
        ({"receipt-quantity": "100001"}, "quantity", SalesCode.QUANTITY_INVALID),
        ({"receipt-product": ""}, "product", CoreCode.REQUIRED),
        ({"receipt-product": "999999"}, "product", "invalid_choice"),
    ],
)
def test_a_wrong_receipt_is_refused_next_to_its_field(
    world, login, room, pillow, data, field, code
):
    post = {"receipt-product": pillow.pk, "receipt-quantity": "5", **data}
    response = login(world.admin).post(f"/admin/catalogue/stores/{room.pk}/receipt/", post)
    assert response.status_code == 200
    assert codes(response, "receipt", field) == [code]
    assert not StockMovement.objects.exists()


def test_a_correction_needs_its_reason_and_keeps_the_difference(world, login, room, pillow):
    receive_stock(by=world.admin, store_room_id=room.pk, product_id=pillow.pk, quantity=10)
    client = login(world.admin)
    url = f"/admin/catalogue/stores/{room.pk}/correction/"
    no_reason = client.post(url, {"correction-product": pillow.pk, "correction-counted": "8"})
    assert codes(no_reason, "correction", "note") == [CoreCode.REQUIRED]
    same = client.post(
        url,
        {"correction-product": pillow.pk, "correction-counted": "10", "correction-note": "盘点"},
    )
    assert codes(same, "correction", "counted") == [SalesCode.QUANTITY_INVALID]
    negative = client.post(
        url, {"correction-product": pillow.pk, "correction-counted": "-1", "correction-note": "x"}
    )
    assert codes(negative, "correction", "counted") == ["min_value"]
    done = client.post(
        url,
        {
            "correction-product": pillow.pk,
            "correction-counted": "8",
            "correction-note": "破损 2 个",
        },
    )
    assert done.status_code == 302
    movement = StockMovement.objects.get(kind=StockMovementKind.CORRECTION)
    assert (movement.change, movement.quantity_after, movement.note) == (-2, 8, "破损 2 个")


def test_the_store_room_page_costs_the_same_queries_for_many_movements(world, login, room):
    client = login(world.admin)
    products = [ProductFactory(company=world.company) for _n in range(3)]
    receive_stock(by=world.admin, store_room_id=room.pk, product_id=products[0].pk, quantity=1)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(f"/admin/catalogue/stores/{room.pk}/").status_code == 200
        return len(captured.captured_queries)

    few = count()
    for n in range(40):
        product = products[n % 3]
        receive_stock(by=world.admin, store_room_id=room.pk, product_id=product.pk, quantity=1)
    assert count() == few
    page = client.get(f"/admin/catalogue/stores/{room.pk}/")
    assert page.context["movements"].total == 41 and len(page.context["movements"].items) == 30
    assert len(page.context["levels"]) == 3


def test_a_store_room_is_renamed_from_its_page(world, login, room):
    client = login(world.admin)
    response = client.post(f"/admin/catalogue/stores/{room.pk}/rename/", {"room-name": "东区库房"})
    assert response.status_code == 302
    room.refresh_from_db()
    assert room.name == "东区库房"
    empty = client.post(f"/admin/catalogue/stores/{room.pk}/rename/", {"room-name": ""})
    assert codes(empty, "rename", "name") == [CoreCode.REQUIRED]


@pytest.mark.parametrize("who", ["rep", "supervisor", "service"])
def test_a_rep_can_neither_see_nor_move_stock(world, login, room, pillow, who):
    client = login(getattr(world, who))
    assert client.get(f"/admin/catalogue/stores/{room.pk}/").status_code == 404
    post = {"receipt-product": pillow.pk, "receipt-quantity": "5"}
    assert client.post(f"/admin/catalogue/stores/{room.pk}/receipt/", post).status_code == 404
    assert not StockMovement.objects.exists()
