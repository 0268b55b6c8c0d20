from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianyi.customers.steps import NextAction, Step


class PlaceKind(models.TextChoices):
    COMPOUND = "compound", _("小区")
    WORK_UNIT = "work_unit", _("单位")


class Place(models.Model):
    """A residential compound (小区) or a work unit (单位): where existing customers cluster."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="places")
    kind = models.CharField(_("类型"), max_length=20, choices=PlaceKind.choices)
    district = models.CharField(_("区"), max_length=50)
    name = models.CharField(_("名称"), max_length=100)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(
        _("经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "kind", "district", "name"], name="place_unique_name"
            )
        ]
        verbose_name = _("小区/单位")
        verbose_name_plural = _("小区/单位")

    def __str__(self) -> str:
        return f"{self.district} {self.name}"


class Stand(models.Model):
    """A data-collection stand: where and when customers were met."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="stands")
    name = models.CharField(_("名称"), max_length=100)
    place = models.CharField(_("地点"), max_length=200)
    held_on = models.DateField(_("日期"))
    # Registration offers only open stands, so nobody registers today's people under last
    # month's stand; an administrator opens and closes them.
    is_open = models.BooleanField(_("开放登记"), default=True)

    class Meta:
        ordering = ["-held_on", "name"]
        verbose_name = _("数据收集点")
        verbose_name_plural = _("数据收集点")

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.name}"


class Sex(models.TextChoices):
    FEMALE = "F", _("女")
    MALE = "M", _("男")


class Source(models.TextChoices):
    STAND = "stand", _("数据收集点")
    REFERRAL = "referral", _("老顾客转介绍")


class Customer(models.Model):
    """A person met at a stand or referred by an existing customer; one owner (归属) rep.

    ``step``, ``next_action``, ``next_due_at``/``next_due_until``, ``last_contact_at`` and
    ``visit_latitude``/``visit_longitude`` are derived from the touchpoints by the journey
    (``journey.services.refresh_progress``) and written only by journey services.
    """

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="customers")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="customers",
        verbose_name=_("归属专员"),
    )
    name = models.CharField(_("姓名"), max_length=50)
    sex = models.CharField(_("性别"), max_length=1, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    # NULL, not "", for customers with only a landline: the unique constraint skips NULLs.
    mobile = models.CharField(_("手机"), max_length=20, null=True, blank=True)  # noqa: DJ001
    mobile_tail = models.CharField(max_length=4, blank=True, editable=False)
    landline = models.CharField(_("座机"), max_length=30, blank=True)  # E.164, like the mobile
    district = models.CharField(_("区"), max_length=50, blank=True)
    compound = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        related_name="residents",
        null=True,
        blank=True,
        verbose_name=_("小区"),
    )
    work_unit = models.ForeignKey(
        Place,
        on_delete=models.PROTECT,
        related_name="staff",
        null=True,
        blank=True,
        verbose_name=_("单位"),
    )
    building = models.CharField(_("楼栋门牌"), max_length=100, blank=True)
    companion_name = models.CharField(_("同伴姓名"), max_length=50, blank=True)
    # Blank when not asked: the invitation then cannot address the companion as 阿姨/叔叔.
    companion_sex = models.CharField(
        _("同伴性别"), max_length=1, choices=Sex.choices, blank=True, default=""
    )
    source = models.CharField(_("来源"), max_length=20, choices=Source.choices)
    stand = models.ForeignKey(
        Stand,
        on_delete=models.PROTECT,
        related_name="customers",
        null=True,
        blank=True,
        verbose_name=_("数据收集点"),
    )
    referrer = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="referrals",
        null=True,
        blank=True,
        verbose_name=_("介绍人"),
    )
    pinyin_full = models.CharField(max_length=200, blank=True, editable=False)
    pinyin_initials = models.CharField(max_length=50, blank=True, editable=False)

    consent_contact = models.BooleanField(_("同意联系"), default=False)
    consent_health = models.BooleanField(_("同意记录健康备注"), default=False)
    do_not_contact = models.BooleanField(_("要求不再联系"), default=False)

    step = models.PositiveSmallIntegerField(_("当前步骤"), choices=Step.choices, default=Step.STAND)
    next_action = models.CharField(
        _("下一步"), max_length=20, choices=NextAction.choices, blank=True
    )
    next_due_at = models.DateTimeField(_("应办时间"), null=True, blank=True)
    next_due_until = models.DateTimeField(_("最迟"), null=True, blank=True)
    last_contact_at = models.DateTimeField(_("最近联系"), null=True, blank=True)
    # Where the latest home visit recorded the customer (the journey writes it with the fields
    # above): what delivery routes start from, read here so the gatherings need not read the
    # journey's touchpoints.
    visit_latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    visit_longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    created_at = models.DateTimeField(_("登记时间"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "mobile"],
                condition=Q(mobile__isnull=False),
                name="customer_unique_mobile_per_company",
            ),
            # A landline in its normal form (+86, area code, number) is one customer's too;
            # "" is a customer without one.
            models.UniqueConstraint(
                fields=["company", "landline"],
                condition=~Q(landline=""),
                name="customer_unique_landline_per_company",
            ),
            models.CheckConstraint(
                condition=Q(birth_year__isnull=True) | Q(birth_year__gte=1900),
                name="customer_birth_year_from_1900",
            ),
            models.CheckConstraint(
                condition=Q(source="referral", referrer__isnull=False)
                | Q(source="stand", referrer__isnull=True),
                name="customer_referral_has_referrer",
            ),
        ]
        indexes = [
            models.Index(fields=["owner", "next_due_at"], name="customer_agenda"),
            # Search is a prefix LIKE ('zgl%'). PostgreSQL's default btree serves that only
            # under the "C" collation; the pattern opclass serves it under any (and equality
            # too). SQLite ignores opclasses. See bench/README.md for the figures.
            models.Index(
                fields=["company", "pinyin_initials"],
                name="customer_initials_prefix",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
            models.Index(
                fields=["company", "pinyin_full"],
                name="customer_pinyin_prefix",
                opclasses=["int8_ops", "varchar_pattern_ops"],
            ),
            models.Index(fields=["company", "mobile_tail"], name="customer_mobile_tail"),
            models.Index(fields=["company", "name"], name="customer_name"),
        ]
        verbose_name = _("客户")
        verbose_name_plural = _("客户")

    def __str__(self) -> str:
        return self.name

    @property
    def contactable(self) -> bool:
        return self.consent_contact and not self.do_not_contact


class ConsentItem(models.TextChoices):
    CONTACT = "contact", _("电话与上门联系")
    PROFILE = "profile", _("保存个人资料")
    HEALTH_REMARKS = "health_remarks", _("记录健康备注（单独同意）")


class Consent(models.Model):
    """One consent given (and perhaps later withdrawn): the items, the notice, who took it."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="consents")
    items = models.JSONField(_("同意事项"), default=list)
    notice_version = models.CharField(_("告知书版本"), max_length=20)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    taken_at = models.DateTimeField(_("同意时间"))
    withdrawn_at = models.DateTimeField(_("撤回时间"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )

    class Meta:
        ordering = ["-taken_at", "-id"]
        verbose_name = _("同意记录")
        verbose_name_plural = _("同意记录")

    def __str__(self) -> str:
        return f"{self.customer} {self.notice_version}"


class HealthNote(models.Model):
    """A check-up desk remark: health information. Stored only with the separate consent,
    readable only by the owner and their supervisors, every read audited."""

    customer = models.ForeignKey(Customer, on_delete=models.CASCADE, related_name="health_notes")
    text = models.TextField(_("检测备注"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    written_at = models.DateTimeField(_("记录时间"))

    class Meta:
        ordering = ["written_at", "id"]
        verbose_name = _("检测备注")
        verbose_name_plural = _("检测备注")

    def __str__(self) -> str:
        return f"{self.customer} {self.written_at:%Y-%m-%d}"


class ClaimState(models.TextChoices):
    OPEN = "open", _("待处理")
    KEPT = "kept", _("保留原归属")
    TRANSFERRED = "transferred", _("已转给申请人")


class Claim(models.Model):
    """撞单: a second rep tried to register a phone number (mobile or landline) that already
    belongs to a customer."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="claims")
    customer = models.ForeignKey(Customer, on_delete=models.PROTECT, related_name="claims")
    claimant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims"
    )
    owner_at_claim = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    submitted_name = models.CharField(_("登记姓名"), max_length=50)
    state = models.CharField(
        _("状态"), max_length=20, choices=ClaimState.choices, default=ClaimState.OPEN
    )
    created_at = models.DateTimeField(_("提出时间"), auto_now_add=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    resolved_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    resolution_note = models.CharField(_("处理说明"), max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "claimant"],
                condition=Q(state="open"),
                name="claim_one_open_per_claimant",
            )
        ]
        verbose_name = _("撞单")
        verbose_name_plural = _("撞单")

    def __str__(self) -> str:
        return f"{self.customer} ← {self.claimant}"


class ContactChannel(models.TextChoices):
    PHONE = "phone", pgettext_lazy("contact channel", "电话")
    VISIT = "visit", pgettext_lazy("contact channel", "上门")
    WECHAT = "wechat", pgettext_lazy("contact channel", "微信")
    SMS = "sms", pgettext_lazy("contact channel", "短信")


class VipProfile(models.Model):
    """贵宾档案表: filled in with the customer at the first visit, updated at later visits.

    What the relationship needs and nothing more: never illness, medicines, wealth or debts
    (DOMAIN.md, "What Lianyi will not do"); a test keeps such fields out."""

    customer = models.OneToOneField(
        Customer, on_delete=models.CASCADE, related_name="vip_profile", verbose_name=_("客户")
    )
    interests = models.CharField(_("兴趣爱好"), max_length=500, blank=True)
    # [{"name": "李建国", "relation": "老伴"}, ...]: who may come along to a gathering.
    family_members = models.JSONField(_("可能同来的家人"), default=list, blank=True)
    contact_times = models.CharField(_("方便联系的时间"), max_length=200, blank=True)
    contact_channel = models.CharField(
        _("喜欢的联系方式"), max_length=20, choices=ContactChannel.choices, blank=True
    )
    products_owned = models.CharField(_("已有的产品及使用感受"), max_length=500, blank=True)
    heard_from = models.CharField(_("怎么知道我们公司"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("更新时间"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("贵宾档案")
        verbose_name_plural = _("贵宾档案")

    def __str__(self) -> str:
        return str(self.customer)
