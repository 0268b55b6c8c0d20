"""Reads of customers. Everything goes through :func:`visible_customers`: the one scoping door."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from lianyi.core.clock import now
from lianyi.core.errors import DomainError
from lianyi.core.lookup import get_by_id
from lianyi.customers.models import Claim, ClaimState, Customer, Place, PlaceKind, Stand, VipProfile
from lianyi.customers.phones import parse_phone
from lianyi.org.capabilities import Capability, has_capability, require_capability
from lianyi.org.scoping import NOTHING, company_scope, owner_scope, supervises

SEARCH_LIMIT = 50
MIN_PHONE_DIGITS = 4
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
    """The first ``limit`` customers of :func:`customer_list` for ``query`` (the API, the
    referrer picker)."""
    return customer_list(user=user, query=query)[:limit]


@dataclass(frozen=True)
class CustomerFilters:
    """What the customer list is narrowed to besides the search text; ``None``/"" is any."""

    step: int | None = None
    overdue: bool = False
    owner_id: int | None = None
    compound_id: int | None = None
    source: str = ""


def customer_list(
    *, user: Any, query: str = "", filters: CustomerFilters | None = None
) -> QuerySet[Customer]:
    """The user's customers matching ``query`` and ``filters``, unsliced, for a pager: the newest
    first without a query or for a phone number, by name for a name.

    The query is a name (part of it), pinyin (full "zhangguilan" or initials "zgl") or a phone
    number as it is typed or displayed: a whole number in any format, or any run of at least 4 of
    its digits ("9490", "159 9490", "1599490"; spaces and dashes are ignored)."""
    text = (query or "").strip()
    qs = visible_customers(user=user)
    f = filters or CustomerFilters()
    if f.step is not None:
        qs = qs.filter(step=f.step)
    if f.overdue:
        qs = qs.filter(next_due_until__lt=now())
    if f.owner_id is not None:
        qs = qs.filter(owner_id=f.owner_id)
    if f.compound_id is not None:
        qs = qs.filter(compound_id=f.compound_id)
    if f.source:
        qs = qs.filter(source=f.source)
    if not text:
        return qs.order_by("-created_at", "-id")
    if _DIGITS.match(text):
        # Newest first, not by name: under a prepared statement's generic plan (server-side
        # binding) PostgreSQL guesses 1% of the company matches a digit pattern and, to keep
        # the name order, walks the whole company's name index (about 1 s at 200,000
        # customers); no index gives this order, so it uses the trigram indexes (about 30 ms).
        return qs.filter(_search_condition(text)).order_by("-created_at", "-id")
    return qs.filter(_search_condition(text)).order_by("name", "id")


def _search_condition(text: str) -> Q:
    if _DIGITS.match(text):
        digits = re.sub(r"\D", "", text)
        if len(digits) < MIN_PHONE_DIGITS:
            return NOTHING
        # Stored numbers are E.164 (+8615991234567): a run of the digits as displayed is a
        # substring of it (a trigram index serves this on PostgreSQL; see migration 0008).
        condition = Q(mobile__contains=digits) | Q(landline__contains=digits)
        try:
            phone = parse_phone(text)
        except DomainError:
            return condition
        # A whole number typed with its trunk 0 or country prefix ("021-6234 5678",
        # "+86 159 ...") is not a substring of its E.164 form: match that form exactly.
        return condition | Q(mobile=phone.e164) | Q(landline=phone.e164)
    if _LATIN.match(text):
        key = re.sub(r"\s", "", text).lower()
        return Q(pinyin_initials__startswith=key) | Q(pinyin_full__startswith=key)
    return Q(name__contains=text)


def compound_choices(*, user: Any) -> QuerySet[Place]:
    """The company's compounds, by name: what the customer list filters by."""
    return Place.objects.filter(company_scope(user), kind=PlaceKind.COMPOUND).order_by("name", "id")


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


def claim_cards(
    *, user: Any, open_only: bool = True, claims: Sequence[Claim] | None = None
) -> list[ClaimCard]:
    """The cards of ``claims`` (one page of :func:`visible_claims`), or of every visible claim."""
    if claims is None:
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
