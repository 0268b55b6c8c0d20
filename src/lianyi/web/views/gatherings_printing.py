"""邀请函: a rep's invitations to one gathering, printed from the browser (A5 print CSS) or as
an A5 PDF, one at a time or as a batch (more than 20 are made by the worker, with a progress
page); revoking one with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lianyi.core.errors import DomainError
from lianyi.gatherings.documents import render_invitations_html
from lianyi.gatherings.selectors.planning import get_gathering
from lianyi.gatherings.selectors.printing import (
    get_invitation,
    invitations_by_ids,
    invitations_to_print,
)
from lianyi.gatherings.services.printing import (
    PDF_IN_REQUEST_MAX,
    ensure_printable,
    mark_printed,
    print_invitations_pdf,
    request_invitations_pdf,
    revoke_invitation,
)
from lianyi.org.capabilities import Capability
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import is_not_found, not_found_as_404
from lianyi.web.forms.gatherings_printing import RevokeForm
from lianyi.web.views.customers import require


def _chosen(request: HttpRequest, gathering_id: int) -> list:
    """The invitations named by ``ids`` (all printable ones of the gathering when none is)."""
    ids = request.POST.getlist("ids") if request.method == "POST" else request.GET.getlist("ids")
    with not_found_as_404():
        if not ids:
            return list(invitations_to_print(user=request.user, gathering_id=gathering_id))
        chosen = invitations_by_ids(user=request.user, ids=ids)
    if any(i.gathering_id != gathering_id for i in chosen):
        raise Http404()
    return chosen


def _refusal(request: HttpRequest, error: DomainError, gathering_id: int) -> HttpResponse:
    if is_not_found(error):
        raise Http404(error.message)
    context = {"error": error, "gathering_id": gathering_id}
    return render(request, "gatherings/printing_refused.html", context, status=error.status)


@login_required
@require_GET
def invitation_list(request: HttpRequest, gathering_id: int) -> HttpResponse:
    require(request.user, Capability.GATHERINGS_PRINT)
    with not_found_as_404():
        gathering = get_gathering(user=request.user, gathering_id=gathering_id)
        invitations = list(invitations_to_print(user=request.user, gathering_id=gathering_id))
    context = {"gathering": gathering, "invitations": invitations}
    return render(request, "gatherings/printing_list.html", context)


@login_required
@require_GET
def print_page(request: HttpRequest, gathering_id: int) -> HttpResponse:
    """The invitations as A5 pages for the browser's print dialog; printing them is confirmed
    with the button on the page, since the browser does not say whether it printed."""
    require(request.user, Capability.GATHERINGS_PRINT)
    invitations = _chosen(request, gathering_id)
    try:
        for invitation in invitations:
            ensure_printable(invitation)
    except DomainError as error:
        return _refusal(request, error, gathering_id)
    html = render_invitations_html(
        invitations,
        template="gatherings/printing_page.html",
        extra={"gathering_id": gathering_id, "ids": [i.pk for i in invitations]},
        request=request,
    )
    return HttpResponse(html)


@login_required
@require_POST
def print_pdf(request: AuthenticatedRequest, gathering_id: int) -> HttpResponse:
    require(request.user, Capability.GATHERINGS_PRINT)
    invitations = _chosen(request, gathering_id)
    ids = [i.pk for i in invitations]
    try:
        if len(ids) > PDF_IN_REQUEST_MAX:
            job = request_invitations_pdf(by=request.user, invitation_ids=ids)
            return redirect("web:job", job_id=job.pk)
        pdf = print_invitations_pdf(by=request.user, invitation_ids=ids)
    except DomainError as error:
        return _refusal(request, error, gathering_id)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"invitations-{gathering_id}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def printed(request: AuthenticatedRequest, gathering_id: int) -> HttpResponse:
    require(request.user, Capability.GATHERINGS_PRINT)
    invitations = _chosen(request, gathering_id)
    try:
        mark_printed(by=request.user, invitation_ids=[i.pk for i in invitations])
    except DomainError as error:
        return _refusal(request, error, gathering_id)
    messages.success(
        request, _("已标记 %(count)s 份邀请函为已打印。") % {"count": len(invitations)}
    )
    return redirect("web:gathering_invitations", gathering_id=gathering_id)


@login_required
@require_POST
def revoke(request: AuthenticatedRequest, invitation_id: int) -> HttpResponse:
    require(request.user, Capability.GATHERINGS_PRINT)
    with not_found_as_404():
        invitation = get_invitation(user=request.user, invitation_id=invitation_id)
    form = RevokeForm(request.POST)
    if not form.is_valid():  # a NUL byte or a lone surrogate never reaches the column
        messages.error(request, " ".join(str(e) for e in form.errors["reason"]))
        return redirect("web:gathering_invitations", gathering_id=invitation.gathering_id)
    try:
        revoke_invitation(
            by=request.user, invitation_id=invitation.pk, reason=form.cleaned_data["reason"]
        )
    except DomainError as error:
        if is_not_found(error):
            raise
        messages.error(request, error.message)
    else:
        messages.success(request, _("邀请函已作废。"))
    return redirect("web:gathering_invitations", gathering_id=invitation.gathering_id)
