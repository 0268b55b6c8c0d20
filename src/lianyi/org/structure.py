"""Writes on the organisation tree: departments and teams (create, rename, delete when empty).
Administrators only (Capability.ORG_MANAGE); each write is one transaction and one audit entry."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit
from lianyi.core.errors import DomainError, NotFound
from lianyi.core.validation import require_text
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.codes import OrgCode
from lianyi.org.locks import lock_department, lock_team
from lianyi.org.models import Department, Team, User
from lianyi.org.scoping import company_scope

NAME_MAX = 100


def _department_taken(label: str) -> DomainError:
    return DomainError(
        _("已有名为“%(name)s”的部门。") % {"name": label},
        code=OrgCode.NAME_TAKEN,
        extra={"field": "name"},
    )


def _team_taken(department: Department, label: str) -> DomainError:
    return DomainError(
        _("%(department)s已有名为“%(name)s”的小组。")
        % {"department": department.name, "name": label},
        code=OrgCode.NAME_TAKEN,
        extra={"field": "name"},
    )


def _department_name(by: User, name: str, *, exclude_pk: int | None = None) -> str:
    label = require_text(name, field="name", label=_("部门名称"), max_length=NAME_MAX)
    taken = Department.objects.filter(company_scope(by), name=label)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise _department_taken(label)
    return label


def _team_name(department: Department, name: str, *, exclude_pk: int | None = None) -> str:
    label = require_text(name, field="name", label=_("小组名称"), max_length=NAME_MAX)
    taken = Team.objects.filter(department=department, name=label)
    if exclude_pk:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise _team_taken(department, label)
    return label


@contextmanager
def _refused_if_taken_meanwhile(refusal: DomainError) -> Iterator[None]:
    """The name was free when looked at and taken by another request before this write (the
    unique constraint answers): the same refusal as when it was taken already, not a 500."""
    try:
        with transaction.atomic():
            yield
    except IntegrityError:
        raise refusal from None


@transaction.atomic
def create_department(*, by: User, name: str) -> Department:
    require_capability(by, Capability.ORG_MANAGE)
    if by.company is None:
        raise NotFound()
    label = _department_name(by, name)
    with _refused_if_taken_meanwhile(_department_taken(label)):
        department = Department.objects.create(company=by.company, name=label)
    audit(by, "org.department.created", department, company=by.company, data={"name": label})
    return department


@transaction.atomic
def rename_department(*, by: User, department_id: int, name: str) -> Department:
    require_capability(by, Capability.ORG_MANAGE)
    department = lock_department(by, department_id)
    label = _department_name(by, name, exclude_pk=department.pk)
    old = department.name
    department.name = label
    with _refused_if_taken_meanwhile(_department_taken(label)):
        department.save(update_fields=["name"])
    audit(
        by, "org.department.renamed", department, company=by.company, changes={"name": [old, label]}
    )
    return department


@transaction.atomic
def delete_department(*, by: User, department_id: int) -> None:
    """Only an empty department goes: no teams and nobody assigned to it."""
    require_capability(by, Capability.ORG_MANAGE)
    department = lock_department(by, department_id)
    teams = Team.objects.filter(department=department).count()
    members = User.objects.filter(department=department).count()
    if teams or members:
        raise DomainError(
            _("部门“%(name)s”还有 %(teams)s 个小组和 %(members)s 位成员，不能删除。")
            % {"name": department.name, "teams": teams, "members": members},
            code=OrgCode.NOT_EMPTY,
            extra={"teams": teams, "members": members},
        )
    audit(
        by, "org.department.deleted", department, company=by.company, data={"name": department.name}
    )
    department.delete()


@transaction.atomic
def create_team(*, by: User, department_id: int, name: str) -> Team:
    require_capability(by, Capability.ORG_MANAGE)
    department = lock_department(by, department_id)
    label = _team_name(department, name)
    team = Team.objects.create(department=department, name=label)
    audit(
        by,
        "org.team.created",
        team,
        company=by.company,
        data={"name": label, "department_id": department.pk},
    )
    return team


@transaction.atomic
def rename_team(*, by: User, team_id: int, name: str) -> Team:
    require_capability(by, Capability.ORG_MANAGE)
    team = lock_team(by, team_id)
    label = _team_name(team.department, name, exclude_pk=team.pk)
    old = team.name
    team.name = label
    team.save(update_fields=["name"])
    audit(by, "org.team.renamed", team, company=by.company, changes={"name": [old, label]})
    return team


@transaction.atomic
def delete_team(*, by: User, team_id: int) -> None:
    """Only an empty team goes: nobody, active or not, still belongs to it."""
    require_capability(by, Capability.ORG_MANAGE)
    team = lock_team(by, team_id)
    members = User.objects.filter(team=team).count()
    if members:
        raise DomainError(
            _("小组“%(name)s”还有 %(members)s 位成员，不能删除。")
            % {"name": team.name, "members": members},
            code=OrgCode.NOT_EMPTY,
            extra={"members": members},
        )
    audit(by, "org.team.deleted", team, company=by.company, data={"name": team.name})
    team.delete()
