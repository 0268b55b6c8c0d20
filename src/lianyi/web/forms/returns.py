"""The forms of 退货: how many of each line come back (none by default), the reason, a note,
how the refund is paid; and the case opened instead when the window has passed. The services
decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import int_field, text_field
from lianyi.sales.models import OrderLine, PaymentMethod, ReturnReason

MAX_CASE_SUMMARY = 2000  # as the case service's limit


def quantity_field_name(line: OrderLine) -> str:
    return f"qty_{line.pk}"


class ReturnForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("退货类型"), choices=ReturnReason.choices, widget=forms.RadioSelect
    )
    note = text_field(
        label=_("说明"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    refund_method = forms.ChoiceField(
        label=_("退款方式"), choices=PaymentMethod.choices, initial=PaymentMethod.CASH
    )

    def __init__(self, *args: Any, lines: list[OrderLine], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            left = line.quantity - line.returned_quantity
            self.fields[quantity_field_name(line)] = int_field(
                label=_("%(name)s（买了 %(bought)s，还可退 %(left)s）")
                % {"name": line.package or line.product, "bought": line.quantity, "left": left},
                min_value=0,
                max_value=left,
                required=False,
                initial=0,
                disabled=left == 0,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )

    @property
    def quantity_fields(self) -> list[forms.BoundField]:
        return [self[quantity_field_name(line)] for line in self.lines]

    def wanted(self) -> list[tuple[int, int]]:
        """(order line id, quantity) for every line with a quantity above zero."""
        found = []
        for line in self.lines:
            quantity = self.cleaned_data.get(quantity_field_name(line)) or 0
            if quantity:
                found.append((line.pk, quantity))
        return found


class ReturnCaseForm(forms.Form):
    summary = text_field(
        label=_("客户的问题"),
        max_length=MAX_CASE_SUMMARY,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
