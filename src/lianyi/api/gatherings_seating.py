"""Seating: each table with who sits there (households and existing customers), and seating
at a table (GATHERINGS_PLAN). A full table answers 409 ``gatherings.table_full``; someone
seated twice 409 ``gatherings.already_seated``."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.gatherings_seating import (
    SeatExistingCustomerIn,
    SeatHouseholdIn,
    SeatOut,
    TableSeatingOut,
)
from lianyi.api.security import current_user
from lianyi.core.fields import Id
from lianyi.gatherings.selectors.seating import seating_list
from lianyi.gatherings.services.seating import seat_existing_customer, seat_household, unseat

router = Router(tags=["seating"])


@router.get("/gatherings/{gathering_id}/seating", response={200: list[TableSeatingOut], **ERRORS})
def tables(request: HttpRequest, gathering_id: Id) -> list:
    _gathering, rows = seating_list(user=current_user(request), gathering_id=gathering_id)
    return rows


@router.post(
    "/gatherings/{gathering_id}/tables/{table_id}/households",
    response={201: SeatOut, **ERRORS},
)
def seat_a_household(
    request: HttpRequest, gathering_id: Id, table_id: Id, payload: SeatHouseholdIn
) -> Status:
    seat = seat_household(
        by=current_user(request),
        gathering_id=gathering_id,
        table_id=table_id,
        invitation_id=payload.invitation_id,
    )
    return Status(201, seat)


@router.post(
    "/gatherings/{gathering_id}/tables/{table_id}/existing-customers",
    response={201: SeatOut, **ERRORS},
)
def seat_an_existing_customer(
    request: HttpRequest, gathering_id: Id, table_id: Id, payload: SeatExistingCustomerIn
) -> Status:
    seat = seat_existing_customer(
        by=current_user(request),
        gathering_id=gathering_id,
        table_id=table_id,
        customer_id=payload.customer_id,
        guests=payload.guests,
    )
    return Status(201, seat)


@router.post("/gatherings/{gathering_id}/seats/{seat_id}/remove", response={204: None, **ERRORS})
def remove_seat(request: HttpRequest, gathering_id: Id, seat_id: Id) -> Status:
    unseat(by=current_user(request), gathering_id=gathering_id, seat_id=seat_id)
    return Status(204, None)
