"""The after-sales figures against records made through the services: satisfaction, open
cases by level and age, confirmation calls by outcome and returns, for the supervisor's team
only (a rep of another team has the same records, which never count)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lianyi.aftercare.services.cases import open_case
from lianyi.aftercare.services.contacts import record_contact
from lianyi.oversight.selectors.dashboards_aftercare import (
    cases,
    confirmation_calls,
    returns,
    satisfaction,
)
from lianyi.oversight.selectors.dashboards_customers import figure_customers
from lianyi.sales.models import PaymentTerms, Return, ReturnReason
from lianyi.sales.services.returns import record_return
from tests.conftest import make_customer
from tests.factories import confirm_test_order, mark_delivered, open_shop, place_test_order
from tests.oversight.dashboard_data import wide
from tests.oversight.test_dashboards_figures import values

pytestmark = pytest.mark.django_db


def team_records(world, shop, owner, prefix):
    bought = make_customer(world, owner=owner, step=1, name=f"{prefix}买")
    order = place_test_order(
        shop, bought, by=owner, socks=3, terms=PaymentTerms.PAID_NOW, paid="204.00"
    )
    mark_delivered(order)
    line = order.lines.get()
    record_return(
        by=owner,
        order_id=order.pk,
        reason=ReturnReason.UNOPENED,
        lines=[(line.pk, 1)],
        note="",
        refund_method="cash",
    )
    for mood in ("good", "good", "average"):
        record_contact(
            by=owner,
            customer_id=bought.pk,
            channel="phone",
            reached=True,
            satisfaction=mood,
            notes="",
        )
    called = make_customer(world, owner=owner, step=1, name=f"{prefix}确认")
    big = place_test_order(shop, called, by=owner, packages=1, socks=0)
    confirm_test_order(big, by=world.service)
    open_case(by=owner, customer_id=called.pk, source="complaint", summary="血压计不准")
    return bought, called


@pytest.fixture
def records(world):
    shop = open_shop(world.admin)
    mine = team_records(world, shop, world.rep, "甲")
    team_records(world, shop, world.rep_other_team, "丙")
    return mine


def test_satisfaction_mix(world, records):
    figure = satisfaction(user=world.supervisor, f=wide(world.supervisor))
    assert [values(r)[1:] for r in figure.rows] == [
        [2, Decimal("66.7")],
        [1, Decimal("33.3")],
        [0, Decimal("0.0")],
    ]
    manager = satisfaction(user=world.manager, f=wide(world.manager))
    assert [values(r)[1] for r in manager.rows] == [4, 2, 0]


def test_open_cases_by_level_and_age(world, records):
    figure = cases(user=world.supervisor, f=wide(world.supervisor))
    assert values(figure.rows[0])[1:] == [1, 0, 0, 0, 1]  # at the rep's level, opened now
    assert all(values(r)[-1] == 0 for r in figure.rows[1:])
    behind = figure_customers(
        user=world.supervisor, f=wide(world.supervisor), figure_name="cases.rep.under_1d"
    )
    assert [c.name for c in behind] == ["甲确认"]


def test_confirmation_calls_by_outcome(world, records):
    figure = confirmation_calls(user=world.supervisor, f=wide(world.supervisor))
    assert [values(r)[1] for r in figure.rows] == [1, 0, 0, 0]
    behind = figure_customers(
        user=world.supervisor, f=wide(world.supervisor), figure_name="confirmations.confirmed"
    )
    assert [c.name for c in behind] == ["甲确认"]


def test_returns_by_reason_with_their_value(world, records):
    figure = returns(user=world.supervisor, f=wide(world.supervisor))
    mine = Return.objects.get(order__customer=records[0])
    assert values(figure.rows[0])[1:] == [1, mine.value, mine.refund]
    assert values(figure.rows[1])[1:] == [0, Decimal("0.00"), Decimal("0.00")]
    behind = figure_customers(
        user=world.supervisor, f=wide(world.supervisor), figure_name="returns.unopened"
    )
    assert [c.name for c in behind] == ["甲买"]
