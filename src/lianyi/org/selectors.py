"""Reads of the organisation: API tokens (looked up by the hash of their key)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from lianyi.org.models import ApiToken


def token_for_key(key: str) -> ApiToken | None:
    """The active token whose key is ``key``; only the key's SHA-256 is ever compared."""
    if not key:
        return None
    # key_hash is unique: no ORDER BY (which .first() adds), so its index answers directly.
    found = list(
        ApiToken.objects.select_related("user", "user__company").filter(
            key_hash=ApiToken.hash_key(key), user__is_active=True
        )[:1]
    )
    return found[0] if found else None


def tokens_of(*, user: Any) -> QuerySet[ApiToken]:
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-id")
