"""Small presentation helpers for the pages: how a customer is addressed, phones, due times."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext

from lianyi.customers.names import polite_address
from lianyi.customers.phones import display_phone
from lianyi.journey.steps import CallOutcome
from lianyi.web.agenda_rows import RECORD_URLS

register = template.Library()


@register.filter
def polite(customer: Any) -> str:
    """张阿姨 / 李叔叔."""
    return polite_address(customer.name, customer.sex)


@register.filter
def phone_display(customer: Any) -> str:
    number = customer.mobile or customer.landline
    return display_phone(number) if number else ""


@register.filter
def phone_href(customer: Any) -> str:
    """The tel: link, or "" when there is no number or the customer may not be contacted."""
    number = customer.mobile or customer.landline
    return f"tel:{number}" if number and customer.contactable else ""


@register.filter
def place(customer: Any) -> str:
    """The compound (小区) or, failing that, the work unit (单位)."""
    found = customer.compound or customer.work_unit
    return found.name if found else ""


@register.filter
def record_url(customer: Any) -> str:
    """The form that records the customer's next due action, or "" when nothing is due."""
    name = RECORD_URLS.get(customer.next_action)
    return reverse(name, args=[customer.pk]) if name else ""


def _correction_value(name: str, value: Any) -> str:
    if value in (None, ""):
        return str(pgettext("a corrected value that was empty", "（无）"))
    if name == "outcome":
        return str(CallOutcome(value).label) if value in CallOutcome.values else str(value)
    if name in ("slot_start", "slot_end"):
        moment = datetime.fromisoformat(str(value))
        return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")
    return str(value)


CORRECTION_LABELS = {
    "outcome": gettext_lazy("通话结果"),
    "slot_start": gettext_lazy("约定开始"),
    "slot_end": gettext_lazy("约定结束"),
    "duration_minutes": gettext_lazy("时长（分钟）"),
    "notes": gettext_lazy("记录"),
}


@register.filter
def correction_lines(correction: Any) -> list[tuple[str, str, str]]:
    """What a correction changed, as (label, previous, corrected) in the reader's language."""
    return [
        (
            str(CORRECTION_LABELS.get(name, name)),
            _correction_value(name, pair[0]),
            _correction_value(name, pair[1]),
        )
        for name, pair in correction.changes.items()
    ]
