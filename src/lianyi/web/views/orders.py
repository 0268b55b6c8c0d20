"""订单: the order form (from the customer's page, or at a gathering for an admitted guest), the
order page (items, gifts, money, confirmation, payments; recording a payment; cancelling after
a confirmation), and the receipt (售货凭证) as a print page and a PDF."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lianyi.core.errors import DomainError
from lianyi.customers.models import Customer
from lianyi.customers.selectors import get_customer
from lianyi.org.capabilities import Capability, has_capability
from lianyi.org.models import User
from lianyi.sales.codes import SalesCode
from lianyi.sales.confirmation import REPEAT_ORDER, SENIOR_LARGE
from lianyi.sales.models import ORDER_STATE_NEXT, Order, OrderChannel, OrderState, SalesRules
from lianyi.sales.order_form import admitted_gatherings, selling_day
from lianyi.sales.receipts import render_receipt_html, render_receipt_pdf, return_policy
from lianyi.sales.rules import sales_rules_of
from lianyi.sales.selectors import (
    catalogue_on,
    get_order,
    order_collectors,
    store_rooms,
)
from lianyi.sales.services.orders import cancel_order, place_order
from lianyi.sales.services.payments import record_payment
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.orders import CancelForm, OrderForm, PaymentForm, new_submission_key

# --- placing ------------------------------------------------------------------------------


def _order_form(
    request: HttpRequest, user: User, customer: Customer, data: Any = None
) -> OrderForm:
    gatherings = list(admitted_gatherings(user=user, customer=customer))
    rooms = list(store_rooms(user=user).order_by("name", "pk"))
    initial: dict[str, Any] = {
        "submission_key": new_submission_key(),
        "channel": OrderChannel.HOME,
        "collector": user.pk,
        "store_room": rooms[0].pk if rooms else None,
    }
    wanted = request.GET.get("gathering", "")
    at = next((g for g in gatherings if str(g.pk) == wanted), None)
    if at is not None:
        initial.update(channel=OrderChannel.GATHERING, gathering=at.pk)
    elif gatherings:
        initial["gathering"] = gatherings[0].pk
    return OrderForm(
        data,
        catalogue=catalogue_on(user=user, day=selling_day(customer)),
        gatherings=gatherings,
        collectors=list(order_collectors(user=user)),
        rooms=rooms,
        initial=initial,
    )


def _attach_order_error(form: OrderForm, error: DomainError, aliases: dict[str, str]) -> None:
    if error.code == SalesCode.STOCK_SHORT and "field" not in error.extra:
        # Short of a product: shown next to the line that needs it (itself, or its package).
        product = error.extra.get("product")
        chosen = form.cleaned_data
        target = None
        for row in form.items:
            if not chosen.get(row.field):
                continue
            if (row.kind == "product" and row.pk == product) or (
                row.kind == "package" and product in form.package_products.get(row.pk, ())
            ):
                target = row.field
                break
        form.add_error(target, ValidationError(error.message, code=error.code))
        return
    attach_error(form, error, aliases)


@login_required
def order_new(request: AuthenticatedRequest, customer_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.ORDERS_PLACE)
    with not_found_as_404():
        customer = get_customer(user=user, customer_id=customer_id)
    form = _order_form(request, user, customer, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        order_request, aliases = form.to_request(customer_id=customer.pk)
        try:
            order = place_order(by=user, request=order_request)
        except DomainError as error:
            _attach_order_error(form, error, aliases)
        else:
            messages.success(
                request,
                _("已下单 %(number)s，应付合计 %(total)s 元。")
                % {"number": order.number, "total": order.total},
            )
            return redirect("web:order", order.pk)
    return render(
        request,
        "orders/new.html",
        {"customer": customer, "form": form, "day": selling_day(customer)},
    )


# --- the order page -----------------------------------------------------------------------


def _order_context(
    user: User,
    order: Order,
    *,
    payment_form: PaymentForm | None = None,
    cancel_form: CancelForm | None = None,
) -> dict[str, Any]:
    open_for_money = order.state != OrderState.CANCELLED and order.due > 0
    rules = sales_rules_of(order.company_id)
    return {
        "order": order,
        "confirmation_reasons": _reason_labels(order, rules),
        "customer": order.customer,
        "lines": list(order.lines.all()),
        "gifts": list(order.gifts.all()),
        "payments": list(order.payments.all()),
        "return_policy": return_policy(rules),
        "can_pay": has_capability(user, Capability.PAYMENTS_RECORD) and open_for_money,
        "can_cancel": has_capability(user, Capability.ORDERS_PLACE)
        and OrderState.CANCELLED in ORDER_STATE_NEXT[order.state],
        "payment_form": payment_form or PaymentForm(initial={"key": new_submission_key()}),
        "cancel_form": cancel_form or CancelForm(),
        "cancel_open": cancel_form is not None,
    }


def _reason_labels(order: Order, rules: SalesRules) -> list[str]:
    """Why the order waits for a confirmation call, in words."""
    labels = {
        SENIOR_LARGE: _("客户 %(age)s 周岁及以上，金额不少于 %(amount)s 元")
        % {"age": rules.senior_age, "amount": rules.confirmation_min_amount},
        REPEAT_ORDER: _("%(days)s 天内第二次下单") % {"days": rules.confirmation_repeat_days},
    }
    return [labels.get(code, code) for code in order.confirmation_reasons or []]


def _visible_order(user: User, order_id: int) -> Order:
    with not_found_as_404():
        return get_order(user=user, order_id=order_id)


@login_required
@require_GET
def order_detail(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.CUSTOMERS_VIEW)
    order = _visible_order(user, order_id)
    return render(request, "orders/detail.html", _order_context(user, order))


@login_required
@require_POST
def order_payment(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.PAYMENTS_RECORD)
    order = _visible_order(user, order_id)
    form = PaymentForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            payment = record_payment(
                by=user,
                order_id=order.pk,
                amount=data["amount"],
                method=data["method"],
                key=data["key"],
                note=data.get("note") or "",
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(
                request,
                _("已记录收款 %(amount)s 元（%(method)s）。")
                % {"amount": payment.amount, "method": payment.get_method_display()},
            )
            return redirect("web:order", order.pk)
    context = _order_context(user, order, payment_form=form)
    return render(request, "orders/detail.html", context)


@login_required
@require_POST
def order_cancel(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.ORDERS_PLACE)
    order = _visible_order(user, order_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            cancel_order(by=user, order_id=order.pk, reason=form.cleaned_data["reason"])
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("订单 %(number)s 已取消。") % {"number": order.number})
            return redirect("web:order", order.pk)
    return render(request, "orders/detail.html", _order_context(user, order, cancel_form=form))


# --- the receipt --------------------------------------------------------------------------


@login_required
@require_GET
def receipt_page(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    """The receipt for the browser's print dialog (A5), laid out at a phone's width on screen."""
    require(request.user, Capability.CUSTOMERS_VIEW)
    order = _visible_order(request.user, order_id)
    html = render_receipt_html(order, template="orders/receipt_page.html", request=request)
    return HttpResponse(html)


@login_required
@require_GET
def receipt_pdf(request: AuthenticatedRequest, order_id: int) -> HttpResponse:
    require(request.user, Capability.CUSTOMERS_VIEW)
    order = _visible_order(request.user, order_id)
    try:
        pdf = render_receipt_pdf(order)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("web:order", order.pk)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="receipt-{order.number}.pdf"'
    return response
