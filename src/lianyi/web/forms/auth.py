"""The login form: Django's, with the username and password bounded by the shared text field,
so a NUL byte or 100,000 characters are refused before authentication (where django-axes
would write the username into its attempt table) instead of a 500."""

from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import text_field
from lianyi.org.models import User

# Far above any password we set (the forms take 128): a longer one is a probe, not a login.
MAX_LOGIN_PASSWORD = 4096


class LoginForm(AuthenticationForm):
    username = text_field(
        max_length=User._meta.get_field("username").max_length or 150,
        widget=forms.TextInput(attrs={"autofocus": True}),
    )
    password = text_field(
        label=_("密码"),
        max_length=MAX_LOGIN_PASSWORD,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
