"""回访确认: customer service's queue of orders waiting for the call (oldest first, with the
deadline and the time left), and the call page: the order read from the order, the return
policy, the checklist and the outcome. Cancelling (or changing, which cancels) asks first."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.org.capabilities import Capability
from lianyi.sales.models import ConfirmationOutcome, Order
from lianyi.sales.rules import return_policy, sales_rules_of
from lianyi.sales.selectors import (
    confirmation_calls_of,
    confirmation_queue,
    deadline,
    get_order,
    queued_calls,
)
from lianyi.sales.services.confirmation_calls import is_sellers_team, record_confirmation_call
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.confirmation_calls import ConfirmationCallForm, yes_no
from lianyi.web.paging import paginate

QUEUE_PER_PAGE = 20
# The outcomes that cancel the order: the page asks before recording them.
CANCELLING = {ConfirmationOutcome.CANCELLED, ConfirmationOutcome.CHANGED}

_OUTCOME_DONE = {
    ConfirmationOutcome.CONFIRMED: gettext_lazy("已确认购买，订单可以送货了。"),
    ConfirmationOutcome.CHANGED: gettext_lazy(
        "已记录客户要修改订单：本单已取消，请销售按客户的意思重新下单。"
    ),
    ConfirmationOutcome.CANCELLED: gettext_lazy("订单已取消：库存已释放，已收的款项已记为退款。"),
    ConfirmationOutcome.NOT_REACHED: gettext_lazy("已记录未联系上，订单暂不能送货，请稍后再打。"),
}


@login_required
@require_GET
def queue(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.CONFIRMATION_CALL)
    paged = paginate(request, confirmation_queue(user=request.user), per_page=QUEUE_PER_PAGE)
    rows = queued_calls(paged.items, at=now())
    return render(request, "confirmation_calls/queue.html", {"paged": paged, "rows": rows})


def _context(
    request: AuthenticatedRequest, order: Order, form: ConfirmationCallForm
) -> dict[str, object]:
    rules = sales_rules_of(order.company_id)
    due_at = order.confirmation_due_at
    return {
        "order": order,
        "form": form,
        "return_policy": return_policy(rules),
        "calls": list(confirmation_calls_of(order=order)),
        "deadline": deadline(due_at, at=now()) if due_at is not None else None,
        "sellers_team": is_sellers_team(request.user, order),
    }


@login_required
def call(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.CONFIRMATION_CALL)
    with not_found_as_404():
        order = get_order(user=user, order_id=order_id)
    form = ConfirmationCallForm(request.POST or None)
    asking = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        outcome = data.get("outcome") or ""
        if outcome in CANCELLING and not data.get("confirmed"):
            # Nothing recorded yet: the page shows what will happen and asks again.
            asking = True
        else:
            try:
                record_confirmation_call(
                    by=user,
                    order_id=order.pk,
                    outcome=outcome,
                    speaker_identified=bool(data.get("speaker_identified")),
                    order_read_back=bool(data.get("order_read_back")),
                    return_policy_read=bool(data.get("return_policy_read")),
                    customer_pressed=yes_no(data.get("customer_pressed") or ""),
                    wants_to_proceed=yes_no(data.get("wants_to_proceed") or ""),
                    notes=data.get("notes") or "",
                    change=data.get("change") or "",
                )
            except DomainError as error:
                attach_error(form, error)
            else:
                messages.success(request, str(_OUTCOME_DONE[ConfirmationOutcome(outcome)]))
                return redirect("web:confirmation_calls")
    context = _context(request, order, form)
    context["asking"] = asking
    return render(request, "confirmation_calls/call.html", context)
