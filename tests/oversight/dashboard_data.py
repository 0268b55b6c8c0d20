"""A small hand-built data set for the dashboards, whose figures are known by construction.

Team 1a (the supervisor's): rep_a's c1 (delivered, came, bought), c2 (delivered), c3 (first
visit), c4 (registered only); rep_a2's c5 (invited, never visited a second time) and c8 (second
call four days after the first visit, declined). Team 1b: rep_b's c6 (delivered). Department 2:
rep_c's c7 (first call). Every customer registered today; the gathering is in two weeks."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from lianyi.customers.models import Customer
from lianyi.journey import services as journey
from lianyi.journey.services import Contact
from lianyi.oversight.selectors.dashboards import DashboardFilter, dashboard_filter
from lianyi.sales.models import OrderChannel
from tests.conftest import World, at_local, make_customer
from tests.factories import OrderFactory
from tests.gatherings.door import admit


@dataclass
class Data:
    c: dict[int, Customer]


def build(world: World) -> Data:
    c = {
        1: make_customer(world, step=5, name="甲一"),
        2: make_customer(world, step=5, name="甲二"),
        3: make_customer(world, step=3, name="甲三"),
        4: make_customer(world, step=1, name="甲四"),
        5: make_customer(world, owner=world.rep_same_team, step=4, name="乙五"),
        6: make_customer(world, owner=world.rep_other_team, step=5, name="丙六"),
        7: make_customer(world, owner=world.rep_other_dept, step=2, name="丁七"),
        8: make_customer(world, owner=world.rep_same_team, step=3, name="乙八"),
    }
    admit(c[1], by=world.event_staff, gathering=world.gathering)
    OrderFactory(customer=c[1], channel=OrderChannel.GATHERING, gathering=world.gathering)
    # make_customer's first visit is on day start+1; this second call comes 4 days after it.
    late = timezone.localdate() - dt.timedelta(days=5)
    journey.record_second_call(
        by=world.rep_same_team,
        customer_id=c[8].pk,
        outcome="declined",
        contact=Contact(occurred_at=at_local(late, 10)),
    )
    return Data(c={k: Customer.objects.get(pk=v.pk) for k, v in c.items()})


def wide(user: Any, **narrow: Any) -> DashboardFilter:
    """The last 30 days through the gathering (in two weeks)."""
    today = timezone.localdate()
    return dashboard_filter(
        user=user,
        start=today - dt.timedelta(days=30),
        end=today + dt.timedelta(days=20),
        **narrow,
    )
