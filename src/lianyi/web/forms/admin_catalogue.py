"""Forms of the catalogue administration pages: products, packages, gifts, price lists, store
rooms and stock. They parse (text bounded, money with at most two decimals, dates within sane
years); the services in lianyi.sales.services decide (a category's number, a package's
contents, a price list's dates)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from lianyi.core.errors import CoreCode
from lianyi.core.fields import INT_MAX, DayField, MoneyField, int_field, text_field
from lianyi.sales.models import Package, Product, ProductCategory

QUANTITY_ATTRS = {"inputmode": "numeric", "min": "0"}
MONEY_ATTRS = {"inputmode": "decimal", "placeholder": "0.00", "autocomplete": "off"}
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ProductForm(forms.Form):
    name = text_field(label=_("名称"), required=False, max_length=100)
    category = forms.ChoiceField(
        label=_("类别"),
        choices=ProductCategory.choices,
        required=False,
        widget=forms.RadioSelect,
        help_text=_("医疗器械须填写注册证编号，保健食品须填写批准文号。"),
    )
    registration_number = text_field(label=_("医疗器械注册证编号"), required=False, max_length=50)
    approval_number = text_field(label=_("保健食品批准文号"), required=False, max_length=50)
    unit = text_field(
        label=pgettext_lazy("unit of sale", "单位"), required=False, max_length=10, initial="件"
    )
    recall_signal = forms.BooleanField(
        label=_("回访重点商品"),
        required=False,
        help_text=_("买过这件商品的老顾客在“重点客户”里排在前面（例如内衣、磁疗枕）。"),
    )


def _quantity(label: str) -> forms.IntegerField:
    return int_field(
        min_value=0,
        max_value=99,
        label=label,
        required=False,
        widget=forms.NumberInput(attrs=QUANTITY_ATTRS),
    )


class PackageForm(forms.Form):
    """A package's name and description, and one quantity per product (empty or 0: not in it)."""

    name = text_field(label=_("名称"), required=False, max_length=100)
    description = text_field(
        label=_("说明"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, products: Iterable[Product] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.product_fields: list[str] = []
        for product in products:
            name = f"qty_{product.pk}"
            self.fields[name] = _quantity(f"{product.name} ({product.unit})")
            self.product_fields.append(name)

    @property
    def quantity_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.product_fields]

    def items(self) -> list[tuple[int, int]]:
        data = self.cleaned_data
        return [
            (int(name.removeprefix("qty_")), data[name])
            for name in self.product_fields
            if data.get(name)
        ]


class GiftForm(forms.Form):
    name = text_field(label=_("名称"), required=False, max_length=100)
    value = MoneyField(
        label=_("价值（元）"), required=False, widget=forms.TextInput(attrs=MONEY_ATTRS)
    )


class PriceListForm(forms.Form):
    """A price list's name and dates, and one price per package and product (empty: not on
    the list, not for sale while it applies)."""

    name = text_field(label=_("名称"), required=False, max_length=100)
    valid_from = DayField(label=_("生效日期"), required=False, widget=DATE_WIDGET)
    valid_until = DayField(
        label=_("失效日期"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("不填：一直有效，直到下一份价目表生效。"),
    )

    def __init__(
        self,
        *args: Any,
        packages: Iterable[Package] = (),
        products: Iterable[Product] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.package_fields: list[str] = []
        self.product_fields: list[str] = []
        for package in packages:
            name = f"package_{package.pk}"
            self.fields[name] = self._price(package.name)
            self.package_fields.append(name)
        for product in products:
            name = f"product_{product.pk}"
            self.fields[name] = self._price(f"{product.name} ({product.unit})")
            self.product_fields.append(name)

    @staticmethod
    def _price(label: str) -> MoneyField:
        return MoneyField(label=label, required=False, widget=forms.TextInput(attrs=MONEY_ATTRS))

    @property
    def package_price_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.package_fields]

    @property
    def product_price_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.product_fields]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # Zero is no price (the service refuses it too): said next to the price typed.
        for name in self.package_fields + self.product_fields:
            if data.get(name) is not None and data[name] <= 0:
                self.add_error(
                    name, forms.ValidationError(_("价格必须大于 0。"), code=CoreCode.MONEY_INVALID)
                )
        return data

    def prices(self, prefix: str) -> dict[int, Any]:
        data = self.cleaned_data
        names = self.package_fields if prefix == "package" else self.product_fields
        return {
            int(name.removeprefix(f"{prefix}_")): data[name]
            for name in names
            if data.get(name) is not None
        }


class StoreRoomForm(forms.Form):
    name = text_field(label=_("名称"), required=False, max_length=100)


def _product_choices(products: Iterable[Product]) -> list[tuple[str, Any]]:
    return [("", _("请选择"))] + [(str(p.pk), f"{p.name} ({p.unit})") for p in products]


class _StockForm(forms.Form):
    product = forms.TypedChoiceField(label=_("商品"), coerce=int, required=False, empty_value=None)

    def __init__(self, *args: Any, products: Iterable[Product] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["product"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = _product_choices(products)

    def clean_product(self) -> int | None:
        value = self.cleaned_data.get("product")
        if value is None:
            raise forms.ValidationError(_("请选择商品。"), code=CoreCode.REQUIRED)
        return int(value)


class ReceiptForm(_StockForm):
    """Goods received (入库)."""

    quantity = int_field(
        min_value=0,
        max_value=INT_MAX,
        label=_("入库数量"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = text_field(
        label=_("说明"), required=False, max_length=200, help_text=_("例如 供货单号。")
    )


class CorrectionForm(_StockForm):
    """The stock as counted (盘点更正), with the reason."""

    counted = int_field(
        min_value=0,
        max_value=INT_MAX,
        label=_("盘点数量"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    note = text_field(label=_("更正原因"), required=False, max_length=200)
