"""A team (or department) deleted while a user is being placed in it, on PostgreSQL: the user's
write locks the team it names, so it either waits for the deletion and is refused like a
missing team, or goes first and the deletion finds a member. Without the lock the user was
saved into a team that was gone by the commit: an IntegrityError, a 500."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, transaction

from lianyi.core.errors import DomainError
from lianyi.org import accounts, structure
from lianyi.org.accounts import Placement
from lianyi.org.codes import OrgCode
from lianyi.org.models import Department, Role, Team, User

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _while_deleting(delete: object) -> threading.Thread:
    deleted = threading.Event()

    def run() -> None:
        try:
            with transaction.atomic():
                delete()  # type: ignore[operator]
                deleted.set()
                time.sleep(0.5)  # the other write reaches its lock (or its commit) meanwhile
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    assert deleted.wait(timeout=10)
    return thread


def test_a_user_placed_in_a_team_being_deleted_is_refused_like_a_missing_team(world):
    empty = Team.objects.create(department=world.rep.team.department, name="待删除")
    thread = _while_deleting(lambda: structure.delete_team(by=world.admin, team_id=empty.pk))
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
    empty = Department.objects.create(company=world.company, name="待删除")
    thread = _while_deleting(
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
