"""Forms that record the steps of the journey. They only parse what was typed (dates, numbers,
choices); every rule of the process is the services' to check."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import SMALLINT_MAX, DayField, MomentField, int_field, text_field
from lianyi.core.validation import MAX_NOTE_LENGTH
from lianyi.journey.steps import CallOutcome
from lianyi.web.forms.customers import ProfileFieldsMixin

DATETIME_INPUT_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

# Where a service's ``extra["field"]`` differs from the form's field name.
FIELD_ALIASES = {"guests": "guest_1"}


class ContactForm(forms.Form):
    """What every recorded contact has: when (default now), the notes, why it is repeated."""

    occurred_at = MomentField(
        label=_("发生时间"),
        required=False,
        input_formats=DATETIME_INPUT_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("不填即为现在。"),
    )
    notes = text_field(
        max_length=MAX_NOTE_LENGTH,
        label=_("记录"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("详细记录谈了什么、约定了什么。"),
    )

    def contact_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "occurred_at": data.get("occurred_at"),
            "notes": data.get("notes") or "",
            "repeat_reason": data.get("repeat_reason") or "",
        }


class RepeatReasonMixin(forms.Form):
    repeat_reason = text_field(
        max_length=200,
        label=_("再次记录原因"),
        required=False,
        help_text=_("这一步已记录过时填写，例如：上次未接通。"),
    )


class SlotMixin(forms.Form):
    """An agreed slot typed as one date and two times, combined in the company's time zone."""

    slot_date = DayField(
        label=_("日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    slot_start = forms.TimeField(
        label=_("开始"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
    )
    slot_end = forms.TimeField(
        label=_("结束"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_time = data.get("slot_start") or data.get("slot_end")
        if has_time and not data.get("slot_date") and "slot_date" not in self.errors:
            self.add_error("slot_date", forms.ValidationError(_("请选择日期。"), code="required"))
        return data

    def slot(self, tz: ZoneInfo) -> tuple[datetime | None, datetime | None]:
        day: date | None = self.cleaned_data.get("slot_date")
        start: time | None = self.cleaned_data.get("slot_start")
        end: time | None = self.cleaned_data.get("slot_end")
        if day is None:
            return None, None
        return (
            datetime.combine(day, start, tzinfo=tz) if start else None,
            datetime.combine(day, end, tzinfo=tz) if end else None,
        )


class CallBackMixin(forms.Form):
    """未接通 / 约好再联系: the time the customer asked for (default: the next contact day)."""

    call_back_at = MomentField(
        label=_("回电时间"),
        required=False,
        input_formats=DATETIME_INPUT_FORMATS,
        # ISO-valued whatever the language: the browser's picker shows it in the user's locale.
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("未接通或约好再联系时：客户要求的回电时间。不填即下一个联系日的最早联系时间。"),
    )


class LocationMixin(forms.Form):
    """Filled by ``geolocate`` in lianyi.js when the rep lets the browser share the position."""

    lat = text_field(required=False, max_length=40, widget=forms.HiddenInput)
    lng = text_field(required=False, max_length=40, widget=forms.HiddenInput)
    accuracy = text_field(required=False, max_length=40, widget=forms.HiddenInput)

    def location(self) -> tuple[Any, Any, Any]:
        data = self.cleaned_data
        return data.get("lat") or None, data.get("lng") or None, data.get("accuracy") or None


def outcome_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("通话结果"),
        choices=CallOutcome.choices,
        required=False,
        widget=forms.RadioSelect,
    )


class StandNoteForm(ContactForm):
    desk = forms.ChoiceField(
        label=_("台位"),
        choices=[("checkup", _("检测台")), ("registration", _("登记台"))],
        widget=forms.HiddenInput,
    )


class FirstCallForm(CallBackMixin, SlotMixin, RepeatReasonMixin, ContactForm):
    outcome = outcome_field()
    field_order = [
        "outcome",
        "call_back_at",
        "slot_date",
        "slot_start",
        "slot_end",
        "notes",
        "repeat_reason",
        "occurred_at",
    ]


class FirstVisitForm(ProfileFieldsMixin, LocationMixin, ContactForm):
    duration_minutes = int_field(
        max_value=SMALLINT_MAX,
        label=_("时长（分钟）"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 600}),
        help_text=_("第一次家访一般 40–50 分钟。"),
    )
    field_order = ["duration_minutes", "notes", "occurred_at"]


YES_NO = [("", _("未回答")), ("yes", _("接受")), ("no", _("不接受"))]


class SecondCallForm(CallBackMixin, SlotMixin, RepeatReasonMixin, ContactForm):
    outcome = outcome_field()
    invitation_accepted = forms.ChoiceField(
        label=_("是否接受邀请"), choices=YES_NO[1:], required=False, widget=forms.RadioSelect
    )
    gathering_id = forms.TypedChoiceField(
        label=_("联谊会"), coerce=int, required=False, empty_value=None
    )
    guest_1 = text_field(label=_("受邀人（客户本人）"), required=False, max_length=50)
    guest_2 = text_field(label=_("受邀人（同伴）"), required=False, max_length=50)
    field_order = [
        "outcome",
        "call_back_at",
        "invitation_accepted",
        "gathering_id",
        "guest_1",
        "guest_2",
        "slot_date",
        "slot_start",
        "slot_end",
        "notes",
        "repeat_reason",
        "occurred_at",
    ]

    def __init__(self, *args: Any, gatherings: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field = self.fields["gathering_id"]
        assert isinstance(choice_field, forms.ChoiceField)
        choice_field.choices = [
            (g.pk, f"{timezone.localtime(g.starts_at):%m-%d %H:%M} {g.name} · {g.venue}")
            for g in gatherings
        ]

    def accepted(self) -> bool | None:
        value = self.cleaned_data.get("invitation_accepted")
        return {"yes": True, "no": False}.get(value or "")

    def guests(self) -> list[str]:
        return [self.cleaned_data.get("guest_1") or "", self.cleaned_data.get("guest_2") or ""]


class SecondVisitForm(ProfileFieldsMixin, LocationMixin, ContactForm):
    invitation_handed_over = forms.BooleanField(label=_("已亲手送达邀请函"), required=False)
    # Shown only when the invitation was never printed: the delivery asks for it then.
    unprinted_confirmed = forms.BooleanField(
        label=_("邀请函没有打印过，我确认已亲手交给客户"), required=False
    )
    duration_minutes = int_field(
        max_value=SMALLINT_MAX,
        label=_("时长（分钟）"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 600}),
    )
    field_order = [
        "invitation_handed_over",
        "unprinted_confirmed",
        "duration_minutes",
        "notes",
        "occurred_at",
    ]


class CorrectionForm(SlotMixin, ContactForm):
    """更正 a call or a visit: the fields it has, prefilled, and why (required by the service)."""

    outcome = outcome_field()
    duration_minutes = int_field(
        max_value=SMALLINT_MAX,
        label=_("时长（分钟）"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 1, "max": 600}),
    )
    reason = text_field(
        max_length=500,
        label=_("更正原因"),
        required=False,
        widget=forms.TextInput,
        help_text=_("例如：点错了结果、时长记错。原记录会保留并显示在联系记录里。"),
    )
    field_order = [
        "outcome",
        "slot_date",
        "slot_start",
        "slot_end",
        "duration_minutes",
        "notes",
        "reason",
    ]

    def __init__(self, *args: Any, is_call: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        del self.fields["occurred_at"]
        drop = (
            ["duration_minutes"] if is_call else ["outcome", "slot_date", "slot_start", "slot_end"]
        )
        for name in drop:
            del self.fields[name]

    @staticmethod
    def initial_for(touchpoint: Any, tz: ZoneInfo) -> dict[str, Any]:
        start = touchpoint.slot_start.astimezone(tz) if touchpoint.slot_start else None
        end = touchpoint.slot_end.astimezone(tz) if touchpoint.slot_end else None
        return {
            "outcome": touchpoint.outcome,
            "slot_date": start.date() if start else None,
            "slot_start": start.time() if start else None,
            "slot_end": end.time() if end else None,
            "duration_minutes": touchpoint.duration_minutes,
            "notes": touchpoint.notes,
        }
