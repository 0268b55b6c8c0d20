"""Reads for seating: each table with who sits there, households and existing customers.

Who sees whose names: a seat's names (and whether it is an existing customer) are shown to
whoever may see its customer through the customers' door (a rep their own households, a
supervisor the team's, a manager the department's, an administrator or customer service the
company's), and every name to a planner (GATHERINGS_PLAN) on the gathering's staff. Everyone
else of the company sees each table's number and how many of its seats are taken."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from lianyi.customers.selectors import customer_list
from lianyi.gatherings.models import Gathering, InvitationState, Seat, StaffAssignment, Table
from lianyi.gatherings.selectors.planning import get_gathering, visible_invitations
from lianyi.org.capabilities import Capability, has_capability
from lianyi.org.scoping import owner_scope


def seat_scope(user: Any) -> Q:
    """Seats whose customer the user may see: the household's, or the existing customer's."""
    return owner_scope(user, prefix="invitation__customer__") | owner_scope(
        user, prefix="customer__"
    )


def visible_seats(*, user: Any, gathering: Gathering) -> QuerySet[Seat]:
    """The gathering's seats in the user's scope: the only way to find a seat by id."""
    return Seat.objects.filter(table__gathering=gathering).filter(seat_scope(user))


def sees_every_name(*, user: Any, gathering: Gathering) -> bool:
    """A planner on the gathering's staff (the host who introduces the tables, say) reads the
    whole list; an administrator's scope covers the company already."""
    return (
        has_capability(user, Capability.GATHERINGS_PLAN)
        and StaffAssignment.objects.filter(gathering=gathering, user_id=user.pk).exists()
    )


@dataclass
class SeatRow:
    seat: Seat
    names: list[str]
    existing_customer: bool
    guests: int


@dataclass
class TableRow:
    table: Table
    rows: list[SeatRow]  # the seats whose names the user may read
    others: int = 0  # guests at the table in seats the user may not read

    @property
    def taken(self) -> int:
        return sum(r.guests for r in self.rows) + self.others

    @property
    def free(self) -> int:
        return max(self.table.seats - self.taken, 0)


def _names(seat: Seat) -> list[str]:
    if seat.invitation is not None:
        return list(seat.invitation.guest_names or [])
    return [seat.customer.name] if seat.customer is not None else []


def seating_list(*, user: Any, gathering_id: Any) -> tuple[Any, list[TableRow]]:
    """The gathering and its tables in number order, each with the seats the user may read and
    a count of the other guests (a fixed number of queries, whatever the number of seats)."""
    gathering = get_gathering(user=user, gathering_id=gathering_id)
    seats = Seat.objects.select_related("invitation", "customer").order_by(
        "existing_customer", "pk"
    )
    tables = Table.objects.filter(gathering=gathering).prefetch_related(
        Prefetch("seated", queryset=seats)
    )
    shown: set[int] | None = None  # None: every seat
    if not sees_every_name(user=user, gathering=gathering):
        shown = set(visible_seats(user=user, gathering=gathering).values_list("pk", flat=True))
    rows = []
    for table in tables:
        row = TableRow(table=table, rows=[])
        for seat in table.seated.all():
            if shown is None or seat.pk in shown:
                row.rows.append(
                    SeatRow(
                        seat=seat,
                        names=_names(seat),
                        existing_customer=seat.existing_customer,
                        guests=seat.guests,
                    )
                )
            else:
                row.others += seat.guests
        rows.append(row)
    return gathering, rows


CHOICES_LIMIT = 300


def households_to_seat(*, user: Any, gathering: Any) -> list[Any]:
    """The user's households invited to the gathering (not revoked) that have no table yet."""
    return list(
        visible_invitations(user=user)
        .filter(gathering=gathering, seat__isnull=True)
        .exclude(state=InvitationState.REVOKED)
        .order_by("customer__name", "pk")[:CHOICES_LIMIT]
    )


def existing_customers_to_seat(*, user: Any, gathering: Any, query: str = "") -> list[Any]:
    """The user's customers who are not guests of the gathering and have no seat at it yet
    (matching ``query``, as the customer search reads it), the first ``CHOICES_LIMIT`` by name;
    :func:`count_existing_customers_to_seat` says how many there are in all."""
    return list(_existing_to_seat(user, gathering, query).order_by("name", "pk")[:CHOICES_LIMIT])


def count_existing_customers_to_seat(*, user: Any, gathering: Any, query: str = "") -> int:
    return int(_existing_to_seat(user, gathering, query).count())


def _existing_to_seat(user: Any, gathering: Any, query: str) -> Any:
    # Household seats have no customer: without the non-null filter the NULL in the subquery
    # makes `NOT IN` exclude everyone once the first household is seated.
    seated = Seat.objects.filter(table__gathering=gathering, customer__isnull=False)
    return (
        customer_list(user=user, query=query)
        .exclude(invitations__gathering=gathering)
        .exclude(pk__in=seated.values("customer_id"))
    )
