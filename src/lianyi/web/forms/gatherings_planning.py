"""Forms of the planning pages: the gathering, its programme, staff, buses and stops, tables,
and which bus a household takes."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import INT_MAX, DayField, MomentField, int_field, text_field
from lianyi.gatherings.models import ProgrammeKind, StaffRole


def when(label: Any, required: bool = True) -> forms.DateTimeField:
    return MomentField(
        label=label,
        required=required,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )


class GatheringForm(forms.Form):
    name = text_field(label=_("名称"), max_length=100)
    starts_at = when(_("开始时间"))
    ends_at = when(_("结束时间"))
    venue = text_field(label=_("场地"), max_length=200)
    venue_address = text_field(label=_("场地地址"), max_length=300, required=False)
    capacity = int_field(label=_("容纳人数"), min_value=1, max_value=INT_MAX)
    delivery_from = DayField(
        label=_("送函开始日期"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class ProgrammeForm(forms.Form):
    kind = forms.ChoiceField(label=_("类型"), choices=ProgrammeKind.choices)
    title = text_field(label=_("标题"), max_length=100)
    starts_at = when(_("开始"))
    ends_at = when(_("结束"))


class StaffForm(forms.Form):
    user_id = forms.TypedChoiceField(label=_("员工"), coerce=int)
    role = forms.ChoiceField(label=_("角色"), choices=StaffRole.choices)

    def __init__(self, *args: Any, people: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["user_id"].choices = [(u.pk, str(u)) for u in people]  # type: ignore[attr-defined]


class BusForm(forms.Form):
    name = text_field(label=_("车辆"), max_length=50)
    seats = int_field(label=_("座位数"), min_value=1, max_value=500)


class StopForm(forms.Form):
    bus_id = forms.TypedChoiceField(label=_("班车"), coerce=int)
    position = int_field(label=_("顺序"), min_value=1, max_value=100)
    name = text_field(label=_("站点"), max_length=100)
    address = text_field(label=_("地址"), max_length=200, required=False)
    pickup_at = when(_("接人时间"))

    def __init__(self, *args: Any, buses: list[Any] = (), **kwargs: Any) -> None:  # type: ignore[assignment]
        super().__init__(*args, **kwargs)
        self.fields["bus_id"].choices = [(b.pk, b.name) for b in buses]  # type: ignore[attr-defined]


class TableForm(forms.Form):
    """One table or several of the same size: numbered on from ``number``, or from the highest
    number the gathering has when it is left empty."""

    count = int_field(label=_("张数"), min_value=1, max_value=50, initial=1, required=False)
    number = int_field(
        label=_("起始桌号"),
        min_value=1,
        max_value=999,
        required=False,
        help_text=_("留空则接着现有的最大桌号编。"),
    )
    seats = int_field(label=_("每桌座位数"), min_value=1, max_value=500)


def _bus_and_stop_choices(buses: Any, *, none_label: str | None) -> list[tuple[str, str]]:
    choices: list[tuple[str, str]] = [("", none_label)] if none_label else []
    for plan in buses:
        choices.append((f"{plan.bus.pk}:", plan.bus.name))
        choices += [(f"{plan.bus.pk}:{s.pk}", f"{plan.bus.name} · {s.name}") for s in plan.stops]
    return choices


def _split_bus_and_stop(value: str) -> tuple[int | None, int | None]:
    if not value:
        return None, None
    bus, _sep, stop = value.partition(":")
    return int(bus), (int(stop) if stop else None)


class RidersByCompoundForm(forms.Form):
    """Everyone invited from one compound who has no bus yet, onto one bus and stop."""

    compound_id = forms.TypedChoiceField(label=_("小区"), coerce=int)
    stop = forms.ChoiceField(label=_("班车与站点"))

    def __init__(
        self,
        *args: Any,
        invitations: list[Any] = (),  # type: ignore[assignment]
        buses: list[Any] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        waiting: dict[int, tuple[str, int]] = {}
        for invitation in invitations:
            compound = invitation.customer.compound
            if compound is None or invitation.bus_id is not None:
                continue
            name, households = waiting.get(compound.pk, (compound.name, 0))
            waiting[compound.pk] = (name, households + 1)
        self.fields["compound_id"].choices = [  # type: ignore[attr-defined]
            (pk, _("%(name)s（%(n)s 户未安排）") % {"name": name, "n": n})
            for pk, (name, n) in sorted(waiting.items(), key=lambda item: item[1][0])
        ]
        self.fields["stop"].choices = _bus_and_stop_choices(  # type: ignore[attr-defined]
            buses, none_label=None
        )

    def bus_and_stop(self) -> tuple[int | None, int | None]:
        return _split_bus_and_stop(self.cleaned_data.get("stop") or "")


class BusAssignForm(forms.Form):
    """``stop`` is "<bus id>:<stop id>", or "<bus id>:" for the bus without a stop, or empty to
    take the household off any bus."""

    invitation_id = forms.TypedChoiceField(label=_("邀请函"), coerce=int)
    stop = forms.ChoiceField(label=_("班车与站点"), required=False)

    def __init__(
        self,
        *args: Any,
        invitations: list[Any] = (),  # type: ignore[assignment]
        buses: list[Any] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["invitation_id"].choices = [  # type: ignore[attr-defined]
            (i.pk, str(_("、")).join(i.guest_names)) for i in invitations
        ]
        self.fields["stop"].choices = _bus_and_stop_choices(  # type: ignore[attr-defined]
            buses, none_label=str(_("不乘班车"))
        )

    def bus_and_stop(self) -> tuple[int | None, int | None]:
        return _split_bus_and_stop(self.cleaned_data.get("stop") or "")
