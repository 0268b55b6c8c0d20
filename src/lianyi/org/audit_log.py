"""Reads of the audit log, for the users whose role may read it (``Capability.AUDIT_VIEW``).
The log itself is written by ``core.audit``; reading it checks a capability, which the
organisation defines, so the reader lives here."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lianyi.core.models import AuditEntry
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.scoping import company_scope

AUDIT_PAGE = 100


def audit_entries(
    *,
    user: Any,
    action: str = "",
    object_type: str = "",
    object_id: str = "",
    limit: int | None = AUDIT_PAGE,
) -> QuerySet[AuditEntry]:
    """The company's audit entries, newest first; ``action`` matches a dotted prefix
    ("journey." or "journey.first_call.recorded"). ``limit=None`` leaves slicing to a
    paginator, which then counts and pages the whole log."""
    require_capability(user, Capability.AUDIT_VIEW)
    qs = AuditEntry.objects.filter(company_scope(user)).select_related("actor")
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if object_id:
        qs = qs.filter(object_id=str(object_id))
    qs = qs.order_by("-at", "-id")
    return qs if limit is None else qs[:limit]
