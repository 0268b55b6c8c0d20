"""An administrator on a phone creates a team and a user in it; the new user logs in with the
password shown once, changes it on 更多 › 修改密码, and logs in again with the new one."""

from __future__ import annotations

import pytest

from lianyi.org.models import Role, Team, User
from tests.browser.conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def login(page, base_url: str, username: str, password: str) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{base_url}/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")
    page.wait_for_url(f"{base_url}/")


def logout(page) -> None:  # type: ignore[no-untyped-def]
    page.click("#main ~ nav a[href$='/more/']")
    page.click("#logout-submit")
    page.locator("#id_username").wait_for()


def test_admin_creates_a_team_and_a_user_who_then_changes_their_password(
    world, live_server, phone_page
):
    page = phone_page
    base = live_server.url
    department = world.rep.team.department

    # an administrator opens 更多 › 管理 › 部门和小组 and adds a team to a department
    login(page, base, world.admin.username, "pass-1234")
    page.goto(f"{base}/more/")
    page.click("#link-admin")
    page.click("#link-admin-org")
    page.click(f"#department-{department.pk} h3 a")
    page.fill("#id_team-name", "新兵组")
    page.click("#team-submit")
    page.locator(".message--success").wait_for()
    team = Team.objects.get(department=department, name="新兵组")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    # then a rep in it, with a random password shown once
    page.click(f"#team-{team.pk}")
    page.click("#add-member")
    page.fill("#id_username", "rookie")
    page.fill("#id_display_name", "钱小红")
    page.select_option("#id_role", Role.REP)
    page.select_option("#id_team", str(team.pk))
    page.click("#user-submit")
    password = page.locator("#new-password-value").inner_text().strip()
    assert User.objects.get(username="rookie").team == team
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "admin-user-created.png"), full_page=True)
    logout(page)

    # the new rep logs in with it and changes it on 更多 › 修改密码
    login(page, base, "rookie", password)
    page.goto(f"{base}/more/")
    page.click("#link-password")
    page.fill("#id_old_password", password)
    page.fill("#id_new_password1", "rookie-own-pass-1")
    page.fill("#id_new_password2", "rookie-own-pass-1")
    page.click("#password-submit")
    page.locator(".message--success").wait_for()
    assert page.url.endswith("/more/")  # still logged in after the change
    logout(page)

    # the old password no longer works, the new one does
    page.fill("#id_username", "rookie")
    page.fill("#id_password", password)
    page.click("form.form button[type=submit]")
    page.locator(".errorlist").wait_for()
    login(page, base, "rookie", "rookie-own-pass-1")
    assert page.url == f"{base}/"
