"""客户: the list and live search, registration at the stand, the customer page with its
timeline, health notes on demand, reassignment and withdrawn consent."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

# consent withdrawal also drops the after-sales tasks (the journey cannot reach aftercare)
from lianyi.aftercare.services.programme import withdraw_consent
from lianyi.aftercare.timeline import customer_timeline
from lianyi.core.clock import now
from lianyi.core.errors import DomainError, Problems
from lianyi.customers.codes import CustomerCode
from lianyi.customers.details import DetailsChange, update_customer_details
from lianyi.customers.models import Source
from lianyi.customers.profiles import update_vip_profile
from lianyi.customers.referrals import referred_by
from lianyi.customers.selectors import (
    CustomerFilters,
    compound_choices,
    get_customer,
    may_read_health_notes,
    search_customers,
    stands_for,
    vip_profile_for,
)
from lianyi.customers.selectors import customer_list as customer_list_selector
from lianyi.customers.services import (
    Registration,
    check_registration,
    protection_ends_at,
    read_health_notes,
    reassign_customer,
)
from lianyi.gatherings.selectors.engagement import engagements_for_customer
from lianyi.journey.corrections import may_correct
from lianyi.journey.selectors import STEP_OF_KIND, is_overdue, not_recordable_yet
from lianyi.journey.services import register_customer
from lianyi.journey.steps import Step, TouchpointKind
from lianyi.org.capabilities import Capability, has_capability
from lianyi.org.models import User
from lianyi.org.scoping import managed_reps
from lianyi.oversight.selectors.directory import nearby_existing_customers
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.case_rows import customer_cases_context
from lianyi.web.customer_orders import customer_orders_context, customer_timeline_rows
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.customers import (
    FIELD_ALIASES,
    CustomerFilterForm,
    EditCustomerForm,
    ProfileForm,
    ReassignForm,
    ReferrerPresetForm,
    RegisterForm,
    SearchForm,
)
from lianyi.web.paging import paginate

DUPLICATE_CODES = {CustomerCode.DUPLICATE_MOBILE, CustomerCode.ALREADY_YOURS}


@login_required
@require_GET
def customer_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.CUSTOMERS_VIEW)
    # Supervisors and up choose among the reps they direct; a rep sees only their own.
    # Deactivated reps too: their customers wait for a handover (the user page links here).
    owners = (
        list(managed_reps(user, include_inactive=True))
        if has_capability(user, Capability.CUSTOMERS_REASSIGN)
        else None
    )
    form = CustomerFilterForm(request.GET, owners=owners, compounds=compound_choices(user=user))
    valid = form.valid_filters()
    query = valid.get("q") or ""
    filters = CustomerFilters(
        step=valid.get("step"),
        overdue=valid.get("overdue") == "1",
        owner_id=valid.get("owner"),
        compound_id=valid.get("compound"),
        source=valid.get("source") or "",
    )
    paged = paginate(request, customer_list_selector(user=user, query=query, filters=filters))
    context = {
        "form": form,
        "query": query,
        "paged": paged,
        "customers": paged.items,
        "filtered": filters != CustomerFilters(),
        "active_filters": _active_filters(form, valid),
    }
    htmx = getattr(request, "htmx", None)
    # A history restore after the live search pushed its URL needs the whole page back.
    if htmx and not htmx.boosted and not htmx.history_restore_request:
        return render(request, "customers/_results.html", context)
    return render(request, "customers/list.html", context)


def _active_filters(form: CustomerFilterForm, valid: dict[str, Any]) -> list[str]:
    """The filters in force, as "label: choice" for the line above the results."""
    shown = []
    for name in ("step", "overdue", "owner", "compound", "source"):
        value = valid.get(name)
        if value in (None, ""):
            continue
        field = form.fields[name]
        labels = {str(key): label for key, label in getattr(field, "choices", ())}
        shown.append(
            _("%(field)s：%(value)s") % {"field": field.label, "value": labels.get(str(value), "")}
        )
    return shown


@login_required
@require_GET
def referrer_options(request: HttpRequest) -> HttpResponse:
    """The search select of the registration form: the user's customers matching ``q``."""
    require(request.user, Capability.CUSTOMERS_REGISTER)
    # Through the search form like the list's query: a NUL byte, which PostgreSQL refuses in a
    # text comparison, makes it invalid and so finds nothing instead of answering 500.
    form = SearchForm({"q": (request.GET.get("referrer_q") or "")[:100]})
    query = form.cleaned_data["q"] if form.is_valid() else ""
    rows = list(search_customers(user=request.user, query=query, limit=10)) if query else []
    return render(request, "customers/_referrer_options.html", {"customers": rows, "query": query})


@login_required
def register(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.CUSTOMERS_REGISTER)
    stands = list(stands_for(user=user))
    # 转介绍: the link from a referral ask opens the form with the referrer chosen.
    preset = ReferrerPresetForm(request.GET)
    initial = {}
    if request.method != "POST" and preset.is_valid() and preset.cleaned_data["referrer"]:
        initial = {"source": Source.REFERRAL, "referrer_id": preset.cleaned_data["referrer"]}
    form = RegisterForm(request.POST or None, stands=stands, initial=initial)
    existing_id = None
    if request.method == "POST":
        try:
            # Every problem at once: the form's own checks and then the service's on what the
            # form accepted; the service checks again when it writes.
            customer = _register(user, form) if form.is_valid() else _check_only(user, form)
        except DomainError as error:
            if error.code in DUPLICATE_CODES:
                form.add_error("mobile", ValidationError(error.message, code=error.code))
                existing_id = error.extra.get("customer_id")
            else:
                attach_error(form, error, FIELD_ALIASES)
        else:
            if customer is not None:
                messages.success(request, _("已登记客户“%(name)s”。") % {"name": customer.name})
                return redirect("web:customer", customer.pk)
    referrer = None
    referrer_id = form["referrer_id"].value()
    if referrer_id:
        try:
            referrer = get_customer(user=user, customer_id=referrer_id)
        except DomainError:
            referrer = None
    return render(
        request,
        "customers/register.html",
        {"form": form, "referrer": referrer, "existing_id": existing_id},
    )


def _check_only(user: User, form: RegisterForm) -> Any:
    """The form refused something: collect what the service would refuse too, write nothing
    (raises the problems; returns None, no customer, when the service has nothing to add)."""
    return _registration(user, form, check_only=True)


def _register(user: User, form: RegisterForm) -> Any:
    return _registration(user, form, check_only=False)


def _registration(user: User, form: RegisterForm, *, check_only: bool) -> Any:
    data = form.cleaned_data
    referral = form.is_referral
    problems = Problems()
    with problems.check():
        if referral and not data.get("referrer_id"):
            raise DomainError(
                _("请搜索并选择介绍人。"),
                code=CustomerCode.REFERRER_REQUIRED,
                extra={"field": "referrer_id"},
            )
    registration = Registration(
        name=data.get("name") or "",
        sex=data.get("sex") or "",
        phone=data.get("mobile") or "",
        consent_items=form.consent_list(),
        birth_year=data.get("birth_year"),
        district=data.get("district") or "",
        compound=data.get("compound") or "",
        work_unit=data.get("work_unit") or "",
        building=data.get("building") or "",
        companion_name=data.get("companion_name") or "",
        companion_sex=data.get("companion_sex") or "",
        stand_id=None if referral else data.get("stand_id"),
        referrer_id=data.get("referrer_id") if referral else None,
        registration_note=data.get("registration_note") or "",
    )
    if problems or check_only:
        with problems.check():
            check_registration(by=user, data=registration)
        if referral:  # the missing referrer is the one problem of the source, said once
            problems.errors = [e for e in problems.errors if e.code != CustomerCode.STAND_REQUIRED]
        problems.raise_any()
        return None
    return register_customer(by=user, data=registration)


def customer_context(request: HttpRequest, customer_id: int) -> dict[str, Any]:
    """Everything the customer page shows; raises 404 for a missing or out-of-scope id."""
    user = request.user
    require(user, Capability.CUSTOMERS_VIEW)
    with not_found_as_404():
        customer, entries, merged_timeline = customer_timeline(user=user, customer_id=customer_id)
    done_kinds = {t.kind for t in entries}
    can_record = has_capability(user, Capability.JOURNEY_RECORD) and customer.contactable
    can_reassign = has_capability(user, Capability.CUSTOMERS_REASSIGN)
    moment = now()
    next_kind = customer.next_action if customer.next_action in STEP_OF_KIND else ""
    return {
        # the next step's link says when it cannot be recorded yet (the record form's rule)
        "not_yet": not_recordable_yet(customer, next_kind) if can_record and next_kind else None,
        "customer": customer,
        "touchpoints": entries,
        **customer_cases_context(user, customer),
        **customer_orders_context(user, customer),
        # touchpoints, case steps and after-sales contacts, with the orders and payments
        "timeline": customer_timeline_rows(user, customer, merged_timeline),
        "correctable": {t.pk for t in entries if may_correct(user=user, touchpoint=t, at=moment)},
        "engagements": engagements_for_customer(customer=customer),
        "overdue": is_overdue(customer, moment),
        "can_record": can_record,
        "can_register": has_capability(user, Capability.CUSTOMERS_REGISTER),
        "stand_open": customer.step == Step.STAND
        or not {TouchpointKind.STAND_CHECKUP, TouchpointKind.STAND_REGISTRATION} <= done_kinds,
        "from_stand": customer.referrer_id is None,
        "referred": referred_by(user=user, customer=customer),
        "can_read_health": may_read_health_notes(user=user, customer=customer),
        "can_reassign": can_reassign,
        "reassign_form": ReassignForm(users=managed_reps(user)) if can_reassign else None,
        "protection_ends_at": protection_ends_at(customer),
        "can_edit": has_capability(user, Capability.CUSTOMERS_EDIT),
        "profile": vip_profile_for(customer=customer),
        "nearby": nearby_existing_customers(user=user, customer=customer),
        "can_edit_profile": has_capability(user, Capability.JOURNEY_RECORD)
        and customer.consent_contact,
        "can_withdraw": has_capability(user, Capability.CONSENT_WITHDRAW)
        and customer.consent_contact,
    }


@login_required
@require_GET
def customer_detail(request: HttpRequest, customer_id: int) -> HttpResponse:
    return render(request, "customers/detail.html", customer_context(request, customer_id))


@login_required
@require_GET
def health_notes(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    """Loaded on demand by htmx: every read is audited by the service."""
    with not_found_as_404():
        notes = read_health_notes(by=request.user, customer_id=customer_id)
    return render(request, "customers/_health_notes.html", {"notes": notes})


@login_required
@require_POST
def reassign(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.CUSTOMERS_REASSIGN)
    context = customer_context(request, customer_id)
    form = ReassignForm(request.POST, users=managed_reps(user))
    if form.is_valid():
        try:
            customer = reassign_customer(
                by=user,
                customer_id=customer_id,
                to_user_id=form.cleaned_data.get("to_user_id") or 0,
                reason=form.cleaned_data.get("reason") or "",
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已把客户转给 %(owner)s。") % {"owner": customer.owner})
            # The customer may now be outside the supervisor's scope: go back to the list then.
            try:
                get_customer(user=user, customer_id=customer.pk)
            except DomainError:
                return redirect("web:customers")
            return redirect("web:customer", customer.pk)
    context["reassign_form"] = form
    context["reassign_open"] = True
    return render(request, "customers/detail.html", context)


@login_required
@require_POST
def withdraw(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.CONSENT_WITHDRAW)
    with not_found_as_404():
        customer = withdraw_consent(by=user, customer_id=customer_id)
    messages.success(
        request,
        _("已记录：%(name)s撤回同意，今后不再联系。") % {"name": customer.name},
    )
    return redirect("web:customer", customer.pk)


@login_required
def edit_details(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    """编辑资料: the owner and those who manage them; anyone else gets the one 404."""
    user = request.user
    require(user, Capability.CUSTOMERS_EDIT)
    with not_found_as_404():
        customer = get_customer(user=user, customer_id=customer_id)
    form = EditCustomerForm(
        request.POST if request.method == "POST" else None,
        initial=EditCustomerForm.initial_for(customer),
    )
    existing_id = None
    if request.method == "POST" and form.is_valid():
        try:
            updated = update_customer_details(
                by=user,
                customer_id=customer.pk,
                change=DetailsChange.of(form.change_values()),
            )
        except DomainError as error:
            attach_error(form, error)
            if error.code == CustomerCode.ALREADY_YOURS:
                existing_id = error.extra.get("customer_id")
        else:
            messages.success(request, _("已保存“%(name)s”的资料。") % {"name": updated.name})
            return redirect("web:customer", updated.pk)
    return render(
        request,
        "customers/edit.html",
        {"customer": customer, "form": form, "existing_id": existing_id},
    )


@login_required
def vip_profile(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    """贵宾档案: updated from the customer page by whoever may record the customer's visits."""
    user = request.user
    require(user, Capability.JOURNEY_RECORD)
    with not_found_as_404():
        customer = get_customer(user=user, customer_id=customer_id)
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        initial=ProfileForm.profile_initial(vip_profile_for(customer=customer)),
    )
    if request.method == "POST" and form.is_valid():
        try:
            update_vip_profile(
                by=user,
                customer_id=customer.pk,
                change=form.profile_change(),
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已保存贵宾档案。"))
            return redirect(f"{reverse('web:customer', args=[customer.pk])}#vip-profile")
    return render(request, "customers/profile.html", {"customer": customer, "form": form})
