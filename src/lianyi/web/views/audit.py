"""审计日志: every write, newest first, for administrators; filtered by action, person, customer
and days, paged with the total, each action by its label and its changes readable, in the
company's time zone."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lianyi.core.clock import local_day_bounds
from lianyi.core.models import AuditEntry
from lianyi.org.audit_log import CUSTOMER_TYPE, audit_entries
from lianyi.org.capabilities import Capability
from lianyi.org.selectors import audit_actors
from lianyi.web.access import require
from lianyi.web.audit_display import action_label, readable_changes
from lianyi.web.forms.audit import AuditFilterForm
from lianyi.web.paging import paginate

PER_PAGE = 50


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    user = request.user
    require(user, Capability.AUDIT_VIEW)
    company = getattr(user, "company", None)
    tz = ZoneInfo(company.time_zone if company else settings.TIME_ZONE)
    form = AuditFilterForm(request.GET, actors=audit_actors(user=user))
    valid = form.valid_filters()
    since = local_day_bounds(valid["since"], tz)[0] if valid.get("since") else None
    until = local_day_bounds(valid["until"], tz)[1] if valid.get("until") else None
    entries = audit_entries(
        user=user,
        action=valid.get("action") or "",
        actor_id=valid.get("actor"),
        customer_id=valid.get("customer"),
        since=since,
        until=until,
        limit=None,
    )
    paged = paginate(request, entries, per_page=PER_PAGE)
    rows = paged.items
    changes = readable_changes(rows, tz)
    context = {
        "form": form,
        "paged": paged,
        "page": paged.page,
        "tz": tz,
        "filters_in_force": sum(v not in (None, "") for v in valid.values()),
        "filtered": any(v not in (None, "") for v in valid.values()) or bool(form.errors),
        "rows": [
            {
                "entry": e,
                "label": action_label(e.action),
                "changes": changes[e.pk],
                "customer_id": _customer_of(e),
            }
            for e in rows
        ],
    }
    return render(request, "audit/list.html", context)


def _customer_of(entry: AuditEntry) -> int | None:
    """The customer an entry is about (its object, or the customer of its touchpoint): its
    object links to the log filtered by that customer."""
    if entry.object_type == CUSTOMER_TYPE and entry.object_id.isdigit():
        return int(entry.object_id)
    customer = entry.data.get("customer") if isinstance(entry.data, dict) else None
    return customer if isinstance(customer, int) else None
