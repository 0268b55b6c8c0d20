from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from lianyi.journey.steps import CallOutcome, ReferralAnswer, TouchpointKind

# The 2+2+2's own steps happen once per customer; the delivery visit once per invitation (that
# is, per gathering: steps 3 and 4 repeat for each later gathering).
ONCE_ONLY_KINDS = [
    TouchpointKind.STAND_CHECKUP,
    TouchpointKind.STAND_REGISTRATION,
    TouchpointKind.FIRST_VISIT,
]


class Touchpoint(models.Model):
    """One recorded contact: who, when, how long, what was said and agreed, what comes next."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.CASCADE, related_name="touchpoints"
    )
    kind = models.CharField(_("类型"), max_length=30, choices=TouchpointKind.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="touchpoints",
        verbose_name=_("记录人"),
    )
    occurred_at = models.DateTimeField(_("时间"))
    duration_minutes = models.PositiveSmallIntegerField(_("时长（分钟）"), null=True, blank=True)
    outcome = models.CharField(_("结果"), max_length=20, choices=CallOutcome.choices, blank=True)
    notes = models.TextField(_("记录"), blank=True)
    repeat_reason = models.CharField(_("再次记录原因"), max_length=200, blank=True)
    slot_start = models.DateTimeField(_("约定开始"), null=True, blank=True)
    slot_end = models.DateTimeField(_("约定结束"), null=True, blank=True)
    profile_completed = models.BooleanField(_("已填贵宾档案"), null=True, blank=True)
    invitation_accepted = models.BooleanField(_("接受邀请"), null=True, blank=True)
    referral_answer = models.CharField(
        _("转介绍答复"), max_length=20, choices=ReferralAnswer.choices, blank=True
    )
    invitation = models.ForeignKey(
        "gatherings.Invitation",
        on_delete=models.PROTECT,
        related_name="touchpoints",
        null=True,
        blank=True,
    )
    latitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    accuracy_m = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["occurred_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "kind"],
                condition=Q(kind__in=ONCE_ONLY_KINDS),
                name="touchpoint_visit_once",
            ),
            models.UniqueConstraint(
                fields=["invitation"],
                condition=Q(kind=TouchpointKind.SECOND_VISIT),
                name="touchpoint_second_visit_once_per_invitation",
            ),
            models.CheckConstraint(
                condition=Q(slot_start__isnull=True)
                | Q(slot_end__isnull=False, slot_end__gt=models.F("slot_start")),
                name="touchpoint_slot_ordered",
            ),
        ]
        indexes = [models.Index(fields=["customer", "occurred_at"], name="touchpoint_timeline")]
        verbose_name = _("联系记录")
        verbose_name_plural = _("联系记录")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d %H:%M}"


class TouchpointCorrection(models.Model):
    """A correction of a recorded touchpoint by whoever recorded it: the touchpoint holds the
    corrected values, this entry the previous ones, so that nothing is silently overwritten."""

    touchpoint = models.ForeignKey(Touchpoint, on_delete=models.CASCADE, related_name="corrections")
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("更正人"),
    )
    corrected_at = models.DateTimeField(_("更正时间"))
    reason = models.CharField(_("更正原因"), max_length=500)
    # {field: [previous, corrected]} of the fields that changed, as stored (ISO times, codes).
    changes = models.JSONField(_("更正内容"), default=dict)

    class Meta:
        ordering = ["corrected_at", "id"]
        verbose_name = _("联系记录更正")
        verbose_name_plural = _("联系记录更正")

    def __str__(self) -> str:
        return f"{self.touchpoint} ({self.corrected_at:%Y-%m-%d %H:%M})"
