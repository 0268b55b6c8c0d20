"""Who is calling: a bearer token (``Authorization: Bearer <key>``, no CSRF needed) or the
Django session (unsafe methods CSRF-checked by ninja's SessionAuth)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from lianyi.api.codes import ApiCode
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


def signed_in_for_docs(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The schema (/api/openapi.json) and the docs page (/api/docs) are for signed-in users only:
    the browser session or a bearer token (a schema-reading client such as schemathesis). The
    docs page sends a stranger to the login page; the schema answers 401 with the error body."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        header = request.headers.get("Authorization", "")
        scheme, _sep, key = header.partition(" ")
        if scheme.lower() == "bearer" and key.strip():
            user = authenticate_api_key(key.strip())
        else:
            user = request.user if request.user.is_authenticated else None
        if user is not None and user.is_active:
            return view(request, *args, **kwargs)
        if request.path.endswith(".json"):
            return JsonResponse(
                {
                    "code": str(ApiCode.UNAUTHENTICATED),
                    "message": _("请先登录，或提供有效的 API 令牌。"),
                    "extra": {},
                },
                status=401,
            )
        return redirect_to_login(request.get_full_path())

    return wrapper


def current_user(request: HttpRequest) -> User:
    """The authenticated user (every route but the schema requires authentication)."""
    user = getattr(request, "auth", None)  # set by ninja's authentication
    if not isinstance(user, User):
        raise RuntimeError("current_user() outside an authenticated route")
    return user
