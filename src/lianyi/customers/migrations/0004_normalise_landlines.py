"""Stored landlines in their normal form (+86, area code, number), before they become unique per
company (the next migration adds the constraint).

Every non-empty landline is normalised the way ``customers.phones.parse_phone`` does it today
("021-6234 5678", "(021) 62345678", "+86 21 6234 5678" -> +862162345678); a value that does
not parse as a Chinese number is left as it is.

Where two or more customers of one company share a normalised landline, the first registered
(the lowest id) keeps it. The others' landline field is emptied so that the constraint can hold,
and nothing is lost: for each of them an audit entry ``customers.landline.set_aside`` records the
landline as it was stored, its normal form and the customer who kept it, so that an
administrator finds it in the audit log (and the supervisor can decide, as for a 撞单, whether
the two are one person). Their ``mobile_tail`` (the last four digits) is kept, so a search by
the last four digits still finds them. A customer who also has a mobile keeps the mobile.

Reversing leaves the normal forms (they are still valid numbers) and does not give the set-aside
landlines back; the audit entries still hold them.
"""

from __future__ import annotations

import re

import phonenumbers
from django.db import migrations

_SEPARATORS = re.compile(r"[\s\-()（）.·]")


def _normal(raw: str) -> str:
    text = _SEPARATORS.sub("", raw or "")
    if text.startswith("00"):
        text = "+" + text[2:]
    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_valid_number(number) or number.country_code != 86:
        return raw
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_landlines(apps, schema_editor) -> None:
    Customer = apps.get_model("customers", "Customer")
    AuditEntry = apps.get_model("core", "AuditEntry")
    keeper: dict[tuple[int, str], int] = {}
    rows = (
        Customer.objects.exclude(landline="")
        .order_by("company_id", "id")
        .values_list("id", "company_id", "landline", "name")
    )
    for pk, company_id, stored, name in rows.iterator():
        normal = _normal(stored)
        kept_by = keeper.setdefault((company_id, normal), pk)
        if kept_by == pk:
            if normal != stored:
                Customer.objects.filter(pk=pk).update(landline=normal)
            continue
        Customer.objects.filter(pk=pk).update(landline="")
        AuditEntry.objects.create(
            company_id=company_id,
            actor=None,
            action="customers.landline.set_aside",
            object_type="customers.customer",
            object_id=str(pk),
            object_repr=name[:200],
            changes={"landline": [stored, ""]},
            data={"landline": normal, "kept_by_customer": kept_by},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_initial"),
        ("customers", "0003_customer_pinyin_prefix_indexes"),
    ]

    operations = [migrations.RunPython(normalise_landlines, migrations.RunPython.noop)]
