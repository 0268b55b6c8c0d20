"""今日: the calls and visits due or overdue and the after-sales tasks due, in one list in time
order, a page at a time, and how many fall due on each of the next seven days (each day opens
its own list)."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lianyi.aftercare.selectors import agenda_items, merged_agenda, upcoming_plan
from lianyi.core.clock import now
from lianyi.core.paging import counted_page
from lianyi.org.capabilities import Capability, has_capability
from lianyi.web.agenda_rows import agenda_rows
from lianyi.web.case_rows import today_cases_context

PAGE_SIZE = 20
PLAN_DAYS = 7


def _day(request: HttpRequest, today: date) -> date:
    """The ``day`` asked for, if it is one of the next days we plan; otherwise today."""
    try:
        asked = date.fromisoformat(request.GET.get("day", ""))
    except ValueError:
        return today
    return asked if today < asked <= today.fromordinal(today.toordinal() + PLAN_DAYS) else today


@login_required
def today(request: HttpRequest) -> HttpResponse:
    user = request.user
    company = getattr(user, "company", None)
    if company is None:  # staff outside any company (e.g. a bare superuser): nothing to plan
        return render(request, "today/today.html", {"page": None, "plan": [], "quiet": False})
    moment = now()
    quiet_hours = company.quiet_hours()
    local_today = moment.astimezone(quiet_hours.tz).date()
    day = _day(request, local_today)
    keys = merged_agenda(user=user, day=day, today=day == local_today)
    page = counted_page(keys, request.GET.get("page"), PAGE_SIZE)
    context = {
        "page": page,
        "rows": agenda_rows(agenda_items(user=user, keys=list(page.object_list)), at=moment),
        "day": day,
        "is_today": day == local_today,
        "can_team_board": has_capability(user, Capability.TEAM_BOARD_VIEW),
    }
    if getattr(request, "htmx", None) and request.GET.get("page"):
        return render(request, "today/_rows.html", context)
    context.update(
        {
            "plan": upcoming_plan(user=user, days=PLAN_DAYS),
            "quiet": quiet_hours.is_quiet(moment),
            "next_open": quiet_hours.next_open(moment),
            **today_cases_context(user),
        }
    )
    return render(request, "today/today.html", context)
