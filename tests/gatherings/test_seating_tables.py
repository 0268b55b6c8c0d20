"""Seating households and existing customers at tables, never more guests than seats."""

from __future__ import annotations

import pytest

from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.models import AuditEntry
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.selectors.seating import existing_customers_to_seat, seating_list
from lianyi.gatherings.services import planning
from lianyi.gatherings.services.printing import revoke_invitation
from lianyi.gatherings.services.seating import seat_existing_customer, seat_household, unseat
from tests.conftest import make_customer


def refused(call, *args, **kwargs) -> DomainError:
    with pytest.raises(DomainError) as error:
        call(*args, **kwargs)
    return error.value


def table(world, seats: int, number: int = 1):
    return planning.add_table(
        by=world.admin, gathering_id=world.gathering.pk, number=number, seats=seats
    )


def seat(world, table, invitation, by=None):
    return seat_household(
        by=by or world.supervisor,
        gathering_id=world.gathering.pk,
        table_id=table.pk,
        invitation_id=invitation.pk,
    )


def test_a_household_takes_as_many_chairs_as_it_has_guests(world):
    t = table(world, seats=8)
    invitation = make_customer(world, step=4).invitations.get()
    placed = seat(world, t, invitation)
    assert placed.guests == 2
    _, rows = seating_list(user=world.supervisor, gathering_id=world.gathering.pk)
    assert [(r.table, r.taken, r.free) for r in rows] == [(t, 2, 6)]
    assert rows[0].rows[0].names == ["张桂兰", "李建国"]
    assert AuditEntry.objects.filter(action="gatherings.seat.household_seated").exists()


def test_a_full_table_refuses_another_household(world):
    t = table(world, seats=3)
    seat(world, t, make_customer(world, step=4).invitations.get())
    error = refused(seat, world, t, make_customer(world, step=4, name="王秀英").invitations.get())
    assert error.code == GatheringCode.TABLE_FULL
    assert t.seated.count() == 1


def test_a_household_sits_at_one_table_only(world):
    first, second = table(world, seats=8), table(world, seats=8, number=2)
    invitation = make_customer(world, step=4).invitations.get()
    seat(world, first, invitation)
    assert refused(seat, world, second, invitation).code == GatheringCode.ALREADY_SEATED


def test_a_revoked_invitation_is_not_seated(world):
    t = table(world, seats=8)
    invitation = make_customer(world, step=4).invitations.get()
    revoke_invitation(by=world.rep, invitation_id=invitation.pk, reason="改期")
    assert refused(seat, world, t, invitation).code == GatheringCode.INVITATION_REVOKED


def test_an_existing_customer_is_seated_and_shown_as_one(world):
    t = table(world, seats=8)
    regular = make_customer(world, step=1, name="刘老师")
    placed = seat_existing_customer(
        by=world.supervisor, gathering_id=world.gathering.pk, table_id=t.pk, customer_id=regular.pk
    )
    assert placed.existing_customer
    _, rows = seating_list(user=world.supervisor, gathering_id=world.gathering.pk)
    assert [(r.names, r.existing_customer) for r in rows[0].rows] == [(["刘老师"], True)]
    again = refused(
        seat_existing_customer,
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        table_id=t.pk,
        customer_id=regular.pk,
    )
    assert again.code == GatheringCode.ALREADY_SEATED


def test_an_existing_customer_needs_a_free_chair_too(world):
    t = table(world, seats=2)
    seat(world, t, make_customer(world, step=4).invitations.get())
    regular = make_customer(world, step=1, name="刘老师")
    error = refused(
        seat_existing_customer,
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        table_id=t.pk,
        customer_id=regular.pk,
    )
    assert error.code == GatheringCode.TABLE_FULL


def test_unseating_frees_the_chairs(world):
    t = table(world, seats=2)
    placed = seat(world, t, make_customer(world, step=4).invitations.get())
    unseat(by=world.supervisor, gathering_id=world.gathering.pk, seat_id=placed.pk)
    seat(world, t, make_customer(world, step=4, name="王秀英").invitations.get())
    assert AuditEntry.objects.filter(action="gatherings.seat.removed").exists()


def test_a_rep_does_not_seat_and_another_team_is_not_found(world):
    t = table(world, seats=8)
    mine = make_customer(world, step=4).invitations.get()
    assert refused(seat, world, t, mine, by=world.rep).code == CoreCode.FORBIDDEN
    theirs = make_customer(world, owner=world.rep_other_team, step=4).invitations.get()
    assert refused(seat, world, t, theirs).code == CoreCode.NOT_FOUND


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_planners_seating_at_the_last_chairs_at_once_seat_one(world):
    import threading

    from django.db import connection

    t = table(world, seats=2)
    invitations = [
        make_customer(world, step=4, name=name).invitations.get() for name in ("张桂兰", "王秀英")
    ]
    results: list[str] = []
    barrier = threading.Barrier(2)

    def place(invitation) -> None:
        try:
            barrier.wait()
            seat(world, t, invitation, by=world.admin)
            results.append("ok")
        except DomainError as error:
            results.append(error.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=place, args=(i,)) for i in invitations]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == sorted(["ok", GatheringCode.TABLE_FULL])


def test_the_seating_list_reads_in_a_fixed_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    t = table(world, seats=10)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            _, rows = seating_list(user=world.admin, gathering_id=world.gathering.pk)
            [r.names for row in rows for r in row.rows]
        return len(queries)

    seat(world, t, make_customer(world, step=4).invitations.get(), by=world.admin)
    few = count()
    for name in ("王秀英", "赵淑芬"):
        seat(world, t, make_customer(world, step=4, name=name).invitations.get(), by=world.admin)
    assert count() == few


def test_existing_customers_stay_offered_after_households_are_seated(world):
    # given a household seated (its seat has no customer) and one existing customer seated
    t = table(world, seats=10)
    household = make_customer(world, step=4, name="陈淑芬").invitations.get()
    seat(world, t, household)
    seated = make_customer(world, step=1, name="刘老师")
    seat_existing_customer(
        by=world.supervisor, gathering_id=world.gathering.pk, table_id=t.pk, customer_id=seated.pk
    )
    waiting = make_customer(world, step=1, name="周大姐")
    # when the planner opens "安排老顾客"
    offered = existing_customers_to_seat(user=world.supervisor, gathering=world.gathering)
    # then the customer not yet seated is offered, the seated one and the guest are not
    ids = {c.pk for c in offered}
    assert waiting.pk in ids
    assert seated.pk not in ids and household.customer_id not in ids
