"""Reads of the catalogue and the stock: the company's, through the one company scope. Everyone
of the company reads the catalogue; the price of a package or product on a day comes only from
the price list valid that day."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import CharField, Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext as _

from lianyi.core.errors import DomainError
from lianyi.core.lookup import get_by_id
from lianyi.gatherings.models import CheckIn, CheckInList
from lianyi.org.models import User
from lianyi.org.scoping import company_scope, owner_scope
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import (
    ConfirmationCall,
    Gift,
    Order,
    OrderGift,
    OrderLine,
    OrderState,
    Package,
    PackageItem,
    Payment,
    PriceList,
    PriceListEntry,
    Product,
    Return,
    ReturnLine,
    ReturnReason,
    StockLevel,
    StockMovement,
    StoreRoom,
)
from lianyi.sales.return_windows import ReturnWindow, return_windows
from lianyi.sales.rules import sales_rules_of


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


# --- orders -----------------------------------------------------------------------------------


def visible_orders(*, user: Any) -> QuerySet[Order]:
    """Orders of the customers the user may see (the customers' one door, through the order's
    customer), with what a list or a receipt shows."""
    return (
        Order.objects.filter(owner_scope(user, prefix="customer__"))
        .select_related("customer__company", "seller", "collector", "store_room", "gathering")
        .prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.select_related("package", "product")),
            Prefetch("gifts", queryset=OrderGift.objects.select_related("gift")),
            "payments",
        )
    )


def get_order(*, user: Any, order_id: Any) -> Order:
    """The order if the user may see its customer; a missing and a forbidden id alike."""
    return get_by_id(visible_orders(user=user), order_id)


def orders_of_customer(*, user: Any, customer_id: int) -> QuerySet[Order]:
    return visible_orders(user=user).filter(customer_id=customer_id)


def order_collectors(*, user: Any) -> QuerySet[User]:
    """Who may be named to collect an order's money: the active staff of the user's company."""
    return User.objects.filter(company_scope(user), is_active=True).order_by("display_name", "pk")


def admitted_at_door(*, customer_id: int, gathering_id: int) -> bool:
    """Whether the customer's invitation to the gathering was admitted at its door."""
    return CheckIn.objects.filter(
        gathering_id=gathering_id,
        invitation__customer_id=customer_id,
        list_kind=CheckInList.DOOR,
    ).exists()


def reserved_quantities(*, order: Order) -> dict[int, int]:
    """What the order holds of each product in its store room now: reservations less
    releases and returns (the movements' changes are negative for a reservation)."""
    held: dict[int, int] = {}
    for product_id, change in StockMovement.objects.filter(order=order).values_list(
        "product_id", "change"
    ):
        held[product_id] = held.get(product_id, 0) - change
    return {product_id: qty for product_id, qty in held.items() if qty > 0}


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


# --- confirmation calls and deliveries ---------------------------------------------------------


def confirmation_queue(*, user: Any) -> QuerySet[Order]:
    """Orders waiting for their confirmation call (回访确认), oldest first, with how often the
    customer was already tried (``attempts``) and when (``last_call_at``). Customer service
    sees the company's (the orders' one door); the pages and routes ask for the capability."""
    return (
        visible_orders(user=user)
        .filter(state=OrderState.PLACED, confirmation_required=True)
        .annotate(attempts=Count("confirmation_calls"), last_call_at=Max("confirmation_calls__at"))
        .order_by("placed_at", "pk")
    )


def confirmation_calls_of(*, order: Order) -> QuerySet[ConfirmationCall]:
    """The calls already made on an order in scope, first first, with who made them."""
    return ConfirmationCall.objects.filter(order=order).select_related("by").order_by("at", "pk")


@dataclass(frozen=True)
class Deadline:
    """Time left until a deadline, or how far past it (``overdue``), in whole minutes."""

    due_at: datetime
    overdue: bool
    hours: int
    minutes: int


def deadline(due_at: datetime, *, at: datetime) -> Deadline:
    left = due_at - at
    overdue = left <= timedelta(0)
    minutes = int(abs(left).total_seconds()) // 60
    return Deadline(due_at=due_at, overdue=overdue, hours=minutes // 60, minutes=minutes % 60)


@dataclass(frozen=True)
class QueuedCall:
    """One order of the confirmation queue as a page or route shows it."""

    order: Order
    attempts: int
    last_call_at: datetime | None
    deadline: Deadline


def queued_calls(orders: Iterable[Order], *, at: datetime) -> list[QueuedCall]:
    """The rows of (a page of) ``confirmation_queue``, with the deadline read at ``at``."""
    rows = []
    for order in orders:
        assert order.confirmation_due_at is not None  # set on every order waiting for a call
        rows.append(
            QueuedCall(
                order=order,
                attempts=getattr(order, "attempts", 0),
                last_call_at=getattr(order, "last_call_at", None),
                deadline=deadline(order.confirmation_due_at, at=at),
            )
        )
    return rows


def orders_awaiting_delivery(*, user: Any, only_own: bool = False) -> QuerySet[Order]:
    """Confirmed orders not yet delivered, oldest first: the user's scope, or with ``only_own``
    the orders of the customers the user looks after (the rep's delivery tasks)."""
    orders = visible_orders(user=user).filter(state=OrderState.CONFIRMED)
    if only_own:
        orders = orders.filter(customer__owner=user)
    return orders.order_by("confirmed_at", "placed_at", "pk")


def returns_of_order(*, user: Any, order_id: Any) -> QuerySet[Return]:
    """The returns of an order the user may see (``NotFound`` otherwise), oldest first, with
    their lines and what each line was."""
    order = get_order(user=user, order_id=order_id)
    lines = ReturnLine.objects.select_related("order_line__package", "order_line__product")
    return (
        Return.objects.filter(order=order)
        .select_related("by")
        .prefetch_related(Prefetch("lines", queryset=lines.order_by("pk")))
        .order_by("at", "pk")
    )


def get_return(*, user: Any, return_id: Any) -> Return:
    """A return of an order the user may see; a missing and a forbidden id alike."""
    lines = ReturnLine.objects.select_related("order_line__package", "order_line__product")
    refund_method = Payment.objects.filter(
        order_id=OuterRef("order_id"),
        key=Concat(Value("return:"), Cast(OuterRef("pk"), CharField())),
    ).values("method")[:1]
    return get_by_id(
        Return.objects.filter(owner_scope(user, prefix="order__customer__"))
        .annotate(refund_method=Subquery(refund_method))
        .select_related("by", "order__customer__company", "order__seller")
        .prefetch_related(Prefetch("lines", queryset=lines.order_by("pk"))),
        return_id,
    )


def order_return_windows(*, order: Order, at: datetime) -> dict[ReturnReason, ReturnWindow]:
    """Both return windows of an order already read through ``get_order``, at ``at``."""
    customer = order.customer
    return return_windows(order, customer, sales_rules_of(customer.company_id), at=at)
