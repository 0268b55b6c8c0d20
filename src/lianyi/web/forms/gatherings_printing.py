from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import text_field


class RevokeForm(forms.Form):
    # Not required here: an empty reason gets the service's own "请填写作废原因".
    reason = text_field(
        label=_("作废原因"),
        required=False,
        max_length=200,
        help_text=_("会记在邀请函和审计记录里，例如：客户出远门，不能参加。"),
    )
