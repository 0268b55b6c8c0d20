"""factory_boy factories shared by every test area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

from lianyi.aftercare.models import AftercareRules, ProgrammeTask, TaskKind
from lianyi.aftercare.services.delivery import record_delivery
from lianyi.customers.models import Place, PlaceKind, Stand
from lianyi.customers.places import create_place
from lianyi.gatherings.models import Bus, BusStop, Gathering, Invitation, Seat, Table
from lianyi.gatherings.services import planning
from lianyi.gatherings.services.seating import seat_household
from lianyi.org.models import Company, Department, Role, Team, User
from lianyi.sales.models import (
    Gift,
    Order,
    OrderChannel,
    OrderState,
    Package,
    PackageItem,
    PaymentMethod,
    PaymentTerms,
    PriceList,
    PriceListEntry,
    Product,
    ProductCategory,
    SalesRules,
    StoreRoom,
)
from lianyi.sales.services import catalogue, orders, stock
from lianyi.sales.services.confirmation_calls import record_confirmation_call
from lianyi.sales.services.orders import GiftRequest, LineRequest, OrderRequest, PaymentRequest


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    name = factory.Sequence(lambda n: f"联谊健康科技{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"销售{n}部")


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team

    department = factory.SubFactory(DepartmentFactory)
    name = factory.Sequence(lambda n: f"{n}组")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.Sequence(lambda n: f"专员{n}")
    role = Role.REP
    team = factory.SubFactory(TeamFactory)
    company = factory.LazyAttribute(lambda o: o.team.department.company if o.team else None)
    password = factory.django.Password("pass-1234")


class StandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stand

    company = factory.SubFactory(CompanyFactory)
    name = "幸福里社区健康咨询点"
    place = "幸福里小区北门"
    held_on = factory.LazyFunction(lambda: timezone.localdate())


class GatheringFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gathering

    company = factory.SubFactory(CompanyFactory)
    name = "金秋联谊会"
    venue = "市文化宫三楼"
    capacity = 200
    starts_at = factory.LazyFunction(
        lambda: (
            timezone.now().replace(hour=1, minute=30, second=0, microsecond=0)
            + dt.timedelta(days=14)
        )
    )


# Records that have a service are made through it, as the pages make them, so that a test cannot
# build a state the service would refuse (a stop picking up after the start, a household seated
# with fewer guests than it has): tests/test_test_data.py keeps `Model.objects.create` out of
# the tests.


def add_bus(gathering: Gathering, *, by: User, name: str = "1号车", seats: int = 40) -> Bus:
    return planning.add_bus(by=by, gathering_id=gathering.pk, name=name, seats=seats)


def add_stop(
    bus: Bus,
    *,
    by: User,
    position: int = 1,
    name: str = "幸福里北门",
    pickup_at: dt.datetime | None = None,
) -> BusStop:
    gathering = bus.gathering
    return planning.add_stop(
        by=by,
        gathering_id=gathering.pk,
        bus_id=bus.pk,
        position=position,
        name=name,
        pickup_at=pickup_at or gathering.starts_at - dt.timedelta(hours=1),
    )


def put_on_bus(
    invitation: Invitation, bus: Bus, *, by: User, stop: BusStop | None = None
) -> Invitation:
    return planning.assign_bus(
        by=by, invitation_id=invitation.pk, bus_id=bus.pk, stop_id=stop.pk if stop else None
    )


def add_table(gathering: Gathering, *, by: User, number: int = 1, seats: int = 10) -> Table:
    return planning.add_table(by=by, gathering_id=gathering.pk, number=number, seats=seats)


def seat_at(invitation: Invitation, table: Table, *, by: User) -> Seat:
    return seat_household(
        by=by, gathering_id=table.gathering_id, table_id=table.pk, invitation_id=invitation.pk
    )


def add_place(
    *, by: User, name: str, kind: str = PlaceKind.COMPOUND, district: str = "西湖区", **coordinates
) -> Place:
    return create_place(by=by, kind=kind, district=district, name=name, **coordinates)


# --- sales ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shop:
    """A small catalogue: socks and a magnetic pillow, the 大全套 (2 socks + 1 pillow), a gift,
    one store room with stock, and a price list valid from ten days ago."""

    room: StoreRoom
    socks: Product
    pillow: Product
    big_set: Package
    thermos: Gift
    towel: Gift
    price_list: PriceList


def open_shop(admin: User, *, stock_units: int = 50) -> Shop:
    room = stock.create_store_room(by=admin, name="一号库房")
    socks = catalogue.create_product(by=admin, name="保暖袜", category=ProductCategory.ORDINARY)
    pillow = catalogue.create_product(
        by=admin,
        name="磁疗枕",
        category=ProductCategory.MEDICAL_DEVICE,
        registration_number="浙械注准20212090001",
        recall_signal=True,  # 回访重点商品 (DOMAIN.md: the magnetic pillow)
    )
    big_set = catalogue.create_package(
        by=admin, name="大全套", items=[(socks.pk, 2), (pillow.pk, 1)]
    )
    thermos = catalogue.create_gift(by=admin, name="保温杯", value="39.00")
    towel = catalogue.create_gift(by=admin, name="毛巾", value="12.50")
    price_list = catalogue.create_price_list(
        by=admin,
        name="冬季价目表",
        valid_from=timezone.localdate() - dt.timedelta(days=10),
        package_prices={big_set.pk: "3980.00"},
        product_prices={socks.pk: "68.00", pillow.pk: "1280.00"},
    )
    for product in (socks, pillow):
        if stock_units:
            stock.receive_stock(
                by=admin, store_room_id=room.pk, product_id=product.pk, quantity=stock_units
            )
    return Shop(room, socks, pillow, big_set, thermos, towel, price_list)


def place_test_order(
    shop: Shop,
    customer: Any,
    *,
    by: User,
    packages: int = 0,
    socks: int = 1,
    gifts: tuple[Gift, ...] = (),
    terms: str = PaymentTerms.ON_DELIVERY,
    paid: str | None = None,
    discount: str = "0",
    discount_reason: str = "",
    key: str = "",
    gathering: Gathering | None = None,
) -> Order:
    """An order at home (or at ``gathering``) of ``packages`` 大全套 and ``socks`` socks."""
    lines = []
    if packages:
        lines.append(LineRequest(quantity=packages, package_id=shop.big_set.pk))
    if socks:
        lines.append(LineRequest(quantity=socks, product_id=shop.socks.pk))
    return orders.place_order(
        by=by,
        request=OrderRequest(
            customer_id=customer.pk,
            channel=OrderChannel.GATHERING if gathering else OrderChannel.HOME,
            gathering_id=gathering.pk if gathering else None,
            store_room_id=shop.room.pk,
            payment_terms=terms,
            lines=lines,
            gifts=[GiftRequest(gift_id=g.pk) for g in gifts],
            discount=Decimal(discount),
            discount_reason=discount_reason,
            payment=PaymentRequest(amount=Decimal(paid), method=PaymentMethod.CASH)
            if paid is not None
            else None,
            submission_key=key,
        ),
    )


# --- the catalogue (sales) ----------------------------------------------------------------


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"保暖袜{n}")
    category = ProductCategory.ORDINARY


class PackageFactory(factory.django.DjangoModelFactory):
    """A package holding one of ``product`` (a new product of its company unless given)."""

    class Meta:
        model = Package
        skip_postgeneration_save = True

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"全套{n}")

    @factory.post_generation
    def product(self, create: bool, extracted: Product | None, **kwargs: object) -> None:
        if not create:
            return
        item = extracted or ProductFactory(company=self.company)
        PackageItem.objects.create(package=self, product=item, quantity=1)


class GiftFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Gift

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"围巾{n}")
    value = Decimal("38.00")


# aftercare programme: a delivered order without going through place_order (the lead
# reconciles this with the sales factories when they land)
class StoreRoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StoreRoom

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"{n}号库房")


def add_price_list(
    company: Company,
    *,
    by: User,
    valid_from: dt.date,
    prices: dict[Package | Product, Decimal],
    valid_until: dt.date | None = None,
    name: str = "价目表",
) -> PriceList:
    """A price list of ``company`` written directly (the service's checks are its own tests)."""
    price_list = PriceList.objects.create(
        company=company,
        name=name,
        valid_from=valid_from,
        valid_until=valid_until,
        created_by=by,
        created_at=timezone.now(),
    )
    for thing, price in prices.items():
        PriceListEntry.objects.create(
            price_list=price_list,
            package=thing if isinstance(thing, Package) else None,
            product=thing if isinstance(thing, Product) else None,
            price=price,
        )
    return price_list


class PriceListFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PriceList

    company = factory.SubFactory(CompanyFactory)
    name = factory.Sequence(lambda n: f"价目表{n}")
    valid_from = factory.Sequence(lambda n: dt.date(2020, 1, 1) + dt.timedelta(days=n))
    created_by = factory.LazyAttribute(lambda o: o.customer_owner)
    created_at = factory.LazyFunction(timezone.now)

    class Params:
        customer_owner = None


class OrderFactory(factory.django.DjangoModelFactory):
    """A delivered order of ``customer`` sold by its owner, at 3,980.00 yuan."""

    class Meta:
        model = Order

    customer = None
    company = factory.LazyAttribute(lambda o: o.customer.company)
    seller = factory.LazyAttribute(lambda o: o.customer.owner)
    collector = factory.LazyAttribute(lambda o: o.customer.owner)
    channel = OrderChannel.HOME
    store_room = factory.LazyAttribute(lambda o: StoreRoomFactory(company=o.company))
    price_list = factory.LazyAttribute(
        lambda o: PriceListFactory(company=o.company, customer_owner=o.customer.owner)
    )
    state = OrderState.DELIVERED
    payment_terms = PaymentTerms.PAID_NOW
    list_total = Decimal("3980.00")
    total = Decimal("3980.00")
    placed_at = factory.LazyFunction(timezone.now)
    delivered_at = factory.LazyFunction(timezone.now)


class ProgrammeTaskFactory(factory.django.DjangoModelFactory):
    """An open after-sales call of ``customer`` for its owner, due from ``due_from`` for a day."""

    class Meta:
        model = ProgrammeTask

    customer = None
    company = factory.LazyAttribute(lambda o: o.customer.company)
    assigned_to = factory.LazyAttribute(lambda o: o.customer.owner)
    kind = TaskKind.CALL
    due_from = factory.LazyFunction(timezone.now)
    due_until = factory.LazyAttribute(lambda o: o.due_from + dt.timedelta(hours=8))
    created_at = factory.LazyFunction(timezone.now)


class AftercareRulesFactory(factory.django.DjangoModelFactory):
    """The company's after-sales rules (no admin page for them yet): the defaults unless told."""

    class Meta:
        model = AftercareRules

    company = factory.SubFactory(CompanyFactory)


def confirm_test_order(order: Order, *, by: User) -> Order:
    """Record customer service's confirmed call on an order waiting for one (``by``: a user of
    customer service), the checklist all ticked."""
    record_confirmation_call(
        by=by,
        order_id=order.pk,
        outcome="confirmed",
        speaker_identified=True,
        order_read_back=True,
        return_policy_read=True,
        customer_pressed=False,
        wants_to_proceed=True,
        notes="",
    )
    order.refresh_from_db()
    return order


def deliver_test_order(
    order: Order, *, by: User, amount: str | None = None, key: str = "door-1"
) -> Any:
    """Deliver a confirmed order with the whole checklist ticked (and ``amount`` in cash)."""
    return record_delivery(
        by=by,
        order_id=order.pk,
        set_up=True,
        use_explained=True,
        precautions_explained=True,
        receipt_handed_over=True,
        notes="",
        payment_amount=Decimal(amount) if amount is not None else None,
        payment_method=PaymentMethod.CASH if amount is not None else "",
        payment_key=key,
    )


# --- returns (slice "returns"): an order delivered without a Delivery record -------------------


def mark_delivered(order: Order, *, at: dt.datetime | None = None) -> Order:
    """The order confirmed (when it waited for the call) and delivered at ``at`` (default now),
    through ``advance_order`` only: the tests of returns need the delivery day, not its record."""
    from django.db import transaction

    from lianyi.sales.locks import lock_order
    from lianyi.sales.models import OrderState

    moment = at or timezone.now()
    with transaction.atomic():
        locked = lock_order(order.pk)
        if locked.state == OrderState.PLACED:
            orders.advance_order(locked, OrderState.CONFIRMED, at=moment)
        orders.advance_order(locked, OrderState.DELIVERED, at=moment)
    return locked


def sales_rules(company: Company, **fields: Any) -> Any:
    """The company's selling rules with ``fields`` changed (the administrators' page is
    another slice's)."""
    from lianyi.sales.models import SalesRules

    rules, _created = SalesRules.objects.update_or_create(company=company, defaults=fields)
    return rules


def set_sales_rules(company: Company, **values: Any) -> SalesRules:
    """The company's selling rules (return windows, service address and phone, ...): an
    administrator's settings, which have no page of their own yet."""
    return SalesRulesFactory(company=company, **values)


class SalesRulesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesRules

    company = factory.SubFactory(CompanyFactory)
