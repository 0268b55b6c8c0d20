from __future__ import annotations

import os
from typing import Any

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from lianyi.demo.loader import DEMO_PASSWORD, demo_logins


class Command(BaseCommand):
    help = "Print the URL and the demo logins with their roles."

    def handle(self, *args: Any, **options: Any) -> None:
        host = os.environ.get("HOST", "127.0.0.1")
        port = os.environ.get("PORT", "8000")
        logins = demo_logins()
        self.stdout.write(_("网址：%(url)s") % {"url": f"http://{host}:{port}"})
        if not logins:
            self.stdout.write(_("还没有演示数据：先运行 manage.py load_demo。"))
            return
        self.stdout.write(_("演示账号（密码都是 %(password)s）：") % {"password": DEMO_PASSWORD})
        width = max(len(login.username) for login in logins)
        for login in logins:
            where = f" · {login.where}" if login.where else ""
            self.stdout.write(f"  {login.username.ljust(width)}  {login.role}{where}")
