"""Who am I, and API tokens (created from a logged-in session; the key is shown once)."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Status

from lianyi.api.schemas.auth import IssuedTokenOut, MeOut, TokenIn, TokenOut
from lianyi.api.schemas.common import ErrorOut
from lianyi.api.security import current_user, session_auth
from lianyi.core.fields import Id
from lianyi.org.capabilities import ROLE_CAPABILITIES
from lianyi.org.models import Role
from lianyi.org.selectors import tokens_of
from lianyi.org.services import issue_api_token, revoke_api_token

router = Router(tags=["auth"])


@router.get("/me", response={200: MeOut, 401: ErrorOut})
def me(request: HttpRequest) -> dict:
    user = current_user(request)
    return {
        "id": user.pk,
        "username": user.username,
        "name": str(user),
        "role": user.role,
        "role_label": str(Role(user.role).label),
        "company_id": user.company_id,
        "department_id": user.department_id,
        "team_id": user.team_id,
        "capabilities": sorted(ROLE_CAPABILITIES.get(user.role, frozenset())),
    }


@router.post(
    "/auth/tokens",
    auth=[session_auth],
    response={201: IssuedTokenOut, 401: ErrorOut, 403: ErrorOut, 422: ErrorOut},
)
def create_token(request: HttpRequest, payload: TokenIn) -> Status:
    token, key = issue_api_token(by=current_user(request), name=payload.name)
    return Status(
        201,
        {
            "id": token.pk,
            "name": token.name,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
            "key": key,
        },
    )


@router.get("/auth/tokens", response={200: list[TokenOut], 401: ErrorOut})
def list_tokens(request: HttpRequest) -> list:
    return list(tokens_of(user=current_user(request)))


@router.delete("/auth/tokens/{token_id}", response={204: None, 401: ErrorOut, 404: ErrorOut})
def delete_token(request: HttpRequest, token_id: Id) -> Status:
    revoke_api_token(by=current_user(request), token_id=token_id)
    return Status(204, None)
