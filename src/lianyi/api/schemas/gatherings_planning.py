from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from ninja import Schema

from lianyi.api.schemas.common import LocalDatetime, UserRef
from lianyi.core.fields import Day, Id, Moment, PositiveInt, PositiveSmallInt, TextLimit


class GatheringIn(Schema):
    name: Annotated[str, TextLimit(100)]
    starts_at: Moment
    ends_at: Moment
    venue: Annotated[str, TextLimit(200)]
    venue_address: Annotated[str, TextLimit(300)] = ""
    capacity: PositiveInt
    delivery_from: Day | None = None


class GatheringOut(Schema):
    id: int
    name: str
    starts_at: LocalDatetime
    ends_at: LocalDatetime | None
    venue: str
    venue_address: str
    capacity: int
    state: str
    delivery_from: date | None


class ProgrammeIn(Schema):
    kind: Annotated[str, TextLimit(20)]
    title: Annotated[str, TextLimit(100)]
    starts_at: Moment
    ends_at: Moment


class ProgrammeOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: LocalDatetime
    ends_at: LocalDatetime


class StaffIn(Schema):
    user_id: Id
    role: Annotated[str, TextLimit(20)]


class StaffOut(Schema):
    id: int
    user: UserRef
    role: str


class BusIn(Schema):
    name: Annotated[str, TextLimit(50)]
    seats: PositiveSmallInt


class StopIn(Schema):
    position: PositiveSmallInt
    name: Annotated[str, TextLimit(100)]
    address: Annotated[str, TextLimit(200)] = ""
    pickup_at: Moment


class StopOut(Schema):
    id: int
    position: int
    name: str
    address: str
    pickup_at: LocalDatetime


class BusOut(Schema):
    id: int
    name: str
    seats: int


class BusPlanOut(Schema):
    id: int
    name: str
    seats: int
    headcount: int
    stops: list[StopOut]

    @staticmethod
    def resolve_id(obj: Any) -> int:
        return int(obj.bus.pk)

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.bus.name)

    @staticmethod
    def resolve_seats(obj: Any) -> int:
        return int(obj.bus.seats)


class TableIn(Schema):
    number: PositiveSmallInt
    seats: PositiveSmallInt


class TableOut(Schema):
    id: int
    number: int
    seats: int


class TablesIn(Schema):
    """Several tables of one size, numbered on from ``first_number`` (default: after the
    highest table number)."""

    count: PositiveSmallInt
    seats: PositiveSmallInt
    first_number: PositiveSmallInt | None = None


class CompoundRidersIn(Schema):
    compound_id: Id
    bus_id: Id
    stop_id: Id | None = None


class BusAssignIn(Schema):
    bus_id: Id | None = None
    stop_id: Id | None = None


class BusAssignmentOut(Schema):
    id: int
    bus_id: int | None
    stop_id: int | None


class GatheringPlanOut(Schema):
    gathering: GatheringOut
    programme: list[ProgrammeOut]
    staff: list[StaffOut]
    buses: list[BusPlanOut]
    tables: list[TableOut]
    invited_guests: int
    table_seats: int
