"""Fixtures shared by every test area: a small company with two departments and the people in
it, and helpers to put a customer at any step of the journey."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone, translation

from lianyi.customers.models import Customer, Stand
from lianyi.customers.services import Registration
from lianyi.gatherings.models import Gathering
from lianyi.journey import services as journey
from lianyi.journey.services import Contact, register_customer
from lianyi.org.models import Company, Role, User
from tests.factories import (
    CompanyFactory,
    DepartmentFactory,
    GatheringFactory,
    StandFactory,
    TeamFactory,
    UserFactory,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")


def postgres_only_skip(vendor: str) -> pytest.MarkDecorator | None:
    """How a ``@pytest.mark.postgres`` test (row locks, concurrent writers) is collected on the
    database ``vendor``: run whenever it is PostgreSQL (``DATABASE_URL=postgres://...``, as in
    ``make test`` and ``.ci/run``'s second pass), else skipped with the reason."""
    if vendor == "postgresql":
        return None
    return pytest.mark.skip(
        reason=f"needs PostgreSQL: row locks and concurrent writers (the database is {vendor}; "
        "set DATABASE_URL=postgres://...)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    skip = postgres_only_skip(connection.vendor)
    if skip is None:
        return
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings) -> None:  # type: ignore[no-untyped-def]
    """The shared world creates a dozen users; PBKDF2 would spend seconds per test on them.
    Hashing strength is not what these tests are about."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def immediate_tasks(settings) -> None:  # type: ignore[no-untyped-def]
    """Background tasks run at once, in the test's thread (after the commit that enqueues them);
    tests of the real worker process set the database backend back."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture
def cjk_font() -> None:
    """The invitation PDF needs a system CJK font: its absence fails the test with the command."""
    from lianyi.gatherings import documents

    if not documents.cjk_font_available():
        pytest.fail(
            "No CJK font (fc-list :lang=zh finds none): run `make browsers` "
            "or `sudo apt-get install fonts-noto-cjk fontconfig`.",
            pytrace=False,
        )


@pytest.fixture(autouse=True)
def default_language() -> Iterator[None]:
    """Each test starts in Chinese: a request in English activates English in this thread, and
    the test client runs requests in the test's own thread."""
    with translation.override(settings.LANGUAGE_CODE):
        yield


@dataclass
class World:
    """Company A: department 1 (teams 1a, 1b) and department 2 (team 2a); company B apart."""

    company: Company
    rep: User  # team 1a
    rep_same_team: User  # team 1a
    rep_other_team: User  # team 1b, same department
    rep_other_dept: User  # team 2a
    supervisor: User  # team 1a
    supervisor_other_team: User  # team 1b
    manager: User  # department 1
    manager_other_dept: User  # department 2
    admin: User
    service: User
    event_staff: User
    outsider_admin: User  # company B
    stand: Stand
    gathering: Gathering


@pytest.fixture
def world(db: None) -> World:
    company = CompanyFactory(name="联谊健康科技")
    dept1 = DepartmentFactory(company=company, name="销售一部")
    dept2 = DepartmentFactory(company=company, name="销售二部")
    team1a = TeamFactory(department=dept1, name="一组")
    team1b = TeamFactory(department=dept1, name="二组")
    team2a = TeamFactory(department=dept2, name="三组")
    other = CompanyFactory(name="别家公司")

    def user(name: str, role: str, team=None, department=None, comp=company) -> User:
        return UserFactory(
            username=name,
            display_name=name,
            role=role,
            team=team,
            department=department,
            company=comp,
        )

    return World(
        company=company,
        rep=user("rep_a", Role.REP, team1a),
        rep_same_team=user("rep_a2", Role.REP, team1a),
        rep_other_team=user("rep_b", Role.REP, team1b),
        rep_other_dept=user("rep_c", Role.REP, team2a),
        supervisor=user("sup_a", Role.SUPERVISOR, team1a),
        supervisor_other_team=user("sup_b", Role.SUPERVISOR, team1b),
        manager=user("mgr_1", Role.MANAGER, department=dept1),
        manager_other_dept=user("mgr_2", Role.MANAGER, department=dept2),
        admin=user("admin", Role.ADMIN),
        service=user("service", Role.SERVICE),
        event_staff=user("staff", Role.EVENT_STAFF),
        outsider_admin=user("other_admin", Role.ADMIN, comp=other),
        stand=StandFactory(company=company),
        gathering=GatheringFactory(company=company),
    )


_phone_counter = iter(range(10_000_000))


def next_mobile() -> str:
    return f"139{next(_phone_counter):08d}"


def at_local(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def make_customer(
    world: World,
    *,
    owner: User | None = None,
    step: int = 1,
    name: str = "张桂兰",
    sex: str = "F",
    mobile: str | None = None,
    health_consent: bool = False,
    companion_sex: str = "",
    compound: str = "幸福里小区",
) -> Customer:
    """A customer owned by ``owner`` (default world.rep), walked through the services up to
    ``step`` (0 = registered at the stand, 1 = both stand notes, ... 5 = invitation delivered).
    History is dated in the past so that every rule of the process holds."""
    owner = owner or world.rep
    items = ["contact", "profile"] + (["health_remarks"] if health_consent else [])
    customer = register_customer(
        by=owner,
        data=Registration(
            name=name,
            sex=sex,
            phone=mobile or next_mobile(),
            consent_items=items,
            birth_year=1956,
            district="朝阳区",
            compound=compound,
            building="3号楼2单元501",
            companion_name="李建国",
            companion_sex=companion_sex,
            stand_id=world.stand.pk,
        ),
    )
    today = timezone.localdate()
    start = today - dt.timedelta(days=10)
    if step >= 1:
        for desk in ("checkup", "registration"):
            journey.record_stand_note(
                by=owner,
                customer_id=customer.pk,
                desk=desk,
                contact=Contact(occurred_at=at_local(start, 10)),
            )
    if step >= 2:
        visit_day = start + dt.timedelta(days=1)
        journey.record_first_call(
            by=owner,
            customer_id=customer.pk,
            outcome="agreed",
            contact=Contact(occurred_at=at_local(visit_day - dt.timedelta(days=0), 9)),
            visit_slot=(at_local(visit_day, 15), at_local(visit_day, 16)),
        )
    if step >= 3:
        journey.record_first_visit(
            by=owner,
            customer_id=customer.pk,
            duration_minutes=45,
            profile_completed=True,
            contact=Contact(occurred_at=at_local(start + dt.timedelta(days=1), 15, 10)),
        )
    if step >= 4:
        call_day = start + dt.timedelta(days=2)
        journey.record_second_call(
            by=owner,
            customer_id=customer.pk,
            outcome="agreed",
            contact=Contact(occurred_at=at_local(call_day, 10)),
            invitation_accepted=True,
            delivery_slot=(
                at_local(call_day + dt.timedelta(days=1), 15),
                at_local(call_day + dt.timedelta(days=1), 16),
            ),
            gathering_id=world.gathering.pk,
        )
    if step >= 5:
        journey.record_second_visit(
            by=owner,
            customer_id=customer.pk,
            invitation_handed_over=True,
            contact=Contact(occurred_at=at_local(start + dt.timedelta(days=3), 15, 20)),
            # handed over unprinted, confirmed: the world prints nothing unless a test does
            unprinted_confirmed=True,
        )
    customer.refresh_from_db()
    return customer
