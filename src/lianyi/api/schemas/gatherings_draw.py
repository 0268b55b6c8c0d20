from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from ninja import Schema
from pydantic import Field

from lianyi.api.schemas.common import LocalDatetime
from lianyi.core.fields import MoneyLimit, PositiveSmallInt, TextLimit
from lianyi.gatherings.services.draw import MAX_PRIZES, MAX_RULES_LENGTH


class PrizeIn(Schema):
    name: Annotated[str, TextLimit(100)]
    # yuan, e.g. "299.00": at most two decimals, refused (never rounded) beyond
    value: Annotated[Decimal, MoneyLimit()]
    count: PositiveSmallInt


class DrawRulesIn(Schema):
    rules: Annotated[str, TextLimit(MAX_RULES_LENGTH)]
    prizes: Annotated[list[PrizeIn], Field(max_length=MAX_PRIZES)]


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
