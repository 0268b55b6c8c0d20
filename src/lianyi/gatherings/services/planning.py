"""Planning a gathering: its times and venue, programme, staff, buses with stops, tables, and
which bus and stop each household takes. Seats and the venue's capacity are enforced under row
locks: the gathering for its capacity, a bus for its seats."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.clock import now
from lianyi.core.errors import Conflict, CoreCode, DomainError, NotFound, Problems
from lianyi.core.fields import require_moment_in_range
from lianyi.core.lookup import get_by_id
from lianyi.core.validation import clean_text, require_text
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.locks import (
    lock_all_invitations,
    lock_bus,
    lock_gathering_row,
    lock_invitation_in,
)
from lianyi.gatherings.models import (
    Bus,
    BusStop,
    Gathering,
    Invitation,
    InvitationState,
    ProgrammeItem,
    ProgrammeKind,
    Seat,
    StaffAssignment,
    StaffRole,
    Table,
)
from lianyi.gatherings.selectors.planning import (
    bus_headcount,
    company_staff,
    get_gathering,
    guests_of,
    invited_guests,
    visible_invitations,
)
from lianyi.gatherings.selectors.seating import visible_seats
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.org.scoping import company_id_of


@dataclass
class GatheringData:
    name: str
    starts_at: datetime
    ends_at: datetime
    venue: str
    capacity: int
    venue_address: str = ""
    delivery_from: date | None = None


GATHERING_FIELDS = [
    "name",
    "starts_at",
    "ends_at",
    "venue",
    "venue_address",
    "capacity",
    "delivery_from",
]


def lock_gathering(*, by: User, gathering_id: int) -> Gathering:
    """The gathering, in the planner's company, locked for a decision on its capacity."""
    require_capability(by, Capability.GATHERINGS_PLAN)
    return lock_gathering_row(get_gathering(user=by, gathering_id=gathering_id).pk)


def table_seats(gathering: Gathering, *, exclude_id: int | None = None) -> int:
    tables = Table.objects.filter(gathering=gathering)
    if exclude_id is not None:
        tables = tables.exclude(pk=exclude_id)
    return sum(tables.values_list("seats", flat=True))


def _over_capacity(gathering: Gathering, needed: int, *, what: str) -> DomainError:
    """What passes the venue's capacity, said as it is: the total it would reach and by how
    much it is over ("还需 430 个位置" read as 430 more seats missing, when 430 was the total)."""
    values = {"capacity": gathering.capacity, "needed": needed, "over": needed - gathering.capacity}
    if what == "seats":
        message = _(
            "餐桌座位将达 %(needed)s 个，超过场地容纳人数 %(capacity)s 人，多出 %(over)s 个。"
        )
    else:
        message = _(
            "受邀嘉宾将达 %(needed)s 人，超过场地容纳人数 %(capacity)s 人，多出 %(over)s 人。"
        )
    return Conflict(
        message % values,
        code=GatheringCode.CAPACITY_EXCEEDED,
        extra={"field": "capacity", **values},
    )


def _capacity_too_small(capacity: int, *, seats: int, guests: int) -> DomainError:
    needed = max(seats, guests)
    return Conflict(
        _("已有 %(guests)s 位受邀嘉宾、%(seats)s 个餐桌座位，容纳人数不能少于 %(needed)s。")
        % {"guests": guests, "seats": seats, "needed": needed},
        code=GatheringCode.CAPACITY_EXCEEDED,
        extra={"field": "capacity", "capacity": capacity, "needed": needed},
    )


def ensure_room_for_guests(
    gathering: Gathering, guests: int, *, exclude_id: int | None = None
) -> None:
    """Refuses invitations whose named guests would pass the venue's capacity. The caller holds
    the gathering's row lock (``gatherings.locks.lock_gathering_row``)."""
    total = invited_guests(gathering, exclude_id=exclude_id) + guests
    if total > gathering.capacity:
        raise _over_capacity(gathering, total, what="guests")


# A gathering is an afternoon or a day; an end days later is a typing mistake.
MAX_GATHERING_DURATION = timedelta(hours=24)


def _clean(data: GatheringData, *, planned_start: datetime | None = None) -> GatheringData:
    """``planned_start`` is the start already planned (on an update): keeping it is allowed
    once it has passed, moving a gathering into the past is not."""
    problems = Problems()  # every problem of the form at once
    name = venue = address = ""
    with problems.check():
        name = require_text(data.name, field="name", label=_("名称"), max_length=100)
    with problems.check():
        venue = require_text(data.venue, field="venue", label=_("场地"), max_length=200)
    with problems.check():
        address = clean_text(
            data.venue_address, field="venue_address", label=_("场地地址"), max_length=300
        )
    times = Problems()
    with times.check():
        require_moment_in_range(data.starts_at, field="starts_at")
    with times.check():
        require_moment_in_range(data.ends_at, field="ends_at")
    problems.errors.extend(times.errors)
    with problems.check():
        if times:
            pass  # the times themselves were refused: comparing them says nothing more
        elif data.ends_at <= data.starts_at:
            raise DomainError(
                _("结束时间必须晚于开始时间。"),
                code=GatheringCode.ENDS_BEFORE_START,
                extra={"field": "ends_at"},
            )
        elif data.ends_at - data.starts_at > MAX_GATHERING_DURATION:
            raise DomainError(
                _("联谊会最长 %(hours)s 小时，请检查结束时间。")
                % {"hours": int(MAX_GATHERING_DURATION.total_seconds() // 3600)},
                code=GatheringCode.TOO_LONG,
                extra={"field": "ends_at"},
            )
    with problems.check():
        if not times and data.starts_at < now() and data.starts_at != planned_start:
            raise DomainError(
                _("开始时间已经过去，联谊会只能安排在将来。"),
                code=GatheringCode.STARTS_IN_PAST,
                extra={"field": "starts_at"},
            )
    with problems.check():
        if data.capacity is None or data.capacity < 1:
            raise DomainError(
                _("容纳人数至少为 1。"), code=CoreCode.INVALID, extra={"field": "capacity"}
            )
    with problems.check():
        if (
            not times
            and data.delivery_from is not None
            and data.delivery_from > timezone.localdate(data.starts_at)
        ):
            raise DomainError(
                _("送函开始日期必须在联谊会之前。"),
                code=GatheringCode.OUTSIDE_GATHERING,
                extra={"field": "delivery_from"},
            )
    problems.raise_any()
    return GatheringData(
        name=name,
        # In UTC, as the database gives them back, so that the audit diff sees real changes only.
        starts_at=data.starts_at.astimezone(UTC),
        ends_at=data.ends_at.astimezone(UTC),
        venue=venue,
        capacity=data.capacity,
        venue_address=address,
        delivery_from=data.delivery_from,
    )


@transaction.atomic
def create_gathering(*, by: User, data: GatheringData) -> Gathering:
    require_capability(by, Capability.GATHERINGS_PLAN)
    clean = _clean(data)
    gathering = Gathering.objects.create(
        company_id=company_id_of(by), **{name: getattr(clean, name) for name in GATHERING_FIELDS}
    )
    audit(by, "gatherings.gathering.created", gathering, data=snapshot(gathering, GATHERING_FIELDS))
    return gathering


@transaction.atomic
def update_gathering(*, by: User, gathering_id: int, data: GatheringData) -> Gathering:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    clean = _clean(data, planned_start=gathering.starts_at)
    seats, guests = table_seats(gathering), invited_guests(gathering)
    if clean.capacity < max(seats, guests):
        raise _capacity_too_small(clean.capacity, seats=seats, guests=guests)
    outside = gathering.programme.exclude(
        starts_at__gte=clean.starts_at, ends_at__lte=clean.ends_at
    )
    if outside.exists():
        raise DomainError(
            _("有节目不在新的时间范围内，请先调整节目。"),
            code=GatheringCode.OUTSIDE_GATHERING,
            extra={"field": "starts_at"},
        )
    if BusStop.objects.filter(bus__gathering=gathering, pickup_at__gte=clean.starts_at).exists():
        raise DomainError(
            _("有接人时间不早于新的开始时间，请先调整上车点。"),
            code=GatheringCode.PICKUP_AFTER_START,
            extra={"field": "starts_at"},
        )
    before = snapshot(gathering, GATHERING_FIELDS)
    for name in GATHERING_FIELDS:
        setattr(gathering, name, getattr(clean, name))
    gathering.save(update_fields=GATHERING_FIELDS)
    audit(by, "gatherings.gathering.updated", gathering, changes=diff(before, gathering))
    return gathering


def _already(message: str) -> Conflict:
    return Conflict(message, code=GatheringCode.ALREADY_PLANNED)


@transaction.atomic
def add_programme_item(
    *, by: User, gathering_id: int, kind: str, title: str, starts_at: datetime, ends_at: datetime
) -> ProgrammeItem:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    if kind not in ProgrammeKind.values:
        raise DomainError(_("请选择节目类型。"), code=CoreCode.INVALID, extra={"field": "kind"})
    title = require_text(title, field="title", label=_("标题"), max_length=100)
    if ends_at <= starts_at:
        raise DomainError(
            _("结束时间必须晚于开始时间。"),
            code=GatheringCode.ENDS_BEFORE_START,
            extra={"field": "ends_at"},
        )
    end = gathering.ends_at
    if starts_at < gathering.starts_at or (end is not None and ends_at > end):
        raise DomainError(
            _("节目必须安排在联谊会的时间之内。"),
            code=GatheringCode.OUTSIDE_GATHERING,
            extra={"field": "starts_at"},
        )
    item = ProgrammeItem.objects.create(
        gathering=gathering, kind=kind, title=title, starts_at=starts_at, ends_at=ends_at
    )
    audit(
        by,
        "gatherings.programme.added",
        gathering,
        data={"item": item.pk, "kind": kind, "title": title, "starts_at": starts_at},
    )
    return item


@transaction.atomic
def remove_programme_item(*, by: User, gathering_id: int, item_id: int) -> None:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    item = get_by_id(gathering.programme.all(), item_id)
    audit(
        by,
        "gatherings.programme.removed",
        gathering,
        data={
            "item": item.pk,
            "title": item.title,
            "kind": item.kind,
            "starts_at": item.starts_at,
            "ends_at": item.ends_at,
        },
    )
    item.delete()


def _refuse_if_others_hold(all_rows: Any, visible_rows: Any, message: str) -> None:
    """A table, bus or stop is the gathering's, but the guests on it belong to their reps:
    removing it would unseat or unbook guests outside the planner's scope, which the planner
    may not do one by one either. An administrator's scope holds every guest."""
    if all_rows.count() != visible_rows.count():
        raise Conflict(message, code=GatheringCode.HOLDS_OTHER_GUESTS)


@transaction.atomic
def assign_staff(*, by: User, gathering_id: int, user_id: int, role: str) -> StaffAssignment:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    if role not in StaffRole.values:
        raise DomainError(_("请选择角色。"), code=CoreCode.INVALID, extra={"field": "role"})
    try:
        member = get_by_id(company_staff(user=by), user_id)
    except NotFound:
        raise DomainError(
            _("只能安排本公司的员工。"),
            code=GatheringCode.STAFF_NOT_IN_COMPANY,
            extra={"field": "user_id"},
        ) from None
    try:
        with transaction.atomic():
            assignment = StaffAssignment.objects.create(gathering=gathering, user=member, role=role)
    except IntegrityError:
        raise _already(_("该员工已担任这个角色。")) from None
    audit(by, "gatherings.staff.assigned", gathering, data={"user": member.pk, "role": role})
    return assignment


@transaction.atomic
def remove_staff(*, by: User, gathering_id: int, assignment_id: int) -> None:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    assignment = get_by_id(gathering.staff.all(), assignment_id)
    audit(
        by,
        "gatherings.staff.removed",
        gathering,
        data={"user": assignment.user_id, "role": assignment.role},
    )
    assignment.delete()


def _count(value: int, *, high: int, message: str, field: str) -> int:
    """A whole number from 1 to ``high``; anything else is ``invalid`` on ``field``."""
    if not 1 <= value <= high:
        raise DomainError(message, code=CoreCode.INVALID, extra={"field": field})
    return value


def _seats(value: int, *, field: str = "seats") -> int:
    return _count(value, high=500, message=_("座位数须在 1 到 500 之间。"), field=field)


@transaction.atomic
def add_bus(*, by: User, gathering_id: int, name: str, seats: int) -> Bus:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    name = require_text(name, field="name", label=_("车辆"), max_length=50)
    try:
        with transaction.atomic():
            bus = Bus.objects.create(gathering=gathering, name=name, seats=_seats(seats))
    except IntegrityError:
        raise _already(_("已有同名的班车。")) from None
    audit(
        by,
        "gatherings.bus.added",
        gathering,
        data={"bus": bus.pk, "name": name, "seats": bus.seats},
    )
    return bus


@transaction.atomic
def remove_bus(*, by: User, gathering_id: int, bus_id: int) -> None:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    bus = get_by_id(gathering.buses.all(), bus_id)
    _refuse_if_others_hold(
        Invitation.objects.filter(bus=bus),
        visible_invitations(user=by).filter(bus=bus),
        _("这辆班车上还有其他专员的客人，请由他们的主管先安排下车。"),
    )
    # what went with the bus, so the audit log can say what was lost
    riders = Invitation.objects.filter(bus=bus).count()
    audit(
        by,
        "gatherings.bus.removed",
        gathering,
        data={
            "bus": bus.pk,
            "name": bus.name,
            "households": riders,
            "guests": bus_headcount(bus),
            "stops": list(bus.stops.values_list("name", flat=True)),
        },
    )
    bus.delete()


@transaction.atomic
def add_stop(
    *,
    by: User,
    gathering_id: int,
    bus_id: int,
    position: int,
    name: str,
    pickup_at: datetime,
    address: str = "",
) -> BusStop:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    bus = get_by_id(gathering.buses.all(), bus_id)
    name = require_text(name, field="name", label=_("站点"), max_length=100)
    address = clean_text(address, field="address", label=_("地址"), max_length=200)
    if pickup_at >= gathering.starts_at:
        raise DomainError(
            _("接人时间必须早于联谊会开始时间。"),
            code=GatheringCode.PICKUP_AFTER_START,
            extra={"field": "pickup_at"},
        )
    try:
        with transaction.atomic():
            stop = BusStop.objects.create(
                bus=bus, position=position, name=name, address=address, pickup_at=pickup_at
            )
    except IntegrityError:
        raise _already(_("这辆车已有这个顺序的站点。")) from None
    audit(
        by,
        "gatherings.stop.added",
        gathering,
        data={"bus": bus.pk, "stop": stop.pk, "name": name, "pickup_at": pickup_at},
    )
    return stop


@transaction.atomic
def remove_stop(*, by: User, gathering_id: int, stop_id: int) -> None:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    stop = get_by_id(BusStop.objects.filter(bus__gathering=gathering), stop_id)
    _refuse_if_others_hold(
        Invitation.objects.filter(stop=stop),
        visible_invitations(user=by).filter(stop=stop),
        _("这个站点还有其他专员的客人上车，请由他们的主管先改站。"),
    )
    audit(
        by,
        "gatherings.stop.removed",
        gathering,
        data={
            "stop": stop.pk,
            "name": stop.name,
            "households": Invitation.objects.filter(stop=stop).count(),
        },
    )
    stop.delete()


def _table_number(value: int) -> int:
    # The page's form allows 1-999; the API must not reach the column's range check (a
    # negative number read as "already planned") or overflow it (a 500 on PostgreSQL).
    return _count(value, high=999, message=_("桌号须在 1 到 999 之间。"), field="number")


@transaction.atomic
def add_table(*, by: User, gathering_id: int, number: int, seats: int) -> Table:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    number = _table_number(number)
    seats = _seats(seats)
    total = table_seats(gathering) + seats
    if total > gathering.capacity:
        raise _over_capacity(gathering, total, what="seats")
    try:
        with transaction.atomic():
            table = Table.objects.create(gathering=gathering, number=number, seats=seats)
    except IntegrityError:
        raise _already(_("已有这个桌号。")) from None
    audit(
        by,
        "gatherings.table.added",
        gathering,
        data={"table": table.pk, "number": table.number, "seats": seats},
    )
    return table


MAX_TABLES_AT_ONCE = 50


@transaction.atomic
def add_tables(
    *, by: User, gathering_id: int, count: int, seats: int, first_number: int | None = None
) -> list[Table]:
    """Several tables of the same size at once, numbered on from the highest table number (or
    from ``first_number``): all or none, one capacity check, one audit entry."""
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    count = _count(
        count,
        high=MAX_TABLES_AT_ONCE,
        message=_("一次最多添加 %(n)s 张桌。") % {"n": MAX_TABLES_AT_ONCE},
        field="count",
    )
    seats = _seats(seats)
    if first_number is None:
        highest = gathering.tables.order_by("-number").values_list("number", flat=True).first()
        first_number = (highest or 0) + 1
    first = _table_number(first_number)
    numbers = list(range(first, first + count))
    if numbers[-1] > 999:
        raise DomainError(
            _("桌号须在 1 到 999 之间。"), code=CoreCode.INVALID, extra={"field": "number"}
        )
    taken = sorted(
        set(gathering.tables.filter(number__in=numbers).values_list("number", flat=True))
    )
    if taken:
        raise _already(
            _("已有这些桌号：%(numbers)s。") % {"numbers": "、".join(str(n) for n in taken)}
        )
    total = table_seats(gathering) + seats * count
    if total > gathering.capacity:
        raise _over_capacity(gathering, total, what="seats")
    try:
        with transaction.atomic():
            tables = Table.objects.bulk_create(
                [Table(gathering=gathering, number=n, seats=seats) for n in numbers]
            )
    except IntegrityError:  # a number taken between the check and the insert
        raise _already(_("已有这个桌号。")) from None
    audit(
        by,
        "gatherings.tables.added",
        gathering,
        data={"numbers": numbers, "seats": seats, "count": count},
    )
    return tables


@transaction.atomic
def remove_table(*, by: User, gathering_id: int, table_id: int) -> None:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    table = get_by_id(gathering.tables.all(), table_id)
    _refuse_if_others_hold(
        Seat.objects.filter(table=table),
        visible_seats(user=by, gathering=gathering).filter(table=table),
        _("这张桌还坐着其他专员的客人，请由他们的主管先取消座位。"),
    )
    audit(
        by,
        "gatherings.table.removed",
        gathering,
        data={
            "table": table.pk,
            "number": table.number,
            "seats": table.seats,
            "unseated": list(table.seated.values_list("invitation_id", "customer_id")),
        },
    )
    table.delete()


@transaction.atomic
def assign_bus(
    *, by: User, invitation_id: int, bus_id: int | None, stop_id: int | None = None
) -> Invitation:
    """Puts a household on a bus (and at one of its stops), or off any bus when ``bus_id`` is
    None. The bus row is locked so two planners cannot both fill its last seats."""
    require_capability(by, Capability.GATHERINGS_PLAN)
    invitation = lock_invitation_in(visible_invitations(user=by), invitation_id)
    if invitation.state == InvitationState.REVOKED:
        raise Conflict(_("邀请函已作废。"), code=GatheringCode.INVITATION_REVOKED)
    before = {"bus": invitation.bus_id, "stop": invitation.stop_id}
    bus = stop = None
    if bus_id is not None:
        bus = get_by_id(Bus.objects.filter(gathering_id=invitation.gathering_id), bus_id)
        bus = lock_bus(bus.pk)
        if stop_id is not None:
            stop = BusStop.objects.filter(bus=bus, pk=stop_id).first()
            if stop is None:
                raise DomainError(
                    _("该站点不在这辆车的路线上。"),
                    code=GatheringCode.STOP_NOT_ON_BUS,
                    extra={"field": "stop_id"},
                )
        taken = bus_headcount(bus, exclude_id=invitation.pk)
        if taken + guests_of(invitation) > bus.seats:
            raise Conflict(
                _("%(bus)s 已满：%(seats)s 个座位，已坐 %(taken)s 人。")
                % {"bus": bus.name, "seats": bus.seats, "taken": taken},
                code=GatheringCode.BUS_FULL,
                extra={"field": "bus_id", "seats": bus.seats, "taken": taken},
            )
    invitation.bus = bus
    invitation.stop = stop
    invitation.save(update_fields=["bus", "stop"])
    audit(
        by,
        "gatherings.invitation.bus_assigned",
        invitation,
        changes={
            "bus": [before["bus"], invitation.bus_id],
            "stop": [before["stop"], invitation.stop_id],
        },
    )
    return invitation


@transaction.atomic
def assign_bus_by_compound(
    *, by: User, gathering_id: int, compound_id: int, bus_id: int, stop_id: int | None = None
) -> list[Invitation]:
    """Every household from one compound that has no bus yet, onto one bus (and stop) in one
    action: all or none, the bus's seats checked once for all of them, one audit entry.
    Households already on a bus stay where they are (moving them is a decision one by one)."""
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    bus = get_by_id(gathering.buses.all(), bus_id)
    stop = None
    if stop_id is not None:
        stop = BusStop.objects.filter(bus=bus, pk=stop_id).first()
        if stop is None:
            raise DomainError(
                _("该站点不在这辆车的路线上。"),
                code=GatheringCode.STOP_NOT_ON_BUS,
                extra={"field": "stop_id"},
            )
    # invitations before the bus: the order assign_bus locks them in
    riders = lock_all_invitations(
        visible_invitations(user=by)
        .filter(gathering=gathering, customer__compound_id=compound_id, bus__isnull=True)
        .exclude(state=InvitationState.REVOKED)
    )
    if not riders:
        raise DomainError(
            _("这个小区没有还没安排班车的受邀客户。"),
            code=GatheringCode.NOBODY_TO_ASSIGN,
            extra={"field": "compound_id"},
        )
    bus = lock_bus(bus.pk)
    taken = bus_headcount(bus)
    guests = sum(guests_of(invitation) for invitation in riders)
    if taken + guests > bus.seats:
        raise Conflict(
            _("%(bus)s 坐不下：%(seats)s 个座位，已坐 %(taken)s 人，这个小区还有 %(guests)s 人。")
            % {"bus": bus.name, "seats": bus.seats, "taken": taken, "guests": guests},
            code=GatheringCode.BUS_FULL,
            extra={"field": "bus_id", "seats": bus.seats, "taken": taken, "guests": guests},
        )
    Invitation.objects.filter(pk__in=[i.pk for i in riders]).update(bus=bus, stop=stop)
    for invitation in riders:  # the rows returned say what was written
        invitation.bus, invitation.stop = bus, stop
    audit(
        by,
        "gatherings.bus.assigned_by_compound",
        gathering,
        data={
            "bus": bus.pk,
            "stop": stop.pk if stop else None,
            "compound": compound_id,
            "invitations": [i.pk for i in riders],
            "guests": guests,
        },
    )
    return riders
