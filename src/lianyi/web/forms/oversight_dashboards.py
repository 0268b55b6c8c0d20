"""The dashboards' filter, read from GET: a period of days and, optionally, a team, a rep and a
gathering (ids; whether they are in the viewer's scope is the selector's to say)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import BIGINT_MAX, DayField, int_field

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _id_field(label: Any) -> forms.IntegerField:
    return int_field(
        label=label, required=False, min_value=1, max_value=BIGINT_MAX, widget=forms.Select()
    )


class DashboardFilterForm(forms.Form):
    start = DayField(label=_("开始日期"), required=False, widget=DATE_WIDGET)
    end = DayField(label=_("结束日期"), required=False, widget=DATE_WIDGET)
    team = _id_field(_("小组"))
    rep = _id_field(_("服务专员"))
    gathering = _id_field(_("联谊会"))

    def __init__(
        self, data: Any, *, teams: Any = (), reps: Any = (), gatherings: Any = (), **kwargs: Any
    ) -> None:
        super().__init__(data, **kwargs)
        everyone = [("", _("全部"))]
        for name, rows in (("team", teams), ("rep", reps), ("gathering", gatherings)):
            widget = self.fields[name].widget
            assert isinstance(widget, forms.Select)
            widget.choices = everyone + [(row.pk, str(row)) for row in rows]
