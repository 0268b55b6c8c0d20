"""Reads of the lucky draw: the organiser's view and the public verification.

The public page is reached by the draw's commitment (64 hex characters, published when the
rules are locked): unguessable before then, and it shows only what is published anyway (the
rules, the prizes, the commitment, the masked eligible lists, the winners, the seed once
revealed)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from lianyi.core.errors import NotFound
from lianyi.gatherings.draw_procedure import commitment_of, compute_winners
from lianyi.gatherings.models import Draw, DrawRun, Gathering
from lianyi.gatherings.selectors.planning import get_gathering
from lianyi.org.capabilities import Capability, require_capability

COMMITMENT = re.compile(r"^[0-9a-f]{64}$")


@dataclass
class DrawState:
    gathering: Gathering
    draw: Draw | None
    runs: list[DrawRun] = field(default_factory=list)

    @property
    def locked(self) -> bool:
        return self.draw is not None and self.draw.locked_at is not None

    @property
    def next_round(self) -> int | None:
        """The round to run next, or None when every prize has been drawn."""
        if self.draw is None:
            return None
        following = len(self.runs) + 1
        return following if following <= len(self.draw.prizes) else None


def draw_state(*, user: Any, gathering_id: Any) -> DrawState:
    """The organiser's view of a gathering's draw (capability GATHERINGS_DRAW)."""
    require_capability(user, Capability.GATHERINGS_DRAW)
    gathering = get_gathering(user=user, gathering_id=gathering_id)
    draw = Draw.objects.filter(gathering=gathering).select_related("locked_by").first()
    runs = list(draw.runs.select_related("run_by").order_by("round")) if draw else []
    return DrawState(gathering=gathering, draw=draw, runs=runs)


def public_draw(*, commitment: str) -> tuple[Draw, list[DrawRun]]:
    """A locked draw by its published commitment, for anyone (no login)."""
    value = (commitment or "").lower()
    if not COMMITMENT.match(value):
        raise NotFound()
    draw = (
        Draw.objects.filter(seed_commitment=value, locked_at__isnull=False)
        .select_related("gathering")
        .first()
    )
    if draw is None:
        raise NotFound()
    return draw, list(draw.runs.order_by("round"))


@dataclass(frozen=True)
class RoundCheck:
    round: int
    prize: str
    count: int
    eligible_ids: list[int]
    published: list[int]
    recomputed: list[int]

    @property
    def matches(self) -> bool:
        return self.published == self.recomputed and self.eligible_ids == sorted(self.eligible_ids)


@dataclass(frozen=True)
class Verification:
    revealed: bool
    commitment_matches: bool | None  # None until the seed is revealed
    rounds: list[RoundCheck]

    @property
    def verified(self) -> bool:
        return bool(self.commitment_matches) and all(r.matches for r in self.rounds)


def verify_draw(draw: Draw, runs: list[DrawRun]) -> Verification:
    """Recompute every published round from the revealed seed with the public procedure."""
    if draw.revealed_at is None or not draw.seed:
        return Verification(revealed=False, commitment_matches=None, rounds=[])
    checks = []
    for run in runs:
        prize = draw.prizes[run.round - 1] if 0 < run.round <= len(draw.prizes) else {}
        eligible = [int(e["id"]) for e in run.eligible]
        count = int(prize.get("count", 0))
        checks.append(
            RoundCheck(
                round=run.round,
                prize=str(prize.get("name", "")),
                count=count,
                eligible_ids=eligible,
                published=[int(w["id"]) for w in run.winners],
                recomputed=compute_winners(draw.seed, eligible, count, run.round),
            )
        )
    return Verification(
        revealed=True,
        commitment_matches=commitment_of(draw.seed) == draw.seed_commitment,
        rounds=checks,
    )
