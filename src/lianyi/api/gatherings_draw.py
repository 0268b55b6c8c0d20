"""The lucky draw: publish rules and prizes, lock (commit to the seed's SHA-256), run each round
once, reveal the seed (GATHERINGS_DRAW); and the public verification, without authentication,
by the published commitment. Refusals: 409 ``gatherings.draw_locked``/``draw_round_done``/
``draw_revealed``, 400 ``gatherings.draw_not_locked``/``draw_no_eligible``/
``draw_prize_over_cap``/..."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import HttpRequest
from ninja import Router, Status

from lianyi.api.schemas.common import ERRORS
from lianyi.api.schemas.gatherings_draw import DrawOut, DrawRulesIn, DrawRunOut, VerificationOut
from lianyi.api.security import current_user
from lianyi.core.errors import NotFound
from lianyi.core.fields import Id, PositiveSmallInt, TextLimit
from lianyi.gatherings.selectors.draw import draw_state, public_draw, verify_draw
from lianyi.gatherings.services.draw import (
    Prize,
    lock_draw,
    publish_draw_rules,
    reveal_seed,
    run_draw_round,
)

router = Router(tags=["draw"])


@router.get("/gatherings/{gathering_id}/draw", response={200: DrawOut, **ERRORS})
def draw(request: HttpRequest, gathering_id: Id) -> Any:
    state = draw_state(user=current_user(request), gathering_id=gathering_id)
    if state.draw is None:
        raise NotFound()
    return state.draw


@router.post("/gatherings/{gathering_id}/draw", response={200: DrawOut, **ERRORS})
def publish(request: HttpRequest, gathering_id: Id, payload: DrawRulesIn) -> Any:
    return publish_draw_rules(
        by=current_user(request),
        gathering_id=gathering_id,
        rules=payload.rules,
        prizes=[Prize(name=p.name, value=p.value, count=p.count) for p in payload.prizes],
    )


@router.post("/gatherings/{gathering_id}/draw/lock", response={200: DrawOut, **ERRORS})
def lock(request: HttpRequest, gathering_id: Id) -> Any:
    return lock_draw(by=current_user(request), gathering_id=gathering_id)


@router.post(
    "/gatherings/{gathering_id}/draw/rounds/{round_no}", response={201: DrawRunOut, **ERRORS}
)
def run(request: HttpRequest, gathering_id: Id, round_no: PositiveSmallInt) -> Any:
    return Status(
        201, run_draw_round(by=current_user(request), gathering_id=gathering_id, round_no=round_no)
    )


@router.post("/gatherings/{gathering_id}/draw/reveal", response={200: DrawOut, **ERRORS})
def reveal(request: HttpRequest, gathering_id: Id) -> Any:
    return reveal_seed(by=current_user(request), gathering_id=gathering_id)


@router.get("/draws/{commitment}", auth=None, response={200: VerificationOut, **ERRORS})
def verification(request: HttpRequest, commitment: Annotated[str, TextLimit(64)]) -> Any:
    """Public: anyone with the commitment recomputes the winners (no login)."""
    found, runs = public_draw(commitment=commitment)
    check = verify_draw(found, runs)
    return {
        "draw": found,
        "revealed": check.revealed,
        "commitment_matches": check.commitment_matches,
        "verified": check.verified,
        "rounds": [
            {
                "round": r.round,
                "published": r.published,
                "recomputed": r.recomputed,
                "matches": r.matches,
            }
            for r in check.rounds
        ],
    }
