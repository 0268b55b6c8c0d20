"""The form of 送货上门: the checklist, the money collected at the door and a submission key
(a fresh one per rendered form: the same page sent twice records one delivery)."""

from __future__ import annotations

import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.aftercare.services.delivery import MAX_DELIVERY_NOTES, MAX_KEY
from lianyi.core.fields import MoneyField, text_field
from lianyi.sales.models import PaymentMethod


class DeliveryForm(forms.Form):
    set_up = forms.BooleanField(label=_("已安装调试好"), required=False)
    use_explained = forms.BooleanField(label=_("已讲解使用方法"), required=False)
    precautions_explained = forms.BooleanField(label=_("已讲解注意事项"), required=False)
    receipt_handed_over = forms.BooleanField(label=_("已把售货凭证交给客户"), required=False)
    payment_amount = MoneyField(
        label=_("上门收款（元）"),
        required=False,
        help_text=_("没有收款就留空。不能超过待付金额。"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    payment_method = forms.ChoiceField(
        label=_("收款方式"),
        choices=[("", _("（未收款）")), *PaymentMethod.choices],
        required=False,
    )
    notes = text_field(
        label=_("记录"),
        required=False,
        max_length=MAX_DELIVERY_NOTES,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    key = text_field(required=False, max_length=MAX_KEY, widget=forms.HiddenInput)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        if not self.is_bound:
            self.initial.setdefault("key", uuid.uuid4().hex)
