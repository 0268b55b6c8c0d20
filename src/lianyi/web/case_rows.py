"""The rows of the case lists (the case page's list, the customer page's block and the today
page's 我的投诉/问题): each case with the time its level has left, read at one moment."""

from __future__ import annotations

from typing import Any

from lianyi.aftercare.case_selectors import HELD_LIMIT, customer_cases, held_cases, time_left
from lianyi.aftercare.models import Case
from lianyi.core.clock import now
from lianyi.customers.models import Customer
from lianyi.org.capabilities import Capability, has_capability


def case_rows(cases: list[Case]) -> list[dict[str, Any]]:
    moment = now()
    return [{"case": c, "left": time_left(c, moment)} for c in cases]


def customer_cases_context(user: Any, customer: Customer) -> dict[str, Any]:
    """What the customer page's 售后与工单 block shows."""
    handles = has_capability(user, Capability.CASES_HANDLE)
    cases = list(customer_cases(customer=customer)) if handles else []
    return {
        "cases": case_rows(cases),
        "can_open_case": handles,
        "can_record_aftercare": has_capability(user, Capability.AFTERCARE_RECORD)
        and customer.contactable,
    }


def today_cases_context(user: Any) -> dict[str, Any]:
    """The today page's 我的投诉/问题 block: the open cases the user holds, with the time left."""
    if not has_capability(user, Capability.CASES_HANDLE):
        return {"held_cases": []}
    return {"held_cases": case_rows(list(held_cases(user=user)[:HELD_LIMIT]))}
