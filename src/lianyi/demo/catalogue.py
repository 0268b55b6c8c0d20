"""The demo company's catalogue and stock, written through the sales services as an
administrator would: products of each category with their numbers, the two usual packages,
gifts with their value, the price list valid today, and one store room with goods received."""

from __future__ import annotations

from datetime import date, timedelta

from lianyi.org.models import User
from lianyi.sales.models import ProductCategory
from lianyi.sales.services import catalogue, stock

# name, category, registration number (medical device), approval number (health food), unit
PRODUCTS = [
    ("磁疗枕", ProductCategory.MEDICAL_DEVICE, "浙械注准20232090118", "", "个"),
    ("远红外护膝", ProductCategory.MEDICAL_DEVICE, "浙械注准20222090356", "", "副"),
    ("蜂胶软胶囊", ProductCategory.HEALTH_FOOD, "", "国食健注G20190412", "盒"),
    ("保暖内衣", ProductCategory.ORDINARY, "", "", "套"),
    ("足浴盆", ProductCategory.ORDINARY, "", "", "台"),
]
PACKAGES = {
    "大全套": (
        "磁疗枕、护膝、内衣两套和足浴盆",
        {"磁疗枕": 1, "远红外护膝": 1, "保暖内衣": 2, "足浴盆": 1},
    ),
    "小全套": ("磁疗枕和一套内衣", {"磁疗枕": 1, "保暖内衣": 1}),
}
GIFTS = {"电饭煲": "299.00", "保温杯": "59.00", "毛巾两条": "20.00"}
PACKAGE_PRICES = {"大全套": "3980.00", "小全套": "1280.00"}
PRODUCT_PRICES = {
    "磁疗枕": "680.00",
    "远红外护膝": "398.00",
    "蜂胶软胶囊": "268.00",
    "保暖内衣": "399.00",
    "足浴盆": "1180.00",
}
# 回访重点商品 (DOMAIN.md, "Who to call back first"): underwear and the magnetic pillow.
RECALL_SIGNALS = {"磁疗枕", "保暖内衣"}
STOCK = {"磁疗枕": 120, "远红外护膝": 80, "蜂胶软胶囊": 200, "保暖内衣": 300, "足浴盆": 50}


def load_catalogue(*, admin: User, today: date) -> None:
    products = {
        name: catalogue.create_product(
            by=admin,
            name=name,
            category=category,
            registration_number=registration,
            approval_number=approval,
            unit=unit,
            recall_signal=name in RECALL_SIGNALS,
        ).pk
        for name, category, registration, approval, unit in PRODUCTS
    }
    packages = {
        name: catalogue.create_package(
            by=admin,
            name=name,
            description=description,
            items=[(products[p], n) for p, n in contents.items()],
        ).pk
        for name, (description, contents) in PACKAGES.items()
    }
    for name, value in GIFTS.items():
        catalogue.create_gift(by=admin, name=name, value=value)
    # The autumn list of the last season's gathering, then this winter's.
    catalogue.create_price_list(
        by=admin,
        name="秋季价目表",
        valid_from=today - timedelta(days=100),
        valid_until=today - timedelta(days=31),
        package_prices={packages[n]: price for n, price in PACKAGE_PRICES.items()},
        product_prices={products[n]: price for n, price in PRODUCT_PRICES.items()},
    )
    catalogue.create_price_list(
        by=admin,
        name="冬季价目表",
        valid_from=today - timedelta(days=30),
        package_prices={packages[n]: price for n, price in PACKAGE_PRICES.items()},
        product_prices={products[n]: price for n, price in PRODUCT_PRICES.items()},
    )
    room = stock.create_store_room(by=admin, name="西湖区一号库房")
    for name, quantity in STOCK.items():
        stock.receive_stock(
            by=admin,
            store_room_id=room.pk,
            product_id=products[name],
            quantity=quantity,
            note="期初入库",
        )
