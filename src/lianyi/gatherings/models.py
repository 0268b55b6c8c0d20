from __future__ import annotations

import secrets
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# A gathering planned without an end (older records) is taken as over a day after its start:
# never earlier than one could still be running (planning refuses gatherings longer than that).
END_UNKNOWN_AFTER = timedelta(hours=24)


class GatheringState(models.TextChoices):
    PLANNED = "planned", _("筹备中")
    OPEN = "open", _("进行中")
    CLOSED = "closed", _("已结束")


class Gathering(models.Model):
    """A hosted gathering (联谊会): date and times, venue and capacity; its programme, staff,
    buses and tables hang off it."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="gatherings")
    name = models.CharField(_("名称"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    venue = models.CharField(_("场地"), max_length=200)
    venue_address = models.CharField(_("场地地址"), max_length=300, blank=True)
    capacity = models.PositiveIntegerField(_("容纳人数"))
    state = models.CharField(
        _("状态"), max_length=20, choices=GatheringState.choices, default=GatheringState.PLANNED
    )
    # Invitations are delivered in person in the days before: the first day of that window.
    delivery_from = models.DateField(_("送函开始日期"), null=True, blank=True)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("联谊会")
        verbose_name_plural = _("联谊会")

    def __str__(self) -> str:
        return f"{self.starts_at:%m-%d} {self.name}"

    @property
    def over_at(self) -> datetime:
        """When the gathering is over: its guests are ready to be invited to the next one."""
        return over_at(self.starts_at, self.ends_at)


def over_at(starts_at: datetime, ends_at: datetime | None) -> datetime:
    return ends_at if ends_at is not None else starts_at + END_UNKNOWN_AFTER


class ProgrammeKind(models.TextChoices):
    TALK = "talk", _("专家讲座")
    CONSULTATION = "consultation", _("咨询")
    CHECKUP = "checkup", _("免费检测")
    ENTERTAINMENT = "entertainment", _("文艺表演")
    DRAW = "draw", _("抽奖")


class ProgrammeItem(models.Model):
    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="programme")
    kind = models.CharField(_("类型"), max_length=20, choices=ProgrammeKind.choices)
    title = models.CharField(_("标题"), max_length=100)
    starts_at = models.DateTimeField(_("开始"))
    ends_at = models.DateTimeField(_("结束"))

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="programme_item_ordered",
            )
        ]
        verbose_name = _("节目")
        verbose_name_plural = _("节目")

    def __str__(self) -> str:
        return self.title


class StaffRole(models.TextChoices):
    HOST = "host", _("主持人")
    EXPERT = "expert", _("专家")
    TESTER = "tester", _("检测人员")
    REGISTRAR = "registrar", _("登记人员")
    REP = "rep", _("服务专员")


class StaffAssignment(models.Model):
    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("角色"), max_length=20, choices=StaffRole.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "user", "role"], name="staff_assignment_once"
            )
        ]
        verbose_name = _("会务分工")
        verbose_name_plural = _("会务分工")

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()}"


class Bus(models.Model):
    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="buses")
    name = models.CharField(_("车辆"), max_length=50)
    seats = models.PositiveSmallIntegerField(_("座位数"))

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["gathering", "name"], name="bus_unique_name")
        ]
        verbose_name = _("班车")
        verbose_name_plural = _("班车")

    def __str__(self) -> str:
        return self.name


class BusStop(models.Model):
    bus = models.ForeignKey(Bus, on_delete=models.CASCADE, related_name="stops")
    position = models.PositiveSmallIntegerField(_("顺序"))
    name = models.CharField(_("站点"), max_length=100)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    pickup_at = models.DateTimeField(_("接人时间"))

    class Meta:
        ordering = ["bus", "position"]
        constraints = [
            models.UniqueConstraint(fields=["bus", "position"], name="bus_stop_unique_position")
        ]
        verbose_name = _("上车点")
        verbose_name_plural = _("上车点")

    def __str__(self) -> str:
        return f"{self.bus} · {self.name}"


class Table(models.Model):
    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="tables")
    number = models.PositiveSmallIntegerField(_("桌号"))
    seats = models.PositiveSmallIntegerField(_("座位数"))

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["gathering", "number"], name="table_unique_number")
        ]
        verbose_name = _("餐桌")
        verbose_name_plural = _("餐桌")

    def __str__(self) -> str:
        return str(self.number)


class InvitationState(models.TextChoices):
    ISSUED = "issued", _("已开具")
    PRINTED = "printed", _("已打印")
    DELIVERED = "delivered", _("已送达")
    BOARDED = "boarded", _("已上车")
    CHECKED_IN = "checked_in", _("已入场")
    REVOKED = "revoked", _("已作废")


# Crockford's base32: no I, L, O or U, so a printed code has no look-alikes (0/O, 1/l/I) and no
# -/_; typed codes are read case-insensitively with O as 0 and I, L as 1 (issue 7, point 10).
TOKEN_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
TOKEN_LENGTH = 32  # 160 random bits
SHORT_CODE_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1", "_": "-"})


def new_token() -> str:
    return "".join(secrets.choice(TOKEN_ALPHABET) for _ in range(TOKEN_LENGTH))


def normal_short_code(text: str) -> str:
    """A short code in one spelling: upper case, O as 0, I and L as 1, _ as -. Applied both to
    what is typed and to the token's start, so codes printed before (mixed case, from the
    URL-safe alphabet) keep working."""
    return text.upper().translate(SHORT_CODE_LOOKALIKES)


class Invitation(models.Model):
    """A named invitation for one household: the customer and a companion."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    gathering = models.ForeignKey(Gathering, on_delete=models.PROTECT, related_name="invitations")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="invitations"
    )
    guest_names = models.JSONField(_("受邀人"), default=list)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    state = models.CharField(
        _("状态"), max_length=20, choices=InvitationState.choices, default=InvitationState.ISSUED
    )
    delivery_slot_start = models.DateTimeField(_("送函时段开始"))
    delivery_slot_end = models.DateTimeField(_("送函时段结束"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issued_at = models.DateTimeField(_("开具时间"))
    printed_at = models.DateTimeField(_("打印时间"), null=True, blank=True)
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    revoke_reason = models.CharField(_("作废原因"), max_length=200, blank=True)
    bus = models.ForeignKey(
        Bus, on_delete=models.SET_NULL, related_name="invitations", null=True, blank=True
    )
    stop = models.ForeignKey(
        BusStop, on_delete=models.SET_NULL, related_name="invitations", null=True, blank=True
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "customer"], name="invitation_one_per_household"
            )
        ]
        verbose_name = _("邀请函")
        verbose_name_plural = _("邀请函")

    def __str__(self) -> str:
        return f"{self.gathering} · {'、'.join(self.guest_names)}"


class Seat(models.Model):
    """A household (by its invitation) or an existing customer (老顾客, introduced as such) at a
    table. ``guests`` is how many chairs it takes."""

    table = models.ForeignKey(Table, on_delete=models.CASCADE, related_name="seated")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="seat", null=True, blank=True
    )
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    existing_customer = models.BooleanField(_("老顾客"), default=False)
    guests = models.PositiveSmallIntegerField(_("人数"), default=1)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(invitation__isnull=False) | models.Q(customer__isnull=False),
                name="seat_has_someone",
            ),
            models.UniqueConstraint(
                fields=["table", "customer"],
                condition=models.Q(customer__isnull=False),
                name="seat_customer_once_per_table",
            ),
        ]
        verbose_name = _("座位")
        verbose_name_plural = _("座位")

    def __str__(self) -> str:
        return f"{self.table} · {self.invitation or self.customer}"


class CheckInList(models.TextChoices):
    BOARDING = "boarding", _("上车")
    DOOR = "door", _("入场")


class CheckIn(models.Model):
    """An invitation admitted on one list (boarding or the door): once, whoever scans it."""

    gathering = models.ForeignKey(Gathering, on_delete=models.PROTECT, related_name="check_ins")
    invitation = models.ForeignKey(Invitation, on_delete=models.PROTECT, related_name="check_ins")
    list_kind = models.CharField(_("清单"), max_length=20, choices=CheckInList.choices)
    bus = models.ForeignKey(Bus, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    guests = models.PositiveSmallIntegerField(_("人数"))
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("时间"))
    client_nonce = models.CharField(max_length=64, blank=True)
    method = models.CharField(_("方式"), max_length=20, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["invitation", "list_kind"], name="check_in_once_per_list"
            )
        ]
        verbose_name = _("签到")
        verbose_name_plural = _("签到")

    def __str__(self) -> str:
        return f"{self.invitation} · {self.get_list_kind_display()}"


class EngagementSignal(models.TextChoices):
    LISTENED = "listened", _("听了讲座")
    READ_MATERIAL = "read_material", _("看了资料")
    TRIED_PRODUCT = "tried_product", _("试用了产品")
    ASKED_QUESTIONS = "asked_questions", _("提了问题")
    ASKS_PRICE_OR_GIFTS = "asks_price_or_gifts", _("问价格或赠品")
    ASKS_ABOUT_OTHERS = "asks_about_others", _("问有同样情况的人")
    CAME_EARLY_WITH_SPOUSE = "came_early_with_spouse", _("和老伴早到")
    STUDIES_PRICE_LIST = "studies_price_list", _("仔细看价目表")
    ASKS_AFTER_SALES = "asks_after_sales", _("问售后服务")
    RELAXED_AGREES = "relaxed_agrees", _("放松、认同")


class Engagement(models.Model):
    """What a rep noticed of one household during the gathering (听、看、摸、问 and the buying
    signals of DOMAIN.md)."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="engagements")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="engagement"
    )
    signals = models.JSONField(_("表现"), default=list)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(_("更新时间"))

    class Meta:
        verbose_name = _("现场表现")
        verbose_name_plural = _("现场表现")

    def __str__(self) -> str:
        return f"{self.invitation}"


MAX_PRIZE_VALUE_YUAN = 50_000  # the legal cap on a prize's value


class Draw(models.Model):
    """The lucky draw: rules and prizes published and locked before the gathering, with a
    commitment to the SHA-256 of a secret seed; the seed is revealed after the draw so anyone
    can recompute the winners from it and the published list of checked-in guests."""

    gathering = models.OneToOneField(Gathering, on_delete=models.CASCADE, related_name="draw")
    rules = models.TextField(_("抽奖规则"))
    prizes = models.JSONField(_("奖品"), default=list)  # [{"name", "value", "count"}]
    seed_commitment = models.CharField(max_length=64, blank=True)
    seed = models.CharField(max_length=64, blank=True)  # secret until revealed_at
    locked_at = models.DateTimeField(_("锁定时间"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    revealed_at = models.DateTimeField(_("公布种子时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("抽奖")
        verbose_name_plural = _("抽奖")

    def __str__(self) -> str:
        return f"{self.gathering}"


class DrawRun(models.Model):
    """One run of the draw, kept for ever: the published list it drew from and the winners."""

    draw = models.ForeignKey(Draw, on_delete=models.PROTECT, related_name="runs")
    round = models.PositiveSmallIntegerField(_("轮次"))
    eligible = models.JSONField(_("参与名单"))  # [{"id", "label"}] in published order
    winners = models.JSONField(_("中奖名单"))  # [{"prize", "id", "label"}]
    run_at = models.DateTimeField(_("时间"))
    run_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["round"]
        constraints = [
            models.UniqueConstraint(fields=["draw", "round"], name="draw_run_round_once")
        ]
        verbose_name = _("抽奖记录")
        verbose_name_plural = _("抽奖记录")

    def __str__(self) -> str:
        return f"{self.draw} #{self.round}"


class DeliveryPlan(models.Model):
    """One planning of a day's invitation deliveries (送函): routes per rep, and what could not
    be planned (no coordinates; a slot no rep can keep). Every planning is kept."""

    gathering = models.ForeignKey(
        Gathering, on_delete=models.CASCADE, related_name="delivery_plans"
    )
    day = models.DateField(_("日期"))
    planned_at = models.DateTimeField(_("规划时间"))
    planned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    travel_seconds = models.PositiveIntegerField(_("总路程（秒）"), default=0)
    left_out = models.JSONField(_("无法按约送达"), default=list)  # invitation ids
    without_location = models.JSONField(_("缺少位置"), default=list)  # invitation ids

    class Meta:
        ordering = ["-planned_at", "-id"]
        verbose_name = _("送函规划")
        verbose_name_plural = _("送函规划")

    def __str__(self) -> str:
        return f"{self.gathering} · {self.day}"


class RouteStop(models.Model):
    plan = models.ForeignKey(DeliveryPlan, on_delete=models.CASCADE, related_name="stops")
    rep = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("顺序"))
    eta = models.DateTimeField(_("预计到达"))
    latitude = models.DecimalField(max_digits=9, decimal_places=6)
    longitude = models.DecimalField(max_digits=9, decimal_places=6)

    class Meta:
        ordering = ["plan", "rep", "position"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "invitation"], name="route_stop_once_per_plan")
        ]
        verbose_name = _("送函站点")
        verbose_name_plural = _("送函站点")

    def __str__(self) -> str:
        return f"{self.rep} #{self.position}"
