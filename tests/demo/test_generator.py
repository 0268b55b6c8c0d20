"""The generated data: every step of the journey present, cached journey fields equal to what
``journey.progress.derive`` gives for the stored touchpoints, and a demo that loads once."""

from __future__ import annotations

import io
import random
from collections import Counter
from dataclasses import asdict
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.test import RequestFactory
from django.utils import timezone

from lianyi.aftercare.models import Case, CaseLevel, CaseState, ProgrammeTask, TaskState
from lianyi.core.clock import local_day_bounds, now
from lianyi.core.models import AuditEntry
from lianyi.customers.models import Customer, VipProfile
from lianyi.customers.phones import parse_phone
from lianyi.demo.generator import (
    BulkTarget,
    OrgSpec,
    Planner,
    create_org,
    create_places,
    gathering_start,
    local_today,
    write_bulk,
)
from lianyi.demo.loader import DEMO_COMPANY, DEMO_PASSWORD, demo_company
from lianyi.demo.season import SEASON_GATHERING, SEASON_PER_REP
from lianyi.demo.views import ping
from lianyi.gatherings.models import Gathering, Invitation, InvitationState
from lianyi.journey.models import Touchpoint
from lianyi.journey.rounds import state_now
from lianyi.journey.selectors import agenda, is_overdue
from lianyi.org.models import Role, User
from lianyi.sales.models import Order, OrderState, ProductCategory, Return, StockMovement
from lianyi.sales.selectors import (
    catalogue_packages,
    catalogue_products,
    price_on,
    stock_levels,
    store_rooms,
)
from tests.factories import GatheringFactory, StandFactory, UserFactory

ALL_STEPS = {0, 1, 2, 3, 4, 5}


def assert_cached_fields_are_derived(customers: list[Customer]) -> None:
    """Each customer's cached journey fields are what the touchpoints give, with the end of
    each gathering they name (the last season's customers are in their next round)."""
    for customer in customers:
        derived = asdict(state_now(customer))
        cached = {name: getattr(customer, name) for name in derived}
        assert cached == derived, customer.pk


def assert_history_keeps_the_rules(company_customers: list[Customer]) -> None:
    company = company_customers[0].company
    quiet = company.quiet_hours()
    moment = now()
    touchpoints = Touchpoint.objects.filter(customer__in=company_customers)
    for tp in touchpoints:
        assert tp.occurred_at <= moment, tp.pk
        if tp.slot_start is not None:
            assert tp.slot_end is not None
            assert quiet.slot_is_allowed(tp.slot_start, tp.slot_end), tp.pk
            assert tp.slot_start > tp.occurred_at, tp.pk


@pytest.fixture
def bulk_world(db: None) -> BulkTarget:
    org = create_org(
        OrgSpec(company="基准测试公司", departments=1, teams_per_department=2, reps_per_team=3),
        random.Random(1),
    )
    today, tz = local_today(org.company)
    stand_days = [today - timedelta(days=d) for d in (20, 40, 90)]
    stands = [
        StandFactory(company=org.company, name=f"咨询点{i}", place="广场", held_on=d)
        for i, d in enumerate(stand_days)
    ]
    gathering = GatheringFactory(
        company=org.company,
        name="联谊会",
        starts_at=gathering_start(today, tz),
        venue="文化宫",
        capacity=300,
    )
    return BulkTarget(
        company=org.company,
        owners=org.reps,
        stands=stands,
        gathering=gathering,
        places=create_places(org.company),
    )


def _planner(target: BulkTarget, seed: int = 5) -> Planner:
    today, tz = local_today(target.company)
    return Planner(
        seed=seed,
        today=today,
        tz=tz,
        stand_days=[s.held_on for s in target.stands],
        gathering=target.gathering.name,
        company=target.company.name,
    )


def test_bulk_generated_customers_cover_every_step_with_derived_journey_fields(bulk_world):
    # when
    plans = _planner(bulk_world).stream(n=300, owners=len(bulk_world.owners))
    counts = write_bulk(bulk_world, plans, chunk=70)

    # then
    customers = list(Customer.objects.filter(company=bulk_world.company).select_related("company"))
    assert counts["customers"] == len(customers) == 300
    assert {c.step for c in customers} == ALL_STEPS
    assert_cached_fields_are_derived(customers)
    assert_history_keeps_the_rules(customers)
    for customer in customers:
        assert parse_phone(customer.mobile or "").is_mobile
        assert customer.mobile_tail == (customer.mobile or "")[-4:]
        assert customer.pinyin_initials and customer.pinyin_full
        if customer.referrer_id is not None:
            assert customer.referrer is not None
            assert customer.referrer.owner_id == customer.owner_id
            assert customer.referrer.created_at < customer.created_at
    delivered = Invitation.objects.filter(state=InvitationState.DELIVERED).count()
    assert delivered == sum(c.step == 5 for c in customers)
    assert AuditEntry.objects.filter(action="demo.generated").count() == 1


def test_bulk_generation_is_deterministic_for_a_seed(bulk_world):
    first = [(p.person.name, p.scenario) for p in _planner(bulk_world).stream(n=50, owners=6)]
    again = [(p.person.name, p.scenario) for p in _planner(bulk_world).stream(n=50, owners=6)]
    assert first == again


def test_new_rows_after_bulk_generation_get_fresh_ids(bulk_world):
    write_bulk(bulk_world, _planner(bulk_world).stream(n=20, owners=len(bulk_world.owners)))
    top = Customer.objects.order_by("-pk").values_list("pk", flat=True).first()
    rep = bulk_world.owners[0]
    created = Customer.objects.create(
        company=bulk_world.company,
        owner=rep,
        created_by=rep,
        name="新客户",
        sex="F",
        source="stand",
    )
    assert top is not None and created.pk > top


def _load(per_rep: int) -> str:
    out = io.StringIO()
    call_command("load_demo", per_rep=per_rep, stdout=out)
    return out.getvalue()


def _counts() -> tuple[int, int, int, int]:
    return (
        Customer.objects.count(),
        Touchpoint.objects.count(),
        AuditEntry.objects.count(),
        User.objects.count(),
    )


def test_load_demo_loads_once_and_gives_every_rep_work_due_today(db):
    # given
    _load(per_rep=9)
    company = demo_company()
    assert company is not None and company.name == DEMO_COMPANY
    first = _counts()

    # when
    output = _load(per_rep=9)

    # then
    assert _counts() == first
    assert "已存在" in output
    customers = list(Customer.objects.filter(company=company).select_related("company"))
    assert len(customers) == 12 * (9 + SEASON_PER_REP)  # this season's and the last one's
    assert {c.step for c in customers} == ALL_STEPS
    assert_cached_fields_are_derived(customers)
    assert_history_keeps_the_rules(customers)
    reps = User.objects.filter(company=company, role=Role.REP)
    assert reps.count() == 12
    tz = company.quiet_hours().tz
    start, end = local_day_bounds(now().astimezone(tz).date(), tz)
    for rep in reps:
        items = list(agenda(user=rep))
        due_today = [
            c for c in items if c.next_due_until is not None and start <= c.next_due_until < end
        ]
        assert len(due_today) >= 3, rep.username
        assert any(is_overdue(c) for c in items), rep.username


def test_load_demo_records_history_through_the_services(db):
    _load(per_rep=6)
    first_calls = Touchpoint.objects.filter(kind="first_call").count()
    assert first_calls > 0
    assert AuditEntry.objects.filter(action="journey.first_call.recorded").count() == first_calls
    registered = AuditEntry.objects.filter(action="customers.customer.registered").count()
    assert registered == Customer.objects.count()
    assert AuditEntry.objects.filter(action="demo.loaded").count() == 1
    roles = Counter(User.objects.values_list("role", flat=True))
    assert roles == {
        Role.REP: 12,
        Role.SUPERVISOR: 4,
        Role.MANAGER: 2,
        Role.ADMIN: 1,
        Role.SERVICE: 1,
    }
    assert User.objects.get(username="rep01").check_password(DEMO_PASSWORD)


def test_demo_logins_prints_the_url_and_each_login_with_its_role(db):
    _load(per_rep=2)
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    text = out.getvalue()
    assert "http://127.0.0.1:8000" in text
    assert DEMO_PASSWORD in text
    for username in ("rep01", "rep12", "sup4", "mgr2", "admin", "service"):
        assert username in text
    assert str(Role.SUPERVISOR.label) in text


def test_bench_ping_answers_204_to_a_logged_in_user_and_sends_others_to_login(db):
    rep = UserFactory(username="pinger", role=Role.REP)
    request = RequestFactory().get("/bench/ping")
    request.user = rep
    assert ping(request).status_code == 204

    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    assert ping(request).status_code == 302


def test_demo_first_visits_with_the_profile_filled_in_have_a_vip_profile(db):
    _load(per_rep=6)

    filled = Touchpoint.objects.filter(kind="first_visit", profile_completed=True)
    assert filled.exists()
    assert set(VipProfile.objects.values_list("customer_id", flat=True)) == set(
        filled.values_list("customer_id", flat=True)
    )


def test_the_demo_company_has_a_catalogue_priced_today_and_stock(db):
    _load(per_rep=2)
    company = demo_company()
    admin = User.objects.get(company=company, role=Role.ADMIN)
    today = timezone.localdate()
    packages = {p.name: p for p in catalogue_packages(user=admin)}
    assert set(packages) == {"大全套", "小全套"}
    assert price_on(user=admin, day=today, package_id=packages["大全套"].pk).amount == Decimal(
        "3980.00"
    )
    device = catalogue_products(user=admin).get(name="磁疗枕")
    assert device.category == ProductCategory.MEDICAL_DEVICE and device.registration_number
    room = store_rooms(user=admin).get()
    # 120 received, less what the last season's orders took
    taken = StockMovement.objects.filter(product=device, order__isnull=False).aggregate(
        n=Sum("change")
    )["n"]
    assert taken < 0
    level = stock_levels(user=admin, store_room_id=room.pk).get(product=device)
    assert level.quantity == 120 + taken
    assert AuditEntry.objects.filter(action="sales.stock.receipt").count() == 5


def test_the_demo_shows_the_second_half_of_the_process(db):
    # given the demo company, with its last season
    _load(per_rep=2)
    company = demo_company()
    tz = company.quiet_hours().tz
    start, end = local_day_bounds(now().astimezone(tz).date(), tz)
    # then orders in every state, a return, cases at every level and a closed one
    states = set(Order.objects.filter(company=company).values_list("state", flat=True))
    assert states == set(OrderState.values)
    assert Return.objects.filter(order__company=company).count() == 1
    open_levels = set(
        Case.objects.filter(company=company, state=CaseState.OPEN).values_list("level", flat=True)
    )
    assert open_levels == set(CaseLevel.values)
    assert Case.objects.filter(company=company, state=CaseState.CLOSED).exists()
    # programmes running, with tasks due today for reps, some done, some overdue
    tasks = ProgrammeTask.objects.filter(company=company)
    assert tasks.filter(state=TaskState.DONE).exists()
    due_today = tasks.filter(state=TaskState.OPEN, due_from__lt=end, due_until__gte=start)
    assert due_today.values("assigned_to").distinct().count() >= 6
    assert tasks.filter(state=TaskState.OPEN, due_until__lt=start).exists()
    # referrals, and last season's customers invited again to this season's gathering
    assert Customer.objects.filter(company=company, referrer__isnull=False).exists()
    season = Gathering.objects.get(company=company, name=SEASON_GATHERING)
    again = Invitation.objects.filter(customer__invitations__gathering=season).exclude(
        gathering=season
    )
    assert again.exists()
