"""The company's selling rules, changed by an administrator: when an order waits for a
confirmation call (回访确认), the return windows, and the service address and phone every receipt
prints. All problems are reported at once; the unopened-goods window never goes below the law's
30 days."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.errors import CoreCode, DomainError, NotFound, Problems
from lianyi.core.fields import FieldError, check_money
from lianyi.core.validation import clean_text
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User
from lianyi.sales.codes import SalesCode
from lianyi.sales.locks import lock_sales_rules
from lianyi.sales.models import SalesRules

# The law's floor for taking back unopened goods (direct-selling rules): never less.
RETURN_UNOPENED_LAW_DAYS = 30
# The bounds of each number: within the column and within reason (a rule set so far out that it
# never applies is a way of switching the protection off).
NUMBER_BOUNDS: dict[str, tuple[int, int]] = {
    "senior_age": (50, 80),
    "confirmation_repeat_days": (1, 365),
    "confirmation_within_hours": (1, 240),
    "return_unopened_days": (RETURN_UNOPENED_LAW_DAYS, 365),
    "return_senior_days": (1, 90),
}
AMOUNT_BOUNDS = (Decimal("1.00"), Decimal("1000000.00"))
SALES_RULE_FIELDS = [
    *NUMBER_BOUNDS,
    "confirmation_min_amount",
    "service_address",
    "service_phone",
]


def bounded(field: str, value: int | None, low: int, high: int) -> int:
    """``value`` within ``low``..``high`` or a refusal naming ``field``."""
    if value is None or not low <= value <= high:
        raise DomainError(
            _("请填写 %(low)s 到 %(high)s 之间的整数。") % {"low": low, "high": high},
            code=CoreCode.REQUIRED if value is None else SalesCode.RULE_OUT_OF_RANGE,
            extra={"field": field, "min": low, "max": high},
        )
    return value


def _unopened_days(value: int | None) -> int:
    if value is not None and value < RETURN_UNOPENED_LAW_DAYS:
        raise DomainError(
            _("未拆封退货期限不能少于法定的 %(days)s 天。") % {"days": RETURN_UNOPENED_LAW_DAYS},
            code=SalesCode.RETURN_WINDOW_BELOW_LAW,
            extra={"field": "return_unopened_days", "min": RETURN_UNOPENED_LAW_DAYS},
        )
    low, high = NUMBER_BOUNDS["return_unopened_days"]
    return bounded("return_unopened_days", value, low, high)


def _amount(value: Decimal | str | None) -> Decimal:
    low, high = AMOUNT_BOUNDS
    field = "confirmation_min_amount"
    if value is None or value == "":
        raise DomainError(
            _("请填写金额（元），例如 299.00。"), code=CoreCode.REQUIRED, extra={"field": field}
        )
    try:
        amount = check_money(value)
    except FieldError as error:
        raise DomainError(error.message, code=error.code, extra={"field": field}) from None
    if not low <= amount <= high:
        raise DomainError(
            _("金额须在 %(low)s 到 %(high)s 元之间。") % {"low": low, "high": high},
            code=SalesCode.RULE_OUT_OF_RANGE,
            extra={"field": field},
        )
    return amount


@transaction.atomic
def update_sales_rules(
    *,
    by: User,
    company_id: int,
    senior_age: int | None,
    confirmation_min_amount: Decimal | str | None,
    confirmation_repeat_days: int | None,
    confirmation_within_hours: int | None,
    return_unopened_days: int | None,
    return_senior_days: int | None,
    service_address: str = "",
    service_phone: str = "",
) -> SalesRules:
    """Save the company's sales rules; a refusal (``InvalidInput``) carries every problem."""
    require_capability(by, Capability.COMPANY_CONFIGURE)
    if company_id != by.company_id:
        raise NotFound()
    problems = Problems()
    values: dict[str, object] = {}
    numbers = {
        "senior_age": senior_age,
        "confirmation_repeat_days": confirmation_repeat_days,
        "confirmation_within_hours": confirmation_within_hours,
        "return_senior_days": return_senior_days,
    }
    with problems.check():
        values["senior_age"] = bounded("senior_age", senior_age, *NUMBER_BOUNDS["senior_age"])
    with problems.check():
        values["confirmation_min_amount"] = _amount(confirmation_min_amount)
    for name in ("confirmation_repeat_days", "confirmation_within_hours"):
        with problems.check():
            values[name] = bounded(name, numbers[name], *NUMBER_BOUNDS[name])
    with problems.check():
        values["return_unopened_days"] = _unopened_days(return_unopened_days)
    with problems.check():
        values["return_senior_days"] = bounded(
            "return_senior_days", return_senior_days, *NUMBER_BOUNDS["return_senior_days"]
        )
    with problems.check():
        values["service_address"] = clean_text(
            service_address, field="service_address", label=_("售后服务地址"), max_length=200
        )
    with problems.check():
        values["service_phone"] = clean_text(
            service_phone, field="service_phone", label=_("售后服务电话"), max_length=30
        )
    problems.raise_any()
    rules = lock_sales_rules(company_id)
    before = snapshot(rules, SALES_RULE_FIELDS)
    for name, value in values.items():
        setattr(rules, name, value)
    rules.save(update_fields=SALES_RULE_FIELDS)
    audit(by, "sales.rules.updated", rules, changes=diff(before, rules), company=by.company)
    return rules
