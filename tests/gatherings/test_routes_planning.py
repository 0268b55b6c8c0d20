"""Planning a day's invitation deliveries from the undelivered invitations in scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from lianyi.core.errors import DomainError, NotFound
from lianyi.core.models import AuditEntry
from lianyi.customers.models import Place
from lianyi.gatherings.models import RouteStop
from lianyi.gatherings.selectors.routes import amap_link, latest_plan, routes_of
from lianyi.gatherings.services.routes import move_stop, plan_deliveries
from lianyi.journey import services as journey
from lianyi.journey.services import Contact
from tests.conftest import at_local, make_customer

OFFICE = (Decimal("30.274100"), Decimal("120.155100"))


@pytest.fixture
def delivery_day(world):
    world.company.office_latitude, world.company.office_longitude = OFFICE
    world.company.save(update_fields=["office_latitude", "office_longitude"])
    return timezone.localdate() + dt.timedelta(days=2)


def invited(world, day, *, owner=None, name="张桂兰", slot=(15, 16), where=None, compound=True):
    """A customer whose invitation is to be delivered on ``day`` in ``slot`` (hours)."""
    owner = owner or world.rep
    customer = make_customer(world, owner=owner, step=2, name=name)
    lat, lng = where or (None, None)
    journey.record_first_visit(
        by=owner,
        customer_id=customer.pk,
        duration_minutes=45,
        profile_completed=True,
        contact=Contact(occurred_at=timezone.now() - dt.timedelta(days=3)),
        location=(lat, lng, 20 if lat is not None else None),
    )
    journey.record_second_call(
        by=owner,
        customer_id=customer.pk,
        outcome="agreed",
        contact=Contact(occurred_at=timezone.now() - dt.timedelta(days=1)),
        invitation_accepted=True,
        delivery_slot=(at_local(day, slot[0]), at_local(day, slot[1])),
        gathering_id=world.gathering.pk,
    )
    if not compound:
        customer.compound = None
        customer.save(update_fields=["compound"])
    customer.refresh_from_db()
    return customer


def test_invitations_are_split_among_the_reps_and_every_slot_is_kept(world, delivery_day):
    # given three households with recorded visit locations and afternoon slots
    customers = [
        invited(world, delivery_day, name=n, slot=s, where=w)
        for n, s, w in [
            ("张桂兰", (15, 17), ("30.280000", "120.160000")),
            ("王秀英", (15, 17), ("30.290000", "120.170000")),
            ("李建国", (16, 18), ("30.250000", "120.130000")),
        ]
    ]
    # when the supervisor plans the day for two reps
    plan = plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk, world.rep_same_team.pk],
        seconds=0.3,
    )
    # then every invitation has a stop, its arrival inside the agreed slot
    stops = list(RouteStop.objects.filter(plan=plan).select_related("invitation"))
    assert sorted(s.invitation.customer_id for s in stops) == sorted(c.pk for c in customers)
    for stop in stops:
        inv = stop.invitation
        assert (
            inv.delivery_slot_start <= stop.eta <= inv.delivery_slot_end - dt.timedelta(minutes=15)
        )
    assert plan.left_out == [] and plan.without_location == []
    assert plan.travel_seconds > 0
    assert {s.rep_id for s in stops} <= {world.rep.pk, world.rep_same_team.pk}
    entry = AuditEntry.objects.get(action="gatherings.routes.planned")
    assert entry.data["stops"] == 3


def test_the_compound_stands_in_for_a_missing_visit_location_and_without_either_it_is_listed_apart(
    world, delivery_day
):
    by_compound = invited(world, delivery_day, name="赵淑芬")
    nowhere = invited(world, delivery_day, name="钱玉梅", compound=False)
    Place.objects.filter(company=world.company).update(
        latitude=Decimal("30.270000"), longitude=Decimal("120.150000")
    )
    plan = plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk],
        seconds=0.3,
    )
    stop = RouteStop.objects.get(plan=plan)
    assert stop.invitation.customer_id == by_compound.pk
    assert (stop.latitude, stop.longitude) == (Decimal("30.270000"), Decimal("120.150000"))
    assert plan.without_location == [nowhere.invitations.get().pk]


def test_a_slot_no_rep_can_keep_is_left_out(world, delivery_day):
    # two households 13 km apart, both to be visited between 09:00 and 09:45: one rep can't
    invited(world, delivery_day, name="孙丽华", slot=(9, 10), where=("30.334100", "120.155100"))
    invited(world, delivery_day, name="周志强", slot=(9, 10), where=("30.214100", "120.155100"))
    plan = plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk],
        seconds=0.3,
    )
    assert len(plan.left_out) == 1
    assert RouteStop.objects.filter(plan=plan).count() == 1


def test_refusals_have_codes(world, delivery_day):
    def code(**kwargs):
        args = {
            "by": world.supervisor,
            "gathering_id": world.gathering.pk,
            "day": delivery_day,
            "rep_ids": [world.rep.pk],
            "seconds": 0.2,
        } | kwargs
        with pytest.raises(DomainError) as refused:
            plan_deliveries(**args)
        return refused.value.code

    assert code() == "gatherings.routes_nothing_to_deliver"
    invited(world, delivery_day, where=("30.28", "120.16"))
    assert code(rep_ids=[world.rep_other_team.pk]) == "gatherings.routes_no_reps"
    assert code(day=world.gathering.starts_at.date()) == "gatherings.routes_day_invalid"
    assert code(by=world.rep) == "forbidden"
    with pytest.raises(NotFound):
        plan_deliveries(
            by=world.outsider_admin,
            gathering_id=world.gathering.pk,
            day=delivery_day,
            rep_ids=[world.rep.pk],
        )
    world.company.office_latitude = None
    world.company.save(update_fields=["office_latitude"])
    assert code() == "gatherings.office_location_missing"


def test_another_teams_supervisor_does_not_plan_this_teams_invitations(world, delivery_day):
    invited(world, delivery_day, where=("30.28", "120.16"))
    with pytest.raises(DomainError) as refused:
        plan_deliveries(
            by=world.supervisor_other_team,
            gathering_id=world.gathering.pk,
            day=delivery_day,
            rep_ids=[world.rep_other_team.pk],
            seconds=0.2,
        )
    assert refused.value.code == "gatherings.routes_nothing_to_deliver"


def test_moving_a_stop_to_another_rep_replans_into_a_new_plan(world, delivery_day):
    a = invited(world, delivery_day, name="张桂兰", where=("30.28", "120.16"))
    invited(world, delivery_day, name="王秀英", where=("30.29", "120.17"))
    first = plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk],
        seconds=0.3,
    )
    invitation = a.invitations.get()
    second = move_stop(
        by=world.supervisor,
        plan_id=first.pk,
        invitation_id=invitation.pk,
        to_rep_id=world.rep_same_team.pk,
        seconds=0.3,
    )
    assert second.pk != first.pk
    moved = RouteStop.objects.get(plan=second, invitation=invitation)
    assert moved.rep_id == world.rep_same_team.pk and moved.position == 1
    assert RouteStop.objects.get(plan=first, invitation=invitation).rep_id == world.rep.pk
    assert latest_plan(user=world.supervisor, gathering=world.gathering, day=delivery_day) == second
    # the rep who now delivers sees that stop on their route, and only their route
    mine = routes_of(user=world.rep_same_team, plan=second)
    assert [[s.invitation_id for s in r.stops] for r in mine] == [[invitation.pk]]


def test_amap_link_needs_no_key_and_puts_longitude_first():
    link = amap_link(Decimal("30.28"), Decimal("120.16"), "张阿姨家")
    assert link.startswith("https://uri.amap.com/marker?position=120.16,30.28&name=")
    assert "key=" not in link


def test_another_teams_supervisor_cannot_move_a_stop_of_this_team(world, delivery_day):
    customer = invited(world, delivery_day, where=("30.28", "120.16"))
    plan = plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk],
        seconds=0.2,
    )
    with pytest.raises(NotFound):
        move_stop(
            by=world.supervisor_other_team,
            plan_id=plan.pk,
            invitation_id=customer.invitations.get().pk,
            to_rep_id=world.rep_other_team.pk,
            seconds=0.2,
        )
    assert RouteStop.objects.filter(plan__gathering=world.gathering).count() == 1


def test_a_stop_is_where_the_visit_recorded_the_customer_rather_than_at_the_compound(
    world, delivery_day
):
    # given a household whose first visit recorded a location, in a compound with coordinates
    visited = invited(world, delivery_day, where=("30.281234", "120.161234"))
    Place.objects.filter(company=world.company).update(
        latitude=Decimal("30.270000"), longitude=Decimal("120.150000")
    )
    # when the day is planned
    plan = plan_deliveries(
        by=world.supervisor,
        gathering_id=world.gathering.pk,
        day=delivery_day,
        rep_ids=[world.rep.pk],
        seconds=0.3,
    )
    # then its stop is at the visit's location (kept on the customer by the journey)
    stop = RouteStop.objects.get(plan=plan)
    assert stop.invitation.customer_id == visited.pk
    assert (stop.latitude, stop.longitude) == (Decimal("30.281234"), Decimal("120.161234"))
