"""``manage.py issue_api_token <username> [--name NAME]``: print a new API key once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from lianyi.org.models import User
from lianyi.org.services import issue_api_token


class Command(BaseCommand):
    help = "Issue an API token for a user and print its key (shown only once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="cli")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"], is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {options['username']!r}")
        token, key = issue_api_token(by=user, name=options["name"])
        self.stdout.write(f"token #{token.pk} for {user.username}: {key}")
