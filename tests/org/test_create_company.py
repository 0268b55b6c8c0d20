"""manage.py create_company, with flags and interactively, and load_demo beside a real company."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lianyi.core.models import AuditEntry
from lianyi.demo.loader import DEMO_COMPANY
from lianyi.org.management.commands import create_company as command_module
from lianyi.org.models import Company, Role, User

pytestmark = pytest.mark.django_db


def test_flags_create_the_company_and_its_administrator_on_an_empty_database():
    out = StringIO()
    call_command(
        "create_company",
        "--name=杭州康宁商贸有限公司",
        "--admin-username=boss",
        "--admin-password=a-good-password",
        "--admin-display-name=王经理",
        "--noinput",
        stdout=out,
    )
    company = Company.objects.get()
    admin = User.objects.get(username="boss")
    assert company.name == "杭州康宁商贸有限公司"
    assert admin.company == company and admin.role == Role.ADMIN and admin.is_active
    assert admin.display_name == "王经理"
    assert admin.check_password("a-good-password")
    entry = AuditEntry.objects.get(action="org.company.created")
    assert entry.company == company and entry.data["admin_username"] == "boss"


def test_password_from_an_environment_variable(monkeypatch):
    monkeypatch.setenv("FIRST_ADMIN_PASSWORD", "from-the-environment")
    call_command(
        "create_company",
        "--name=甲公司",
        "--admin-username=boss",
        "--admin-password-env=FIRST_ADMIN_PASSWORD",
        "--noinput",
        stdout=StringIO(),
    )
    assert User.objects.get(username="boss").check_password("from-the-environment")


def test_noinput_without_a_password_is_refused_and_creates_nothing():
    with pytest.raises(CommandError, match="--admin-password"):
        call_command("create_company", "--name=甲公司", "--admin-username=boss", "--noinput")
    assert not Company.objects.exists()


def test_an_existing_username_is_refused_clearly_and_creates_no_company(world):
    with pytest.raises(CommandError, match="admin"):
        call_command(
            "create_company",
            "--name=新公司",
            "--admin-username=admin",
            "--admin-password=a-good-password",
            "--noinput",
        )
    assert not Company.objects.filter(name="新公司").exists()


def test_a_too_short_password_is_refused_by_djangos_validators():
    with pytest.raises(CommandError):
        call_command(
            "create_company",
            "--name=甲公司",
            "--admin-username=boss",
            "--admin-password=short",
            "--noinput",
        )
    assert not Company.objects.exists()


def test_interactive_prompts_ask_again_after_bad_answers(monkeypatch, world):
    answers = iter(["", "甲公司", "admin", "boss", "王经理"])
    secrets = iter(
        ["one-password", "another-one", "short", "short", "good-password", "good-password"]
    )
    monkeypatch.setattr(command_module.Command, "ask", lambda self, prompt: next(answers))
    monkeypatch.setattr(command_module.Command, "ask_secret", lambda self, prompt: next(secrets))
    err = StringIO()
    call_command("create_company", stdout=StringIO(), stderr=err)
    admin = User.objects.get(username="boss")
    assert admin.company.name == "甲公司"
    assert admin.display_name == "王经理"
    assert admin.check_password("good-password")
    # an empty name, a taken username, two passwords that differ and one too short were refused
    assert err.getvalue().count("\n") >= 4


def test_interactive_end_of_input_cancels_cleanly(monkeypatch):
    def eof(self, prompt):  # type: ignore[no-untyped-def]
        raise EOFError

    monkeypatch.setattr(command_module.Command, "ask", eof)
    with pytest.raises(CommandError):
        call_command("create_company", stdout=StringIO(), stderr=StringIO())
    assert not Company.objects.exists()


def test_load_demo_does_nothing_beside_a_real_company():
    call_command(
        "create_company",
        "--name=杭州康宁商贸有限公司",
        "--admin-username=boss",
        "--admin-password=a-good-password",
        "--noinput",
        stdout=StringIO(),
    )
    out = StringIO()
    call_command("load_demo", "--per-rep=1", stdout=out)
    assert "杭州康宁商贸有限公司" in out.getvalue()
    assert not Company.objects.filter(name=DEMO_COMPANY).exists()
    assert User.objects.count() == 1


def test_load_demo_still_loads_on_an_empty_database():
    call_command("load_demo", "--per-rep=1", stdout=StringIO())
    assert Company.objects.filter(name=DEMO_COMPANY).exists()
