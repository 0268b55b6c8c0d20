from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Gathering(models.Model):
    """A hosted gathering (联谊会). Planning in full (buses, tables, programme) comes later."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="gatherings")
    name = models.CharField(_("名称"), max_length=100)
    starts_at = models.DateTimeField(_("开始时间"))
    venue = models.CharField(_("场地"), max_length=200)
    capacity = models.PositiveIntegerField(_("容纳人数"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("联谊会")
        verbose_name_plural = _("联谊会")

    def __str__(self) -> str:
        return f"{self.starts_at:%m-%d} {self.name}"


class InvitationState(models.TextChoices):
    ISSUED = "issued", _("已开具")
    DELIVERED = "delivered", _("已送达")
    REVOKED = "revoked", _("已作废")


def new_token() -> str:
    return secrets.token_urlsafe(24)


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
    delivered_at = models.DateTimeField(_("送达时间"), null=True, blank=True)

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
