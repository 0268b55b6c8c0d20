"""Reads of engagement: a rep's checked-in households at one gathering with their signals, and
the signals on a customer's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef

from lianyi.core.errors import NotFound
from lianyi.gatherings.models import (
    CheckIn,
    CheckInList,
    Engagement,
    EngagementSignal,
    Gathering,
    Invitation,
    InvitationState,
)
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.scoping import owner_scope

BASIC_SIGNALS = [
    EngagementSignal.LISTENED,
    EngagementSignal.READ_MATERIAL,
    EngagementSignal.TRIED_PRODUCT,
    EngagementSignal.ASKED_QUESTIONS,
]
BUYING_SIGNALS = [s for s in EngagementSignal if s not in BASIC_SIGNALS]


def company_gathering(*, user: Any, gathering_id: Any) -> Gathering:
    """One gathering of the user's company; NotFound for a missing id and another company's."""
    company_id = getattr(user, "company_id", None)
    if not company_id or not str(gathering_id).isdigit():
        raise NotFound()
    gathering = Gathering.objects.filter(company_id=company_id, pk=gathering_id).first()
    if gathering is None:
        raise NotFound()
    return gathering


@dataclass(frozen=True)
class Household:
    invitation: Invitation
    signals: frozenset[str]

    @property
    def customer(self) -> Any:
        return self.invitation.customer


def door_admitted() -> Exists:
    return Exists(CheckIn.objects.filter(invitation=OuterRef("pk"), list_kind=CheckInList.DOOR))


def engagement_households(*, user: Any, gathering_id: Any) -> tuple[Gathering, list[Household]]:
    """The households the user may note at this gathering: checked in at the door, their own
    customers (a supervisor: the team's), in name order. Two queries whatever the count."""
    require_capability(user, Capability.GATHERINGS_ENGAGEMENT)
    gathering = company_gathering(user=user, gathering_id=gathering_id)
    invitations = (
        Invitation.objects.filter(owner_scope(user, prefix="customer__"), gathering=gathering)
        .exclude(state=InvitationState.REVOKED)
        .filter(door_admitted())
        .select_related("customer", "customer__owner", "engagement")
        .order_by("customer__name", "pk")
    )
    households = [_household(inv) for inv in invitations]
    return gathering, households


def engagement_household(*, user: Any, invitation_id: Any) -> Household:
    """One household, for the row a toggle re-renders."""
    require_capability(user, Capability.GATHERINGS_ENGAGEMENT)
    if not str(invitation_id).isdigit():
        raise NotFound()
    invitation = (
        Invitation.objects.filter(owner_scope(user, prefix="customer__"), pk=invitation_id)
        .select_related("customer", "customer__owner", "engagement")
        .first()
    )
    if invitation is None:
        raise NotFound()
    return _household(invitation)


def _household(invitation: Invitation) -> Household:
    try:
        signals = invitation.engagement.signals
    except Engagement.DoesNotExist:
        signals = []
    return Household(invitation=invitation, signals=frozenset(signals))


def engagements_for_customer(*, customer: Any) -> list[Engagement]:
    """The signals noted at each gathering, for the customer page (the caller already checked
    the customer is in scope)."""
    return list(
        Engagement.objects.filter(invitation__customer=customer)
        .select_related("gathering", "updated_by")
        .order_by("-gathering__starts_at")
    )


def signal_labels(signals: list[str]) -> list[str]:
    labels = dict(EngagementSignal.choices)
    return [str(labels[s]) for s in signals if s in labels]
