"""每天向下属索要一份贵宾档案: one VIP profile per rep per day, of a customer the rep home-visited
that day, offered by the rep or picked by the supervisor; refused for another day's visit, another
rep's customer, a day to come and a rep out of scope; the table per day and rep."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
import time_machine
from django.db import IntegrityError, close_old_connections, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.oversight.models import DailyProfile, ProfileState
from lianyi.oversight.selectors.profiles import (
    DUE,
    MISSING,
    NOT_DUE,
    profile_table,
    subordinates,
    table_days,
    visited_customers,
)
from lianyi.oversight.services.profiles import offer_profile, take_profile
from tests.conftest import SHANGHAI, World
from tests.oversight.duties import visited_at

# A Tuesday afternoon in Shanghai; the days around it are ordinary days.
NOON = dt.datetime(2026, 11, 10, 14, 0, tzinfo=SHANGHAI)
DAY = NOON.date()


@pytest.fixture
def at_noon(world: World):  # type: ignore[no-untyped-def]
    with time_machine.travel(NOON, tick=False):
        yield world


def test_the_rep_offers_and_the_supervisor_takes_the_offered_profile(at_noon: World) -> None:
    world = at_noon
    customer = visited_at(world, NOON - dt.timedelta(hours=3))
    # when the rep offers today's profile
    profile = offer_profile(by=world.rep, customer_id=customer.pk)
    assert (profile.day, profile.state, profile.customer_id) == (
        DAY,
        ProfileState.OFFERED,
        customer.pk,
    )
    # and the supervisor takes the offered one
    taken = take_profile(by=world.supervisor, rep_id=world.rep.pk, day=DAY)
    assert taken.pk == profile.pk and taken.state == ProfileState.TAKEN
    assert taken.taken_by == world.supervisor
    actions = list(
        AuditEntry.objects.filter(action__startswith="oversight.daily_profile")
        .values_list("action", flat=True)
        .order_by("pk")
    )
    assert actions == ["oversight.daily_profile.offered", "oversight.daily_profile.taken"]
    entry = AuditEntry.objects.get(action="oversight.daily_profile.taken")
    assert entry.data["picked"] is False and entry.data["customer"] == customer.pk


def test_the_supervisor_may_pick_another_customer_visited_that_day(at_noon: World) -> None:
    world = at_noon
    offered = visited_at(world, NOON - dt.timedelta(hours=4), name="王秀英")
    picked = visited_at(world, NOON - dt.timedelta(hours=2), name="李淑珍")
    offer_profile(by=world.rep, customer_id=offered.pk)
    taken = take_profile(by=world.supervisor, rep_id=world.rep.pk, day=DAY, customer_id=picked.pk)
    assert taken.customer_id == picked.pk and DailyProfile.objects.count() == 1
    assert AuditEntry.objects.get(action="oversight.daily_profile.taken").data["picked"] is True


def test_one_profile_per_rep_per_day(at_noon: World) -> None:
    world = at_noon
    first = visited_at(world, NOON - dt.timedelta(hours=4))
    second = visited_at(world, NOON - dt.timedelta(hours=2), name="李淑珍")
    take_profile(by=world.supervisor, rep_id=world.rep.pk, day=DAY, customer_id=first.pk)
    with pytest.raises(DomainError) as excinfo:
        take_profile(by=world.supervisor, rep_id=world.rep.pk, day=DAY, customer_id=second.pk)
    assert excinfo.value.code == "oversight.profile_already_taken"
    with pytest.raises(DomainError) as excinfo:
        offer_profile(by=world.rep, customer_id=second.pk)
    assert excinfo.value.code == "oversight.profile_already_taken"
    # and the database itself holds the rule
    profile = DailyProfile.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        DailyProfile.objects.create(
            company=world.company,
            rep=world.rep,
            day=DAY,
            customer=second,
            visit=profile.visit,
            state=ProfileState.OFFERED,
        )


def test_a_customer_not_visited_that_day_is_refused(at_noon: World) -> None:
    world = at_noon
    yesterday = visited_at(world, NOON - dt.timedelta(days=1))
    for call in (
        lambda: offer_profile(by=world.rep, customer_id=yesterday.pk),
        lambda: take_profile(
            by=world.supervisor, rep_id=world.rep.pk, day=DAY, customer_id=yesterday.pk
        ),
    ):
        with pytest.raises(DomainError) as excinfo:
            call()
        assert excinfo.value.code == "oversight.profile_not_visited"
    # the visit's own day is fine
    profile = take_profile(
        by=world.supervisor,
        rep_id=world.rep.pk,
        day=DAY - dt.timedelta(days=1),
        customer_id=yesterday.pk,
    )
    assert profile.day == DAY - dt.timedelta(days=1)


def test_another_reps_customer_is_refused(at_noon: World) -> None:
    world = at_noon
    colleagues = visited_at(world, NOON - dt.timedelta(hours=2), owner=world.rep_same_team)
    with pytest.raises(DomainError) as excinfo:
        take_profile(by=world.supervisor, rep_id=world.rep.pk, day=DAY, customer_id=colleagues.pk)
    assert excinfo.value.code == "oversight.profile_not_reps_customer"
    # a rep cannot even see a colleague's customer: missing, not "someone else's"
    with pytest.raises(DomainError) as excinfo:
        offer_profile(by=world.rep, customer_id=colleagues.pk)
    assert excinfo.value.code == "not_found"


def test_a_day_to_come_is_refused(at_noon: World) -> None:
    world = at_noon
    visited_at(world, NOON - dt.timedelta(hours=2))
    with pytest.raises(DomainError) as excinfo:
        take_profile(by=world.supervisor, rep_id=world.rep.pk, day=DAY + dt.timedelta(days=1))
    assert excinfo.value.code == "oversight.day_in_future"


@pytest.mark.parametrize("rep", ["rep_other_team", "rep_other_dept", "supervisor_other_team"])
def test_a_rep_out_of_scope_is_not_found(at_noon: World, rep: str) -> None:
    world = at_noon
    with pytest.raises(DomainError) as excinfo:
        take_profile(by=world.supervisor, rep_id=getattr(world, rep).pk, day=DAY)
    assert excinfo.value.code == "not_found"
    with pytest.raises(DomainError) as excinfo:
        take_profile(by=world.supervisor, rep_id=987654321, day=DAY)
    assert excinfo.value.code == "not_found"


@pytest.mark.parametrize("who", ["rep", "manager", "admin", "service"])
def test_only_supervisors_take_profiles(at_noon: World, who: str) -> None:
    world = at_noon
    with pytest.raises(DomainError) as excinfo:
        take_profile(by=getattr(world, who), rep_id=world.rep.pk, day=DAY)
    assert excinfo.value.code == "forbidden"


def test_the_day_is_shanghais_day_not_utcs(world: World) -> None:
    # given a visit at 00:30 in Shanghai on the 11th (16:30 UTC on the 10th)
    just_after_midnight = dt.datetime(2026, 11, 11, 0, 30, tzinfo=SHANGHAI)
    with time_machine.travel(just_after_midnight - dt.timedelta(hours=2), tick=False):
        customer = visited_at(world, dt.datetime(2026, 11, 10, 22, 0, tzinfo=SHANGHAI))
    with time_machine.travel(just_after_midnight, tick=False):
        # then it is already the 11th: yesterday's (the 10th) visit is not today's
        with pytest.raises(DomainError) as excinfo:
            offer_profile(by=world.rep, customer_id=customer.pk)
        assert excinfo.value.code == "oversight.profile_not_visited"
        profile = offer_profile(by=world.rep, customer_id=customer.pk, day=dt.date(2026, 11, 10))
        assert profile.day == dt.date(2026, 11, 10)
    with time_machine.travel(dt.datetime(2026, 11, 10, 23, 59, tzinfo=SHANGHAI), tick=False):
        # at 23:59 on the 10th the 11th is still to come
        with pytest.raises(DomainError) as excinfo:
            take_profile(by=world.supervisor, rep_id=world.rep.pk, day=dt.date(2026, 11, 11))
        assert excinfo.value.code == "oversight.day_in_future"


def test_the_table_shows_taken_offered_and_missing_per_day_and_rep(world: World) -> None:
    world.rep.date_joined = NOON - dt.timedelta(days=30)
    world.rep.save(update_fields=["date_joined"])
    world.rep_same_team.date_joined = NOON - dt.timedelta(days=1)  # joined yesterday
    world.rep_same_team.save(update_fields=["date_joined"])
    with time_machine.travel(NOON, tick=False):
        today = visited_at(world, NOON - dt.timedelta(hours=2))
        before = visited_at(world, NOON - dt.timedelta(days=2), name="李淑珍")
        offer_profile(by=world.rep, customer_id=today.pk)
        take_profile(
            by=world.supervisor,
            rep_id=world.rep.pk,
            day=DAY - dt.timedelta(days=2),
            customer_id=before.pk,
        )
        days = table_days(user=world.supervisor)[:3]
        table = profile_table(user=world.supervisor, days=days)
    assert {r.pk for r in table.reps} == {world.rep.pk, world.rep_same_team.pk}
    states = {(c.rep.pk, c.day): c.state for d in table.days for c in d.cells}
    assert states[(world.rep.pk, DAY)] == ProfileState.OFFERED
    assert states[(world.rep.pk, DAY - dt.timedelta(days=1))] == MISSING
    assert states[(world.rep.pk, DAY - dt.timedelta(days=2))] == ProfileState.TAKEN
    assert states[(world.rep_same_team.pk, DAY)] == DUE  # the day is not over
    assert states[(world.rep_same_team.pk, DAY - dt.timedelta(days=1))] == MISSING
    assert states[(world.rep_same_team.pk, DAY - dt.timedelta(days=2))] == NOT_DUE
    visited = {(c.rep.pk, c.day) for d in table.days for c in d.cells if c.visited}
    assert visited == {(world.rep.pk, DAY), (world.rep.pk, DAY - dt.timedelta(days=2))}
    rep_totals = next(t for t in table.rep_totals if t.rep == world.rep)
    assert (rep_totals.taken, rep_totals.offered, rep_totals.missing) == (1, 1, 1)
    assert (table.total.taken, table.total.offered, table.total.missing) == (1, 1, 2)


def test_the_manager_sees_the_departments_reps_and_not_the_supervisors(world: World) -> None:
    names = {str(r) for r in subordinates(user=world.manager)}
    assert names == {"rep_a", "rep_a2", "rep_b"}
    assert {str(r) for r in subordinates(user=world.supervisor)} == {"rep_a", "rep_a2"}
    with pytest.raises(DomainError):
        profile_table(user=world.rep, days=[DAY])


def test_visited_customers_lists_the_reps_customers_visited_that_day(at_noon: World) -> None:
    world = at_noon
    mine = visited_at(world, NOON - dt.timedelta(hours=2))
    visited_at(world, NOON - dt.timedelta(days=1), name="李淑珍")
    visited_at(world, NOON - dt.timedelta(hours=1), owner=world.rep_same_team, name="王秀英")
    rows = visited_customers(user=world.supervisor, rep=world.rep, day=DAY)
    assert [r.customer.pk for r in rows] == [mine.pk]


def test_the_table_query_count_does_not_grow_with_reps_and_days(world: World) -> None:
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            days = table_days(user=world.supervisor)[:7]
            profile_table(user=world.supervisor, days=days)
        return len(ctx.captured_queries)

    with time_machine.travel(NOON, tick=False):
        few = count()
        for n in range(3):
            customer = visited_at(world, NOON - dt.timedelta(days=n, hours=1), name=f"客户{n}")
            take_profile(
                by=world.supervisor,
                rep_id=world.rep.pk,
                day=DAY - dt.timedelta(days=n),
                customer_id=customer.pk,
            )
        from tests.factories import UserFactory

        UserFactory(username="rep_new", role="rep", team=world.rep.team, company=world.company)
        many = count()
    assert many == few


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_takes_do_not_duplicate(world: World) -> None:
    # given two customers the rep visited today, and two supervisors of the team
    from tests.factories import UserFactory

    second_supervisor = UserFactory(
        username="sup_a2", role="supervisor", team=world.rep.team, company=world.company
    )
    now = timezone.now()
    first = visited_at(world, now - dt.timedelta(hours=2))
    second = visited_at(world, now - dt.timedelta(hours=1), name="李淑珍")
    today = timezone.localdate()
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take(by, customer_id: int) -> None:  # type: ignore[no-untyped-def]
        try:
            barrier.wait()
            take_profile(by=by, rep_id=world.rep.pk, day=today, customer_id=customer_id)
            outcomes.append("taken")
        except DomainError as error:
            outcomes.append(error.code)
        finally:
            close_old_connections()

    threads = [
        threading.Thread(target=take, args=(world.supervisor, first.pk)),
        threading.Thread(target=take, args=(second_supervisor, second.pk)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["oversight.profile_already_taken", "taken"]
    assert DailyProfile.objects.filter(rep=world.rep, day=today).count() == 1
