"""The administration pages: who may open them, departments and teams, the user list, creating
and editing users, passwords, deactivation with the handover list, and the own-password page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from lianyi.core.models import AuditEntry
from lianyi.org.codes import OrgCode
from lianyi.org.models import Department, Role, Team, User
from tests.conftest import make_customer
from tests.factories import UserFactory
from tests.web.conftest import field_codes

ADMIN_PAGES = ["web:admin_home", "web:admin_org", "web:admin_users", "web:admin_user_new"]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_admin_pages_are_for_administrators_only(world, login, name):
    for user in (world.rep, world.supervisor, world.manager, world.service, world.event_staff):
        assert login(user).get(reverse(name)).status_code == 404
    assert login(world.admin).get(reverse(name)).status_code == 200


def test_more_links_to_administration_for_administrators_and_to_password_for_all(world, login):
    rep_page = login(world.rep).get(reverse("web:more")).content.decode()
    assert 'id="link-password"' in rep_page and 'id="link-admin"' not in rep_page
    admin_page = login(world.admin).get(reverse("web:more")).content.decode()
    assert 'id="link-admin"' in admin_page


def test_another_companys_records_answer_404(world, login):
    client = login(world.outsider_admin)
    assert client.get(reverse("web:admin_user", args=[world.rep.pk])).status_code == 404
    assert client.get(reverse("web:admin_team", args=[world.rep.team_id])).status_code == 404
    department_id = world.rep.team.department_id
    assert client.get(reverse("web:admin_department", args=[department_id])).status_code == 404


def test_create_a_department_and_a_team_in_it(world, login):
    client = login(world.admin)
    response = client.post(reverse("web:admin_org"), {"department-name": "销售三部"})
    department = Department.objects.get(company=world.company, name="销售三部")
    assert response.status_code == 302
    url = reverse("web:admin_department", args=[department.pk])
    client.post(url, {"action": "team", "team-name": "五组"})
    assert Team.objects.filter(department=department, name="五组").exists()
    page = client.get(reverse("web:admin_org")).content.decode()
    assert "销售三部" in page and "五组" in page


def test_a_taken_name_is_shown_next_to_the_field(world, login):
    response = login(world.admin).post(reverse("web:admin_org"), {"department-name": "销售一部"})
    assert response.status_code == 200
    assert field_codes(response, "name") == [OrgCode.NAME_TAKEN]


def test_deleting_a_team_with_members_is_refused_on_the_page(world, login):
    url = reverse("web:admin_team", args=[world.rep.team_id])
    response = login(world.admin).post(url, {"action": "delete"})
    assert response.status_code == 400
    assert 'id="delete-error"' in response.content.decode()
    assert Team.objects.filter(pk=world.rep.team_id).exists()


def test_user_list_filters_pages_and_shows_the_total(world, login):
    client = login(world.admin)
    page = client.get(reverse("web:admin_users"), {"role": Role.REP})
    assert page.context["page"].paginator.count == 4
    team = client.get(reverse("web:admin_users"), {"team": world.rep.team_id})
    assert {u.username for u in team.context["page"].object_list} == {"rep_a", "rep_a2", "sup_a"}
    world.rep_other_dept.is_active = False
    world.rep_other_dept.save()
    inactive = client.get(reverse("web:admin_users"), {"active": "0"})
    assert [u.username for u in inactive.context["page"].object_list] == ["rep_c"]
    bad = client.get(reverse("web:admin_users"), {"team": "x\x00", "page": "999"})
    assert bad.status_code == 200


def test_user_list_query_count_does_not_grow_with_rows(world, login):
    client = login(world.admin)
    client.get(reverse("web:admin_users"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("web:admin_users"))
    for n in range(15):
        UserFactory(username=f"more{n}", company=world.company, role=Role.REP, team=world.rep.team)
    with CaptureQueriesContext(connection) as many:
        client.get(reverse("web:admin_users"))
    assert len(many) == len(few)


def test_create_a_rep_with_a_random_password_shown_once(world, login):
    client = login(world.admin)
    response = client.post(
        reverse("web:admin_user_new"),
        {
            "username": "rep_new",
            "display_name": "新专员",
            "phone": "13900001111",
            "role": Role.REP,
            "team": world.rep.team_id,
        },
    )
    user = User.objects.get(username="rep_new")
    assert response.status_code == 200
    password = response.context["new_password"]
    assert password and password in response.content.decode()
    assert user.check_password(password) and user.team_id == world.rep.team_id
    # shown once: the user's page does not show it again
    assert client.get(reverse("web:admin_user", args=[user.pk])).context["new_password"] == ""


def test_create_user_shows_every_error_next_to_its_field(world, login):
    before = User.objects.count()
    response = login(world.admin).post(
        reverse("web:admin_user_new"),
        {"username": "", "display_name": "", "role": Role.REP},
    )
    assert response.status_code == 400
    assert field_codes(response, "username") == ["required"]
    assert field_codes(response, "display_name") == ["required"]
    assert field_codes(response, "team") == [OrgCode.TEAM_REQUIRED]
    response = login(world.admin).post(
        reverse("web:admin_user_new"),
        {"username": "rep_a", "display_name": "", "role": Role.MANAGER},
    )
    assert field_codes(response, "username") == [OrgCode.USERNAME_TAKEN]
    assert field_codes(response, "display_name") == ["required"]
    assert field_codes(response, "department") == [OrgCode.DEPARTMENT_REQUIRED]
    assert User.objects.count() == before


def test_edit_role_and_department_on_the_user_page(world, login):
    client = login(world.admin)
    url = reverse("web:admin_user", args=[world.rep.pk])
    client.post(
        url,
        {
            "action": "update",
            "edit-display_name": "张经理",
            "edit-role": Role.MANAGER,
            "edit-department": world.manager_other_dept.department_id,
        },
    )
    world.rep.refresh_from_db()
    assert world.rep.role == Role.MANAGER
    assert world.rep.department_id == world.manager_other_dept.department_id


def test_reset_password_with_a_random_one(world, login):
    response = login(world.admin).post(
        reverse("web:admin_user", args=[world.rep.pk]), {"action": "reset_password"}
    )
    world.rep.refresh_from_db()
    assert world.rep.check_password(response.context["new_password"])
    assert AuditEntry.objects.filter(action="org.user.password_reset").count() == 1


def test_deactivate_lists_the_customers_for_handover_and_reactivate(world, login):
    customer = make_customer(world, step=0)
    client = login(world.admin)
    url = reverse("web:admin_user", args=[world.rep.pk])
    page = client.get(url).content.decode()
    assert 'id="deactivate-confirm"' in page  # behind a confirmation
    client.post(url, {"action": "deactivate"})
    world.rep.refresh_from_db()
    assert not world.rep.is_active
    page = client.get(url).content.decode()
    assert reverse("web:customer", args=[customer.pk]) + "#reassign" in page
    client.post(url, {"action": "reactivate"})
    world.rep.refresh_from_db()
    assert world.rep.is_active


def test_own_password_change_keeps_the_session(world, login):
    client = login(world.rep)
    response = client.post(
        reverse("web:own_password"),
        {
            "old_password": "pass-1234",
            "new_password1": "new-password-9",
            "new_password2": "new-password-9",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("web:today")).status_code == 200  # still logged in
    world.rep.refresh_from_db()
    assert world.rep.check_password("new-password-9")


def test_own_password_errors_sit_next_to_their_fields(world, login):
    response = login(world.rep).post(
        reverse("web:own_password"),
        {"old_password": "wrong", "new_password1": "a-new-one-1", "new_password2": "a-new-one-1"},
    )
    assert response.status_code == 400
    assert field_codes(response, "old_password") == [OrgCode.PASSWORD_WRONG]
