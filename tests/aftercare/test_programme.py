from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import IntegrityError, transaction

from lianyi.aftercare.models import ProgrammeTask, TaskKind, TaskState
from lianyi.aftercare.services.contacts import record_contact
from lianyi.aftercare.services.programme import (
    set_contact_preference,
    start_programme,
    withdraw_consent,
)
from lianyi.core.audit import AuditEntry
from lianyi.core.errors import DomainError, NotFound
from tests.conftest import at_local, make_customer
from tests.factories import AftercareRulesFactory, OrderFactory

pytestmark = pytest.mark.django_db

D = dt.date(2026, 3, 2)


def _days(tasks: list[ProgrammeTask]) -> list[int]:
    return [(t.due_from.astimezone(at_local(D, 0).tzinfo).date() - D).days for t in tasks]


def _start(world, customer=None, day=D):
    customer = customer or make_customer(world)
    order = OrderFactory(customer=customer)
    with time_machine.travel(at_local(day, 18), tick=False):
        return customer, order, start_programme(by=world.rep, order=order, delivered_on=day)


def test_two_calls_by_the_end_of_d3_then_visits_by_d6_and_d9_then_five_contacts_a_month(world):
    _customer, _order, tasks = _start(world)
    kinds = [t.kind for t in tasks]
    assert kinds[:4] == [TaskKind.CALL, TaskKind.CALL, TaskKind.VISIT, TaskKind.VISIT]
    assert kinds[4:] == [TaskKind.CONTACT] * 15
    first_call, second_call, first_visit = tasks[0], tasks[1], tasks[2]
    assert first_call.due_from == at_local(D + dt.timedelta(days=1), 8, 30)
    assert second_call.due_until == at_local(D + dt.timedelta(days=3), 20, 30)
    assert first_visit.due_from == at_local(D + dt.timedelta(days=4), 8, 30)
    assert first_visit.due_until == at_local(D + dt.timedelta(days=6), 20, 30)
    assert all(t.assigned_to == world.rep and t.state == TaskState.OPEN for t in tasks)
    # each 30-day month after D+9 holds five contacts
    contact_days = _days(tasks[4:])
    for month in range(3):
        assert len([d for d in contact_days if 9 + 30 * month < d <= 9 + 30 * (month + 1)]) == 5
    assert AuditEntry.objects.filter(action="aftercare.programme.started").count() == 1


def test_the_weekly_cap_moves_the_fourth_contact_within_seven_days_and_says_why(world):
    # given the default cap of 3: calls on D+1 and D+2, the first visit on D+4
    _c, _o, tasks = _start(world)
    second_visit = tasks[3]
    # then the second visit (planned from D+7) would be the 4th in D+1..D+7: moved to D+8
    assert _days(tasks[:4]) == [1, 2, 4, 8]
    assert second_visit.planned_from == at_local(D + dt.timedelta(days=7), 8, 30)
    assert "7 天内最多联系 3 次" in second_visit.moved_reason
    assert tasks[0].moved_reason == tasks[1].moved_reason == tasks[2].moved_reason == ""


def test_a_higher_weekly_cap_leaves_the_second_visit_on_its_day(world):
    AftercareRulesFactory(company=world.company, contact_cap_per_week=4)
    _c, _o, tasks = _start(world)
    assert _days(tasks[:4]) == [1, 2, 4, 7]
    assert tasks[3].moved_reason == ""


def test_due_windows_start_after_quiet_hours_and_end_at_the_contact_days_end(world):
    world.company.contact_day_start = "08:00"
    world.company.quiet_windows = [["07:00", "09:15"], ["11:30", "14:30"], ["20:00", "21:00"]]
    world.company.save()
    quiet = world.company.quiet_hours()
    _c, _o, tasks = _start(world)
    first = tasks[0]
    assert first.due_from == at_local(D + dt.timedelta(days=1), 9, 15)
    assert not quiet.is_quiet(first.due_from)
    assert quiet.is_quiet(first.due_from - dt.timedelta(minutes=1))
    # the last contactable moment of the day is 20:00 (a quiet window runs to the day's end)
    assert first.due_until == at_local(D + dt.timedelta(days=1), 20, 0)
    assert all(not quiet.is_quiet(t.due_from) for t in tasks)


def test_the_customers_monthly_limit_drops_what_the_programme_cannot_hold(world):
    customer = make_customer(world)
    set_contact_preference(
        by=world.rep, customer_id=customer.pk, max_per_month=2, channel="any", note="别太频繁"
    )
    _c, _o, tasks = _start(world, customer)
    open_days = sorted(_days([t for t in tasks if t.state == TaskState.OPEN]))
    for day in open_days:  # never more than 2 in any 30 days
        assert len([d for d in open_days if day <= d < day + 30]) <= 2
    dropped = [t for t in tasks if t.state == TaskState.DROPPED]
    assert dropped and all("每月最多联系 2 次" in t.dropped_reason for t in dropped)
    moved = [t for t in tasks if t.state == TaskState.OPEN and t.moved_reason]
    assert moved  # the first visit waits for the next month
    assert "每月最多联系 2 次" in moved[0].moved_reason


def test_a_phone_only_customer_gets_calls_instead_of_visits_and_is_told_why(world):
    customer = make_customer(world)
    set_contact_preference(
        by=world.rep, customer_id=customer.pk, max_per_month=None, channel="phone", note=""
    )
    _c, _o, tasks = _start(world, customer)
    assert {t.kind for t in tasks} == {TaskKind.CALL}
    assert tasks[2].planned_kind == TaskKind.VISIT
    assert "上门回访改为电话" in tasks[2].moved_reason


def test_changing_the_preference_replans_future_tasks_and_relaxing_it_restores_them(world):
    customer, _o, tasks = _start(world)
    with time_machine.travel(at_local(D + dt.timedelta(days=2), 10), tick=False):
        set_contact_preference(
            by=world.rep, customer_id=customer.pk, max_per_month=None, channel="phone", note=""
        )
        by_seq = {t.sequence: t for t in ProgrammeTask.objects.filter(customer=customer)}
        assert by_seq[1].kind == TaskKind.CALL  # already due: left as it was
        assert by_seq[3].kind == TaskKind.CALL and "改为电话" in by_seq[3].moved_reason
        set_contact_preference(
            by=world.rep, customer_id=customer.pk, max_per_month=None, channel="any", note=""
        )
    by_seq = {t.sequence: t for t in ProgrammeTask.objects.filter(customer=customer)}
    assert by_seq[3].kind == TaskKind.VISIT and by_seq[3].moved_reason == ""
    assert by_seq[4].due_from == tasks[3].due_from  # the cap still moves the 4th
    assert AuditEntry.objects.filter(action="aftercare.preference.set").count() == 2


def test_withdrawing_consent_drops_every_open_task_with_the_reason(world):
    customer, _o, _tasks = _start(world)
    withdraw_consent(by=world.rep, customer_id=customer.pk)
    states = set(ProgrammeTask.objects.filter(customer=customer).values_list("state", flat=True))
    assert states == {TaskState.DROPPED}
    reason = ProgrammeTask.objects.filter(customer=customer).first().dropped_reason
    assert reason.startswith("客户已撤回同意")
    assert AuditEntry.objects.filter(action="aftercare.tasks.dropped_for_consent").count() == 1


def test_a_programme_for_a_customer_who_withdrew_consent_is_dropped_at_once(world):
    customer = make_customer(world)
    withdraw_consent(by=world.rep, customer_id=customer.pk)
    customer.refresh_from_db()
    _c, _o, tasks = _start(world, customer)
    assert tasks and all(t.state == TaskState.DROPPED for t in tasks)
    assert all(t.dropped_reason.startswith("客户已撤回同意") for t in tasks)


def test_starting_the_programme_twice_for_one_order_does_not_duplicate_it(world):
    _customer, order, tasks = _start(world)
    again = start_programme(by=world.rep, order=order, delivered_on=D)
    assert [t.pk for t in again] == [t.pk for t in tasks]
    assert ProgrammeTask.objects.filter(order=order).count() == len(tasks) == 19
    assert AuditEntry.objects.filter(action="aftercare.programme.started").count() == 1


def test_the_database_refuses_a_second_task_with_the_same_order_and_sequence(world):
    _customer, _order, tasks = _start(world)
    first = tasks[0]
    first.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        first.save()


def test_a_second_orders_programme_counts_the_first_ones_contacts_against_the_cap(world):
    customer, _o, _tasks = _start(world)
    _c, _o2, second = _start(world, customer)
    # the first programme fills D+1..D+7 already: the second one's first call waits
    assert "7 天内最多联系 3 次" in second[0].moved_reason
    days = sorted(_days(list(ProgrammeTask.objects.filter(customer=customer, state="open"))))
    for day in days:
        assert len([d for d in days if day <= d < day + 7]) <= 3


def test_bad_preferences_are_refused_with_their_codes(world):
    customer = make_customer(world)
    for value, channel, code in [
        (-1, "any", "aftercare.preference_invalid"),
        (99, "any", "aftercare.preference_invalid"),
        (2, "sms", "aftercare.channel_invalid"),
    ]:
        with pytest.raises(DomainError) as refused:
            set_contact_preference(
                by=world.rep, customer_id=customer.pk, max_per_month=value, channel=channel, note=""
            )
        assert refused.value.code == code
    with pytest.raises(NotFound):
        set_contact_preference(
            by=world.rep_other_team,
            customer_id=customer.pk,
            max_per_month=2,
            channel="any",
            note="",
        )


def test_a_follow_up_recorded_in_the_evening_is_due_from_the_next_contactable_morning(world):
    customer = make_customer(world)
    evening = at_local(D, 21, 0)
    with time_machine.travel(evening + dt.timedelta(minutes=5), tick=False):
        record_contact(
            by=world.rep,
            customer_id=customer.pk,
            channel="phone",
            reached=True,
            satisfaction="average",
            notes="",
            at=evening,
        )
    follow_up = customer.aftercare_tasks.get(kind=TaskKind.FOLLOW_UP)
    assert follow_up.due_from == at_local(D + dt.timedelta(days=1), 8, 30)
