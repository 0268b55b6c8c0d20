"""今日: the calls and visits due or overdue, in time order, and the next seven days."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lianyi.core.clock import now
from lianyi.journey.selectors import agenda, upcoming


@login_required
def today(request: HttpRequest) -> HttpResponse:
    user = request.user
    company = getattr(user, "company", None)
    if company is None:  # staff outside any company (e.g. a bare superuser): nothing to plan
        return render(request, "today/today.html", {"due": [], "soon": [], "quiet": False})
    moment = now()
    quiet_hours = company.quiet_hours()
    return render(
        request,
        "today/today.html",
        {
            "due": list(agenda(user=user)),
            "soon": list(upcoming(user=user)),
            "quiet": quiet_hours.is_quiet(moment),
            "next_open": quiet_hours.next_open(moment),
            "now": moment,
        },
    )
