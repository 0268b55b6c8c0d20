"""Forms of the administration pages (departments, teams, users) and of the own-password page.
They parse; the services in lianyi.org.structure and lianyi.org.accounts decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.errors import DomainError
from lianyi.core.fields import text_field
from lianyi.org.accounts import DEPARTMENT_ROLES, TEAM_ROLES, clean_username
from lianyi.org.codes import OrgCode
from lianyi.org.models import Role

MAX_ID = 2**63 - 1


class NameForm(forms.Form):
    name = text_field(label=_("部门名称"), max_length=100)


class TeamForm(forms.Form):
    name = text_field(label=_("小组名称"), max_length=100)


def _team_choices(teams: Any) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(t.pk), f"{t.department.name} · {t.name}") for t in teams]


def _department_choices(departments: Any) -> list[tuple[str, str]]:
    return [("", "—")] + [(str(d.pk), d.name) for d in departments]


class PlacementForm(forms.Form):
    display_name = text_field(label=_("姓名"), max_length=50)
    phone = text_field(
        label=_("手机"),
        max_length=20,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel"}),
    )
    role = forms.ChoiceField(label=_("角色"), choices=Role.choices)
    team = forms.TypedChoiceField(
        label=_("小组"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("服务专员和主管必须选择小组。"),
    )
    department = forms.TypedChoiceField(
        label=_("部门"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("部门经理必须选择部门。"),
    )

    def __init__(self, *args: Any, teams: Any = (), departments: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = _team_choices(teams)  # type: ignore[attr-defined]
        self.fields["department"].choices = _department_choices(departments)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        """The place the role needs, checked here too so that the page shows it together with
        every other error (the service checks it again, against the company's own teams)."""
        data = super().clean() or {}
        role = data.get("role")
        if role in TEAM_ROLES and not data.get("team"):
            self.add_error(
                "team",
                forms.ValidationError(
                    _("服务专员和主管必须属于一个小组。"), code=OrgCode.TEAM_REQUIRED
                ),
            )
        if role in DEPARTMENT_ROLES and not data.get("department"):
            self.add_error(
                "department",
                forms.ValidationError(
                    _("部门经理必须属于一个部门。"), code=OrgCode.DEPARTMENT_REQUIRED
                ),
            )
        return data


class UserCreateForm(PlacementForm):
    username = text_field(
        label=_("用户名"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocapitalize": "none", "spellcheck": "false"}),
    )
    password = text_field(
        label=_("初始密码"),
        required=False,
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("留空则生成一个随机密码，只显示一次。"),
    )

    field_order = ["username", "display_name", "phone", "role", "team", "department", "password"]

    def clean_username(self) -> str:
        try:
            return clean_username(self.cleaned_data["username"])
        except DomainError as error:
            raise forms.ValidationError(error.message, code=error.code) from None


class ResetPasswordForm(forms.Form):
    password = text_field(
        label=_("新密码"),
        required=False,
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("留空则生成一个随机密码，只显示一次。"),
    )


class UserFilterForm(forms.Form):
    role = forms.ChoiceField(label=_("角色"), required=False)
    team = forms.TypedChoiceField(label=_("小组"), required=False, coerce=int, empty_value=None)
    active = forms.ChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部")), ("1", _("在职")), ("0", _("已停用"))],
    )

    def __init__(self, *args: Any, teams: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [("", _("全部")), *Role.choices]  # type: ignore[attr-defined]
        self.fields["team"].choices = [("", _("全部")), *_team_choices(teams)[1:]]  # type: ignore[attr-defined]


class OwnPasswordForm(forms.Form):
    old_password = text_field(
        label=_("原密码"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    new_password1 = text_field(
        label=_("新密码"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = text_field(
        label=_("再次输入新密码"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
