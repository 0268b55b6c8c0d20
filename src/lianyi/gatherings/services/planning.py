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
from lianyi.core.validation import clean_text, require_text
from lianyi.gatherings.codes import GatheringCode
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
    get_gathering,
    guests_of,
    invited_guests,
    visible_invitations,
)
from lianyi.gatherings.selectors.seating import visible_seats
from lianyi.org.capabilities import Capability, require_capability


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


def lock_gathering(*, by: Any, gathering_id: Any) -> Gathering:
    """The gathering, in the planner's company, locked for a decision on its capacity."""
    require_capability(by, Capability.GATHERINGS_PLAN)
    gathering = get_gathering(user=by, gathering_id=gathering_id)
    return Gathering.objects.select_for_update().get(pk=gathering.pk)


def table_seats(gathering: Gathering, *, exclude_id: int | None = None) -> int:
    tables = Table.objects.filter(gathering=gathering)
    if exclude_id is not None:
        tables = tables.exclude(pk=exclude_id)
    return sum(tables.values_list("seats", flat=True))


def _over_capacity(gathering: Gathering, needed: int) -> DomainError:
    return Conflict(
        _("超出场地容纳人数（%(capacity)s 人），还需 %(needed)s 个位置。")
        % {"capacity": gathering.capacity, "needed": needed},
        code=GatheringCode.CAPACITY_EXCEEDED,
        extra={"field": "capacity", "capacity": gathering.capacity, "needed": needed},
    )


def ensure_room_for_guests(
    gathering: Gathering, guests: int, *, exclude_id: int | None = None
) -> None:
    """Refuses invitations whose named guests would pass the venue's capacity. The caller holds
    the gathering's row lock (see :func:`lock_gathering_row`)."""
    total = invited_guests(gathering, exclude_id=exclude_id) + guests
    if total > gathering.capacity:
        raise _over_capacity(gathering, total)


# A gathering is an afternoon or a day; an end days later is a typing mistake.
MAX_GATHERING_DURATION = timedelta(hours=24)


def lock_gathering_row(gathering: Gathering) -> Gathering:
    return Gathering.objects.select_for_update().get(pk=gathering.pk)


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
def create_gathering(*, by: Any, data: GatheringData) -> Gathering:
    require_capability(by, Capability.GATHERINGS_PLAN)
    clean = _clean(data)
    gathering = Gathering.objects.create(
        company_id=by.company_id, **{name: getattr(clean, name) for name in GATHERING_FIELDS}
    )
    audit(by, "gatherings.gathering.created", gathering, data=snapshot(gathering, GATHERING_FIELDS))
    return gathering


@transaction.atomic
def update_gathering(*, by: Any, gathering_id: Any, data: GatheringData) -> Gathering:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    clean = _clean(data, planned_start=gathering.starts_at)
    needed = max(table_seats(gathering), invited_guests(gathering))
    if clean.capacity < needed:
        raise _over_capacity(gathering, needed)
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
    *, by: Any, gathering_id: Any, kind: str, title: str, starts_at: datetime, ends_at: datetime
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
def remove_programme_item(*, by: Any, gathering_id: Any, item_id: Any) -> None:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    item = _child(gathering.programme.all(), item_id)
    audit(
        by, "gatherings.programme.removed", gathering, data={"item": item.pk, "title": item.title}
    )
    item.delete()


def _refuse_if_others_hold(all_rows: Any, visible_rows: Any, message: str) -> None:
    """A table, bus or stop is the gathering's, but the guests on it belong to their reps:
    removing it would unseat or unbook guests outside the planner's scope, which the planner
    may not do one by one either. An administrator's scope holds every guest."""
    if all_rows.count() != visible_rows.count():
        raise Conflict(message, code=GatheringCode.HOLDS_OTHER_GUESTS)


def _child(rows: Any, pk: Any) -> Any:
    try:
        found = rows.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        found = None
    if found is None:
        raise NotFound()
    return found


@transaction.atomic
def assign_staff(*, by: Any, gathering_id: Any, user_id: Any, role: str) -> StaffAssignment:
    from lianyi.org.models import User

    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    if role not in StaffRole.values:
        raise DomainError(_("请选择角色。"), code=CoreCode.INVALID, extra={"field": "role"})
    try:
        member = User.objects.get(pk=int(user_id), company_id=gathering.company_id, is_active=True)
    except (TypeError, ValueError, User.DoesNotExist):
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
def remove_staff(*, by: Any, gathering_id: Any, assignment_id: Any) -> None:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    assignment = _child(gathering.staff.all(), assignment_id)
    audit(
        by,
        "gatherings.staff.removed",
        gathering,
        data={"user": assignment.user_id, "role": assignment.role},
    )
    assignment.delete()


def _count(value: Any, *, high: int, message: str, field: str) -> int:
    """A whole number from 1 to ``high``; anything else is ``invalid`` on ``field``."""
    try:
        number = int(value)
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= high:
        raise DomainError(message, code=CoreCode.INVALID, extra={"field": field})
    return number


def _seats(value: Any, *, field: str = "seats") -> int:
    return _count(value, high=500, message=_("座位数须在 1 到 500 之间。"), field=field)


@transaction.atomic
def add_bus(*, by: Any, gathering_id: Any, name: str, seats: int) -> Bus:
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
def remove_bus(*, by: Any, gathering_id: Any, bus_id: Any) -> None:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    bus = _child(gathering.buses.all(), bus_id)
    _refuse_if_others_hold(
        Invitation.objects.filter(bus=bus),
        visible_invitations(user=by).filter(bus=bus),
        _("这辆班车上还有其他专员的客人，请由他们的主管先安排下车。"),
    )
    audit(by, "gatherings.bus.removed", gathering, data={"bus": bus.pk, "name": bus.name})
    bus.delete()


@transaction.atomic
def add_stop(
    *,
    by: Any,
    gathering_id: Any,
    bus_id: Any,
    position: int,
    name: str,
    pickup_at: datetime,
    address: str = "",
) -> BusStop:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    bus = _child(gathering.buses.all(), bus_id)
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
                bus=bus, position=int(position), name=name, address=address, pickup_at=pickup_at
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
def remove_stop(*, by: Any, gathering_id: Any, stop_id: Any) -> None:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    stop = _child(BusStop.objects.filter(bus__gathering=gathering), stop_id)
    _refuse_if_others_hold(
        Invitation.objects.filter(stop=stop),
        visible_invitations(user=by).filter(stop=stop),
        _("这个站点还有其他专员的客人上车，请由他们的主管先改站。"),
    )
    audit(by, "gatherings.stop.removed", gathering, data={"stop": stop.pk, "name": stop.name})
    stop.delete()


def _table_number(value: Any) -> int:
    # The page's form allows 1-999; the API must not reach the column's range check (a
    # negative number read as "already planned") or overflow it (a 500 on PostgreSQL).
    return _count(value, high=999, message=_("桌号须在 1 到 999 之间。"), field="number")


@transaction.atomic
def add_table(*, by: Any, gathering_id: Any, number: int, seats: int) -> Table:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    number = _table_number(number)
    seats = _seats(seats)
    total = table_seats(gathering) + seats
    if total > gathering.capacity:
        raise _over_capacity(gathering, total)
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


@transaction.atomic
def remove_table(*, by: Any, gathering_id: Any, table_id: Any) -> None:
    gathering = lock_gathering(by=by, gathering_id=gathering_id)
    table = _child(gathering.tables.all(), table_id)
    _refuse_if_others_hold(
        Seat.objects.filter(table=table),
        visible_seats(user=by, gathering=gathering).filter(table=table),
        _("这张桌还坐着其他专员的客人，请由他们的主管先取消座位。"),
    )
    audit(
        by, "gatherings.table.removed", gathering, data={"table": table.pk, "number": table.number}
    )
    table.delete()


@transaction.atomic
def assign_bus(*, by: Any, invitation_id: Any, bus_id: Any, stop_id: Any = None) -> Invitation:
    """Puts a household on a bus (and at one of its stops), or off any bus when ``bus_id`` is
    None. The bus row is locked so two planners cannot both fill its last seats."""
    require_capability(by, Capability.GATHERINGS_PLAN)
    try:
        invitation = (
            visible_invitations(user=by).select_for_update(of=("self",)).get(pk=int(invitation_id))
        )
    except (TypeError, ValueError, Invitation.DoesNotExist):
        raise NotFound() from None
    if invitation.state == InvitationState.REVOKED:
        raise Conflict(_("邀请函已作废。"), code=GatheringCode.INVITATION_REVOKED)
    before = {"bus": invitation.bus_id, "stop": invitation.stop_id}
    bus = stop = None
    if bus_id is not None:
        bus = _child(Bus.objects.filter(gathering_id=invitation.gathering_id), bus_id)
        bus = Bus.objects.select_for_update().get(pk=bus.pk)
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
