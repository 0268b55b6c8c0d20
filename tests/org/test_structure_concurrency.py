"""Writes on the organisation racing each other on PostgreSQL.

A team (or department) deleted while a user is being placed in it: the user's write locks the
team it names, so it either waits for the deletion and is refused like a missing team, or goes
first and the deletion finds a member. Without the lock the user was saved into a team that
was gone by the commit: an IntegrityError, a 500.

A name (a department's, a username) taken by another request between the check and
the write: the unique constraint's answer is the same refusal as a name taken before."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from lianyi.core.errors import DomainError
from lianyi.org import accounts, structure
from lianyi.org.accounts import Placement
from lianyi.org.codes import OrgCode
from lianyi.org.models import Department, Role, User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _while_open(write: object) -> threading.Thread:
    """Runs ``write`` in a thread whose transaction stays open half a second after it."""
    deleted = threading.Event()

    def run() -> None:
        try:
            with transaction.atomic():
                write()  # type: ignore[operator]
                deleted.set()
                time.sleep(0.5)  # the other write reaches its lock (or its commit) meanwhile
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert deleted.wait(timeout=10)
    return thread


def test_a_user_placed_in_a_team_being_deleted_is_refused_like_a_missing_team(world):
    empty = structure.create_team(
        by=world.admin, department_id=world.rep.team.department_id, name="待删除"
    )
    thread = _while_open(lambda: structure.delete_team(by=world.admin, team_id=empty.pk))
    try:
        with pytest.raises(DomainError) as error:
            accounts.create_user(
                by=world.admin,
                username="newcomer",
                display_name="新人",
                phone="",
                placement=Placement(role=Role.REP, team_id=empty.pk),
            )
    finally:
        thread.join()
    assert error.value.code == OrgCode.TEAM_REQUIRED
    assert not User.objects.filter(username="newcomer").exists()


def test_a_manager_moved_into_a_department_being_deleted_is_refused(world):
    empty = structure.create_department(by=world.admin, name="待删除")
    thread = _while_open(
        lambda: structure.delete_department(by=world.admin, department_id=empty.pk)
    )
    try:
        with pytest.raises(DomainError) as error:
            accounts.update_user(
                by=world.admin,
                user_id=world.manager.pk,
                display_name="mgr_1",
                phone="",
                placement=Placement(role=Role.MANAGER, department_id=empty.pk),
            )
    finally:
        thread.join()
    assert error.value.code == OrgCode.DEPARTMENT_REQUIRED
    world.manager.refresh_from_db()
    assert world.manager.department_id != empty.pk


def test_a_department_name_taken_meanwhile_is_refused_like_a_taken_one(world):
    thread = _while_open(lambda: structure.create_department(by=world.admin, name="新部门"))
    try:
        with pytest.raises(DomainError) as error:
            structure.create_department(by=world.admin, name="新部门")
    finally:
        thread.join()
    assert error.value.code == OrgCode.NAME_TAKEN
    assert Department.objects.filter(company=world.company, name="新部门").count() == 1


def test_a_department_renamed_to_a_name_taken_meanwhile_is_refused(world):
    other = structure.create_department(by=world.admin, name="三部")
    thread = _while_open(
        lambda: structure.rename_department(
            by=world.admin, department_id=world.rep.team.department_id, name="同名"
        )
    )
    try:
        with pytest.raises(DomainError) as error:
            structure.rename_department(by=world.admin, department_id=other.pk, name="同名")
    finally:
        thread.join()
    assert error.value.code == OrgCode.NAME_TAKEN


def test_a_username_taken_meanwhile_is_refused_like_a_taken_one(world):
    def create() -> None:
        accounts.create_user(
            by=world.admin,
            username="twin",
            display_name="一号",
            phone="",
            placement=Placement(role=Role.SERVICE),
        )

    thread = _while_open(create)
    try:
        with pytest.raises(DomainError) as error:
            create()
    finally:
        thread.join()
    assert error.value.code == OrgCode.USERNAME_TAKEN
    assert User.objects.filter(username="twin").count() == 1
