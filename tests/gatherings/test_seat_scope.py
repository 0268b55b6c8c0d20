"""Seats follow the customers' door: a planner removes only the seats of guests in their scope
(another team's seat answers like a missing one, on the service, the API and the page), and the
seating list names only the guests the reader may see; the other seats are counted, not named."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from lianyi.core.errors import CoreCode, DomainError, NotFound
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import Seat, StaffRole
from lianyi.gatherings.selectors.seating import seating_list
from lianyi.gatherings.services import planning
from lianyi.gatherings.services.seating import seat_existing_customer, seat_household, unseat
from tests.conftest import make_customer
from tests.gatherings.seats import (
    EVERYONE,
    GUESTS,
    READERS,
    REMOVERS,
    _named,
    a_table,
    make_hall,
    seat_of,
)

# ---- removing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["household", "existing"])
@pytest.mark.parametrize(("role", "allowed"), REMOVERS.items())
def test_a_seat_is_removed_only_within_the_planners_scope(world, role, allowed, kind):
    placed = seat_of(world, kind)
    by = getattr(world, role)
    if allowed:
        unseat(by=by, gathering_id=world.gathering.pk, seat_id=placed.pk)
        assert not Seat.objects.filter(pk=placed.pk).exists()
    else:
        with pytest.raises(NotFound):
            unseat(by=by, gathering_id=world.gathering.pk, seat_id=placed.pk)
        assert Seat.objects.filter(pk=placed.pk).exists()


def test_a_rep_may_not_remove_even_their_own_guests_seat(world):
    placed = seat_of(world, "household")
    with pytest.raises(DomainError) as error:
        unseat(by=world.rep, gathering_id=world.gathering.pk, seat_id=placed.pk)
    assert error.value.code == CoreCode.FORBIDDEN


def test_removing_another_teams_seat_leaves_no_audit_entry(world):
    from lianyi.core.models import AuditEntry

    placed = seat_of(world, "household")
    with pytest.raises(NotFound):
        unseat(by=world.supervisor_other_team, gathering_id=world.gathering.pk, seat_id=placed.pk)
    assert not AuditEntry.objects.filter(action="gatherings.seat.removed").exists()


# ---- reading the seating list -----------------------------------------------------------------


@pytest.mark.parametrize(("reader", "owners"), READERS)
def test_the_seating_list_names_only_the_guests_the_reader_may_see(world, reader, owners):
    hall = make_hall(world)
    _g, tables = seating_list(user=getattr(world, reader), gathering_id=world.gathering.pk)
    (row,) = tables
    shown = {name for seat in row.rows for name in seat.names} - {"李建国"}
    assert shown == _named(hall, owners)
    assert row.taken == 5  # every seat is counted, named or not
    assert row.others == sum(GUESTS[o] for o in EVERYONE - owners)


def test_a_planner_on_the_gatherings_staff_reads_every_name(world):
    hall = make_hall(world)
    planning.assign_staff(
        by=world.admin,
        gathering_id=world.gathering.pk,
        user_id=world.supervisor.pk,
        role=StaffRole.HOST,
    )
    _g, (row,) = seating_list(user=world.supervisor, gathering_id=world.gathering.pk)
    assert {n for seat in row.rows for n in seat.names} - {"李建国"} == set(hall.names.values())
    assert row.others == 0


def test_event_staff_on_the_gatherings_staff_still_reads_no_names(world):
    make_hall(world)
    planning.assign_staff(
        by=world.admin,
        gathering_id=world.gathering.pk,
        user_id=world.event_staff.pk,
        role=StaffRole.TESTER,
    )
    _g, (row,) = seating_list(user=world.event_staff, gathering_id=world.gathering.pk)
    assert row.rows == [] and row.others == 5


# ---- one customer, one seat --------------------------------------------------------------------


def _seat_at_once(world, customer_id: int, tables: list) -> list[str]:
    """Two planners (a supervisor and a manager) seat one customer at two tables at once."""
    results: list[str] = []
    barrier = threading.Barrier(2)

    def place(by, table) -> None:
        try:
            barrier.wait()
            seat_existing_customer(
                by=by, gathering_id=world.gathering.pk, table_id=table.pk, customer_id=customer_id
            )
            results.append("ok")
        except DomainError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=place, args=(world.supervisor, tables[0])),
        threading.Thread(target=place, args=(world.manager, tables[1])),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(results)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_planners_seating_one_customer_at_two_tables_at_once_seat_them_once(world):
    rounds = 4  # each round is a fresh race; the old code lost most of them
    tables = [a_table(world, number=n) for n in range(1, 2 * rounds + 1)]
    for r in range(rounds):
        regular = make_customer(world, step=1, name="刘老师")
        results = _seat_at_once(world, regular.pk, tables[2 * r : 2 * r + 2])
        assert results == sorted(["ok", GatheringCode.ALREADY_SEATED])
        assert Seat.objects.filter(customer=regular).count() == 1


def test_a_household_whose_customer_sits_as_an_existing_customer_is_already_seated(world):
    customer = make_customer(world, step=4)
    first, second = a_table(world, number=1), a_table(world, number=2)
    seat_existing_customer(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        table_id=first.pk,
        customer_id=customer.pk,
    )
    with pytest.raises(DomainError) as error:
        seat_household(
            by=world.supervisor,
            gathering_id=world.gathering.pk,
            table_id=second.pk,
            invitation_id=customer.invitations.get().pk,
        )
    assert error.value.code == GatheringCode.ALREADY_SEATED


# ---- tables, buses and stops that hold other teams' guests ------------------------------------


def _bus_with_guest(world):
    import datetime as dt

    gid = world.gathering.pk
    bus = planning.add_bus(by=world.admin, gathering_id=gid, name="1号车", seats=30)
    stop = planning.add_stop(
        by=world.admin,
        gathering_id=gid,
        bus_id=bus.pk,
        position=1,
        name="北门",
        pickup_at=world.gathering.starts_at - dt.timedelta(hours=1),
    )
    invitation = make_customer(world, step=4).invitations.get()
    planning.assign_bus(by=world.admin, invitation_id=invitation.pk, bus_id=bus.pk, stop_id=stop.pk)
    return bus, stop


def _remove(world, what: str, by) -> None:
    gid = world.gathering.pk
    if what == "table":
        table = seat_of(world, "household").table
        planning.remove_table(by=by, gathering_id=gid, table_id=table.pk)
    elif what == "bus":
        bus, _stop = _bus_with_guest(world)
        planning.remove_bus(by=by, gathering_id=gid, bus_id=bus.pk)
    else:
        _bus, stop = _bus_with_guest(world)
        planning.remove_stop(by=by, gathering_id=gid, stop_id=stop.pk)


@pytest.mark.parametrize("what", ["table", "bus", "stop"])
@pytest.mark.parametrize(("role", "allowed"), REMOVERS.items())
def test_a_table_bus_or_stop_holding_another_teams_guests_is_not_removed(
    world, what, role, allowed
):
    from lianyi.gatherings.models import Bus, BusStop, Table

    model = {"table": Table, "bus": Bus, "stop": BusStop}[what]
    by = getattr(world, role)
    if allowed:
        _remove(world, what, by)
        assert not model.objects.exists()
        return
    with pytest.raises(DomainError) as error:
        _remove(world, what, by)
    expected = CoreCode.NOT_FOUND if role == "outsider_admin" else GatheringCode.HOLDS_OTHER_GUESTS
    assert error.value.code == expected
    assert model.objects.count() == 1
    assert Seat.objects.count() == (1 if what == "table" else 0)


def test_an_empty_table_is_removed_by_any_planner(world):
    table = a_table(world)
    planning.remove_table(
        by=world.supervisor_other_team, gathering_id=world.gathering.pk, table_id=table.pk
    )
    assert not type(table).objects.exists()
