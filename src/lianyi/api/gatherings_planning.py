"""Planning a gathering: the company's gatherings, one gathering's plan, and the writes that
plan it (GATHERINGS_PLAN). Refusals: ``gatherings.capacity_exceeded``, ``gatherings.bus_full``,
``gatherings.outside_gathering``, ``gatherings.pickup_after_start``, ``gatherings.stop_not_on_bus``,
``gatherings.already_planned`` (409 or 400), another company's gathering 404."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.gatherings_planning import (
    BusAssignIn,
    BusAssignmentOut,
    BusIn,
    BusOut,
    CompoundRidersIn,
    GatheringIn,
    GatheringOut,
    GatheringPlanOut,
    ProgrammeIn,
    ProgrammeOut,
    StaffIn,
    StaffOut,
    StopIn,
    StopOut,
    TableIn,
    TableOut,
    TablesIn,
)
from lianyi.api.security import current_user
from lianyi.core.fields import Id
from lianyi.gatherings.selectors.planning import gathering_plan, visible_gatherings
from lianyi.gatherings.services import planning
from lianyi.gatherings.services.planning import GatheringData

router = Router(tags=["gatherings"])


@router.get("/gatherings", response={200: list[GatheringOut], **ERRORS})
def list_gatherings(request: HttpRequest) -> list:
    return list(visible_gatherings(user=current_user(request)))


@router.post("/gatherings", response={201: GatheringOut, **ERRORS})
def create(request: HttpRequest, payload: GatheringIn) -> Status:
    data = GatheringData(**payload.dict())
    return Status(201, planning.create_gathering(by=current_user(request), data=data))


@router.get("/gatherings/{gathering_id}", response={200: GatheringPlanOut, **ERRORS})
def plan(request: HttpRequest, gathering_id: Id) -> object:
    return gathering_plan(user=current_user(request), gathering_id=gathering_id)


@router.post("/gatherings/{gathering_id}", response={200: GatheringOut, **ERRORS})
def update(request: HttpRequest, gathering_id: Id, payload: GatheringIn) -> object:
    return planning.update_gathering(
        by=current_user(request), gathering_id=gathering_id, data=GatheringData(**payload.dict())
    )


@router.post("/gatherings/{gathering_id}/programme", response={201: ProgrammeOut, **ERRORS})
def add_programme(request: HttpRequest, gathering_id: Id, payload: ProgrammeIn) -> Status:
    item = planning.add_programme_item(
        by=current_user(request), gathering_id=gathering_id, **payload.dict()
    )
    return Status(201, item)


@router.post(
    "/gatherings/{gathering_id}/programme/{item_id}/remove", response={204: None, **ERRORS}
)
def remove_programme(request: HttpRequest, gathering_id: Id, item_id: Id) -> Status:
    planning.remove_programme_item(
        by=current_user(request), gathering_id=gathering_id, item_id=item_id
    )
    return Status(204, None)


@router.post("/gatherings/{gathering_id}/staff", response={201: StaffOut, **ERRORS})
def add_staff(request: HttpRequest, gathering_id: Id, payload: StaffIn) -> Status:
    return Status(
        201,
        planning.assign_staff(
            by=current_user(request), gathering_id=gathering_id, **payload.dict()
        ),
    )


@router.post(
    "/gatherings/{gathering_id}/staff/{assignment_id}/remove", response={204: None, **ERRORS}
)
def remove_staff(request: HttpRequest, gathering_id: Id, assignment_id: Id) -> Status:
    planning.remove_staff(
        by=current_user(request), gathering_id=gathering_id, assignment_id=assignment_id
    )
    return Status(204, None)


@router.post("/gatherings/{gathering_id}/buses", response={201: BusOut, **ERRORS})
def add_bus(request: HttpRequest, gathering_id: Id, payload: BusIn) -> Status:
    return Status(
        201, planning.add_bus(by=current_user(request), gathering_id=gathering_id, **payload.dict())
    )


@router.post("/gatherings/{gathering_id}/buses/{bus_id}/stops", response={201: StopOut, **ERRORS})
def add_stop(request: HttpRequest, gathering_id: Id, bus_id: Id, payload: StopIn) -> Status:
    return Status(
        201,
        planning.add_stop(
            by=current_user(request), gathering_id=gathering_id, bus_id=bus_id, **payload.dict()
        ),
    )


@router.post("/gatherings/{gathering_id}/tables", response={201: TableOut, **ERRORS})
def add_table(request: HttpRequest, gathering_id: Id, payload: TableIn) -> Status:
    return Status(
        201,
        planning.add_table(by=current_user(request), gathering_id=gathering_id, **payload.dict()),
    )


@router.post("/gatherings/{gathering_id}/tables/batch", response={201: list[TableOut], **ERRORS})
def add_tables(request: HttpRequest, gathering_id: Id, payload: TablesIn) -> Status:
    return Status(
        201,
        planning.add_tables(by=current_user(request), gathering_id=gathering_id, **payload.dict()),
    )


@router.post(
    "/gatherings/{gathering_id}/buses/by-compound", response={200: list[BusAssignmentOut], **ERRORS}
)
def assign_bus_by_compound(
    request: HttpRequest, gathering_id: Id, payload: CompoundRidersIn
) -> object:
    """Every invited household of one compound still without a bus, onto one bus and stop."""
    return planning.assign_bus_by_compound(
        by=current_user(request), gathering_id=gathering_id, **payload.dict()
    )


@router.post("/invitations/{invitation_id}/bus", response={200: BusAssignmentOut, **ERRORS})
def assign_bus(request: HttpRequest, invitation_id: Id, payload: BusAssignIn) -> object:
    return planning.assign_bus(
        by=current_user(request),
        invitation_id=invitation_id,
        bus_id=payload.bus_id,
        stop_id=payload.stop_id,
    )


@router.post("/gatherings/{gathering_id}/buses/{bus_id}/remove", response={204: None, **ERRORS})
def remove_bus(request: HttpRequest, gathering_id: Id, bus_id: Id) -> Status:
    planning.remove_bus(by=current_user(request), gathering_id=gathering_id, bus_id=bus_id)
    return Status(204, None)


@router.post("/gatherings/{gathering_id}/stops/{stop_id}/remove", response={204: None, **ERRORS})
def remove_stop(request: HttpRequest, gathering_id: Id, stop_id: Id) -> Status:
    planning.remove_stop(by=current_user(request), gathering_id=gathering_id, stop_id=stop_id)
    return Status(204, None)


@router.post("/gatherings/{gathering_id}/tables/{table_id}/remove", response={204: None, **ERRORS})
def remove_table(request: HttpRequest, gathering_id: Id, table_id: Id) -> Status:
    planning.remove_table(by=current_user(request), gathering_id=gathering_id, table_id=table_id)
    return Status(204, None)
