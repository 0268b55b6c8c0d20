"""Reads for printing invitations: a rep's own (a supervisor's team's), one or a batch."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from lianyi.core.lookup import get_all_by_ids, get_by_id
from lianyi.gatherings.models import Invitation, InvitationState
from lianyi.gatherings.selectors.planning import get_gathering, visible_invitations

# The states the printing page filters by: every state but revoked (never printed again).
LISTED_STATES = [s for s in InvitationState if s != InvitationState.REVOKED]


def invitations_to_print(*, user: Any, gathering_id: Any, state: str = "") -> QuerySet[Invitation]:
    """The user's invitations to one gathering that can still be printed (not revoked), in
    one state if ``state`` names one of :data:`LISTED_STATES` (anything else: all of them)."""
    gathering = get_gathering(user=user, gathering_id=gathering_id)
    rows = (
        visible_invitations(user=user)
        .filter(gathering=gathering)
        .exclude(state=InvitationState.REVOKED)
    )
    if state in LISTED_STATES:
        rows = rows.filter(state=state)
    return rows.order_by("customer__name", "pk")


def get_invitation(*, user: Any, invitation_id: Any) -> Invitation:
    """One invitation in the user's scope; a missing and a forbidden id raise the same NotFound."""
    return get_by_id(visible_invitations(user=user), invitation_id)


def invitations_by_ids(*, user: Any, ids: Iterable[Any]) -> list[Invitation]:
    """The invitations named by ``ids``, in that order; any id out of scope is a NotFound."""
    return get_all_by_ids(visible_invitations(user=user), ids)
