"""The forms of the supervisor's duties: the customer whose daily profile is taken or offered,
and the work diary (plan, summary, one field per staff member of the team)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import BIGINT_MAX, int_field, text_field
from lianyi.org.models import User
from lianyi.oversight.models.diary import DIARY_TALK_MAX, DIARY_TEXT_MAX


class ProfileCustomerForm(forms.Form):
    """Empty ``customer``: the profile the rep offered."""

    customer = int_field(min_value=1, max_value=BIGINT_MAX, required=False)


class DiaryForm(forms.Form):
    plan = text_field(
        label=_("工作计划"),
        required=False,
        max_length=DIARY_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    summary = text_field(
        label=_("工作总结"),
        required=False,
        max_length=DIARY_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    version = int_field(min_value=1, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, staff: list[User], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff
        for person in staff:
            self.fields[self.talk_name(person.pk)] = text_field(
                label=str(person),
                required=False,
                max_length=DIARY_TALK_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    @staticmethod
    def talk_name(staff_id: int) -> str:
        return f"talk_{staff_id}"

    def talk_fields(self) -> list[forms.BoundField]:
        return [self[self.talk_name(person.pk)] for person in self.staff]

    def talks(self) -> dict[int, str]:
        return {p.pk: self.cleaned_data.get(self.talk_name(p.pk)) or "" for p in self.staff}
