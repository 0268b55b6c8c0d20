"""商品目录 (read-only, for everyone of the company who sees customers): what is on sale today
and at which price, from the price list valid today; packages with their contents, products
with the number their category requires, gifts with their value. Prices are never hidden."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lianyi.org.capabilities import Capability, has_capability
from lianyi.sales.selectors import catalogue_on
from lianyi.web.access import require
from lianyi.web.authenticated import AuthenticatedRequest


@login_required
@require_GET
def catalogue(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.CUSTOMERS_VIEW)
    today = catalogue_on(user=user, day=timezone.localdate())
    return render(
        request,
        "catalogue/catalogue.html",
        {
            "today": today,
            "can_manage": has_capability(user, Capability.CATALOGUE_MANAGE),
        },
    )
