"""The attendance report (GATHERINGS_ATTENDANCE: supervisors their team, managers their
department, administrators the company): door check-ins against both home visits, per rep and
team. The Excel export is on the page (``/gatherings/<id>/attendance.xlsx``)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Router

from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.gatherings_attendance import AttendanceOut
from lianyi.api.security import current_user
from lianyi.core.fields import Id
from lianyi.oversight.selectors.attendance import attendance_report

router = Router(tags=["attendance"])


@router.get("/gatherings/{gathering_id}/attendance", response={200: AttendanceOut, **ERRORS})
def attendance(request: HttpRequest, gathering_id: Id) -> Any:
    return attendance_report(user=current_user(request), gathering_id=gathering_id)
