"""重点客户: who to call back first, the user's existing customers (a rep's own, a supervisor's
team) ranked by the score, each with its reasons; paged, with the total."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lianyi.aftercare.call_first import REASONS, ranked, ranked_customers
from lianyi.core.clock import now
from lianyi.org.capabilities import Capability, has_capability
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest
from lianyi.web.paging import paginate


@login_required
@require_GET
def call_first(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.AFTERCARE_RECORD)
    paged = paginate(request, ranked_customers(user=user, at=now()))
    return render(
        request,
        "aftercare/call_first.html",
        {
            "paged": paged,
            "rows": [ranked(customer) for customer in paged.items],
            "show_owner": has_capability(user, Capability.CUSTOMERS_REASSIGN),
            "reasons": [(points, label) for points, label in REASONS.values()],
        },
    )
