"""邀请函: a rep's invitations to one gathering, printed from the browser (A5 print CSS) or as
an A5 PDF, one at a time or as a batch (more than 20 are made by the worker, with a progress
page); the list has its total, pages and a filter by state; revoking one is a page of its own
that says what it does and asks for the reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lianyi.core.errors import DomainError
from lianyi.gatherings.documents import render_invitations_html
from lianyi.gatherings.selectors.planning import get_gathering
from lianyi.gatherings.selectors.printing import (
    LISTED_STATES,
    get_invitation,
    invitations_by_ids,
    invitations_to_print,
)
from lianyi.gatherings.services.printing import (
    NOT_REVOCABLE,
    PDF_IN_REQUEST_MAX,
    ensure_printable,
    mark_printed,
    print_invitations_pdf,
    request_invitations_pdf,
    revoke_invitation,
)
from lianyi.org.capabilities import Capability
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.downloads import attachment
from lianyi.web.errors import attach_error, is_not_found, not_found_as_404
from lianyi.web.forms.gatherings_printing import RevokeForm

# One phone screen's worth of cards; the total and the pager say how many more there are.
PER_PAGE = 20


def _chosen(request: HttpRequest, gathering_id: int) -> list:
    """The invitations named by ``ids`` (when none is: all printable ones of the gathering, in
    the state the list was filtered by, on every page of it)."""
    data = request.POST if request.method == "POST" else request.GET
    ids = data.getlist("ids")
    with not_found_as_404():
        if not ids:
            return list(
                invitations_to_print(
                    user=request.user, gathering_id=gathering_id, state=data.get("state", "")
                )
            )
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
    state = request.GET.get("state", "")
    state = state if state in LISTED_STATES else ""
    with not_found_as_404():
        gathering = get_gathering(user=request.user, gathering_id=gathering_id)
        rows = invitations_to_print(user=request.user, gathering_id=gathering_id, state=state)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "gathering": gathering,
        "invitations": page.object_list,
        "page": page,
        "state": state,
        "states": [(s.value, s.label) for s in LISTED_STATES],
    }
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
def print_pdf(request: AuthenticatedRequest, gathering_id: int) -> HttpResponseBase:
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
    return attachment(request, response, filename=f"invitations-{gathering_id}.pdf")


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
@require_http_methods(["GET", "POST"])
def revoke(request: AuthenticatedRequest, invitation_id: int) -> HttpResponse:
    """作废: a page of its own that says what revoking does and asks for the reason; the list
    only links here, so that no tap beside a row revokes anything."""
    require(request.user, Capability.GATHERINGS_PRINT)
    with not_found_as_404():
        invitation = get_invitation(user=request.user, invitation_id=invitation_id)
    form = RevokeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            revoke_invitation(
                by=request.user, invitation_id=invitation.pk, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            attach_error(form, error)
        else:
            messages.success(request, _("邀请函已作废。"))
            return redirect("web:gathering_invitations", gathering_id=invitation.gathering_id)
    context = {
        "invitation": invitation,
        "form": form,
        "revocable": invitation.state not in NOT_REVOCABLE,
    }
    status = 200 if context["revocable"] else 409
    return render(request, "gatherings/printing_revoke.html", context, status=status)
