"""每天向下属索要一份贵宾档案: each day a supervisor takes one VIP profile from each rep of the
team, a customer the rep home-visited that day, offered by the rep or picked by the supervisor."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ProfileState(models.TextChoices):
    OFFERED = "offered", _("已提交，待主管收取")
    TAKEN = "taken", _("主管已收取")


class DailyProfile(models.Model):
    """One rep's VIP profile of one day (the rep's local day in the company's time zone)."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="daily_profiles",
        verbose_name=_("服务专员"),
    )
    day = models.DateField(_("日期"))
    customer = models.ForeignKey(
        "customers.Customer",
        on_delete=models.CASCADE,
        related_name="daily_profiles",
        verbose_name=_("客户"),
    )
    visit = models.ForeignKey(
        "journey.Touchpoint",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("当天家访"),
    )
    state = models.CharField(_("状态"), max_length=10, choices=ProfileState.choices)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    offered_at = models.DateTimeField(null=True, blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
    )
    taken_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rep", "day"], name="daily_profile_one_per_rep_day"),
            models.CheckConstraint(
                condition=~models.Q(state=ProfileState.TAKEN)
                | models.Q(taken_by__isnull=False, taken_at__isnull=False),
                name="daily_profile_taken_has_taker",
            ),
        ]
        indexes = [models.Index(fields=["company", "day"], name="daily_profile_day")]
        verbose_name = _("每日贵宾档案")
        verbose_name_plural = _("每日贵宾档案")

    def __str__(self) -> str:
        return f"{self.rep} {self.day:%Y-%m-%d}"
