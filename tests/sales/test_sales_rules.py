"""The company's sales rules: an administrator changes when an order waits for a confirmation
call and the return windows; every problem is reported at once, the unopened-goods window
never goes below the law's 30 days, and the change is audited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from lianyi.core.errors import CoreCode, DomainError, InvalidInput, NotFound
from lianyi.core.models import AuditEntry
from lianyi.sales.codes import SalesCode
from lianyi.sales.rules import sales_rules_of
from lianyi.sales.services.rules import update_sales_rules


def values(**changes: Any) -> dict[str, Any]:
    given: dict[str, Any] = {
        "senior_age": 60,
        "confirmation_min_amount": Decimal("3000.00"),
        "confirmation_repeat_days": 30,
        "confirmation_within_hours": 72,
        "return_unopened_days": 30,
        "return_senior_days": 7,
        "service_address": "幸福路 1 号",
        "service_phone": "0571-88886666",
    }
    given.update(changes)
    return given


def test_an_administrator_changes_the_sales_rules_and_the_change_is_audited(world):
    assert sales_rules_of(world.company.pk).pk is None  # the defaults, never saved
    update_sales_rules(
        by=world.admin,
        company_id=world.company.pk,
        **values(confirmation_min_amount="2000", return_unopened_days=45),
    )
    rules = sales_rules_of(world.company.pk)
    assert rules.confirmation_min_amount == Decimal("2000.00")
    assert rules.return_unopened_days == 45
    assert rules.service_phone == "0571-88886666"
    entry = AuditEntry.objects.get(action="sales.rules.updated")
    assert entry.changes["return_unopened_days"] == [30, 45]
    assert "senior_age" not in entry.changes


def test_the_unopened_return_window_never_goes_below_the_laws_30_days(world):
    with pytest.raises(DomainError) as error:
        update_sales_rules(
            by=world.admin, company_id=world.company.pk, **values(return_unopened_days=29)
        )
    assert error.value.code == SalesCode.RETURN_WINDOW_BELOW_LAW
    assert error.value.extra["field"] == "return_unopened_days"
    assert sales_rules_of(world.company.pk).pk is None


def test_every_bad_rule_is_reported_at_once(world):
    with pytest.raises(InvalidInput) as error:
        update_sales_rules(
            by=world.admin,
            company_id=world.company.pk,
            **values(
                senior_age=0,
                confirmation_min_amount="0.001",
                confirmation_repeat_days=None,
                confirmation_within_hours=10_000,
                return_senior_days=0,
                service_phone="1" * 31,
            ),
        )
    found = {e.extra["field"]: e.code for e in error.value.errors}
    assert found == {
        "senior_age": SalesCode.RULE_OUT_OF_RANGE,
        "confirmation_min_amount": CoreCode.MONEY_PRECISION,
        "confirmation_repeat_days": CoreCode.REQUIRED,
        "confirmation_within_hours": SalesCode.RULE_OUT_OF_RANGE,
        "return_senior_days": SalesCode.RULE_OUT_OF_RANGE,
        "service_phone": CoreCode.TEXT_TOO_LONG,
    }


def test_only_the_companys_administrator_changes_its_sales_rules(world):
    with pytest.raises(DomainError) as forbidden:
        update_sales_rules(by=world.rep, company_id=world.company.pk, **values())
    assert forbidden.value.code == CoreCode.FORBIDDEN
    with pytest.raises(NotFound):
        update_sales_rules(by=world.outsider_admin, company_id=world.company.pk, **values())
