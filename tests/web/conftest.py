"""Helpers for page tests: logged-in clients and the error codes a form shows."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client


@pytest.fixture
def login(client: Client):  # type: ignore[no-untyped-def]
    def as_user(user: Any) -> Client:
        client.force_login(user)
        return client

    return as_user


def field_codes(response: Any, field: str) -> list[str]:
    """The codes of the errors the page's form shows next to ``field`` (``"__all__"`` on top)."""
    form = response.context["form"]
    return [e.code for e in form.errors.as_data().get(field, [])]
