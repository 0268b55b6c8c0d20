"""The form of 询问转介绍: the customer's answer and a note. The service decides."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import MAX_NOTE_LENGTH, text_field
from lianyi.journey.steps import ReferralAnswer


class ReferralAskForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("客户的答复"),
        choices=ReferralAnswer.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    notes = text_field(
        label=_("记录"),
        required=False,
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
