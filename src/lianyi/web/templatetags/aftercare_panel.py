"""The after-sales block of the customer's page, loaded by its own include so that the customer
view stays as it is: the contact preference form and the programme tasks with their reasons."""

from __future__ import annotations

from typing import Any

from django import template

from lianyi.aftercare.selectors import contact_preference_of, customer_tasks
from lianyi.org.capabilities import Capability, has_capability
from lianyi.web.forms.aftercare_programme import ContactPreferenceForm

register = template.Library()


@register.inclusion_tag("customers/_programme_panel.html", takes_context=True)
def programme_panel(context: template.Context, customer: Any) -> dict[str, Any]:
    user = context["request"].user
    _customer, tasks = customer_tasks(user=user, customer_id=customer.pk)
    preference = contact_preference_of(customer=customer)
    initial = (
        {
            "max_per_month": preference.max_per_month,
            "channel": preference.channel,
            "note": preference.note,
        }
        if preference is not None
        else {}
    )
    return {
        "customer": customer,
        "tasks": tasks,
        "preference": preference,
        "preference_form": ContactPreferenceForm(initial=initial),
        "can_edit": has_capability(user, Capability.AFTERCARE_RECORD),
        "csrf_token": context.get("csrf_token"),
    }
