"""桌位: households and existing customers at tables, and the seating list to print."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lianyi.core.errors import DomainError
from lianyi.gatherings.selectors.seating import (
    CHOICES_LIMIT,
    count_existing_customers_to_seat,
    existing_customers_to_seat,
    households_to_seat,
    seating_list,
)
from lianyi.gatherings.services.seating import seat_existing_customer, seat_household, unseat
from lianyi.org.capabilities import Capability, has_capability
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.customers import SearchForm
from lianyi.web.forms.gatherings_seating import SeatExistingCustomerForm, SeatHouseholdForm


def _page(request: HttpRequest, gathering_id: int, bound: str = "") -> tuple[Any, dict]:
    user = request.user
    with not_found_as_404():
        gathering, tables = seating_list(user=user, gathering_id=gathering_id)
    can_plan = has_capability(user, Capability.GATHERINGS_PLAN)
    data = request.POST if request.method == "POST" else None
    context: dict[str, Any] = {"gathering": gathering, "tables": tables, "can_plan": can_plan}
    if can_plan:
        plain = [row.table for row in tables]
        context["household_form"] = SeatHouseholdForm(
            data if bound == "household" else None,
            prefix="household",
            tables=plain,
            invitations=households_to_seat(user=user, gathering=gathering),
        )
        # The choices stop at CHOICES_LIMIT: the page says how many there are and a search
        # (kept in the seat form, so the chosen customer is among its choices) narrows them.
        source = request.POST if request.method == "POST" else request.GET
        search = SearchForm({"q": str(source.get("existing_q") or "")[:100]})
        query = search.cleaned_data["q"] if search.is_valid() else ""
        customers = existing_customers_to_seat(user=user, gathering=gathering, query=query)
        context["existing_form"] = SeatExistingCustomerForm(
            data if bound == "existing" else None,
            prefix="existing",
            tables=plain,
            customers=customers,
        )
        context["existing_q"] = query
        context["existing_shown"] = len(customers)
        context["existing_total"] = (
            count_existing_customers_to_seat(user=user, gathering=gathering, query=query)
            if len(customers) >= CHOICES_LIMIT
            else len(customers)
        )
    return gathering, context


@login_required
@require_GET
def seating(request: HttpRequest, gathering_id: int) -> HttpResponse:
    _gathering, context = _page(request, gathering_id)
    return render(request, "gatherings/seating_tables.html", context)


@login_required
@require_GET
def seating_print(request: HttpRequest, gathering_id: int) -> HttpResponse:
    _gathering, context = _page(request, gathering_id)
    context["per_page"] = request.GET.get("per_page") == "1"
    return render(request, "gatherings/seating_print.html", context)


@login_required
@require_POST
def seat(request: AuthenticatedRequest, gathering_id: int, who: str) -> HttpResponse:
    require(request.user, Capability.GATHERINGS_PLAN)
    if who not in ("household", "existing"):
        raise Http404()
    gathering, context = _page(request, gathering_id, bound=who)
    form = context["household_form" if who == "household" else "existing_form"]
    if form.is_valid():
        try:
            if who == "household":
                seat_household(by=request.user, gathering_id=gathering.pk, **form.cleaned_data)
            else:
                seat_existing_customer(
                    by=request.user, gathering_id=gathering.pk, **form.cleaned_data
                )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已安排座位。"))
            return redirect("web:gathering_seating", gathering_id=gathering.pk)
    context["form"] = form
    return render(request, "gatherings/seating_tables.html", context, status=400)


@login_required
@require_POST
def seat_remove(request: AuthenticatedRequest, gathering_id: int, seat_id: int) -> HttpResponse:
    require(request.user, Capability.GATHERINGS_PLAN)
    with not_found_as_404():
        unseat(by=request.user, gathering_id=gathering_id, seat_id=seat_id)
    messages.success(request, _("已取消座位。"))
    return redirect("web:gathering_seating", gathering_id=gathering_id)
