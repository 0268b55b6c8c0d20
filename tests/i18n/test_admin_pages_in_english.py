"""The administration pages, the own-password page and the lockout message in English."""

from __future__ import annotations

import pytest
from django.urls import reverse

from lianyi.org.models import Department, Team, User
from tests.conftest import World, make_customer
from tests.i18n.test_pages_in_english import assert_english, english_client, user_data


def org_data(world: World, *extra: str) -> list[str]:
    values = user_data(world)
    values += [u.display_name for u in User.objects.filter(company=world.company)]
    values += [d.name for d in Department.objects.filter(company=world.company)]
    values += [t.name for t in Team.objects.filter(department__company=world.company)]
    values += list(extra)
    return sorted({v for v in values if v}, key=len, reverse=True)


@pytest.mark.parametrize(
    "page", ["web:admin_home", "web:admin_org", "web:admin_users", "web:admin_user_new"]
)
def test_the_administration_pages_are_english(world, page):
    assert_english(english_client(world.admin).get(reverse(page)), org_data(world))


def test_department_team_and_user_pages_are_english(world):
    customer = make_customer(world, step=0, name="孙淑珍")
    client = english_client(world.admin)
    data = org_data(world, customer.name)
    team = world.rep.team
    assert_english(client.get(reverse("web:admin_department", args=[team.department_id])), data)
    assert_english(client.get(reverse("web:admin_team", args=[team.pk])), data)
    html = assert_english(client.get(reverse("web:admin_user", args=[world.rep.pk])), data)
    assert customer.name in html  # the handover list


def test_errors_and_the_own_password_page_are_english(world):
    client = english_client(world.rep)
    assert_english(client.get(reverse("web:own_password")), org_data(world))
    response = client.post(
        reverse("web:own_password"),
        {"old_password": "wrong", "new_password1": "x", "new_password2": "y"},
    )
    assert response.status_code == 400
    response.status_code = 200  # assert_english checks the page, not the refusal's status
    assert_english(response, org_data(world))


def test_the_lockout_message_is_english(world):
    client = english_client()
    for _ in range(10):
        client.post(reverse("web:login"), {"username": "rep_a", "password": "wrong"})
    response = client.post(reverse("web:login"), {"username": "rep_a", "password": "pass-1234"})
    assert response.status_code == 429
    response.status_code = 200
    html = assert_english(response, org_data(world))
    assert "locked" in html
