"""django-axes reports a lockout only through its ``user_locked_out`` signal; the receiver writes
the audit entry through the service and does nothing else. A successful login forgives that
account's own failures from that address (and nobody else's)."""

from __future__ import annotations

from typing import Any

from lianyi.org.accounts import forget_login_failures, record_login_lockout


def audit_lockout(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    record_login_lockout(username=username or "", ip_address=kwargs.get("ip_address"))


def forgive_own_failures(sender: Any, request: Any = None, user: Any = None, **kwargs: Any) -> None:
    """``user_logged_in``: the failures of that account from that address are forgiven."""
    address = getattr(request, "axes_ip_address", None)
    if user is not None and address:
        forget_login_failures(username=user.get_username(), ip_address=address)
