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
from lianyi.customers.names import surname_of
from lianyi.gatherings.draw_procedure import commitment_of, compute_winners
from lianyi.gatherings.models import (
    CheckIn,
    CheckInList,
    Draw,
    DrawRun,
    Gathering,
    Invitation,
    InvitationState,
)
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

    def next_eligible(self) -> list[dict[str, object]]:
        """The list the next round would draw from right now, as it will be published: to
        compare with the people in the room before pressing the button."""
        if not self.locked or self.next_round is None or self.draw is None:
            return []
        if self.draw.revealed_at is not None:
            return []
        winners = {w["id"] for run in self.runs for w in run.winners}
        return [
            {"id": inv.pk, "label": public_label(inv)}
            for inv in eligible_invitations(self.gathering, excluding=winners)
        ]


def public_label(invitation: Invitation) -> str:
    """What the published list shows of a household: the surname, the rest masked, and the
    last four digits of the mobile ("张** 8000"); never the token that admits the guests."""
    name = (invitation.customer.name or "").strip()
    surname = surname_of(name) if name else ""
    masked = surname + "*" * max(len(name) - len(surname), 1)
    tail = invitation.customer.mobile_tail
    return f"{masked} {tail}" if tail else f"{masked} #{invitation.pk}"


def eligible_invitations(gathering: Gathering, *, excluding: set[int]) -> list[Invitation]:
    """Invitations checked in at the door (not revoked), minus earlier winners, by id."""
    door = CheckIn.objects.filter(gathering=gathering, list_kind=CheckInList.DOOR)
    return list(
        Invitation.objects.filter(gathering=gathering, pk__in=door.values("invitation_id"))
        .exclude(state=InvitationState.REVOKED)
        .exclude(pk__in=excluding)
        .select_related("customer")
        .order_by("pk")
    )


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
