"""The next invitation (issue 8, item 10): a customer who has been through the 2+2+2 once is
invited to a later gathering with an invitation call and a delivery visit for it (steps 3 and
4 again), attended or not, bought or not; never to two pending gatherings at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.gatherings.models import InvitationState
from lianyi.journey import services as journey
from lianyi.journey.corrections import TouchpointChange, correct_touchpoint
from lianyi.journey.next_round import catch_up_journey
from lianyi.journey.selectors import agenda, not_recordable_yet, repeat_reason_required
from lianyi.journey.services import Contact
from lianyi.journey.steps import NextAction, Step, TouchpointKind
from lianyi.oversight.selectors.attendance import attendance_report
from tests.conftest import World, at_local, make_customer
from tests.gatherings.door import admit
from tests.journey.rounds import (
    at,
    day_after,
    deliver_again,
    invite_again,
    later_gathering,
    with_end,
)


@pytest.fixture
def queued(settings) -> None:  # type: ignore[no-untyped-def]
    """Tasks go to the database queue, where a task for later waits (the immediate backend of
    the tests cannot wait)."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def g1(world: World):  # type: ignore[no-untyped-def]
    return with_end(world.gathering)


@pytest.fixture
def g2(world: World, g1):  # type: ignore[no-untyped-def]
    return later_gathering(world, g1)


def invited_once(world: World, *, attended: bool) -> object:
    customer = make_customer(world, step=5)
    if attended:
        admit(customer, by=world.event_staff, gathering=world.gathering)
    return customer


def refused(call) -> DomainError:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as caught:
        call()
    return caught.value


@pytest.mark.parametrize("attended", [True, False], ids=["came", "stayed home"])
def test_after_the_gathering_the_customer_is_invited_to_the_next_one(world, g1, g2, attended):
    customer = invited_once(world, attended=attended)
    call_at = day_after(g1)

    tp = invite_again(world, customer, g2, call_at)

    customer.refresh_from_db()
    assert tp.invitation.gathering == g2
    assert tp.repeat_reason == ""  # the first call of the round is no repeat
    assert customer.step == Step.SECOND_VISIT
    assert customer.next_action == NextAction.SECOND_VISIT
    visit = deliver_again(world, customer, tp.slot_start + dt.timedelta(minutes=20))
    customer.refresh_from_db()
    assert customer.step == Step.GATHERING
    assert visit.invitation == tp.invitation
    assert visit.invitation.state == InvitationState.DELIVERED
    # the first round's invitation is left as it was: states are per gathering
    first = customer.invitations.get(gathering=g1)
    assert first.state == (InvitationState.CHECKED_IN if attended else InvitationState.DELIVERED)
    kinds = list(customer.touchpoints.values_list("kind", flat=True))
    assert kinds.count(TouchpointKind.SECOND_VISIT) == 2
    assert kinds.count(TouchpointKind.FIRST_VISIT) == 1  # never repeated


def test_no_second_invitation_while_the_first_gathering_is_pending(world, g1, g2):
    customer = invited_once(world, attended=False)
    before_end = g1.over_at - dt.timedelta(hours=1)

    with at(before_end):
        error = refused(
            lambda: journey.record_second_call(
                by=world.rep,
                customer_id=customer.pk,
                outcome="agreed",
                contact=Contact(occurred_at=before_end),
                invitation_accepted=True,
                delivery_slot=(
                    at_local(day_after(g1).date(), 15),
                    at_local(day_after(g1).date(), 16),
                ),
                gathering_id=g2.pk,
            )
        )
        said = not_recordable_yet(customer, TouchpointKind.SECOND_CALL)
    assert error.code == "journey.gathering_pending"
    assert error.extra["gathering_id"] == g1.pk
    assert said is not None and said.code == "journey.gathering_pending"
    assert not customer.invitations.filter(gathering=g2).exists()


def test_one_delivery_visit_per_gathering(world, g1, g2):
    customer = invited_once(world, attended=True)
    with at(day_after(world.gathering, days=-15)):  # before the first gathering
        error = refused(
            lambda: journey.record_second_visit(
                by=world.rep,
                customer_id=customer.pk,
                invitation_handed_over=True,
                contact=Contact(),
                unprinted_confirmed=True,
            )
        )
    assert error.code == "journey.already_recorded"

    tp = invite_again(world, customer, g2, day_after(g1))
    deliver_again(world, customer, tp.slot_start + dt.timedelta(minutes=5))
    error = refused(lambda: deliver_again(world, customer, tp.slot_start + dt.timedelta(hours=1)))
    assert error.code == "journey.already_recorded"


def test_the_round_opens_exactly_at_the_gathering_end(world, g1):
    customer = invited_once(world, attended=True)
    end = g1.over_at

    with at(end - dt.timedelta(seconds=1)):
        catch_up_journey(customer_id=customer.pk)
        customer.refresh_from_db()
        assert customer.step == Step.GATHERING
        assert customer.next_action == ""
    with at(end):
        catch_up_journey(customer_id=customer.pk)
        customer.refresh_from_db()
    assert customer.step == Step.SECOND_CALL
    assert customer.next_action == NextAction.SECOND_CALL
    # due in the second-call window (1-2 days) counted from the gathering's day
    assert customer.next_due_at == day_after(g1, hour=8).replace(minute=30)
    assert customer.next_due_until == at_local(day_after(g1, days=2).date(), 20, 30)
    entry = AuditEntry.objects.get(action="journey.round.opened")
    assert entry.changes["step"] == [int(Step.GATHERING), int(Step.SECOND_CALL)]


def test_the_invitation_call_of_a_later_round_is_not_earlier_than_the_day_after(world, g1, g2):
    customer = invited_once(world, attended=False)
    same_evening = g1.over_at + dt.timedelta(hours=1)
    error = refused(lambda: invite_again(world, customer, g2, same_evening))
    assert error.code == "journey.second_call_too_early"
    assert error.extra["earliest"] == day_after(g1).date().isoformat()


def test_the_gathering_end_is_scheduled_and_the_customer_shows_on_today_again(
    world, g1, g2, client, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        customer = invited_once(world, attended=False)
    scheduled = DBTaskResult.objects.filter(task_path__endswith="catch_up_journey_task")
    assert [(r.args_kwargs["args"], r.run_after) for r in scheduled] == [
        ([customer.pk], g1.over_at)
    ]

    with at(day_after(g1, hour=9)):
        assert customer not in agenda(user=world.rep)  # nothing ran yet
        catch_up_journey(customer_id=customer.pk)  # what the scheduled task runs
        assert list(agenda(user=world.rep)) == [customer]
        client.force_login(world.rep)
        page = client.get(reverse("web:today")).content.decode()
    assert f'id="agenda-{customer.pk}"' in page
    assert reverse("web:record_second_call", args=[customer.pk]) in page


def test_a_gathering_moved_later_is_waited_for_again(
    world, g1, queued, django_capture_on_commit_callbacks
):
    customer = invited_once(world, attended=False)
    later = g1.over_at + dt.timedelta(days=2)
    type(g1).objects.filter(pk=g1.pk).update(ends_at=later, starts_at=later - dt.timedelta(hours=3))
    with at(g1.over_at), django_capture_on_commit_callbacks(execute=True):
        catch_up_journey(customer_id=customer.pk)
    customer.refresh_from_db()
    assert customer.step == Step.GATHERING
    runs = DBTaskResult.objects.filter(task_path__endswith="catch_up_journey_task")
    assert [r.run_after for r in runs] == [later]


def test_an_invitation_never_delivered_closes_its_round_too(world, g1, g2):
    customer = make_customer(world, step=4)  # invited, the visit never happened
    with at(day_after(g1)):
        assert not_recordable_yet(customer, TouchpointKind.SECOND_CALL) is None
    tp = invite_again(world, customer, g2, day_after(g1))
    assert tp.invitation.gathering == g2


def test_a_later_round_call_is_corrected_and_retried_without_a_reason(world, g1, g2):
    customer = invited_once(world, attended=True)
    call_at = day_after(g1)
    with at(call_at):
        tp = journey.record_second_call(
            by=world.rep,
            customer_id=customer.pk,
            outcome="no_answer",
            contact=Contact(occurred_at=call_at),
        )
        customer.refresh_from_db()
        assert not repeat_reason_required(customer, TouchpointKind.SECOND_CALL)
        corrected = correct_touchpoint(
            by=world.rep,
            customer_id=customer.pk,
            touchpoint_id=tp.pk,
            change=TouchpointChange(outcome="declined"),
            reason="记错了，客户其实婉拒了",
        )
    assert corrected.outcome == "declined"
    assert corrected.customer.step == Step.SECOND_CALL
    assert corrected.customer.next_action == ""  # declined: nothing is pushed


def test_the_second_gathering_report_counts_the_visits_of_its_round(world, g1, g2):
    customer = invited_once(world, attended=True)
    tp = invite_again(world, customer, g2, day_after(g1))
    deliver_again(world, customer, tp.slot_start + dt.timedelta(minutes=5))
    admit(customer, by=world.event_staff, gathering=g2)
    stayed = invited_once(world, attended=False)
    tp2 = invite_again(world, stayed, g2, day_after(g1, hour=11))
    assert tp2.invitation.gathering == g2  # invited, never visited: came or not, not visited

    report = attendance_report(user=world.supervisor, gathering_id=g2.pk)

    rows = {h.customer_id: h for h in report.households}
    assert rows[customer.pk].visited and rows[customer.pk].attended
    assert not rows[stayed.pk].visited and not rows[stayed.pk].attended
    assert (report.total.attendees, report.total.visited, report.total.visited_and_came) == (
        1,
        1,
        1,
    )
