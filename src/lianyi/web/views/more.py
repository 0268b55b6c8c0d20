"""更多: language, account, and the pages a user's capabilities open."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lianyi.org.capabilities import Capability, has_capability


@login_required
def more(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "more/more.html",
        {
            "can_claims": has_capability(user, Capability.CLAIMS_RESOLVE),
            "can_audit": has_capability(user, Capability.AUDIT_VIEW),
            "can_checkin": has_capability(user, Capability.GATHERINGS_CHECK_IN),
            "can_admin": has_capability(user, Capability.ORG_MANAGE),
            "can_referrals": has_capability(user, Capability.CUSTOMERS_VIEW),
            "can_cases": has_capability(user, Capability.CASES_HANDLE),
            "can_catalogue": has_capability(user, Capability.CUSTOMERS_VIEW),
            "can_confirmation_calls": has_capability(user, Capability.CONFIRMATION_CALL),
            "can_deliveries": has_capability(user, Capability.DELIVERY_RECORD),
            "can_call_first": has_capability(user, Capability.AFTERCARE_RECORD),
            "can_handover": has_capability(user, Capability.HANDOVER),
            "can_profiles": has_capability(user, Capability.DAILY_PROFILE_OFFER)
            or has_capability(user, Capability.DAILY_PROFILE_TAKE)
            or has_capability(user, Capability.TEAM_BOARD_VIEW),
            "can_diary": has_capability(user, Capability.DIARY_WRITE)
            or has_capability(user, Capability.DIARY_READ),
            "can_dashboards": has_capability(user, Capability.DASHBOARDS_VIEW),
            "can_directory": has_capability(user, Capability.DIRECTORY_VIEW),
        },
    )
