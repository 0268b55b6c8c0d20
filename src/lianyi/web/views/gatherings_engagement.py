"""现场表现: a rep's checked-in households at a gathering, each with the four signals (听、看、摸、
问) and the buying signals as toggles; a tap posts by htmx and the row comes back."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from lianyi.core.errors import DomainError
from lianyi.gatherings.selectors.engagement import engagement_household, engagement_households
from lianyi.gatherings.services.engagement import toggle_engagement_signal
from lianyi.org.capabilities import Capability, has_capability
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import is_not_found, not_found_as_404
from lianyi.web.paging import paginate


@login_required
@require_GET
def households(request: HttpRequest, gathering_id: int) -> HttpResponse:
    with not_found_as_404():
        gathering, rows = engagement_households(user=request.user, gathering_id=gathering_id)
    # A gathering holds a few hundred guests at most: the rows come in one query, a page shows.
    paged = paginate(request, rows)
    return render(
        request,
        "gatherings/engagement_list.html",
        {
            "gathering": gathering,
            "households": paged.items,
            "paged": paged,
            "can_order": has_capability(request.user, Capability.ORDERS_PLACE),
        },
    )


@login_required
@require_POST
def toggle(request: AuthenticatedRequest, invitation_id: int) -> HttpResponse:
    signal = request.POST.get("signal", "")
    on = request.POST.get("on") == "1"
    error = None
    try:
        toggle_engagement_signal(by=request.user, invitation_id=invitation_id, signal=signal, on=on)
    except DomainError as exc:
        if is_not_found(exc):
            raise Http404(exc.message) from None
        error = exc
    with not_found_as_404():
        household = engagement_household(user=request.user, invitation_id=invitation_id)
    if not getattr(request, "htmx", None):
        return redirect("web:engagement", household.invitation.gathering_id)
    return render(
        request,
        "gatherings/engagement_row.html",
        {
            "household": household,
            "error": error,
            "can_order": has_capability(request.user, Capability.ORDERS_PLACE),
        },
    )
