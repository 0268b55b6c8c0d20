from __future__ import annotations

from typing import Any

from ninja import Schema

from lianyi.core.fields import Id, PositiveSmallInt


class SeatHouseholdIn(Schema):
    invitation_id: Id


class SeatExistingCustomerIn(Schema):
    customer_id: Id
    guests: PositiveSmallInt = 1


class SeatOut(Schema):
    id: int
    names: list[str]
    existing_customer: bool
    guests: int

    @staticmethod
    def resolve_id(obj: Any) -> int:
        return int(obj.seat.pk) if hasattr(obj, "seat") else int(obj.pk)

    @staticmethod
    def resolve_names(obj: Any) -> list[str]:
        if hasattr(obj, "names"):
            return list(obj.names)
        if obj.invitation_id:
            return list(obj.invitation.guest_names)
        return [obj.customer.name]


class TableSeatingOut(Schema):
    id: int
    number: int
    seats: int
    taken: int
    rows: list[SeatOut]  # the seats whose names the caller may read
    others: int  # guests in the other seats: counted, never named

    @staticmethod
    def resolve_id(obj: Any) -> int:
        return int(obj.table.pk)

    @staticmethod
    def resolve_number(obj: Any) -> int:
        return int(obj.table.number)

    @staticmethod
    def resolve_seats(obj: Any) -> int:
        return int(obj.table.seats)
