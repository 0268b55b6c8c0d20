"""转介绍: asking for a referral is a recorded touchpoint with the answer; it never moves the
2+2+2 step, refuses customers out of scope or not contactable, and is audited."""

from __future__ import annotations

import pytest

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.customers.codes import CustomerCode
from lianyi.journey.codes import JourneyCode
from lianyi.journey.referral_asks import record_referral_ask
from lianyi.journey.services import Contact, withdraw_consent
from lianyi.journey.steps import ReferralAnswer, TouchpointKind
from tests.conftest import make_customer


@pytest.mark.parametrize("step", [2, 5])
def test_referral_ask_is_recorded_with_the_answer_and_does_not_move_the_step(world, step):
    customer = make_customer(world, step=step)
    before = (customer.step, customer.next_action, customer.next_due_at)

    tp = record_referral_ask(
        by=world.rep,
        customer_id=customer.pk,
        answer=ReferralAnswer.GAVE_CONTACT,
        contact=Contact(notes="介绍了楼下的王阿姨"),
    )

    customer.refresh_from_db()
    assert tp.kind == TouchpointKind.REFERRAL_ASK
    assert tp.referral_answer == ReferralAnswer.GAVE_CONTACT
    assert (customer.step, customer.next_action, customer.next_due_at) == before
    assert customer.last_contact_at == tp.occurred_at
    entry = AuditEntry.objects.get(action="journey.referral_ask.recorded")
    assert entry.data["customer"] == customer.pk


def test_referral_ask_can_be_asked_again(world):
    customer = make_customer(world, step=5)
    for answer in (ReferralAnswer.WILL_THINK, ReferralAnswer.DECLINED):
        record_referral_ask(by=world.rep, customer_id=customer.pk, answer=answer, contact=Contact())
    assert customer.touchpoints.filter(kind=TouchpointKind.REFERRAL_ASK).count() == 2


def test_referral_ask_needs_an_answer(world):
    customer = make_customer(world, step=5)
    with pytest.raises(DomainError) as error:
        record_referral_ask(by=world.rep, customer_id=customer.pk, answer="", contact=Contact())
    assert error.value.code == JourneyCode.REFERRAL_ANSWER_INVALID
    assert not customer.touchpoints.filter(kind=TouchpointKind.REFERRAL_ASK).exists()


def test_referral_ask_refused_for_a_customer_out_of_scope(world):
    customer = make_customer(world, step=5)
    with pytest.raises(DomainError) as error:
        record_referral_ask(
            by=world.rep_other_team,
            customer_id=customer.pk,
            answer=ReferralAnswer.DECLINED,
            contact=Contact(),
        )
    assert error.value.status == 404


def test_referral_ask_refused_for_a_customer_who_withdrew_consent(world):
    customer = make_customer(world, step=5)
    withdraw_consent(by=world.rep, customer_id=customer.pk)
    with pytest.raises(DomainError) as error:
        record_referral_ask(
            by=world.rep,
            customer_id=customer.pk,
            answer=ReferralAnswer.WILL_THINK,
            contact=Contact(),
        )
    assert error.value.code == CustomerCode.NOT_CONTACTABLE
