"""The catalogue (products, packages, gifts, price lists) and the stock per store room.

A product's category decides what may be said about it (DOMAIN.md): a medical device carries
its registration number (注册证编号), a health food its approval number (批准文号), and neither
may be presented as a cure. Prices are ``Decimal`` yuan with two places; a price comes only from
a price list valid on the day, never typed in by the seller."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ProductCategory(models.TextChoices):
    ORDINARY = "ordinary", _("普通商品")
    MEDICAL_DEVICE = "medical_device", _("医疗器械")
    HEALTH_FOOD = "health_food", _("保健食品")


class Product(models.Model):
    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("名称"), max_length=100)
    category = models.CharField(_("类别"), max_length=20, choices=ProductCategory.choices)
    registration_number = models.CharField(_("医疗器械注册证编号"), max_length=50, blank=True)
    approval_number = models.CharField(_("保健食品批准文号"), max_length=50, blank=True)
    unit = models.CharField(_("单位"), max_length=10, default="件")
    is_active = models.BooleanField(_("在售"), default=True)

    class Meta:
        verbose_name = _("商品")
        verbose_name_plural = _("商品")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="product_name_per_company"),
            models.CheckConstraint(
                condition=~Q(category=ProductCategory.MEDICAL_DEVICE) | ~Q(registration_number=""),
                name="medical_device_has_registration_number",
            ),
            models.CheckConstraint(
                condition=~Q(category=ProductCategory.HEALTH_FOOD) | ~Q(approval_number=""),
                name="health_food_has_approval_number",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Package(models.Model):
    """大全套, 小全套 and the like: a named set of products sold at one price."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="packages")
    name = models.CharField(_("名称"), max_length=100)
    description = models.CharField(_("说明"), max_length=500, blank=True)
    is_active = models.BooleanField(_("在售"), default=True)

    class Meta:
        verbose_name = _("套餐")
        verbose_name_plural = _("套餐")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="package_name_per_company")
        ]

    def __str__(self) -> str:
        return self.name


class PackageItem(models.Model):
    package = models.ForeignKey(Package, on_delete=models.CASCADE, related_name="items")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveSmallIntegerField(_("数量"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["package", "product"], name="package_product_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="package_item_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} x {self.quantity}"


class Gift(models.Model):
    """A gift handed with an order: listed one by one on the order with its own value, never
    pre-selected, and never a reason to keep back part of a refund."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="gifts")
    name = models.CharField(_("名称"), max_length=100)
    value = models.DecimalField(_("价值（元）"), max_digits=10, decimal_places=2)
    is_active = models.BooleanField(_("在送"), default=True)

    class Meta:
        verbose_name = _("赠品")
        verbose_name_plural = _("赠品")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="gift_name_per_company"),
            models.CheckConstraint(condition=Q(value__gte=0), name="gift_value_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class PriceList(models.Model):
    """Prices valid from a day (and until a day, or open-ended). On a given day the list that
    started last among those valid applies."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="price_lists")
    name = models.CharField(_("名称"), max_length=100)
    valid_from = models.DateField(_("生效日期"))
    valid_until = models.DateField(_("失效日期"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"))

    class Meta:
        verbose_name = _("价目表")
        verbose_name_plural = _("价目表")
        ordering = ["-valid_from", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="price_list_ends_after_it_starts",
            ),
            models.UniqueConstraint(
                fields=["company", "valid_from"], name="one_price_list_starts_per_day"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PriceListEntry(models.Model):
    """The price of one package or one product on a price list."""

    price_list = models.ForeignKey(PriceList, on_delete=models.CASCADE, related_name="entries")
    package = models.ForeignKey(
        Package, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    price = models.DecimalField(_("价格（元）"), max_digits=10, decimal_places=2)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=(Q(package__isnull=False) & Q(product__isnull=True))
                | (Q(package__isnull=True) & Q(product__isnull=False)),
                name="price_entry_is_for_one_thing",
            ),
            models.CheckConstraint(condition=Q(price__gt=0), name="price_is_positive"),
            models.UniqueConstraint(
                fields=["price_list", "package"],
                condition=Q(package__isnull=False),
                name="one_price_per_package",
            ),
            models.UniqueConstraint(
                fields=["price_list", "product"],
                condition=Q(product__isnull=False),
                name="one_price_per_product",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.package_id or self.product_id}: {self.price}"


class StoreRoom(models.Model):
    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="store_rooms")
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        verbose_name = _("库房")
        verbose_name_plural = _("库房")
        ordering = ["name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="store_room_name_per_company")
        ]

    def __str__(self) -> str:
        return self.name


class StockLevel(models.Model):
    """How many of a product a store room holds now; never below zero (the database refuses)."""

    store_room = models.ForeignKey(StoreRoom, on_delete=models.PROTECT, related_name="levels")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="levels")
    quantity = models.IntegerField(_("库存"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["store_room", "product"], name="one_level_per_product"),
            models.CheckConstraint(condition=Q(quantity__gte=0), name="stock_never_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.product_id} @ {self.store_room_id}: {self.quantity}"


class StockMovementKind(models.TextChoices):
    RECEIPT = "receipt", _("入库")
    CORRECTION = "correction", _("盘点更正")


class StockMovement(models.Model):
    """Every change of a stock level, with who and why: the level is their sum."""

    store_room = models.ForeignKey(StoreRoom, on_delete=models.PROTECT, related_name="movements")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=20, choices=StockMovementKind.choices)
    change = models.IntegerField(_("变动"))
    quantity_after = models.IntegerField(_("变动后库存"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"))

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(change=0), name="stock_movement_changes_something")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.change:+d}"
