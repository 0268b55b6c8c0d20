"""Recording the steps of the journey, one form per step. The services decide; a refusal is
shown next to the field it names, and nothing is half-written (each service is atomic)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.core.fields import DayField
from lianyi.customers.selectors import vip_profile_for
from lianyi.gatherings.selectors import open_invitation_for, upcoming_gatherings
from lianyi.journey import rules, services
from lianyi.journey.corrections import (
    TouchpointChange,
    correct_touchpoint,
    correction_deadline,
    correction_refusal,
    get_touchpoint,
)
from lianyi.journey.selectors import not_recordable_yet, repeat_reason_required, timeline
from lianyi.journey.services import Contact
from lianyi.journey.steps import CALL_KINDS, TouchpointKind
from lianyi.org.capabilities import Capability
from lianyi.org.models import User
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.customers import ProfileFieldsMixin
from lianyi.web.forms.journey import (
    FIELD_ALIASES,
    CorrectionForm,
    FirstCallForm,
    FirstVisitForm,
    SecondCallForm,
    SecondVisitForm,
    StandNoteForm,
)

Perform = Callable[[Any, Any, Any], Any]


@dataclass(frozen=True)
class RecordPage:
    title: Any
    form_class: type[forms.Form]
    template: str
    perform: Perform  # (user, customer, form) -> Touchpoint
    success: Any


def _tz(customer: Any) -> Any:
    return customer.company.quiet_hours().tz


def _stand(user: User, customer: Any, form: Any) -> Any:
    return services.record_stand_note(
        by=user,
        customer_id=customer.pk,
        desk=form.cleaned_data["desk"],
        contact=Contact(**form.contact_kwargs()),
    )


def _first_call(user: User, customer: Any, form: Any) -> Any:
    return services.record_first_call(
        by=user,
        customer_id=customer.pk,
        outcome=form.cleaned_data.get("outcome") or "",
        contact=Contact(**form.contact_kwargs()),
        visit_slot=form.slot(_tz(customer)),
        call_back_at=form.cleaned_data.get("call_back_at"),
    )


def _first_visit(user: User, customer: Any, form: Any) -> Any:
    return services.record_first_visit(
        by=user,
        customer_id=customer.pk,
        duration_minutes=form.cleaned_data.get("duration_minutes"),
        profile_completed=False,  # the visit counts the profile as filled in when it has content
        contact=Contact(**form.contact_kwargs()),
        location=form.location(),
        profile=form.profile_change(),
    )


def _second_call(user: User, customer: Any, form: Any) -> Any:
    return services.record_second_call(
        by=user,
        customer_id=customer.pk,
        outcome=form.cleaned_data.get("outcome") or "",
        contact=Contact(**form.contact_kwargs()),
        invitation_accepted=form.accepted(),
        guests=form.guests(),
        delivery_slot=form.slot(_tz(customer)),
        gathering_id=form.cleaned_data.get("gathering_id"),
        call_back_at=form.cleaned_data.get("call_back_at"),
    )


def _second_visit(user: User, customer: Any, form: Any) -> Any:
    return services.record_second_visit(
        by=user,
        customer_id=customer.pk,
        invitation_handed_over=bool(form.cleaned_data.get("invitation_handed_over")),
        contact=Contact(**form.contact_kwargs()),
        duration_minutes=form.cleaned_data.get("duration_minutes"),
        location=form.location(),
        unprinted_confirmed=bool(form.cleaned_data.get("unprinted_confirmed")),
        profile=form.profile_change(),
    )


PAGES = {
    "stand": RecordPage(
        gettext_lazy("现场沟通记录"),
        StandNoteForm,
        "journey/stand.html",
        _stand,
        gettext_lazy("已保存现场沟通记录。"),
    ),
    "first_call": RecordPage(
        gettext_lazy("第一次电话·预热"),
        FirstCallForm,
        "journey/first_call.html",
        _first_call,
        gettext_lazy("已记录第一次电话。"),
    ),
    "first_visit": RecordPage(
        gettext_lazy("第一次家访·了解"),
        FirstVisitForm,
        "journey/first_visit.html",
        _first_visit,
        gettext_lazy("已记录第一次家访。"),
    ),
    "second_call": RecordPage(
        gettext_lazy("第二次电话·邀请"),
        SecondCallForm,
        "journey/second_call.html",
        _second_call,
        gettext_lazy("已记录第二次电话。"),
    ),
    "second_visit": RecordPage(
        gettext_lazy("第二次家访·送函"),
        SecondVisitForm,
        "journey/second_visit.html",
        _second_visit,
        gettext_lazy("已记录第二次家访。"),
    ),
}


RECORDED_KIND = {
    "first_call": TouchpointKind.FIRST_CALL,
    "first_visit": TouchpointKind.FIRST_VISIT,
    "second_call": TouchpointKind.SECOND_CALL,
    "second_visit": TouchpointKind.SECOND_VISIT,
}
# The calls that may be recorded again (a retry) and the kind each records.
REPEATABLE = {"first_call": TouchpointKind.FIRST_CALL, "second_call": TouchpointKind.SECOND_CALL}


def _form_kwargs(key: str, user: User, customer: Any, data: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"data": data}
    if key == "second_call":
        kwargs["gatherings"] = list(upcoming_gatherings(user=user))
        kwargs["initial"] = {"guest_1": customer.name, "guest_2": customer.companion_name}
    if key == "stand" and data is None:
        kwargs["initial"] = {"desk": "registration"}
    if key in ("first_visit", "second_visit"):
        kwargs["initial"] = ProfileFieldsMixin.profile_initial(vip_profile_for(customer=customer))
    return kwargs


def _record(request: AuthenticatedRequest, customer_id: int, key: str) -> HttpResponse:
    page = PAGES[key]
    user = request.user
    require(user, Capability.JOURNEY_RECORD)
    with not_found_as_404():
        customer, touchpoints = timeline(user=user, customer_id=customer_id)
    data = request.POST if request.method == "POST" else None
    form = page.form_class(**_form_kwargs(key, user, customer, data))
    if data is not None and form.is_valid():
        try:
            page.perform(user, customer, form)
        except DomainError as error:
            attach_error(form, error, FIELD_ALIASES)
        else:
            messages.success(request, str(page.success))
            return redirect("web:customer", customer.pk)
    done = {t.kind for t in touchpoints}
    # Said when the form opens, by the rules the service applies on submit (item 4, issue 7).
    kind = RECORDED_KIND.get(key)
    blocked = not_recordable_yet(customer, kind) if kind and data is None else None
    context = {
        "blocked": blocked,
        "page": page,
        "customer": customer,
        "form": form,
        "done_kinds": done,
        "checkup_done": TouchpointKind.STAND_CHECKUP in done,
        "registration_done": TouchpointKind.STAND_REGISTRATION in done,
        "repeat": key in REPEATABLE
        and REPEATABLE[key] in done
        and repeat_reason_required(customer, REPEATABLE[key]),
        "invitation": open_invitation_for(customer=customer) if key == "second_visit" else None,
        "last": touchpoints.last(),
    }
    return render(request, page.template, context)


@login_required
def record_stand_note(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    return _record(request, customer_id, "stand")


@login_required
def record_first_call(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    return _record(request, customer_id, "first_call")


@login_required
def record_first_visit(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    return _record(request, customer_id, "first_visit")


@login_required
def record_second_call(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    return _record(request, customer_id, "second_call")


@login_required
def record_second_visit(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    return _record(request, customer_id, "second_visit")


def _parse_time(value: str | None) -> time | None:
    try:
        return datetime.strptime((value or "").strip(), "%H:%M").time()
    except ValueError:
        return None


@login_required
@require_GET
def slot_check(request: HttpRequest) -> HttpResponse:
    """htmx: the same check the service makes on submit (quiet hours, order, not past),
    shown as soon as the date and times are chosen."""
    company = getattr(request.user, "company", None)
    warning = ""
    try:
        # The shared date field: a day in year 9999 would overflow when made aware.
        day = DayField(required=False, input_formats=["%Y-%m-%d"]).clean(
            request.GET.get("slot_date", "")
        )
    except ValidationError:
        day = None
    start = _parse_time(request.GET.get("slot_start"))
    end = _parse_time(request.GET.get("slot_end"))
    if company is not None and day and start and end:
        tz = company.quiet_hours().tz
        try:
            rules.check_slot(
                company,
                datetime.combine(day, start, tzinfo=tz),
                datetime.combine(day, end, tzinfo=tz),
                after=now(),
            )
        except DomainError as error:
            warning = error.message
    return render(request, "journey/_slot_warning.html", {"warning": warning})


@login_required
def correct(request: AuthenticatedRequest, customer_id: int, touchpoint_id: int) -> HttpResponse:
    """更正 a call or a visit the user recorded; the original stays on the timeline."""
    user = request.user
    require(user, Capability.JOURNEY_RECORD)
    with not_found_as_404():
        touchpoint = get_touchpoint(user=user, customer_id=customer_id, touchpoint_id=touchpoint_id)
    customer = touchpoint.customer
    tz = _tz(customer)
    is_call = touchpoint.kind in CALL_KINDS
    form = CorrectionForm(
        request.POST if request.method == "POST" else None,
        initial=CorrectionForm.initial_for(touchpoint, tz),
        is_call=is_call,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        change = (
            TouchpointChange(
                outcome=data.get("outcome") or "", slot=form.slot(tz), notes=data.get("notes") or ""
            )
            if is_call
            else TouchpointChange(
                duration_minutes=data.get("duration_minutes"), notes=data.get("notes") or ""
            )
        )
        try:
            correct_touchpoint(
                by=user,
                customer_id=customer.pk,
                touchpoint_id=touchpoint.pk,
                change=change,
                reason=data.get("reason") or "",
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, str(gettext_lazy("已更正这条联系记录，原记录保留在下方。")))
            return redirect(
                f"{reverse('web:customer', args=[customer.pk])}#touchpoint-{touchpoint.pk}"
            )
    return render(
        request,
        "journey/correct.html",
        {
            "customer": customer,
            "touchpoint": touchpoint,
            "form": form,
            "is_call": is_call,
            "deadline": correction_deadline(touchpoint),
            "refusal": correction_refusal(user=user, touchpoint=touchpoint),
            "page": {"title": gettext_lazy("更正联系记录")},
        },
    )
