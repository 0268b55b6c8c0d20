"""Who is calling: a bearer token (``Authorization: Bearer <key>``, no CSRF needed) or the
Django session (unsafe methods CSRF-checked by ninja's SessionAuth)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from lianyi.org.models import User
from lianyi.org.services import authenticate_api_key


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = authenticate_api_key(token.strip())
        if user is None:
            # A wrong key is refused outright rather than falling back to the session cookie.
            raise AuthenticationError()
        request.user = user
        return user


bearer_auth = BearerToken()
session_auth = SessionAuth(csrf=True)
api_auth = [bearer_auth, session_auth]


def current_user(request: HttpRequest) -> User:
    """The authenticated user (every route but the schema requires authentication)."""
    user: User = request.auth  # type: ignore[attr-defined]
    return user
