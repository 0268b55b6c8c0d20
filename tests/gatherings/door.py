"""Guests admitted at the door for tests of what follows check-in (draw, engagement, the
attendance report), through the check-in service as the door scanner calls it."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import time_machine
from django.utils import timezone

from lianyi.gatherings.models import CheckInList, Gathering, Invitation
from lianyi.gatherings.selectors.checkin import checkin_window
from lianyi.gatherings.services.checkin import ScanAnswer, check_in


@contextlib.contextmanager
def in_checkin_window(gathering: Any) -> Iterator[None]:
    """Now, if the gathering's check-in window is open; else its first minute (or its last,
    for a gathering whose window has closed): scanning is refused outside it."""
    fresh = Gathering.objects.select_related("company").get(pk=gathering.pk)
    window = checkin_window(gathering=fresh)
    moment = timezone.now()
    if moment < window.opens_at:
        target = window.opens_at + timedelta(minutes=1)
    elif moment > window.closes_at:
        target = window.closes_at - timedelta(minutes=1)
    else:
        yield
        return
    with time_machine.travel(target, tick=True):
        yield


def admit(customer: Any, *, by: Any, gathering: Any) -> Invitation:
    invitation = Invitation.objects.get(customer=customer, gathering=gathering)
    with in_checkin_window(gathering):
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
