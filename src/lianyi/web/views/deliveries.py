"""送货上门: the confirmed orders waiting for delivery (the user's scope, oldest first), and the
delivery page of one order: what to bring, the checklist and the money collected at the door."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lianyi.aftercare.services.delivery import record_delivery
from lianyi.core.errors import DomainError
from lianyi.org.capabilities import Capability
from lianyi.sales.rules import return_policy, sales_rules_of
from lianyi.sales.selectors import get_order, orders_awaiting_delivery
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.deliveries import DeliveryForm
from lianyi.web.paging import paginate

DELIVERIES_PER_PAGE = 20


@login_required
@require_GET
def awaiting(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.DELIVERY_RECORD)
    orders = orders_awaiting_delivery(user=request.user)
    paged = paginate(request, orders, per_page=DELIVERIES_PER_PAGE)
    return render(request, "deliveries/list.html", {"paged": paged})


@login_required
def deliver(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.DELIVERY_RECORD)
    with not_found_as_404():
        order = get_order(user=user, order_id=order_id)
    form = DeliveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            record_delivery(
                by=user,
                order_id=order.pk,
                set_up=bool(data.get("set_up")),
                use_explained=bool(data.get("use_explained")),
                precautions_explained=bool(data.get("precautions_explained")),
                receipt_handed_over=bool(data.get("receipt_handed_over")),
                notes=data.get("notes") or "",
                payment_amount=data.get("payment_amount"),
                payment_method=data.get("payment_method") or "",
                payment_key=data.get("key") or "",
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("已记录送货上门。"))
            return redirect("web:customer", order.customer_id)
    context = {
        "order": order,
        "form": form,
        "return_policy": return_policy(sales_rules_of(order.company_id)),
    }
    return render(request, "deliveries/deliver.html", context)
