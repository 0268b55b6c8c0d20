"""The one door to "who may see whose customers". Every selector that lists customers or their
records filters through :func:`owner_scope`; a user outside every branch sees nothing."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from lianyi.core.errors import NotFound
from lianyi.org.models import Role, User

NOTHING = Q(pk__in=[])


def owner_scope(user: Any, *, prefix: str = "", owner_field: str = "owner") -> Q:
    """A filter on records that have an owner (a user) and a ``company``.

    ``prefix`` applies the same rule through a relation (``prefix="customer__"``);
    ``owner_field`` names another user field in the owner's place (a claim's ``claimant``).
    """
    owner = f"{prefix}{owner_field}"
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.company_id:
        return NOTHING
    company = Q(**{f"{prefix}company_id": user.company_id})
    if user.role == Role.REP:
        return company & Q(**{f"{owner}_id": user.pk})
    if user.role == Role.SUPERVISOR:
        if not user.team_id:
            return NOTHING
        return company & Q(**{f"{owner}__team_id": user.team_id})
    if user.role == Role.MANAGER:
        if not user.department_id:
            return NOTHING
        return company & Q(**{f"{owner}__team__department_id": user.department_id})
    if user.role in (Role.ADMIN, Role.SERVICE):
        return company
    return NOTHING


def company_scope(user: Any, *, prefix: str = "") -> Q:
    """A filter on company-wide records (stands, places): the user's own company, or nothing."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.company_id:
        return NOTHING
    return of_company(user.company_id, prefix=prefix)


def of_company(company_id: int | None, *, prefix: str = "") -> Q:
    """A filter on the records of the company ``company_id`` (the company of a record already
    in scope, such as a gathering whose guest list is read): nothing without a company."""
    if not company_id:
        return NOTHING
    return Q(**{f"{prefix}company_id": company_id})


def supervises(user: Any, rep: Any) -> bool:
    """True when ``user`` is a supervisor of ``rep``'s team (or the manager of its department)."""
    if not getattr(user, "is_authenticated", False) or rep is None or rep.team_id is None:
        return False
    if user.company_id != rep.company_id:
        return False
    if user.role == Role.SUPERVISOR:
        return bool(user.team_id) and user.team_id == rep.team_id
    if user.role == Role.MANAGER:
        return bool(user.department_id) and user.department_id == rep.team.department_id
    return False


def supervisors_of(rep: Any) -> list[Any]:
    if rep is None or rep.team_id is None:
        return []
    return list(
        User.objects.filter(
            of_company(rep.company_id), team_id=rep.team_id, role=Role.SUPERVISOR, is_active=True
        )
    )


def managed_reps(user: Any, *, include_inactive: bool = False) -> Any:
    """The reps and supervisors ``user`` directs, as a queryset: their team (supervisor), their
    department (manager) or the company (administrator); nobody for anyone else. Who may be
    given a customer, a claim's customer or a delivery route; with ``include_inactive`` also
    those deactivated, whose customers wait for a handover (the customer list's owner filter)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.company_id:
        return User.objects.none()
    qs = User.objects.filter(
        company_scope(user), role__in=[Role.REP, Role.SUPERVISOR]
    ).select_related("team")
    if not include_inactive:
        qs = qs.filter(is_active=True)
    if user.role == Role.SUPERVISOR:
        qs = qs.filter(team_id=user.team_id) if user.team_id else qs.none()
    elif user.role == Role.MANAGER:
        qs = qs.filter(team__department_id=user.department_id) if user.department_id else qs.none()
    elif user.role != Role.ADMIN:
        qs = qs.none()
    return qs.order_by("display_name", "username")


def company_id_of(user: User) -> int:
    """The id of the company ``user`` acts for, typed as one: only staff of a company pass
    ``require_capability``, so a user without one (never expected here) is ``NotFound``."""
    if user.company_id is None:
        raise NotFound()
    return user.company_id


# The oversight of a team's day (the team board): which level a role overlooks, and the teams
# and departments it may open. Beside ``owner_scope`` so the role branches stay in one place.
REACH_TEAM = "team"
REACH_DEPARTMENT = "department"
REACH_COMPANY = "company"


def oversight_reach(user: Any) -> str:
    """What ``user`` oversees: their team (supervisor), department (manager), the company
    (administrator); "" for anyone else or without a team or department."""
    if not getattr(user, "is_authenticated", False) or not user.is_active or not user.company_id:
        return ""
    if user.role == Role.SUPERVISOR:
        return REACH_TEAM if user.team_id else ""
    if user.role == Role.MANAGER:
        return REACH_DEPARTMENT if user.department_id else ""
    if user.role == Role.ADMIN:
        return REACH_COMPANY
    return ""


def team_scope(user: Any) -> Q:
    """A filter on teams: those whose day ``user`` oversees."""
    reach = oversight_reach(user)
    company = Q(department__company_id=user.company_id) if reach else NOTHING
    if reach == REACH_TEAM:
        return company & Q(pk=user.team_id)
    if reach == REACH_DEPARTMENT:
        return company & Q(department_id=user.department_id)
    return company


def department_scope(user: Any) -> Q:
    """A filter on departments: the manager's own, every one of the administrator's company;
    none for a supervisor (who oversees one team, not the department around it)."""
    reach = oversight_reach(user)
    if reach == REACH_DEPARTMENT:
        return Q(company_id=user.company_id, pk=user.department_id)
    if reach == REACH_COMPANY:
        return Q(company_id=user.company_id)
    return NOTHING
