"""The catalogue (products, packages, gifts, price lists), the stock per store room, and the
orders with their payments, confirmation calls, deliveries and returns.

A product's category decides what may be said about it (DOMAIN.md): a medical device carries
its registration number (注册证编号), a health food its approval number (批准文号), and neither
may be presented as a cure. Prices are ``Decimal`` yuan with two places; a price comes only from
a price list valid on the day, never typed in by the seller."""

from __future__ import annotations

from decimal import Decimal

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
    # 回访重点商品: buying it makes a customer one to call back first (DOMAIN.md: underwear, a
    # magnetic pillow). A flag the catalogue sets, not a match on the product's name.
    recall_signal = models.BooleanField(_("回访重点商品"), default=False)

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
    RESERVATION = "reservation", _("订单预留")
    RELEASE = "release", _("订单取消释放")
    RETURN = "return", _("退货入库")


class StockMovement(models.Model):
    """Every change of a stock level, with who and why: the level is their sum."""

    store_room = models.ForeignKey(StoreRoom, on_delete=models.PROTECT, related_name="movements")
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("类型"), max_length=20, choices=StockMovementKind.choices)
    change = models.IntegerField(_("变动"))
    quantity_after = models.IntegerField(_("变动后库存"))
    note = models.CharField(_("说明"), max_length=200, blank=True)
    # The order that reserved, released or took back the goods (none for receipts/corrections).
    order = models.ForeignKey(
        "Order", on_delete=models.PROTECT, null=True, blank=True, related_name="stock_movements"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"))

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(change=0), name="stock_movement_changes_something")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.change:+d}"


# --- rules ------------------------------------------------------------------------------------


class SalesRules(models.Model):
    """The company's rules for selling: when an order waits for a confirmation call, the return
    windows, and what every receipt prints. A company without a row uses the defaults
    (``sales.rules.sales_rules_of``); the law's 30 days is the floor of the unopened window."""

    company = models.OneToOneField(
        "org.Company", on_delete=models.CASCADE, related_name="sales_rules"
    )
    # 回访确认: an order from a customer this old (by birth year) of at least this amount, or a
    # second order within this many days, waits for customer service's call within the hours.
    senior_age = models.PositiveSmallIntegerField(_("老年客户年龄（周岁）"), default=60)
    confirmation_min_amount = models.DecimalField(
        _("需回访确认的金额（元）"), max_digits=10, decimal_places=2, default=Decimal("3000.00")
    )
    confirmation_repeat_days = models.PositiveSmallIntegerField(
        _("再次下单需回访（天内）"), default=30
    )
    confirmation_within_hours = models.PositiveSmallIntegerField(
        _("回访确认期限（小时）"), default=72
    )
    # Returns: unopened goods within this many days of purchase; a senior customer for any
    # reason within this many days of delivery.
    return_unopened_days = models.PositiveSmallIntegerField(_("未拆封退货期限（天）"), default=30)
    return_senior_days = models.PositiveSmallIntegerField(
        _("老年客户无理由退货期限（天）"), default=7
    )
    service_address = models.CharField(_("售后服务地址"), max_length=200, blank=True)
    service_phone = models.CharField(_("售后服务电话"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("销售规则")
        verbose_name_plural = _("销售规则")
        constraints = [
            models.CheckConstraint(
                condition=Q(return_unopened_days__gte=30), name="return_window_at_least_the_law"
            ),
            models.CheckConstraint(
                condition=Q(confirmation_min_amount__gt=0), name="confirmation_amount_positive"
            ),
        ]

    def __str__(self) -> str:
        return str(self.company_id)


# --- orders -----------------------------------------------------------------------------------


HALF_FEN = models.Value(Decimal("0.005"))


class OrderState(models.TextChoices):
    """Forward only: placed -> confirmed -> delivered, or cancelled before delivery. An order
    that needs no confirmation call is confirmed when it is placed."""

    PLACED = "placed", _("待回访确认")
    CONFIRMED = "confirmed", _("待送货")
    DELIVERED = "delivered", _("已送货")
    CANCELLED = "cancelled", _("已取消")


# The states an order may move to from each state; anything else is refused.
ORDER_STATE_NEXT: dict[str, frozenset[str]] = {
    OrderState.PLACED: frozenset({OrderState.CONFIRMED, OrderState.CANCELLED}),
    OrderState.CONFIRMED: frozenset({OrderState.DELIVERED, OrderState.CANCELLED}),
    OrderState.DELIVERED: frozenset(),
    OrderState.CANCELLED: frozenset(),
}


class OrderChannel(models.TextChoices):
    GATHERING = "gathering", _("联谊会现场")
    HOME = "home", _("上门")


class PaymentTerms(models.TextChoices):
    PAID_NOW = "paid_now", _("当场付清")
    DEPOSIT = "deposit", _("付定金")
    ON_DELIVERY = "on_delivery", _("货到付款")


class Order(models.Model):
    """An order (订单) of one customer: lines at the day's list price, gifts listed one by one,
    an explicit discount with its reason. ``paid`` is the money held (payments less refunds);
    ``returned_value`` what came back at the price paid; what is due is what is left."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="orders")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="orders"
    )
    seller = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders_sold"
    )
    channel = models.CharField(_("下单场合"), max_length=20, choices=OrderChannel.choices)
    # At the gathering: for a guest checked in at its door.
    gathering = models.ForeignKey(
        "gatherings.Gathering",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
    )
    store_room = models.ForeignKey(StoreRoom, on_delete=models.PROTECT, related_name="orders")
    price_list = models.ForeignKey(PriceList, on_delete=models.PROTECT, related_name="orders")
    state = models.CharField(
        _("状态"), max_length=20, choices=OrderState.choices, default=OrderState.PLACED
    )
    payment_terms = models.CharField(_("付款方式"), max_length=20, choices=PaymentTerms.choices)
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="orders_to_collect",
        verbose_name=_("收款人"),
    )
    list_total = models.DecimalField(_("原价合计（元）"), max_digits=12, decimal_places=2)
    discount = models.DecimalField(
        _("优惠（元）"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    discount_reason = models.CharField(_("优惠原因"), max_length=200, blank=True)
    total = models.DecimalField(_("应付合计（元）"), max_digits=12, decimal_places=2)
    paid = models.DecimalField(
        _("已付（元）"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    returned_value = models.DecimalField(
        _("已退货金额（元）"), max_digits=12, decimal_places=2, default=Decimal("0.00")
    )
    # 回访确认: why this order waits for a call (the reasons' codes) and until when.
    confirmation_required = models.BooleanField(_("需回访确认"), default=False)
    confirmation_reasons = models.JSONField(_("回访原因"), default=list, blank=True)
    confirmation_due_at = models.DateTimeField(_("回访期限"), null=True, blank=True)
    # One submission of the order form places one order, however often it is sent.
    submission_key = models.CharField(max_length=64, blank=True)
    placed_at = models.DateTimeField(_("下单时间"))
    confirmed_at = models.DateTimeField(_("确认时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送货时间"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("取消时间"), null=True, blank=True)
    cancel_reason = models.CharField(_("取消原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("订单")
        verbose_name_plural = _("订单")
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(list_total__gt=0), name="order_list_total_positive"),
            models.CheckConstraint(
                condition=Q(discount__gte=0) & Q(discount__lte=models.F("list_total")),
                name="order_discount_never_raises_price",
            ),
            models.CheckConstraint(
                condition=Q(discount=0) | ~Q(discount_reason=""),
                name="order_discount_has_reason",
            ),
            # Within half a fen, as below: SQLite compares decimals as floats, where
            # 948.86 - 864.10 is not 84.76.
            models.CheckConstraint(
                condition=Q(total__gte=models.F("list_total") - models.F("discount") - HALF_FEN)
                & Q(total__lte=models.F("list_total") - models.F("discount") + HALF_FEN),
                name="order_total_is_list_less_discount",
            ),
            models.CheckConstraint(
                condition=Q(paid__gte=0)
                & Q(returned_value__gte=0)
                # Half a fen of slack: SQLite keeps decimals as floats, so 129.33 <= 194.00 -
                # 64.67 fails there; every amount has two places, so no real overpayment fits.
                & Q(paid__lte=models.F("total") - models.F("returned_value") + HALF_FEN),
                name="order_never_paid_above_due",
            ),
            models.CheckConstraint(
                condition=~Q(channel=OrderChannel.GATHERING) | Q(gathering__isnull=False),
                name="gathering_order_names_its_gathering",
            ),
            models.UniqueConstraint(
                fields=["company", "submission_key"],
                condition=~Q(submission_key=""),
                name="order_submission_once",
            ),
        ]
        indexes = [
            models.Index(fields=["customer", "placed_at"], name="order_customer_placed"),
            models.Index(fields=["state", "confirmation_due_at"], name="order_confirmation_queue"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The receipt number (凭证号): the day it was placed and the order's id."""
        return f"{self.placed_at:%Y%m%d}-{self.pk:06d}"

    @property
    def due(self) -> Decimal:
        return self.total - self.returned_value - self.paid


class OrderLine(models.Model):
    """A package or a product on an order, at the list price of the order's day."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    package = models.ForeignKey(
        Package, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    quantity = models.PositiveSmallIntegerField(_("数量"))
    unit_price = models.DecimalField(_("单价（元）"), max_digits=10, decimal_places=2)
    line_total = models.DecimalField(_("小计（元）"), max_digits=12, decimal_places=2)
    returned_quantity = models.PositiveSmallIntegerField(_("已退数量"), default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(package__isnull=False) & Q(product__isnull=True))
                | (Q(package__isnull=True) & Q(product__isnull=False)),
                name="order_line_is_for_one_thing",
            ),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_line_quantity"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="order_line_price"),
            models.CheckConstraint(
                condition=Q(returned_quantity__lte=models.F("quantity")),
                name="order_line_returned_at_most_bought",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.package_id or self.product_id} x {self.quantity}"


class OrderGift(models.Model):
    """A gift the customer chose to take, one line each, with its value on the day."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="gifts")
    gift = models.ForeignKey(Gift, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveSmallIntegerField(_("数量"), default=1)
    value = models.DecimalField(_("价值（元）"), max_digits=10, decimal_places=2)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "gift"], name="order_gift_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="order_gift_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.gift_id} x {self.quantity}"


class PaymentKind(models.TextChoices):
    PAYMENT = "payment", _("收款")
    REFUND = "refund", _("退款")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("现金")
    WECHAT = "wechat", _("微信")
    ALIPAY = "alipay", _("支付宝")
    CARD = "card", _("银行卡")
    TRANSFER = "transfer", _("转账")


class Payment(models.Model):
    """Money received for an order, or given back. ``key`` makes a submission count once."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="payments")
    kind = models.CharField(_("类型"), max_length=10, choices=PaymentKind.choices)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)
    method = models.CharField(_("方式"), max_length=20, choices=PaymentMethod.choices)
    key = models.CharField(max_length=64)
    note = models.CharField(_("说明"), max_length=200, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"))

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.UniqueConstraint(fields=["order", "key"], name="payment_submitted_once"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.amount}"


class ConfirmationOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("确认购买")
    CHANGED = "changed", _("修改订单")
    CANCELLED = "cancelled", _("取消订单")
    NOT_REACHED = "not_reached", _("未联系上")


class ConfirmationCall(models.Model):
    """A confirmation call (回访确认) by customer service, never by the seller or the seller's
    team, following the checklist; several when the customer was not reached."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="confirmation_calls")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"))
    outcome = models.CharField(_("结果"), max_length=20, choices=ConfirmationOutcome.choices)
    # The checklist: who is speaking, the order read back, the return policy, pressure, go ahead.
    speaker_identified = models.BooleanField(_("已核实接听人"), default=False)
    order_read_back = models.BooleanField(_("已读出所购商品和金额"), default=False)
    return_policy_read = models.BooleanField(_("已告知退货政策"), default=False)
    customer_pressed = models.BooleanField(_("客户感到被催促"), null=True, blank=True)
    wants_to_proceed = models.BooleanField(_("客户愿意继续"), null=True, blank=True)
    notes = models.TextField(_("记录"), blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.outcome}"


class Delivery(models.Model):
    """Delivery and set-up at home (送货上门), with its checklist. Its day starts the
    after-sales programme."""

    order = models.OneToOneField(Order, on_delete=models.PROTECT, related_name="delivery")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("送货时间"))
    set_up = models.BooleanField(_("已安装调试"))
    use_explained = models.BooleanField(_("已讲解使用方法"))
    precautions_explained = models.BooleanField(_("已讲解注意事项"))
    receipt_handed_over = models.BooleanField(_("已交付售货凭证"))
    notes = models.TextField(_("记录"), blank=True)
    # The delivery form's submission: sent twice, it returns this delivery instead of a refusal.
    submission_key = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("送货")
        verbose_name_plural = _("送货")

    def __str__(self) -> str:
        return f"{self.order_id} @ {self.at:%Y-%m-%d}"


class ReturnReason(models.TextChoices):
    UNOPENED = "unopened", _("未拆封退货")
    SENIOR_ANY_REASON = "senior_any_reason", _("老年客户无理由退货")


class Return(models.Model):
    """Goods taken back: the refund is the price paid for what comes back, never reduced
    because a gift is kept."""

    order = models.ForeignKey(Order, on_delete=models.PROTECT, related_name="returns")
    reason = models.CharField(_("退货类型"), max_length=20, choices=ReturnReason.choices)
    note = models.CharField(_("说明"), max_length=500, blank=True)
    value = models.DecimalField(_("退货金额（元）"), max_digits=12, decimal_places=2)
    refund = models.DecimalField(_("退款（元）"), max_digits=12, decimal_places=2)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"))

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(value__gt=0), name="return_value_positive"),
            models.CheckConstraint(
                condition=Q(refund__gte=0) & Q(refund__lte=models.F("value")),
                name="return_refund_at_most_value",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.value}"


class ReturnLine(models.Model):
    ret = models.ForeignKey(Return, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveSmallIntegerField(_("数量"))

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="return_line_quantity"),
        ]

    def __str__(self) -> str:
        return f"{self.order_line_id} x {self.quantity}"
