"""Guests admitted at the door for tests of what follows check-in (draw, engagement, the
attendance report), through the check-in service as the door scanner calls it."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from lianyi.gatherings.models import CheckInList, Invitation
from lianyi.gatherings.services.checkin import ScanAnswer, check_in


def admit(customer: Any, *, by: Any, gathering: Any) -> Invitation:
    invitation = Invitation.objects.get(customer=customer, gathering=gathering)
    result = check_in(
        by=by, gathering_id=gathering.pk, list_kind=CheckInList.DOOR, token=invitation.token
    )
    assert result.answer == ScanAnswer.ADMITTED, result
    invitation.refresh_from_db()
    return invitation


def start_gathering(gathering: Any, *, hours_ago: int = 1) -> None:
    """Move the gathering's start into the past (rules must be locked before this)."""
    type(gathering).objects.filter(pk=gathering.pk).update(
        starts_at=timezone.now() - timedelta(hours=hours_ago)
    )
    gathering.refresh_from_db()
