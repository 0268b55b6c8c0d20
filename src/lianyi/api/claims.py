"""撞单: the claims a supervisor is concerned with, and resolving them (keep or transfer)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router

from lianyi.api.schemas.claims import ClaimOut, ResolveIn
from lianyi.api.schemas.common import ERRORS
from lianyi.api.security import current_user
from lianyi.core.fields import Id
from lianyi.customers.selectors import visible_claims
from lianyi.customers.services import resolve_claim

router = Router(tags=["claims"])


@router.get("/claims", response={200: list[ClaimOut], **ERRORS})
def list_claims(request: HttpRequest, open_only: bool = True) -> list:
    return list(visible_claims(user=current_user(request), open_only=open_only))


@router.post("/claims/{claim_id}/resolve", response={200: ClaimOut, **ERRORS})
def resolve(request: HttpRequest, claim_id: Id, payload: ResolveIn) -> object:
    return resolve_claim(
        by=current_user(request), claim_id=claim_id, transfer=payload.transfer, note=payload.note
    )
