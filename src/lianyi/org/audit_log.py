"""Reads of the audit log, for the users whose role may read it (``Capability.AUDIT_VIEW``).
The log itself is written by ``core.audit``; reading it checks a capability, which the
organisation defines, so the reader lives here."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet

from lianyi.core.models import AuditEntry
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.scoping import company_scope

AUDIT_PAGE = 100
# The label of the customer model: entries about a customer name it as their object.
CUSTOMER_TYPE = "customers.customer"


def audit_entries(
    *,
    user: Any,
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    actor_id: int | None = None,
    customer_id: int | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    limit: int | None = AUDIT_PAGE,
) -> QuerySet[AuditEntry]:
    """The company's audit entries, newest first; ``action`` matches a dotted prefix
    ("journey." or "journey.first_call.recorded"). ``customer_id`` finds the entries about the
    customer and about the touchpoints recorded for them; ``since``/``until`` bound the time
    (``until`` excluded). ``limit=None`` leaves slicing to a paginator, which then counts and
    pages the whole log."""
    require_capability(user, Capability.AUDIT_VIEW)
    qs = AuditEntry.objects.filter(company_scope(user)).select_related("actor")
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=str(object_id))
    if actor_id is not None:
        qs = qs.filter(actor_id=actor_id)
    if customer_id is not None:
        qs = qs.filter(
            Q(object_type=CUSTOMER_TYPE, object_id=str(customer_id)) | Q(data__customer=customer_id)
        )
    if since is not None:
        qs = qs.filter(at__gte=since)
    if until is not None:
        qs = qs.filter(at__lt=until)
    qs = qs.order_by("-at", "-id")
    return qs if limit is None else qs[:limit]
