"""Boarding and the door: one scan per request, and the counts a scanner shows.

Status codes: an admission (``admitted``) and a repeat (``already_admitted``) answer 200 with
``{"answer", "message", ...guests}``: the invitation is good for the list and the scanner shows
who it is. Every other answer is a refusal and answers the error body
``{"code", "message", "extra"}`` whose ``code`` is the answer: ``malformed`` 400, ``unknown``
404, ``revoked``, ``other_gathering``, ``wrong_bus`` (extra: the bus it is assigned to),
``closed``, ``ambiguous`` (extra: how many matched, nothing personal), and outside the
check-in window ``gatherings.checkin_not_open`` / ``gatherings.checkin_closed`` (extra:
``opens_at``, ``closes_at``) 409. Requests a
scanner should never send (no list, no bus when boarding, nothing to look up) answer 400 with
a ``gatherings.scan_*`` code; a gathering of another company 404 ``not_found``; a role
without the capability 403 ``forbidden``.

POST .../invitations/{id}/check-ins/{list}/undo (planners): 200 ``{"invitation_id", "state"}``;
no reason 400 ``gatherings.check_in_undo_reason_required``; a draw round already run 409
``gatherings.check_in_undo_after_draw``; no such check-in, or an invitation out of the
planner's scope, 404 ``not_found``.
"""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Router, Status

from lianyi.api.errors import error_body
from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.gatherings_checkin import (
    HeadcountOut,
    ScanIn,
    ScanOut,
    UndoCheckInIn,
    UndoCheckInOut,
)
from lianyi.api.security import current_user
from lianyi.core.clock import now
from lianyi.core.fields import Id, TextLimit
from lianyi.gatherings.selectors.checkin import (
    bus_headcounts,
    check_in_gathering,
    checkin_window,
    door_count,
)
from lianyi.gatherings.services.checkin import ScanAnswer, check_in
from lianyi.gatherings.services.checkin_undo import undo_check_in
from lianyi.org.capabilities import Capability, require_capability

router = Router(tags=["check-in"])

REFUSAL_STATUS = {
    ScanAnswer.MALFORMED: 400,
    ScanAnswer.UNKNOWN: 404,
    ScanAnswer.REVOKED: 409,
    ScanAnswer.OTHER_GATHERING: 409,
    ScanAnswer.WRONG_BUS: 409,
    ScanAnswer.CLOSED: 409,
    ScanAnswer.AMBIGUOUS: 409,
    ScanAnswer.NOT_OPEN: 409,
    ScanAnswer.WINDOW_CLOSED: 409,
}


@router.post("/gatherings/{gathering_id}/scan", response={200: ScanOut, **ERRORS}, by_alias=True)
def scan(request: HttpRequest, gathering_id: Id, payload: ScanIn) -> object:
    result = check_in(
        by=current_user(request),
        gathering_id=gathering_id,
        list_kind=payload.list_kind,
        token=payload.token,
        mobile_tail=payload.mobile_tail,
        surname=payload.surname,
        bus_id=payload.bus_id,
        client_nonce=payload.client_nonce,
        method=payload.method,
    )
    if result.accepted:
        return {"answer": result.answer, "message": result.message, **result.data}
    return Status(
        REFUSAL_STATUS[result.answer], error_body(result.answer, result.message, result.data)
    )


@router.get("/gatherings/{gathering_id}/headcount", response={200: HeadcountOut, **ERRORS})
def headcount(request: HttpRequest, gathering_id: Id) -> dict:
    user = current_user(request)
    require_capability(user, Capability.GATHERINGS_CHECK_IN)
    gathering = check_in_gathering(user=user, gathering_id=gathering_id)
    window = checkin_window(gathering=gathering)
    return {
        "buses": bus_headcounts(gathering=gathering),
        "door": door_count(gathering=gathering),
        "window": {
            "opens_at": window.opens_at,
            "closes_at": window.closes_at,
            "is_open": window.is_open(now()),
        },
    }


@router.post(
    "/gatherings/{gathering_id}/invitations/{invitation_id}/check-ins/{list_kind}/undo",
    response={200: UndoCheckInOut, **ERRORS},
)
def undo(
    request: HttpRequest,
    gathering_id: Id,
    invitation_id: Id,
    list_kind: Annotated[str, TextLimit(20)],
    payload: UndoCheckInIn,
) -> dict:
    invitation = undo_check_in(
        by=current_user(request),
        gathering_id=gathering_id,
        invitation_id=invitation_id,
        list_kind=list_kind,
        reason=payload.reason,
    )
    return {"invitation_id": invitation.pk, "state": invitation.state}
