"""Reads of the organisation: API tokens (looked up by the hash of their key), and the
departments, teams and users an administrator manages."""

from __future__ import annotations

import functools
from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db import connection
from django.db.models import Count, Prefetch, QuerySet, Sum

from lianyi.core.clock import now
from lianyi.core.lookup import get_by_id
from lianyi.core.rows import from_row
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import ApiToken, Company, Department, Team, User
from lianyi.org.scoping import company_scope

TOKEN_FIELDS = ("id", "user", "last_used_at")


def token_for_key(key: str) -> ApiToken | None:
    """The active token whose key is ``key``; only the key's SHA-256 is ever compared.

    It runs on every API request, so it is one written-out statement (the ORM compiled its
    three-table select_related on each call, about 0.5 ms of CPU, more than PostgreSQL spent
    running it): the token's id, user and last use, and every column of its user and of the
    user's company, which come back as model instances with the company cached on the user,
    as select_related would leave them. The token's other columns are deferred."""
    if not key:
        return None
    sql, user_fields, company_fields = _token_sql(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [ApiToken.hash_key(key)])
        row = cursor.fetchone()
    if row is None:
        return None
    token = from_row(ApiToken, _token_fields(), row[:3])
    user = from_row(User, user_fields, row[3 : 3 + len(user_fields)])
    company_row = row[3 + len(user_fields) :]
    company = from_row(Company, company_fields, company_row) if company_row[0] else None
    user._state.fields_cache["company"] = company
    token._state.fields_cache["user"] = user
    return token


@functools.cache
def _token_fields() -> list[Any]:
    return [ApiToken._meta.get_field(name) for name in TOKEN_FIELDS]


@functools.cache
def _token_sql(vendor: str) -> tuple[str, list[Any], list[Any]]:
    """The SQL of :func:`token_for_key` (built once per database vendor from the models) and
    the user's and the company's fields, in the order of their columns."""
    q = connection.ops.quote_name
    users = list(User._meta.concrete_fields)
    companies = list(Company._meta.concrete_fields)
    columns = [
        "t.id",
        "t.user_id",
        "t.last_used_at",
        *(f"u.{q(str(f.column))}" for f in users),
        *(f"c.{q(str(f.column))}" for f in companies),
    ]
    sql = (
        f"SELECT {', '.join(columns)} FROM {q(ApiToken._meta.db_table)} t "
        f"INNER JOIN {q(User._meta.db_table)} u ON u.id = t.user_id "
        f"LEFT OUTER JOIN {q(Company._meta.db_table)} c ON c.id = u.company_id "
        # key_hash is unique: no ORDER BY and no LIMIT, its index answers directly.
        "WHERE t.key_hash = %s AND u.is_active"
    )
    return sql, users, companies


def tokens_of(*, user: Any) -> QuerySet[ApiToken]:
    if not getattr(user, "is_authenticated", False):
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user_id=user.pk).order_by("-created_at", "-id")


# ==== the organisation tree and its users, for administrators (Capability.ORG_MANAGE) ====


def company_departments(*, user: Any) -> QuerySet[Department]:
    """The departments of the administrator's company, with their teams and head counts."""
    require_capability(user, Capability.ORG_MANAGE)
    return (
        Department.objects.filter(company_scope(user))
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
        Team.objects.filter(company_scope(user, prefix="department__"))
        .select_related("department")
        .order_by("department__name", "name", "pk")
    )


def get_department(*, user: Any, department_id: Any) -> Department:
    return get_by_id(company_departments(user=user), department_id)


def get_team(*, user: Any, team_id: Any) -> Team:
    return get_by_id(company_teams(user=user).annotate(member_count=Count("members")), team_id)


def company_users(
    *,
    user: Any,
    role: str = "",
    team_id: int | None = None,
    active: bool | None = None,
) -> QuerySet[User]:
    """The administrator's colleagues, filtered by role, team and whether they are active."""
    require_capability(user, Capability.ORG_MANAGE)
    qs = User.objects.filter(company_scope(user)).select_related(
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
    return get_by_id(company_users(user=user), user_id)


def is_locked_out(*, username: str) -> bool:
    """True while the login lockout (django-axes) holds this account."""
    since = now() - settings.AXES_COOLOFF_TIME
    failures = AccessAttempt.objects.filter(username=username, attempt_time__gte=since).aggregate(
        total=Sum("failures_since_start")
    )["total"]
    return (failures or 0) >= settings.AXES_FAILURE_LIMIT


def username_exists(username: str) -> bool:
    return User.objects.filter(username__iexact=username).exists()


def audit_actors(*, user: Any) -> QuerySet[User]:
    """Everyone of the company, active or not: whom the audit log can be filtered by."""
    require_capability(user, Capability.AUDIT_VIEW)
    return User.objects.filter(company_scope(user)).order_by("display_name", "username", "pk")
