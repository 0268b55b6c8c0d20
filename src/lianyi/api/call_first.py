"""重点客户: who to call back first, the user's existing customers ranked by the score, with its
reasons (``aftercare.call_first``), a page at a time."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest
from ninja import Query, Router, Schema

from lianyi.aftercare.call_first import ranked, ranked_customers
from lianyi.api.schemas.common import ERRORS, LocalDatetime
from lianyi.api.security import current_user
from lianyi.core.clock import now
from lianyi.org.capabilities import Capability, require_capability

router = Router(tags=["aftercare"])
PAGE_SIZE = 50


class ReasonOut(Schema):
    code: str
    points: int
    label: str


class RankedCustomerOut(Schema):
    customer_id: int
    name: str
    owner_id: int
    owner: str
    score: int
    reasons: list[ReasonOut]
    last_bought_at: LocalDatetime | None
    spent: Decimal


class CallFirstOut(Schema):
    total: int
    page: int
    num_pages: int
    customers: list[RankedCustomerOut]
    scored_at: datetime


@router.get("/call-first", response={200: CallFirstOut, **ERRORS})
def call_first(request: HttpRequest, page: int = Query(1, ge=1, le=1_000_000)) -> dict[str, Any]:
    user = current_user(request)
    require_capability(user, Capability.AFTERCARE_RECORD)
    at = now()
    found = Paginator(ranked_customers(user=user, at=at), PAGE_SIZE).get_page(page)
    return {
        "total": found.paginator.count,
        "page": found.number,
        "num_pages": found.paginator.num_pages,
        "scored_at": at,
        "customers": [
            {
                "customer_id": row.customer.pk,
                "name": row.customer.name,
                "owner_id": row.customer.owner_id,
                "owner": str(row.customer.owner),
                "score": row.score,
                "reasons": row.reasons,
                "last_bought_at": row.last_bought_at,
                "spent": row.spent,
            }
            for row in map(ranked, found.object_list)
        ],
    }
