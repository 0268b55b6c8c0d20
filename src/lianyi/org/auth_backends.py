"""Django's model backend, with the user's company read in the same query as the user: every
page asks for ``request.user.company`` (the scoping door, the company's time zone and quiet
hours), and it cost a query of its own on each request."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from lianyi.org.models import User


class ModelBackendWithCompany(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        try:
            user = User.objects.select_related("company").get(pk=user_id)
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
