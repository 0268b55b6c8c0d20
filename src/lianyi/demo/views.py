"""An empty logged-in view: the benchmark's yardstick. It pays for what every page pays for
(session, user, middleware) and nothing else, so a page's latency divided by this one's says
how much the page itself costs."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET


@require_GET
@login_required
def ping(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=204)
