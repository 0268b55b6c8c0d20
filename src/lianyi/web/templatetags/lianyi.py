"""Small presentation helpers for the pages: how a customer is addressed, phones, due times."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from lianyi.customers.names import polite_address
from lianyi.customers.phones import display_phone
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
