"""老顾客资料: the existing-customer directory by compound and by work unit, its PDF and Excel
exports (one copy per rep)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from lianyi.core.errors import DomainError
from lianyi.core.lookup import as_id
from lianyi.customers.models import PlaceKind
from lianyi.org.capabilities import Capability, has_capability
from lianyi.oversight.selectors.directory import (
    DirectoryFilters,
    clean_filters,
    directory_reps,
    entries_of,
    existing_customers,
    grouped,
    place_count,
)
from lianyi.oversight.services.directory import export_directory, request_directory_pdf
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.downloads import attachment
from lianyi.web.errors import is_not_found, not_found_as_404
from lianyi.web.paging import filters_query, paginate

PER_PAGE = 50


def _id_param(request: HttpRequest, name: str) -> int | None:
    """An id from the query string; one that is no id at all answers 404 like a missing one."""
    raw = request.GET.get(name) or ""
    if not raw:
        return None
    number = as_id(raw)
    if number is None:
        raise Http404()
    return number


def _filters(request: AuthenticatedRequest) -> DirectoryFilters:
    with not_found_as_404():
        return clean_filters(
            user=request.user,
            grouping=request.GET.get("by", ""),
            place_id=_id_param(request, "place"),
            owner_id=_id_param(request, "owner"),
        )


@login_required
@require_GET
def directory(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.DIRECTORY_VIEW)
    filters = _filters(request)
    rows = existing_customers(user=request.user, filters=filters)
    paged = paginate(request, rows, per_page=PER_PAGE)
    entries = entries_of(paged.items)
    can_export = has_capability(request.user, Capability.REPORTS_EXPORT)
    return render(
        request,
        "oversight/directory.html",
        {
            "filters": filters,
            "by_compound": filters.by == PlaceKind.COMPOUND,
            "paged": paged,
            "groups": grouped(user=request.user, filters=filters, entries=entries),
            "places": place_count(user=request.user, filters=filters) if paged.total else 0,
            "reps": list(directory_reps(user=request.user)),
            "can_export": can_export,
            "switch_query": filters_query(request, drop=("page", "by", "place")),
        },
    )


@login_required
@require_GET
def export(request: AuthenticatedRequest, file_format: str) -> HttpResponseBase:
    require(request.user, Capability.DIRECTORY_VIEW)
    require(request.user, Capability.REPORTS_EXPORT)
    filters = _filters(request)
    rep_id = _id_param(request, "rep")
    try:
        if file_format == "pdf" and rep_id is None:
            job = request_directory_pdf(by=request.user, filters=filters, rep_id=None)
            return redirect("web:job", job.pk)
        made = export_directory(
            by=request.user, filters=filters, rep_id=rep_id, file_format=file_format
        )
    except DomainError as error:
        if is_not_found(error):
            with not_found_as_404():
                raise
        messages.error(request, error.message)
        query = filters_query(request, drop=("page", "rep"))
        return redirect(reverse("web:directory") + (f"?{query}" if query else ""))
    response = HttpResponse(made.content, content_type=made.content_type)
    return attachment(request, response, filename=made.filename)
