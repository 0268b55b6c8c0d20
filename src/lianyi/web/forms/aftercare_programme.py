"""The forms of the after-sales programme: the customer's contact preference and recording the
contact of a task. Bounds are the services' (they refuse what is out of range)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.aftercare.models import ContactChannel, Satisfaction
from lianyi.aftercare.services.contacts import MAX_CONTACT_NOTES
from lianyi.aftercare.services.programme import MAX_PER_MONTH, MAX_PREFERENCE_NOTE
from lianyi.core.fields import int_field, text_field


class ContactPreferenceForm(forms.Form):
    max_per_month = int_field(
        label=_("每月最多联系次数"),
        min_value=0,
        max_value=MAX_PER_MONTH,
        required=False,
        help_text=_("不限请留空；0 表示客户不希望售后联系。"),
    )
    channel = forms.ChoiceField(
        label=_("联系方式"),
        choices=ContactChannel.choices,
        initial=ContactChannel.ANY,
        widget=forms.RadioSelect,
    )
    note = text_field(label=_("说明"), max_length=MAX_PREFERENCE_NOTE, required=False)


class TaskContactForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("方式"),
        choices=[(ContactChannel.PHONE, _("电话")), (ContactChannel.VISIT, _("上门"))],
        widget=forms.RadioSelect,
    )
    reached = forms.BooleanField(label=_("联系上了客户"), required=False, initial=True)
    satisfaction = forms.ChoiceField(
        label=_("满意度（问到时填写）"),
        choices=[("", _("没有问")), *Satisfaction.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    notes = text_field(
        label=_("记录"),
        required=False,
        max_length=MAX_CONTACT_NOTES,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
