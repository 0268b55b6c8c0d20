"""Reads for seating: each table with who sits there, households and existing customers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from lianyi.gatherings.models import Seat, Table
from lianyi.gatherings.selectors.planning import get_gathering


@dataclass
class SeatRow:
    seat: Seat
    names: list[str]
    existing_customer: bool
    guests: int


@dataclass
class TableRow:
    table: Table
    rows: list[SeatRow]

    @property
    def taken(self) -> int:
        return sum(r.guests for r in self.rows)

    @property
    def free(self) -> int:
        return max(self.table.seats - self.taken, 0)


def _names(seat: Seat) -> list[str]:
    if seat.invitation is not None:
        return list(seat.invitation.guest_names or [])
    return [seat.customer.name] if seat.customer is not None else []


def seating_list(*, user: Any, gathering_id: Any) -> tuple[Any, list[TableRow]]:
    """The gathering and its tables in number order, each with its seats (two queries + one)."""
    gathering = get_gathering(user=user, gathering_id=gathering_id)
    seats = Seat.objects.select_related("invitation", "customer").order_by(
        "existing_customer", "pk"
    )
    tables = Table.objects.filter(gathering=gathering).prefetch_related(
        Prefetch("seated", queryset=seats)
    )
    return gathering, [
        TableRow(
            table=table,
            rows=[
                SeatRow(
                    seat=seat,
                    names=_names(seat),
                    existing_customer=seat.existing_customer,
                    guests=seat.guests,
                )
                for seat in table.seated.all()
            ],
        )
        for table in tables
    ]


CHOICES_LIMIT = 300


def households_to_seat(*, user: Any, gathering: Any) -> list[Any]:
    """The user's households invited to the gathering (not revoked) that have no table yet."""
    from lianyi.gatherings.models import InvitationState
    from lianyi.gatherings.selectors.planning import visible_invitations

    return list(
        visible_invitations(user=user)
        .filter(gathering=gathering, seat__isnull=True)
        .exclude(state=InvitationState.REVOKED)
        .order_by("customer__name", "pk")[:CHOICES_LIMIT]
    )


def existing_customers_to_seat(*, user: Any, gathering: Any) -> list[Any]:
    """The user's customers who are not guests of the gathering and have no seat at it yet."""
    from lianyi.customers.selectors import visible_customers

    return list(
        visible_customers(user=user)
        .exclude(invitations__gathering=gathering)
        .exclude(pk__in=Seat.objects.filter(table__gathering=gathering).values("customer_id"))
        .order_by("name", "pk")[:CHOICES_LIMIT]
    )
