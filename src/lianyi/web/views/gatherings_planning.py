"""联谊会: the list, the plan of one gathering (programme, staff, buses with stops and headcount
against seats, tables) and the forms to plan it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lianyi.core.errors import DomainError
from lianyi.gatherings.selectors.planning import (
    GatheringPlan,
    company_staff,
    gathering_plan,
    get_gathering,
    visible_gatherings,
)
from lianyi.gatherings.services import planning
from lianyi.gatherings.services.planning import GatheringData
from lianyi.org.capabilities import Capability, has_capability
from lianyi.org.models import User
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.gatherings_planning import (
    BusAssignForm,
    BusForm,
    GatheringForm,
    ProgrammeForm,
    RidersByCompoundForm,
    StaffForm,
    StopForm,
    TableForm,
)
from lianyi.web.paging import paginate

GATHERINGS_PER_PAGE = 20


@login_required
@require_GET
def gathering_list(request: HttpRequest) -> HttpResponse:
    paged = paginate(request, visible_gatherings(user=request.user), per_page=GATHERINGS_PER_PAGE)
    can_plan = has_capability(request.user, Capability.GATHERINGS_PLAN)
    return render(
        request,
        "gatherings/planning_list.html",
        {"gatherings": paged.items, "paged": paged, "can_plan": can_plan},
    )


def _data(form: GatheringForm) -> GatheringData:
    return GatheringData(**form.cleaned_data)


@login_required
def gathering_new(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.GATHERINGS_PLAN)
    form = GatheringForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            gathering = planning.create_gathering(by=request.user, data=_data(form))
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已创建联谊会“%(name)s”。") % {"name": gathering.name})
            return redirect("web:gathering", gathering_id=gathering.pk)
    status = 400 if form.errors else 200
    return render(request, "gatherings/planning_form.html", {"form": form}, status=status)


@login_required
def gathering_edit(request: AuthenticatedRequest, gathering_id: int) -> HttpResponse:
    require(request.user, Capability.GATHERINGS_PLAN)
    with not_found_as_404():
        gathering = get_gathering(user=request.user, gathering_id=gathering_id)
    initial = {
        name: getattr(gathering, name)
        for name in ("name", "starts_at", "ends_at", "venue", "venue_address", "capacity")
    }
    initial["delivery_from"] = gathering.delivery_from
    form = GatheringForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            planning.update_gathering(by=request.user, gathering_id=gathering.pk, data=_data(form))
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已保存联谊会安排。"))
            return redirect("web:gathering", gathering_id=gathering.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "gathering": gathering}
    return render(request, "gatherings/planning_form.html", context, status=status)


def _forms(plan: GatheringPlan, user: User, data: Any = None, which: str = "") -> dict[str, Any]:
    def bound(name: str) -> Any:
        return data if which == name else None

    return {
        "programme": ProgrammeForm(bound("programme"), prefix="programme"),
        "staff": StaffForm(bound("staff"), prefix="staff", people=list(company_staff(user=user))),
        "bus": BusForm(bound("bus"), prefix="bus"),
        "stop": StopForm(bound("stop"), prefix="stop", buses=[b.bus for b in plan.buses]),
        "table": TableForm(bound("table"), prefix="table"),
        "riders_by_compound": RidersByCompoundForm(
            bound("riders_by_compound"),
            prefix="riders_by_compound",
            invitations=plan.invitations,
            buses=plan.buses,
        ),
        "bus_assign": BusAssignForm(
            bound("bus_assign"),
            prefix="bus_assign",
            invitations=plan.invitations,
            buses=plan.buses,
        ),
    }


def _detail(
    request: HttpRequest, plan: GatheringPlan, forms: dict[str, Any], form: Any = None
) -> HttpResponse:
    user = request.user
    context = {
        "plan": plan,
        "gathering": plan.gathering,
        "forms": forms,
        "form": form,
        "can_plan": has_capability(user, Capability.GATHERINGS_PLAN),
        "can_print": has_capability(user, Capability.GATHERINGS_PRINT),
        "can_draw": has_capability(user, Capability.GATHERINGS_DRAW),
        "can_engage": has_capability(user, Capability.GATHERINGS_ENGAGEMENT),
        "can_attendance": has_capability(user, Capability.GATHERINGS_ATTENDANCE),
        "can_checkin": has_capability(user, Capability.GATHERINGS_CHECK_IN),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "gatherings/planning_detail.html", context, status=status)


@login_required
@require_GET
def gathering_detail(request: AuthenticatedRequest, gathering_id: int) -> HttpResponse:
    with not_found_as_404():
        plan = gathering_plan(user=request.user, gathering_id=gathering_id)
    return _detail(request, plan, _forms(plan, request.user))


Action = Callable[[Any, int, Any], Any]

ADD: dict[str, Action] = {
    "programme": lambda by, g, form: planning.add_programme_item(
        by=by, gathering_id=g, **form.cleaned_data
    ),
    "staff": lambda by, g, form: planning.assign_staff(by=by, gathering_id=g, **form.cleaned_data),
    "bus": lambda by, g, form: planning.add_bus(by=by, gathering_id=g, **form.cleaned_data),
    "stop": lambda by, g, form: planning.add_stop(by=by, gathering_id=g, **form.cleaned_data),
    "table": lambda by, g, form: planning.add_tables(
        by=by,
        gathering_id=g,
        count=form.cleaned_data["count"] or 1,
        seats=form.cleaned_data["seats"],
        first_number=form.cleaned_data["number"],
    ),
    "riders_by_compound": lambda by, g, form: planning.assign_bus_by_compound(
        by=by,
        gathering_id=g,
        compound_id=form.cleaned_data["compound_id"],
        bus_id=form.bus_and_stop()[0],
        stop_id=form.bus_and_stop()[1],
    ),
    "bus_assign": lambda by, g, form: planning.assign_bus(
        by=by,
        invitation_id=form.cleaned_data["invitation_id"],
        bus_id=form.bus_and_stop()[0],
        stop_id=form.bus_and_stop()[1],
    ),
}

REMOVE: dict[str, Callable[..., None]] = {
    "programme": lambda by, g, pk: planning.remove_programme_item(
        by=by, gathering_id=g, item_id=pk
    ),
    "staff": lambda by, g, pk: planning.remove_staff(by=by, gathering_id=g, assignment_id=pk),
    "bus": lambda by, g, pk: planning.remove_bus(by=by, gathering_id=g, bus_id=pk),
    "stop": lambda by, g, pk: planning.remove_stop(by=by, gathering_id=g, stop_id=pk),
    "table": lambda by, g, pk: planning.remove_table(by=by, gathering_id=g, table_id=pk),
}


@login_required
@require_POST
def plan_add(request: AuthenticatedRequest, gathering_id: int, what: str) -> HttpResponse:
    require(request.user, Capability.GATHERINGS_PLAN)
    if what not in ADD:
        raise Http404()
    with not_found_as_404():
        plan = gathering_plan(user=request.user, gathering_id=gathering_id)
    forms = _forms(plan, request.user, request.POST, what)
    form = forms[what]
    if form.is_valid():
        try:
            ADD[what](request.user, plan.gathering.pk, form)
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("web:gathering", gathering_id=plan.gathering.pk)
    return _detail(request, plan, forms, form)


@login_required
@require_POST
def plan_remove(request: HttpRequest, gathering_id: int, what: str, pk: int) -> HttpResponse:
    require(request.user, Capability.GATHERINGS_PLAN)
    if what not in REMOVE:
        raise Http404()
    try:
        with not_found_as_404():
            REMOVE[what](request.user, gathering_id, pk)
    except DomainError as error:  # a table or bus that still holds other teams' guests
        messages.error(request, error.message)
    else:
        messages.success(request, _("已删除。"))
    return redirect("web:gathering", gathering_id=gathering_id)
