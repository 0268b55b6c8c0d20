"""Forms of the company-configuration pages: the rules, stands and places. They parse; the
services decide (the rules' bounds, a stand's date, a place's coordinates)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import SMALLINT_MAX, int_field, text_field
from lianyi.customers.models import PlaceKind

TIME_ATTRS = {"type": "time", "inputmode": "numeric", "placeholder": "08:30"}
DAYS_ATTRS = {"inputmode": "numeric"}
COORD_ATTRS = {"inputmode": "decimal", "autocomplete": "off"}


def _days(label: Any, help_text: Any = "") -> forms.IntegerField:
    # Within the column (a smallint); the rules' own ranges are the service's to say.
    return int_field(
        min_value=0,
        max_value=SMALLINT_MAX,
        label=label,
        required=False,
        help_text=help_text,
        widget=forms.NumberInput(attrs=DAYS_ATTRS),
    )


class RulesForm(forms.Form):
    contact_day_start = text_field(
        label=_("最早联系时间"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs=TIME_ATTRS),
    )
    contact_day_end = text_field(
        label=_("最晚联系时间"),
        required=False,
        max_length=10,
        widget=forms.TextInput(attrs=TIME_ATTRS),
    )
    protection_days = _days(_("客户保护期（天）"), _("多少天未联系后，客户可转给其他专员。"))
    first_call_within_days = _days(_("首次电话期限（天）"), _("登记后几天内打第一次电话。"))
    second_call_min_days = _days(_("二次电话最早（天）"), _("第一次家访后最早第几天打二次电话。"))
    second_call_max_days = _days(_("二次电话最迟（天）"))
    checkin_opens_minutes_before = _days(
        _("签到提前开放（分钟）"), _("联谊会开始前多少分钟起可以上车和入场签到。")
    )
    checkin_closes_minutes_after = _days(
        _("散场后签到关闭（分钟）"), _("联谊会结束后多少分钟内仍可签到。")
    )
    consent_notice_version = text_field(label=_("告知书版本"), required=False, max_length=100)
    office_latitude = text_field(
        label=_("公司纬度"),
        required=False,
        max_length=30,
        widget=forms.TextInput(attrs=COORD_ATTRS),
    )
    office_longitude = text_field(
        label=_("公司经度"),
        required=False,
        max_length=30,
        help_text=_("送函路线的起点和终点；可都不填。"),
        widget=forms.TextInput(attrs=COORD_ATTRS),
    )


class QuietWindowForm(forms.Form):
    start = text_field(
        label=_("开始"), required=False, max_length=10, widget=forms.TextInput(attrs=TIME_ATTRS)
    )
    end = text_field(
        label=_("结束"), required=False, max_length=10, widget=forms.TextInput(attrs=TIME_ATTRS)
    )

    @property
    def is_blank(self) -> bool:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return not (data.get("start") or data.get("end"))


QuietWindowFormSet = forms.formset_factory(
    QuietWindowForm, extra=1, can_delete=True, max_num=12, validate_max=True, absolute_max=20
)


class ListPageForm(forms.Form):
    """The list page to go back to after an action on one of its rows."""

    page = int_field(min_value=1, max_value=SMALLINT_MAX, required=False)


class StandForm(forms.Form):
    # Twice the columns: the service names the field in its refusal, with the others at once.
    name = text_field(label=_("名称"), required=False, max_length=200)
    place = text_field(
        label=_("地点"),
        required=False,
        max_length=400,
        help_text=_("例如 幸福里小区北门。"),
    )
    # A plain date: its range is the service's, reported with the form's other errors at once.
    held_on = forms.DateField(
        label=_("日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    is_open = forms.BooleanField(label=_("现在开放登记"), required=False, initial=True)


class PlaceForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), choices=PlaceKind.choices, required=False, widget=forms.RadioSelect
    )
    district = text_field(label=_("区"), required=False, max_length=100)
    name = text_field(label=_("名称"), required=False, max_length=200)
    latitude = text_field(
        label=_("纬度"), required=False, max_length=30, widget=forms.TextInput(attrs=COORD_ATTRS)
    )
    longitude = text_field(
        label=_("经度"), required=False, max_length=30, widget=forms.TextInput(attrs=COORD_ATTRS)
    )
    visit = forms.TypedChoiceField(
        label=_("坐标来源"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args: Any, visits: Any = (), editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["kind"]
        visit_field = self.fields["visit"]
        assert isinstance(visit_field, forms.ChoiceField)
        visit_field.choices = [("", _("按上面填写的坐标"))] + [
            (
                t.pk,
                f"{t.latitude}, {t.longitude} · {t.customer.name} · {t.by} · "
                f"{t.occurred_at:%Y-%m-%d}",
            )
            for t in visits
        ]
        if not visits:
            del self.fields["visit"]


class PlaceFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部")), *PlaceKind.choices]
    )
    district = forms.ChoiceField(label=_("区"), required=False)
    q = text_field(label=_("名称"), required=False, max_length=100)

    def __init__(self, *args: Any, districts: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["district"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("全部")), *[(d, d) for d in districts]]


class MergeForm(forms.Form):
    keep = forms.TypedChoiceField(
        label=_("保留哪一个"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, places: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["keep"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("请选择"))] + [(p.pk, f"{p.district} {p.name}") for p in places]
