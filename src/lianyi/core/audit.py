"""Writing the audit log. Every write service calls :func:`audit` once, inside its transaction."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models

from lianyi.core.models import AuditEntry


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The current values of ``fields``, for :func:`diff` after a change."""
    return {name: _plain(getattr(obj, name)) for name in fields}


def diff(before: dict[str, Any], obj: models.Model) -> dict[str, list[Any]]:
    """``{field: [old, new]}`` for each field in ``before`` whose value changed."""
    changes: dict[str, list[Any]] = {}
    for name, old in before.items():
        new = _plain(getattr(obj, name))
        if new != old:
            changes[name] = [old, new]
    return changes


def audit(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    changes: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    company: Any = None,
) -> AuditEntry:
    """Record ``action`` (a dotted name that never changes) by ``actor`` on ``obj``."""
    entry = audit_entry(actor, action, obj, changes=changes, data=data, company=company)
    entry.save(force_insert=True)
    return entry


def audit_entry(
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    *,
    changes: dict[str, Any] | None = None,
    data: dict[str, Any] | None = None,
    company: Any = None,
) -> AuditEntry:
    """The entry :func:`audit` would write, not yet saved: for a service that writes several
    records at once and saves their entries together with :func:`audit_all`."""
    if company is None:
        company = getattr(obj, "company", None) or getattr(actor, "company", None)
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEntry(
        company=company,
        actor=actor_obj,
        action=action,
        object_type=obj._meta.label_lower if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=_plain(changes or {}),
        data=_plain(data or {}),
    )


def audit_all(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Save entries made by :func:`audit_entry` in one INSERT, in their order."""
    return AuditEntry.objects.bulk_create(entries)
