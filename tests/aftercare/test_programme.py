from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from lianyi.aftercare.models import AftercareRules, ProgrammeTask, TaskKind, TaskState
from lianyi.aftercare.services.programme import (
    set_contact_preference,
    start_programme,
    withdraw_consent,
)
from lianyi.core.audit import AuditEntry
from tests.conftest import at_local, make_customer
from tests.factories import OrderFactory

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
