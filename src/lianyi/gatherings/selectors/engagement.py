"""Reads of engagement: a rep's checked-in households at one gathering with their signals, and
the signals on a customer's page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Exists, OuterRef

from lianyi.core.lookup import get_by_id
from lianyi.gatherings.models import (
    CheckIn,
    CheckInList,
    Engagement,
    EngagementSignal,
    Gathering,
    Invitation,
    InvitationState,
)
from lianyi.gatherings.selectors.planning import get_gathering
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.scoping import owner_scope

BASIC_SIGNALS = [
    EngagementSignal.LISTENED,
    EngagementSignal.READ_MATERIAL,
    EngagementSignal.TRIED_PRODUCT,
    EngagementSignal.ASKED_QUESTIONS,
]
BUYING_SIGNALS = [s for s in EngagementSignal if s not in BASIC_SIGNALS]


@dataclass(frozen=True)
class Household:
    invitation: Invitation
    signals: frozenset[str]

    @property
    def customer(self) -> Any:
        return self.invitation.customer

    @property
    def toggles(self) -> list[tuple[str, list[tuple[str, str, bool]]]]:
        """(group, [(signal, label, on)]) for the four basic signals and the buying signals."""
        return [
            (group, [(s.value, str(s.label), s.value in self.signals) for s in signals])
            for group, signals in (("basic", BASIC_SIGNALS), ("buying", BUYING_SIGNALS))
        ]


def door_admitted() -> Exists:
    return Exists(CheckIn.objects.filter(invitation=OuterRef("pk"), list_kind=CheckInList.DOOR))


def engagement_households(*, user: Any, gathering_id: Any) -> tuple[Gathering, list[Household]]:
    """The households the user may note at this gathering: checked in at the door, their own
    customers (a supervisor: the team's), in name order. Two queries whatever the count."""
    require_capability(user, Capability.GATHERINGS_ENGAGEMENT)
    gathering = get_gathering(user=user, gathering_id=gathering_id)
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
    invitation = get_by_id(
        Invitation.objects.filter(owner_scope(user, prefix="customer__")).select_related(
            "customer", "customer__owner", "engagement"
        ),
        invitation_id,
    )
    return _household(invitation)


def _household(invitation: Invitation) -> Household:
    try:
        signals = invitation.engagement.signals
    except Engagement.DoesNotExist:
        signals = []
    return Household(invitation=invitation, signals=frozenset(signals))


@dataclass(frozen=True)
class NotedEngagement:
    """One gathering's signals as the customer page shows them."""

    engagement: Engagement
    labels: list[str]

    @property
    def gathering(self) -> Gathering:
        return self.engagement.gathering


def engagements_for_customer(*, customer: Any) -> list[NotedEngagement]:
    """The signals noted at each gathering, newest first, for the customer page (the caller
    already checked the customer is in scope)."""
    labels = dict(EngagementSignal.choices)
    return [
        NotedEngagement(engagement=e, labels=[str(labels[s]) for s in e.signals if s in labels])
        for e in Engagement.objects.filter(invitation__customer=customer)
        .select_related("gathering", "updated_by")
        .order_by("-gathering__starts_at")
    ]
