"""Scanning at boarding and the door: what a scanner sends and what an admission answers."""

from __future__ import annotations

from typing import Annotated

from ninja import Schema
from pydantic import Field

from lianyi.api.schemas.common import LocalDatetime
from lianyi.core.fields import Id, TextLimit


class ScanIn(Schema):
    list_kind: Annotated[str, TextLimit(20)] = Field(
        alias="list", description='"boarding" (with bus_id) or "door"'
    )
    token: Annotated[str, TextLimit(500)] = Field(
        "", description="the token, or the text the QR code holds"
    )
    mobile_tail: Annotated[str, TextLimit(4)] = Field(
        "", description="manual entry: the mobile's last 4 digits"
    )
    surname: Annotated[str, TextLimit(20)] = Field("", description="manual entry, with mobile_tail")
    bus_id: Id | None = None
    client_nonce: Annotated[str, TextLimit(64)] = Field(
        "", description="fresh per scan; a retry reuses it"
    )
    method: Annotated[str, TextLimit(20)] = "camera"


class ScanOut(Schema):
    """admitted or already_admitted; every other answer is an error body whose code is the
    answer (see the route)."""

    answer: str
    message: str
    invitation_id: int
    list_kind: str = Field(alias="list")
    guests: list[str]
    companion: str
    guest_count: int
    table: int | None
    bus: str | None  # the bus the invitation is assigned to
    stop: str | None
    checked_in_bus: str | None  # the bus it boarded, on the boarding list
    at: LocalDatetime
    by: str
    not_delivered: bool = False


class BusHeadcountOut(Schema):
    bus_id: int
    name: str
    seats: int
    manifest_households: int
    manifest_guests: int
    boarded_households: int
    boarded_guests: int
    off_manifest_households: int
    off_manifest_guests: int
    missing_guests: int


class DoorCountOut(Schema):
    expected_households: int
    expected_guests: int
    admitted_households: int
    admitted_guests: int


class CheckInWindowOut(Schema):
    opens_at: LocalDatetime
    closes_at: LocalDatetime
    is_open: bool


class HeadcountOut(Schema):
    buses: list[BusHeadcountOut]
    door: DoorCountOut
    window: CheckInWindowOut


class UndoCheckInIn(Schema):
    reason: Annotated[str, TextLimit(500)] = Field("", description="why (required, 200 at most)")


class UndoCheckInOut(Schema):
    invitation_id: int
    state: str
