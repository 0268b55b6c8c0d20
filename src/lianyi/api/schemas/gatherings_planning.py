from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Schema
from pydantic import AwareDatetime

from lianyi.api.schemas.common import LocalDatetime, UserRef


class GatheringIn(Schema):
    name: str
    starts_at: AwareDatetime
    ends_at: AwareDatetime
    venue: str
    venue_address: str = ""
    capacity: int
    delivery_from: date | None = None


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
    kind: str
    title: str
    starts_at: AwareDatetime
    ends_at: AwareDatetime


class ProgrammeOut(Schema):
    id: int
    kind: str
    title: str
    starts_at: LocalDatetime
    ends_at: LocalDatetime


class StaffIn(Schema):
    user_id: int
    role: str


class StaffOut(Schema):
    id: int
    user: UserRef
    role: str


class BusIn(Schema):
    name: str
    seats: int


class StopIn(Schema):
    position: int
    name: str
    address: str = ""
    pickup_at: AwareDatetime


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
    number: int
    seats: int


class TableOut(Schema):
    id: int
    number: int
    seats: int


class BusAssignIn(Schema):
    bus_id: int | None = None
    stop_id: int | None = None


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
