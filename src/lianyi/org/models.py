from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from lianyi.core.clock import QuietHours

DEFAULT_QUIET_WINDOWS = [["07:00", "08:30"], ["11:30", "14:30"], ["18:50", "19:40"]]


def default_quiet_windows() -> list[list[str]]:
    return [list(w) for w in DEFAULT_QUIET_WINDOWS]


# Check-in (boarding and the door) opens this long before a gathering starts and closes this
# long after it ends; the bounds are what the company-rules form and the field validators allow.
CHECKIN_OPENS_MINUTES_BEFORE_DEFAULT = 180
CHECKIN_OPENS_MINUTES_BEFORE_MAX = 24 * 60
CHECKIN_CLOSES_MINUTES_AFTER_DEFAULT = 60
CHECKIN_CLOSES_MINUTES_AFTER_MAX = 12 * 60


class Company(models.Model):
    """A sales company and its process settings (the defaults of DOMAIN.md)."""

    name = models.CharField(_("公司名称"), max_length=100)
    time_zone = models.CharField(_("时区"), max_length=50, default="Asia/Shanghai")
    contact_day_start = models.CharField(_("最早联系时间"), max_length=5, default="08:30")
    contact_day_end = models.CharField(_("最晚联系时间"), max_length=5, default="20:30")
    quiet_windows = models.JSONField(_("免打扰时段"), default=default_quiet_windows)
    protection_days = models.PositiveSmallIntegerField(_("客户保护期（天）"), default=30)
    second_call_min_days = models.PositiveSmallIntegerField(_("二次电话最早（天）"), default=1)
    second_call_max_days = models.PositiveSmallIntegerField(_("二次电话最迟（天）"), default=2)
    first_call_within_days = models.PositiveSmallIntegerField(_("首次电话期限（天）"), default=3)
    consent_notice_version = models.CharField(_("告知书版本"), max_length=20, default="2026-01")
    # Where delivery routes start and end (送函路线从公司出发).
    office_latitude = models.DecimalField(
        _("公司纬度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    office_longitude = models.DecimalField(
        _("公司经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    # Buses pick guests up hours before the start; a gathering often runs past its planned end,
    # and a guest who arrives late is still recorded, so the door stays open a while after it.
    checkin_opens_minutes_before = models.PositiveSmallIntegerField(
        _("签到提前开放（分钟）"),
        default=CHECKIN_OPENS_MINUTES_BEFORE_DEFAULT,
        validators=[MinValueValidator(0), MaxValueValidator(CHECKIN_OPENS_MINUTES_BEFORE_MAX)],
    )
    checkin_closes_minutes_after = models.PositiveSmallIntegerField(
        _("散场后签到关闭（分钟）"),
        default=CHECKIN_CLOSES_MINUTES_AFTER_DEFAULT,
        validators=[MinValueValidator(0), MaxValueValidator(CHECKIN_CLOSES_MINUTES_AFTER_MAX)],
    )

    class Meta:
        verbose_name = _("公司")
        verbose_name_plural = _("公司")

    def __str__(self) -> str:
        return self.name

    def quiet_hours(self) -> QuietHours:
        return QuietHours.from_config(
            tz=self.time_zone,
            day_start=self.contact_day_start,
            day_end=self.contact_day_end,
            windows=self.quiet_windows,
        )


class Department(models.Model):
    company = models.ForeignKey(Company, on_delete=models.PROTECT, related_name="departments")
    name = models.CharField(_("部门名称"), max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="department_unique_name")
        ]
        verbose_name = _("部门")
        verbose_name_plural = _("部门")

    def __str__(self) -> str:
        return self.name


class Team(models.Model):
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("小组名称"), max_length=100)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["department", "name"], name="team_unique_name")
        ]
        verbose_name = _("小组")
        verbose_name_plural = _("小组")

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    REP = "rep", _("服务专员")
    SUPERVISOR = "supervisor", _("主管")
    MANAGER = "manager", _("部门经理")
    SERVICE = "service", _("客户服务部")
    EVENT_STAFF = "event_staff", _("会务人员")
    ADMIN = "admin", _("管理员")


class User(AbstractUser):
    """A person who works for the company. Where they sit in the tree decides what they see:
    a rep and a supervisor belong to a team, a manager to a department."""

    company = models.ForeignKey(
        Company, on_delete=models.PROTECT, related_name="users", null=True, blank=True
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices, default=Role.REP)
    team = models.ForeignKey(
        Team, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="members", null=True, blank=True
    )
    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    phone = models.CharField(_("手机"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only its SHA-256 is stored; the key is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("名称"), max_length=60, default="api")
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API 令牌")
        verbose_name_plural = _("API 令牌")

    def __str__(self) -> str:
        return f"{self.user} · {self.name}"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)
