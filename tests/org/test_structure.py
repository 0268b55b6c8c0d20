"""Departments and teams: create, rename, delete only when empty; administrators only."""

from __future__ import annotations

import pytest

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.org import structure
from lianyi.org.codes import OrgCode
from lianyi.org.models import Department, Team
from tests.factories import DepartmentFactory


def test_administrator_creates_renames_and_deletes_an_empty_department(world):
    department = structure.create_department(by=world.admin, name=" 销售三部 ")
    assert department.name == "销售三部" and department.company == world.company
    structure.rename_department(by=world.admin, department_id=department.pk, name="市场部")
    department.refresh_from_db()
    assert department.name == "市场部"
    structure.delete_department(by=world.admin, department_id=department.pk)
    assert not Department.objects.filter(pk=department.pk).exists()
    actions = list(
        AuditEntry.objects.filter(object_id=str(department.pk), action__startswith="org.department")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["org.department.created", "org.department.renamed", "org.department.deleted"]


def test_a_department_with_teams_or_a_team_with_members_is_not_deleted(world):
    team1a = world.rep.team
    with pytest.raises(DomainError) as error:
        structure.delete_department(by=world.admin, department_id=team1a.department_id)
    assert error.value.code == OrgCode.NOT_EMPTY
    with pytest.raises(DomainError) as error:
        structure.delete_team(by=world.admin, team_id=team1a.pk)
    assert error.value.code == OrgCode.NOT_EMPTY
    assert Team.objects.filter(pk=team1a.pk).exists()


def test_a_deactivated_member_still_keeps_the_team(world):
    team = world.rep_other_dept.team
    for member in team.members.all():
        member.is_active = False
        member.save(update_fields=["is_active"])
    with pytest.raises(DomainError) as error:
        structure.delete_team(by=world.admin, team_id=team.pk)
    assert error.value.code == OrgCode.NOT_EMPTY


def test_an_empty_team_is_deleted(world):
    team = structure.create_team(
        by=world.admin, department_id=world.rep.team.department_id, name="四组"
    )
    structure.delete_team(by=world.admin, team_id=team.pk)
    assert not Team.objects.filter(pk=team.pk).exists()
    assert AuditEntry.objects.filter(action="org.team.deleted", object_id=str(team.pk)).exists()


def test_names_are_unique_within_their_parent(world):
    with pytest.raises(DomainError) as error:
        structure.create_department(by=world.admin, name="销售一部")
    assert error.value.code == OrgCode.NAME_TAKEN and error.value.extra["field"] == "name"
    department_id = world.rep.team.department_id
    with pytest.raises(DomainError) as error:
        structure.create_team(by=world.admin, department_id=department_id, name="二组")
    assert error.value.code == OrgCode.NAME_TAKEN
    # the same team name in another department is fine
    other = world.rep_other_dept.team.department_id
    assert structure.create_team(by=world.admin, department_id=other, name="二组").pk


def test_only_administrators_manage_and_only_their_own_company(world):
    for user in (world.rep, world.supervisor, world.manager, world.service):
        with pytest.raises(DomainError) as error:
            structure.create_department(by=user, name="新部门")
        assert error.value.code == "forbidden"
    other_company_department = DepartmentFactory(company=world.outsider_admin.company)
    with pytest.raises(DomainError) as error:
        structure.rename_department(
            by=world.admin, department_id=other_company_department.pk, name="x"
        )
    assert error.value.code == "not_found"
    with pytest.raises(DomainError) as error:
        structure.create_team(by=world.admin, department_id=other_company_department.pk, name="x")
    assert error.value.code == "not_found"
