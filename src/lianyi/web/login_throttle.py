"""How many failed logins lock what. An account locks after ``AXES_FAILURE_LIMIT`` failures
(10); an address only after ``LIANYI_LOGIN_ADDRESS_FAILURE_LIMIT`` failures (50) across all the
accounts tried from it. A sales office sits behind one address: with one limit for both, one
rep mistyping a password ten times would lock the whole office, the administrator included,
for fifteen minutes; a script guessing many accounts from one address is still stopped."""

from __future__ import annotations

from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from django.conf import settings
from django.db.models import Sum


class AccountAndAddressHandler(AxesDatabaseHandler):
    """axes compares one number with one limit: the address's failures are scaled to the
    account's limit, so the address locks at its own, higher limit."""

    def get_failures(self, request: Any, credentials: dict[str, Any] | None = None) -> int:
        account_limit = int(settings.AXES_FAILURE_LIMIT)
        address_limit = max(int(settings.LIANYI_LOGIN_ADDRESS_FAILURE_LIMIT), account_limit)
        counts = []
        for parameter, attempts in zip(
            settings.AXES_LOCKOUT_PARAMETERS,
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            if parameter == "ip_address":
                failures = failures * account_limit // address_limit
            counts.append(failures)
        return max(counts, default=0)
