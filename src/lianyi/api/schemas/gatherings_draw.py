from __future__ import annotations

from typing import Any

from ninja import Schema

from lianyi.api.schemas.common import LocalDatetime


class PrizeIn(Schema):
    name: str
    value: str  # yuan, e.g. "299.00": a decimal string, never a float
    count: int


class DrawRulesIn(Schema):
    rules: str
    prizes: list[PrizeIn]


class PrizeOut(Schema):
    name: str
    value: str
    count: int


class EligibleOut(Schema):
    id: int
    label: str


class WinnerOut(Schema):
    prize: str
    id: int
    label: str


class DrawRunOut(Schema):
    round: int
    run_at: LocalDatetime
    eligible: list[EligibleOut]
    winners: list[WinnerOut]


class DrawOut(Schema):
    """What is published: never the seed before it is revealed."""

    gathering_id: int
    rules: str
    prizes: list[PrizeOut]
    locked_at: LocalDatetime | None
    seed_commitment: str
    seed: str | None
    revealed_at: LocalDatetime | None
    runs: list[DrawRunOut]

    @staticmethod
    def resolve_seed(obj: Any) -> str | None:
        return obj.seed if obj.revealed_at else None

    @staticmethod
    def resolve_runs(obj: Any) -> list[Any]:
        return list(obj.runs.order_by("round"))


class RoundCheckOut(Schema):
    round: int
    published: list[int]
    recomputed: list[int]
    matches: bool


class VerificationOut(Schema):
    draw: DrawOut
    revealed: bool
    commitment_matches: bool | None
    verified: bool
    rounds: list[RoundCheckOut]
