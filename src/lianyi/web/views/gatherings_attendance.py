"""到场对比: the attendance report of a gathering (supervisor duty) and its Excel export."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lianyi.org.capabilities import Capability, has_capability
from lianyi.oversight.selectors.attendance import attendance_report
from lianyi.oversight.services.attendance import XLSX_CONTENT_TYPE, export_attendance
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.downloads import attachment
from lianyi.web.errors import not_found_as_404
from lianyi.web.paging import paginate

REPS_PER_PAGE = 10


@login_required
@require_GET
def report(request: HttpRequest, gathering_id: int) -> HttpResponse:
    with not_found_as_404():
        data = attendance_report(user=request.user, gathering_id=gathering_id)
    # The summary counts every household; the names under each rep come a few reps a page.
    details = paginate(request, data.reps, per_page=REPS_PER_PAGE)
    return render(
        request,
        "gatherings/attendance_report.html",
        {
            "report": data,
            "details": details,
            "can_export": has_capability(request.user, Capability.REPORTS_EXPORT),
        },
    )


@login_required
@require_GET
def export(request: AuthenticatedRequest, gathering_id: int) -> HttpResponseBase:
    with not_found_as_404():
        data, content = export_attendance(by=request.user, gathering_id=gathering_id)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"attendance-{data.gathering.pk}-{data.gathering.starts_at:%Y%m%d}.xlsx"
    return attachment(request, response, filename=filename)
