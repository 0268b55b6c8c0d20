"""工单 (cases): the list of the cases a user may see, one case with its history and what its
holder may do (a note, a hand-up, the outcome, closing with the customer's confirmation), opening
a case from the customer's page, and recording an after-sales contact with the satisfaction."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localtime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lianyi.aftercare.case_selectors import (
    case_confirmers,
    customer_orders,
    get_case,
    opened_by,
    time_left,
    visible_cases,
)
from lianyi.aftercare.models import AftercareContact, Case, CaseLevel, CaseState, TaskKind
from lianyi.aftercare.services.cases import (
    NEXT_LEVEL,
    add_case_note,
    close_case,
    hand_up_case,
    may_act,
    open_case,
    resolve_case,
)
from lianyi.aftercare.services.contacts import record_contact
from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.customers.models import Customer
from lianyi.customers.selectors import get_customer
from lianyi.org.capabilities import Capability
from lianyi.org.models import User
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.case_rows import case_rows
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.cases import (
    AftercareContactForm,
    CaseNoteForm,
    CloseCaseForm,
    HandUpForm,
    OpenCaseForm,
    ResolveCaseForm,
)
from lianyi.web.paging import paginate

CASES_PER_PAGE = 20


@login_required
@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.CASES_HANDLE)
    state = request.GET.get("state", CaseState.OPEN)
    level = request.GET.get("level", "")
    state = state if state in CaseState.values or state == "all" else CaseState.OPEN
    rows = visible_cases(user=user, state="" if state == "all" else state, level=level)
    paged = paginate(request, rows, per_page=CASES_PER_PAGE)
    return render(
        request,
        "cases/list.html",
        {
            "paged": paged,
            "rows": case_rows(paged.items),
            "state": state,
            "level": level if level in CaseLevel.values else "",
            "states": CaseState.choices,
            "levels": CaseLevel.choices,
        },
    )


def _case_context(
    user: User, case_id: int, **forms_given: forms.Form
) -> tuple[Case, dict[str, Any]]:
    with not_found_as_404():
        case = get_case(user=user, case_id=case_id)
    is_open = case.state == CaseState.OPEN
    acting = is_open and may_act(user, case)
    context: dict[str, Any] = {
        "case": case,
        "left": time_left(case),
        "events": list(case.events.all()),
        "is_open": is_open,
        "can_act": acting,
        "can_hand_up": acting and CaseLevel(case.level) in NEXT_LEVEL,
        "next_level": NEXT_LEVEL.get(CaseLevel(case.level)),
        "note_form": forms_given.get("note_form") or CaseNoteForm(),
        "hand_up_form": forms_given.get("hand_up_form") or HandUpForm(),
        "resolve_form": forms_given.get("resolve_form")
        or ResolveCaseForm(initial={"resolution": case.resolution}),
        "close_form": forms_given.get("close_form")
        or CloseCaseForm(
            users=case_confirmers(user=user),
            initial={"confirmed_by": user.pk, "confirmed_at": now()},
        ),
    }
    with_customer = True
    try:
        get_customer(user=user, customer_id=case.customer_id)
    except DomainError:
        with_customer = False  # held by someone who no longer sees the customer's page
    context["customer_visible"] = with_customer
    return case, context


@login_required
@require_GET
def case_detail(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    require(request.user, Capability.CASES_HANDLE)
    _case, context = _case_context(request.user, case_id)
    return render(request, "cases/detail.html", context)


def _case_action(
    request: AuthenticatedRequest,
    case_id: int,
    *,
    form_name: str,
    form: forms.Form,
    act: Any,
    done: str,
) -> HttpResponse:
    user = request.user
    require(user, Capability.CASES_HANDLE)
    with not_found_as_404():
        get_case(user=user, case_id=case_id)
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, done)
            return redirect("web:case", case_id)
    _case, context = _case_context(user, case_id, **{form_name: form})
    context["open_form"] = form_name
    return render(request, "cases/detail.html", context, status=400)


@login_required
@require_POST
def case_note(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        form_name="note_form",
        form=CaseNoteForm(request.POST),
        act=lambda d: add_case_note(by=request.user, case_id=case_id, note=d.get("note") or ""),
        done=_("已添加处理记录。"),
    )


@login_required
@require_POST
def case_hand_up(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        form_name="hand_up_form",
        form=HandUpForm(request.POST),
        act=lambda d: hand_up_case(by=request.user, case_id=case_id, note=d.get("note") or ""),
        done=_("已上报上一级。"),
    )


@login_required
@require_POST
def case_resolve(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        form_name="resolve_form",
        form=ResolveCaseForm(request.POST),
        act=lambda d: resolve_case(
            by=request.user, case_id=case_id, resolution=d.get("resolution") or ""
        ),
        done=_("已记录处理结果，请与客户确认后结案。"),
    )


@login_required
@require_POST
def case_close(request: AuthenticatedRequest, case_id: int) -> HttpResponse:
    return _case_action(
        request,
        case_id,
        form_name="close_form",
        form=CloseCaseForm(request.POST, users=case_confirmers(user=request.user)),
        act=lambda d: close_case(
            by=request.user,
            case_id=case_id,
            confirmed_by_id=d.get("confirmed_by"),
            confirmed_at=d.get("confirmed_at"),
            customer_said=d.get("customer_said") or "",
        ),
        done=_("客户已确认，工单已结案。"),
    )


def _customer(user: User, customer_id: int) -> Customer:
    with not_found_as_404():
        return get_customer(user=user, customer_id=customer_id)


@login_required
def open_customer_case(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    """新建工单 from the customer's page: a complaint or another problem, maybe about an order."""
    user = request.user
    require(user, Capability.CASES_HANDLE)
    customer = _customer(user, customer_id)
    form = OpenCaseForm(request.POST or None, orders=customer_orders(customer=customer))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = open_case(
                by=user,
                customer_id=customer.pk,
                source=data.get("source") or "",
                summary=data.get("summary") or "",
                order_id=data.get("order_id"),
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(
                request,
                _("已创建工单，由 %(holder)s 处理。")
                % {"holder": case.holder or CaseLevel.SERVICE.label},
            )
            if _may_see_case(user, case.pk):
                return redirect("web:case", case.pk)
            return redirect("web:customer", customer.pk)
    return render(request, "cases/open.html", {"customer": customer, "form": form})


def _may_see_case(user: User, case_id: int) -> bool:
    try:
        get_case(user=user, case_id=case_id)
    except DomainError:
        return False
    return True


@login_required
def record_aftercare_contact(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    """记录售后联系: the channel, whether they were reached, the satisfaction and the notes; the
    page then says what the rating opened (a referral ask, a follow-up, a case)."""
    user = request.user
    require(user, Capability.AFTERCARE_RECORD)
    customer = _customer(user, customer_id)
    form = AftercareContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            contact = record_contact(
                by=user,
                customer_id=customer.pk,
                channel=data.get("channel") or "",
                reached=bool(data.get("reached")),
                satisfaction=data.get("satisfaction") or "",
                notes=data.get("notes") or "",
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, opened_by_contact(contact))
            return redirect("web:customer", customer.pk)
    return render(request, "cases/contact.html", {"customer": customer, "form": form})


def opened_by_contact(contact: AftercareContact) -> str:
    """What the page says after a contact: the task or case the satisfaction opened."""
    opened = opened_by(contact)
    if opened.case is not None:
        return _("已记录售后联系。客户不满意，已创建工单，由 %(holder)s 处理。") % {
            "holder": opened.case.holder or CaseLevel.SERVICE.label
        }
    if opened.task is not None:
        day = localtime(opened.task.due_until).date().isoformat()
        if opened.task.kind == TaskKind.REFERRAL_ASK:
            return _("已记录售后联系。客户满意，已安排在 %(day)s 前询问转介绍。") % {"day": day}
        return _("已记录售后联系。满意度一般，已安排在 %(day)s 前跟进沟通。") % {"day": day}
    return _("已记录售后联系。")
