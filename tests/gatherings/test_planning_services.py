"""Planning a gathering: times and venue, programme, staff, buses with stops, tables; seats and
the venue's capacity enforced; every write audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.models import AuditEntry
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.models import Gathering, StaffRole
from lianyi.gatherings.selectors.planning import gathering_plan
from lianyi.gatherings.services import planning
from lianyi.gatherings.services.planning import GatheringData
from lianyi.journey import services as journey
from lianyi.journey.services import Contact
from tests.conftest import at_local, make_customer


def day(offset: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=offset)


def data(**overrides) -> GatheringData:
    values = {
        "name": "冬季联谊会",
        "starts_at": at_local(day(20), 9),
        "ends_at": at_local(day(20), 12),
        "venue": "市文化宫三楼",
        "venue_address": "人民路 100 号",
        "capacity": 60,
        "delivery_from": day(15),
    }
    values.update(overrides)
    return GatheringData(**values)


def refused(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as error:
        call(*args, **kwargs)
    return error.value


def test_a_supervisor_creates_a_gathering_and_it_is_audited(world):
    gathering = planning.create_gathering(by=world.supervisor, data=data())
    assert gathering.company == world.company
    assert (gathering.venue, gathering.capacity) == ("市文化宫三楼", 60)
    entry = AuditEntry.objects.get(action="gatherings.gathering.created")
    assert entry.object_id == str(gathering.pk)


def test_a_rep_cannot_plan_a_gathering(world):
    error = refused(planning.create_gathering, by=world.rep, data=data())
    assert error.code == CoreCode.FORBIDDEN
    assert not Gathering.objects.filter(name="冬季联谊会").exists()


def test_a_gathering_ends_after_it_starts(world):
    error = refused(
        planning.create_gathering,
        by=world.supervisor,
        data=data(ends_at=at_local(day(20), 8)),
    )
    assert error.code == GatheringCode.ENDS_BEFORE_START


def test_invitations_are_delivered_before_the_gathering(world):
    error = refused(
        planning.create_gathering, by=world.supervisor, data=data(delivery_from=day(21))
    )
    assert error.code == GatheringCode.OUTSIDE_GATHERING


def test_an_update_is_audited_with_what_changed(world):
    gathering = planning.create_gathering(by=world.supervisor, data=data())
    planning.update_gathering(
        by=world.manager, gathering_id=gathering.pk, data=data(venue="区文化馆")
    )
    gathering.refresh_from_db()
    assert gathering.venue == "区文化馆"
    entry = AuditEntry.objects.get(action="gatherings.gathering.updated")
    assert entry.changes == {"venue": ["市文化宫三楼", "区文化馆"]}


def test_another_companys_gathering_is_not_found(world):
    gathering = planning.create_gathering(by=world.supervisor, data=data())
    error = refused(
        planning.update_gathering, by=world.outsider_admin, gathering_id=gathering.pk, data=data()
    )
    assert error.code == CoreCode.NOT_FOUND


def test_programme_items_stay_inside_the_gathering(world):
    gathering = planning.create_gathering(by=world.supervisor, data=data())
    item = planning.add_programme_item(
        by=world.supervisor,
        gathering_id=gathering.pk,
        kind="talk",
        title="专家讲座",
        starts_at=at_local(day(20), 9, 30),
        ends_at=at_local(day(20), 10, 30),
    )
    assert list(gathering.programme.all()) == [item]
    error = refused(
        planning.add_programme_item,
        by=world.supervisor,
        gathering_id=gathering.pk,
        kind="draw",
        title="抽奖",
        starts_at=at_local(day(20), 11, 30),
        ends_at=at_local(day(20), 12, 30),
    )
    assert error.code == GatheringCode.OUTSIDE_GATHERING
    planning.remove_programme_item(by=world.supervisor, gathering_id=gathering.pk, item_id=item.pk)
    assert not gathering.programme.exists()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"gatherings.programme.added", "gatherings.programme.removed"} <= actions


def test_the_gathering_cannot_move_away_from_its_programme(world):
    gathering = planning.create_gathering(by=world.supervisor, data=data())
    planning.add_programme_item(
        by=world.supervisor,
        gathering_id=gathering.pk,
        kind="talk",
        title="专家讲座",
        starts_at=at_local(day(20), 9, 30),
        ends_at=at_local(day(20), 10, 30),
    )
    error = refused(
        planning.update_gathering,
        by=world.supervisor,
        gathering_id=gathering.pk,
        data=data(starts_at=at_local(day(20), 10), ends_at=at_local(day(20), 12)),
    )
    assert error.code == GatheringCode.OUTSIDE_GATHERING


def test_staff_are_users_of_the_company_with_a_role(world):
    gathering = planning.create_gathering(by=world.supervisor, data=data())
    assignment = planning.assign_staff(
        by=world.supervisor, gathering_id=gathering.pk, user_id=world.event_staff.pk, role="host"
    )
    assert assignment.role == StaffRole.HOST
    again = refused(
        planning.assign_staff,
        by=world.supervisor,
        gathering_id=gathering.pk,
        user_id=world.event_staff.pk,
        role="host",
    )
    assert again.code == GatheringCode.ALREADY_PLANNED
    outsider = refused(
        planning.assign_staff,
        by=world.supervisor,
        gathering_id=gathering.pk,
        user_id=world.outsider_admin.pk,
        role="expert",
    )
    assert outsider.code == GatheringCode.STAFF_NOT_IN_COMPANY
    planning.remove_staff(
        by=world.supervisor, gathering_id=gathering.pk, assignment_id=assignment.pk
    )
    assert not gathering.staff.exists()


def test_table_seats_never_exceed_the_venue_capacity(world):
    gathering = planning.create_gathering(by=world.supervisor, data=data(capacity=20))
    planning.add_table(by=world.supervisor, gathering_id=gathering.pk, number=1, seats=10)
    planning.add_table(by=world.supervisor, gathering_id=gathering.pk, number=2, seats=10)
    error = refused(
        planning.add_table, by=world.supervisor, gathering_id=gathering.pk, number=3, seats=1
    )
    assert error.code == GatheringCode.CAPACITY_EXCEEDED
    # the message says the total it would reach and by how much: not "还需 21 个位置"
    assert (error.extra["needed"], error.extra["over"], error.extra["capacity"]) == (21, 1, 20)
    assert "21" in error.message and "多出 1 个" in error.message
    shrink = refused(
        planning.update_gathering,
        by=world.supervisor,
        gathering_id=gathering.pk,
        data=data(capacity=19),
    )
    assert shrink.code == GatheringCode.CAPACITY_EXCEEDED
    assert shrink.extra["needed"] == 20 and "不能少于 20" in shrink.message
    assert gathering.tables.count() == 2


def test_a_table_number_is_used_once(world):
    gathering = planning.create_gathering(by=world.supervisor, data=data())
    planning.add_table(by=world.supervisor, gathering_id=gathering.pk, number=1, seats=10)
    error = refused(
        planning.add_table, by=world.supervisor, gathering_id=gathering.pk, number=1, seats=8
    )
    assert error.code == GatheringCode.ALREADY_PLANNED


def test_invited_guests_never_exceed_the_venue_capacity(world):
    # given: a venue with room for three guests, one household of two already invited
    world.gathering.capacity = 3
    world.gathering.save(update_fields=["capacity"])
    make_customer(world, step=4)
    customer = make_customer(world, step=3, name="王秀英")
    # when: a second household of two is invited
    with pytest.raises(DomainError) as error:
        journey.record_second_call(
            by=world.rep,
            customer_id=customer.pk,
            outcome="agreed",
            contact=Contact(),
            invitation_accepted=True,
            guests=["王秀英", "赵大明"],
            delivery_slot=(at_local(day(1), 15), at_local(day(1), 16)),
            gathering_id=world.gathering.pk,
        )
    # then
    assert error.value.code == GatheringCode.CAPACITY_EXCEEDED
    assert (error.value.extra["needed"], error.value.extra["over"]) == (4, 1)
    assert not customer.invitations.exists()


def test_pickups_happen_before_the_gathering_starts(world):
    gathering = planning.create_gathering(by=world.supervisor, data=data())
    bus = planning.add_bus(by=world.supervisor, gathering_id=gathering.pk, name="1号车", seats=30)
    stop = planning.add_stop(
        by=world.supervisor,
        gathering_id=gathering.pk,
        bus_id=bus.pk,
        position=1,
        name="幸福里北门",
        pickup_at=at_local(day(20), 8),
    )
    assert list(bus.stops.all()) == [stop]
    late = refused(
        planning.add_stop,
        by=world.supervisor,
        gathering_id=gathering.pk,
        bus_id=bus.pk,
        position=2,
        name="人民公园",
        pickup_at=at_local(day(20), 9),
    )
    assert late.code == GatheringCode.PICKUP_AFTER_START
    same = refused(
        planning.add_stop,
        by=world.supervisor,
        gathering_id=gathering.pk,
        bus_id=bus.pk,
        position=1,
        name="人民公园",
        pickup_at=at_local(day(20), 8, 20),
    )
    assert same.code == GatheringCode.ALREADY_PLANNED
    twin = refused(
        planning.add_bus, by=world.supervisor, gathering_id=gathering.pk, name="1号车", seats=30
    )
    assert twin.code == GatheringCode.ALREADY_PLANNED


def bus_with_stop(world, seats: int):
    bus = planning.add_bus(
        by=world.supervisor, gathering_id=world.gathering.pk, name="1号车", seats=seats
    )
    stop = planning.add_stop(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        bus_id=bus.pk,
        position=1,
        name="幸福里北门",
        pickup_at=world.gathering.starts_at - dt.timedelta(hours=1),
    )
    return bus, stop


def test_a_household_takes_a_bus_and_a_stop(world):
    bus, stop = bus_with_stop(world, seats=4)
    invitation = make_customer(world, step=4).invitations.get()
    planning.assign_bus(
        by=world.supervisor, invitation_id=invitation.pk, bus_id=bus.pk, stop_id=stop.pk
    )
    invitation.refresh_from_db()
    assert (invitation.bus, invitation.stop) == (bus, stop)
    plan = gathering_plan(user=world.supervisor, gathering_id=world.gathering.pk)
    assert [(b.bus, b.headcount, b.free) for b in plan.buses] == [(bus, 2, 2)]
    assert AuditEntry.objects.filter(action="gatherings.invitation.bus_assigned").exists()


def test_a_full_bus_refuses_another_household(world):
    bus, _stop = bus_with_stop(world, seats=3)
    first = make_customer(world, step=4).invitations.get()
    second = make_customer(world, step=4, name="王秀英").invitations.get()
    planning.assign_bus(by=world.supervisor, invitation_id=first.pk, bus_id=bus.pk)
    error = refused(
        planning.assign_bus, by=world.supervisor, invitation_id=second.pk, bus_id=bus.pk
    )
    assert error.code == GatheringCode.BUS_FULL
    second.refresh_from_db()
    assert second.bus is None


def test_a_stop_belongs_to_the_bus(world):
    bus, _stop = bus_with_stop(world, seats=30)
    other = planning.add_bus(
        by=world.supervisor, gathering_id=world.gathering.pk, name="2号车", seats=30
    )
    other_stop = planning.add_stop(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        bus_id=other.pk,
        position=1,
        name="人民公园",
        pickup_at=world.gathering.starts_at - dt.timedelta(hours=1),
    )
    invitation = make_customer(world, step=4).invitations.get()
    error = refused(
        planning.assign_bus,
        by=world.supervisor,
        invitation_id=invitation.pk,
        bus_id=bus.pk,
        stop_id=other_stop.pk,
    )
    assert error.code == GatheringCode.STOP_NOT_ON_BUS


def test_another_teams_invitation_cannot_be_put_on_a_bus(world):
    bus, _stop = bus_with_stop(world, seats=30)
    invitation = make_customer(world, owner=world.rep_other_team, step=4).invitations.get()
    error = refused(
        planning.assign_bus, by=world.supervisor, invitation_id=invitation.pk, bus_id=bus.pk
    )
    assert error.code == CoreCode.NOT_FOUND


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_planners_filling_the_last_seats_at_once_fill_them_once(world):
    import threading

    from django.db import connection

    bus, _stop = bus_with_stop(world, seats=2)
    invitations = [
        make_customer(world, step=4, name=name).invitations.get() for name in ("张桂兰", "王秀英")
    ]
    results: list[str] = []
    barrier = threading.Barrier(2)

    def assign(invitation) -> None:
        try:
            barrier.wait()
            planning.assign_bus(by=world.admin, invitation_id=invitation.pk, bus_id=bus.pk)
            results.append("ok")
        except DomainError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=(i,)) for i in invitations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == sorted(["ok", GatheringCode.BUS_FULL])


def test_the_plan_reads_in_a_fixed_number_of_queries(world):
    def count_for(households: int) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            plan = gathering_plan(user=world.admin, gathering_id=world.gathering.pk)
            assert len(plan.invitations) == households
        return len(queries)

    bus, _stop = bus_with_stop(world, seats=40)
    planning.add_table(by=world.admin, gathering_id=world.gathering.pk, number=1, seats=10)
    first = make_customer(world, step=4).invitations.get()
    planning.assign_bus(by=world.admin, invitation_id=first.pk, bus_id=bus.pk)
    few = count_for(1)
    for name in ("王秀英", "赵淑芬", "孙丽华"):
        invitation = make_customer(world, step=4, name=name).invitations.get()
        planning.assign_bus(by=world.admin, invitation_id=invitation.pk, bus_id=bus.pk)
    assert count_for(4) == few


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_reps_inviting_for_the_last_places_at_once_invite_once(world):
    import threading

    from django.db import connection

    world.gathering.capacity = 3
    world.gathering.save(update_fields=["capacity"])
    customers = [
        make_customer(world, step=3, name="张桂兰"),
        make_customer(world, owner=world.rep_same_team, step=3, name="王秀英"),
    ]
    results: list[str] = []
    barrier = threading.Barrier(2)

    def invite(customer) -> None:
        try:
            barrier.wait()
            journey.record_second_call(
                by=customer.owner,
                customer_id=customer.pk,
                outcome="agreed",
                contact=Contact(),
                invitation_accepted=True,
                guests=[customer.name, "李建国"],
                delivery_slot=(at_local(day(1), 15), at_local(day(1), 16)),
                gathering_id=world.gathering.pk,
            )
            results.append("ok")
        except DomainError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=invite, args=(c,)) for c in customers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == sorted(["ok", GatheringCode.CAPACITY_EXCEEDED])


def test_capacity_cannot_shrink_below_the_invited_guests_and_revoking_frees_places(world):
    from lianyi.gatherings.services.printing import revoke_invitation

    invitation = make_customer(world, step=4).invitations.get()
    gathering = world.gathering
    values = {
        "name": gathering.name,
        "starts_at": gathering.starts_at,
        "ends_at": gathering.starts_at + dt.timedelta(hours=3),
        "venue": gathering.venue,
        "delivery_from": None,
    }
    error = refused(
        planning.update_gathering,
        by=world.admin,
        gathering_id=gathering.pk,
        data=GatheringData(capacity=1, **values),
    )
    assert error.code == GatheringCode.CAPACITY_EXCEEDED
    revoke_invitation(by=world.rep, invitation_id=invitation.pk, reason="改期")
    planning.update_gathering(
        by=world.admin, gathering_id=gathering.pk, data=GatheringData(capacity=1, **values)
    )
    gathering.refresh_from_db()
    assert gathering.capacity == 1


@pytest.mark.parametrize("number", [0, -1, 1000, 70000])
def test_a_table_number_outside_1_to_999_is_invalid(world, number):
    error = refused(
        planning.add_table,
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        number=number,
        seats=8,
    )
    assert (error.code, error.extra["field"]) == (CoreCode.INVALID, "number")
    assert not world.gathering.tables.exists()


def test_several_tables_are_added_at_once_numbered_on_from_the_highest(world):
    # given a gathering with table 3 already
    gathering = planning.create_gathering(by=world.supervisor, data=data(capacity=60))
    planning.add_table(by=world.supervisor, gathering_id=gathering.pk, number=3, seats=10)
    # when four tables of eight are added without a first number
    tables = planning.add_tables(by=world.supervisor, gathering_id=gathering.pk, count=4, seats=8)
    # then they are 4 to 7, and one audit entry names them
    assert [t.number for t in tables] == [4, 5, 6, 7]
    assert sorted(gathering.tables.values_list("number", flat=True)) == [3, 4, 5, 6, 7]
    entry = AuditEntry.objects.get(action="gatherings.tables.added")
    assert entry.data == {"numbers": [4, 5, 6, 7], "seats": 8, "count": 4}


def test_adding_several_tables_is_all_or_none(world):
    gathering = planning.create_gathering(by=world.supervisor, data=data(capacity=30))
    planning.add_table(by=world.supervisor, gathering_id=gathering.pk, number=2, seats=10)
    # a number already taken in the range refuses every table
    taken = refused(
        planning.add_tables,
        by=world.supervisor,
        gathering_id=gathering.pk,
        count=2,
        seats=5,
        first_number=1,
    )
    assert taken.code == GatheringCode.ALREADY_PLANNED
    # seats past the capacity refuse every table, with the overage
    over = refused(
        planning.add_tables, by=world.supervisor, gathering_id=gathering.pk, count=3, seats=8
    )
    assert over.code == GatheringCode.CAPACITY_EXCEEDED and over.extra["over"] == 4
    # and a count out of bounds is refused on its field
    for count in (0, 51):
        bad = refused(
            planning.add_tables,
            by=world.supervisor,
            gathering_id=gathering.pk,
            count=count,
            seats=1,
        )
        assert bad.code == CoreCode.INVALID and bad.extra == {"field": "count"}
    assert list(gathering.tables.values_list("number", flat=True)) == [2]


def test_riders_are_put_on_a_bus_by_compound_in_one_action(world):
    # given three invited households from 幸福里 (one already on another bus) and one elsewhere
    gid = world.gathering.pk
    first = planning.add_bus(by=world.admin, gathering_id=gid, name="1号车", seats=30)
    second = planning.add_bus(by=world.admin, gathering_id=gid, name="2号车", seats=30)
    stop = planning.add_stop(
        by=world.admin,
        gathering_id=gid,
        bus_id=first.pk,
        position=1,
        name="幸福里北门",
        pickup_at=world.gathering.starts_at - dt.timedelta(hours=1),
    )
    waiting = [make_customer(world, step=4, name=n).invitations.get() for n in ("张桂兰", "王秀英")]
    moved = make_customer(world, step=4, name="李淑珍").invitations.get()
    planning.assign_bus(by=world.admin, invitation_id=moved.pk, bus_id=second.pk)
    elsewhere = make_customer(world, step=4, name="赵丽", compound="银杏小区").invitations.get()
    compound_id = waiting[0].customer.compound_id
    # when the planner puts 幸福里 on bus 1 at its stop
    riders = planning.assign_bus_by_compound(
        by=world.admin, gathering_id=gid, compound_id=compound_id, bus_id=first.pk, stop_id=stop.pk
    )
    # then the two waiting households ride bus 1 from the stop; the others are untouched
    assert sorted(r.pk for r in riders) == sorted(i.pk for i in waiting)
    for invitation in waiting:
        invitation.refresh_from_db()
        assert (invitation.bus_id, invitation.stop_id) == (first.pk, stop.pk)
    moved.refresh_from_db()
    elsewhere.refresh_from_db()
    assert moved.bus_id == second.pk and elsewhere.bus_id is None
    entry = AuditEntry.objects.get(action="gatherings.bus.assigned_by_compound")
    assert sorted(entry.data["invitations"]) == sorted(i.pk for i in waiting)
    # and a second time there is nobody left to put on a bus
    again = refused(
        planning.assign_bus_by_compound,
        by=world.admin,
        gathering_id=gid,
        compound_id=compound_id,
        bus_id=first.pk,
    )
    assert again.code == GatheringCode.NOBODY_TO_ASSIGN


def test_a_compound_that_does_not_fit_on_the_bus_rides_none(world):
    gid = world.gathering.pk
    bus = planning.add_bus(by=world.admin, gathering_id=gid, name="小车", seats=3)
    households = [
        make_customer(world, step=4, name=n).invitations.get() for n in ("张桂兰", "王秀英")
    ]
    error = refused(
        planning.assign_bus_by_compound,
        by=world.admin,
        gathering_id=gid,
        compound_id=households[0].customer.compound_id,
        bus_id=bus.pk,
    )
    assert error.code == GatheringCode.BUS_FULL
    assert not any(type(h).objects.filter(pk=h.pk, bus__isnull=False).exists() for h in households)
