"""公司规则: the contact day, quiet windows, protection period, call due days, consent notice
version and office location, for administrators; beside them the sales rules (confirmation
calls, return windows, the receipt's service address) and the after-sales rules (programme,
weekly cap, referral ask, case deadlines), each with its own form. Every problem is shown at
once next to its field (the parse errors of the form and the rule errors of the service
together)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms.formsets import TOTAL_FORM_COUNT
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianyi.aftercare.services.rules import AFTERCARE_RULE_FIELDS, update_aftercare_rules
from lianyi.core.errors import DomainError
from lianyi.org.capabilities import Capability
from lianyi.org.company_rules import RuleError, rule_errors, update_company_rules
from lianyi.org.scoping import company_id_of
from lianyi.sales.services.rules import update_sales_rules
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error
from lianyi.web.forms.admin_config import QuietWindowFormSet, RulesForm
from lianyi.web.forms.admin_sales_rules import AftercareRulesForm, SalesRulesForm

NUMBER_FIELDS = [
    "protection_days",
    "first_call_within_days",
    "second_call_min_days",
    "second_call_max_days",
    "checkin_opens_minutes_before",
    "checkin_closes_minutes_after",
]
TEXT_FIELDS = [
    "contact_day_start",
    "contact_day_end",
    "consent_notice_version",
    "office_latitude",
    "office_longitude",
]


def _initial(company: Any) -> tuple[dict[str, Any], list[dict[str, str]]]:
    values = {name: getattr(company, name) for name in NUMBER_FIELDS + TEXT_FIELDS}
    for name in ("office_latitude", "office_longitude"):
        values[name] = "" if values[name] is None else str(values[name])
    windows = [{"start": a, "end": b} for a, b in company.quiet_windows]
    return values, windows


def _with_one_more_row(data: Any) -> Any:
    """The POST again, with room for one more window: 添加时段 keeps everything typed."""
    copy = data.copy()
    key = f"windows-{TOTAL_FORM_COUNT}"
    try:
        copy[key] = str(min(int(copy.get(key, "0")) + 1, 12))
    except ValueError:
        copy[key] = "1"
    return copy


def _values(form: RulesForm, formset: Any) -> tuple[dict[str, Any], list[list[str]], list[int]]:
    """What was typed, as the service takes it, and for each window given the row it came from.
    A field the form could not parse is passed as None (the service then reports it too)."""
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    values: dict[str, Any] = {name: data.get(name) for name in NUMBER_FIELDS}
    values.update({name: data.get(name) or "" for name in TEXT_FIELDS})
    windows: list[list[str]] = []
    rows: list[int] = []
    for index, row in enumerate(formset.forms):
        row_data = row.cleaned_data if hasattr(row, "cleaned_data") else {}
        if row_data.get("DELETE") or not (row_data.get("start") or row_data.get("end")):
            continue
        windows.append([row_data.get("start") or "", row_data.get("end") or ""])
        rows.append(index)
    return values, windows, rows


def _attach(form: RulesForm, formset: Any, errors: list[RuleError], rows: list[int]) -> None:
    for error in errors:
        message = ValidationError(error.message, code=error.code)
        if error.field == "quiet_windows" and error.window is not None:
            row = formset.forms[rows[error.window]]
            row.add_error("start", message)
        elif error.field == "quiet_windows":
            form.add_error(None, message)
        elif not form.has_error(error.field):  # a parse error already sits there
            form.add_error(error.field, message)


@login_required
def company_rules(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.COMPANY_CONFIGURE)
    if request.method == "POST":
        adding = "add_window" in request.POST
        data = _with_one_more_row(request.POST) if adding else request.POST
        form = RulesForm(data)
        formset = QuietWindowFormSet(data, prefix="windows")
        parsed = form.is_valid() & formset.is_valid()
        if not adding:
            values, windows, rows = _values(form, formset)
            errors = rule_errors(quiet_windows=windows, **values)
            if parsed and not errors:
                try:
                    update_company_rules(
                        by=user, company_id=company_id_of(user), quiet_windows=windows, **values
                    )
                except DomainError as error:  # the same rules, checked again under the lock
                    attach_error(form, error)
                else:
                    messages.success(request, _("已保存公司规则。"))
                    return redirect("web:admin_rules")
            _attach(form, formset, errors, rows)
        return render_rules(request, form=form, formset=formset)
    return render_rules(request)


def render_rules(
    request: AuthenticatedRequest,
    *,
    form: RulesForm | None = None,
    formset: Any = None,
    sales_form: SalesRulesForm | None = None,
    aftercare_form: AftercareRulesForm | None = None,
) -> HttpResponse:
    """The rules page: the company's rules, the sales rules and the after-sales rules, each
    form as posted (with its errors) or else as saved."""
    company = request.user.company
    if form is None or formset is None:
        values, windows_initial = _initial(company)
        form = RulesForm(initial=values)
        formset = QuietWindowFormSet(initial=windows_initial, prefix="windows")
    company_id = company_id_of(request.user)
    return render(
        request,
        "admin_config/rules.html",
        {
            "form": form,
            "formset": formset,
            "company": company,
            "sales_form": sales_form or SalesRulesForm.of_company(company_id),
            "aftercare_form": aftercare_form or AftercareRulesForm.of_company(company_id),
        },
    )


# --- sales and after-sales rules (i8 catalogue): each its own form and save button -------------


@login_required
@require_POST
def sales_rules(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.COMPANY_CONFIGURE)
    form = SalesRulesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            update_sales_rules(
                by=user,
                company_id=company_id_of(user),
                senior_age=data.get("senior_age"),
                confirmation_min_amount=data.get("confirmation_min_amount"),
                confirmation_repeat_days=data.get("confirmation_repeat_days"),
                confirmation_within_hours=data.get("confirmation_within_hours"),
                return_unopened_days=data.get("return_unopened_days"),
                return_senior_days=data.get("return_senior_days"),
                service_address=data.get("service_address") or "",
                service_phone=data.get("service_phone") or "",
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已保存销售规则。"))
            return redirect("web:admin_rules")
    return render_rules(request, sales_form=form)


@login_required
@require_POST
def aftercare_rules(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.COMPANY_CONFIGURE)
    form = AftercareRulesForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            update_aftercare_rules(
                by=user,
                company_id=company_id_of(user),
                **{name: data.get(name) for name in AFTERCARE_RULE_FIELDS},
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已保存售后规则。"))
            return redirect("web:admin_rules")
    return render_rules(request, aftercare_form=form)
