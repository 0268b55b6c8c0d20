"""The request a signed-in page receives: behind ``login_required`` its ``user`` is an
organisation :class:`~lianyi.org.models.User`, never the anonymous one, so a view that declares
``request: AuthenticatedRequest`` passes ``request.user`` to a service's ``by: User`` as it is
(django-stubs' recommended pattern), with no ``type: ignore`` and no ``cast``."""

from __future__ import annotations

from django.http import HttpRequest

from lianyi.org.models import User


class AuthenticatedRequest(HttpRequest):
    """Only a type: Django still builds a plain :class:`HttpRequest`."""

    user: User
