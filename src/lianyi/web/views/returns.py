"""退货: the return form of an order (what can still come back, both windows with their last
day), the printable return receipt (退货凭证), and, when the window has passed, a case opened
instead (a return refused is a complaint to follow up, never a dead end)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lianyi.aftercare.models import CaseSource
from lianyi.aftercare.services.cases import open_case
from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.org.capabilities import Capability
from lianyi.sales.codes import SalesCode
from lianyi.sales.models import Order, PaymentMethod
from lianyi.sales.rules import sales_rules_of
from lianyi.sales.selectors import get_order, get_return, order_return_windows, returns_of_order
from lianyi.sales.services.returns import record_return
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.returns import ReturnCaseForm, ReturnForm, quantity_field_name


def _page(
    request: AuthenticatedRequest,
    order: Order,
    form: ReturnForm,
    case_form: ReturnCaseForm,
    *,
    window_closed: bool = False,
) -> HttpResponse:
    windows = list(order_return_windows(order=order, at=now()).values())
    return render(
        request,
        "sales/return_form.html",
        {
            "order": order,
            "customer": order.customer,
            "windows": windows,
            "form": form,
            "case_form": case_form,
            "offer_case": window_closed or not any(w.open for w in windows),
            "can_return": any(w.open for w in windows)
            and any(line.quantity > line.returned_quantity for line in order.lines.all()),
            "returns": returns_of_order(user=request.user, order_id=order.pk),
        },
    )


@login_required
def return_form(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.RETURNS_RECORD)
    with not_found_as_404():
        order = get_order(user=user, order_id=order_id)
    lines = list(order.lines.all())
    form = ReturnForm(request.POST or None, lines=lines)
    window_closed = False
    if request.method == "POST" and form.is_valid():
        wanted = form.wanted()
        by_line = {line.pk: line for line in lines}
        aliases = {
            f"lines.{index}": quantity_field_name(by_line[line_id])
            for index, (line_id, _quantity) in enumerate(wanted)
        }
        try:
            ret = record_return(
                by=user,
                order_id=order.pk,
                reason=form.cleaned_data["reason"],
                lines=wanted,
                note=form.cleaned_data.get("note") or "",
                refund_method=form.cleaned_data["refund_method"],
            )
        except DomainError as error:
            attach_error(form, error, aliases)
            window_closed = error.code == SalesCode.RETURN_WINDOW_CLOSED
        else:
            messages.success(request, _("已登记退货。"))
            return redirect("web:return_receipt", ret.pk)
    return _page(request, order, form, ReturnCaseForm(), window_closed=window_closed)


@login_required
@require_POST
def return_case(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    """Outside the return window: a case for the customer, about this order, instead."""
    user = request.user
    require(user, Capability.RETURNS_RECORD)
    with not_found_as_404():
        order = get_order(user=user, order_id=order_id)
    case_form = ReturnCaseForm(request.POST)
    if case_form.is_valid():
        try:
            open_case(
                by=user,
                customer_id=order.customer_id,
                source=CaseSource.RETURN_REFUSED,
                summary=case_form.cleaned_data["summary"],
                order_id=order.pk,
            )
        except DomainError as error:
            attach_error(case_form, error)
        else:
            messages.success(request, _("已登记工单，售后会按期限跟进。"))
            return redirect("web:customer", order.customer_id)
    form = ReturnForm(lines=list(order.lines.all()))
    return _page(request, order, form, case_form, window_closed=True)


@login_required
@require_GET
def return_receipt(request: AuthenticatedRequest, return_id: int) -> HttpResponse:
    """退货凭证, made to be printed: what came back, its value, the refund, the service desk."""
    user = request.user
    require(user, Capability.CUSTOMERS_VIEW)
    with not_found_as_404():
        ret = get_return(user=user, return_id=return_id)
    order = ret.order
    return render(
        request,
        "sales/return_receipt.html",
        {
            "ret": ret,
            "order": order,
            "customer": order.customer,
            "rules": sales_rules_of(order.company_id),
            "lines": [
                {
                    "name": rl.order_line.package or rl.order_line.product,
                    "quantity": rl.quantity,
                    "unit_price": rl.order_line.unit_price,
                }
                for rl in ret.lines.all()
            ],
            "gifts": list(order.gifts.all()),
            "refund_method": PaymentMethod(method).label
            if (method := getattr(ret, "refund_method", None))
            else "",
        },
    )
