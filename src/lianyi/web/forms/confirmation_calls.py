"""The form of the confirmation call (回访确认): the outcome and the checklist. The service
decides what each outcome needs; the form only reads the answers."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import text_field
from lianyi.sales.models import ConfirmationOutcome
from lianyi.sales.services.confirmation_calls import MAX_CALL_NOTES, MAX_CHANGE

YES_NO = [("yes", _("是")), ("no", _("否"))]


def yes_no(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class ConfirmationCallForm(forms.Form):
    speaker_identified = forms.BooleanField(
        label=_("已核实接听人是客户本人（或客户指定的家人）"), required=False
    )
    order_read_back = forms.BooleanField(
        label=_("已读出所购商品、赠品、价格和合计"), required=False
    )
    return_policy_read = forms.BooleanField(label=_("已读出退货政策"), required=False)
    customer_pressed = forms.ChoiceField(
        label=_("购买时是否有人催促或施加压力？"),
        choices=YES_NO,
        required=False,
        widget=forms.RadioSelect,
    )
    wants_to_proceed = forms.ChoiceField(
        label=_("客户是否愿意继续购买？"), choices=YES_NO, required=False, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(
        label=_("回访结果"),
        choices=ConfirmationOutcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    change = text_field(
        label=_("客户要怎样修改"),
        required=False,
        max_length=MAX_CHANGE,
        help_text=_("修改订单：本单取消（库存释放、已收款退回），由销售按客户的意思重新下单。"),
    )
    notes = text_field(
        label=_("记录"),
        required=False,
        max_length=MAX_CALL_NOTES,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Set by the confirmation step before an order is cancelled.
    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)
