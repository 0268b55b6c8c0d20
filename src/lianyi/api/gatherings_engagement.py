"""Engagement: the caller's checked-in households at a gathering with their signals, and
setting a household's signals (GATHERINGS_ENGAGEMENT; a rep their own customers, a supervisor
the team's). Unknown signal 400 ``gatherings.engagement_signal_unknown``; a household not
checked in at the door 400 ``gatherings.engagement_not_checked_in``."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.gatherings_engagement import EngagementIn, HouseholdOut
from lianyi.api.security import current_user
from lianyi.core.fields import Id
from lianyi.gatherings.selectors.engagement import engagement_household, engagement_households
from lianyi.gatherings.services.engagement import set_engagement

router = Router(tags=["engagement"])


@router.get("/gatherings/{gathering_id}/engagement", response={200: list[HouseholdOut], **ERRORS})
def households(request: HttpRequest, gathering_id: Id) -> Any:
    _gathering, rows = engagement_households(user=current_user(request), gathering_id=gathering_id)
    return rows


@router.post("/invitations/{invitation_id}/engagement", response={200: HouseholdOut, **ERRORS})
def set_signals(request: HttpRequest, invitation_id: Id, payload: EngagementIn) -> Any:
    user = current_user(request)
    set_engagement(by=user, invitation_id=invitation_id, signals=payload.signals)
    return engagement_household(user=user, invitation_id=invitation_id)
