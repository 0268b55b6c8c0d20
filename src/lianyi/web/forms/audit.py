from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import text_field


class AuditFilterForm(forms.Form):
    action = text_field(
        label=_("操作"),
        required=False,
        max_length=80,
        widget=forms.TextInput(attrs={"placeholder": "customers.customer.registered"}),
    )
