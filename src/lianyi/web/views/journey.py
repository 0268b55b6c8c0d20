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
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.core.fields import DayField
from lianyi.gatherings.selectors import open_invitation_for, upcoming_gatherings
from lianyi.journey import rules, services
from lianyi.journey.selectors import not_recordable_yet, repeat_reason_required, timeline
from lianyi.journey.services import Contact
from lianyi.journey.steps import TouchpointKind
from lianyi.org.capabilities import Capability
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.journey import (
    FIELD_ALIASES,
    FirstCallForm,
    FirstVisitForm,
    SecondCallForm,
    SecondVisitForm,
    StandNoteForm,
)
from lianyi.web.views.customers import require

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


def _stand(user: Any, customer: Any, form: Any) -> Any:
    return services.record_stand_note(
        by=user,
        customer_id=customer.pk,
        desk=form.cleaned_data["desk"],
        contact=Contact(**form.contact_kwargs()),
    )


def _first_call(user: Any, customer: Any, form: Any) -> Any:
    return services.record_first_call(
        by=user,
        customer_id=customer.pk,
        outcome=form.cleaned_data.get("outcome") or "",
        contact=Contact(**form.contact_kwargs()),
        visit_slot=form.slot(_tz(customer)),
        call_back_at=form.cleaned_data.get("call_back_at"),
    )


def _first_visit(user: Any, customer: Any, form: Any) -> Any:
    return services.record_first_visit(
        by=user,
        customer_id=customer.pk,
        duration_minutes=form.cleaned_data.get("duration_minutes"),
        profile_completed=bool(form.cleaned_data.get("profile_completed")),
        contact=Contact(**form.contact_kwargs()),
        location=form.location(),
    )


def _second_call(user: Any, customer: Any, form: Any) -> Any:
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


def _second_visit(user: Any, customer: Any, form: Any) -> Any:
    return services.record_second_visit(
        by=user,
        customer_id=customer.pk,
        invitation_handed_over=bool(form.cleaned_data.get("invitation_handed_over")),
        contact=Contact(**form.contact_kwargs()),
        duration_minutes=form.cleaned_data.get("duration_minutes"),
        location=form.location(),
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


def _form_kwargs(key: str, user: Any, customer: Any, data: Any) -> dict[str, Any]:
    kwargs: dict[str, Any] = {"data": data}
    if key == "second_call":
        kwargs["gatherings"] = list(upcoming_gatherings(user=user))
        kwargs["initial"] = {"guest_1": customer.name, "guest_2": customer.companion_name}
    if key == "stand" and data is None:
        kwargs["initial"] = {"desk": "registration"}
    return kwargs


def _record(request: HttpRequest, customer_id: int, key: str) -> HttpResponse:
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
def record_stand_note(request: HttpRequest, customer_id: int) -> HttpResponse:
    return _record(request, customer_id, "stand")


@login_required
def record_first_call(request: HttpRequest, customer_id: int) -> HttpResponse:
    return _record(request, customer_id, "first_call")


@login_required
def record_first_visit(request: HttpRequest, customer_id: int) -> HttpResponse:
    return _record(request, customer_id, "first_visit")


@login_required
def record_second_call(request: HttpRequest, customer_id: int) -> HttpResponse:
    return _record(request, customer_id, "second_call")


@login_required
def record_second_visit(request: HttpRequest, customer_id: int) -> HttpResponse:
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
