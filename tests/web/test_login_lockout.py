"""Login protection (django-axes): 10 failures within 15 minutes lock the account, and apart
from that the address, for 15 minutes, with the reason on the login page; an administrator
unlocks; the lockout is audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from lianyi.core.models import AuditEntry

START = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)


def _login(client: Client, username: str, password: str, ip: str = "10.0.0.1"):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("web:login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def _fail(client: Client, username: str, times: int, ip: str = "10.0.0.1") -> None:
    for _ in range(times):
        assert _login(client, username, "wrong-password", ip).status_code in (200, 429)


def _is_locked_page(response) -> bool:  # type: ignore[no-untyped-def]
    # The login page itself, with the lockout reason on top (not a bare error page).
    return response.status_code == 429 and 'id="login-locked"' in response.content.decode()


@pytest.mark.django_db
def test_ten_wrong_passwords_lock_the_account_with_a_message_on_the_login_page(world, client):
    with time_machine.travel(START, tick=False):
        _fail(client, "rep_a", 9)
        assert _login(client, "rep_a", "pass-1234").status_code == 302  # nine are not enough
        client.logout()
        _fail(client, "rep_a", 10)
        response = _login(client, "rep_a", "pass-1234")
    assert _is_locked_page(response)
    assert "登录失败次数过多" in response.content.decode()
    assert "_auth_user_id" not in client.session
    entry = AuditEntry.objects.get(action="org.login.locked_out")
    assert entry.company == world.company and entry.data["username"] == "rep_a"
    assert entry.object_id == str(world.rep.pk)


@pytest.mark.django_db
def test_the_lock_lifts_after_fifteen_minutes(world, client):
    with time_machine.travel(START, tick=False):
        _fail(client, "rep_a", 10)
        assert _is_locked_page(_login(client, "rep_a", "pass-1234"))
    with time_machine.travel(START + dt.timedelta(minutes=14), tick=False):
        assert _is_locked_page(_login(client, "rep_a", "pass-1234"))
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        assert _login(client, "rep_a", "pass-1234").status_code == 302


@pytest.mark.django_db
def test_failures_older_than_fifteen_minutes_do_not_count(world, client):
    with time_machine.travel(START, tick=False):
        _fail(client, "rep_a", 9)
    with time_machine.travel(START + dt.timedelta(minutes=16), tick=False):
        _fail(client, "rep_a", 1)
        assert _login(client, "rep_a", "pass-1234").status_code == 302


@pytest.mark.django_db
def test_the_account_is_locked_from_every_address(world, client):
    with time_machine.travel(START, tick=False):
        for n in range(10):
            _fail(client, "rep_a", 1, ip=f"10.0.1.{n}")
        response = _login(Client(), "rep_a", "pass-1234", ip="10.0.9.9")
    assert _is_locked_page(response)


@pytest.mark.django_db
def test_an_address_is_locked_after_fifty_failures_whatever_accounts_it_tries(world, client):
    with time_machine.travel(START, tick=False):
        for n in range(50):
            _fail(client, f"guess{n}", 1, ip="10.0.0.66")
        # another account from that address is refused ...
        assert _is_locked_page(_login(Client(), "rep_a2", "pass-1234", ip="10.0.0.66"))
        # ... while the same account from elsewhere logs in
        assert _login(Client(), "rep_a2", "pass-1234", ip="10.0.0.7").status_code == 302


@pytest.mark.django_db
def test_forty_nine_failures_from_one_address_lock_nothing(world, client):
    with time_machine.travel(START, tick=False):
        for n in range(49):
            _fail(client, f"guess{n}", 1, ip="10.0.0.66")
        assert _login(Client(), "rep_a2", "pass-1234", ip="10.0.0.66").status_code == 302


@pytest.mark.django_db
def test_one_locked_account_does_not_lock_the_office_behind_the_same_address(world, client):
    with time_machine.travel(START, tick=False):
        _fail(client, "rep_a", 10, ip="10.0.0.66")
        assert _is_locked_page(_login(Client(), "rep_a", "pass-1234", ip="10.0.0.66"))
        # a colleague (and the administrator) at the same office address still logs in
        assert _login(Client(), "rep_a2", "pass-1234", ip="10.0.0.66").status_code == 302


@pytest.mark.django_db
def test_an_administrator_unlocks_the_account_from_its_page(world, client):
    with time_machine.travel(START, tick=False):
        _fail(client, "rep_a", 10)
        admin = Client()
        admin.force_login(world.admin)
        page = admin.get(reverse("web:admin_user", args=[world.rep.pk]))
        assert page.context["locked"] is True
        admin.post(reverse("web:admin_user", args=[world.rep.pk]), {"action": "unlock"})
        assert admin.get(reverse("web:admin_user", args=[world.rep.pk])).context["locked"] is False
        assert _login(Client(), "rep_a", "pass-1234", ip="10.0.0.2").status_code == 302
    entry = AuditEntry.objects.get(action="org.user.login_unlocked")
    assert entry.actor == world.admin and entry.object_id == str(world.rep.pk)


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(settings, rf):
    from lianyi.web.views.auth import client_address

    request = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 8.8.8.8", REMOTE_ADDR="10.0.0.1")
    assert client_address(request) == "10.0.0.1"  # no proxy configured: the header is ignored
    settings.LIANYI_PROXY_COUNT = 1
    assert client_address(request) == "8.8.8.8"  # 6.6.6.6 was written by the client itself
    assert client_address(rf.get("/", REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"


@pytest.mark.django_db
def test_logging_into_ones_own_account_does_not_forgive_failures_on_another(world, client):
    # given an attacker at one address who knows their own password (rep_a2), has guessed
    # rep_a's nine times and then logs into their own account from there
    with time_machine.travel(START, tick=False):
        _fail(client, "rep_a", 9, ip="10.0.0.66")
        assert _login(Client(), "rep_a2", "pass-1234", ip="10.0.0.66").status_code == 302
        # when one more guess comes from another address
        _fail(client, "rep_a", 1, ip="10.0.0.67")
        # then rep_a is locked (ten failures in all), and the address still counts its nine:
        # 41 more guesses at other accounts make the 50 that lock it
        assert _is_locked_page(_login(Client(), "rep_a", "pass-1234", ip="10.0.0.5"))
        for n in range(41):
            _fail(client, f"guess{n}", 1, ip="10.0.0.66")
        assert _is_locked_page(_login(Client(), "rep_a2", "pass-1234", ip="10.0.0.66"))


@pytest.mark.django_db
def test_a_successful_login_forgives_the_users_own_failures(world, client):
    with time_machine.travel(START, tick=False):
        _fail(client, "rep_a", 9)
        assert _login(client, "rep_a", "pass-1234").status_code == 302
        client.logout()
        _fail(client, "rep_a", 9)
        assert _login(client, "rep_a", "pass-1234").status_code == 302


def _change_own_password(client: Client, old: str):  # type: ignore[no-untyped-def]
    return client.post(
        reverse("web:own_password"),
        {"old_password": old, "new_password1": "new-password-9", "new_password2": "new-password-9"},
        REMOTE_ADDR="10.0.0.1",
    )


@pytest.mark.django_db
def test_guessing_the_old_password_on_the_password_page_counts_towards_the_lock(world, client):
    # given someone holding rep_a's session (a phone left unlocked) guessing the old password
    client.force_login(world.rep)
    with time_machine.travel(START, tick=False):
        for _ in range(10):
            assert _change_own_password(client, "wrong-password").status_code in (400, 429)
        # then the right one no longer changes it, and the login page is locked too
        assert _change_own_password(client, "pass-1234").status_code == 429
        assert _is_locked_page(_login(Client(), "rep_a", "pass-1234", ip="10.0.0.9"))
    world.rep.refresh_from_db()
    assert world.rep.check_password("pass-1234")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("username", "password", "field", "code"),
    [
        ("x" * 100_000, "pass-1234", "username", "text_too_long"),
        ("rep_a\x00", "pass-1234", "username", "invalid_characters"),
        ("rep_a", "p\x00ss", "password", "invalid_characters"),
        ("rep_a", "p" * 5000, "password", "text_too_long"),
    ],
)
def test_a_username_or_password_no_column_holds_is_refused_before_any_attempt_is_written(
    world, client, username, password, field, code
):
    from axes.models import AccessAttempt

    response = _login(client, username, password)
    assert response.status_code == 200
    form = response.context["form"]
    assert [e.code for e in form.errors.as_data()[field]] == [code]
    assert not AccessAttempt.objects.exists()
    assert "_auth_user_id" not in client.session
