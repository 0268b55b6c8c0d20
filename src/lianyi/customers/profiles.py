"""The VIP profile (贵宾档案表): filled in with the customer at the first visit (inside the
visit's transaction), updated at later visits and from the customer page. Only what the
relationship needs; nothing about illness, medicines, wealth or debts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lianyi.core.audit import audit, diff, snapshot
from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.core.validation import clean_text
from lianyi.customers.codes import CustomerCode
from lianyi.customers.details import KEEP, Keep
from lianyi.customers.models import ContactChannel, Customer, VipProfile
from lianyi.customers.selectors import get_customer
from lianyi.customers.services import lock_customer
from lianyi.org.capabilities import Capability, require_capability
from lianyi.org.models import User

MAX_FAMILY_MEMBERS = 4
FAMILY_NAME_LENGTH = 50
FAMILY_RELATION_LENGTH = 20
TEXTS = {
    "interests": (gettext_lazy("兴趣爱好"), 500),
    "contact_times": (gettext_lazy("方便联系的时间"), 200),
    "products_owned": (gettext_lazy("已有的产品及使用感受"), 500),
    "heard_from": (gettext_lazy("怎么知道我们公司"), 200),
}
PROFILE_FIELDS = [*TEXTS, "family_members", "contact_channel"]


@dataclass
class FamilyMember:
    name: str
    relation: str


@dataclass
class ProfileChange:
    """The profile as typed; ``KEEP`` leaves a field as it is, empty text clears it."""

    interests: str | Keep = KEEP
    family_members: list[FamilyMember] | Keep = KEEP
    contact_times: str | Keep = KEEP
    contact_channel: str | Keep = KEEP
    products_owned: str | Keep = KEEP
    heard_from: str | Keep = KEEP

    def has_content(self) -> bool:
        texts = (
            self.interests,
            self.contact_times,
            self.contact_channel,
            self.products_owned,
            self.heard_from,
        )
        family = [] if isinstance(self.family_members, Keep) else self.family_members
        return any(isinstance(t, str) and t.strip() for t in texts) or any(
            m.name.strip() or m.relation.strip() for m in family
        )


def _family(members: list[FamilyMember]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for index, member in enumerate(members):
        field = f"family_{index + 1}_name"
        name = clean_text(
            member.name, field=field, label=_("家人姓名"), max_length=FAMILY_NAME_LENGTH
        )
        relation = clean_text(
            member.relation,
            field=f"family_{index + 1}_relation",
            label=_("关系"),
            max_length=FAMILY_RELATION_LENGTH,
        )
        if not name and not relation:
            continue  # an empty row of the form
        if not name:
            raise DomainError(
                _("请填写这位家人的称呼或姓名。"),
                code=CustomerCode.PROFILE_FAMILY_INVALID,
                extra={"field": field},
            )
        rows.append({"name": name, "relation": relation})
    if len(rows) > MAX_FAMILY_MEMBERS:
        raise DomainError(
            _("最多记录 %(max)s 位家人。") % {"max": MAX_FAMILY_MEMBERS},
            code=CustomerCode.PROFILE_FAMILY_INVALID,
            extra={"field": "family_1_name"},
        )
    return rows


def apply_profile(
    *, by: User, customer: Customer, change: ProfileChange, at: datetime | None = None
) -> VipProfile | None:
    """Write the profile of a customer whose row the caller has locked (the first visit's and
    later visits' services, or :func:`update_vip_profile`). One audit entry with the old and new
    values of what changed; nothing is written when nothing changed."""
    if not customer.consent_contact:
        raise DomainError(
            _("客户已撤回同意，不能再记录贵宾档案。"), code=CustomerCode.NOT_CONTACTABLE
        )
    profile = VipProfile.objects.filter(customer=customer).first()
    is_new = profile is None
    if profile is None:
        if not change.has_content():
            return None  # nothing typed, nothing to keep
        profile = VipProfile(customer=customer)
    before = snapshot(profile, PROFILE_FIELDS)
    for name, (label, length) in TEXTS.items():
        value = getattr(change, name)
        if not isinstance(value, Keep):
            text = clean_text(value, field=name, label=str(label), max_length=length)
            setattr(profile, name, text)
    if not isinstance(change.contact_channel, Keep):
        if change.contact_channel not in ("", *ContactChannel.values):
            raise DomainError(
                _("请选择联系方式。"),
                code=CustomerCode.PROFILE_CHANNEL_INVALID,
                extra={"field": "contact_channel"},
            )
        profile.contact_channel = change.contact_channel
    if not isinstance(change.family_members, Keep):
        profile.family_members = _family(change.family_members)
    changes = diff(before, profile)
    if not changes:
        return profile
    profile.updated_by = by
    profile.updated_at = at or now()
    profile.save()
    audit(
        by,
        "customers.vip_profile.created" if is_new else "customers.vip_profile.updated",
        profile,
        company=customer.company,
        changes=changes,
        data={"customer": customer.pk},
    )
    return profile


@transaction.atomic
def update_vip_profile(*, by: User, customer_id: int, change: ProfileChange) -> VipProfile | None:
    """From the customer page or the API: whoever may record the customer's visits."""
    require_capability(by, Capability.JOURNEY_RECORD)
    customer = lock_customer(get_customer(user=by, customer_id=customer_id).pk)
    return apply_profile(by=by, customer=customer, change=change)


def family_of(values: Any) -> list[FamilyMember]:
    """``[{"name", "relation"}, ...]`` as typed (the API's and the form's rows)."""
    return [
        FamilyMember(name=str(row.get("name") or ""), relation=str(row.get("relation") or ""))
        for row in values
    ]
