"""Seating: households (by their invitation) and existing customers (老顾客, introduced as such)
at tables.

Locks follow the order used everywhere: the customer first (so two planners seating one customer
at two tables at once take turns and the second finds them seated), then the invitation, then
the table (whose chairs are counted, so it never seats more guests than it has seats).

A seat is in a planner's scope when its customer is (the customers' door, through the owner):
a supervisor seats and unseats their team's guests, a manager their department's, an
administrator the company's. A seat outside the scope answers exactly like a missing one."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.errors import Conflict, CoreCode, DomainError
from lianyi.core.lookup import get_by_id
from lianyi.customers.locks import lock_customer
from lianyi.customers.selectors import get_customer
from lianyi.gatherings.codes import GatheringCode
from lianyi.gatherings.locks import lock_invitation_in, lock_table
from lianyi.gatherings.models import Gathering, InvitationState, Seat, Table
from lianyi.gatherings.selectors.planning import get_gathering, guests_of, visible_invitations
from lianyi.gatherings.selectors.seating import visible_seats
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User


def _planned_gathering(*, by: User, gathering_id: int) -> Gathering:
    require_capability(by, Capability.GATHERINGS_PLAN)
    return get_gathering(user=by, gathering_id=gathering_id)


def _ensure_room(table: Table, guests: int) -> None:
    taken = sum(Seat.objects.filter(table=table).values_list("guests", flat=True))
    if taken + guests > table.seats:
        raise Conflict(
            _("%(number)s 号桌坐不下：%(seats)s 个座位，已坐 %(taken)s 人。")
            % {"number": table.number, "seats": table.seats, "taken": taken},
            code=GatheringCode.TABLE_FULL,
            extra={"field": "table_id", "seats": table.seats, "taken": taken},
        )


def _already_seated() -> Conflict:
    return Conflict(_("已经安排了座位。"), code=GatheringCode.ALREADY_SEATED)


def _customer_seated(gathering_id: int, customer_id: int) -> bool:
    """Seated at the gathering already, as a household's guest or as an existing customer.
    Decided with the customer row locked, so two planners cannot both pass."""
    return (
        Seat.objects.filter(table__gathering_id=gathering_id, customer_id=customer_id).exists()
        or Seat.objects.filter(
            table__gathering_id=gathering_id, invitation__customer_id=customer_id
        ).exists()
    )


@transaction.atomic
def seat_household(*, by: User, gathering_id: int, table_id: int, invitation_id: int) -> Seat:
    """The household named on the invitation, all its guests, at one table."""
    gathering = _planned_gathering(by=by, gathering_id=gathering_id)
    found = get_by_id(visible_invitations(user=by).filter(gathering=gathering), invitation_id)
    lock_customer(found.customer_id)
    invitation = lock_invitation_in(visible_invitations(user=by), found.pk)
    table = lock_table(gathering=gathering, table_id=table_id)
    if invitation.state == InvitationState.REVOKED:
        raise Conflict(_("邀请函已作废。"), code=GatheringCode.INVITATION_REVOKED)
    if Seat.objects.filter(invitation=invitation).exists() or _customer_seated(
        gathering.pk, invitation.customer_id
    ):
        raise _already_seated()
    guests = guests_of(invitation)
    _ensure_room(table, guests)
    try:
        with transaction.atomic():
            seat = Seat.objects.create(table=table, invitation=invitation, guests=guests)
    except IntegrityError:
        raise _already_seated() from None
    audit(
        by,
        "gatherings.seat.household_seated",
        invitation,
        data={"table": table.number, "guests": guests},
    )
    return seat


@transaction.atomic
def seat_existing_customer(
    *, by: User, gathering_id: int, table_id: int, customer_id: int, guests: int = 1
) -> Seat:
    """An existing customer (老顾客) who sits with the guests to share their own experience; the
    seating list introduces them as such."""
    gathering = _planned_gathering(by=by, gathering_id=gathering_id)
    customer = lock_customer(get_customer(user=by, customer_id=customer_id).pk)
    table = lock_table(gathering=gathering, table_id=table_id)
    if not 1 <= guests <= 2:
        raise DomainError(_("人数为 1 或 2。"), code=CoreCode.INVALID, extra={"field": "guests"})
    if _customer_seated(gathering.pk, customer.pk):
        raise _already_seated()
    _ensure_room(table, guests)
    try:
        with transaction.atomic():
            seat = Seat.objects.create(
                table=table, customer=customer, existing_customer=True, guests=guests
            )
    except IntegrityError:
        raise _already_seated() from None
    audit(
        by,
        "gatherings.seat.existing_customer_seated",
        customer,
        data={"gathering": gathering.pk, "table": table.number, "guests": seat.guests},
    )
    return seat


@transaction.atomic
def unseat(*, by: User, gathering_id: int, seat_id: int) -> None:
    """Frees a seat in the planner's scope; another team's seat is not found."""
    gathering = _planned_gathering(by=by, gathering_id=gathering_id)
    seat = get_by_id(
        visible_seats(user=by, gathering=gathering).select_related(
            "table", "invitation", "customer"
        ),
        seat_id,
    )
    subject = seat.invitation or seat.customer
    audit(
        by,
        "gatherings.seat.removed",
        subject,
        data={"gathering": gathering.pk, "table": seat.table.number, "guests": seat.guests},
    )
    seat.delete()
