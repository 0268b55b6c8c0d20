"""转介绍: asking a customer whether they would introduce someone, asked of every customer,
bought or not (DOMAIN.md). A recorded touchpoint with the answer; it never moves the 2+2+2 step.
A person the customer names is registered through the referral registration, with the customer
as referrer; no reward hangs on it, and nothing follows the referrals of referrals."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.errors import DomainError
from lianyi.journey.codes import JourneyCode
from lianyi.journey.models import Touchpoint
from lianyi.journey.services import Contact, _begin, _finish
from lianyi.journey.steps import ReferralAnswer, TouchpointKind
from lianyi.org.models import User


def _answer(value: str) -> ReferralAnswer:
    if value not in ReferralAnswer.values:
        raise DomainError(
            _("请选择客户的答复。"),
            code=JourneyCode.REFERRAL_ANSWER_INVALID,
            extra={"field": "answer"},
        )
    return ReferralAnswer(value)


@transaction.atomic
def record_referral_ask(*, by: User, customer_id: int, answer: str, contact: Contact) -> Touchpoint:
    """Record that ``by`` asked the customer for a referral and what they answered. Refused for
    a customer out of scope (NotFound) or one who withdrew consent or asked not to be contacted."""
    result = _answer(answer)
    customer, at, notes = _begin(by, customer_id, contact)
    touchpoint = Touchpoint.objects.create(
        company=customer.company,
        customer=customer,
        kind=TouchpointKind.REFERRAL_ASK,
        by=by,
        occurred_at=at,
        notes=notes,
        referral_answer=result,
    )
    return _finish(by, customer, touchpoint, "journey.referral_ask.recorded")
