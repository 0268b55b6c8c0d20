"""factory_boy factories shared by every test area."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import factory
from django.utils import timezone

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
    Package,
    PaymentMethod,
    PaymentTerms,
    PriceList,
    Product,
    ProductCategory,
    SalesRules,
    StoreRoom,
)
from lianyi.sales.services import catalogue, orders, stock
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


def set_sales_rules(company: Company, **values: Any) -> SalesRules:
    """The company's selling rules (return windows, service address and phone, ...): an
    administrator's settings, which have no page of their own yet."""
    return SalesRulesFactory(company=company, **values)


class SalesRulesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SalesRules

    company = factory.SubFactory(CompanyFactory)
