"""Error codes of the oversight app (stable: the API answers them)."""

from __future__ import annotations

from enum import StrEnum


class OversightCode(StrEnum):
    PERIOD_INVALID = "oversight.period_invalid"  # end before start, or longer than allowed
    DAY_IN_FUTURE = "oversight.day_in_future"  # a daily profile or a diary for a day to come
    PROFILE_NOT_VISITED = "oversight.profile_not_visited"  # no home visit that day
    PROFILE_NOT_REPS_CUSTOMER = "oversight.profile_not_reps_customer"  # another rep's customer
    PROFILE_ALREADY_TAKEN = "oversight.profile_already_taken"  # one per rep per day
    DIARY_STALE = "oversight.diary_stale"  # edited meanwhile by another tab
    DIARY_NOT_STAFF = "oversight.diary_not_staff"  # talks only with the team's staff
