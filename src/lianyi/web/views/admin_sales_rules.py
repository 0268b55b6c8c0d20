"""销售规则和售后规则 on the rules page (beside the company's cadence rules): when an order waits
for a confirmation call, the return windows, the receipt's service address and phone; the
after-sales programme, the weekly cap, the referral ask and the case deadlines. Each has its own
form and save button; every problem is shown at once next to its field."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lianyi.aftercare.services.rules import AFTERCARE_RULE_FIELDS, update_aftercare_rules
from lianyi.core.errors import DomainError
from lianyi.org.capabilities import Capability
from lianyi.org.scoping import company_id_of
from lianyi.sales.services.rules import update_sales_rules
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error
from lianyi.web.forms.admin_sales_rules import AftercareRulesForm, SalesRulesForm
from lianyi.web.views.admin_rules import render_rules


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
