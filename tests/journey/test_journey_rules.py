"""The rules of the 2+2+2 journey, enforced by the services whatever page or route calls them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from lianyi.core.clock import now
from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.models import AuditEntry
from lianyi.customers.codes import CustomerCode
from lianyi.customers.models import Source
from lianyi.customers.services import Registration
from lianyi.journey import services as journey
from lianyi.journey.codes import JourneyCode
from lianyi.journey.models import Touchpoint
from lianyi.journey.selectors import agenda, upcoming
from lianyi.journey.services import Contact, register_customer, withdraw_consent
from lianyi.journey.steps import NextAction, Step, TouchpointKind
from tests.conftest import at_local, make_customer, next_mobile


def refused(call, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as error:
        call(**kwargs)
    return error.value


def tomorrow(hour: int, minute: int = 0) -> dt.datetime:
    return at_local(timezone.localdate() + dt.timedelta(days=1), hour, minute)


def first_call(world, customer, outcome="agreed", **kwargs):
    kwargs.setdefault("contact", Contact())
    if outcome == "agreed":
        kwargs.setdefault("visit_slot", (tomorrow(15), tomorrow(16)))
    return journey.record_first_call(
        by=world.rep, customer_id=customer.pk, outcome=outcome, **kwargs
    )


def first_visit(world, customer, **kwargs):
    kwargs.setdefault("contact", Contact())
    return journey.record_first_visit(
        by=world.rep,
        customer_id=customer.pk,
        duration_minutes=45,
        profile_completed=True,
        **kwargs,
    )


def second_visit(world, customer, **kwargs):
    kwargs.setdefault("contact", Contact())
    kwargs.setdefault("unprinted_confirmed", True)  # printing is not what these tests are about
    return journey.record_second_visit(
        by=world.rep, customer_id=customer.pk, invitation_handed_over=True, **kwargs
    )


def second_call(world, customer, outcome="no_answer", **kwargs):
    kwargs.setdefault("contact", Contact())
    return journey.record_second_call(
        by=world.rep, customer_id=customer.pk, outcome=outcome, **kwargs
    )


# ---- the first call -----------------------------------------------------------------------


def test_the_first_call_never_carries_an_invitation(world):
    customer = make_customer(world, step=1)
    error = refused(first_call, world=world, customer=customer, invite=True)
    assert error.code == JourneyCode.NO_INVITE_ON_FIRST_CALL
    assert not Touchpoint.objects.filter(customer=customer, kind="first_call").exists()


def test_an_agreed_first_call_schedules_the_first_visit_in_the_agreed_slot(world):
    customer = make_customer(world, step=1)
    first_call(world, customer)
    customer.refresh_from_db()
    assert customer.step == Step.FIRST_VISIT
    assert customer.next_action == NextAction.FIRST_VISIT
    assert (customer.next_due_at, customer.next_due_until) == (tomorrow(15), tomorrow(16))


def test_an_agreed_first_call_needs_a_visit_slot(world):
    customer = make_customer(world, step=1)
    error = refused(first_call, world=world, customer=customer, visit_slot=(None, None))
    assert error.code == JourneyCode.SLOT_REQUIRED


def test_an_unanswered_first_call_is_due_again_the_next_day(world):
    # given a customer waiting for the first call
    customer = make_customer(world, step=1)
    # when nobody answers today
    first_call(world, customer, outcome="no_answer")
    customer.refresh_from_db()
    # then the call is due again from the first open moment tomorrow to the end of tomorrow
    assert customer.step == Step.FIRST_CALL
    assert customer.next_action == NextAction.FIRST_CALL
    assert customer.next_due_at == tomorrow(8, 30)
    assert customer.next_due_until == tomorrow(20, 30)


def test_a_declined_first_call_pushes_nothing(world):
    customer = make_customer(world, step=1)
    first_call(world, customer, outcome="declined")
    customer.refresh_from_db()
    assert customer.step == Step.FIRST_CALL
    assert customer.next_action == ""
    assert customer.next_due_at is None
    assert customer not in agenda(user=world.rep)


def test_an_unknown_outcome_is_refused(world):
    customer = make_customer(world, step=1)
    assert refused(first_call, world=world, customer=customer, outcome="maybe").code == (
        JourneyCode.OUTCOME_INVALID
    )


# ---- the order of the steps ------------------------------------------------------------------


def test_a_first_visit_before_the_first_call_is_refused(world):
    customer = make_customer(world, step=1)
    error = refused(first_visit, world=world, customer=customer)
    assert error.code == JourneyCode.STEP_OUT_OF_ORDER
    assert error.extra["current_step"] == Step.FIRST_CALL


def test_a_first_call_before_the_stand_conversations_is_refused(world):
    customer = make_customer(world, step=0)
    assert refused(first_call, world=world, customer=customer).code == (
        JourneyCode.STEP_OUT_OF_ORDER
    )


def test_a_second_call_before_the_first_visit_is_refused(world):
    customer = make_customer(world, step=2)
    assert refused(second_call, world=world, customer=customer).code == (
        JourneyCode.STEP_OUT_OF_ORDER
    )


def test_a_second_visit_before_the_invitation_is_refused(world):
    customer = make_customer(world, step=3)
    error = refused(second_visit, world=world, customer=customer)
    assert error.code == JourneyCode.STEP_OUT_OF_ORDER


# ---- the second call: 1 to 2 days after the first visit ------------------------------------


def test_second_call_is_due_one_to_two_days_after_the_first_visit(world):
    # given a first visit recorded on day V (make_customer: ten days ago + 1, at 15:10)
    customer = make_customer(world, step=3)
    visit = Touchpoint.objects.get(customer=customer, kind=TouchpointKind.FIRST_VISIT)
    visit_day = timezone.localdate(visit.occurred_at)
    # then the second call is due from 08:30 on V+1 until 20:30 on V+2
    assert customer.step == Step.SECOND_CALL
    assert customer.next_action == NextAction.SECOND_CALL
    assert customer.next_due_at == at_local(visit_day + dt.timedelta(days=1), 8, 30)
    assert customer.next_due_until == at_local(visit_day + dt.timedelta(days=2), 20, 30)


def test_a_second_call_on_the_day_of_the_first_visit_is_refused(world):
    # given a first visit today
    customer = make_customer(world, step=2)
    first_visit(world, customer)
    # when the rep tries the inviting call the same day
    error = refused(second_call, world=world, customer=customer)
    # then it is too early, and the earliest day is named
    assert error.code == JourneyCode.SECOND_CALL_TOO_EARLY
    assert error.extra["earliest"] == (timezone.localdate() + dt.timedelta(days=1)).isoformat()
    assert not Touchpoint.objects.filter(customer=customer, kind="second_call").exists()


def test_a_second_call_the_day_after_the_first_visit_is_accepted(world):
    customer = make_customer(world, step=2)
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    first_visit(world, customer, contact=Contact(occurred_at=at_local(yesterday, 15)))
    second_call(world, customer)
    assert Touchpoint.objects.filter(customer=customer, kind="second_call").count() == 1


def test_an_accepted_invitation_needs_a_delivery_slot_out_of_quiet_hours(world):
    customer = make_customer(world, step=3)
    error = refused(
        second_call,
        world=world,
        customer=customer,
        outcome="agreed",
        invitation_accepted=True,
        delivery_slot=(tomorrow(12), tomorrow(13)),
        gathering_id=world.gathering.pk,
    )
    assert error.code == JourneyCode.SLOT_IN_QUIET_HOURS
    assert not customer.invitations.exists()


def test_an_accepted_invitation_schedules_its_delivery(world):
    customer = make_customer(world, step=3)
    second_call(
        world,
        customer,
        outcome="agreed",
        invitation_accepted=True,
        delivery_slot=(tomorrow(15), tomorrow(16)),
        gathering_id=world.gathering.pk,
    )
    customer.refresh_from_db()
    invitation = customer.invitations.get()
    assert invitation.guest_names == [customer.name, customer.companion_name]
    assert customer.step == Step.SECOND_VISIT
    assert customer.next_action == NextAction.SECOND_VISIT
    assert customer.next_due_at == tomorrow(15)


# ---- repeats -----------------------------------------------------------------------------------


def test_a_call_recorded_again_after_a_refusal_needs_a_reason(world):
    customer = make_customer(world, step=1)
    first_call(world, customer, outcome="declined")
    assert refused(first_call, world=world, customer=customer, outcome="no_answer").code == (
        JourneyCode.REPEAT_REASON_REQUIRED
    )
    again = first_call(
        world, customer, outcome="no_answer", contact=Contact(repeat_reason="客户改变主意")
    )
    assert again.repeat_reason == "客户改变主意"
    assert Touchpoint.objects.filter(customer=customer, kind="first_call").count() == 2


def test_the_same_visit_recorded_twice_is_refused(world):
    customer = make_customer(world, step=3)
    error = refused(first_visit, world=world, customer=customer)
    assert error.code == JourneyCode.ALREADY_RECORDED
    assert Touchpoint.objects.filter(customer=customer, kind="first_visit").count() == 1


def test_the_same_second_visit_recorded_twice_is_refused(world):
    customer = make_customer(world, step=5)
    error = refused(second_visit, world=world, customer=customer)
    assert error.code == JourneyCode.ALREADY_RECORDED
    assert Touchpoint.objects.filter(customer=customer, kind="second_visit").count() == 1


def test_the_database_refuses_a_second_first_visit_too(world):
    customer = make_customer(world, step=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        Touchpoint.objects.create(
            company=world.company,
            customer=customer,
            kind=TouchpointKind.FIRST_VISIT,
            by=world.rep,
            occurred_at=now(),
        )


def test_the_same_stand_desk_twice_is_refused(world):
    customer = make_customer(world, step=1)
    error = refused(
        journey.record_stand_note,
        by=world.rep,
        customer_id=customer.pk,
        desk="registration",
        contact=Contact(),
    )
    assert error.code == JourneyCode.ALREADY_RECORDED


# ---- bad input writes nothing --------------------------------------------------------------------


def test_a_touchpoint_dated_in_the_future_is_refused(world):
    customer = make_customer(world, step=1)
    error = refused(
        first_call,
        world=world,
        customer=customer,
        outcome="no_answer",
        contact=Contact(occurred_at=now() + dt.timedelta(hours=1)),
    )
    assert error.code == CoreCode.IN_FUTURE
    assert not Touchpoint.objects.filter(customer=customer, kind="first_call").exists()


def test_a_naive_time_is_refused(world):
    customer = make_customer(world, step=1)
    naive = dt.datetime.now() - dt.timedelta(hours=1)  # naive on purpose
    with pytest.raises(DomainError):
        first_call(world, customer, outcome="no_answer", contact=Contact(occurred_at=naive))


def test_a_note_over_ten_thousand_characters_is_refused_and_nothing_is_written(world):
    customer = make_customer(world, step=1)
    touchpoints = Touchpoint.objects.count()
    entries = AuditEntry.objects.count()
    error = refused(
        first_call, world=world, customer=customer, contact=Contact(notes="话" * 10_001)
    )
    assert error.code == CoreCode.TEXT_TOO_LONG
    assert error.extra["field"] == "notes"
    assert Touchpoint.objects.count() == touchpoints
    assert AuditEntry.objects.count() == entries


def test_a_note_of_exactly_ten_thousand_characters_is_kept(world):
    customer = make_customer(world, step=1)
    touchpoint = first_call(world, customer, contact=Contact(notes="话" * 10_000))
    assert len(touchpoint.notes) == 10_000


def test_html_in_a_note_is_stored_exactly_as_typed(world):
    customer = make_customer(world, step=1)
    typed = '<script>alert("x")</script> <b>张阿姨</b> & 李叔叔'
    touchpoint = first_call(world, customer, contact=Contact(notes=typed))
    touchpoint.refresh_from_db()
    assert touchpoint.notes == typed


# ---- not to be contacted -------------------------------------------------------------------------


def test_asking_not_to_be_contacted_removes_the_customer_from_every_agenda(world):
    # given a customer due for the first call
    customer = make_customer(world, step=1)
    assert customer in agenda(user=world.rep, day=timezone.localdate() + dt.timedelta(days=3))
    # when the customer asks not to be contacted again
    first_call(world, customer, outcome="do_not_contact")
    customer.refresh_from_db()
    # then nothing is due, no agenda shows them, and every further contact is refused
    assert customer.do_not_contact
    assert customer.next_action == ""
    assert customer.next_due_at is None
    later = timezone.localdate() + dt.timedelta(days=30)
    assert customer not in agenda(user=world.rep, day=later)
    assert customer not in agenda(user=world.supervisor, day=later, only_own=False)
    assert customer not in upcoming(user=world.rep, days=30)
    error = refused(
        first_call,
        world=world,
        customer=customer,
        outcome="no_answer",
        contact=Contact(repeat_reason="再试一次"),
    )
    assert error.code == CustomerCode.NOT_CONTACTABLE


def test_a_customer_who_withdrew_consent_is_in_no_agenda_and_cannot_be_contacted(world):
    customer = make_customer(world, step=3)
    assert customer in agenda(user=world.rep)
    withdraw_consent(by=world.rep, customer_id=customer.pk)
    customer.refresh_from_db()
    assert not customer.contactable
    assert customer.next_due_at is None
    assert customer not in agenda(user=world.rep)
    assert customer not in agenda(user=world.supervisor, only_own=False)
    assert refused(second_call, world=world, customer=customer).code == (
        CustomerCode.NOT_CONTACTABLE
    )
    assert not Touchpoint.objects.filter(customer=customer, kind="second_call").exists()


# ---- referred customers --------------------------------------------------------------------------


def test_a_referred_customer_enters_at_the_first_call_with_the_call_due(world):
    # given an existing customer who brings a friend
    referrer = make_customer(world, step=5, name="王秀英")
    # when the friend is registered with the referrer
    friend = register_customer(
        by=world.rep,
        data=Registration(
            name="赵淑珍",
            sex="F",
            phone=next_mobile(),
            consent_items=["contact", "profile"],
            referrer_id=referrer.pk,
        ),
    )
    friend.refresh_from_db()
    # then the friend skips the stand and the first call is due
    assert friend.source == Source.REFERRAL
    assert friend.referrer_id == referrer.pk
    assert friend.step == Step.FIRST_CALL
    assert friend.next_action == NextAction.FIRST_CALL
    assert friend.next_due_at is not None
    assert friend.next_due_until is not None and friend.next_due_until >= friend.next_due_at
    assert friend in agenda(user=world.rep, day=timezone.localdate() + dt.timedelta(days=3))
    # and a referred customer has no stand conversations to record
    error = refused(
        journey.record_stand_note,
        by=world.rep,
        customer_id=friend.pk,
        desk="registration",
        contact=Contact(),
    )
    assert error.code == JourneyCode.NOT_FROM_STAND


def test_a_referrer_out_of_scope_is_refused(world):
    someone_elses = make_customer(world, owner=world.rep_other_team, step=5)
    error = refused(
        register_customer,
        by=world.rep,
        data=Registration(
            name="赵淑珍",
            sex="F",
            phone=next_mobile(),
            consent_items=["contact", "profile"],
            referrer_id=someone_elses.pk,
        ),
    )
    assert error.code == CustomerCode.REFERRER_REQUIRED


# ---- the whole journey ---------------------------------------------------------------------------


def test_the_step_follows_the_recorded_touchpoints_from_stand_to_gathering(world):
    steps = [make_customer(world, step=n).step for n in range(6)]
    assert steps == [
        Step.STAND,
        Step.FIRST_CALL,
        Step.FIRST_VISIT,
        Step.SECOND_CALL,
        Step.SECOND_VISIT,
        Step.GATHERING,
    ]


def test_after_the_invitation_is_delivered_nothing_more_is_due(world):
    customer = make_customer(world, step=5)
    assert customer.next_action == ""
    assert customer.invitations.get().state == "delivered"
    assert customer not in agenda(user=world.rep)


@pytest.mark.postgres
def test_recording_a_contact_locks_the_customer_row_and_not_the_company(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    customer = make_customer(world, step=1)
    with CaptureQueriesContext(connection) as queries:
        first_call(world, customer, outcome="no_answer")
    locks = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
    assert locks
    assert all('FOR UPDATE OF "customers_customer"' in sql for sql in locks), locks


# ---- the visit location kept on the customer ------------------------------------------------


def test_the_customer_keeps_the_location_of_the_latest_visit_that_recorded_one(world):
    # given a customer visited once with a location
    customer = make_customer(world, step=2)
    first_visit(world, customer, location=("30.281234", "120.161234", 15))
    customer.refresh_from_db()
    assert (customer.visit_latitude, customer.visit_longitude) == (
        Decimal("30.281234"),
        Decimal("120.161234"),
    )
    # when a second visit (the invitation handed over) records a location
    customer = make_customer(world, step=4)
    second_visit(world, customer, location=("30.290000", "120.170000", 10))
    # then the customer holds the latest one, which delivery routes start from
    customer.refresh_from_db()
    assert (customer.visit_latitude, customer.visit_longitude) == (
        Decimal("30.290000"),
        Decimal("120.170000"),
    )
