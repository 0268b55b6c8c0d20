from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from lianyi.aftercare.models import CaseEvent, CaseEventKind, CaseLevel, CaseState, TaskKind
from lianyi.aftercare.services.cases import close_case, escalate_case, open_case, resolve_case
from lianyi.aftercare.services.contacts import record_contact
from lianyi.core.errors import DomainError
from tests.conftest import make_customer

pytestmark = pytest.mark.django_db


def test_a_case_escalates_only_after_its_deadline_and_only_once(world):
    customer = make_customer(world)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        case = open_case(
            by=world.rep, customer_id=customer.pk, source="complaint", summary="没送到"
        )
    assert case.level == CaseLevel.REP and case.holder == world.rep
    assert case.deadline_at == start + dt.timedelta(hours=24)
    with time_machine.travel(case.deadline_at - dt.timedelta(seconds=1), tick=False):
        assert escalate_case(case_id=case.pk) is False
    with time_machine.travel(case.deadline_at + dt.timedelta(seconds=1), tick=False):
        assert escalate_case(case_id=case.pk) is True
        assert escalate_case(case_id=case.pk) is False
    case.refresh_from_db()
    assert case.level == CaseLevel.SUPERVISOR and case.holder == world.supervisor
    assert CaseEvent.objects.filter(case=case, kind=CaseEventKind.ESCALATED).count() == 1


def test_poor_satisfaction_opens_a_case_good_asks_for_a_referral(world):
    customer = make_customer(world)
    record_contact(
        by=world.rep,
        customer_id=customer.pk,
        channel="phone",
        reached=True,
        satisfaction="poor",
        notes="血压计不准",
    )
    assert customer.cases.get().summary == "血压计不准"
    record_contact(
        by=world.rep,
        customer_id=customer.pk,
        channel="phone",
        reached=True,
        satisfaction="good",
        notes="",
    )
    assert customer.aftercare_tasks.get().kind == TaskKind.REFERRAL_ASK


def test_a_case_closes_only_with_the_customers_confirmation(world):
    customer = make_customer(world)
    case = open_case(by=world.rep, customer_id=customer.pk, source="complaint", summary="坏了")
    resolve_case(by=world.rep, case_id=case.pk, resolution="换新")
    with pytest.raises(DomainError) as refused:
        close_case(
            by=world.rep, case_id=case.pk, confirmed_by_id=None, confirmed_at=None, customer_said=""
        )
    assert refused.value.code == "aftercare.case_confirmation_required"
    closed = close_case(
        by=world.rep,
        case_id=case.pk,
        confirmed_by_id=world.rep.pk,
        confirmed_at=timezone.now(),
        customer_said="满意",
    )
    assert closed.state == CaseState.CLOSED
