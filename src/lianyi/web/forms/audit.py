"""The audit log's filters, read from GET: the action (one, or an area's prefix), who did it,
about which customer, and a range of days in the company's zone."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import BIGINT_MAX, DayField, int_field
from lianyi.web.audit_display import action_choices

AREAS = [
    ("customers.", _("客户（全部）")),
    ("journey.", _("跟进（全部）")),
    ("gatherings.", _("联谊会（全部）")),
    ("org.", _("组织和账号（全部）")),
]


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(label=_("操作"), required=False, choices=())
    actor = forms.TypedChoiceField(
        label=_("操作人"), required=False, coerce=int, empty_value=None, choices=()
    )
    customer = int_field(
        label=_("客户编号"),
        required=False,
        min_value=1,
        max_value=BIGINT_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_("客户页地址里的数字，例如 /customers/123/ 的 123。"),
    )
    since = DayField(
        label=_("起始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    until = DayField(
        label=_("截止日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, data: Any, *, actors: Any = (), **kwargs: Any) -> None:
        super().__init__(data, **kwargs)
        everyone: list[tuple[Any, Any]] = [("", _("全部"))]
        action = self.fields["action"]
        actor = self.fields["actor"]
        assert isinstance(action, forms.ChoiceField) and isinstance(actor, forms.ChoiceField)
        action.choices = everyone + AREAS + action_choices()
        actor.choices = everyone + [(u.pk, str(u)) for u in actors]
        for field in (action, actor):
            field.error_messages["invalid_choice"] = _("请从列表中选择。")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("结束日期不能早于开始日期。"))
        return data

    def valid_filters(self) -> dict[str, Any]:
        """The cleaned values of the fields that are valid (all of them when the form is)."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if name not in self.errors}
