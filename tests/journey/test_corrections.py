"""Correcting a recorded call or visit: within 7 days, by whoever recorded it, the original kept
beside the correction, and the derived step following the corrected history."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from lianyi.core.errors import DomainError, NotFound
from lianyi.core.models import AuditEntry
from lianyi.journey import services as journey
from lianyi.journey.codes import JourneyCode
from lianyi.journey.corrections import TouchpointChange, correct_touchpoint, may_correct
from lianyi.journey.models import Touchpoint, TouchpointCorrection
from lianyi.journey.services import Contact
from lianyi.journey.steps import NextAction, Step, TouchpointKind
from tests.conftest import at_local, make_customer

pytestmark = pytest.mark.django_db


def recent_first_call(world, customer, outcome="agreed"):  # type: ignore[no-untyped-def]
    """A first call made an hour ago, agreeing a visit tomorrow 15:00–16:00."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    slot = (at_local(tomorrow, 15), at_local(tomorrow, 16)) if outcome == "agreed" else (None, None)
    return journey.record_first_call(
        by=world.rep,
        customer_id=customer.pk,
        outcome=outcome,
        contact=Contact(occurred_at=timezone.now() - dt.timedelta(hours=1), notes="约明天下午"),
        visit_slot=slot,
    )


def test_correcting_reached_to_not_reached_moves_the_step_back_and_keeps_the_original(world):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = recent_first_call(world, customer)
    customer.refresh_from_db()
    assert customer.step == Step.FIRST_VISIT
    original_slot = call.slot_start

    corrected = correct_touchpoint(
        by=world.rep,
        customer_id=customer.pk,
        touchpoint_id=call.pk,
        change=TouchpointChange(outcome="no_answer"),
        reason="点错了，其实没接通",
    )

    customer.refresh_from_db()
    assert customer.step == Step.FIRST_CALL
    assert customer.next_action == NextAction.FIRST_CALL
    assert customer.next_due_at is not None and customer.next_due_at > call.occurred_at
    assert customer.next_due_at != original_slot
    assert corrected.outcome == "no_answer" and corrected.slot_start is None
    [correction] = TouchpointCorrection.objects.filter(touchpoint=call)
    assert correction.corrected_by == world.rep
    assert correction.reason == "点错了，其实没接通"
    assert correction.changes["outcome"] == ["agreed", "no_answer"]
    assert dt.datetime.fromisoformat(correction.changes["slot_start"][0]) == original_slot
    entry = AuditEntry.objects.get(action="journey.touchpoint.corrected")
    assert entry.changes["outcome"] == ["agreed", "no_answer"]
    assert entry.data["journey"]["step"] == [Step.FIRST_VISIT, Step.FIRST_CALL]


def test_correcting_not_reached_to_agreed_schedules_the_visit(world):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = recent_first_call(world, customer, outcome="no_answer")
    day = timezone.localdate() + dt.timedelta(days=2)

    correct_touchpoint(
        by=world.rep,
        customer_id=customer.pk,
        touchpoint_id=call.pk,
        change=TouchpointChange(outcome="agreed", slot=(at_local(day, 9), at_local(day, 10))),
        reason="其实接通了",
    )

    customer.refresh_from_db()
    assert customer.step == Step.FIRST_VISIT
    assert customer.next_due_at == at_local(day, 9)


def test_agreeing_without_a_slot_is_refused(world):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = recent_first_call(world, customer, outcome="no_answer")

    with pytest.raises(DomainError) as caught:
        correct_touchpoint(
            by=world.rep,
            customer_id=customer.pk,
            touchpoint_id=call.pk,
            change=TouchpointChange(outcome="agreed"),
            reason="其实接通了",
        )

    assert caught.value.code == JourneyCode.SLOT_REQUIRED
    assert not TouchpointCorrection.objects.exists()


def test_after_seven_days_a_correction_is_refused(world):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = recent_first_call(world, customer)

    with time_machine.travel(call.created_at + dt.timedelta(days=7, minutes=1), tick=False):
        assert not may_correct(user=world.rep, touchpoint=call)
        with pytest.raises(DomainError) as caught:
            correct_touchpoint(
                by=world.rep,
                customer_id=customer.pk,
                touchpoint_id=call.pk,
                change=TouchpointChange(notes="补充"),
                reason="补充记录",
            )

    assert caught.value.code == JourneyCode.CORRECTION_TOO_LATE
    call.refresh_from_db()
    assert call.notes == "约明天下午"


def test_within_seven_days_the_notes_can_be_corrected(world):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = recent_first_call(world, customer)

    with time_machine.travel(call.created_at + dt.timedelta(days=6, hours=23), tick=False):
        assert may_correct(user=world.rep, touchpoint=call)
        correct_touchpoint(
            by=world.rep,
            customer_id=customer.pk,
            touchpoint_id=call.pk,
            change=TouchpointChange(notes="约后天下午"),
            reason="记错了日子",
        )

    call.refresh_from_db()
    assert call.notes == "约后天下午"
    assert TouchpointCorrection.objects.get().changes == {"notes": ["约明天下午", "约后天下午"]}


def test_someone_else_who_sees_the_customer_may_not_correct(world):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = recent_first_call(world, customer)

    assert not may_correct(user=world.supervisor, touchpoint=call)
    with pytest.raises(DomainError) as caught:
        correct_touchpoint(
            by=world.supervisor,
            customer_id=customer.pk,
            touchpoint_id=call.pk,
            change=TouchpointChange(notes="主管改的"),
            reason="主管",
        )

    assert caught.value.code == JourneyCode.CORRECTION_NOT_RECORDER


def test_a_rep_outside_the_scope_gets_not_found(world):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = recent_first_call(world, customer)

    with pytest.raises(NotFound):
        correct_touchpoint(
            by=world.rep_same_team,
            customer_id=customer.pk,
            touchpoint_id=call.pk,
            change=TouchpointChange(notes="x"),
            reason="x",
        )


def test_a_touchpoint_id_of_another_customer_is_not_found(world):
    customer = make_customer(world, step=Step.FIRST_CALL)
    other = make_customer(world, step=Step.FIRST_CALL, name="王秀英")
    call = recent_first_call(world, customer)

    with pytest.raises(NotFound):
        correct_touchpoint(
            by=world.rep,
            customer_id=other.pk,
            touchpoint_id=call.pk,
            change=TouchpointChange(notes="x"),
            reason="x",
        )


def test_a_call_followed_by_the_visit_keeps_its_outcome(world):
    customer = make_customer(world, step=Step.SECOND_CALL)
    call = Touchpoint.objects.get(customer=customer, kind=TouchpointKind.FIRST_CALL)

    with pytest.raises(DomainError) as caught:
        correct_touchpoint(
            by=world.rep,
            customer_id=customer.pk,
            touchpoint_id=call.pk,
            change=TouchpointChange(outcome="no_answer"),
            reason="x",
        )

    assert caught.value.code == JourneyCode.CORRECTION_LATER_STEP


def test_do_not_contact_is_never_set_or_undone_by_a_correction(world):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = recent_first_call(world, customer, outcome="no_answer")

    with pytest.raises(DomainError) as caught:
        correct_touchpoint(
            by=world.rep,
            customer_id=customer.pk,
            touchpoint_id=call.pk,
            change=TouchpointChange(outcome="do_not_contact"),
            reason="x",
        )

    assert caught.value.code == JourneyCode.CORRECTION_OUTCOME_LOCKED


def test_an_accepted_invitation_call_keeps_its_outcome(world):
    customer = make_customer(world, step=Step.SECOND_VISIT)
    call = Touchpoint.objects.get(customer=customer, kind=TouchpointKind.SECOND_CALL)

    with pytest.raises(DomainError) as caught:
        correct_touchpoint(
            by=world.rep,
            customer_id=customer.pk,
            touchpoint_id=call.pk,
            change=TouchpointChange(outcome="declined"),
            reason="x",
        )

    assert caught.value.code == JourneyCode.CORRECTION_OUTCOME_LOCKED


def test_a_visit_duration_is_corrected_and_a_stand_note_is_not_correctable(world):
    customer = make_customer(world, step=Step.SECOND_CALL)
    visit = Touchpoint.objects.get(customer=customer, kind=TouchpointKind.FIRST_VISIT)
    stand = Touchpoint.objects.get(customer=customer, kind=TouchpointKind.STAND_REGISTRATION)

    correct_touchpoint(
        by=world.rep,
        customer_id=customer.pk,
        touchpoint_id=visit.pk,
        change=TouchpointChange(duration_minutes=50),
        reason="时长记错",
    )
    visit.refresh_from_db()
    assert visit.duration_minutes == 50

    with pytest.raises(DomainError) as caught:
        correct_touchpoint(
            by=world.rep,
            customer_id=customer.pk,
            touchpoint_id=stand.pk,
            change=TouchpointChange(notes="x"),
            reason="x",
        )
    assert caught.value.code == JourneyCode.CORRECTION_KIND_INVALID


@pytest.mark.parametrize(
    ("change", "reason", "code"),
    [
        (TouchpointChange(notes="约明天下午"), "没改", JourneyCode.CORRECTION_EMPTY),
        (TouchpointChange(notes="新的"), "", "required"),
        (TouchpointChange(outcome="whatever"), "x", JourneyCode.OUTCOME_INVALID),
    ],
)
def test_an_empty_or_bad_correction_is_refused_and_nothing_is_written(world, change, reason, code):
    customer = make_customer(world, step=Step.FIRST_CALL)
    call = recent_first_call(world, customer)

    with pytest.raises(DomainError) as caught:
        correct_touchpoint(
            by=world.rep,
            customer_id=customer.pk,
            touchpoint_id=call.pk,
            change=change,
            reason=reason,
        )

    assert caught.value.code == code
    assert not TouchpointCorrection.objects.exists()
    assert not AuditEntry.objects.filter(action="journey.touchpoint.corrected").exists()
