"""送函路线: a supervisor plans a day's invitation deliveries among the reps and moves stops
(both solved by the worker: the page goes to the job's progress page at once); each rep sees
their own ordered route with arrival times and map links."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.core.selectors import active_job
from lianyi.customers.names import polite_address
from lianyi.customers.phones import display_phone
from lianyi.gatherings.selectors.planning import get_gathering
from lianyi.gatherings.selectors.routes import (
    amap_link,
    default_route_day,
    latest_plan,
    route_days,
    routes_of,
    undelivered_invitations,
)
from lianyi.gatherings.services.routes import (
    request_route_plan,
    request_stop_move,
    route_job_key,
)
from lianyi.org.capabilities import Capability, has_capability
from lianyi.org.models import User
from lianyi.org.scoping import managed_reps
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404


class PlanForm(forms.Form):
    day = forms.DateField(
        label=gettext_lazy("送函日期"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reps = forms.TypedMultipleChoiceField(
        label=gettext_lazy("当天能送函的专员"), coerce=int, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, reps: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["reps"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(u.pk, str(u)) for u in reps]


class MoveForm(forms.Form):
    invitation = forms.IntegerField(widget=forms.HiddenInput)
    to_rep = forms.IntegerField()


def _day(request: HttpRequest, days: list[date] | None = None) -> date:
    """The day asked for; with none, today's route if any, else the next day with one, else
    tomorrow (the day a planner usually plans)."""
    try:
        return date.fromisoformat(request.GET.get("day") or request.POST.get("day") or "")
    except ValueError:
        today = localdate(now())
        return default_route_day(days or [], today=today) or today + timedelta(days=1)


def _stop_rows(user: User, plan: Any) -> list[dict[str, Any]]:
    rows = []
    for route in routes_of(user=user, plan=plan):
        stops = []
        for stop in route.stops:
            customer = stop.invitation.customer
            number = customer.mobile or customer.landline
            stops.append(
                {
                    "stop": stop,
                    "polite": polite_address(customer.name, customer.sex),
                    "customer": customer,
                    "place": customer.compound.name if customer.compound else "",
                    "tel": f"tel:{number}" if number and customer.contactable else "",
                    "phone": display_phone(number) if number else "",
                    "map": amap_link(stop.latitude, stop.longitude, customer.name),
                }
            )
        rows.append({"rep": route.rep, "stops": stops})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def routes(request: AuthenticatedRequest, gathering_id: int) -> HttpResponse:
    user = request.user
    with not_found_as_404():
        gathering = get_gathering(user=user, gathering_id=gathering_id)
    can_plan = has_capability(user, Capability.GATHERINGS_PLAN)
    days = route_days(user=user, gathering=gathering)
    day = _day(request, days)
    reps = list(managed_reps(user)) if can_plan else []
    form = PlanForm(
        request.POST or None,
        reps=reps,
        initial={"day": day, "reps": [u.pk for u in reps]},
    )
    if request.method == "POST" and can_plan and form.is_valid():
        day = form.cleaned_data["day"]
        try:
            job = request_route_plan(
                by=user,
                gathering_id=gathering.pk,
                day=day,
                rep_ids=form.cleaned_data["reps"],
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            # The worker solves (about 10 s); the progress page follows it and then comes back.
            return redirect("web:job", job_id=job.pk)
    plan = latest_plan(user=user, gathering=gathering, day=day)
    by_id: dict[int, Any] = {}
    if plan is not None and can_plan:
        missing = set(plan.left_out) | set(plan.without_location)
        by_id = {
            inv.pk: inv
            for inv in undelivered_invitations(user=user, gathering=gathering).filter(
                pk__in=missing
            )
        }
    context = {
        "gathering": gathering,
        "day": day,
        "days": days,
        "today": localdate(now()),
        "plan": plan,
        "routes": _stop_rows(user, plan) if plan else [],
        "left_out": [by_id[i] for i in (plan.left_out if plan else []) if i in by_id],
        "without": _by_compound(
            [by_id[i] for i in (plan.without_location if plan else []) if i in by_id]
        ),
        "form": form if can_plan else None,
        "reps": reps,
        "can_plan": can_plan,
        "running": active_job(user=user, key=route_job_key(gathering.pk, day)),
    }
    return render(request, "gatherings/routes.html", context)


def _by_compound(invitations: list[Any]) -> list[tuple[str, list[Any]]]:
    groups: dict[str, list[Any]] = {}
    for inv in invitations:
        compound = inv.customer.compound
        groups.setdefault(compound.name if compound else _("未填小区"), []).append(inv)
    return sorted(groups.items())


@login_required
@require_POST
def move(request: AuthenticatedRequest, gathering_id: int, plan_id: int) -> HttpResponse:
    form = MoveForm(request.POST)
    day = _day(request)
    target = f"{reverse('web:gathering_routes', args=[gathering_id])}?day={day}"
    if not form.is_valid():
        messages.error(request, _("请选择要改派的专员。"))
        return redirect(target)
    try:
        with not_found_as_404():
            job = request_stop_move(
                by=request.user,
                plan_id=plan_id,
                invitation_id=form.cleaned_data["invitation"],
                to_rep_id=form.cleaned_data["to_rep"],
            )
    except DomainError as error:
        messages.error(request, error.message)
        return redirect(target)
    return redirect("web:job", job_id=job.pk)
