"""Engagement (现场表现): what a rep notices of a household during the gathering — listened,
read the material, tried the product, asked questions (听、看、摸、问) — and the buying signals
of DOMAIN.md. Only for households checked in at the door, through the customers' scoping door:
a rep their own customers, a supervisor the team's."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.locks import lock_invitation_in
from lianyi.gatherings.models import (
    CheckIn,
    CheckInList,
    Engagement,
    EngagementSignal,
    Invitation,
    InvitationState,
)
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import owner_scope

SIGNAL_ORDER = [signal.value for signal in EngagementSignal]


def clean_signals(signals: Iterable[str]) -> list[str]:
    """Known signals, once each, in the order of :class:`EngagementSignal`."""
    chosen = set()
    for signal in signals:
        if signal not in SIGNAL_ORDER:
            raise DomainError(
                _("未知的现场表现：%(signal)s。") % {"signal": str(signal)[:50]},
                code=GatheringCode.ENGAGEMENT_SIGNAL_UNKNOWN,
                extra={"field": "signals"},
            )
        chosen.add(signal)
    return [s for s in SIGNAL_ORDER if s in chosen]


def _locked_invitation(by: User, invitation_id: int) -> Invitation:
    invitation = lock_invitation_in(
        Invitation.objects.filter(owner_scope(by, prefix="customer__")), invitation_id
    )
    admitted = CheckIn.objects.filter(invitation=invitation, list_kind=CheckInList.DOOR).exists()
    if not admitted or invitation.state == InvitationState.REVOKED:
        raise DomainError(
            _("这户嘉宾还没有入场签到，不能记录现场表现。"),
            code=GatheringCode.ENGAGEMENT_NOT_CHECKED_IN,
        )
    return invitation


def _save(by: User, invitation: Invitation, signals: list[str]) -> Engagement:
    engagement = Engagement.objects.filter(invitation=invitation).first()
    before = list(engagement.signals) if engagement else []
    if engagement is None:
        engagement = Engagement(gathering_id=invitation.gathering_id, invitation=invitation)
    engagement.signals = signals
    engagement.updated_by = by
    engagement.updated_at = now()
    engagement.save()
    audit(
        by,
        "gatherings.engagement.set",
        invitation,
        changes={"signals": [before, signals]} if before != signals else {},
    )
    return engagement


@transaction.atomic
def set_engagement(*, by: User, invitation_id: int, signals: Iterable[str]) -> Engagement:
    """Replace the household's signals with ``signals``."""
    require_capability(by, Capability.GATHERINGS_ENGAGEMENT)
    cleaned = clean_signals(signals)
    invitation = _locked_invitation(by, invitation_id)
    return _save(by, invitation, cleaned)


@transaction.atomic
def toggle_engagement_signal(*, by: User, invitation_id: int, signal: str, on: bool) -> Engagement:
    """Switch one signal on or off: what a tap on the phone does. The invitation row is locked
    first, so two taps at once on different signals both count."""
    require_capability(by, Capability.GATHERINGS_ENGAGEMENT)
    clean_signals([signal])
    invitation = _locked_invitation(by, invitation_id)
    engagement = Engagement.objects.filter(invitation=invitation).first()
    current = set(engagement.signals) if engagement else set()
    current = current | {signal} if on else current - {signal}
    return _save(by, invitation, clean_signals(current))
