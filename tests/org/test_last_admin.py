"""The company always keeps an active administrator: nobody deactivates or demotes the last one,
not even two administrators removing each other at the same moment (the company's administrator
rows are locked, in id order, before the user being changed)."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from lianyi.core.errors import DomainError
from lianyi.org import accounts
from lianyi.org.accounts import Placement
from lianyi.org.codes import OrgCode
from lianyi.org.models import Role, User
from tests.factories import UserFactory


def _second_admin(world) -> User:  # type: ignore[no-untyped-def]
    return UserFactory(username="admin2", role=Role.ADMIN, company=world.company)


def _active_admins(world) -> int:  # type: ignore[no-untyped-def]
    return User.objects.filter(company=world.company, role=Role.ADMIN, is_active=True).count()


@pytest.mark.django_db
def test_an_administrator_removed_meanwhile_cannot_deactivate_the_last_one(world):
    # given a second administrator who has just deactivated the first, whose page is still open
    second = _second_admin(world)
    stale_first = User.objects.get(pk=world.admin.pk)
    accounts.deactivate_user(by=second, user_id=world.admin.pk)
    # when the first's request, read before that, deactivates the second
    with pytest.raises(DomainError) as error:
        accounts.deactivate_user(by=stale_first, user_id=second.pk)
    # then it is refused and the company keeps its administrator
    assert error.value.code == OrgCode.LAST_ADMIN
    assert _active_admins(world) == 1


@pytest.mark.django_db
def test_the_last_administrator_cannot_be_given_another_role(world):
    second = _second_admin(world)
    stale_first = User.objects.get(pk=world.admin.pk)
    accounts.deactivate_user(by=second, user_id=world.admin.pk)
    with pytest.raises(DomainError) as error:
        accounts.update_user(
            by=stale_first,
            user_id=second.pk,
            display_name="admin2",
            phone="",
            placement=Placement(role=Role.SERVICE),
        )
    assert error.value.code == OrgCode.LAST_ADMIN
    second.refresh_from_db()
    assert second.role == Role.ADMIN


@pytest.mark.django_db
def test_one_of_two_administrators_may_deactivate_or_demote_the_other(world):
    second = _second_admin(world)
    accounts.update_user(
        by=world.admin,
        user_id=second.pk,
        display_name="admin2",
        phone="",
        placement=Placement(role=Role.SERVICE),
    )
    second.refresh_from_db()
    assert second.role == Role.SERVICE
    third = UserFactory(username="admin3", role=Role.ADMIN, company=world.company)
    accounts.deactivate_user(by=world.admin, user_id=third.pk)
    assert _active_admins(world) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_administrators_deactivating_each_other_at_once_leave_one(world):
    second = _second_admin(world)
    start = threading.Barrier(2)

    def one(pair: tuple[User, User]) -> str:
        try:
            start.wait()
            accounts.deactivate_user(by=pair[0], user_id=pair[1].pk)
            return "deactivated"
        except DomainError as error:
            return error.code
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        outcomes = sorted(pool.map(one, [(world.admin, second), (second, world.admin)]))

    assert outcomes == ["deactivated", OrgCode.LAST_ADMIN]
    assert _active_admins(world) == 1
