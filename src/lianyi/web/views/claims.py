"""撞单: open claims in the supervisor's scope, kept or transferred after a confirmation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from lianyi.core.errors import DomainError
from lianyi.customers.selectors import claim_cards, visible_claims
from lianyi.customers.services import resolve_claim
from lianyi.org.capabilities import Capability
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.errors import is_not_found, not_found_as_404
from lianyi.web.forms.claims import ResolveClaimForm
from lianyi.web.paging import paginate

# A claim card is tall (two confirm forms): fewer a page than a list of names.
CLAIMS_PER_PAGE = 20


@login_required
@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.CLAIMS_RESOLVE)
    paged = paginate(request, visible_claims(user=request.user), per_page=CLAIMS_PER_PAGE)
    cards = claim_cards(user=request.user, claims=paged.items)
    return render(request, "claims/list.html", {"cards": cards, "paged": paged})


@login_required
@require_POST
def claim_resolve(request: AuthenticatedRequest, claim_id: int) -> HttpResponse:
    require(request.user, Capability.CLAIMS_RESOLVE)
    form = ResolveClaimForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择保留或转给申请人。"))
        return redirect("web:claims")
    transfer = form.cleaned_data["decision"] == "transfer"
    try:
        with not_found_as_404():
            claim = resolve_claim(
                by=request.user,
                claim_id=claim_id,
                transfer=transfer,
                note=form.cleaned_data.get("note") or "",
            )
    except DomainError as error:
        if is_not_found(error):
            raise
        messages.error(request, error.message)
        return redirect("web:claims")
    text = _("已把“%(name)s”转给 %(rep)s。") if transfer else _("“%(name)s”保留在 %(rep)s 名下。")
    rep = claim.claimant if transfer else claim.owner_at_claim
    messages.success(request, text % {"name": claim.customer.name, "rep": rep})
    return redirect("web:claims")
