"""Reads of the organisation: API tokens (looked up by the hash of their key), and the
departments, teams and users an administrator manages."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Prefetch, QuerySet, Sum

from lianyi.core.clock import now
from lianyi.core.errors import NotFound
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import ApiToken, Department, Team, User


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


# ==== the organisation tree and its users, for administrators (Capability.ORG_MANAGE) ====


def company_departments(*, user: Any) -> QuerySet[Department]:
    """The departments of the administrator's company, with their teams and head counts."""
    require_capability(user, Capability.ORG_MANAGE)
    return (
        Department.objects.filter(company_id=user.company_id)
        .annotate(member_count=Count("members", distinct=True))
        .prefetch_related(
            Prefetch(
                "teams",
                queryset=Team.objects.annotate(member_count=Count("members")).order_by("name"),
            )
        )
        .order_by("name", "pk")
    )


def company_teams(*, user: Any) -> QuerySet[Team]:
    require_capability(user, Capability.ORG_MANAGE)
    return (
        Team.objects.filter(department__company_id=user.company_id)
        .select_related("department")
        .order_by("department__name", "name", "pk")
    )


def get_department(*, user: Any, department_id: Any) -> Department:
    found = company_departments(user=user).filter(pk=_int_or_zero(department_id)).first()
    if found is None:
        raise NotFound()
    return found


def get_team(*, user: Any, team_id: Any) -> Team:
    found = (
        company_teams(user=user)
        .annotate(member_count=Count("members"))
        .filter(pk=_int_or_zero(team_id))
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def company_users(
    *,
    user: Any,
    role: str = "",
    team_id: int | None = None,
    active: bool | None = None,
) -> QuerySet[User]:
    """The administrator's colleagues, filtered by role, team and whether they are active."""
    require_capability(user, Capability.ORG_MANAGE)
    qs = User.objects.filter(company_id=user.company_id).select_related(
        "team", "team__department", "department"
    )
    if role:
        qs = qs.filter(role=role)
    if team_id:
        qs = qs.filter(team_id=team_id)
    if active is not None:
        qs = qs.filter(is_active=active)
    return qs.order_by("-is_active", "display_name", "username", "pk")


def get_company_user(*, user: Any, user_id: Any) -> User:
    """A user of the administrator's company; any other id answers like a missing one."""
    found = company_users(user=user).filter(pk=_int_or_zero(user_id)).first()
    if found is None:
        raise NotFound()
    return found


def is_locked_out(*, username: str) -> bool:
    """True while the login lockout (django-axes) holds this account."""
    from axes.models import AccessAttempt

    since = now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.AXES_FAILURE_LIMIT


def username_exists(username: str) -> bool:
    return User.objects.filter(username__iexact=username).exists()


def _int_or_zero(value: Any) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 0
    return number if 0 < number < 2**63 else 0
