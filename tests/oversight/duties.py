"""Helpers of the duty tests: a customer home-visited at a given moment."""

from __future__ import annotations

import datetime as dt

from lianyi.customers.models import Customer
from lianyi.journey import services as journey
from lianyi.journey.services import Contact
from lianyi.org.models import User
from tests.conftest import World, make_customer


def visited_at(
    world: World, moment: dt.datetime, *, owner: User | None = None, name: str = "张桂兰"
) -> Customer:
    """A customer of ``owner`` (default world.rep) whose first home visit was at ``moment``."""
    owner = owner or world.rep
    customer = make_customer(world, owner=owner, step=2, name=name)
    journey.record_first_visit(
        by=owner,
        customer_id=customer.pk,
        duration_minutes=45,
        profile_completed=True,
        contact=Contact(occurred_at=moment),
    )
    return customer
