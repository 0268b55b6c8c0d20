"""Forms of the seating page: a household or an existing customer at a table."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


def _tables(tables: list[Any]) -> list[tuple[int, str]]:
    return [(t.pk, str(_("%(number)s 号桌") % {"number": t.number})) for t in tables]


class SeatHouseholdForm(forms.Form):
    table_id = forms.TypedChoiceField(label=_("餐桌"), coerce=int)
    invitation_id = forms.TypedChoiceField(label=_("受邀家庭"), coerce=int)

    def __init__(
        self,
        *args: Any,
        tables: list[Any] = (),  # type: ignore[assignment]
        invitations: list[Any] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["table_id"].choices = _tables(tables)  # type: ignore[attr-defined]
        self.fields["invitation_id"].choices = [  # type: ignore[attr-defined]
            (i.pk, str(_("、")).join(i.guest_names)) for i in invitations
        ]


class SeatExistingCustomerForm(forms.Form):
    table_id = forms.TypedChoiceField(label=_("餐桌"), coerce=int)
    customer_id = forms.TypedChoiceField(label=_("老顾客"), coerce=int)
    guests = forms.TypedChoiceField(
        label=_("人数"), coerce=int, choices=[(1, "1"), (2, "2")], initial=1
    )

    def __init__(
        self,
        *args: Any,
        tables: list[Any] = (),  # type: ignore[assignment]
        customers: list[Any] = (),  # type: ignore[assignment]
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["table_id"].choices = _tables(tables)  # type: ignore[attr-defined]
        self.fields["customer_id"].choices = [  # type: ignore[attr-defined]
            (c.pk, c.name) for c in customers
        ]
