"""数据看板: the dashboards of supervisors (their team), managers (their department) and
administrators (the company), the customers behind each number, and the Excel exports."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lianyi.core.errors import DomainError
from lianyi.org.capabilities import Capability, has_capability, require_capability
from lianyi.oversight.selectors.dashboards import (
    Cell,
    DashboardFilter,
    Figure,
    dashboard_filter,
    dashboard_gatherings,
    dashboard_reps,
    dashboard_teams,
)
from lianyi.oversight.selectors.dashboards_customers import (
    SECTIONS,
    figure_customers,
    section_figures,
)
from lianyi.oversight.services.attendance import XLSX_CONTENT_TYPE
from lianyi.oversight.services.dashboards import export_figure, export_figure_customers
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.downloads import attachment
from lianyi.web.errors import attach_error, is_not_found, not_found_as_404
from lianyi.web.forms.oversight_dashboards import DashboardFilterForm
from lianyi.web.paging import paginate

CUSTOMERS_PER_PAGE = 50
GATHERING_CHOICES = 50


def _section_labels() -> list[tuple[str, str]]:
    return [
        ("journey", _("跟进流程")),
        ("aftercare", _("售后")),
        ("gatherings", _("联谊会")),
    ]


def _read_filter(request: HttpRequest) -> tuple[DashboardFilterForm, DashboardFilter | None]:
    """The form as filled and the checked filter; None with the form's errors for bad input.
    A team, rep or gathering out of scope is a 404, like a missing one."""
    user = request.user
    with not_found_as_404():
        require_capability(user, Capability.DASHBOARDS_VIEW)
    form = DashboardFilterForm(
        request.GET,
        teams=dashboard_teams(user=user),
        reps=dashboard_reps(user=user),
        gatherings=dashboard_gatherings(user=user)[:GATHERING_CHOICES],
    )
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    try:
        f = dashboard_filter(
            user=user,
            start=data["start"],
            end=data["end"],
            team_id=data["team"],
            rep_id=data["rep"],
            gathering_id=data["gathering"],
        )
    except DomainError as error:
        attach_error(form, error)  # a 404 for what is out of scope
        return form, None
    if not request.GET.get("start"):
        # Show the default period in the form, so that what is shown is what is counted.
        form = DashboardFilterForm(
            {**request.GET.dict(), **f.params()},
            teams=dashboard_teams(user=user),
            reps=dashboard_reps(user=user),
            gatherings=dashboard_gatherings(user=user)[:GATHERING_CHOICES],
        )
        form.is_valid()
    return form, f


def _link(f: DashboardFilter, cell: Cell) -> str:
    params = {**f.params(), **cell.narrow, "figure": cell.figure}
    return f"{reverse('web:dashboard_customers')}?{urlencode(params)}"


def _table(f: DashboardFilter, figure: Figure) -> list[list[dict[str, Any]]]:
    rows = []
    for row in figure.rows:
        cells = []
        for value in row:
            if isinstance(value, Cell):
                href = _link(f, value) if value.figure and value.value else ""
                cells.append({"value": value.value, "href": href, "num": True})
            else:
                cells.append({"value": value, "href": "", "num": not isinstance(value, str)})
        rows.append(cells)
    return rows


@login_required
@require_GET
def dashboard(request: HttpRequest, section: str = "journey") -> HttpResponse:
    if section not in SECTIONS:
        raise Http404()
    form, f = _read_filter(request)
    figures = []
    if f is not None:
        for figure in section_figures(user=request.user, f=f, section=section):
            export = reverse("web:dashboard_export", args=[figure.key])
            figures.append(
                {
                    "figure": figure,
                    "rows": _table(f, figure),
                    "chart_id": f"chart-{figure.key}",
                    "data_id": f"chart-{figure.key}-data",
                    "export": f"{export}?{urlencode(f.params())}",
                }
            )
    return render(
        request,
        "oversight/dashboard.html",
        {
            "form": form,
            "filter": f,
            "section": section,
            "sections": _section_labels(),
            "figures": figures,
            "can_export": has_capability(request.user, Capability.REPORTS_EXPORT),
        },
        status=200 if f is not None else 400,
    )


@login_required
@require_GET
def customers(request: HttpRequest) -> HttpResponse:
    form, f = _read_filter(request)
    if f is None:
        return render(
            request,
            "oversight/dashboard_refused.html",
            {"errors": form.errors, "message": ""},
            status=400,
        )
    figure_name = request.GET.get("figure", "")
    with not_found_as_404():
        rows = figure_customers(user=request.user, f=f, figure_name=figure_name)
    paged = paginate(request, rows, per_page=CUSTOMERS_PER_PAGE)
    export = f"{reverse('web:dashboard_customers_export')}?{request.GET.urlencode()}"
    return render(
        request,
        "oversight/dashboard_customers.html",
        {
            "paged": paged,
            "filter": f,
            "figure_name": figure_name,
            "export": export,
            "can_export": has_capability(request.user, Capability.REPORTS_EXPORT),
        },
    )


def _refused(request: HttpRequest, error: DomainError) -> HttpResponse:
    return render(
        request,
        "oversight/dashboard_refused.html",
        {"message": error.message, "code": error.code},
        status=error.status,
    )


@login_required
@require_GET
def export(request: AuthenticatedRequest, key: str) -> HttpResponseBase:
    form, f = _read_filter(request)
    if f is None:
        return render(
            request, "oversight/dashboard_refused.html", {"errors": form.errors}, status=400
        )
    try:
        figure, content = export_figure(by=request.user, f=f, key=key)
    except DomainError as error:
        if is_not_found(error):
            raise Http404(error.message) from None
        return _refused(request, error)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    filename = f"{figure.key}-{f.start:%Y%m%d}-{f.end:%Y%m%d}.xlsx"
    return attachment(request, response, filename=filename)


@login_required
@require_GET
def customers_export(request: AuthenticatedRequest) -> HttpResponseBase:
    form, f = _read_filter(request)
    if f is None:
        return render(
            request, "oversight/dashboard_refused.html", {"errors": form.errors}, status=400
        )
    figure_name = request.GET.get("figure", "")
    try:
        content = export_figure_customers(by=request.user, f=f, figure_name=figure_name)
    except DomainError as error:
        if is_not_found(error):
            raise Http404(error.message) from None
        return _refused(request, error)
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    name = "".join(c for c in figure_name if c.isalnum() or c in "._")[:40] or "customers"
    return attachment(request, response, filename=f"customers-{name}-{f.start:%Y%m%d}.xlsx")
