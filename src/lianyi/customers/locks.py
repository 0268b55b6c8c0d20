"""Row locks of the customers app, each a named helper (as Saleor's ``lock_objects.py``): a
service that decides on a row's current state takes the row through one of these first.

The order, the same in every app so that two writers wait for each other instead of
deadlocking: the customer first, then what belongs to it in another app (an invitation, an
order; see ``gatherings.locks``), then stock. Inside this app: places before the customers that
live or work there (a merge), a claim before its customer (resolving it)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from lianyi.core.lookup import get_by_id
from lianyi.customers.models import Claim, Customer, Place, Stand
from lianyi.customers.selectors import visible_customers
from lianyi.org.scoping import of_company


def lock_customer(customer_id: int) -> Customer:
    """The customer row, locked until the transaction ends, with its company (read, not
    locked: a bare FOR UPDATE would lock the joined company row too and make every write of
    the company wait for every other). Call before any decision on the customer."""
    return (
        Customer.objects.select_for_update(of=("self",))
        .select_related("company")
        .get(pk=customer_id)
    )


def lock_visible_customer(*, user: Any, customer_id: Any) -> Customer:
    """:func:`lock_customer` of a customer ``user`` may see, in one statement through the
    scoping door; a missing and a forbidden id raise the same NotFound."""
    rows = (
        visible_customers(user=user)
        .select_related(None)
        .select_related("company")
        .select_for_update(of=("self",))
    )
    return get_by_id(rows, customer_id)


def lock_customers_of_place(place_id: int) -> list[int]:
    """The ids of the customers who live in or work at the place, locked in id order."""
    return list(
        Customer.objects.select_for_update()
        .filter(Q(compound_id=place_id) | Q(work_unit_id=place_id))
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def lock_places(*ids: int) -> dict[int, Place]:
    """The place rows, locked in id order (the same order everywhere, so two merges of the
    same pair cannot deadlock)."""
    rows = Place.objects.select_for_update().filter(pk__in=sorted(ids)).order_by("pk")
    return {p.pk: p for p in rows}


def lock_place_named(*, company_id: int, kind: str, district: str, name: str) -> Place | None:
    """The company's place of that kind, district and name, if it exists, locked with NO KEY
    UPDATE (against a merge's lock): a spelling being merged away is waited for and, once gone,
    made afresh, instead of a customer reaching its commit with a place deleted meanwhile. NO
    KEY leaves other registrations free to name it at the same time."""
    return (
        Place.objects.select_for_update(no_key=True)
        .filter(of_company(company_id), kind=kind, district=district, name=name)
        .first()
    )


def lock_claim(claim_id: int) -> Claim:
    return Claim.objects.select_for_update().get(pk=claim_id)


def lock_stand(stand_id: int) -> Stand:
    return Stand.objects.select_for_update().get(pk=stand_id)
