from datetime import UTC, datetime
from decimal import Decimal

import pytest

from lianyi.sales.confirmation import SENIOR_LARGE, confirmation_reasons
from lianyi.sales.rules import sales_rules_of
from tests.conftest import make_customer

pytestmark = pytest.mark.django_db

AT = datetime(2026, 6, 1, 10, 0, tzinfo=UTC)


def test_senior_large_order_needs_a_call_and_younger_or_smaller_does_not(world):
    customer = make_customer(world)
    rules = sales_rules_of(customer.company_id)
    customer.birth_year = 2026 - rules.senior_age
    assert confirmation_reasons(customer, rules.confirmation_min_amount, AT, rules) == [
        SENIOR_LARGE
    ]
    small = rules.confirmation_min_amount - Decimal("0.01")
    assert confirmation_reasons(customer, small, AT, rules) == []
    customer.birth_year = 2026 - rules.senior_age + 1
    assert confirmation_reasons(customer, rules.confirmation_min_amount, AT, rules) == []
