"""Generated companies: the org tree, customers with their histories, and a bulk writer fast
enough for the benchmark's 200,000 customers.

Two ways to write the same plans:
- the demo (``lianyi.demo.loader``) replays them through the journey services;
- :func:`write_bulk` inserts rows directly (COPY on PostgreSQL) and computes the cached journey
  fields with ``journey.progress.derive`` from the very touchpoints it inserts, so they equal
  what ``journey.services.refresh_progress`` would write.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from dataclasses import fields as dataclass_fields
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.customers.models import (
    Consent,
    ConsentItem,
    Customer,
    HealthNote,
    Place,
    Source,
    Stand,
)
from lianyi.customers.names import pinyin_keys
from lianyi.demo.history import (
    CORE_SCENARIOS,
    LATEST_HISTORY_DAYS,
    REFERRAL_ONLY,
    REFERRAL_SHARE,
    STAND_ONLY,
    WITHDRAW,
    CustomerPlan,
    Historian,
    pick_scenario,
)
from lianyi.demo.people import People, places
from lianyi.gatherings.models import Gathering, Invitation, InvitationState
from lianyi.journey.models import Touchpoint
from lianyi.journey.progress import JourneyState, Rules, derive
from lianyi.org.models import Company, Department, Role, Team, User
from lianyi.org.scoping import of_company

DEMO_PASSWORD = "lianyi-demo"
CN_DIGITS = "一二三四五六七八九十"


@dataclass
class OrgSpec:
    company: str
    departments: int
    teams_per_department: int
    reps_per_team: int
    username_prefix: str = ""  # keeps a benchmark company's logins apart from the demo's
    password: str = DEMO_PASSWORD


@dataclass
class Org:
    company: Company
    reps: list[User]
    supervisors: list[User]
    managers: list[User]
    admin: User
    service: User
    users: list[User] = field(default_factory=list)


def _cn(n: int) -> str:
    return CN_DIGITS[n - 1] if 1 <= n <= 10 else str(n)


def create_org(spec: OrgSpec, rng: random.Random) -> Org:
    """Company, departments, teams (one supervisor each), reps, managers, an administrator and a
    customer-service user. Logins: rep01.., sup1.., mgr1.., admin, service (with the prefix)."""
    # The office, where delivery routes start: near West Lake, Hangzhou.
    company = Company.objects.create(
        name=spec.company,
        office_latitude=Decimal("30.259200"),
        office_longitude=Decimal("120.164300"),
    )
    namer = People(rng)
    password = make_password(spec.password)  # hashed once: hashing is slow by design
    p = spec.username_prefix
    rep_total = spec.departments * spec.teams_per_department * spec.reps_per_team
    width = max(2, len(str(rep_total)))
    users: list[User] = []

    def user(username: str, role: str, **where: Any) -> User:
        sex = rng.choice("FM")
        made = User(
            username=p + username,
            display_name=namer.full_name(sex),
            role=role,
            company=company,
            password=password,
            # staff joined before the demo's history starts: their duties are owed on each day of it
            date_joined=now() - timedelta(days=LATEST_HISTORY_DAYS + 30),
            **where,
        )
        users.append(made)
        return made

    reps: list[User] = []
    supervisors: list[User] = []
    managers: list[User] = []
    team_no = 0
    for d in range(1, spec.departments + 1):
        department = Department.objects.create(company=company, name=f"销售{_cn(d)}部")
        managers.append(user(f"mgr{d}", Role.MANAGER, department=department))
        for _t in range(spec.teams_per_department):
            team_no += 1
            team = Team.objects.create(department=department, name=f"{_cn(team_no)}组")
            supervisors.append(user(f"sup{team_no}", Role.SUPERVISOR, team=team))
            for _r in range(spec.reps_per_team):
                reps.append(user(f"rep{len(reps) + 1:0{width}d}", Role.REP, team=team))
    admin = user("admin", Role.ADMIN)
    service = user("service", Role.SERVICE)
    User.objects.bulk_create(users)
    saved = {u.username: u for u in User.objects.filter(of_company(company.pk))}
    return Org(
        company=company,
        reps=[saved[u.username] for u in reps],
        supervisors=[saved[u.username] for u in supervisors],
        managers=[saved[u.username] for u in managers],
        admin=saved[admin.username],
        service=saved[service.username],
        users=list(saved.values()),
    )


def create_places(company: Company) -> dict[tuple[str, str, str], Place]:
    """The city's compounds and work units, with coordinates."""
    Place.objects.bulk_create(
        [
            Place(
                company=company,
                kind=s.kind,
                district=s.district,
                name=s.name,
                latitude=s.latitude,
                longitude=s.longitude,
            )
            for s in places()
        ]
    )
    return {(p.kind, p.district, p.name): p for p in Place.objects.filter(of_company(company.pk))}


def local_today(company: Company) -> tuple[date, ZoneInfo]:
    tz = company.quiet_hours().tz
    return now().astimezone(tz).date(), tz


def gathering_start(today: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(today + timedelta(days=10), time(9, 30), tzinfo=tz)


# -- plans ------------------------------------------------------------------------------------
class Planner:
    """Customers and histories for a set of owners; referrers are earlier stand customers of
    the same owner, so the referral is visible to the rep who registers it."""

    def __init__(
        self,
        *,
        seed: int,
        today: date,
        tz: ZoneInfo,
        stand_days: list[date],
        gathering: str,
        company: str,
    ) -> None:
        latest = today - timedelta(days=LATEST_HISTORY_DAYS + 1)
        if any(day > latest for day in stand_days):
            raise ValueError(f"stands must be held on or before {latest}")
        self.rng = random.Random(seed)
        self.people = People(self.rng)
        self.historian = Historian(
            self.rng, today=today, tz=tz, gathering=gathering, company=company
        )
        self.stand_days = stand_days
        self.count = 0
        self._stand_customers: dict[int, list[int]] = {}

    def plan(self, owner: int, scenario: str) -> CustomerPlan:
        own = self._stand_customers.setdefault(owner, [])
        referral = bool(own) and (
            scenario in REFERRAL_ONLY
            or (scenario not in STAND_ONLY and self.rng.random() < REFERRAL_SHARE)
        )
        if not own and scenario in REFERRAL_ONLY:
            scenario = "first_call_overdue"  # a referral needs an existing customer first
        stand = self.rng.randrange(len(self.stand_days))
        made = self.historian.plan(
            index=self.count,
            scenario=scenario,
            person=self.people.person(),
            owner=owner,
            stand=stand,
            stand_day=self.stand_days[stand],
            referral=referral,
        )
        if made.stand is None:
            made.referrer = self.rng.choice(own)
        else:
            own.append(made.index)
        self.count += 1
        return made

    def demo(self, *, owners: int, per_owner: int) -> list[CustomerPlan]:
        """Each owner gets the core scenarios first (work due today, overdue, later), then a
        weighted random fill."""
        made: list[CustomerPlan] = []
        for owner in range(owners):
            names = CORE_SCENARIOS[:per_owner]
            names += [pick_scenario(self.rng) for _ in range(per_owner - len(names))]
            made.extend(self.plan(owner, name) for name in names)
        return made

    def stream(self, *, n: int, owners: int) -> Iterator[CustomerPlan]:
        """``n`` customers, each with a random owner and a weighted random scenario."""
        for _ in range(n):
            yield self.plan(self.rng.randrange(owners), pick_scenario(self.rng))


# -- the bulk writer -------------------------------------------------------------------------
Row = dict[str, Any]  # attname -> value; the columns left out take the field's default


def insert_rows(model: type[models.Model], rows: list[Row]) -> None:
    """Insert rows as given (ids, created_at and all): COPY on PostgreSQL, executemany
    elsewhere. No model instances, save() or signals: the caller made the rows consistent."""
    if not rows:
        return
    fields = model._meta.concrete_fields
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)

    def values(row: Row) -> list[Any]:
        return [row[f.attname] if f.attname in row else f.get_default() for f in fields]

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The PostgreSQL driver, only on the COPY path that runs on PostgreSQL.
            from psycopg.types.json import Jsonb

            json_at = [i for i, f in enumerate(fields) if isinstance(f, models.JSONField)]
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    line = values(row)
                    for i in json_at:
                        line[i] = Jsonb(line[i])
                    copy.write_row(line)
        else:
            marks = ", ".join(["%s"] * len(fields))
            prepared = [
                [
                    f.get_db_prep_save(v, connection)
                    for f, v in zip(fields, values(row), strict=True)
                ]
                for row in rows
            ]
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", prepared)


class _Ids:
    def __init__(self, model: type[models.Model]) -> None:
        last = model._default_manager.aggregate(m=models.Max("pk"))["m"] or 0
        self.next = last + 1

    def take(self) -> int:
        self.next += 1
        return self.next - 1


@dataclass
class BulkTarget:
    company: Company
    owners: list[User]
    stands: list[Stand]
    gathering: Gathering
    places: dict[tuple[str, str, str], Place]


@dataclass(slots=True)
class _Touch:
    """What ``derive`` reads of a touchpoint."""

    kind: str
    occurred_at: datetime
    outcome: str
    slot_start: datetime | None
    slot_end: datetime | None
    invitation_accepted: bool | None
    # Left out: the generated history is one round, derived as if no gathering were over yet.
    invitation_id: int | None = None


WRITTEN_MODELS: list[type[models.Model]] = [Customer, Consent, Invitation, Touchpoint, HealthNote]
JOURNEY_FIELDS = [f.name for f in dataclass_fields(JourneyState)]  # named as on Customer


def write_bulk(
    target: BulkTarget,
    plans: Iterable[CustomerPlan],
    *,
    chunk: int = 10_000,
    progress: Callable[[int], None] | None = None,
) -> dict[str, int]:
    """Write the plans' customers, consents, touchpoints, invitations and health notes, with
    their cached journey fields derived from those touchpoints. One transaction."""
    counts = dict.fromkeys(("customers", "touchpoints", "invitations"), 0)
    with transaction.atomic():
        writer = _BulkWriter(target)
        batch: list[CustomerPlan] = []
        for made in plans:
            batch.append(made)
            if len(batch) >= chunk:
                writer.write(batch, counts)
                batch = []
                if progress:
                    progress(counts["customers"])
        writer.write(batch, counts)
        if progress:
            progress(counts["customers"])
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), WRITTEN_MODELS):
                cursor.execute(sql)
        audit(None, "demo.generated", target.company, company=target.company, data=counts)
    return counts


class _BulkWriter:
    def __init__(self, target: BulkTarget) -> None:
        self.t = target
        self.rules = Rules.for_company(target.company)
        self.ids = {m: _Ids(m) for m in WRITTEN_MODELS}
        self.base = self.ids[Customer].next  # the customer of plan i gets id base + i
        self.place_ids = {key: place.pk for key, place in target.places.items()}
        self.stand_ids = [stand.pk for stand in target.stands]
        self.owner_ids = [owner.pk for owner in target.owners]
        self._pinyin: dict[str, tuple[str, str]] = {}

    def customer_id(self, index: int) -> int:
        return self.base + index

    def pinyin(self, name: str) -> tuple[str, str]:
        if name not in self._pinyin:
            self._pinyin[name] = pinyin_keys(name)
        return self._pinyin[name]

    def write(self, batch: list[CustomerPlan], counts: dict[str, int]) -> None:
        rows: dict[type[models.Model], list[Row]] = {m: [] for m in WRITTEN_MODELS}
        for made in batch:
            self._rows(made, rows)
        for model in WRITTEN_MODELS:
            insert_rows(model, rows[model])
        counts["customers"] += len(rows[Customer])
        counts["touchpoints"] += len(rows[Touchpoint])
        counts["invitations"] += len(rows[Invitation])

    def _rows(self, made: CustomerPlan, rows: dict[type[models.Model], list[Row]]) -> None:
        t, person = self.t, made.person
        owner = self.owner_ids[made.owner]
        customer_id = self.customer_id(made.index)
        full, initials = self.pinyin(person.name)
        customer: Row = {
            "id": customer_id,
            "company_id": t.company.pk,
            "owner_id": owner,
            "created_by_id": owner,
            "created_at": made.registered_at,
            "name": person.name,
            "sex": person.sex,
            "birth_year": person.birth_year,
            "mobile": "+86" + person.mobile,
            "mobile_tail": person.mobile[-4:],
            "district": person.district,
            "compound_id": self.place_ids.get(("compound", person.district, person.compound)),
            "work_unit_id": self.place_ids.get(("work_unit", person.district, person.work_unit)),
            "building": person.building,
            "companion_name": person.companion_name,
            "source": Source.STAND if made.stand is not None else Source.REFERRAL,
            "stand_id": self.stand_ids[made.stand] if made.stand is not None else None,
            "referrer_id": self.customer_id(made.referrer) if made.referrer is not None else None,
            "pinyin_full": full,
            "pinyin_initials": initials,
            "consent_contact": True,
            "consent_health": person.health_consent,
            "do_not_contact": False,
        }
        items = [ConsentItem.CONTACT, ConsentItem.PROFILE]
        if person.health_consent:
            items.append(ConsentItem.HEALTH_REMARKS)
        consent: Row = {
            "id": self.ids[Consent].take(),
            "customer_id": customer_id,
            "items": sorted(str(i) for i in items),
            "notice_version": t.company.consent_notice_version,
            "taken_by_id": owner,
            "taken_at": made.registered_at,
            "withdrawn_at": None,
            "withdrawn_by_id": None,
        }
        touches: list[_Touch] = []
        invitation: Row | None = None
        for action in made.actions:
            if action.kind == WITHDRAW:
                consent["withdrawn_at"], consent["withdrawn_by_id"] = action.at, owner
                customer["consent_contact"] = customer["consent_health"] = False
                continue
            slot_start, slot_end = action.slot or (None, None)
            tp: Row = {
                "id": self.ids[Touchpoint].take(),
                "company_id": t.company.pk,
                "customer_id": customer_id,
                "kind": action.kind,
                "by_id": owner,
                "occurred_at": action.at,
                "created_at": action.at,
                "duration_minutes": action.duration,
                "outcome": action.outcome,
                # the check-up desk's remark is health information, kept apart (HealthNote)
                "notes": "" if action.kind == "stand_checkup" else action.notes,
                "repeat_reason": action.repeat_reason,
                "slot_start": slot_start,
                "slot_end": slot_end,
                "profile_completed": action.profile_completed,
                "invitation_accepted": action.invitation_accepted,
                "invitation_id": None,
            }
            if action.kind == "stand_checkup" and action.notes:
                rows[HealthNote].append(
                    {
                        "id": self.ids[HealthNote].take(),
                        "customer_id": customer_id,
                        "text": action.notes,
                        "written_by_id": owner,
                        "written_at": action.at,
                    }
                )
            if action.outcome == "do_not_contact":
                customer["do_not_contact"] = True
            if action.kind == "second_call" and action.invitation_accepted and action.slot:
                invitation = {
                    "id": self.ids[Invitation].take(),
                    "company_id": t.company.pk,
                    "gathering_id": t.gathering.pk,
                    "customer_id": customer_id,
                    "guest_names": [n for n in (person.name, person.companion_name) if n],
                    "state": InvitationState.ISSUED,
                    "delivery_slot_start": slot_start,
                    "delivery_slot_end": slot_end,
                    "issued_by_id": owner,
                    "issued_at": action.at,
                    "delivered_at": None,
                }
                tp["invitation_id"] = invitation["id"]
                rows[Invitation].append(invitation)
            if action.kind == "second_visit" and invitation is not None:
                invitation["state"] = InvitationState.DELIVERED
                invitation["delivered_at"] = action.at
                tp["invitation_id"] = invitation["id"]
            rows[Touchpoint].append(tp)
            touches.append(
                _Touch(
                    action.kind,
                    action.at,
                    action.outcome,
                    slot_start,
                    slot_end,
                    action.invitation_accepted,
                )
            )
        state = derive(
            touches,
            rules=self.rules,
            referred_at=made.registered_at if made.referrer is not None else None,
            contactable=customer["consent_contact"] and not customer["do_not_contact"],
        )
        for name in JOURNEY_FIELDS:
            customer[name] = getattr(state, name)
        rows[Customer].append(customer)
        rows[Consent].append(consent)
