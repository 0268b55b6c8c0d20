"""The order form (下单) and the order page's forms (收款, 取消). The catalogue of the day makes
the form: a quantity for each package and product on the valid price list, a checkbox for each
gift (none ticked: the customer chooses them), the discount with its reason, the payment terms
and the money taken now. The form only reads what was typed; the services decide."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import MoneyField, text_field
from lianyi.sales.models import OrderChannel, PaymentMethod, PaymentTerms
from lianyi.sales.selectors import CatalogueDay
from lianyi.sales.services.orders import (
    MAX_QUANTITY,
    GiftRequest,
    LineRequest,
    OrderRequest,
    PaymentRequest,
)

SUBMISSION_KEY_LENGTH = 64


def _day(moment: Any) -> str:
    return date_format(timezone.localtime(moment), "Y-m-d")


def new_submission_key() -> str:
    return uuid.uuid4().hex


class QuantityInput(forms.NumberInput):
    template_name = "orders/_stepper.html"


@dataclass(frozen=True)
class ItemRow:
    """One package or product the form offers, with its field's name and the day's price."""

    kind: str  # "package" or "product"
    pk: int
    name: str
    price: Decimal
    detail: str  # a package's contents, a product's registration or approval number
    field: str


@dataclass(frozen=True)
class GiftRow:
    pk: int
    name: str
    value: Decimal
    field: str


class OrderForm(forms.Form):
    submission_key = forms.CharField(
        widget=forms.HiddenInput, max_length=SUBMISSION_KEY_LENGTH, required=False
    )
    channel = forms.ChoiceField(
        label=_("下单场合"),
        choices=OrderChannel.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    gathering = forms.TypedChoiceField(label=_("联谊会"), coerce=int, required=False)
    # Errors about the items as a whole (nothing chosen, too many lines) are shown here.
    lines = forms.CharField(widget=forms.HiddenInput, required=False)
    discount = MoneyField(
        label=_("优惠（元）"),
        required=False,
        help_text=_("没有优惠就留空；有优惠时须写明原因。"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00"}),
    )
    discount_reason = text_field(label=_("优惠原因"), max_length=200, required=False)
    payment_terms = forms.ChoiceField(
        label=_("付款方式"), choices=PaymentTerms.choices, widget=forms.RadioSelect, required=False
    )
    payment_amount = MoneyField(
        label=_("现在收款（元）"),
        required=False,
        help_text=_("当场付清：等于应付合计；付定金：少于应付合计；货到付款：留空。"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00"}),
    )
    payment_method = forms.ChoiceField(
        label=_("收款方式"),
        choices=[("", _("请选择")), *PaymentMethod.choices],
        required=False,
    )
    collector = forms.TypedChoiceField(label=_("收款人"), coerce=int, required=False)
    store_room = forms.TypedChoiceField(label=_("发货库房"), coerce=int, required=False)

    def __init__(
        self,
        data: Any = None,
        *,
        catalogue: CatalogueDay,
        gatherings: list[Any],
        collectors: list[Any],
        rooms: list[Any],
        initial: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(data, initial=initial)
        self.items: list[ItemRow] = []
        # the products in each package: where a shortage of one of them is shown
        self.package_products: dict[int, set[int]] = {}
        for package, price in catalogue.packages:
            if price is None:
                continue  # not on today's price list: not for sale today
            self.package_products[package.pk] = {i.product_id for i in package.items.all()}
            contents = "、".join(f"{i.product.name}×{i.quantity}" for i in package.items.all())
            self._add_item("package", package.pk, package.name, price, contents)
        for product, price in catalogue.products:
            if price is None:
                continue
            number = product.registration_number or product.approval_number
            self._add_item("product", product.pk, product.name, price, number)
        self.gifts: list[GiftRow] = []
        for gift in catalogue.gifts:
            name = f"gift_{gift.pk}"
            # Unticked, always: a gift is chosen by the customer, never added for them.
            self.fields[name] = forms.BooleanField(label=gift.name, required=False)
            self.gifts.append(GiftRow(gift.pk, gift.name, gift.value, name))
        gathering_choice = self.fields["gathering"]
        assert isinstance(gathering_choice, forms.ChoiceField)
        gathering_choice.choices = [
            (g.pk, _("%(name)s（%(day)s）") % {"name": g.name, "day": _day(g.starts_at)})
            for g in gatherings
        ]
        channel = self.fields["channel"]
        assert isinstance(channel, forms.ChoiceField)
        if not gatherings:  # only a guest admitted at a gathering's door orders there
            channel.choices = [(OrderChannel.HOME, OrderChannel.HOME.label)]
        for name, rows in (("collector", collectors), ("store_room", rooms)):
            choice = self.fields[name]
            assert isinstance(choice, forms.ChoiceField)
            choice.choices = [(r.pk, str(r)) for r in rows]

    def _add_item(self, kind: str, pk: int, name: str, price: Decimal, detail: str) -> None:
        field = f"{kind}_{pk}"
        self.fields[field] = forms.IntegerField(
            label=name,
            required=False,
            min_value=0,
            max_value=MAX_QUANTITY,
            initial=0,
            widget=QuantityInput(
                attrs={"min": 0, "max": MAX_QUANTITY, "inputmode": "numeric", "data-price": price}
            ),
            error_messages={
                "invalid": _("数量须是整数。"),
                "min_value": _("数量不能小于 0。"),
                "max_value": _("数量最多 %(limit_value)s。"),
            },
        )
        self.items.append(ItemRow(kind, pk, name, price, detail, field))

    def item_fields(self) -> list[tuple[ItemRow, forms.BoundField]]:
        return [(row, self[row.field]) for row in self.items]

    def gift_fields(self) -> list[tuple[GiftRow, forms.BoundField]]:
        return [(row, self[row.field]) for row in self.gifts]

    def to_request(self, *, customer_id: int) -> tuple[OrderRequest, dict[str, str]]:
        """The service's request, and the form field each of its error fields names."""
        data = self.cleaned_data
        aliases = {
            "gathering_id": "gathering",
            "store_room_id": "store_room",
            "collector_id": "collector",
            "payment.amount": "payment_amount",
            "payment.method": "payment_method",
        }
        lines: list[LineRequest] = []
        for row in self.items:
            quantity = data.get(row.field) or 0
            if not quantity:
                continue
            aliases[f"lines.{len(lines)}"] = row.field
            aliases[f"lines.{len(lines)}.quantity"] = row.field
            if row.kind == "package":
                lines.append(LineRequest(quantity=quantity, package_id=row.pk))
            else:
                lines.append(LineRequest(quantity=quantity, product_id=row.pk))
        gifts: list[GiftRequest] = []
        for gift in self.gifts:
            if data.get(gift.field):
                aliases[f"gifts.{len(gifts)}"] = gift.field
                gifts.append(GiftRequest(gift_id=gift.pk))
        amount = data.get("payment_amount")
        payment = (
            PaymentRequest(amount=amount, method=data.get("payment_method") or "")
            if amount is not None
            else None
        )
        channel = data.get("channel") or ""
        return (
            OrderRequest(
                customer_id=customer_id,
                channel=channel,
                gathering_id=data.get("gathering") if channel == OrderChannel.GATHERING else None,
                store_room_id=data.get("store_room") or 0,
                payment_terms=data.get("payment_terms") or "",
                lines=lines,
                gifts=gifts,
                collector_id=data.get("collector") or None,
                discount=data.get("discount") or Decimal("0"),
                discount_reason=data.get("discount_reason") or "",
                payment=payment,
                submission_key=data.get("submission_key") or "",
            ),
            aliases,
        )


class PaymentForm(forms.Form):
    key = forms.CharField(widget=forms.HiddenInput, max_length=SUBMISSION_KEY_LENGTH)
    amount = MoneyField(
        label=_("收款金额（元）"),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "placeholder": "0.00"}),
        error_messages={"required": _("请填写收款金额。")},
    )
    method = forms.ChoiceField(
        label=_("收款方式"),
        choices=[("", _("请选择")), *PaymentMethod.choices],
        error_messages={"required": _("请选择收款方式。")},
    )
    note = text_field(label=_("说明"), max_length=200, required=False)


class CancelForm(forms.Form):
    reason = text_field(
        label=_("取消原因"),
        max_length=200,
        error_messages={"required": _("请填写取消原因。")},
    )
