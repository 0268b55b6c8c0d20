"""转介绍: recording that a customer was asked for a referral, with their answer."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Status

from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.journey import ContactIn, RecordedOut
from lianyi.api.security import current_user
from lianyi.core.fields import Id, TextLimit
from lianyi.journey.referral_asks import record_referral_ask
from lianyi.journey.services import Contact

router = Router(tags=["journey"])


class ReferralAskIn(ContactIn):
    answer: Annotated[str, TextLimit(20)]  # gave_contact / will_think / declined


@router.post("/customers/{customer_id}/referral-asks", response={201: RecordedOut, **ERRORS})
def referral_ask(request: HttpRequest, customer_id: Id, payload: ReferralAskIn) -> Status:
    touchpoint = record_referral_ask(
        by=current_user(request),
        customer_id=customer_id,
        answer=payload.answer,
        contact=Contact(
            occurred_at=payload.occurred_at,
            notes=payload.notes,
            repeat_reason=payload.repeat_reason,
        ),
    )
    return Status(201, {"touchpoint": touchpoint, "journey": touchpoint.customer})
