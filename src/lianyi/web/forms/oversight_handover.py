"""Forms of the handover page: who receives the leaving rep's customers (one receiver for all,
and a choice per customer), and the confirmation of a preview. They parse; the selector and the
service decide (whose customers, which receivers)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.fields import text_field
from lianyi.core.lookup import as_id
from lianyi.oversight.selectors.handover import MAX_HANDOVER_CUSTOMERS

KEEP = "keep"  # a customer's choice: stays with the leaving rep for now
DEFAULT = ""  # a customer's choice: the receiver chosen for all
# "customer:receiver" pairs separated by spaces, carried from the preview to its confirmation.
PAIR = re.compile(r"^(\d{1,18}):(\d{1,18})$")
PLAN_MAX_LENGTH = MAX_HANDOVER_CUSTOMERS * 40
# The choice form sends one field per customer: well under Django's 1,000 fields a request.
LISTED_CUSTOMERS = 500


def customer_field(customer_id: int) -> str:
    return f"to_{customer_id}"


class HandoverForm(forms.Form):
    """The receiver for all, then one choice per listed customer (``to_<id>``)."""

    def __init__(
        self, data: Any = None, *, receivers: Iterable[Any], customer_ids: Iterable[int]
    ) -> None:
        super().__init__(data)
        people = [(str(u.pk), str(u)) for u in receivers]
        self.fields["to"] = forms.ChoiceField(
            label=_("交给"),
            choices=[(DEFAULT, _("（逐位选择）")), *people],
            required=False,
            help_text=_("下面每位客户默认交给此人，也可以逐一改选，或选“暂不交接”。"),
        )
        self.customer_ids = list(customer_ids)
        for pk in self.customer_ids:
            self.fields[customer_field(pk)] = forms.ChoiceField(
                label=_("接收人"),
                choices=[(DEFAULT, _("同上")), (KEEP, _("暂不交接")), *people],
                required=False,
            )

    def moves(self) -> dict[int, int]:
        """customer id -> receiver id, for the customers that move."""
        default = as_id(self.cleaned_data.get("to") or "")
        result: dict[int, int] = {}
        for pk in self.customer_ids:
            choice = self.cleaned_data.get(customer_field(pk)) or DEFAULT
            if choice == KEEP:
                continue
            receiver = as_id(choice) if choice != DEFAULT else default
            if receiver is not None:
                result[pk] = receiver
        return result


class ConfirmForm(forms.Form):
    plan = forms.CharField(widget=forms.HiddenInput, max_length=PLAN_MAX_LENGTH)
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)
    deactivate = forms.BooleanField(label=_("同时停用该专员的账号（不能再登录）"), required=False)
    reason = text_field(
        label=_("说明"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"placeholder": _("例如：离职")}),
    )

    def moves(self) -> dict[int, int]:
        return parse_plan(self.cleaned_data.get("plan") or "")


def encode_plan(moves: Mapping[int, int]) -> str:
    return " ".join(f"{customer}:{receiver}" for customer, receiver in sorted(moves.items()))


def parse_plan(text: str) -> dict[int, int]:
    result: dict[int, int] = {}
    for part in text.split():
        match = PAIR.match(part)
        customer = as_id(match.group(1)) if match else None
        receiver = as_id(match.group(2)) if match else None
        if customer is None or receiver is None:
            raise DomainError(str(_("交接内容无法识别，请重新预览。")), code=CoreCode.INVALID)
        result[customer] = receiver
    return result
