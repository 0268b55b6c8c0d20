"""A customer's later rounds of steps 3 and 4 for tests: gatherings with an end, the clock moved
past it, and the invitation call and delivery visit for the next gathering, through the
services as the pages call them."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from typing import Any

import time_machine

from lianyi.gatherings.models import Gathering
from lianyi.journey import services as journey
from lianyi.journey.services import Contact
from tests.conftest import SHANGHAI, World, at_local
from tests.factories import GatheringFactory

LENGTH = dt.timedelta(hours=3)


def with_end(gathering: Gathering) -> Gathering:
    """The world's gathering gets an end, three hours after its start."""
    Gathering.objects.filter(pk=gathering.pk).update(ends_at=gathering.starts_at + LENGTH)
    gathering.refresh_from_db()
    return gathering


def later_gathering(world: World, after: Gathering, *, days: int = 14) -> Gathering:
    starts = after.starts_at + dt.timedelta(days=days)
    return GatheringFactory(
        company=world.company, name="冬季联谊会", starts_at=starts, ends_at=starts + LENGTH
    )


def day_after(gathering: Gathering, days: int = 1, hour: int = 10) -> dt.datetime:
    """``hour`` o'clock local, ``days`` after the gathering's local day."""
    day = gathering.over_at.astimezone(SHANGHAI).date() + dt.timedelta(days=days)
    return at_local(day, hour)


@contextlib.contextmanager
def at(moment: dt.datetime) -> Iterator[None]:
    with time_machine.travel(moment, tick=False):
        yield


def invite_again(world: World, customer: Any, gathering: Gathering, when: dt.datetime) -> Any:
    """The invitation call of a later round, at ``when`` (the clock set there)."""
    slot_day = when.astimezone(SHANGHAI).date() + dt.timedelta(days=1)
    with at(when):
        return journey.record_second_call(
            by=world.rep,
            customer_id=customer.pk,
            outcome="agreed",
            contact=Contact(occurred_at=when),
            invitation_accepted=True,
            delivery_slot=(at_local(slot_day, 15), at_local(slot_day, 16)),
            gathering_id=gathering.pk,
        )


def deliver_again(world: World, customer: Any, when: dt.datetime) -> Any:
    with at(when):
        return journey.record_second_visit(
            by=world.rep,
            customer_id=customer.pk,
            invitation_handed_over=True,
            contact=Contact(occurred_at=when),
            unprinted_confirmed=True,
        )
