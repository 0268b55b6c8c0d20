"""Two planners putting groups on the same bus at the same moment, on PostgreSQL: the
invitations and then the bus are locked, so the last seats are filled once and one compound
is put on a bus once (the second planner finds nobody left, or no room)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import Invitation
from lianyi.gatherings.selectors.planning import bus_headcount
from lianyi.gatherings.services import planning
from tests.conftest import make_customer

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _at_once(calls):
    barrier = threading.Barrier(len(calls))

    def run(call):
        try:
            barrier.wait()
            call()
            return "ok"
        except DomainError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return sorted(pool.map(run, calls))


def test_the_same_compound_put_on_two_buses_at_once_rides_one(world):
    gid = world.gathering.pk
    buses = [
        planning.add_bus(by=world.admin, gathering_id=gid, name=name, seats=30)
        for name in ("1号车", "2号车")
    ]
    households = [
        make_customer(world, step=4, name=n).invitations.get() for n in ("张桂兰", "王秀英")
    ]
    compound = households[0].customer.compound_id

    results = _at_once(
        [
            lambda bus=bus: planning.assign_bus_by_compound(
                by=world.admin, gathering_id=gid, compound_id=compound, bus_id=bus.pk
            )
            for bus in buses
        ]
    )

    assert results == sorted(["ok", GatheringCode.NOBODY_TO_ASSIGN])
    on_bus = set(
        Invitation.objects.filter(pk__in=[h.pk for h in households]).values_list(
            "bus_id", flat=True
        )
    )
    assert len(on_bus) == 1 and None not in on_bus  # both households on the one winning bus
    assert AuditEntry.objects.filter(action="gatherings.bus.assigned_by_compound").count() == 1


def test_two_compounds_for_the_last_seats_at_once_fill_them_once(world):
    gid = world.gathering.pk
    here = make_customer(world, step=4, name="张桂兰").invitations.get()
    there = make_customer(world, step=4, name="赵丽", compound="银杏小区").invitations.get()
    # room for one household of two only
    bus = planning.add_bus(
        by=world.admin, gathering_id=gid, name="小车", seats=len(here.guest_names)
    )

    results = _at_once(
        [
            lambda c=invitation.customer.compound_id: planning.assign_bus_by_compound(
                by=world.admin, gathering_id=gid, compound_id=c, bus_id=bus.pk
            )
            for invitation in (here, there)
        ]
    )

    assert results == sorted(["ok", GatheringCode.BUS_FULL])
    bus.refresh_from_db()
    assert bus_headcount(bus) <= bus.seats
