"""django-axes reports a lockout only through its ``user_locked_out`` signal; the receiver writes
the audit entry through the service and does nothing else."""

from __future__ import annotations

from typing import Any

from lianyi.org.accounts import record_login_lockout


def audit_lockout(sender: Any, request: Any = None, username: str = "", **kwargs: Any) -> None:
    record_login_lockout(username=username or "", ip_address=kwargs.get("ip_address"))
