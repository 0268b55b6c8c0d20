from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.fields import MoneyField, int_field, text_field
from lianyi.gatherings.models import MAX_PRIZE_VALUE_YUAN
from lianyi.gatherings.services.draw import MAX_RULES_LENGTH, Prize

PRIZE_ROWS = 5


class DrawRulesForm(forms.Form):
    """The rules and up to five prizes; a prize row left empty is ignored. The service decides
    what is valid (the legal cap, counts) and says so next to the field."""

    rules = text_field(
        label=_("抽奖规则"), widget=forms.Textarea(attrs={"rows": 4}), max_length=MAX_RULES_LENGTH
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        initial_prizes = kwargs.pop("prizes", None) or []
        super().__init__(*args, **kwargs)
        for i in range(1, PRIZE_ROWS + 1):
            prize = initial_prizes[i - 1] if i <= len(initial_prizes) else {}
            self.fields[f"prize_name_{i}"] = text_field(
                label=_("奖品 %(n)s 名称") % {"n": i},
                required=False,
                max_length=100,
                initial=prize.get("name", ""),
            )
            self.fields[f"prize_value_{i}"] = MoneyField(
                label=_("奖品 %(n)s 价值（元）") % {"n": i},
                required=False,
                initial=prize.get("value", ""),
                help_text=_("不超过 %(max)s 元") % {"max": MAX_PRIZE_VALUE_YUAN} if i == 1 else "",
            )
            self.fields[f"prize_count_{i}"] = int_field(
                label=_("奖品 %(n)s 数量") % {"n": i},
                required=False,
                min_value=1,
                max_value=1000,
                initial=prize.get("count"),
            )

    def prize_rows(self) -> list[list[forms.BoundField]]:
        return [
            [self[f"prize_name_{i}"], self[f"prize_value_{i}"], self[f"prize_count_{i}"]]
            for i in range(1, PRIZE_ROWS + 1)
        ]

    def prizes(self) -> list[Prize]:
        data = self.cleaned_data
        prizes = []
        for i in range(1, PRIZE_ROWS + 1):
            name = (data.get(f"prize_name_{i}") or "").strip()
            value = data.get(f"prize_value_{i}")
            count = data.get(f"prize_count_{i}")
            if not (name or value is not None or count):
                continue
            prizes.append(
                Prize(name=name, value=value if value is not None else "x", count=count or 0)
            )
        return prizes
