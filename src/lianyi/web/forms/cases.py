"""The forms of cases (工单) and after-sales contacts. Each field is bounded where it enters;
whether something may be done (a case closed without the customer's confirmation, a rating
without reaching the customer) is the service's decision, shown next to the field it names."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _

from lianyi.aftercare.models import CaseSource, ContactChannel, Satisfaction
from lianyi.aftercare.services.cases import MAX_CASE_TEXT
from lianyi.aftercare.services.contacts import MAX_CONTACT_NOTES
from lianyi.core.fields import MomentField, text_field
from lianyi.web.forms.journey import DATETIME_INPUT_FORMATS

OPENABLE_SOURCES = [
    (CaseSource.COMPLAINT, CaseSource.COMPLAINT.label),
    (CaseSource.OTHER, CaseSource.OTHER.label),
]


def _text(label: Any, *, rows: int = 3, **kwargs: Any) -> forms.CharField:
    return text_field(
        label=label,
        required=False,
        max_length=MAX_CASE_TEXT,
        widget=forms.Textarea(attrs={"rows": rows}),
        **kwargs,
    )


class OpenCaseForm(forms.Form):
    source = forms.ChoiceField(
        label=_("类型"),
        choices=OPENABLE_SOURCES,
        initial=CaseSource.COMPLAINT,
        widget=forms.RadioSelect,
    )
    order_id = forms.TypedChoiceField(
        label=_("相关订单"), coerce=int, required=False, empty_value=None
    )
    summary = _text(_("问题描述"), rows=4, help_text=_("客户反映了什么问题，尽量用客户的原话。"))

    def __init__(self, *args: Any, orders: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["order_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("不涉及订单"))] + [
            (
                o.pk,
                _("%(day)s 的订单，%(total)s 元")
                % {"day": localtime(o.placed_at).date().isoformat(), "total": o.total},
            )
            for o in orders
        ]


class CaseNoteForm(forms.Form):
    note = _text(_("处理记录"))


class HandUpForm(forms.Form):
    note = _text(_("上报原因"), help_text=_("为什么需要上一级处理。"))


class ResolveCaseForm(forms.Form):
    resolution = _text(_("处理结果"), help_text=_("准备怎么解决，之后请客户确认。"))


class CloseCaseForm(forms.Form):
    """结案 needs the customer's confirmation: who spoke with them, when, what they said."""

    confirmed_by = forms.TypedChoiceField(
        label=_("与客户确认的人"), coerce=int, required=False, empty_value=None
    )
    confirmed_at = MomentField(
        label=_("确认时间"),
        required=False,
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    customer_said = _text(_("客户的原话"), help_text=_("客户对处理结果怎么说的。"))

    def __init__(self, *args: Any, users: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["confirmed_by"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("请选择"))] + [(u.pk, str(u)) for u in users]


class AftercareContactForm(forms.Form):
    channel = forms.ChoiceField(
        label=_("方式"),
        choices=[
            (ContactChannel.PHONE, _("电话")),
            (ContactChannel.VISIT, _("上门")),
        ],
        initial=ContactChannel.PHONE,
        widget=forms.RadioSelect,
    )
    reached = forms.TypedChoiceField(
        label=_("联系上了吗"),
        choices=[("1", _("联系上了")), ("0", _("没联系上"))],
        coerce=lambda v: v == "1",
        initial="1",
        widget=forms.RadioSelect,
    )
    satisfaction = forms.ChoiceField(
        label=_("满意度"),
        choices=[("", _("没有问")), *Satisfaction.choices],
        required=False,
        widget=forms.RadioSelect,
        help_text=_("满意：一个月内询问转介绍；一般：安排跟进沟通；不满意：自动创建工单。"),
    )
    notes = text_field(
        label=_("记录"),
        required=False,
        max_length=MAX_CONTACT_NOTES,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
