from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lianyi.core.clock import now
from lianyi.gatherings.models import Gathering, Invitation, InvitationState
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
