"""Writes on the organisation: issuing and revoking API tokens. The key is shown once, when
issued; only its SHA-256 is stored."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.clock import now
from lianyi.core.errors import NotFound
from lianyi.core.validation import require_text
from lianyi.org.models import ApiToken, User
from lianyi.org.selectors import token_for_key, tokens_of

# Writing last_used_at on every request would turn each read into a write.
TOKEN_TOUCH_INTERVAL = timedelta(minutes=1)


@transaction.atomic
def issue_api_token(*, by: User, name: str = "api") -> tuple[ApiToken, str]:
    """A new token for ``by`` and its key, which is never shown again."""
    if not getattr(by, "is_authenticated", False) or not by.is_active:
        raise NotFound()
    label = require_text(name or "api", field="name", label=_("名称"), max_length=60)
    key = ApiToken.new_key()
    token = ApiToken.objects.create(user=by, name=label, key_hash=ApiToken.hash_key(key))
    audit(by, "org.api_token.issued", token, company=by.company, data={"name": label})
    return token, key


@transaction.atomic
def revoke_api_token(*, by: User, token_id: int) -> None:
    """Delete one of ``by``'s own tokens; anyone else's answers like a missing one."""
    token = tokens_of(user=by).filter(pk=token_id).first()
    if token is None:
        raise NotFound()
    audit(by, "org.api_token.revoked", token, company=by.company, data={"name": token.name})
    token.delete()


def authenticate_api_key(key: str) -> Any | None:
    """The user a bearer key belongs to, or None. Marks the token used at most once a minute
    (a bookkeeping stamp, not a user's write, so it leaves no audit entry)."""
    token = token_for_key(key)
    if token is None:
        return None
    moment = now()
    if token.last_used_at is None or moment - token.last_used_at >= TOKEN_TOUCH_INTERVAL:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=moment)
        token.last_used_at = moment
    return token.user
