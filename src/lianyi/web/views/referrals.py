"""转介绍: the referral trees of the customers a user may see, paged by root."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lianyi.customers.referrals import referral_total, referral_trees
from lianyi.org.capabilities import Capability
from lianyi.web.access import require
from lianyi.web.paging import paginate

TREES_PER_PAGE = 20


@login_required
@require_GET
def referrals(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.CUSTOMERS_VIEW)
    trees = referral_trees(user=request.user)
    paged = paginate(request, trees, per_page=TREES_PER_PAGE)
    return render(
        request,
        "customers/referrals.html",
        {"paged": paged, "trees": paged.items, "referred_total": referral_total(trees)},
    )
