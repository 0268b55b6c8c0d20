"""Users: create with the place their role needs, edit, reset a password, deactivate (sessions
and API tokens end at once, customers stay), reactivate, change one's own password."""

from __future__ import annotations

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from lianyi.core.errors import DomainError
from lianyi.core.models import AuditEntry
from lianyi.org import accounts
from lianyi.org.accounts import Placement
from lianyi.org.codes import OrgCode
from lianyi.org.models import Role, User
from lianyi.org.services import issue_api_token
from tests.conftest import make_customer


def test_a_rep_needs_a_team_and_a_manager_a_department(world):
    with pytest.raises(DomainError) as error:
        accounts.create_user(
            by=world.admin,
            username="new_rep",
            display_name="新人",
            phone="",
            placement=Placement(role=Role.REP),
        )
    assert error.value.code == OrgCode.TEAM_REQUIRED and error.value.extra["field"] == "team"
    with pytest.raises(DomainError) as error:
        accounts.create_user(
            by=world.admin,
            username="new_mgr",
            display_name="新经理",
            phone="",
            placement=Placement(role=Role.MANAGER, team_id=world.rep.team_id),
        )
    assert error.value.code == OrgCode.DEPARTMENT_REQUIRED
    assert not User.objects.filter(username__in=["new_rep", "new_mgr"]).exists()


def test_a_team_of_another_company_is_refused(world):
    from tests.factories import DepartmentFactory, TeamFactory

    foreign = TeamFactory(department=DepartmentFactory(company=world.outsider_admin.company))
    with pytest.raises(DomainError) as error:
        accounts.create_user(
            by=world.admin,
            username="x1",
            display_name="x",
            phone="",
            placement=Placement(role=Role.REP, team_id=foreign.pk),
        )
    assert error.value.code == OrgCode.TEAM_REQUIRED


def test_create_user_with_a_random_password_returns_it_once(world):
    user, password = accounts.create_user(
        by=world.admin,
        username="new_rep",
        display_name="新人",
        phone="13900000000",
        placement=Placement(role=Role.REP, team_id=world.rep.team_id),
    )
    assert len(password) == accounts.RANDOM_PASSWORD_LENGTH
    assert user.check_password(password) and user.company == world.company
    assert user.team == world.rep.team and user.department is None
    entry = AuditEntry.objects.get(action="org.user.created", object_id=str(user.pk))
    assert password not in str(entry.data)


def test_a_chosen_password_goes_through_djangos_validators(world):
    with pytest.raises(DomainError) as error:
        accounts.create_user(
            by=world.admin,
            username="new_rep",
            display_name="新人",
            phone="",
            placement=Placement(role=Role.REP, team_id=world.rep.team_id),
            password="short",
        )
    assert error.value.code == OrgCode.PASSWORD_INVALID


def test_taken_and_malformed_usernames_are_refused(world):
    for name, code in (("REP_A", OrgCode.USERNAME_TAKEN), ("有 空格", OrgCode.USERNAME_INVALID)):
        with pytest.raises(DomainError) as error:
            accounts.create_user(
                by=world.admin,
                username=name,
                display_name="x",
                phone="",
                placement=Placement(role=Role.SERVICE),
            )
        assert error.value.code == code


def test_moving_a_rep_to_manager_keeps_their_customers(world):
    customer = make_customer(world, step=0)
    accounts.update_user(
        by=world.admin,
        user_id=world.rep.pk,
        display_name="升职了",
        phone="",
        placement=Placement(role=Role.MANAGER, department_id=world.manager.department_id),
    )
    world.rep.refresh_from_db()
    customer.refresh_from_db()
    assert world.rep.role == Role.MANAGER and world.rep.team is None
    assert customer.owner_id == world.rep.pk
    entry = AuditEntry.objects.get(action="org.user.updated", object_id=str(world.rep.pk))
    assert entry.changes["role"] == [Role.REP, Role.MANAGER]


def _logged_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get(reverse("web:today")).status_code == 200
    return client


def test_deactivation_ends_sessions_and_tokens_and_keeps_customers(world):
    customer = make_customer(world, step=0)
    client = _logged_in(world.rep)
    _token, key = issue_api_token(by=world.rep)
    api = Client(headers={"Authorization": f"Bearer {key}"})
    assert api.get("/api/me").status_code == 200

    accounts.deactivate_user(by=world.admin, user_id=world.rep.pk)

    assert not any(
        str(s.get_decoded().get("_auth_user_id")) == str(world.rep.pk)
        for s in Session.objects.all()
    )
    assert client.get(reverse("web:today")).status_code == 302  # back to the login page
    assert api.get("/api/me").status_code == 401
    customer.refresh_from_db()
    assert customer.owner_id == world.rep.pk
    assert AuditEntry.objects.filter(
        action="org.user.deactivated", object_id=str(world.rep.pk)
    ).exists()


def test_a_deactivated_user_cannot_log_in_and_a_reactivated_one_can(world, client):
    accounts.deactivate_user(by=world.admin, user_id=world.rep.pk)
    response = client.post(reverse("web:login"), {"username": "rep_a", "password": "pass-1234"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    accounts.reactivate_user(by=world.admin, user_id=world.rep.pk)
    response = client.post(reverse("web:login"), {"username": "rep_a", "password": "pass-1234"})
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(world.rep.pk)


def test_is_active_is_checked_on_every_request_even_with_a_session_left_over(world):
    client = _logged_in(world.rep)
    # deactivated behind the service's back: the stored session is still there
    User.objects.filter(pk=world.rep.pk).update(is_active=False)
    assert client.get(reverse("web:today")).status_code == 302
    assert client.get("/api/me").status_code == 401


def test_nobody_deactivates_themselves(world):
    with pytest.raises(DomainError) as error:
        accounts.deactivate_user(by=world.admin, user_id=world.admin.pk)
    assert error.value.code == OrgCode.SELF_DEACTIVATION


def test_reset_password_ends_the_users_sessions(world):
    client = _logged_in(world.rep)
    password = accounts.reset_password(by=world.admin, user_id=world.rep.pk)
    world.rep.refresh_from_db()
    assert world.rep.check_password(password)
    assert client.get(reverse("web:today")).status_code == 302
    assert (
        accounts.reset_password(by=world.admin, user_id=world.rep.pk, password="chosen-one-1") == ""
    )
    world.rep.refresh_from_db()
    assert world.rep.check_password("chosen-one-1")


def test_another_companys_user_is_not_found(world):
    with pytest.raises(DomainError) as error:
        accounts.reset_password(by=world.admin, user_id=world.outsider_admin.pk)
    assert error.value.code == "not_found"
    with pytest.raises(DomainError) as error:
        accounts.deactivate_user(by=world.supervisor, user_id=world.rep.pk)
    assert error.value.code == "forbidden"


def test_change_own_password_checks_the_old_one_and_the_repeat(world):
    for old, new, repeat, code in (
        ("wrong", "new-password-1", "new-password-1", OrgCode.PASSWORD_WRONG),
        ("pass-1234", "new-password-1", "new-password-2", OrgCode.PASSWORD_MISMATCH),
        ("pass-1234", "short", "short", OrgCode.PASSWORD_INVALID),
    ):
        with pytest.raises(DomainError) as error:
            accounts.change_own_password(
                user=world.rep, old_password=old, new_password=new, repeat=repeat
            )
        assert error.value.code == code
    accounts.change_own_password(
        user=world.rep,
        old_password="pass-1234",
        new_password="new-password-1",
        repeat="new-password-1",
    )
    world.rep.refresh_from_db()
    assert world.rep.check_password("new-password-1")
    assert AuditEntry.objects.filter(action="org.user.password_changed", actor=world.rep).exists()
