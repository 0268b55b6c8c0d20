from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.db.models import QuerySet

from lianyi.core.clock import now
from lianyi.gatherings.models import Gathering, Invitation, InvitationState, over_at
from lianyi.org.scoping import company_scope


def upcoming_gatherings(*, user: Any) -> QuerySet[Gathering]:
    if not getattr(user, "company_id", None):
        return Gathering.objects.none()
    return Gathering.objects.filter(company_scope(user), starts_at__gt=now()).order_by("starts_at")


def open_invitation_for(*, customer: Any) -> Invitation | None:
    """The customer's invitation that still waits to be handed over."""
    return (
        Invitation.objects.filter(
            customer=customer, state__in=[InvitationState.ISSUED, InvitationState.PRINTED]
        )
        .select_related("gathering")
        .order_by("-issued_at")
        .first()
    )


def gathering_ends(*, invitation_ids: Iterable[int]) -> dict[int, datetime]:
    """When the gathering of each invitation is over, by invitation id (one query): where the
    journey's rounds of steps 3 and 4 close."""
    ids = sorted(set(invitation_ids))
    if not ids:
        return {}
    rows = Invitation.objects.filter(pk__in=ids).values_list(
        "pk", "gathering__starts_at", "gathering__ends_at"
    )
    return {pk: over_at(starts, ends) for pk, starts, ends in rows}


def invitation_gathering(*, invitation_id: int) -> Gathering:
    """The gathering an invitation is for (the journey names its invitations by id)."""
    return Gathering.objects.get(invitations__pk=invitation_id)
