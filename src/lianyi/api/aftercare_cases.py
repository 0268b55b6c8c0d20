"""工单 (cases) and after-sales contacts: the cases a user may see, a page at a time; one case
with its history; opening, a note, a hand-up, the outcome, and closing with the customer's
confirmation. A case out of scope answers exactly like a missing one (404)."""

from __future__ import annotations

from typing import Annotated

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Status

from lianyi.aftercare.case_selectors import get_case, visible_cases
from lianyi.aftercare.models import Case
from lianyi.aftercare.services.cases import (
    add_case_note,
    close_case,
    hand_up_case,
    open_case,
    resolve_case,
)
from lianyi.aftercare.services.contacts import record_contact
from lianyi.api.schemas.aftercare_cases import (
    AftercareContactIn,
    AftercareContactOut,
    CaseDetailOut,
    CaseNoteIn,
    CasePageOut,
    CloseCaseIn,
    OpenCaseIn,
    ResolveCaseIn,
)
from lianyi.api.schemas.common import ERRORS
from lianyi.api.security import current_user
from lianyi.core.fields import Id, TextLimit
from lianyi.org.capabilities import Capability, require_capability

router = Router(tags=["aftercare"])

PAGE_SIZE = 50


def _detail(request: HttpRequest, case_id: int) -> Case:
    return get_case(user=current_user(request), case_id=case_id)


@router.get("/cases", response={200: CasePageOut, **ERRORS})
def list_cases(
    request: HttpRequest,
    state: Annotated[str, TextLimit(10)] = "",
    level: Annotated[str, TextLimit(20)] = "",
    page: int = Query(1, ge=1, le=1_000_000),
    page_size: int = Query(PAGE_SIZE, ge=1, le=200),
) -> dict[str, object]:
    """The cases in scope: a rep's customers' and those they hold, a supervisor's team, a
    manager's department, customer service the whole company. ``state`` open/closed, ``level``
    rep/supervisor/manager/service; an unknown value filters nothing."""
    rows = visible_cases(user=current_user(request), state=state, level=level)
    found = Paginator(rows, page_size).get_page(page)
    return {
        "total": found.paginator.count,
        "page": found.number,
        "pages": found.paginator.num_pages,
        "items": list(found.object_list),
    }


@router.get("/cases/{case_id}", response={200: CaseDetailOut, **ERRORS})
def case_detail(request: HttpRequest, case_id: Id) -> Case:
    return _detail(request, case_id)


@router.post("/customers/{customer_id}/cases", response={201: CaseDetailOut, **ERRORS})
def open_customer_case(request: HttpRequest, customer_id: Id, payload: OpenCaseIn) -> Status:
    user = current_user(request)
    require_capability(user, Capability.CASES_HANDLE)
    case = open_case(
        by=user,
        customer_id=customer_id,
        source=payload.source,
        summary=payload.summary,
        order_id=payload.order_id,
    )
    return Status(201, _detail(request, case.pk))


@router.post("/cases/{case_id}/notes", response={201: CaseDetailOut, **ERRORS})
def case_note(request: HttpRequest, case_id: Id, payload: CaseNoteIn) -> Status:
    user = current_user(request)
    require_capability(user, Capability.CASES_HANDLE)
    add_case_note(by=user, case_id=case_id, note=payload.note)
    return Status(201, _detail(request, case_id))


@router.post("/cases/{case_id}/escalate", response={200: CaseDetailOut, **ERRORS})
def case_hand_up(request: HttpRequest, case_id: Id, payload: CaseNoteIn) -> Case:
    """The holder hands the case up one level before its deadline, saying why."""
    user = current_user(request)
    require_capability(user, Capability.CASES_HANDLE)
    hand_up_case(by=user, case_id=case_id, note=payload.note)
    return _detail(request, case_id)


@router.post("/cases/{case_id}/resolve", response={200: CaseDetailOut, **ERRORS})
def case_resolve(request: HttpRequest, case_id: Id, payload: ResolveCaseIn) -> Case:
    user = current_user(request)
    require_capability(user, Capability.CASES_HANDLE)
    resolve_case(by=user, case_id=case_id, resolution=payload.resolution)
    return _detail(request, case_id)


@router.post("/cases/{case_id}/close", response={200: CaseDetailOut, **ERRORS})
def case_close(request: HttpRequest, case_id: Id, payload: CloseCaseIn) -> Case:
    """Closes only with the customer's confirmation; each missing part answers 400
    ``aftercare.case_confirmation_required`` (all of them at once) with the field named."""
    user = current_user(request)
    require_capability(user, Capability.CASES_HANDLE)
    close_case(
        by=user,
        case_id=case_id,
        confirmed_by_id=payload.confirmed_by_id,
        confirmed_at=payload.confirmed_at,
        customer_said=payload.customer_said,
    )
    return _detail(request, case_id)


@router.post(
    "/customers/{customer_id}/aftercare-contacts",
    response={201: AftercareContactOut, **ERRORS},
)
def aftercare_contact(request: HttpRequest, customer_id: Id, payload: AftercareContactIn) -> Status:
    """An after-sales call or visit with the satisfaction: good opens a referral ask, average a
    follow-up, poor a case (their ids in ``opened_task_id`` / ``opened_case_id``)."""
    user = current_user(request)
    require_capability(user, Capability.AFTERCARE_RECORD)
    contact = record_contact(
        by=user,
        customer_id=customer_id,
        channel=payload.channel,
        reached=payload.reached,
        satisfaction=payload.satisfaction,
        notes=payload.notes,
        task_id=payload.task_id,
        at=payload.at,
    )
    return Status(201, contact)
