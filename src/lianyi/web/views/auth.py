"""Login and logout: Django's views with our template; a locked account (django-axes) gets the
login page back with the reason, not a bare error page."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lianyi.web.forms.auth import LoginForm

LOCKED_OUT_CODE = "org.login_locked_out"


class LoginView(auth_views.LoginView):
    template_name = "web/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    http_method_names = ["post", "options"]


def client_address(request: HttpRequest) -> str:
    """AXES_CLIENT_IP_CALLABLE: the address the per-address lock counts. Behind
    ``LIANYI_PROXY_COUNT`` proxies it is the entry of X-Forwarded-For that the outermost proxy
    added (what a client writes there itself comes before it and is ignored)."""
    remote = str(request.META.get("REMOTE_ADDR") or "")
    proxies = settings.LIANYI_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        part.strip()
        for part in str(request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",")
        if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return forwarded[-proxies][:45]


def locked_out(
    request: HttpRequest, original_response: Any = None, credentials: Any = None
) -> HttpResponse:
    """AXES_LOCKOUT_CALLABLE: the login page, status 429, with the lockout message."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    username = ""
    if isinstance(credentials, dict):
        username = str(credentials.get("username") or "")[:150]
    form = LoginForm(request, initial={"username": username})
    form.cleaned_data = {}
    form.add_error(
        None,
        ValidationError(
            _("登录失败次数过多，账号已锁定 %(minutes)s 分钟。请稍后再试，或请管理员解锁。")
            % {"minutes": minutes},
            code=LOCKED_OUT_CODE,
        ),
    )
    return render(
        request,
        "web/login.html",
        {"form": form, "next": request.POST.get("next", ""), "locked_out": True},
        status=429,
    )
