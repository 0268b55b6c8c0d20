"""The company's after-sales rules: an administrator changes the programme, the weekly cap, the
referral ask and the case deadlines; the bounds and the programme's order are checked, every
problem at once, and the change is audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from lianyi.aftercare.codes import AftercareCode
from lianyi.aftercare.rules import aftercare_rules_of
from lianyi.aftercare.services.cases import open_case
from lianyi.aftercare.services.rules import AFTERCARE_RULE_FIELDS, update_aftercare_rules
from lianyi.core.errors import CoreCode, DomainError, InvalidInput, NotFound
from lianyi.core.models import AuditEntry
from tests.conftest import make_customer


def values(**changes: Any) -> dict[str, Any]:
    defaults = aftercare_rules_of(0)
    given = {name: getattr(defaults, name) for name in AFTERCARE_RULE_FIELDS}
    given.update(changes)
    return given


def test_an_administrator_changes_the_case_deadlines_and_the_cases_use_them(world):
    update_aftercare_rules(
        by=world.admin, company_id=world.company.pk, **values(case_rep_hours=12, programme_months=6)
    )
    rules = aftercare_rules_of(world.company.pk)
    assert rules.case_rep_hours == 12 and rules.programme_months == 6
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        case = open_case(
            by=world.rep, customer_id=make_customer(world).pk, source="complaint", summary="没送到"
        )
    assert case.deadline_at == start + dt.timedelta(hours=12)  # no longer the default 24
    entry = AuditEntry.objects.get(action="aftercare.rules.updated")
    assert entry.changes == {"case_rep_hours": [24, 12], "programme_months": [3, 6]}


def test_every_out_of_bounds_rule_is_reported_at_once_and_nothing_is_saved(world):
    with pytest.raises(InvalidInput) as error:
        update_aftercare_rules(
            by=world.admin,
            company_id=world.company.pk,
            **values(programme_calls=0, contact_cap_per_week=None, case_manager_hours=721),
        )
    found = {e.extra["field"]: e.code for e in error.value.errors}
    assert found == {
        "programme_calls": AftercareCode.RULE_OUT_OF_RANGE,
        "contact_cap_per_week": CoreCode.REQUIRED,
        "case_manager_hours": AftercareCode.RULE_OUT_OF_RANGE,
    }
    assert aftercare_rules_of(world.company.pk).pk is None


def test_the_programme_days_come_in_order(world):
    with pytest.raises(DomainError) as error:
        update_aftercare_rules(
            by=world.admin,
            company_id=world.company.pk,
            **values(programme_first_visit_by_days=9, programme_second_visit_by_days=9),
        )
    assert error.value.code == AftercareCode.RULE_ORDER
    assert error.value.extra["field"] == "programme_second_visit_by_days"
    with pytest.raises(DomainError) as error:
        update_aftercare_rules(
            by=world.admin, company_id=world.company.pk, **values(programme_calls_by_days=7)
        )
    assert error.value.extra["field"] == "programme_first_visit_by_days"


def test_only_the_companys_administrator_changes_its_aftercare_rules(world):
    with pytest.raises(DomainError) as forbidden:
        update_aftercare_rules(by=world.supervisor, company_id=world.company.pk, **values())
    assert forbidden.value.code == CoreCode.FORBIDDEN
    with pytest.raises(NotFound):
        update_aftercare_rules(by=world.outsider_admin, company_id=world.company.pk, **values())
