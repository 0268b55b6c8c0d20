"""Correcting a customer's details (name, sex, birth year, phones, address, companion) after
registration: by the owner and by those who manage them, through the scoping door, with the
duplicate rules of registration and an audit entry of what changed (nothing when nothing did)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import Enum
from typing import Any, Final

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.errors import CoreCode, DomainError
from lianyi.core.validation import clean_text, require_text
from lianyi.customers.codes import CustomerCode
from lianyi.customers.models import Customer, PlaceKind, Sex
from lianyi.customers.names import pinyin_keys
from lianyi.customers.phones import Phone, parse_phone
from lianyi.customers.selectors import get_customer
from lianyi.customers.services import (
    _holder_of,
    _place,
    _refuse_duplicate,
    _validate_birth_year,
    lock_customer,
)
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User


class Keep(Enum):
    """A field left out of the change (an API PATCH names only what it changes)."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP

# What the audit entry compares; compound and work unit by their names, not their ids.
AUDITED = [
    "name",
    "sex",
    "birth_year",
    "mobile",
    "landline",
    "district",
    "building",
    "companion_name",
    "companion_sex",
]


@dataclass
class DetailsChange:
    """The details to change, as typed; ``KEEP`` leaves one as it is. Empty text clears it."""

    name: str | Keep = KEEP
    sex: str | Keep = KEEP
    birth_year: int | Keep | None = KEEP
    mobile: str | Keep = KEEP
    landline: str | Keep = KEEP
    district: str | Keep = KEEP
    compound: str | Keep = KEEP
    work_unit: str | Keep = KEEP
    building: str | Keep = KEEP
    companion_name: str | Keep = KEEP
    companion_sex: str | Keep = KEEP

    @classmethod
    def of(cls, values: dict[str, Any]) -> DetailsChange:
        """From a mapping that holds only the fields to change (unknown keys are ignored)."""
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in values.items() if k in names})


def _phone(value: str, *, field: str, mobile: bool) -> Phone | None:
    if not value.strip():
        return None
    phone = parse_phone(value, field=field)
    if phone.is_mobile != mobile:
        message = _("请填写手机号（11 位）。") if mobile else _("请填写座机号（带区号）。")
        raise DomainError(message, code=CustomerCode.MOBILE_INVALID, extra={"field": field})
    return phone


def _place_name(place: Any) -> str:
    return place.name if place is not None else ""


@transaction.atomic
def _apply(by: User, customer_id: int, change: DetailsChange) -> Customer | Phone:
    """The change under the customer's row lock; returns the phone another customer holds
    instead of writing, so that the caller refuses it outside this transaction (the claim it
    opens must outlive the refusal)."""
    customer = lock_customer(get_customer(user=by, customer_id=customer_id).pk)
    before = snapshot(customer, AUDITED)
    places_before = {
        "compound": _place_name(customer.compound),
        "work_unit": _place_name(customer.work_unit),
    }
    if not isinstance(change.name, Keep):
        customer.name = require_text(change.name, field="name", label=_("姓名"), max_length=50)
    if not isinstance(change.sex, Keep):
        if change.sex not in Sex.values:
            raise DomainError(_("请选择性别。"), code=CoreCode.REQUIRED, extra={"field": "sex"})
        customer.sex = change.sex
    if not isinstance(change.birth_year, Keep):
        customer.birth_year = _validate_birth_year(change.birth_year)
    new_phones: list[Phone] = []
    if not isinstance(change.mobile, Keep):
        mobile = _phone(change.mobile, field="mobile", mobile=True)
        customer.mobile = mobile.e164 if mobile else None
        customer.mobile_tail = mobile.tail if mobile else ""
        if mobile and mobile.e164 != before["mobile"]:
            new_phones.append(mobile)
    if not isinstance(change.landline, Keep):
        landline = _phone(change.landline, field="landline", mobile=False)
        customer.landline = landline.e164 if landline else ""
        if landline and landline.e164 != before["landline"]:
            new_phones.append(landline)
    if not customer.mobile and not customer.landline:
        raise DomainError(
            _("请填写手机号或座机号。"), code=CustomerCode.PHONE_REQUIRED, extra={"field": "mobile"}
        )
    if not customer.mobile and customer.landline:
        customer.mobile_tail = parse_phone(customer.landline).tail
    for text_field, label, length in (
        ("district", _("区"), 50),
        ("building", _("楼栋门牌"), 100),
        ("companion_name", _("同伴姓名"), 50),
    ):
        value = getattr(change, text_field)
        if not isinstance(value, Keep):
            setattr(
                customer,
                text_field,
                clean_text(value, field=text_field, label=label, max_length=length),
            )
    if not isinstance(change.companion_sex, Keep):
        if change.companion_sex not in ("", *Sex.values):
            raise DomainError(
                _("同伴性别只能是男或女。"),
                code=CoreCode.INVALID,
                extra={"field": "companion_sex"},
            )
        customer.companion_sex = change.companion_sex
    if not customer.companion_name:
        customer.companion_sex = ""
    if not isinstance(change.compound, Keep):
        customer.compound = _place(
            customer.company, PlaceKind.COMPOUND, customer.district, change.compound
        )
    if not isinstance(change.work_unit, Keep):
        customer.work_unit = _place(
            customer.company, PlaceKind.WORK_UNIT, customer.district, change.work_unit
        )
    for phone in new_phones:
        holder = _holder_of(customer.company, phone)
        if holder is not None and holder.pk != customer.pk:
            transaction.set_rollback(True)
            return phone
    changes = diff(before, customer)
    for name, old in places_before.items():
        new = _place_name(getattr(customer, name))
        if new != old:
            changes[name] = [old, new]
    if not changes:
        return customer  # nothing changed: no write, no audit entry
    update = [f for f in AUDITED if f in changes] + [
        f for f in ("compound", "work_unit") if f in changes
    ]
    if "name" in changes:
        customer.pinyin_full, customer.pinyin_initials = pinyin_keys(customer.name)
        update += ["pinyin_full", "pinyin_initials"]
    if "mobile" in changes or "landline" in changes:
        update.append("mobile_tail")
    if "companion_name" in changes and "companion_sex" not in update:
        update.append("companion_sex")
    customer.save(update_fields=update)
    audit(by, "customers.customer.details_changed", customer, changes=changes)
    return customer


def update_customer_details(*, by: User, customer_id: int, change: DetailsChange) -> Customer:
    """Correct the details of a customer ``by`` may see. A phone number another customer of the
    company holds is refused as registration refuses it (the owner's own customer is named; a
    clash with another rep's opens a claim) and nothing is written."""
    require_capability(by, Capability.CUSTOMERS_EDIT)
    result: Customer | Phone
    try:
        result = _apply(by, customer_id, change)
    except IntegrityError:
        # A registration or an edit of the same number won the race since the check.
        clash = _clashing_phone(by, customer_id, change)
        if clash is None:
            raise
        result = clash
    if isinstance(result, Customer):
        return result
    customer = get_customer(user=by, customer_id=customer_id)
    holder = _holder_of(customer.company, result)
    if holder is None:  # the other customer changed its number meanwhile: try again once
        retry = _apply(by, customer_id, change)
        if isinstance(retry, Customer):
            return retry
        holder = _holder_of(customer.company, retry)
        assert holder is not None
    try:
        _refuse_duplicate(
            by=by, existing=holder, submitted_name=customer.name, claimant=customer.owner
        )
    except DomainError as error:
        error.extra.setdefault("field", "mobile" if result.is_mobile else "landline")
        raise
    raise AssertionError("_refuse_duplicate always raises")  # pragma: no cover


def _clashing_phone(by: User, customer_id: int, change: DetailsChange) -> Phone | None:
    customer = get_customer(user=by, customer_id=customer_id)
    for value, mobile in ((change.mobile, True), (change.landline, False)):
        if isinstance(value, Keep) or not value.strip():
            continue
        phone = parse_phone(value)
        holder = _holder_of(customer.company, phone)
        if phone.is_mobile == mobile and holder is not None and holder.pk != customer.pk:
            return phone
    return None
