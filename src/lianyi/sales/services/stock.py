"""The stock per store room: goods received and counted-stock corrections, each a movement
with who and why, under the level's row lock (``sales.locks``). Reserving and releasing for
orders come with the orders."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit, audit_all, audit_entry
from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.core.lookup import get_by_id
from lianyi.core.models import AuditEntry
from lianyi.core.validation import clean_text, require_text
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import company_id_of
from lianyi.sales.codes import SalesCode
from lianyi.sales.locks import lock_stock_level
from lianyi.sales.models import Order, StockLevel, StockMovement, StockMovementKind, StoreRoom
from lianyi.sales.selectors import catalogue_products, store_rooms

MAX_RECEIPT = 100_000


@transaction.atomic
def create_store_room(*, by: User, name: str) -> StoreRoom:
    require_capability(by, Capability.CATALOGUE_MANAGE)
    name = require_text(name, field="name", label=_("名称"), max_length=100)
    try:
        with transaction.atomic():
            room = StoreRoom.objects.create(company_id=company_id_of(by), name=name)
    except IntegrityError:
        raise DomainError(
            _("已有同名库房。"), code=SalesCode.ALREADY_EXISTS, extra={"field": "name"}
        ) from None
    audit(by, "sales.store_room.created", room, data={"name": name})
    return room


def move_stock(
    *,
    by: User,
    level: StockLevel,
    kind: str,
    change: int,
    note: str,
    order: Order | None = None,
) -> StockMovement:
    movements, entries = stock_moves(
        by=by, changes=[(level, change)], kind=kind, note=note, order=order
    )
    audit_all(entries)
    return movements[0]


def stock_moves(
    *,
    by: User,
    changes: list[tuple[StockLevel, int]],
    kind: str,
    note: str,
    order: Order | None = None,
) -> tuple[list[StockMovement], list[AuditEntry]]:
    """Apply changes to locked levels: one UPDATE for the levels, one INSERT for their
    movements. Returns the movements and their audit entries, unsaved, for the caller to save
    with :func:`audit_all` (with its own entry, in one INSERT)."""
    at = now()
    for level, change in changes:
        level.quantity += change
    if len(changes) == 1:
        changes[0][0].save(update_fields=["quantity"])
    else:
        StockLevel.objects.bulk_update([level for level, _change in changes], ["quantity"])
    movements = StockMovement.objects.bulk_create(
        StockMovement(
            store_room_id=level.store_room_id,
            product_id=level.product_id,
            kind=kind,
            change=change,
            quantity_after=level.quantity,
            note=note,
            order=order,
            by=by,
            at=at,
        )
        for level, change in changes
    )
    entries = [
        audit_entry(
            by,
            f"sales.stock.{kind}",
            movement,
            company=by.company,
            data={
                "store_room": movement.store_room_id,
                "product": movement.product_id,
                "change": movement.change,
                "quantity_after": movement.quantity_after,
                "note": note,
                "order": order.pk if order is not None else None,
            },
        )
        for movement in movements
    ]
    return movements, entries


@transaction.atomic
def receive_stock(
    *, by: User, store_room_id: int, product_id: int, quantity: int, note: str = ""
) -> StockMovement:
    """Goods arrived in a store room."""
    require_capability(by, Capability.CATALOGUE_MANAGE)
    room = get_by_id(store_rooms(user=by), store_room_id)
    product = get_by_id(catalogue_products(user=by), product_id)
    if not 1 <= quantity <= MAX_RECEIPT:
        raise DomainError(
            _("入库数量须在 1 到 %(max)s 之间。") % {"max": MAX_RECEIPT},
            code=SalesCode.QUANTITY_INVALID,
            extra={"field": "quantity"},
        )
    note = clean_text(note, field="note", label=_("说明"), max_length=200)
    level = lock_stock_level(store_room_id=room.pk, product_id=product.pk)
    return move_stock(
        by=by, level=level, kind=StockMovementKind.RECEIPT, change=quantity, note=note
    )


@transaction.atomic
def correct_stock(
    *, by: User, store_room_id: int, product_id: int, counted: int, note: str
) -> StockMovement:
    """The stock as counted replaces the level, with the reason; the movement keeps the
    difference. Never below zero."""
    require_capability(by, Capability.CATALOGUE_MANAGE)
    room = get_by_id(store_rooms(user=by), store_room_id)
    product = get_by_id(catalogue_products(user=by), product_id)
    if not 0 <= counted <= MAX_RECEIPT:
        raise DomainError(
            _("盘点数量须在 0 到 %(max)s 之间。") % {"max": MAX_RECEIPT},
            code=SalesCode.QUANTITY_INVALID,
            extra={"field": "counted"},
        )
    note = require_text(note, field="note", label=_("更正原因"), max_length=200)
    level = lock_stock_level(store_room_id=room.pk, product_id=product.pk)
    change = counted - level.quantity
    if change == 0:
        raise DomainError(
            _("盘点数量和现有库存相同，无需更正。"),
            code=SalesCode.QUANTITY_INVALID,
            extra={"field": "counted"},
        )
    return move_stock(
        by=by, level=level, kind=StockMovementKind.CORRECTION, change=change, note=note
    )
