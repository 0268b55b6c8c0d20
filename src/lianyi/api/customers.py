"""Customers: search within scope, register, detail, health notes, consent, reassignment."""

from __future__ import annotations

from typing import Annotated

from django.http import HttpRequest
from ninja import Query, Router, Status

# consent withdrawal also drops the after-sales tasks (the journey cannot reach aftercare)
from lianyi.aftercare.services.programme import withdraw_consent
from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.customers import (
    CustomerDetail,
    CustomerListItem,
    DetailsPatchIn,
    HealthNoteOut,
    ReassignIn,
    RegistrationIn,
    StandOut,
    VipProfileIn,
    VipProfileOut,
    profile_change,
)
from lianyi.api.security import current_user
from lianyi.core.errors import NotFound
from lianyi.core.fields import Id, TextLimit
from lianyi.customers.details import DetailsChange, update_customer_details
from lianyi.customers.profiles import update_vip_profile
from lianyi.customers.selectors import (
    SEARCH_LIMIT,
    get_customer,
    search_customers,
    stands_for,
    vip_profile_for,
)
from lianyi.customers.services import Registration, read_health_notes, reassign_customer
from lianyi.journey.services import register_customer
from lianyi.org.capabilities import Capability, require_capability

router = Router(tags=["customers"])


@router.get("/customers", response={200: list[CustomerListItem], **ERRORS})
def list_customers(
    request: HttpRequest,
    q: Annotated[str, TextLimit(100)] = "",
    limit: int = Query(SEARCH_LIMIT, ge=1, le=200),
) -> list:
    return list(search_customers(user=current_user(request), query=q, limit=limit))


@router.get("/stands", response={200: list[StandOut], **ERRORS})
def open_stands(request: HttpRequest) -> list:
    """The stands a registration may name: the open ones of the user's company."""
    user = current_user(request)
    require_capability(user, Capability.CUSTOMERS_REGISTER)
    return list(stands_for(user=user).order_by("-held_on", "-id"))


@router.post("/customers", response={201: CustomerDetail, **ERRORS})
def register(request: HttpRequest, payload: RegistrationIn) -> Status:
    customer = register_customer(
        by=current_user(request), data=Registration(**payload.model_dump())
    )
    return Status(201, customer)


@router.get("/customers/{customer_id}", response={200: CustomerDetail, **ERRORS})
def customer_detail(request: HttpRequest, customer_id: Id) -> object:
    return get_customer(user=current_user(request), customer_id=customer_id)


@router.patch("/customers/{customer_id}", response={200: CustomerDetail, **ERRORS})
def edit_details(request: HttpRequest, customer_id: Id, payload: DetailsPatchIn) -> object:
    """Correct a customer's details; only the fields sent change (``birth_year: null`` clears
    it). A number another customer holds answers 409 ``customers.duplicate_mobile`` (a claim
    is opened) or ``customers.already_yours``."""
    sent = payload.model_dump(exclude_unset=True)
    values = {k: ("" if v is None and k != "birth_year" else v) for k, v in sent.items()}
    return update_customer_details(
        by=current_user(request), customer_id=customer_id, change=DetailsChange.of(values)
    )


@router.get("/customers/{customer_id}/vip-profile", response={200: VipProfileOut, **ERRORS})
def vip_profile(request: HttpRequest, customer_id: Id) -> object:
    """The VIP profile (贵宾档案); 404 ``not_found`` while none was filled in."""
    profile = vip_profile_for(
        customer=get_customer(user=current_user(request), customer_id=customer_id)
    )
    if profile is None:
        raise NotFound()
    return profile


@router.patch("/customers/{customer_id}/vip-profile", response={200: VipProfileOut, **ERRORS})
def edit_vip_profile(request: HttpRequest, customer_id: Id, payload: VipProfileIn) -> object:
    """Create or update the VIP profile; only the fields sent change."""
    user = current_user(request)
    profile = update_vip_profile(by=user, customer_id=customer_id, change=profile_change(payload))
    if profile is None:  # nothing sent to a customer without a profile: nothing was kept
        raise NotFound()
    return profile


@router.get("/customers/{customer_id}/health-notes", response={200: list[HealthNoteOut], **ERRORS})
def health_notes(request: HttpRequest, customer_id: Id) -> list:
    return read_health_notes(by=current_user(request), customer_id=customer_id)


@router.post("/customers/{customer_id}/withdraw-consent", response={200: CustomerDetail, **ERRORS})
def withdraw(request: HttpRequest, customer_id: Id) -> object:
    return withdraw_consent(by=current_user(request), customer_id=customer_id)


@router.post("/customers/{customer_id}/reassign", response={200: CustomerDetail, **ERRORS})
def reassign(request: HttpRequest, customer_id: Id, payload: ReassignIn) -> object:
    return reassign_customer(
        by=current_user(request),
        customer_id=customer_id,
        to_user_id=payload.to_user_id,
        reason=payload.reason,
    )
