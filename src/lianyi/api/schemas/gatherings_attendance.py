from __future__ import annotations

from decimal import Decimal
from typing import Any

from ninja import Schema


class HouseholdRef(Schema):
    invitation_id: int
    customer_id: int
    customer_name: str


class TallyOut(Schema):
    label: str
    team: str
    attendees: int
    visited: int
    visited_and_came: int
    came_without_visits: list[HouseholdRef]
    visited_not_came: list[HouseholdRef]
    attendance_rate: Decimal | None  # percent, one place
    visited_share: Decimal | None

    @staticmethod
    def resolve_team(obj: Any) -> str:
        return str(obj.team_label)


class AttendanceOut(Schema):
    gathering_id: int
    reps: list[TallyOut]
    teams: list[TallyOut]
    total: TallyOut

    @staticmethod
    def resolve_gathering_id(obj: Any) -> int:
        return int(obj.gathering.pk)
