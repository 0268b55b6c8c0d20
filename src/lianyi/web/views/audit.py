"""审计日志: every write, newest first, for administrators."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from lianyi.org.audit_log import audit_entries
from lianyi.org.capabilities import Capability
from lianyi.web.access import require
from lianyi.web.forms.audit import AuditFilterForm

PER_PAGE = 50


@login_required
@require_GET
def audit_log(request: HttpRequest) -> HttpResponse:
    require(request.user, Capability.AUDIT_VIEW)
    form = AuditFilterForm(request.GET)
    action = form.cleaned_data["action"].strip() if form.is_valid() else ""
    entries = audit_entries(user=request.user, action=action, limit=None)
    page = Paginator(entries, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "audit/list.html", {"form": form, "page": page, "action": action})
