"""Reads of customers. Everything goes through :func:`visible_customers`: the one scoping door."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.core.lookup import get_by_id
from lianyi.customers.models import Claim, ClaimState, Customer, Place, Stand, VipProfile
from lianyi.customers.phones import parse_phone
from lianyi.org.capabilities import Capability, has_capability, require_capability
from lianyi.org.scoping import NOTHING, company_scope, owner_scope, supervises

SEARCH_LIMIT = 50
_DIGITS = re.compile(r"^[\d\s\-+()（）]+$")
_LATIN = re.compile(r"^[A-Za-z\s]+$")


def visible_customers(*, user: Any) -> QuerySet[Customer]:
    return Customer.objects.filter(owner_scope(user)).select_related(
        "owner", "compound", "work_unit"
    )


def get_customer(*, user: Any, customer_id: Any) -> Customer:
    """The customer if ``user`` may see it; a missing and a forbidden id raise the same NotFound."""
    return get_by_id(visible_customers(user=user), customer_id)


def vip_profile_for(*, customer: Customer) -> VipProfile | None:
    """The customer's VIP profile (贵宾档案), if one was filled in; the caller has the customer
    through the scoping door already."""
    return VipProfile.objects.filter(customer=customer).select_related("updated_by").first()


def search_customers(*, user: Any, query: str, limit: int = SEARCH_LIMIT) -> QuerySet[Customer]:
    """By name (part of it), pinyin (full "zhangguilan" or initials "zgl") or mobile (whole,
    or the last 4 digits), within the user's scope."""
    text = (query or "").strip()
    base = visible_customers(user=user)
    if not text:
        return base.order_by("-created_at", "-id")[:limit]
    if _DIGITS.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) == 4:
            condition = Q(mobile_tail=digits)
        else:
            try:
                phone = parse_phone(text)
            except DomainError:
                condition = NOTHING
            else:
                condition = Q(mobile=phone.e164) | Q(landline=phone.e164)
    elif _LATIN.match(text):
        key = re.sub(r"\s", "", text).lower()
        condition = Q(pinyin_initials__startswith=key) | Q(pinyin_full__startswith=key)
    else:
        condition = Q(name__contains=text)
    return base.filter(condition).order_by("name", "id")[:limit]


def stands_for(*, user: Any) -> QuerySet[Stand]:
    """The stands a registration may name: the open stands of the user's company."""
    return Stand.objects.filter(company_scope(user), is_open=True)


def company_stands(*, user: Any) -> QuerySet[Stand]:
    """Every stand of the company, open or closed, newest first (administration)."""
    require_capability(user, Capability.COMPANY_CONFIGURE)
    return Stand.objects.filter(company_scope(user)).order_by("-held_on", "-id")


def get_stand(*, user: Any, stand_id: Any) -> Stand:
    return get_by_id(company_stands(user=user), stand_id)


def company_places(
    *, user: Any, kind: str = "", district: str = "", query: str = ""
) -> QuerySet[Place]:
    """The company's compounds and work units, by district and name, with their customers
    counted (administration)."""
    require_capability(user, Capability.COMPANY_CONFIGURE)
    qs = Place.objects.filter(company_scope(user)).annotate(
        customer_count=Count("residents", distinct=True) + Count("staff", distinct=True)
    )
    if kind:
        qs = qs.filter(kind=kind)
    if district:
        qs = qs.filter(district=district)
    if query:
        qs = qs.filter(name__contains=query)
    return qs.order_by("district", "name", "id")


def place_districts(*, user: Any) -> list[str]:
    require_capability(user, Capability.COMPANY_CONFIGURE)
    rows = Place.objects.filter(company_scope(user)).values_list("district", flat=True)
    return list(rows.distinct().order_by("district"))


def get_place(*, user: Any, place_id: Any) -> Place:
    return get_by_id(company_places(user=user), place_id)


def place_customer_count(*, place: Place) -> int:
    """How many customers live in (or work at) ``place``: what a merge moves."""
    return Customer.objects.filter(Q(compound=place) | Q(work_unit=place)).count()


def visible_claims(*, user: Any, open_only: bool = True) -> QuerySet[Claim]:
    """Claims a supervisor (or manager, admin) is concerned with: the owner's or the claimant's
    side falls in their scope."""
    scope = owner_scope(user, prefix="customer__") | owner_scope(user, owner_field="claimant")
    qs = Claim.objects.filter(scope).select_related(
        "customer__company", "claimant__team", "owner_at_claim__team"
    )
    if open_only:
        qs = qs.filter(state=ClaimState.OPEN)
    return qs.order_by("-created_at", "-id")


def protection_ends_at(customer: Customer) -> datetime:
    """When the owner's protection period ends: ``protection_days`` after the last contact (or
    the registration, for a customer never contacted)."""
    since = customer.last_contact_at or customer.created_at
    return since + timedelta(days=customer.company.protection_days)


@dataclass(frozen=True)
class ClaimCard:
    """A claim as the supervisor decides it: when the owner's protection ends (a transfer
    waits for it) and whether the supervisor may open the customer's page."""

    claim: Claim
    protection_ends_at: datetime
    protected: bool
    customer_visible: bool


def claim_cards(*, user: Any, open_only: bool = True) -> list[ClaimCard]:
    claims = list(visible_claims(user=user, open_only=open_only))
    visible = set(
        visible_customers(user=user)
        .filter(pk__in=[c.customer_id for c in claims])
        .values_list("pk", flat=True)
    )
    at = now()
    cards = []
    for claim in claims:
        ends = protection_ends_at(claim.customer)
        cards.append(
            ClaimCard(
                claim=claim,
                protection_ends_at=ends,
                protected=at < ends and claim.customer.owner_id != claim.claimant_id,
                customer_visible=claim.customer_id in visible,
            )
        )
    return cards


def may_read_health_notes(*, user: Any, customer: Customer) -> bool:
    """Only the owner and the owner's team supervisor. Managers pass ``supervises`` for their
    department but lack the capability."""
    return has_capability(user, Capability.HEALTH_NOTES_READ) and (
        user.pk == customer.owner_id or supervises(user, customer.owner)
    )


def customers_owned_by(*, user: Any, owner_id: int) -> QuerySet[Customer]:
    """The customers of one owner that ``user`` may see (a handover list), by name."""
    return visible_customers(user=user).filter(owner_id=owner_id).order_by("name", "pk")
