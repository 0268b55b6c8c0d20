"""Reads for boarding and the door: the gathering a user may scan for, the invitations a manual
search may find, and the counts a scanner shows (bus headcount against its manifest, the door)."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import connection
from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Left, Replace, Upper
from django.utils import timezone

from lianyi.core.errors import NotFound
from lianyi.core.rows import from_row
from lianyi.gatherings.models import (
    Bus,
    CheckIn,
    CheckInList,
    Gathering,
    GatheringState,
    Invitation,
    InvitationState,
    StaffAssignment,
)
from lianyi.org.models import Company
from lianyi.org.scoping import company_scope, of_company, owner_scope

MANUAL_MATCH_LIMIT = 10
MAX_ID = 2**63 - 1  # a bigint primary key: past it nothing can match
_GATHERING_SQL = (
    "SELECT g.id, g.company_id, g.name, g.starts_at, g.ends_at, g.state, "
    "c.checkin_opens_minutes_before AS scan_opens_before, "
    "c.checkin_closes_minutes_after AS scan_closes_after "
    "FROM {gathering} g INNER JOIN {company} c ON c.id = g.company_id "
    "WHERE g.company_id = %s AND g.id = %s"
)


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "gathering": quote(Gathering._meta.db_table),
        "company": quote(Company._meta.db_table),
    }


# Older gatherings were planned without an end time: taken as half a day long.
ASSUMED_LENGTH = timedelta(hours=4)


@dataclass(frozen=True)
class CheckInWindow:
    """When scanning (boarding and the door) is open: [opens_at, closes_at]."""

    opens_at: datetime
    closes_at: datetime

    def is_open(self, at: datetime) -> bool:
        return self.opens_at <= at <= self.closes_at


def checkin_window(*, gathering: Gathering) -> CheckInWindow:
    """The company's ``checkin_opens_minutes_before`` the start to its
    ``checkin_closes_minutes_after`` the end (the gathering's company is read with it by
    :func:`check_in_gathering`)."""
    company = gathering.company
    end = gathering.ends_at or gathering.starts_at + ASSUMED_LENGTH
    return CheckInWindow(
        opens_at=gathering.starts_at - timedelta(minutes=company.checkin_opens_minutes_before),
        closes_at=end + timedelta(minutes=company.checkin_closes_minutes_after),
    )


def scannable_gatherings(*, user: Any, at: datetime | None = None) -> QuerySet[Gathering]:
    """The company's gatherings that still take check-ins, the soonest first: not closed, and
    their check-in window (:func:`checkin_window`) not yet over at ``at`` (default now)."""
    if not getattr(user, "company_id", None):
        return Gathering.objects.none()
    closes_after = (
        Company.objects.filter(pk=user.company_id)
        .values_list("checkin_closes_minutes_after", flat=True)
        .first()
    )
    # a window closes `closes_after` minutes after the end: it is still open at `at` when the
    # end is no earlier than this
    ended_by = (at or timezone.now()) - timedelta(minutes=closes_after or 0)
    return (
        Gathering.objects.filter(company_scope(user))
        .exclude(state=GatheringState.CLOSED)
        .filter(
            Q(ends_at__gte=ended_by)
            | Q(ends_at__isnull=True, starts_at__gte=ended_by - ASSUMED_LENGTH)
        )
        .order_by("starts_at", "id")
    )


def check_in_gathering(*, user: Any, gathering_id: Any) -> Gathering:
    """A gathering of the user's company (closed ones too: a scan there answers "closed");
    a missing id and another company's raise the same NotFound."""
    try:
        pk = int(gathering_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not getattr(user, "company_id", None):
        raise NotFound()
    if not 0 < pk <= MAX_ID:
        raise NotFound()
    # With the company's check-in window (and the company for the audit entry); only the
    # columns a scan and the scanner page use. Written out: it runs on every scan, and its ORM
    # form cost more CPU to compile than PostgreSQL spent running it.
    with connection.cursor() as cursor:
        cursor.execute(_GATHERING_SQL.format(**_tables()), [user.company_id, pk])
        row = cursor.fetchone()
    if row is None:
        raise NotFound()
    fields = _gathering_fields()
    gathering = from_row(Gathering, fields, row[: len(fields)])
    opens_before, closes_after = row[len(fields) :]
    gathering.company = Company(
        pk=gathering.company_id,
        checkin_opens_minutes_before=opens_before,
        checkin_closes_minutes_after=closes_after,
    )
    return gathering


@functools.cache
def _gathering_fields() -> list[Any]:
    """The gathering's fields that :data:`_GATHERING_SQL` reads, in its order."""
    return [
        Gathering._meta.get_field(name)
        for name in ("id", "company", "name", "starts_at", "ends_at", "state")
    ]


def buses_of(*, gathering: Gathering) -> QuerySet[Bus]:
    return gathering.buses.order_by("name", "id")


def manual_scope(*, user: Any, gathering: Gathering) -> Q:
    """Whose invitations a manual search (mobile tail + surname) may find: the user's own
    customers' (the customers scoping door), and the whole guest list of a gathering the user
    is on the staff of (host, registrar, ...). A token needs no scope: holding it is the proof;
    a search by name does not, so it stays inside what the user may see anyway."""
    scope = owner_scope(user, prefix="customer__")
    if StaffAssignment.objects.filter(gathering=gathering, user_id=user.pk).exists():
        scope = scope | (Q(gathering_id=gathering.pk) & of_company(gathering.company_id))
    return scope


def manual_matches(
    *, user: Any, gathering: Gathering, mobile_tail: str, surname: str
) -> tuple[list[int], bool]:
    """The ids of this gathering's invitations in scope whose customer's mobile ends with
    ``mobile_tail`` and whose name starts with ``surname``; and whether the same search finds
    one for another gathering of the company (when it finds none here)."""
    matching = Invitation.objects.filter(
        manual_scope(user=user, gathering=gathering),
        of_company(gathering.company_id),
        customer__mobile_tail=mobile_tail,
        customer__name__startswith=surname,
    )
    here = list(
        matching.filter(gathering=gathering).values_list("pk", flat=True)[:MANUAL_MATCH_LIMIT]
    )
    elsewhere = not here and matching.exclude(gathering=gathering).exists()
    return here, elsewhere


def short_code_matches(*, company_id: int, prefix: str) -> list[int]:
    """The company's invitations whose token starts with ``prefix``, a short code in its normal
    spelling (:func:`lianyi.gatherings.models.normal_short_code`), the token's start read the
    same way (at most two: one is an answer, two are ambiguous). Holding the printed code is
    holding the invitation, so like a token it needs no scope. Typed by hand only, so reading
    the start of each of the company's tokens is cheap enough."""
    code: Any = Upper(Left("token", len(prefix)))
    for lookalike, same in (("O", "0"), ("I", "1"), ("L", "1"), ("_", "-")):
        code = Replace(code, Value(lookalike), Value(same))
    rows = Invitation.objects.filter(of_company(company_id)).annotate(code=code)
    return list(rows.filter(code=prefix).values_list("pk", flat=True)[:2])


@dataclass(frozen=True)
class BusHeadcount:
    bus_id: int
    name: str
    seats: int
    manifest_households: int  # invitations assigned to the bus, revoked ones excluded
    manifest_guests: int  # the named guests on them
    boarded_households: int
    boarded_guests: int
    off_manifest_households: int  # boarded this bus without being assigned to it
    off_manifest_guests: int

    @property
    def missing_guests(self) -> int:
        """Guests on the manifest who have not boarded yet."""
        return self.manifest_guests - (self.boarded_guests - self.off_manifest_guests)


def bus_headcounts(*, gathering: Gathering) -> list[BusHeadcount]:
    """Each bus's headcount against its manifest, for the boarding view before departure."""
    manifest: dict[int, list[int]] = {}
    assigned = (
        Invitation.objects.filter(gathering=gathering, bus__isnull=False)
        .exclude(state=InvitationState.REVOKED)
        .values_list("bus_id", "guest_names")
    )
    for bus_id, names in assigned:
        households_guests = manifest.setdefault(bus_id, [0, 0])
        households_guests[0] += 1
        households_guests[1] += len(names or [])
    boarded: dict[int, list[int]] = {}
    check_ins = CheckIn.objects.filter(
        gathering=gathering, list_kind=CheckInList.BOARDING, bus__isnull=False
    ).values_list("bus_id", "guests", "invitation__bus_id")
    for bus_id, guests, assigned_bus_id in check_ins:
        row = boarded.setdefault(bus_id, [0, 0, 0, 0])
        row[0] += 1
        row[1] += guests
        if assigned_bus_id != bus_id:
            row[2] += 1
            row[3] += guests
    rows = []
    for bus in buses_of(gathering=gathering):
        m = manifest.get(bus.pk, [0, 0])
        b = boarded.get(bus.pk, [0, 0, 0, 0])
        rows.append(
            BusHeadcount(
                bus_id=bus.pk,
                name=bus.name,
                seats=bus.seats,
                manifest_households=m[0],
                manifest_guests=m[1],
                boarded_households=b[0],
                boarded_guests=b[1],
                off_manifest_households=b[2],
                off_manifest_guests=b[3],
            )
        )
    return rows


def bus_headcount(*, gathering: Gathering, bus_id: int) -> BusHeadcount | None:
    return next((row for row in bus_headcounts(gathering=gathering) if row.bus_id == bus_id), None)


@dataclass(frozen=True)
class DoorCount:
    expected_households: int  # invitations not revoked
    expected_guests: int
    admitted_households: int
    admitted_guests: int


def door_count(*, gathering: Gathering) -> DoorCount:
    expected = list(
        Invitation.objects.filter(gathering=gathering)
        .exclude(state=InvitationState.REVOKED)
        .values_list("guest_names", flat=True)
    )
    admitted = list(
        CheckIn.objects.filter(gathering=gathering, list_kind=CheckInList.DOOR).values_list(
            "guests", flat=True
        )
    )
    return DoorCount(
        expected_households=len(expected),
        expected_guests=sum(len(names or []) for names in expected),
        admitted_households=len(admitted),
        admitted_guests=sum(admitted),
    )


def check_in_to_undo(
    *, user: Any, gathering_id: Any, invitation_id: Any, list_kind: str
) -> CheckIn:
    """The invitation's check-in on ``list_kind`` that a planner is about to undo, with its
    invitation, who scanned it and the bus: only an invitation the user may see (the customers'
    scoping door) of a gathering of the user's company; else ``NotFound``."""
    try:
        gathering_pk, invitation_pk = int(gathering_id), int(invitation_id)
    except (TypeError, ValueError):
        raise NotFound() from None
    if not (0 < gathering_pk <= MAX_ID and 0 < invitation_pk <= MAX_ID):
        raise NotFound()
    if list_kind not in CheckInList.values or not getattr(user, "company_id", None):
        raise NotFound()
    found = (
        CheckIn.objects.filter(
            owner_scope(user, prefix="invitation__customer__"),
            company_scope(user, prefix="gathering__"),
            gathering_id=gathering_pk,
            invitation_id=invitation_pk,
            list_kind=list_kind,
        )
        .select_related("invitation", "gathering", "by", "bus")
        .first()
    )
    if found is None:
        raise NotFound()
    return found
