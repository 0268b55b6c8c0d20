"""The demo company of ``make run``: loaded once, through the same services a rep uses.

The company's last two weeks are replayed in time order: each registration, stand note, call,
visit and withdrawal is recorded by its rep through ``customers.services`` and
``journey.services`` with the clock set to the moment it happened. So the journey state is
derived from touchpoints by the services themselves, every rule of the process is checked, and
registration times, consents and audit entries carry the dates they would have in real use.
Creating the org tree, the places, the stand and the gathering has no service yet: one summary
audit entry "demo.loaded" records it."""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

from django.db import transaction
from django.utils import timezone

from lianyi.core.audit import audit
from lianyi.customers.models import ContactChannel, Customer, Stand
from lianyi.customers.profiles import ProfileChange
from lianyi.customers.services import Registration
from lianyi.demo.catalogue import load_catalogue
from lianyi.demo.generator import (
    DEMO_PASSWORD,
    OrgSpec,
    Planner,
    create_org,
    create_places,
    gathering_start,
    local_today,
)
from lianyi.demo.history import WITHDRAW, Action, CustomerPlan
from lianyi.demo.oversight import load_duties
from lianyi.demo.season import load_season
from lianyi.gatherings.models import Gathering
from lianyi.journey import services as journey
from lianyi.journey.models import Touchpoint
from lianyi.journey.services import Contact, register_customer, withdraw_consent
from lianyi.org.models import Company, User
from lianyi.org.scoping import of_company

DEMO_COMPANY = "联谊健康科技有限公司"
DEMO_SEED = 20260101
DEMO_PER_REP = 52  # 12 reps x 52 = 624 customers
DEMO_ORG = OrgSpec(company=DEMO_COMPANY, departments=2, teams_per_department=2, reps_per_team=3)
STAND_DAYS_AGO = 14
GATHERING_NAME = "健康生活联谊会"


@dataclass
class LoadResult:
    created: bool
    customers: int
    touchpoints: int
    # Set when a real company is on this database: the demo is never loaded beside it.
    real_company: str = ""


def demo_company() -> Company | None:
    return Company.objects.filter(name=DEMO_COMPANY).order_by("pk").first()


@contextmanager
def clock_at(moment: datetime) -> Iterator[None]:
    """Run the services as if it were ``moment``: ``core.clock.now`` and every auto_now_add
    field read ``django.utils.timezone.now``. Only for replaying history in one thread."""
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def load_demo(*, per_rep: int = DEMO_PER_REP, seed: int = DEMO_SEED) -> LoadResult:
    """Load the demo company unless it is there already, or a real company (one made with
    ``create_company``) is: then change nothing."""
    existing = demo_company()
    real = Company.objects.exclude(name=DEMO_COMPANY).order_by("pk").first()
    if existing is None and real is not None:
        return LoadResult(created=False, customers=0, touchpoints=0, real_company=real.name)
    if existing is not None:
        return LoadResult(
            created=False,
            customers=Customer.objects.filter(of_company(existing.pk)).count(),
            touchpoints=Touchpoint.objects.filter(of_company(existing.pk)).count(),
        )
    with transaction.atomic():
        return _load(per_rep=per_rep, seed=seed)


def _load(*, per_rep: int, seed: int) -> LoadResult:
    rng = random.Random(seed)
    org = create_org(DEMO_ORG, rng)
    company = org.company
    create_places(company)
    today, tz = local_today(company)
    stand_day = today - timedelta(days=STAND_DAYS_AGO)
    stand = Stand.objects.create(
        company=company,
        name="翠苑社区健康咨询日",
        place="西湖区翠苑一区北门广场",
        held_on=stand_day,
    )
    gathering = Gathering.objects.create(
        company=company,
        name=GATHERING_NAME,
        starts_at=gathering_start(today, tz),
        venue="杭州市文化宫三楼大厅",
        capacity=400,  # this season and last season's customers invited again
    )
    planner = Planner(
        seed=rng.randrange(2**32),
        today=today,
        tz=tz,
        stand_days=[stand_day],
        gathering=GATHERING_NAME,
        company=company.name,
    )
    load_catalogue(admin=org.admin, today=today)
    # The last season first (its stand and gathering lie before this one's), so its buyers
    # are the existing customers of this season.
    load_season(
        company=company,
        reps=org.reps,
        staff=org.supervisors[0],
        today=today,
        tz=tz,
        seed=rng.randrange(2**32),
        replay=_replay,
        clock_at=clock_at,
        next_gathering=gathering,
        service=org.service,
    )
    plans = planner.demo(owners=len(org.reps), per_owner=per_rep)
    customer_ids: dict[int, int] = {}
    # In time order of registration, so a referrer is always registered before its referral.
    for made in sorted(plans, key=lambda p: (p.registered_at, p.index)):
        owner = org.reps[made.owner]
        customer_ids[made.index] = _register(made, owner, stand, customer_ids)
        for action in made.actions:
            with clock_at(action.at):
                _record(action, owner, customer_ids[made.index], gathering)
    duties = load_duties(
        supervisors=org.supervisors,
        today=today,
        tz=tz,
        seed=rng.randrange(2**32),
        clock_at=clock_at,
    )
    touchpoints = Touchpoint.objects.filter(of_company(company.pk)).count()
    audit(
        None,
        "demo.loaded",
        company,
        company=company,
        data={
            "users": len(org.users),
            "customers": len(plans),
            "touchpoints": touchpoints,
            "stand": stand.pk,
            "gathering": gathering.pk,
            "seed": seed,
            "duties": duties,
        },
    )
    customers = Customer.objects.filter(of_company(company.pk)).count()  # with last season's
    return LoadResult(created=True, customers=customers, touchpoints=touchpoints)


def _replay(
    made: CustomerPlan, owner: User, stand: Stand, gathering: Gathering, ids: dict[int, int]
) -> int:
    """Register one planned customer and record its history, each step at its moment."""
    customer_id = _register(made, owner, stand, ids)
    for action in made.actions:
        with clock_at(action.at):
            _record(action, owner, customer_id, gathering)
    return customer_id


def _register(made: CustomerPlan, owner: User, stand: Stand, ids: dict[int, int]) -> int:
    person = made.person
    items = ["contact", "profile"] + (["health_remarks"] if person.health_consent else [])
    with clock_at(made.registered_at):
        customer = register_customer(
            by=owner,
            data=Registration(
                name=person.name,
                sex=person.sex,
                phone=person.mobile,
                consent_items=items,
                birth_year=person.birth_year,
                district=person.district,
                compound=person.compound,
                work_unit=person.work_unit,
                building=person.building,
                companion_name=person.companion_name,
                stand_id=stand.pk if made.stand is not None else None,
                referrer_id=ids[made.referrer] if made.referrer is not None else None,
            ),
        )
    return customer.pk


DEMO_INTERESTS = ["广场舞", "太极拳", "带外孙", "养花", "书法", "下象棋", "旅游"]
DEMO_TIMES = ["工作日上午", "下午三点以后", "周末上午"]
DEMO_CHANNELS = [ContactChannel.PHONE, ContactChannel.VISIT, ContactChannel.WECHAT]


def _demo_profile(customer_id: int) -> ProfileChange:
    """The 贵宾档案表 of a demo customer, from its id (the generator's random stream stays as
    it is, so the same seed gives the same company)."""
    n = customer_id
    return ProfileChange(
        interests=DEMO_INTERESTS[n % len(DEMO_INTERESTS)],
        contact_times=DEMO_TIMES[n % len(DEMO_TIMES)],
        contact_channel=DEMO_CHANNELS[n % len(DEMO_CHANNELS)],
        heard_from="社区健康咨询点",
    )


def _record(action: Action, owner: User, customer_id: int, gathering: Gathering) -> Any:
    contact = Contact(occurred_at=action.at, notes=action.notes, repeat_reason=action.repeat_reason)
    common: dict[str, Any] = {"by": owner, "customer_id": customer_id, "contact": contact}
    if action.kind == WITHDRAW:
        return withdraw_consent(by=owner, customer_id=customer_id)
    if action.kind in ("stand_checkup", "stand_registration"):
        desk = "checkup" if action.kind == "stand_checkup" else "registration"
        return journey.record_stand_note(desk=desk, **common)
    if action.kind == "first_call":
        return journey.record_first_call(
            outcome=action.outcome, visit_slot=action.slot or (None, None), **common
        )
    if action.kind == "first_visit":
        return journey.record_first_visit(
            duration_minutes=action.duration,
            profile_completed=bool(action.profile_completed),
            profile=_demo_profile(customer_id) if action.profile_completed else None,
            **common,
        )
    if action.kind == "second_call":
        return journey.record_second_call(
            outcome=action.outcome,
            invitation_accepted=action.invitation_accepted,
            delivery_slot=action.slot or (None, None),
            gathering_id=gathering.pk,
            **common,
        )
    if action.kind == "second_visit":
        return journey.record_second_visit(
            invitation_handed_over=True,
            duration_minutes=action.duration,
            # the demo's history prints no invitation: each was handed over, confirmed so
            unprinted_confirmed=True,
            **common,
        )
    raise ValueError(f"unknown action {action.kind}")


@dataclass(frozen=True)
class Login:
    username: str
    role: str
    where: str


def demo_logins() -> list[Login]:
    """The demo's users, in the order a visitor would try them."""
    company = demo_company()
    if company is None:
        return []
    order = {"rep": 0, "supervisor": 1, "manager": 2, "admin": 3, "service": 4}
    users = User.objects.filter(of_company(company.pk)).select_related("team", "department")
    return [
        Login(
            username=u.username,
            role=str(u.get_role_display()),
            where=str(u.team or u.department or ""),
        )
        for u in sorted(users, key=lambda u: (order.get(u.role, 9), u.username))
    ]


__all__ = ["DEMO_PASSWORD", "LoadResult", "demo_logins", "load_demo"]
