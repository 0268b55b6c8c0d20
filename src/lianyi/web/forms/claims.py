from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import text_field


class ResolveClaimForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("处理"), choices=[("keep", _("保留原归属")), ("transfer", _("转给申请人"))]
    )
    note = text_field(label=_("处理说明"), required=False, max_length=500)
