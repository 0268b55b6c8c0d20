"""Guests admitted at the door for tests of what follows check-in (draw, engagement, the
attendance report): CheckIn rows written directly, as the check-in service would leave them."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from lianyi.gatherings.models import CheckIn, CheckInList, Invitation, InvitationState


def admit(customer: Any, *, by: Any, gathering: Any) -> Invitation:
    invitation = Invitation.objects.get(customer=customer, gathering=gathering)
    CheckIn.objects.create(
        gathering=gathering,
        invitation=invitation,
        list_kind=CheckInList.DOOR,
        guests=len(invitation.guest_names),
        by=by,
        at=timezone.now(),
    )
    invitation.state = InvitationState.CHECKED_IN
    invitation.save(update_fields=["state"])
    return invitation


def start_gathering(gathering: Any, *, hours_ago: int = 1) -> None:
    """Move the gathering's start into the past (rules must be locked before this)."""
    from datetime import timedelta

    type(gathering).objects.filter(pk=gathering.pk).update(
        starts_at=timezone.now() - timedelta(hours=hours_ago)
    )
    gathering.refresh_from_db()
