"""Forms on the customer pages: registration at the stand, reassignment. They parse; the
services decide (required fields, phone numbers, birth years, consent, duplicates)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import BIGINT_MAX, SMALLINT_MAX, int_field, text_field
from lianyi.core.validation import MAX_NOTE_LENGTH
from lianyi.customers.models import ConsentItem, ContactChannel, Sex, Source
from lianyi.customers.phones import display_phone
from lianyi.customers.profiles import MAX_FAMILY_MEMBERS, FamilyMember, ProfileChange
from lianyi.customers.steps import Step

# Where a service's ``extra["field"]`` differs from the form's field name.
FIELD_ALIASES = {"phone": "mobile"}

REQUIRED_CONSENT_CHOICES = [
    (ConsentItem.CONTACT.value, ConsentItem.CONTACT.label),
    (ConsentItem.PROFILE.value, ConsentItem.PROFILE.label),
]


class SearchForm(forms.Form):
    q = text_field(label=_("搜索"), required=False, max_length=100)


class StandChoiceField(forms.TypedChoiceField):
    """Offers the open stands but lets any stand id through to the service, which refuses a
    closed or unknown one with its own code (customers.stand_closed) next to the field."""

    def valid_value(self, value: Any) -> bool:
        return (str(value).isdigit() and len(str(value)) <= 12) or super().valid_value(value)


class RegisterForm(forms.Form):
    source = forms.ChoiceField(
        label=_("来源"), choices=Source.choices, initial=Source.STAND, widget=forms.RadioSelect
    )
    name = text_field(label=_("姓名"), required=False, strip=False, max_length=50)
    sex = forms.ChoiceField(
        label=_("性别"), choices=Sex.choices, required=False, widget=forms.RadioSelect
    )
    birth_year = int_field(
        max_value=SMALLINT_MAX,
        label=_("出生年份"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "1958"}),
    )
    mobile = text_field(
        max_length=40,
        label=_("手机"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
        help_text=_("手机或座机（座机带区号），例如 138 0013 8000、021-6234 5678。"),
    )
    district = text_field(label=_("区"), required=False, max_length=50)
    compound = text_field(label=_("小区"), required=False, max_length=100)
    work_unit = text_field(label=_("单位"), required=False, max_length=100)
    building = text_field(label=_("楼栋门牌"), required=False, max_length=100)
    companion_name = text_field(
        label=_("同伴姓名"),
        required=False,
        max_length=50,
        help_text=_("例如老伴，邀请函上的第二位受邀人。"),
    )
    companion_sex = forms.ChoiceField(
        label=_("同伴性别"), choices=Sex.choices, required=False, widget=forms.RadioSelect
    )
    stand_id = StandChoiceField(label=_("数据收集点"), coerce=int, required=False, empty_value=None)
    referrer_id = int_field(
        min_value=1, max_value=BIGINT_MAX, required=False, widget=forms.HiddenInput
    )
    consent_items = forms.MultipleChoiceField(
        label=_("客户同意（必选）"),
        choices=REQUIRED_CONSENT_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    consent_health = forms.BooleanField(
        label=_("同意记录健康备注（单独同意，可不选）"), required=False
    )
    registration_note = text_field(
        max_length=MAX_NOTE_LENGTH,
        label=_("登记台沟通记录"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, stands: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        stand_field = self.fields["stand_id"]
        assert isinstance(stand_field, forms.ChoiceField)
        stand_field.choices = [("", _("请选择"))] + [
            (s.pk, f"{s.held_on:%Y-%m-%d} {s.name} · {s.place}") for s in stands
        ]

    @property
    def is_referral(self) -> bool:
        return self.cleaned_data.get("source") == Source.REFERRAL

    def consent_list(self) -> list[str]:
        items = list(self.cleaned_data.get("consent_items") or [])
        if self.cleaned_data.get("consent_health"):
            items.append(ConsentItem.HEALTH_REMARKS.value)
        return items


class ReassignForm(forms.Form):
    to_user_id = forms.TypedChoiceField(
        label=_("转给"), coerce=int, required=False, empty_value=None
    )
    reason = text_field(label=_("原因"), required=False, max_length=500, widget=forms.TextInput)

    def __init__(self, *args: Any, users: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["to_user_id"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", _("请选择专员"))] + [(u.pk, str(u)) for u in users]


class EditCustomerForm(forms.Form):
    """编辑资料: every detail at once, prefilled; the service writes only what changed."""

    name = text_field(label=_("姓名"), required=False, strip=False, max_length=50)
    sex = forms.ChoiceField(
        label=_("性别"), choices=Sex.choices, required=False, widget=forms.RadioSelect
    )
    birth_year = int_field(
        max_value=SMALLINT_MAX,
        label=_("出生年份"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "placeholder": "1958"}),
    )
    mobile = text_field(
        max_length=40,
        label=_("手机"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
        help_text=_("例如 138 0013 8000；手机和座机至少填一个。"),
    )
    landline = text_field(
        max_length=40,
        label=_("座机"),
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
        help_text=_("带区号，例如 021-6234 5678。"),
    )
    district = text_field(label=_("区"), required=False, max_length=50)
    compound = text_field(label=_("小区"), required=False, max_length=100)
    work_unit = text_field(label=_("单位"), required=False, max_length=100)
    building = text_field(label=_("楼栋门牌"), required=False, max_length=100)
    companion_name = text_field(label=_("同伴姓名"), required=False, max_length=50)
    companion_sex = forms.ChoiceField(
        label=_("同伴性别"), choices=Sex.choices, required=False, widget=forms.RadioSelect
    )

    @staticmethod
    def initial_for(customer: Any) -> dict[str, Any]:
        return {
            "name": customer.name,
            "sex": customer.sex,
            "birth_year": customer.birth_year,
            "mobile": display_phone(customer.mobile) if customer.mobile else "",
            "landline": display_phone(customer.landline) if customer.landline else "",
            "district": customer.district,
            "compound": customer.compound.name if customer.compound_id else "",
            "work_unit": customer.work_unit.name if customer.work_unit_id else "",
            "building": customer.building,
            "companion_name": customer.companion_name,
            "companion_sex": customer.companion_sex,
        }

    def change_values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values: dict[str, Any] = {name: data.get(name) or "" for name in self.fields}
        values["birth_year"] = data.get("birth_year")
        return values


FAMILY_ROWS = MAX_FAMILY_MEMBERS  # every member the service keeps has its row


class ProfileFieldsMixin(forms.Form):
    """贵宾档案表, filled in with the customer: at the first visit, later visits, or alone."""

    interests = text_field(
        label=_("兴趣爱好"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("例如：广场舞、书法、带孙子、旅游。"),
    )
    contact_times = text_field(
        label=_("方便联系的时间"),
        required=False,
        max_length=200,
        help_text=_("例如：工作日上午 9–11 点，周末不打扰。"),
    )
    contact_channel = forms.ChoiceField(
        label=_("喜欢的联系方式"),
        choices=[("", _("未说")), *ContactChannel.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    products_owned = text_field(
        label=_("已有的产品及使用感受"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    heard_from = text_field(label=_("怎么知道我们公司"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n in range(1, FAMILY_ROWS + 1):
            self.fields[f"family_{n}_name"] = text_field(
                label=_("家人称呼或姓名"), required=False, max_length=50
            )
            self.fields[f"family_{n}_relation"] = text_field(
                label=_("关系"),
                required=False,
                max_length=20,
                widget=forms.TextInput(attrs={"placeholder": _("如老伴")}),
            )

    def family_rows(self) -> list[tuple[Any, Any]]:
        return [
            (self[f"family_{n}_name"], self[f"family_{n}_relation"])
            for n in range(1, FAMILY_ROWS + 1)
        ]

    def profile_change(self) -> ProfileChange:
        data = self.cleaned_data
        return ProfileChange(
            interests=data.get("interests") or "",
            family_members=[
                FamilyMember(
                    name=data.get(f"family_{n}_name") or "",
                    relation=data.get(f"family_{n}_relation") or "",
                )
                for n in range(1, FAMILY_ROWS + 1)
            ],
            contact_times=data.get("contact_times") or "",
            contact_channel=data.get("contact_channel") or "",
            products_owned=data.get("products_owned") or "",
            heard_from=data.get("heard_from") or "",
        )

    @staticmethod
    def profile_initial(profile: Any) -> dict[str, Any]:
        if profile is None:
            return {}
        initial: dict[str, Any] = {
            "interests": profile.interests,
            "contact_times": profile.contact_times,
            "contact_channel": profile.contact_channel,
            "products_owned": profile.products_owned,
            "heard_from": profile.heard_from,
        }
        for n, member in enumerate(profile.family_members[:FAMILY_ROWS], start=1):
            initial[f"family_{n}_name"] = member.get("name", "")
            initial[f"family_{n}_relation"] = member.get("relation", "")
        return initial


class ProfileForm(ProfileFieldsMixin):
    pass


class CustomerFilterForm(forms.Form):
    """The customer list's search and filters, read from GET. A bad value is an error next to
    its field and that filter is left out; the others still apply."""

    q = text_field(label=_("搜索"), required=False, max_length=100)
    step = forms.TypedChoiceField(
        label=_("步骤"), required=False, coerce=int, empty_value=None, choices=()
    )
    overdue = forms.ChoiceField(label=_("逾期"), required=False, choices=())
    owner = forms.TypedChoiceField(
        label=_("归属专员"), required=False, coerce=int, empty_value=None, choices=()
    )
    compound = forms.TypedChoiceField(
        label=_("小区"), required=False, coerce=int, empty_value=None, choices=()
    )
    source = forms.ChoiceField(label=_("来源"), required=False, choices=())

    def __init__(self, data: Any, *, owners: Any = None, compounds: Any = (), **kwargs: Any):
        super().__init__(data, **kwargs)
        everyone: list[tuple[Any, Any]] = [("", _("全部"))]
        choices: dict[str, list[tuple[Any, Any]]] = {
            "step": everyone + list(Step.choices),
            "overdue": [*everyone, ("1", _("只看逾期"))],
            "source": everyone + list(Source.choices),
            "compound": everyone + [(p.pk, p.name) for p in compounds],
            "owner": everyone + [(u.pk, str(u)) for u in owners or ()],
        }
        if owners is None:
            # Reps see only their own customers: no owner to choose.
            del self.fields["owner"]
        for name, field in self.fields.items():
            if isinstance(field, forms.ChoiceField):
                field.choices = choices[name]
                field.error_messages["invalid_choice"] = _("请从列表中选择。")

    def valid_filters(self) -> dict[str, Any]:
        """The cleaned values of the fields that are valid (all of them when the form is)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}


class ReferrerPresetForm(forms.Form):
    """``?referrer=<id>`` on the registration page: the referrer chosen in advance."""

    referrer = int_field(min_value=1, max_value=BIGINT_MAX, required=False)
