"""The company's after-sales rules, changed by an administrator: the programme from the delivery
day (calls, visits, monthly contacts and for how many months), the weekly cap on contacts, the
days to ask a satisfied customer for a referral, and each case level's hours. Every problem is
reported at once; the programme's days must come in order (calls, first visit, second visit)."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.aftercare.codes import AftercareCode
from lianyi.aftercare.locks import lock_aftercare_rules
from lianyi.aftercare.models import AftercareRules
from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.errors import CoreCode, DomainError, NotFound, Problems
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User

# Each rule's bounds: within the column and within reason.
AFTERCARE_BOUNDS: dict[str, tuple[int, int]] = {
    "programme_calls": (1, 10),
    "programme_calls_by_days": (1, 30),
    "programme_first_visit_by_days": (1, 60),
    "programme_second_visit_by_days": (1, 90),
    "programme_monthly_contacts": (1, 31),
    "programme_months": (1, 24),
    "contact_cap_per_week": (1, 14),
    "referral_ask_within_days": (1, 90),
    "case_rep_hours": (1, 720),
    "case_supervisor_hours": (1, 720),
    "case_manager_hours": (1, 720),
}
AFTERCARE_RULE_FIELDS = list(AFTERCARE_BOUNDS)


def _bounded(field: str, value: int | None) -> int:
    low, high = AFTERCARE_BOUNDS[field]
    if value is None or not low <= value <= high:
        raise DomainError(
            _("请填写 %(low)s 到 %(high)s 之间的整数。") % {"low": low, "high": high},
            code=CoreCode.REQUIRED if value is None else AftercareCode.RULE_OUT_OF_RANGE,
            extra={"field": field, "min": low, "max": high},
        )
    return value


def _in_order(values: dict[str, int]) -> None:
    calls = values.get("programme_calls_by_days")
    first = values.get("programme_first_visit_by_days")
    second = values.get("programme_second_visit_by_days")
    if calls is not None and first is not None and first < calls:
        raise DomainError(
            _("第一次回访的天数不能早于电话完成的天数。"),
            code=AftercareCode.RULE_ORDER,
            extra={"field": "programme_first_visit_by_days"},
        )
    if first is not None and second is not None and second <= first:
        raise DomainError(
            _("第二次回访的天数应晚于第一次回访。"),
            code=AftercareCode.RULE_ORDER,
            extra={"field": "programme_second_visit_by_days"},
        )


@transaction.atomic
def update_aftercare_rules(*, by: User, company_id: int, **given: int | None) -> AftercareRules:
    """Save the company's after-sales rules: every field of ``AFTERCARE_RULE_FIELDS`` given by
    name; a refusal (``InvalidInput``) carries every problem."""
    require_capability(by, Capability.COMPANY_CONFIGURE)
    if company_id != by.company_id:
        raise NotFound()
    unknown = set(given) - set(AFTERCARE_RULE_FIELDS)
    if unknown:
        raise TypeError(f"unknown after-sales rules: {sorted(unknown)}")
    problems = Problems()
    values: dict[str, int] = {}
    for name in AFTERCARE_RULE_FIELDS:
        with problems.check():
            values[name] = _bounded(name, given.get(name))
    with problems.check():
        _in_order(values)
    problems.raise_any()
    rules = lock_aftercare_rules(company_id)
    before = snapshot(rules, AFTERCARE_RULE_FIELDS)
    for name, value in values.items():
        setattr(rules, name, value)
    rules.save(update_fields=AFTERCARE_RULE_FIELDS)
    audit(by, "aftercare.rules.updated", rules, changes=diff(before, rules), company=by.company)
    return rules
