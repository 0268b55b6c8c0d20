from __future__ import annotations

from datetime import date
from decimal import Decimal

from ninja import Schema


class PriceListOut(Schema):
    id: int
    name: str
    valid_from: date
    valid_until: date | None


class PackageItemOut(Schema):
    product_id: int
    name: str
    quantity: int


class PackageOut(Schema):
    id: int
    name: str
    description: str
    items: list[PackageItemOut]
    price: Decimal | None


class ProductOut(Schema):
    id: int
    name: str
    category: str
    registration_number: str
    approval_number: str
    unit: str
    price: Decimal | None


class GiftOut(Schema):
    id: int
    name: str
    value: Decimal


class CatalogueOut(Schema):
    day: date
    price_list: PriceListOut | None
    packages: list[PackageOut]
    products: list[ProductOut]
    gifts: list[GiftOut]
