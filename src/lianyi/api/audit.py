"""The audit log, for administrators of the company."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router

from lianyi.api.schemas.audit import AuditEntryOut
from lianyi.api.schemas.common import ErrorOut
from lianyi.api.security import current_user
from lianyi.core.fields import TextLimit
from lianyi.org.audit_log import AUDIT_PAGE, audit_entries

router = Router(tags=["audit"])


@router.get(
    "/audit",
    response={200: list[AuditEntryOut], 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def browse(
    request: HttpRequest,
    action: Annotated[str, TextLimit(80)] = "",
    object_type: Annotated[str, TextLimit(60)] = "",
    object_id: Annotated[str, TextLimit(40)] = "",
    limit: int = Query(AUDIT_PAGE, ge=1, le=500),
) -> list:
    return list(
        audit_entries(
            user=current_user(request),
            action=action,
            object_type=object_type,
            object_id=object_id,
            limit=limit,
        )
    )
