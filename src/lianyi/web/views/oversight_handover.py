"""交接: a supervisor (or manager) moves a leaving rep's customers and their open work to other
reps in one step: choose, preview, confirm; the rep's account can be deactivated with it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lianyi.core.errors import DomainError
from lianyi.org.capabilities import Capability
from lianyi.org.models import User
from lianyi.oversight.codes import OversightCode
from lianyi.oversight.selectors.handover import (
    HandoverPreview,
    get_departing_rep,
    handover_reps,
    handover_targets,
    preview_handover,
    rep_customers,
)
from lianyi.oversight.services.handover import confirm_handover, deactivate_rep
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import attach_error, not_found_as_404
from lianyi.web.forms.oversight_handover import (
    LISTED_CUSTOMERS,
    ConfirmForm,
    HandoverForm,
    customer_field,
    encode_plan,
)


@login_required
@require_GET
def reps(request: AuthenticatedRequest) -> HttpResponse:
    require(request.user, Capability.HANDOVER)
    people = list(handover_reps(user=request.user))
    return render(request, "oversight/handover_reps.html", {"reps": people})


def _page(
    request: AuthenticatedRequest,
    rep: User,
    form: HandoverForm | None = None,
    preview: HandoverPreview | None = None,
    confirm: ConfirmForm | None = None,
) -> HttpResponse:
    user = request.user
    customers = list(rep_customers(user=user, rep=rep)[:LISTED_CUSTOMERS])
    receivers = list(handover_targets(user=user, rep=rep))
    form = form or HandoverForm(receivers=receivers, customer_ids=[c.pk for c in customers])
    if preview is not None and confirm is None:
        confirm = ConfirmForm(
            initial={"plan": encode_plan({m.customer.pk: m.to.pk for m in preview.moves})}
            | {"token": preview.token}
        )
    rows = [(c, form[customer_field(c.pk)]) for c in customers]
    context: dict[str, Any] = {
        "rep": rep,
        "form": form,
        "rows": rows,
        "receivers": receivers,
        "preview": preview,
        "confirm": confirm,
        "limit": LISTED_CUSTOMERS,
    }
    return render(request, "oversight/handover.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def rep_page(request: AuthenticatedRequest, rep_id: int) -> HttpResponse:
    """GET: the rep's customers and a receiver for each. POST: the preview of that choice."""
    user = request.user
    require(user, Capability.HANDOVER)
    with not_found_as_404():
        rep = get_departing_rep(user=user, rep_id=rep_id)
    if request.method != "POST":
        return _page(request, rep)
    customers = rep_customers(user=user, rep=rep)[:LISTED_CUSTOMERS]
    form = HandoverForm(
        request.POST,
        receivers=handover_targets(user=user, rep=rep),
        customer_ids=[c.pk for c in customers],
    )
    preview = None
    if form.is_valid():
        try:
            preview = preview_handover(user=user, rep_id=rep.pk, moves=form.moves())
        except DomainError as error:
            attach_error(form, error)
    return _page(request, rep, form=form, preview=preview)


def _confirm_again(form: ConfirmForm, moves: dict[int, int], token: str) -> ConfirmForm:
    """The confirmation of the new preview, keeping the reason and the deactivation typed."""
    data = {"plan": encode_plan(moves), "token": token, "reason": form.cleaned_data["reason"]}
    if form.cleaned_data.get("deactivate"):
        data["deactivate"] = "on"
    again = ConfirmForm(data)
    again.is_valid()
    return again


@login_required
@require_POST
def confirm(request: AuthenticatedRequest, rep_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.HANDOVER)
    with not_found_as_404():
        rep = get_departing_rep(user=user, rep_id=rep_id)
    form = ConfirmForm(request.POST)
    preview = None
    if form.is_valid():
        try:
            moves = form.moves()
            result = confirm_handover(
                by=user,
                rep_id=rep.pk,
                moves=moves,
                token=form.cleaned_data["token"],
                deactivate=form.cleaned_data.get("deactivate") or False,
                reason=form.cleaned_data.get("reason") or "",
            )
        except DomainError as error:
            attach_error(form, error)
            if error.code == OversightCode.HANDOVER_CHANGED:
                # Show what would move now; the old token no longer confirms anything.
                try:
                    preview = preview_handover(user=user, rep_id=rep.pk, moves=moves)
                except DomainError:
                    preview = None
                if preview is not None:
                    form = _confirm_again(form, moves, preview.token)
                    attach_error(form, error)
        else:
            totals = result.preview.totals
            messages.success(
                request,
                _(
                    "已交接 %(customers)s 位客户（待办 %(items)s 项、邀请函 %(invitations)s 份、"
                    "售后任务 %(tasks)s 项、转介绍 %(asks)s 项、工单 %(cases)s 件）。"
                )
                % {
                    "customers": totals.customers,
                    "items": totals.journey_items,
                    "invitations": totals.invitations,
                    "tasks": totals.tasks,
                    "asks": totals.referral_asks,
                    "cases": totals.cases,
                },
            )
            if result.deactivated:
                messages.success(request, _("%(name)s 的账号已停用。") % {"name": rep})
            return redirect("web:handover_rep", rep.pk)
    return _page(request, rep, preview=preview, confirm=form)


@login_required
@require_POST
def deactivate(request: AuthenticatedRequest, rep_id: int) -> HttpResponse:
    user = request.user
    require(user, Capability.HANDOVER)
    with not_found_as_404():
        rep = deactivate_rep(by=user, rep_id=rep_id)
    messages.success(request, _("%(name)s 的账号已停用。") % {"name": rep})
    return redirect("web:handover_rep", rep.pk)
