"""``manage.py create_company``: a company and its first administrator, asked for interactively
or given as flags (``--name --admin-username --admin-password[-env] --noinput``) for scripts."""

from __future__ import annotations

import getpass
import os
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from lianyi.core.errors import DomainError
from lianyi.core.validation import require_text
from lianyi.org.accounts import check_password, clean_username, create_company


class Command(BaseCommand):
    help = "Create a company and its first administrator (interactive, or with --noinput)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", help="company name")
        parser.add_argument("--admin-username", help="the administrator's login")
        parser.add_argument("--admin-display-name", default="", help="the administrator's name")
        parser.add_argument("--admin-password", help="visible in the process list: prefer -env")
        parser.add_argument(
            "--admin-password-env", metavar="VAR", help="read the password from this variable"
        )
        parser.add_argument(
            "--noinput", "--no-input", action="store_true", help="never prompt; fail instead"
        )

    # Prompts go through these two methods so that tests can answer them.
    def ask(self, prompt: str) -> str:
        return input(prompt)

    def ask_secret(self, prompt: str) -> str:
        return getpass.getpass(prompt)

    def handle(self, *args: Any, **options: Any) -> None:
        password = options["admin_password"]
        if options["admin_password_env"]:
            password = os.environ.get(options["admin_password_env"])
            if not password:
                raise CommandError(
                    _("环境变量 %(var)s 没有设置或为空。") % {"var": options["admin_password_env"]}
                )
        name = options["name"]
        username = options["admin_username"]
        display = options["admin_display_name"]
        if options["noinput"]:
            missing = [
                flag
                for flag, value in (
                    ("--name", name),
                    ("--admin-username", username),
                    ("--admin-password / --admin-password-env", password),
                )
                if not value
            ]
            if missing:
                raise CommandError(
                    _("使用 --noinput 时必须给出：%(flags)s") % {"flags": ", ".join(missing)}
                )
        else:
            try:
                name, username, display, password = self._ask_all(name, username, display, password)
            except (EOFError, KeyboardInterrupt):
                raise CommandError(_("已取消，没有创建任何内容。")) from None
        try:
            company, admin = create_company(
                name=name or "",
                admin_username=username or "",
                admin_password=password or "",
                admin_display_name=display or "",
            )
        except DomainError as error:
            raise CommandError(error.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                _("已创建公司“%(company)s”和管理员 %(username)s。请登录后打开“更多 › 管理”。")
                % {"company": company.name, "username": admin.username}
            )
        )

    def _ask_all(
        self, name: str | None, username: str | None, display: str, password: str | None
    ) -> tuple[str, str, str, str]:
        name = name or self._ask_until_valid(
            _("公司名称："),
            lambda v: require_text(v, field="name", label=_("公司名称"), max_length=100),
        )
        username = username or self._ask_until_valid(_("管理员用户名："), clean_username)
        display = display or self.ask(_("管理员姓名（可留空）：")).strip()
        password = password or self._ask_password()
        return name, username, display, password

    def _ask_until_valid(self, prompt: str, clean: Any) -> str:
        while True:
            value = self.ask(prompt).strip()
            try:
                return str(clean(value))
            except DomainError as error:
                self.stderr.write(error.message)

    def _ask_password(self) -> str:
        while True:
            first = self.ask_secret(_("管理员密码："))
            second = self.ask_secret(_("再次输入密码："))
            if first != second:
                self.stderr.write(_("两次输入的密码不一致。"))
                continue
            try:
                return check_password(first)
            except DomainError as error:
                self.stderr.write(error.message)
